"""Every page loads over the real seed build, draws its charts and shows no exception; a screenshot of each."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import PAGES, chart_count, no_exception, open_page, screenshot

#: Charts each page draws over the seed corpus with no filters (passages: with a search for "praksis").
MIN_CHARTS = {
    "overview": 2,    # theme × organisation heatmap, rising terms
    "themes": 5,      # by year per organisation, by organisation, organisation × year, by document, co-occurrence
    "topics": 0,      # the seed corpus is too small for reliable topics: the page says so instead of charting noise
    "keywords": 2,    # term trend, rising/falling (keyness needs its own target)
    "compare": 1,     # theme profile at least
    "passages": 0,    # a search page: hits as text, no chart
    "demands": 2,     # distinct demands per organisation × year, recurring/new/dropped (NITO 2022 → 2024)
    "documents": 0,   # a table
    "document": 0,    # the reader: text
    "method": 1,      # coherence by k
}
PARAMS = {"passages": {"q": "praksis"}, "document": {"doc": "nito-2022-budsjett-helse"}}


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_and_draws_its_charts(page, server, name):
    seconds = open_page(page, server, name, MIN_CHARTS[name], **PARAMS.get(name, {}))
    no_exception(page)
    drawn = chart_count(page)
    screenshot(page, name)
    print(f"[e2e] {name}: {drawn} charts, ready in {seconds:.1f}s")
    assert drawn >= MIN_CHARTS[name]
    # The page's own title is drawn (not a bare pages/ file without the shared sidebar).
    assert page.locator("h1").count() >= 1
    assert page.locator(".st-key-org").count() == 1
    if name == "topics":  # no topic of the five seed documents is reliable (issue 14): a warning, no chart
        assert page.locator("[data-testid='stAlertContentWarning']").count() == 1 and drawn == 0


def test_passage_search_lists_highlighted_hits(page, server, built):
    """The search page lists passages containing the word, with the word marked."""
    open_page(page, server, "passages", q="praksisplass")
    no_exception(page)
    marks = page.locator(".hr-passage mark")
    # The page reruns once it has read the query from the URL; on a loaded machine the idle check can fall between
    # the two runs (CI of 98fadb7 saw 0 marks; the same commit passed on rerun), so wait for the list itself.
    marks.first.wait_for(state="attached")
    assert marks.count() > 0
    assert all(m.lower().startswith("praksisplass") for m in marks.all_inner_texts())
    expected = built.passages.loc[
        (built.passages["kind"] == "body") & built.passages["text"].str.contains(r"\bpraksisplass", case=False, regex=True)
    ]
    shown = page.locator(".hr-passage").count()
    assert shown == min(len(expected), 50)
