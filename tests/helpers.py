"""What several test modules need: the guides, Material's tabs, steps, a correct landing."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

# The guides, by protocol: addresses below an edition's home page.
GUIDES = {"imap": "outlook/imap/", "pop": "outlook/pop/"}


def checked_tabs(page: Page, labels: list[str]) -> list[str]:
    """The selected label of every tab set that has a tab labelled with one of `labels`."""
    return page.locator(".tabbed-set").evaluate_all("""(sets, labels) => sets
        .filter(set => [...set.querySelectorAll(':scope > .tabbed-labels > label')]
            .some(label => labels.includes(label.textContent.trim())))
        .map(set => {
            const input = set.querySelector(':scope > input:checked');
            return set.querySelector(`label[for="${input.id}"]`).textContent.trim();
        })""", labels)


def step(page: Page, step_id: str):
    """A step's extent, as the build marks it: its heading and all its content."""
    return page.locator(f'.pec-step-section[data-pec-step="{step_id}"]')


def step_ids(page: Page, level: str = "h2") -> list[str]:
    return page.locator(f"article {level}.pec-step").evaluate_all("hs => hs.map(h => h.id)")


def steps_without_result(page: Page) -> list[str]:
    """The steps that do not say what the reader should see: neither in the step's body nor,
    where the step is split into tabs (New/Classic Outlook, IMAP/POP), in every tab of one set."""
    return page.locator("article .pec-step-section").evaluate_all("""sections => sections.filter(s => {
        if (s.querySelector(':scope > .pec-step-body > .pec-result')) return false;
        const sets = [...s.querySelectorAll(':scope > .pec-step-body > .tabbed-set')];
        return !sets.some(set => [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')]
            .every(b => b.querySelector('.pec-result')));
    }).map(s => s.dataset.pecStep)""")


def assert_landed(page: Page, step_id: str):
    """The step is highlighted, focused, and wholly in view below the sticky header."""
    target = page.locator(f'[id="{step_id}"]')
    expect(target).to_have_class(re.compile(r"\bpec-step--target\b"))
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport(ratio=1)
    # Below the sticky header (measured in the page, in one go, as the layout settles).
    page.wait_for_function("""id => document.getElementById(id).getBoundingClientRect().top >=
        document.querySelector('.md-header').getBoundingClientRect().bottom - 1""",
                           arg=step_id, timeout=5000)
    # Material shows "Back to top" when the page scrolls up; landing must not look like
    # that, or the button covers the step. (Material hides it with the attribute and
    # fades it out, so the attribute is what tells.)
    expect(page.locator(".md-top")).to_have_attribute("hidden", "")
    # Where the table of contents is on screen, it names the step landed on, unless the
    # page ends too soon to bring the step to the top (then the contents mark the last).
    toc = page.locator(f'.md-sidebar--secondary a[href$="#{step_id}"]')
    at_bottom = page.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 1")
    if toc.count() and toc.is_visible() and not at_bottom:
        expect(toc).to_have_class(re.compile(r"\bmd-nav__link--active\b"))
