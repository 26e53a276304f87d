"""Demands page in the browser over the real seed build: NITO's recurring capacity demand and its dropped
Høgskolen Innlandet demand are on the page without picking them by hand; a filter change and the CSV."""
from __future__ import annotations

from tests.e2e.helpers import chart_data, choose, no_exception, open_page, read_csv_download, screenshot, wait_ready


def changes_csv(page):
    with page.expect_download() as download:
        page.locator(".st-key-demands_changes__csv button").click()
    return read_csv_download(download.value, ["status", "quote", "group_id"])


def test_nito_recurrence_is_visible_and_the_csv_follows_the_filter(page, server, built):
    open_page(page, server, "demands", 2)
    no_exception(page)
    # The recurrence chart (2022 → 2024 by default): NITO is the only organisation with documents in both years.
    bars = {t["name"]: t for t in chart_data(page, "demands_changes_chart") if t["type"] == "bar"}
    assert set(bars) == {"går igjen", "nytt", "borte"}
    assert list(bars["går igjen"]["y"]) == ["NITO"] and bars["går igjen"]["x"][0] >= 1
    _, changes = changes_csv(page)
    recurring = changes.loc[changes["status"] == "recurring", "quote"]
    dropped = changes.loc[changes["status"] == "dropped", "quote"]
    # The seed recurrence: capacity of bioingeniører, medical-technical and IKT personnel, 2022 → 2024 …
    assert recurring.str.contains("bioingeniører").any() and recurring.str.contains("IKT-ingeniører").any()
    # … and "fully fund 30 study places at Høgskolen Innlandet" in 2022 only, quoted as its group's wording.
    assert dropped.str.contains("Innlandet").any()
    assert not recurring.str.contains("Innlandet").any()
    innlandet = built.demands.loc[built.demands["sentence"].str.contains("Innlandet"), "group_id"]
    assert set(innlandet) <= set(changes.loc[changes["status"] == "dropped", "group_id"])
    page.locator(".st-key-demands_changes__csv").scroll_into_view_if_needed()
    screenshot(page, "demands_recurrence")

    # A sidebar filter narrows every view, and the CSV says so.
    choose(page, "year", "2024")
    wait_ready(page, 1)
    no_exception(page)
    cells = {tuple(c[:2]) for t in chart_data(page, "demands_heatmap") if t["type"] == "scatter" for c in t["customdata"]}
    assert cells and {year for _, year in cells} == {"2024"}
    with page.expect_download() as download:
        page.locator(".st-key-demands_distinct__csv button").click()
    name, distinct = read_csv_download(download.value, ["group_id"])
    wanted = built.demands.merge(built.documents[["doc_id", "year"]], on="doc_id")
    wanted = wanted.loc[(wanted["year"] == 2024) & (wanted["kind"] == "demand"), "group_id"]
    assert set(distinct["group_id"]) == set(wanted)
    assert name.endswith("_year=2024.csv")
    screenshot(page, "demands_2024")
