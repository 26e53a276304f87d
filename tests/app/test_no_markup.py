"""No markup from data (issue 15, S3): every page over a corpus whose metadata and text carry injection payloads.

Every value Streamlit would render as Markdown is rendered here with a CommonMark + GFM renderer (autolinks
on, raw HTML on: the strictest reading); every plotly figure and st.html body is searched for tags. No link
or image may form, and the payloads must be visible literally.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from pipeline import schema
from tests.app.conftest import DASHBOARD, TIMEOUT, select_points
from tests.fixtures import tables as fixture

IMAGE = "![p](http://evil.example/pixel.png)"
LINK = "[Logg inn på nytt](http://evil.example/login)"
PHISH = "Hoeringssvar fra **Evil** [les hele svaret her](https://evil.example/phish)"
TICK = "`kode` bryter ut` her"
TAG = '<img src="http://evil.example/tag.png"> <a href="http://evil.example/a">a</a>'
FORMULA = '=HYPERLINK("http://evil.example","klikk")'
AUTOLINK = "www.evil.example og https://evil.example/auto"
EVIL_ORG = f"Tekna {LINK}"
EVIL_ORG_2 = f"NTNU {IMAGE}"
PROBLEM = f"{TICK} {IMAGE} {LINK}.pdf: no text layer; skipped"

PAGES = ("overview", "themes", "topics", "keywords", "compare", "passages", "documents", "document", "method")
#: Element types whose body Streamlit renders as Markdown.
MARKDOWN_TYPES = ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success")
RENDER = MarkdownIt("gfm-like", {"html": True, "linkify": True})
MARKUP = re.compile(r"<\s*(a|img|image|iframe|script|svg|object|embed|link)\b", re.IGNORECASE)
#: The app's own links, and nothing else: the reader at url-encoded ids (app.links.reader_link), in-page anchors.
OWN_LINK = re.compile(
    r'<a class="hr-open" href="document\?(?:[\w%.+~-]+=[\w%.+~-]*(?:&amp;)?)+"(?: target="_blank")?(?: title="[^"<>]*")?>'
    r'|<a href="#hr-p-\d+">'
)
#: What Streamlit's renderer (remark-gfm) turns into a link in a text node after escapes are resolved.
GFM_AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+", re.IGNORECASE)


def payload_frames() -> dict[str, pd.DataFrame]:
    """The planted tables with payloads in every metadata field, text, section, topic label and term."""
    frames = fixture.fixture_frames()
    docs = frames["documents"]
    docs["organisation"] = docs["organisation"].replace({"Tekna": EVIL_ORG, "NTNU": EVIL_ORG_2})
    docs["title"] = [f"{FORMULA} {PHISH}" if i % 2 else f"{TICK} {TAG}" for i in range(len(docs))]
    docs["date_basis"] = f"{IMAGE} {LINK}"
    docs["source_file"] = docs["doc_id"] + f" {TICK}.pdf"
    passages = frames["passages"]
    passages["section_title"] = passages["section_title"].astype(str) + f" {TAG}"
    passages["text"] = passages["text"].astype(str) + f" {IMAGE} {TAG} {AUTOLINK}"
    topics = frames["topics"]
    topics["label"] = topics["label"].astype(str) + f" · {LINK}"
    counts = frames["term_counts"]
    extra = pd.DataFrame({"doc_id": docs["doc_id"], "term": LINK, "kind": "lemma", "count": 9})
    frames["term_counts"] = schema.conform(pd.concat([counts, extra], ignore_index=True), "term_counts")
    themes = frames["themes"]
    themes["description"] = themes["description"].astype(str) + f" {IMAGE}"
    return {name: schema.conform(df, name) for name, df in frames.items()}


@pytest.fixture(scope="module")
def payload_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("hr_payload")
    processed = data / "processed"
    processed.mkdir()
    frames = payload_frames()
    for name, df in frames.items():
        schema.validate(df, name)
        df.to_parquet(processed / f"{name}.parquet", index=False)
    fixture.write_search_db(frames["passages"], frames["documents"], processed / schema.SEARCH_DB)
    info = fixture.build_info(frames) | {"problems": [PROBLEM, FORMULA]}
    (processed / schema.BUILD_INFO).write_text(json.dumps(info), encoding="utf-8")
    return data


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def markdown_bodies(at: AppTest) -> list[str]:
    """Everything on the page (sidebar included) that Streamlit renders as Markdown."""
    bodies = [element.proto.body for kind in MARKDOWN_TYPES for element in at.get(kind)]
    bodies += [element.proto.label for element in at.get("expandable")]
    for table in at.get("table"):
        frame = table.value
        bodies += [str(c) for c in frame.columns]
        bodies += [str(v) for v in frame.to_numpy().ravel()]
    return bodies


def assert_no_markup(at: AppTest, page: str) -> str:
    """Fail on any link, image or tag the page's data could form; return the page's visible Markdown text."""
    assert not at.exception, f"{page}: {[e.value for e in at.exception]}"
    visible = []
    for body in markdown_bodies(at):
        rendered = RENDER.render(body)
        assert not MARKUP.search(rendered), f"{page}: Markdown {body!r} renders as {rendered!r}"
        text_nodes = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
        assert not GFM_AUTOLINK.search(text_nodes), f"{page}: {text_nodes!r} would become a bare-URL link"
        visible.append(text_nodes.replace("\u200b", ""))
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for value in _strings(spec.get("data", [])) :
            assert not MARKUP.search(value), f"{page}: plotly trace text {value!r}"
        for value in _strings(spec.get("layout", {})):
            assert not MARKUP.search(value), f"{page}: plotly layout text {value!r}"
    for element in at.get("html"):
        body = OWN_LINK.sub("", element.proto.body)
        assert not MARKUP.search(body), f"{page}: st.html {body[:300]!r}"
    return "\n".join(visible)


def run_page(data: Path, monkeypatch, page: str) -> AppTest:
    monkeypatch.setenv("HORINGSRADAR_DATA", str(data))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_no_page_turns_data_into_markup(payload_data, monkeypatch, page):
    at = run_page(payload_data, monkeypatch, page)
    assert_no_markup(at, page)


def test_payloads_are_shown_literally(payload_data, monkeypatch):
    at = run_page(payload_data, monkeypatch, "documents")
    visible = assert_no_markup(at, "documents")
    assert f"{IMAGE} {LINK}" in visible  # the date-basis table shows the date basis as typed
    at = run_page(payload_data, monkeypatch, "method")
    visible = assert_no_markup(at, "method")
    assert PROBLEM in visible and FORMULA in visible  # the problem list, backticks and all


def test_drill_down_headings_and_hovers_stay_text(payload_data, monkeypatch):
    """A click on a cell of the payload organisation: the heading names it literally, the passages stay escaped."""
    at = run_page(payload_data, monkeypatch, "overview")
    select_points(at, "overview_heatmap", [["digital_competence", EVIL_ORG]])
    at.run()
    visible = assert_no_markup(at, "overview (drill-down)")
    assert EVIL_ORG in visible
    bodies = "\n".join(e.proto.body for e in at.get("html"))
    assert "&lt;img src=" in bodies and "<img" not in bodies
    legend = [t["name"] for chart in at.get("plotly_chart") for t in json.loads(chart.proto.spec)["data"] if t.get("name")]
    assert all("<a" not in name for name in legend)


# --- S4: no unescaped formula in any export ---------------------------------------------------------


def test_table_toolbar_export_is_off(payload_data, monkeypatch):
    """Streamlit's own "Download as CSV" exports cells as they are, so it is off (config and dashboard.py both)."""
    import tomllib

    import streamlit as st

    config = tomllib.loads((Path(DASHBOARD).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    st.set_option("client.disableDataExport", False)
    at = run_page(payload_data, monkeypatch, "documents")
    assert not at.exception
    assert st.get_option("client.disableDataExport") is True


def test_app_downloads_neutralise_every_payload_formula():
    from app.components import csv_bytes

    frame = pd.DataFrame({"title": [FORMULA, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "ok"]})
    lines = csv_bytes(frame, "nb").decode("utf-8-sig").splitlines()[1:]
    assert [line.strip('"') for line in lines[:5]] == [
        "'" + FORMULA.replace('"', '""'), "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\t=1"
    ]
    assert lines[5] == "ok"


def test_reader_shows_a_document_of_payloads_as_text(payload_data, monkeypatch):
    """The reader at a passage: title, metadata, sections and text with payloads are all shown literally."""
    monkeypatch.setenv("HORINGSRADAR_DATA", str(payload_data))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params["doc"] = "tekna-2023"
    at.query_params["passage"] = "tekna-2023:0001"
    at.switch_page("pages/document.py")
    at.run()
    visible = assert_no_markup(at, "document")
    assert f"{IMAGE} {LINK}" in visible  # the date basis
    assert EVIL_ORG in visible  # the organisation
    body = "".join(element.proto.body for element in at.get("html"))
    assert html.escape(TAG) in body and "hr-marked\" id=\"hr-p-1\"" in body
