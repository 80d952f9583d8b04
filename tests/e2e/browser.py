"""What the browser tests share: waiting for Streamlit to finish a run."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
