"""Step links that support staff send: copying them, landing on them, the support page,
and the registry that keeps published links working."""

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tools.site import ROOT, build_site, copy_project, served_site
from tabs import checked_tabs

REGISTRY = yaml.safe_load((ROOT / "data" / "step-links.yml").read_text())["pages"]
REGISTERED = [(url, step) for url, entry in REGISTRY.items() for step in entry["steps"]]


def assert_landed(page: Page, step_id: str):
    """The step is highlighted, focused, and wholly in view below the sticky header."""
    target = page.locator(f'[id="{step_id}"]')
    expect(target).to_have_class(re.compile(r"\bpec-step--target\b"))
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport(ratio=1)
    header = page.locator(".md-header").bounding_box()
    box = target.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1, "the step is under the header"
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


@pytest.mark.parametrize("url, step", REGISTERED, ids=[f"{u}#{s}" for u, s in REGISTERED])
def test_every_registered_link_lands_on_its_step(page: Page, url, step):
    page.goto(f"/{url}#{step}")
    assert_landed(page, step)


@pytest.mark.parametrize("width", [1280, 390])
def test_link_lands_after_instant_navigation(page: Page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/support/")
    page.wait_for_load_state("networkidle")  # instant navigation is ready
    page.evaluate("window.pecMarker = true")
    page.locator("article a", has_text="Enter the outgoing server settings").last.click()
    expect(page).to_have_url(f"{base_url}/outlook/pop/#outgoing-server")
    assert_landed(page, "outgoing-server")
    assert page.evaluate("window.pecMarker"), "expected an instant navigation"


def test_copy_link_gives_the_absolute_step_address(page: Page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/outlook/pop/")
    steps = REGISTRY["outlook/pop/"]["steps"]
    buttons = page.locator("h2.pec-step .pec-step-link")
    expect(buttons).to_have_count(len(steps))
    for step in steps:
        button = page.locator(f"h2#{step} .pec-step-link")
        expect(button).to_have_accessible_name("Copy link to this step")
        button.click()
        expect(button).to_have_attribute("data-pec-copied", "Link copied")
        expect(page.get_by_role("status")).to_have_text("Link copied")
        assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}/outlook/pop/#{step}"


def test_copied_link_carries_the_chosen_provider(page: Page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/outlook/imap/")
    page.locator("h2#imap-incoming-server ~ .tabbed-set").first.get_by_text("Aruba PEC").click()
    page.locator("h2#outgoing-server .pec-step-link").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base_url}/outlook/imap/?provider=aruba#outgoing-server"
    # "Other provider" chosen: no provider to carry.
    page.locator("h2#imap-incoming-server ~ .tabbed-set").first.get_by_text("Other provider").click()
    page.locator("h2#outgoing-server .pec-step-link").click()
    expect(page.locator("h2#outgoing-server .pec-step-link")).to_have_attribute("data-pec-copied", "Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}/outlook/imap/#outgoing-server"


def test_provider_parameter_selects_the_tab(page: Page, providers):
    namirial = next(p for p in providers if p["id"] == "namirial")
    page.goto("/outlook/imap/?provider=namirial#imap-incoming-server")
    assert_landed(page, "imap-incoming-server")
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {namirial["name"]}
    visible = page.locator("h2#imap-incoming-server ~ .tabbed-set .tabbed-block:visible").first
    expect(visible).to_contain_text(namirial["imap"]["host"])


@pytest.mark.parametrize("width", [1280, 390])
def test_provider_tabs_above_the_step_do_not_unsettle_the_landing(page: Page, width):
    # The provider's tabs in earlier steps change the height of the page above the step.
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/outlook/pop/?provider=namirial#outgoing-server")
    assert_landed(page, "outgoing-server")


@pytest.mark.parametrize("query", ["?provider=nobody", "?provider=%3Cimg%20src%3Dx%3E",
                                   "?provider=__proto__", "?provider="])
def test_unknown_provider_is_ignored_quietly(page: Page, providers, query):
    page.goto(f"/outlook/imap/{query}#outgoing-server")
    assert_landed(page, "outgoing-server")
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {providers[0]["name"]}


@pytest.mark.parametrize("fragment", ["%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
                                      "%E0%A4%A", "__proto__", "constructor", "nothing-here",
                                      "set-up-pec-in-outlook-365-with-imap"])
def test_hostile_or_unknown_fragments_do_nothing(page: Page, fragment):
    page.goto(f"/outlook/imap/#{fragment}")
    expect(page.locator("h2.pec-step").first).to_be_visible()
    expect(page.locator(".pec-step--target")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None


def test_support_page_lists_every_step_of_every_guide(page: Page, base_url):
    page.goto("/support/")
    for url, entry in REGISTRY.items():
        links = page.locator(f'article a[href*="{url}#"]')
        hrefs = links.evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [f"{base_url}/{url}#{step}" for step in entry["steps"]]
        codes = page.locator("article code.pec-value").all_inner_texts()
        for step in entry["steps"]:
            assert f"{base_url}/{url}#{step}" in codes
    # Each title is the step's own heading.
    page.goto("/support/")
    title = page.locator('article a[href$="outlook/imap/#outgoing-server"]').inner_text()
    assert title == "Enter the outgoing server settings"


def test_every_support_link_resolves(page: Page):
    page.goto("/support/")
    addresses = page.locator("article code.pec-value").all_inner_texts()
    assert addresses
    for address in addresses:
        page.goto(address)
        assert_landed(page, address.split("#")[1])


def test_old_page_address_redirects_with_its_step(page: Page, base_url):
    page.goto("/imap/#outgoing-server")
    expect(page).to_have_url(f"{base_url}/outlook/imap/#outgoing-server")
    assert_landed(page, "outgoing-server")
    page.goto("/pop/")
    expect(page).to_have_url(f"{base_url}/outlook/pop/")


def test_step_ids_hold_no_numbers():
    for url, step in REGISTERED:
        assert not re.search(r"\d", step), f"{url}#{step}"


# --- The registry's rules, on changed copies of the project ------------------------------

def edit_registry(project: Path, change) -> None:
    path = project / "data" / "step-links.yml"
    registry = yaml.safe_load(path.read_text())
    change(registry["pages"])
    path.write_text(yaml.safe_dump(registry))


def test_unregistered_step_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    guide = project / "docs" / "outlook" / "imap.md"
    guide.write_text(guide.read_text() + "\n## Check the quota { #imap-check-quota .pec-step }\n")
    result = build_site(project, tmp_path / "out")
    assert result.returncode != 0
    assert "'outlook/imap/#imap-check-quota' is not in step-links.yml" in result.stderr


def test_removed_published_step_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    guide = project / "docs" / "outlook" / "pop.md"
    text = guide.read_text()
    start = text.index("## Keep a copy on the server")
    guide.write_text(text[:start] + text[text.index("{!steps/outgoing-server.md!}"):])
    result = build_site(project, tmp_path / "out")
    assert result.returncode != 0
    assert "published step 'outlook/pop/#pop-leave-copy' is gone" in result.stderr


def test_moved_to_a_missing_step_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    edit_registry(project, lambda pages: pages["outlook/imap/"]["moved"].update(
        {"imap-old-step": "imap-no-such-step"}))
    result = build_site(project, tmp_path / "out")
    assert result.returncode != 0
    assert "'outlook/imap/#imap-old-step' is moved to '#imap-no-such-step'" in result.stderr


LAB_PAGE = """---
title: Lab
description: A page that exists only in the tests, with steps hidden in a tab and a block.
---

# Lab

=== "First"

    Nothing to see here.

=== "Second"

    ## Hidden in a tab { #lab-in-tab .pec-step }

    A step inside the second tab.

??? note "Collapsed"

    ## Hidden in a block { #lab-in-details .pec-step }

    A step inside a collapsed block.
"""


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """The site with a step renamed (and its old link mapped) and a page of hidden steps."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    guide = project / "docs" / "outlook" / "imap.md"
    guide.write_text(guide.read_text().replace("{ #imap-incoming-server .pec-step }",
                                               "{ #imap-incoming .pec-step }"))
    # The site's own links follow the rename, as the strict build demands.
    for page in (project / "docs").rglob("*.md"):
        page.write_text(page.read_text().replace("imap.md#imap-incoming-server", "imap.md#imap-incoming"))
    (project / "docs" / "lab.md").write_text(LAB_PAGE)
    with (project / "mkdocs.yml").open("a") as config:
        config.write("  - Lab: lab.md\n")

    def change(pages):
        imap = pages["outlook/imap/"]
        imap["steps"][imap["steps"].index("imap-incoming-server")] = "imap-incoming"
        imap["moved"] = {"imap-incoming-server": "imap-incoming"}
        pages["lab/"] = {"steps": ["lab-in-tab", "lab-in-details"], "moved": {}}

    edit_registry(project, change)
    with served_site(tmp_path_factory.mktemp("site"), project) as url:
        yield url.rstrip("/")


def test_moved_link_lands_on_the_replacement(page: Page, changed_site):
    page.goto(f"{changed_site}/outlook/imap/?provider=aruba#imap-incoming-server")
    expect(page).to_have_url(f"{changed_site}/outlook/imap/?provider=aruba#imap-incoming")
    assert_landed(page, "imap-incoming")


@pytest.mark.parametrize("step", ["lab-in-tab", "lab-in-details"])
def test_link_to_a_hidden_step_reveals_it(page: Page, changed_site, step):
    page.goto(f"{changed_site}/lab/#{step}")
    assert_landed(page, step)
