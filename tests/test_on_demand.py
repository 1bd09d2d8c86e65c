"""Features loaded where they are used: the settings generator's modules only on the
settings page, guided mode only on the guides, the reader's own user name only where a
settings table shows it (hooks/modules.py, lib/on-demand.js); and each of them still
works on a page that instant navigation brings."""

import re

from playwright.sync_api import Page, expect

from tests.helpers import GUIDES, instant_ready, mounted

FEATURES = "/assets/javascripts/features/"
# What each page-specific feature downloads beyond what every page loads: its own module,
# and the modules only it imports.
GENERATOR = {"settings-generator.js", "settings-model.js", "settings-store.js"}
GUIDED = {"guided-mode.js"}
MINE = {"personal-settings.js", "settings-model.js", "settings-store.js"}


def feature_modules(page: Page, path: str) -> set[str]:
    """The feature modules a page downloads when it is opened."""
    loaded: set[str] = set()
    page.on("request", lambda request: FEATURES in request.url
            and loaded.add(request.url.rsplit("/", 1)[1]))
    page.goto(path)
    # Every feature mounted: main.js mounts a feature only once its modules have run.
    mounted(page)
    return loaded


def test_each_page_loads_only_the_features_it_uses(new_context, page_paths):
    assert set(GUIDES.values()) | {"settings/", ""} <= set(page_paths)
    for path in page_paths:
        # A fresh context for each page: nothing cached from the page before.
        context = new_context()
        page = context.new_page()
        loaded = feature_modules(page, path)
        has_tables = page.locator('[data-pec-component="personal-settings"]').count() > 0
        context.close()
        assert (GENERATOR <= loaded) == (path == "settings/"), f"{path}: {sorted(loaded)}"
        assert (GUIDED <= loaded) == (path in GUIDES.values()), f"{path}: {sorted(loaded)}"
        assert (MINE <= loaded) == has_tables, f"{path}: {sorted(loaded)}"
        if path in ("", "support/", "imap-vs-pop/"):
            # Pages with none of these features download none of their modules.
            assert not loaded & (GENERATOR | GUIDED | MINE), f"{path}: {sorted(loaded)}"


def test_instant_navigation_brings_each_pages_features(page: Page):
    page.goto("")
    instant_ready(page)
    page.evaluate("window.pecMarker = true")

    page.locator('a[href$="settings/"]:visible').first.click()
    expect(page).to_have_url(re.compile(r"/settings/$"))
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    expect(page.locator(".pec-card")).to_be_visible()

    # A guide, then the home page, then the guide again: the second time its module has
    # run already, and the page must still arrive with guided mode mounted.
    for _ in range(2):
        page.locator('a[href$="outlook/imap/"]:visible').first.click()
        expect(page).to_have_url(re.compile(r"/outlook/imap/$"))
        switch = page.locator('[data-pec-view="guided"]')
        expect(switch).to_be_visible()
        switch.click()
        expect(switch).to_have_attribute("aria-pressed", "true")
        page.locator('[data-pec-view="whole"]').click()
        # The reader's user name, remembered by the generator, in the guide's tables.
        expect(page.locator(".pec-mine:visible").first).to_contain_text("mario.rossi@pec.it")
        page.locator(".md-header__button.md-logo").click()
        expect(page).to_have_url(re.compile(r"/$"))
    assert page.evaluate("window.pecMarker"), "expected instant navigation throughout"
