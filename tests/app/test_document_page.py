"""The document reader (pages/document.py and its queries) over the planted tables."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app.queries.reader import document_passages, document_sections, original_file
from app.reader import reader_html
from app.data import load_tables
from tests.app.conftest import DASHBOARD, TIMEOUT


def open_reader(app: AppTest, **params) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page("pages/document.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def reader_body(app: AppTest) -> str:
    return "\n".join(element.proto.body for element in app.get("html"))


def test_passages_come_in_order_with_their_theme_labels_and_matched_words(app_data):
    tables = load_tables(app_data)
    passages = document_passages(tables, "ntnu-2023", "en")
    assert passages["position"].tolist() == sorted(passages["position"])
    assert passages["passage_id"].iloc[0] == "ntnu-2023:0000"
    both = passages.set_index("passage_id").loc["ntnu-2023:0001"]  # the one passage with two themes (fixture)
    assert set(both["themes"].split("|")) == {"Practice placements", "Digital competence"}
    assert passages.iloc[-1]["kind"] == "signature" and passages.iloc[-1]["themes"] == ""


def test_sections_are_listed_once_where_they_start(app_data):
    passages = document_passages(load_tables(app_data), "tekna-2024", "nb")
    sections = document_sections(passages)
    assert sections["section_title"].tolist() == ["Helseteknologi"]
    assert sections.iloc[0]["position"] == 0 and sections.iloc[0]["n_passages"] == 3


def test_original_file_is_only_a_listed_file_inside_raw(app_data, tmp_path):
    tables = load_tables(app_data)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "nito-2022.txt").write_text("NITO", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    assert original_file(tables, "nito-2022", raw) == (raw / "nito-2022.txt").resolve()
    assert original_file(tables, "nito-2024", raw) is None  # listed, but not on disk
    assert original_file(tables, "../secret", raw) is None  # not a document of the build
    docs = tables.documents.copy()
    for bad in ("../secret.txt", str(tmp_path / "secret.txt"), "..", "sub/../../secret.txt"):
        docs.loc[docs["doc_id"] == "nito-2022", "source_file"] = bad
        forged = type(tables)(**{**tables.__dict__, "documents": docs})
        assert original_file(forged, "nito-2022", raw) is None, bad


def test_a_link_opens_the_document_at_the_marked_passage(app):
    open_reader(app, doc="ntnu-2023", passage="ntnu-2023:0001", lang="en", hl="praksis")
    assert app.selectbox(key="doc").value == "ntnu-2023"
    body = reader_body(app)
    assert 'class="hr-p hr-tagged hr-marked" id="hr-p-1"' in body
    assert body.count('hr-marked" id=') == 1
    assert '<span class="hr-tag">Practice placements</span>' in body
    # The word that made the tag is marked, and says on hover why ("praksis" alone is no word of this passage).
    assert '<mark title="Tagged because: Practice placements: praksisplasser; Digital competence: digital kompetanse">' \
           "praksisplasser</mark>" in body
    assert app.header[0].value.startswith("Høringssvar fra NTNU")
    assert [b.proto.label for b in app.get("download_button")] == ["Download the original file"] or any(
        "not available" in c.value for c in app.caption)


def test_the_reader_is_in_bokmal_by_default_and_lists_every_document(app):
    open_reader(app)
    assert app.title[0].value == "Les dokument"
    assert len(app.selectbox(key="doc").options) == 6
    assert any("Velg et dokument" in i.value for i in app.info)


def test_an_unknown_passage_or_document_in_a_link_is_named(app):
    open_reader(app, doc="ntnu-2023", passage="ntnu-2023:9999")
    assert any("ntnu-2023:9999" in w.value.replace("\\", "") for w in app.warning)
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    open_reader(app, doc="no-such-doc")
    assert any("no-such-doc" in w.value.replace("\\", "") for w in app.warning)
    assert app.selectbox(key="doc").value is None


def test_the_documents_table_opens_each_document_in_the_reader(app):
    app.switch_page("pages/documents.py")
    app.query_params["lang"] = "en"
    app.run()
    table = app.dataframe[0].value
    assert list(table["read"]) == [f"document?doc={d}&lang=en" for d in table["doc_id"]]


def test_each_distinct_demand_opens_its_passage_in_the_reader(app):
    app.switch_page("pages/demands.py")
    app.run()
    table = app.dataframe(key="demands_distinct").value
    assert len(table) > 0
    assert list(table["read"]) == [f"document?doc={d}&passage={p.replace(':', '%3A')}"
                                   for d, p in zip(table["doc_id"], table["passage_id"])]


def test_a_footnote_passage_shows_one_note_per_line():
    # kernel-2026: two footnotes kept as one passage, one note per line; body text stays one paragraph.
    notes = ("5 Helsedirektoratet (2024). Samhandlingsbarometeret, s. 18\n"
             "6 Ressursbruk i helse- og omsorgstjenestene, Helsedirektoratet 2023")
    body = "Det gjelder organiseringen,\nder avstanden mellom kunde og bruker er stor."
    passages = pd.DataFrame({
        "passage_id": ["d:0000", "d:0001"], "position": [0, 1], "page": [3, 3], "section_title": ["Innledning"] * 2,
        "kind": ["body", "footnote"], "text": [body, notes], "themes": ["", ""], "matched_forms": ["", ""]})
    html = reader_html(passages, doc_id="d", marked=None, highlight=[], lang="nb")
    assert "Samhandlingsbarometeret, s. 18<br>6 Ressursbruk" in html
    assert "organiseringen,<br>" not in html  # running text is not broken at its line ends


def test_the_points_of_a_list_stand_on_lines_of_their_own():
    # safo-2025 (2026-01-SAFO.pdf, p. 1): three bullets under «For Innbyggerne» were shown as one run-on paragraph.
    body = ("- Det er i mange tilfeller utydelig hvem som har ansvaret for å gi hjelp\n"
            "- Et til dels stort gap mellom hva de fleste tror man er sikret av hjelp og tjenester særlig i\n"
            "kommunene, og hva som er virkeligheten.\n- Forebyggende aktivitet/folkehelsetiltak tilbys ikke.")
    passages = pd.DataFrame({
        "passage_id": ["d:0000"], "position": [0], "page": [1], "section_title": ["For Innbyggerne"], "kind": ["body"],
        "text": [body], "themes": [""], "matched_forms": [""]})
    html = reader_html(passages, doc_id="d", marked=None, highlight=[], lang="nb")
    assert "å gi hjelp<br>- Et til dels" in html and "virkeligheten.<br>- Forebyggende" in html
    assert "særlig i\nkommunene" in html  # a line end inside a point is no break


def test_a_document_without_pages_shows_no_page_count():
    """TXT and DOCX files have no pages (documents.n_pages is <NA>): the facts leave the line out rather than fail
    on int(<NA>) or show «1»; a PDF's count is shown."""
    def facts(n_pages):
        import pandas as pd

        from app.reader import document_facts

        document_facts({"doc_id": "d", "title": "T", "organisation": "NITO", "n_pages": n_pages, "n_words": 1200},
                       "nb", {})

    for n_pages, shown in ((pd.NA, False), (12, True)):
        app = AppTest.from_function(facts, args=(n_pages,)).run()
        assert not app.exception, [e.value for e in app.exception]
        lines = app.markdown[0].value
        assert "**Ord i alt:** 1 200" in lines.replace("\u00a0", " ")  # every word, as the Documents page's column
        assert ("**Sider:** 12" in lines) is shown and ("Sider" in lines) is shown


def test_the_reader_says_why_each_theme_was_tagged_and_marks_searched_words_apart():
    """legeforeningen-2025:0007 on the development build: four theme chips and a yellow mark on every word that fired,
    but no «Tagget fordi», so which word made which theme was not shown; and a search's «kompetanse» (from «Les i
    dokumentet») was marked in the same yellow, read as if it had made a theme."""
    text_ = "Manglende tiltak for å beholde helsepersonell: underfinansiering, turnover og behov for kompetanse."
    passages = pd.DataFrame({
        "passage_id": ["d:0000"], "position": [0], "page": [2], "section_title": ["Utfordringer"], "kind": ["body"],
        "text": [text_], "themes": ["Rekruttering|Finansiering"],
        "matched_forms": ["Manglende|helsepersonell|turnover|underfinansiering"],
        "reasons": ["Rekruttering: Manglende + helsepersonell · turnover|Finansiering: underfinansiering"]})
    html = reader_html(passages, doc_id="d", marked=None, highlight=["kompetanse"], lang="nb")
    why = "Tagget fordi: Rekruttering: Manglende + helsepersonell · turnover; Finansiering: underfinansiering"
    assert f'<div class="hr-why">{why}</div>' in html
    assert f'<mark title="{why}">turnover</mark>' in html
    assert '<mark class="hr-sought">kompetanse</mark>' in html  # searched, not a theme's word
    english = reader_html(passages, doc_id="d", marked=None, highlight=[], lang="en")
    assert "Tagged because: Rekruttering: Manglende" in english and "<mark class=\"hr-sought\"" not in english


def test_the_reader_rows_carry_each_themes_reason(app_data):
    passages = document_passages(load_tables(app_data), "ntnu-2023", "en").set_index("passage_id")
    reasons = passages.loc["ntnu-2023:0001", "reasons"].split("|")
    assert sorted(r.split(":")[0] for r in reasons) == ["Digital competence", "Practice placements"]
    assert all(len(r.split(": ", 1)) == 2 and r.split(": ", 1)[1] for r in reasons)  # each names what fired
    assert passages.loc["ntnu-2023:0000", "reasons"] in ("",) or passages.loc["ntnu-2023:0000", "themes"]


def test_a_search_link_opens_the_reader_with_its_words_framed_and_explained(app):
    open_reader(app, doc="ntnu-2023", passage="ntnu-2023:0001", hl="studentene")
    body = reader_body(app)
    assert 'class="hr-why">Tagget fordi: Praksisplasser: praksisplasser; Digital kompetanse: digital kompetanse<' in body
    assert any("Ordene fra siden du kom fra (studentene) har blå ramme" in c.value for c in app.caption)


def test_a_words_passages_open_the_reader_with_the_word_marked_and_a_themes_do_not_send_theirs():
    """Keywords' drill-down (a word's forms, no evidence): «Les i dokumentet» opened the reader with nothing marked.
    A theme's drill-down sends no words: the reader marks the theme's own, and sent words would read as looked for."""
    from app.components import passages_html

    base = {"organisation": "NITO", "year": 2026, "title": "T", "doc_id": "d", "passage_id": "d:0001", "page": 1,
            "kind": "body", "text": "Flere praksisplasser trengs."}
    word = pd.DataFrame([{**base, "matched_forms": "praksisplasser"}])
    assert "hl=praksisplasser" in passages_html(word, highlight=[], lang="nb")
    theme = pd.DataFrame([{**base, "matched_forms": "praksisplasser", "evidence": "praksisplasser"}])
    assert "hl=" not in passages_html(theme, highlight=[], lang="nb")
    searched = pd.DataFrame([base])
    assert "hl=praksisplasser" in passages_html(searched, highlight=["praksisplasser"], lang="nb")


def test_a_long_word_in_the_contents_breaks_rather_than_being_cut_off():
    """helsefellesskapet-i-bergensomradet-2026-2: «Dybdeintervjuer, samtaler og kompetanseoverføringsmøter» ran out
    of the contents column (a quarter of the width) and was cut at «…møte»."""
    from app.reader import toc_html

    sections = pd.DataFrame({"section_title": ["Dybdeintervjuer, samtaler og kompetanseoverføringsmøter"],
                             "position": [3], "page": [6], "n_passages": [2]})
    css = toc_html(sections, "nb").split("</style>")[0]
    assert re.search(r"\.hr-toc li \{[^}]*overflow-wrap: anywhere", css)


def test_a_long_list_of_words_from_a_topic_is_named_short(app):
    """A topic's «Les i dokumentet» sends its ten terms' written forms (53 on the development build): the caption named
    them all, a paragraph above the text."""
    words = [f"ord{i}" for i in range(12)]
    open_reader(app, doc="ntnu-2023", passage="ntnu-2023:0001", hl=words)
    caption = next(c.value for c in app.caption if "blå ramme" in c.value)
    assert "(ord0, ord1, ord2, ord3, ord4, ord5, ord6, ord7 og 4 til)" in caption.replace("\\", "")
