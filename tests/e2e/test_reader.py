"""The document reader in the browser: opened from a search hit and from a drill-down, it lands on the passage the
reader came from (marked and scrolled into view), and gives the original file."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.e2e.helpers import PAGE_TIMEOUT_MS, VIEWPORT, chart_data, no_exception, open_page, screenshot, wait_ready


def open_from(page, link) -> tuple[object, dict]:
    """Click a passage's "read in the document" link (a new tab); the reader page and the link's query."""
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    with page.context.expect_page() as opened:
        link.click()
    reader = opened.value
    reader.set_default_timeout(PAGE_TIMEOUT_MS)
    wait_ready(reader)
    no_exception(reader)
    return reader, query


def assert_lands_on(reader, built, passage_id: str) -> None:
    """The passage is the one marked, is in view, and its text is the passage's text."""
    position = int(built.passages.set_index("passage_id").loc[passage_id, "position"])
    marked = reader.locator(".hr-p.hr-marked")
    assert marked.count() == 1
    assert marked.get_attribute("id") == f"hr-p-{position}"
    reader.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.bottom > 0 && r.top < window.innerHeight; }""",
        arg=f"hr-p-{position}", polling=200,
    )
    wanted = str(built.passages.set_index("passage_id").loc[passage_id, "text"]).split()
    assert marked.locator("div").nth(1).inner_text().split() == wanted


def test_a_search_hit_opens_the_document_at_that_passage_and_gives_the_original(page, server, built):
    open_page(page, server, "passages", q="praksisplass")
    link = page.locator(".hr-passage a.hr-open").first
    reader, query = open_from(page, link)
    (passage_id,), (doc_id,) = query["passage"], query["doc"]
    assert_lands_on(reader, built, passage_id)
    # The searched word is marked in the passage, as in the hit.
    marks = [m.lower() for m in reader.locator(".hr-p.hr-marked mark").all_inner_texts()]
    assert any(m.startswith("praksisplass") for m in marks)
    # Every passage of the document, in order.
    positions = sorted(built.passages.loc[built.passages["doc_id"] == doc_id, "position"])
    shown = [int(i.split("-")[-1]) for i in reader.locator(".hr-p").evaluate_all("els => els.map(e => e.id)")]
    assert shown == positions
    screenshot(reader, "reader_from_search")
    # The original file, byte for byte.
    source = built.documents.set_index("doc_id").loc[doc_id, "source_file"]
    with reader.expect_download() as download:
        reader.locator(".st-key-reader_original button").click()
    assert download.value.suggested_filename == source
    assert open(download.value.path(), "rb").read() == (built.data_dir / "raw" / source).read_bytes()


def test_a_drill_down_passage_opens_in_the_reader(page, server, built):
    open_page(page, server, "themes", 4)
    chart = "themes_by_org_share"
    bars = [t for t in chart_data(page, chart) if t["type"] == "bar"]
    page.locator(f".st-key-{chart} g.trace.bars").nth(0).locator("g.point path").nth(0).click(force=True)
    page.locator(".st-key-themes_drill_organisation__csv").wait_for()
    wait_ready(page)
    link = page.locator(".hr-passages a.hr-open").first
    reader, query = open_from(page, link)
    assert "lang" not in query  # Bokmål, the default language, is left out of links
    assert_lands_on(reader, built, query["passage"][0])
    # The passage carries the theme it was listed under (its tag in the reader's language).
    organisation = bars[0]["name"]
    assert query["doc"][0] in set(built.documents.loc[built.documents["organisation"] == organisation, "doc_id"])
    tags = reader.locator(".hr-p.hr-marked .hr-tag").all_inner_texts()
    assert str(bars[0]["x"][0]) in tags


def test_the_contents_jump_to_a_section(page, server, built):
    doc_id = built.documents.sort_values("n_passages")["doc_id"].iloc[-1]
    open_page(page, server, "document", doc=doc_id)
    entries = page.locator(".hr-toc a")
    # the reader's HTML may attach after the run went idle (a loaded full run once counted 0 entries)
    entries.first.wait_for()
    assert entries.count() >= 2
    last = entries.nth(entries.count() - 1)
    target = last.get_attribute("href").lstrip("#")
    last.click()
    page.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.bottom > 0 && r.top < window.innerHeight; }""", arg=target, polling=200,
    )
    assert page.viewport_size == VIEWPORT
