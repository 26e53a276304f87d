"""A cold server serves everyone right (issue 15, R1): simultaneous first visits on a just-started server.

With a folder named pages/, Streamlit serves a fresh server's first runs the pre-st.navigation way (a page
file alone: navigation by file name, no sidebar filters, no language switch). Every visitor, however many
arrive at the same moment, must get the app with its sidebar. HR_COLD_VISITS sets how many (default 5;
the report's figure used 20).
"""
from __future__ import annotations

import os
import time

from tests.e2e.helpers import EXCEPTION, READY

PAGES = ("overview", "topics", "method", "themes", "documents", "keywords", "compare", "passages")
VISITS = int(os.environ.get("HR_COLD_VISITS", "5"))
FIRST_VISIT_TIMEOUT_MS = 240_000


def test_simultaneous_first_visits_all_get_the_app(fresh_server, browser):
    contexts = [browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(VISITS)]
    pages = [context.new_page() for context in contexts]
    try:
        started = time.perf_counter()
        for i, page in enumerate(pages):  # all requests leave before any is answered
            page.goto(fresh_server.page_url(PAGES[i % len(PAGES)]), wait_until="commit")
        seconds, stranded = [], []
        for i, page in enumerate(pages):
            page.wait_for_selector(f"{READY}, {EXCEPTION}", state="attached", timeout=FIRST_VISIT_TIMEOUT_MS)
            seconds.append(time.perf_counter() - started)
            assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
            # the app's own navigation (catalogue titles), never the bare pages/ fallback (file names)
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            if "Oversikt" not in nav or "overview" in nav.lower().split():
                stranded.append((PAGES[i % len(PAGES)], nav))
            assert page.locator(".st-key-lang").count() == 1  # the language switch is there
        assert stranded == []
        seconds.sort()
        print(f"\n[cold server] {VISITS} simultaneous first visits: app with sidebar for all; seconds to sidebar "
              f"median {seconds[len(seconds) // 2]:.1f}, max {seconds[-1]:.1f}")
    finally:
        for context in contexts:
            context.close()
