"""Reading Material's content tabs in a page, for the tests of provider and Outlook tabs."""

from playwright.sync_api import Page


def checked_tabs(page: Page, labels: list[str]) -> list[str]:
    """The selected label of every tab set that has a tab labelled with one of `labels`."""
    return page.locator(".tabbed-set").evaluate_all("""(sets, labels) => sets
        .filter(set => [...set.querySelectorAll(':scope > .tabbed-labels > label')]
            .some(label => labels.includes(label.textContent.trim())))
        .map(set => {
            const input = set.querySelector(':scope > input:checked');
            return set.querySelector(`label[for="${input.id}"]`).textContent.trim();
        })""", labels)
