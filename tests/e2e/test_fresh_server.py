"""On a freshly started server (the first browser session of the process) filters stick and deep links work.

Streamlit 1.67 with a folder named pages/ serves the process's first run the pre-st.navigation way;
these tests start their own server so that first run is theirs.
"""
from __future__ import annotations

import time

import pytest

from tests.e2e import expected
from tests.e2e.helpers import chart_data, choose, multiselect_values, no_exception, open_page, wait_ready

HEATMAP = "overview_heatmap"


def heatmap_columns(page, timeout_s: float = 30, want: list[str] | None = None) -> list[str]:
    """The organisations along the Overview heatmap's x axis (waiting for `want` if given)."""
    deadline = time.monotonic() + timeout_s
    while True:
        heatmap = [t for t in chart_data(page, HEATMAP) if t["type"] == "heatmap"][0]
        columns = [str(x) for x in heatmap["x"]]
        if want is None or columns == want or time.monotonic() > deadline:
            return columns
        page.wait_for_timeout(250)


def test_first_filter_change_sticks(fresh_server, page, built):
    organisations = sorted(built.documents["organisation"].astype(str).unique())
    chosen = organisations[-1]
    open_page(page, fresh_server, "overview", 2)
    no_exception(page)
    assert heatmap_columns(page) == organisations

    choose(page, "org", chosen)
    assert heatmap_columns(page, want=[chosen]) == [chosen]
    # Still there after a moment and another rerun: the change was not swallowed by a second run.
    page.wait_for_timeout(1500)
    wait_ready(page)
    assert multiselect_values(page, "org") == [chosen]
    assert f"org={chosen}" in page.url
    assert heatmap_columns(page) == [chosen]
    n_docs = len(expected.kept_documents(built.documents, [chosen]))
    assert page.get_by_text(f"Utvalg: {n_docs} av {len(built.documents)} dokumenter").count() == 1


@pytest.mark.parametrize("name", ["themes"])
def test_deep_link_is_the_first_request(fresh_server, page, built, name):
    """A shared link to a page (not /) opened right after a restart still gets the sidebar and its filters."""
    organisation = str(built.documents["organisation"].value_counts().sort_index().idxmax())
    open_page(page, fresh_server, name, 4, org=[organisation])
    no_exception(page)
    assert multiselect_values(page, "org") == [organisation]
    bars = expected.bars_by_trace(chart_data(page, "themes_by_org_share"))
    assert {org for org, _ in bars} == {organisation}
