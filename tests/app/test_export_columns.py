"""Every download of every page names its columns in the reader's language: no column without a catalogue label."""
from __future__ import annotations

import pytest
from streamlit.elements.widgets import button

from app import exports
from app.i18n import catalogue
from tests.app.conftest import open_page

PAGES = ("overview", "themes", "topics", "keywords", "compare", "passages", "demands", "documents", "method")


def every_page_downloaded(app, monkeypatch, lang: str):
    """Yield each page's name, then open it in lang with every download "clicked" (the app writes a download's bytes
    only when it is clicked: a callable), so recorders patched into exports see every file of every page."""
    marshall = button.marshall_file
    monkeypatch.setattr(button, "marshall_file",
                        lambda coordinates, data, *a, **k: marshall(coordinates, data() if callable(data) else data, *a, **k))
    for page in PAGES:
        yield page
        at = open_page(app, page)
        if lang == "en":
            at.session_state["lang"] = "en"
            at.run()
        assert not at.exception, (page, at.exception)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_downloaded_column_has_a_label(app, monkeypatch, lang):
    labelled = exports.column_label
    unlabelled: dict[str, set[str]] = {}
    seen: set[str] = set()
    languages: set[str] = set()

    def recording(column: str, language: str) -> str:
        seen.add(column)
        languages.add(language)
        if f"column.{column}" not in catalogue():
            unlabelled.setdefault(column, set()).add(current)
        return labelled(column, language)

    monkeypatch.setattr(exports, "column_label", recording)
    for current in every_page_downloaded(app, monkeypatch, lang):
        pass  # each page runs after its name is yielded, so recording() knows it
    assert not unlabelled, f"columns without a catalogue label (column.<name>): {unlabelled}"
    # The pages did export: the theme, organisation and share columns at least.
    assert {"theme", "organisation", "share", "quote"} <= seen
    assert lang in languages


def test_the_topic_and_keyness_downloads_label_every_column(app_data):
    """ux-review12: on the 157-document build the topic terms CSV had columns «rank» and «stored_rank», and the
    Compare page's distinctive terms «words_target», «words_rest», «docs_target», «docs_rest»: ids, in both languages.
    The planted tables draw neither chart, so the page test above never saw them."""
    from app.data import load_tables
    from app.queries.terms import KEYNESS_COLUMNS
    from app.queries.topics import topic_terms_ranked

    tables = load_tables(app_data)
    columns = set(KEYNESS_COLUMNS) | set(topic_terms_ranked(tables, int(tables.topic_terms["topic_id"].iloc[0])).columns)
    assert not sorted(c for c in columns if f"column.{c}" not in catalogue())


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_excel_download_says_what_it_is_in_words_not_its_file_name(app, monkeypatch, lang):
    """export-review12: the «Om uttrekket» sheet of the tables' and passage lists' Excel files said «Hva:
    demands_distinct», «documents», «passages_themes_passages»: the file's stem, where a chart's file has its
    title. Now each says the heading it stands under (or its page's title)."""
    titles: dict[str, str] = {}
    xlsx = exports.xlsx_bytes

    def recording(data, meta):
        titles[meta.name] = meta.title
        return xlsx(data, meta)

    monkeypatch.setattr(exports, "xlsx_bytes", recording)
    for _ in every_page_downloaded(app, monkeypatch, lang):
        pass
    assert {"documents", "demands_distinct", "passages_themes_passages"} <= set(titles)
    named = {name: title for name, title in titles.items() if title == name or "_" in title or "\\" in title}
    assert not named, f"Excel files whose «What» is a file name: {named}"
