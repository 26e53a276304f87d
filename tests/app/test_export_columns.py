"""Every download of every page names its columns in the reader's language: no column without a catalogue label."""
from __future__ import annotations

import pytest
from streamlit.elements.widgets import button

from app import exports
from app.i18n import catalogue
from tests.app.conftest import open_page

PAGES = ("overview", "themes", "topics", "keywords", "compare", "passages", "demands", "documents", "method")


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
    # The app writes a download's bytes only when it is clicked (a callable): "click" every download button.
    marshall = button.marshall_file
    monkeypatch.setattr(button, "marshall_file",
                        lambda coordinates, data, *a, **k: marshall(coordinates, data() if callable(data) else data, *a, **k))
    for current in PAGES:
        at = open_page(app, current)
        if lang == "en":
            at.session_state["lang"] = "en"
            at.run()
        assert not at.exception, (current, at.exception)
    assert not unlabelled, f"columns without a catalogue label (column.<name>): {unlabelled}"
    # The pages did export: the theme, organisation and share columns at least.
    assert {"theme", "organisation", "share", "quote"} <= seen
    assert lang in languages
