"""What several test modules need: the guides, Material's tabs, steps, a correct landing,
axe-core and the keyboard, the signals a page gives when it is ready."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from project import Words, outlook_label
from tools.site import ROOT, editions

# The guides, by protocol: addresses below an edition's home page.
GUIDES = {"imap": "outlook/imap/", "pop": "outlook/pop/"}
# A phone as the phone tests hold one: 390×844, with touch (new_context(**PHONE)).
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# axe-core, and the WCAG 2.2 AA rules it runs (with its best practices).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# No rule is switched off. An exception would need its reason written here.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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


def provider(providers: list[dict], provider_id: str) -> dict:
    """The provider of `providers` (data/providers.yml) with this id."""
    return next(p for p in providers if p["id"] == provider_id)


def label_text(words: Words, key: str) -> str:
    """An Outlook label's words as a page shows them, from the catalogue `words`."""
    return outlook_label(words, key)[0]


# A heading's own words, without its permalink and copy button.
OWN_TEXT = """h => [...h.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
    .map(n => n.textContent).join('').trim()"""


def own_text(heading: Locator) -> str:
    """A heading's own words, without its permalink and copy button."""
    return heading.evaluate(OWN_TEXT)


def violations(page: Page) -> list[str]:
    # Evaluated, not injected as a <script>: the page's Content Security Policy stays on.
    page.evaluate(AXE.read_text())
    result = page.evaluate("options => axe.run(document, options)", {"runOnly": TAGS})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]} — {v['help']}"
            for v in result["violations"]]


FOCUSED = """() => {
    const el = document.activeElement;
    // Material hides some radio inputs and draws their focus on the label beside them;
    // a tab's focus is drawn around its row of labels.
    const hidden = el.offsetWidth < 2 || getComputedStyle(el).opacity === '0';
    const tabs = el.matches('.tabbed-set > input') && el.parentElement.querySelector(':scope > .tabbed-labels');
    const shown = hidden ? (el.matches('.md-option') ? el.nextElementSibling : tabs || el.labels?.[0]) : el;
    const style = getComputedStyle(shown || el);
    const drawn = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        || style.boxShadow !== 'none';
    return { visible: (el.matches(':focus-visible') || el.matches('.focus-visible')) && drawn,
             id: el.id, cls: el.className, name: el.name || '', tag: el.tagName };
}"""


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, checking the focus is visible each time."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        assert focus["visible"], f"focus not visible on {focus}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


# The signals a page gives (overrides/assets/javascripts), to wait on instead of the clock.
# main.js measures each feature's mount, once per page shown (instant navigation keeps
# the document, so they add up), the step drawing last; features/step-drawing.js marks
# each step and the sources `.pec-drawn` as it draws them, unless the page is drawn whole.
SETTLED = """views => performance.getEntriesByName('pec-mount:mountStepDrawing').length >= views
    && (document.documentElement.classList.contains('pec-whole')
        || [...document.querySelectorAll('article :is(.pec-step-section, .pec-sources)')]
            .every(block => block.classList.contains('pec-drawn')))"""
FRAMES = """n => new Promise(resolve => {
    const next = (left) => left ? requestAnimationFrame(() => next(left - 1)) : resolve();
    next(n);
})"""


def frames(page: Page, count: int = 2) -> None:
    """Wait until the browser has drawn `count` frames: what changed before is on screen,
    and measured (layout shifts, positions)."""
    page.evaluate(FRAMES, count)


MOUNTED = "views => performance.getEntriesByName('pec-mount:mountStepDrawing').length >= views"


def mounted(page: Page, views: int = 1) -> None:
    """Wait until the page has mounted every feature for the `views`-th page shown, and
    drawn a frame since. Not the steps' drawing, which waits for the browser's idle time
    and is slow on a busy machine: use `settled` only when the drawn steps matter."""
    page.wait_for_function(MOUNTED, arg=views)
    frames(page)


def settled(page: Page, views: int = 1) -> None:
    """Wait until the page has mounted every feature for the `views`-th page shown in this
    document (1: the page opened; each instant navigation adds one), drawn every step,
    and drawn a frame since: nothing our scripts do on arrival is still to come."""
    page.wait_for_function(SETTLED, arg=views)
    frames(page)


# Material's instant navigation takes over a link only once it has read the edition's
# sitemap (its click handler takes the sitemap's latest value, so a click before it is a
# full page load). The fetch's timing entry is there once the response is in; the reading
# follows in the next tasks, which one more round trip to the page lets run.
INSTANT_READY = """() => {
    const base = JSON.parse(document.getElementById('__config').textContent).base;
    return performance.getEntriesByName(new URL('sitemap.xml', new URL(base, location.href)).href)
        .some(entry => entry.responseEnd > 0);
}"""


def instant_ready(page: Page) -> None:
    """Wait until Material's instant navigation follows the page's links."""
    page.wait_for_function(INSTANT_READY)
    page.evaluate("() => new Promise(resolve => setTimeout(resolve))")


# --- The built pages, read from disk -----------------------------------------------------
# For checks of what the build writes and no script changes (meta tags, script order,
# headings, links): read from the site folder, with no browser.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    """An element of a built page: its tag, attributes and children (elements and text)."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def iter(self):
        """This element and every element below it, in document order."""
        yield self
        for child in self.elements():
            yield from child.iter()

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """The elements below this one with this tag, class and attribute values (any
        value for True)."""
        return [node for node in self.iter() if node is not self
                and (tag is None or node.tag == tag) and (cls is None or node.has_class(cls))
                and all(node.attrs.get(name.replace("_", "-")) is not None if value is True
                        else node.attrs.get(name.replace("_", "-")) == value
                        for name, value in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def next_element(self) -> Node | None:
        siblings = self.parent.elements()
        index = next(i for i, node in enumerate(siblings) if node is self)
        return siblings[index + 1] if index + 1 < len(siblings) else None

    def text(self) -> str:
        """Every text below the element (textContent)."""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def own_text(self) -> str:
        """The element's own words, without those of its children (a heading without its
        permalink and copy button)."""
        return "".join(child for child in self.children if isinstance(child, str)).strip()


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value if value is not None else "" for name, value in attrs},
                    self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        # Up to the element it closes (an end tag without its start is ignored).
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def built_file(site_dir: Path, path: str) -> Path:
    """The file of a page address below an edition's home page ("" for the home page)."""
    return site_dir / path / "index.html"


def built_page(site_dir: Path, path: str) -> Node:
    """A built page, parsed: the document, whose one element is <html>."""
    tree = _Tree()
    tree.feed(built_file(site_dir, path).read_text(encoding="utf-8"))
    tree.close()
    return tree.root


def edition_of(file: str) -> str:
    """The edition whose build a project file breaks: a file of one edition (docs/it/,
    snippets/it/, strings/it.yml, mkdocs.it.yml) its own; a shared one (data/, templates/)
    the first edition's. A broken build of that edition alone fails as the whole build
    does, in half the work (`build_site(..., only=edition_of(file))`)."""
    first, *others = editions()
    return next((e.lang for e in others
                 if re.search(rf"(^|/){e.lang}(/|\.yml$)|\.{e.lang}\.yml$", file)), first.lang)
