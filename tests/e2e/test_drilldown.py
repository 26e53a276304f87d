"""A click on a bar lists exactly the passages behind it."""
from __future__ import annotations

import pytest

from tests.e2e import expected
from tests.e2e.helpers import chart_data, no_exception, open_page, read_csv_download, wait_ready

CHART = "themes_by_org_share"
THEME = "practice_placements"
SHOWN_AT_MOST = 50  # app.components.PASSAGES_SHOWN


def organisation_with_most(built, theme_id: str) -> str:
    """The organisation with most passages tagged with the theme (NTNU for practice_placements in the seed)."""
    counts = {org: len(expected.theme_passage_ids(built, theme_id, org))
              for org in built.documents["organisation"].astype(str).unique()}
    return max(sorted(counts), key=counts.get)


def test_click_on_a_bar_lists_its_passages(page, server, built):
    organisation = organisation_with_most(built, THEME)
    wanted = expected.theme_passage_ids(built, THEME, organisation)
    assert wanted, "the seed corpus should tag some passages with practice_placements"
    label = expected.theme_label(built, THEME)

    open_page(page, server, "themes", 4)
    no_exception(page)
    traces = chart_data(page, CHART)
    bars = [t for t in traces if t["type"] == "bar"]
    curve = [t["name"] for t in bars].index(organisation)
    point = [str(x) for x in bars[curve]["x"]].index(label)
    # The drag layer lies over the bars: force the click onto the bar's own path.
    bar = page.locator(f".st-key-{CHART} g.trace.bars").nth(curve).locator("g.point path").nth(point)
    bar.click(force=True)
    heading = page.get_by_role("heading", name=f"{label} · {organisation}")
    heading.wait_for()
    wait_ready(page)
    no_exception(page)

    # The list right under the heading: every card is one of the organisation's tagged passages.
    listing = page.locator(".hr-passages").first
    metas = listing.locator(".hr-meta").all_inner_texts()
    assert len(metas) == min(len(wanted), SHOWN_AT_MOST)
    assert all(meta.startswith(f"{organisation} ·") for meta in metas)
    texts = set(listing.locator(".hr-passage > div:nth-child(2)").all_inner_texts())
    wanted_texts = set(built.passages.loc[built.passages["passage_id"].isin(wanted), "text"].str.strip())
    assert {t.strip() for t in texts} <= wanted_texts

    # Its CSV holds exactly those passages.
    with page.expect_download() as download:
        page.locator(".st-key-themes_drill_organisation__csv button").click()
    name, table = read_csv_download(download.value, ["passage_id", "organisation"])
    assert set(table["passage_id"]) == wanted and len(table) == len(wanted)
    assert set(table["organisation"]) == {organisation}
    assert name == "passages_themes_drill_organisation_all.csv"


@pytest.mark.parametrize("theme_id", ["digital_competence"])
def test_click_on_a_year_point_lists_that_years_passages(page, server, built, theme_id):
    """The by-year line: a click on a marker lists the passages of that theme and year."""
    year = int(built.documents["year"].max())
    passages = expected.analysed(built, years=[year])
    tags = built.passage_themes
    wanted = set(passages["passage_id"]) & set(tags.loc[tags["theme_id"] == theme_id, "passage_id"])
    if not wanted:
        pytest.skip(f"no {theme_id} passages in {year}")
    label = expected.theme_label(built, theme_id)

    open_page(page, server, "themes", 4, year_view="together")  # the pooled by-year view (an id, in any language)
    traces = [t for t in chart_data(page, "themes_by_year_share") if t["type"] == "scatter"]
    curve = [t["name"] for t in traces].index(label)
    point = [int(x) for x in traces[curve]["x"]].index(year)
    marker = page.locator(".st-key-themes_by_year_share g.trace.scatter").nth(curve).locator("path.point").nth(point)
    marker.click(force=True)
    page.get_by_role("heading", name=f"{label} · {year}").wait_for()
    wait_ready(page)
    with page.expect_download() as download:
        page.locator(".st-key-themes_drill_year__csv button").click()
    _, table = read_csv_download(download.value, ["passage_id"])
    assert set(table["passage_id"]) == wanted
