"""Steps out of sight: while a page starts, the browser does not draw the blocks of the
steps out of sight, nor the sources after them (extra.css, `content-visibility`), which is
most of what a guide's start-up saves against the theme alone (bench/NOTES.md); then each
step, and the sources, are drawn for good (features/step-drawing.js). Whatever sends the
page to a place draws it whole first, so it arrives there and stays."""

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import GUIDES, assert_landed, instant_ready, settled

PAGES = [GUIDES["imap"], GUIDES["pop"], "troubleshooting/"]

# The first element inside the last step's body: far below the first screen on every
# page of steps. The browser reports an element inside a box it skipped as not visible.
LAST_STEP_CONTENT = "article .pec-step-section:last-of-type > .pec-step-body *"
SOURCES_CONTENT = "article .pec-sources *"
DRAWN = "el => el.checkVisibility({ contentVisibilityAuto: true })"


def is_drawn(page: Page) -> bool:
    return page.locator(LAST_STEP_CONTENT).first.evaluate(DRAWN)


# Whether the last step's content, and the sources', were skipped in the page's first
# frames, before any of our modules ran.
AT_START = f"""
document.addEventListener("DOMContentLoaded", () => requestAnimationFrame(() => {{
  const skipped = (selector) => {{
    const content = document.querySelector(selector);
    return content ? !({DRAWN})(content) : null;
  }};
  window.pecSkippedAtStart = [skipped({LAST_STEP_CONTENT!r}), skipped({SOURCES_CONTENT!r})];
}}));
"""


@pytest.mark.parametrize("path", PAGES)
def test_steps_out_of_sight_wait_until_the_page_has_started(page: Page, path):
    page.set_viewport_size({"width": 390, "height": 800})
    page.add_init_script(AT_START)
    page.goto(path)
    page.wait_for_function("window.pecSkippedAtStart !== undefined")
    assert page.evaluate("window.pecSkippedAtStart") == [True, True]
    # Every step heading is there to find from the start (contents, find in page, links).
    for heading in page.locator("article .pec-step").all():
        expect(heading).to_be_visible()
    # Then each step and the sources are drawn for good, the page's height exact; nothing
    # was scrolled.
    page.wait_for_function("""() => [...document.querySelectorAll('article :is(.pec-step-section, .pec-sources)')]
        .every(block => block.classList.contains('pec-drawn'))""")
    assert is_drawn(page)
    assert page.locator(SOURCES_CONTENT).first.evaluate(DRAWN)
    assert page.evaluate("scrollY") == 0


@pytest.mark.parametrize("width", [1280, 390])
def test_a_link_to_a_step_draws_the_page_whole_and_lands(page: Page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{GUIDES['imap']}#outgoing-server")
    assert_landed(page, "outgoing-server")
    assert is_drawn(page)
    # Still on the step once the page has settled (nothing drawn late pushes it away).
    settled(page)
    assert_landed(page, "outgoing-server")


@pytest.mark.parametrize("width", [1280, 390])
def test_back_returns_the_reader_to_the_step_they_were_reading(page: Page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(GUIDES["imap"])
    instant_ready(page)
    page.evaluate("window.pecMarker = true")
    heading = page.locator('[id="outgoing-server"]')
    top = "el => el.getBoundingClientRect().top"
    # Scrolled to by hand, so every block above was drawn on the way. (Waiting for each
    # turn's scrollend instead hung here: the event never came for the wheel's scroll.)
    while heading.evaluate(top) > 200:
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(20)
    # Once the page has stopped moving (the wheel scrolls smoothly), every step drawn.
    settled(page)
    where = None
    while where != (where := heading.evaluate(top)):
        page.wait_for_timeout(250)
    guide = page.url
    # To the other guide through the navigation, which stays on screen (in the drawer on
    # a phone): the page is left where the reader was.
    if width < 1220:
        page.locator('.md-header label[for="__drawer"]').click()
    page.locator(f'nav.md-nav--primary a[href$="{GUIDES["pop"]}"]').first.click()
    expect(page).not_to_have_url(guide)
    # The reader sees the other guide, then goes back.
    expect(page.locator('[id="pop-incoming-server"]')).to_be_attached()
    expect(page.locator("article h1")).to_be_in_viewport()
    # The step's place in every frame drawn of the guide come back to (instant navigation
    # keeps the window; the other guide has a step of the same name).
    page.evaluate("""id => {
      window.pecFrames = [];
      const watch = () => {
        const heading = document.getElementById(id);
        const back = heading && document.getElementById("imap-incoming-server");
        if (back) window.pecFrames.push(heading.getBoundingClientRect().top);
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    }""", "outgoing-server")
    page.go_back()
    expect(page).to_have_url(guide)
    expect(heading).to_be_visible()
    # The features mounted for the third page shown (this guide, the other, this one
    # again), the steps drawn, and frames drawn since.
    settled(page, views=3)
    # There from the first frame, and it never moved: the blocks above had their final
    # height before the page was drawn at the old offset (main.js).
    frames = page.evaluate("window.pecFrames")
    assert frames and all(abs(frame - where) <= 20 for frame in frames), (where, sorted(set(map(round, frames))))
    assert page.evaluate("window.pecMarker"), "expected an instant navigation"
