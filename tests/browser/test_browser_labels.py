"""Real-browser test of labels: no metric card title is cut at 1,280 px, in nl, fr or en."""

from __future__ import annotations

import pytest

from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES, t
from tests.helpers import WAIT_MS, choose, log_in, new_page, rerun

pytestmark = pytest.mark.browser

CUT_LABELS = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"]')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText)"""
HOME = {"nl": "Overzicht", "fr": "Vue d'ensemble", "en": "Overview"}


def test_card_titles_are_whole_at_1280_px_in_every_language(server, browser):
    from playwright.sync_api import expect

    page = new_page(browser, width=1280)
    log_in(page, server + "/", "admin", HOME["nl"])
    current = "nl"
    for lang in LANGUAGES:
        if lang != current:
            with rerun(page):
                choose(page, t("sidebar.language", current), LANGUAGE_NAMES[lang])
            current = lang
        expect(page.get_by_role("heading", name=HOME[lang]).first).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("[data-testid='stMetric']").first).to_be_visible()
        assert len(page.locator("[data-testid='stMetric']").all()) >= 15
        assert page.evaluate(CUT_LABELS) == [], lang
    page.context.close()
