"""Step links that support staff send: copying them, landing on them, the support page,
and the registry that keeps published links working."""

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from project import load_registry
from tests.helpers import GUIDES, assert_landed, checked_tabs, instant_ready, own_text, provider, step
from tools.site import build_site, copy_project, editions, served_site

REGISTRY = load_registry()
REGISTERED = [(url, step_id) for url, entry in REGISTRY.items() for step_id in entry["steps"]]


@pytest.mark.parametrize("url, step_id", REGISTERED, ids=[f"{u}#{s}" for u, s in REGISTERED])
def test_every_registered_link_lands_on_its_step(page: Page, url, step_id):
    page.goto(f"{url}#{step_id}")
    assert_landed(page, step_id)


@pytest.mark.parametrize("width", [1280, 390])
def test_link_lands_after_instant_navigation(page: Page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("support/")
    instant_ready(page)
    page.evaluate("window.pecMarker = true")
    page.locator('article a[href$="outlook/pop/#outgoing-server"]').click()
    expect(page).to_have_url(f"{base_url}outlook/pop/#outgoing-server")
    assert_landed(page, "outgoing-server")
    assert page.evaluate("window.pecMarker"), "expected an instant navigation"


def test_copy_link_gives_the_absolute_step_address(page: Page, edition, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(GUIDES["pop"])
    steps = REGISTRY[GUIDES["pop"]]["steps"]
    buttons = page.locator("h2.pec-step .pec-step-link")
    expect(buttons).to_have_count(len(steps))
    copied = edition.t("ui.step_link_copied")
    for step_id in steps:
        button = page.locator(f"h2#{step_id} .pec-step-link")
        expect(button).to_have_accessible_name(edition.t("ui.copy_step_link"))
        button.click()
        expect(button).to_have_attribute("data-pec-copied", copied)
        expect(page.get_by_role("status")).to_have_text(copied)
        assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}outlook/pop/#{step_id}"


def test_copied_link_carries_the_chosen_provider(page: Page, edition, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(GUIDES["imap"])
    tabs = step(page, "imap-incoming-server").locator(".tabbed-set").first
    tabs.get_by_text("Aruba PEC").click()
    page.locator("h2#outgoing-server .pec-step-link").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base_url}outlook/imap/?provider=aruba#outgoing-server"
    # "Other provider" chosen: no provider to carry.
    tabs.get_by_text(edition.t("settings.other.name")).click()
    page.locator("h2#outgoing-server .pec-step-link").click()
    expect(page.locator("h2#outgoing-server .pec-step-link")).to_have_attribute(
        "data-pec-copied", edition.t("ui.step_link_copied"))
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}outlook/imap/#outgoing-server"


@pytest.mark.parametrize("url", list(REGISTRY))
def test_a_step_shows_one_link_mark(page: Page, url):
    # Landed on, where Material shows every heading's ¶: the copy button alone.
    step_id = REGISTRY[url]["steps"][-1]
    page.goto(f"{url}#{step_id}")
    assert_landed(page, step_id)
    heading = page.locator(f'[id="{step_id}"]')
    expect(heading.locator(".pec-step-link")).to_be_visible()
    expect(heading.locator(".headerlink")).to_have_count(1)  # still in the markup
    expect(heading.locator(".headerlink")).to_be_hidden()
    # The other headings keep Material's ¶.
    other = page.locator("article h2:not(.pec-step):has(> .headerlink)").first
    other.hover()
    expect(other.locator(".headerlink")).to_have_css("opacity", "1")


def test_provider_parameter_selects_the_tab(page: Page, providers):
    namirial = provider(providers, "namirial")
    page.goto("outlook/imap/?provider=namirial#imap-incoming-server")
    assert_landed(page, "imap-incoming-server")
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {namirial["name"]}
    visible = step(page, "imap-incoming-server").locator(".tabbed-set .tabbed-block:visible").first
    expect(visible).to_contain_text(namirial["imap"]["host"])


def test_provider_parameter_without_a_step_selects_the_tab(page: Page, providers):
    aruba = provider(providers, "aruba")
    page.goto("outlook/pop/?provider=aruba")
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {aruba["name"]}


@pytest.mark.parametrize("width", [1280, 390])
def test_provider_tabs_above_the_step_do_not_unsettle_the_landing(page: Page, width):
    # The provider's tabs in earlier steps change the height of the page above the step.
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("outlook/pop/?provider=namirial#outgoing-server")
    assert_landed(page, "outgoing-server")


@pytest.mark.parametrize("query", ["?provider=nobody", "?provider=%3Cimg%20src%3Dx%3E",
                                   "?provider=__proto__", "?provider="])
def test_unknown_provider_is_ignored_quietly(page: Page, providers, query):
    page.goto(f"outlook/imap/{query}#outgoing-server")
    assert_landed(page, "outgoing-server")
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {providers[0]["name"]}


@pytest.mark.parametrize("fragment", ["%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
                                      "%E0%A4%A", "__proto__", "constructor", "nothing-here",
                                      "set-up-pec-in-outlook-365-with-imap"])
def test_hostile_or_unknown_fragments_do_nothing(page: Page, fragment):
    page.goto(f"outlook/imap/#{fragment}")
    expect(page.locator("h2.pec-step").first).to_be_visible()
    expect(page.locator(".pec-step--target")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None


def test_support_page_lists_every_step_of_every_guide(page: Page, base_url):
    page.goto("support/")
    for url, entry in REGISTRY.items():
        links = page.locator(f'article a[href*="{url}#"]')
        hrefs = links.evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [f"{base_url}{url}#{step_id}" for step_id in entry["steps"]]
        codes = page.locator("article code.pec-value").all_inner_texts()
        for step_id in entry["steps"]:
            assert f"{base_url}{url}#{step_id}" in codes
    # Each title is the step's own heading, in the edition's language.
    page.goto(GUIDES["imap"])
    heading = own_text(page.locator("h2#outgoing-server"))
    page.goto("support/")
    title = page.locator('article a[href$="outlook/imap/#outgoing-server"]').inner_text()
    assert title == heading


def test_support_page_lists_the_provider_codes(page: Page, providers):
    page.goto("support/")
    codes = page.locator("article p code").all_inner_texts()
    assert [p["id"] for p in providers] == [c for c in codes if c in {p["id"] for p in providers}]


def test_support_page_lists_the_recognised_domains(page: Page, providers, organisations):
    """Every address domain the settings generator recognises, from data/providers.yml."""
    page.goto("support/")
    listed = page.locator("article table code").all_inner_texts()
    domains = [d for p in providers for d in [*p["domains"], *(e["domain"] for e in p["agreements"])]]
    domains += [e["domain"] for e in organisations]
    assert sorted(listed) == sorted(domains)


def test_support_links_carry_the_readers_provider_and_language(page: Page, edition, built_site):
    """The agent chooses the reader's provider and language once, above the list: every
    link then shows, copies and opens the address to send, with ?provider=."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("support/")
    codes = page.locator("article code.pec-value[data-pec-step-link]")
    expect(codes.first).to_be_visible()
    page.get_by_label(edition.t("support.provider")).select_option("aruba")
    # Every link of the list, not only the one copied next.
    wanted = [f"{edition.base_url}{link.replace('#', '?provider=aruba#')}"
              for link in codes.evaluate_all("codes => codes.map(c => c.dataset.pecStepLink)")]
    expect(codes).to_have_text(wanted)
    value = page.locator('article code.pec-value[data-pec-step-link="outlook/imap/#outgoing-server"]')
    value.locator("+ .pec-copy").click()
    expect(value.locator("+ .pec-copy")).to_have_attribute("data-pec-copied", edition.t("ui.copied"))
    assert page.evaluate("navigator.clipboard.readText()") == \
        f"{edition.base_url}outlook/imap/?provider=aruba#outgoing-server"
    # A reader of the other edition gets that edition's link, and it opens there.
    other = next(e for e in editions() if e.lang != edition.lang)
    page.get_by_label(edition.t("support.edition")).select_option(
        page.locator(f'#pec-support-edition option[lang="{other.lang}"]').get_attribute("value"))
    sent = f"{built_site[1]}{other.folder}outlook/imap/?provider=aruba#outgoing-server"
    expect(value).to_have_text(sent)
    value.locator("+ .pec-copy").click()
    expect(page.get_by_role("status")).to_have_text(edition.t("ui.copied"))
    assert page.evaluate("navigator.clipboard.readText()") == sent
    page.locator('article a[data-pec-step-link="outlook/imap/#outgoing-server"]').click()
    expect(page).to_have_url(sent)
    assert page.evaluate("document.documentElement.lang") == other.lang
    assert_landed(page, "outgoing-server")
    assert "Aruba PEC" in checked_tabs(page, ["Aruba PEC"])


def test_every_support_link_resolves(page: Page):
    page.goto("support/")
    addresses = page.locator("article code.pec-value").all_inner_texts()
    assert addresses
    for address in addresses:
        page.goto(address)
        assert_landed(page, address.split("#")[1])


def test_old_page_address_redirects_with_its_step(page: Page, base_url):
    page.goto("imap/#outgoing-server")
    expect(page).to_have_url(f"{base_url}outlook/imap/#outgoing-server")
    assert_landed(page, "outgoing-server")
    page.goto("pop/")
    expect(page).to_have_url(f"{base_url}outlook/pop/")
    # A support link to an old address keeps its provider too.
    page.goto("pop/?provider=aruba#outgoing-server")
    expect(page).to_have_url(f"{base_url}outlook/pop/?provider=aruba#outgoing-server")
    assert_landed(page, "outgoing-server")


def test_step_ids_hold_no_numbers():
    for url, step_id in REGISTERED:
        assert not re.search(r"\d", step_id), f"{url}#{step_id}"


# --- The registry's rules, on changed copies of the project ------------------------------

def edit_registry(project: Path, change) -> None:
    path = project / "data" / "step-links.yml"
    registry = yaml.safe_load(path.read_text())
    change(registry["pages"])
    path.write_text(yaml.safe_dump(registry))


def test_unregistered_step_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    guide = project / "docs" / "en" / "outlook" / "imap.md"
    guide.write_text(guide.read_text() + "\n## Check the quota { #imap-check-quota .pec-step }\n")
    result = build_site(project, tmp_path / "out", only="en")
    assert result.returncode != 0
    assert "'outlook/imap/#imap-check-quota' is not in step-links.yml" in result.stderr


def test_removed_published_step_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    guide = project / "docs" / "en" / "outlook" / "pop.md"
    text = guide.read_text()
    start = text.index("## Keep a copy on the server")
    guide.write_text(text[:start] + text[text.index("{!steps/cloud-sync.md!}"):])
    result = build_site(project, tmp_path / "out", only="en")
    assert result.returncode != 0
    assert "published step 'outlook/pop/#pop-leave-copy' is gone" in result.stderr


def test_moved_to_a_missing_step_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    edit_registry(project, lambda pages: pages["outlook/imap/"]["moved"].update(
        {"imap-old-step": "imap-no-such-step"}))
    result = build_site(project, tmp_path / "out", only="en")
    assert result.returncode != 0
    assert "'outlook/imap/#imap-old-step' is moved to '#imap-no-such-step'" in result.stderr


LAB_PAGE = """---
title: Lab
description: A page that exists only in the tests, with steps hidden in a tab and a block.
sources: []
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
    for edition in editions(project):
        docs = project / "docs" / edition.lang
        guide = docs / "outlook" / "imap.md"
        guide.write_text(guide.read_text().replace("{ #imap-incoming-server .pec-step }",
                                                   "{ #imap-incoming .pec-step }"))
        # The site's own links follow the rename, as the strict build demands.
        for page in docs.rglob("*.md"):
            page.write_text(page.read_text().replace("imap.md#imap-incoming-server", "imap.md#imap-incoming"))
        (docs / "lab.md").write_text(LAB_PAGE)
        with (project / edition.config).open("a") as config:
            config.write("  - Lab: lab.md\n")

    def change(pages):
        imap = pages["outlook/imap/"]
        imap["steps"][imap["steps"].index("imap-incoming-server")] = "imap-incoming"
        imap["moved"] = {"imap-incoming-server": "imap-incoming"}
        pages["lab/"] = {"steps": ["lab-in-tab", "lab-in-details"], "moved": {}}

    edit_registry(project, change)
    with served_site(tmp_path_factory.mktemp("site"), project) as url:
        yield url


def test_moved_link_lands_on_the_replacement(page: Page, edition, changed_site):
    site = changed_site + edition.folder
    page.goto(f"{site}outlook/imap/?provider=aruba#imap-incoming-server")
    expect(page).to_have_url(f"{site}outlook/imap/?provider=aruba#imap-incoming")
    assert_landed(page, "imap-incoming")


@pytest.mark.parametrize("step_id", ["lab-in-tab", "lab-in-details"])
def test_link_to_a_hidden_step_reveals_it(page: Page, edition, changed_site, step_id):
    page.goto(f"{changed_site}{edition.folder}lab/#{step_id}")
    assert_landed(page, step_id)
