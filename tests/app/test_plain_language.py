"""Plain language first (issue 12, item 6): what a reader sees names no shell command or file path, and each page's
opening text is free of method jargon, which sits behind "Slik er det regnet ut"."""
from __future__ import annotations

import re

import pytest

from app.i18n import LANGUAGES, catalogue, text
from tests.app.conftest import open_page

#: A shell command, a program invocation or a file path of the project's layout.
TECHNICAL = re.compile(r"make run|python -m|\bpipeline (build|add)\b|\bdata/|[\w.]+\.(toml|csv|md|parquet|sqlite|py)\b"
                       r"|\.streamlit/")
#: Method words a leader should not need to read first.
JARGON = re.compile(r"λ|G²|NMF|p\(ord|p\(word|log2|Dunning|Log Ratio|lemma|NPMI|TF-IDF|FTS5")
PAGES_WITH_METHOD = ("topics", "keywords", "compare")


def test_no_reader_text_names_a_command_or_a_file_path():
    found = [(key, lang) for key, entry in catalogue().items() for lang in LANGUAGES
             if TECHNICAL.search(entry.get(lang, ""))]
    assert found == []


@pytest.mark.parametrize("area", ["overview", "themes", "topics", "keywords", "compare", "search", "documents",
                                  "demands", "method"])
def test_each_page_opens_in_plain_language(area):
    for lang in LANGUAGES:
        assert not JARGON.search(text(f"{area}.intro", lang)), (area, lang)


def test_the_method_details_sit_behind_the_expander(app):
    for area in PAGES_WITH_METHOD:
        assert JARGON.search(text(f"{area}.how")), area  # the details are kept, not dropped
    at = open_page(app, "keywords")
    assert not at.exception
    expanders = [e for e in at.expander if e.label == text("common.how_calculated")]
    assert len(expanders) == 1
    assert "G²" in " ".join(m.value for m in expanders[0].markdown)
    # The keyness note under the chart says it plainly.
    assert not [c.value for c in at.caption if JARGON.search(c.value)]


def test_no_reader_text_holds_a_bare_web_address():
    """A bare domain («regjeringen.no») in a catalogue text renders as a link (Markdown autolinks it; the Method page's
    part-E captions did): sites are named in words."""
    address = re.compile(r"\b[\w-]+\.(?:no|com|org|net|eu)\b")
    found = [(key, lang, address.search(entry.get(lang, "")).group(0)) for key, entry in catalogue().items()
             for lang in LANGUAGES if address.search(entry.get(lang, ""))]
    assert found == []
