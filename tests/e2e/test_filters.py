"""Sidebar filters change the charts to what the tables say, the CSV is the chart's data, a copied URL restores the view.

All on the Themes page's "share of passages by organisation" bars (key themes_by_org_share): one bar trace
per organisation, x = theme label, y = share of the organisation's analysed passages tagged with the theme.
"""
from __future__ import annotations

import time

import pytest

from tests.e2e import expected
from tests.e2e.helpers import (
    PAGE_TIMEOUT_MS, UNCERTAIN_MARK, chart_data, choose, multiselect_values, no_exception, open_page, read_csv_download, wait_ready,
)

CHART = "themes_by_org_share"
YEAR_CHART = "themes_by_year_share"
THEMES = ("practice_placements", "digital_competence")  # the page's default choice


def pick_filter(built) -> tuple[str, int]:
    """The organisation with the most documents and its latest year (NITO and 2024 in the seed corpus)."""
    docs = built.documents
    organisation = str(docs["organisation"].value_counts().sort_index().idxmax())
    year = int(docs.loc[docs["organisation"] == organisation, "year"].max())
    return organisation, year


def expected_bars(built, organisations=(), years=()) -> dict[tuple[str, str], float]:
    """(organisation, theme label) -> share, as the bars should show."""
    shares = expected.theme_share_by_organisation(built, THEMES, organisations, years)
    return {(org, expected.theme_label(built, theme)): share for (theme, org), share in shares.items()}


def bars_when(page, key: str, names: set[str], timeout_s: float = 30) -> dict[tuple[str, str], float]:
    """The chart's bars once its traces are exactly `names` (the chart redraws after the rerun)."""
    deadline = time.monotonic() + timeout_s
    while True:
        bars = expected.bars_by_trace(chart_data(page, key))
        if {name for name, _ in bars} == names or time.monotonic() > deadline:
            return bars
        page.wait_for_timeout(250)


def assert_bars(actual: dict, wanted: dict, tolerance: float = 1e-9) -> None:
    assert set(actual) == set(wanted)
    for cell, share in wanted.items():
        assert actual[cell] == pytest.approx(share, abs=tolerance), cell


@pytest.fixture(scope="module")
def filtered(browser, browser_context_args, server, built):
    """The Themes page before and after choosing an organisation and a year in the sidebar (one browser session)."""
    organisation, year = pick_filter(built)
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    open_page(page, server, "themes", 4, year_view="together")  # the pooled by-year view (an id, in any language)
    no_exception(page)
    before = bars_when(page, CHART, set(built.documents["organisation"].astype(str)))
    choose(page, "org", organisation)
    choose(page, "year", str(year))
    after = bars_when(page, CHART, {organisation})
    after_years = chart_data(page, YEAR_CHART)
    no_exception(page)
    yield {"page": page, "organisation": organisation, "year": year, "before": before, "after": after,
           "after_years": after_years, "url": page.url}
    context.close()


def test_sidebar_organisation_and_year_change_the_chart(filtered, built):
    organisation, year = filtered["organisation"], filtered["year"]
    assert_bars(filtered["before"], expected_bars(built))
    assert_bars(filtered["after"], expected_bars(built, [organisation], [year]))
    assert filtered["after"] != filtered["before"]
    # The by-year lines now hold only the chosen year.
    for trace in filtered["after_years"]:
        if trace["type"] == "scatter":
            assert [int(x) for x in trace["x"]] == [year]
    assert multiselect_values(filtered["page"], "org") == [organisation]
    assert multiselect_values(filtered["page"], "year") == [str(year)]


def test_copied_url_restores_the_filters(filtered, browser, browser_context_args, built):
    organisation, year = filtered["organisation"], filtered["year"]
    url = filtered["url"]
    assert f"org={organisation}" in url and f"year={year}" in url
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(url)
        wait_ready(page, 4)
        no_exception(page)
        assert multiselect_values(page, "org") == [organisation]
        assert multiselect_values(page, "year") == [str(year)]
        restored = bars_when(page, CHART, {organisation})
        assert restored == filtered["after"]
        assert_bars(restored, expected_bars(built, [organisation], [year]))
    finally:
        context.close()


def test_downloaded_csv_equals_the_chart(page, server, built):
    organisations = sorted(built.documents["organisation"].astype(str).unique())[:2]
    open_page(page, server, "themes", 4, org=organisations)
    no_exception(page)
    bars = bars_when(page, CHART, set(organisations))
    with page.expect_download() as download:
        page.locator(f".st-key-{CHART}__csv button").click()
    assert download.value.suggested_filename == f"themes_by_organisation_share_org={'+'.join(organisations)}.csv"
    _, table = read_csv_download(download.value, ["organisation", "theme", "share", "n_passages", "n_documents"])
    # The CSV keeps the chart's labels, uncertainty mark included; the answer key names plain labels. Shares are
    # percentages rounded to one decimal, as a spreadsheet reader wants them.
    from_csv = {(str(r.organisation), str(r.theme).removesuffix(UNCERTAIN_MARK)): float(r.share) / 100
                for r in table.itertuples()}
    assert from_csv.keys() == bars.keys()
    for cell, share in from_csv.items():
        assert bars[cell] == pytest.approx(share, abs=0.0005), cell
    assert_bars(from_csv, expected_bars(built, organisations), tolerance=0.0005)
    # Counts behind the shares agree with the tables too.
    for row in table.itertuples():
        analysed = expected.analysed(built, [row.organisation])
        assert row.n_passages == len(analysed)
        assert row.n_documents == analysed["doc_id"].nunique()
