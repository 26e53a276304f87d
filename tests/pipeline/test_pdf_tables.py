"""PDF tables found from where the words stand (pipeline.pdf_tables), on word boxes read from real pages.

tests/fixtures/pdf_lines/pages.json holds, per page of the development corpus (organisations marked dev), the text
lines pdfium gives with each word's left and right edge, as extract reads them (_line_words): [top, bottom,
[[left, right, word], …]]. Captured with pypdfium2 5.15 from the files in ../shared/corpora/helsereform/raw.
"""
from __future__ import annotations

import json
from functools import lru_cache

import pytest

from pipeline import pdf_tables
from pipeline.pdf_tables import Cell, TextLine
from tests.conftest import FIXTURES, development_corpus


@lru_cache(maxsize=None)
def _pages() -> dict:
    return json.loads((FIXTURES / "pdf_lines" / "pages.json").read_text(encoding="utf-8"))


def page_lines(key: str) -> list[TextLine]:
    """A captured page as extract hands it to find_tables: each line's words split into cells."""
    lines = []
    for top, bottom, words in _pages()[key]:
        cells = pdf_tables.split_cells([Cell(*w) for w in words], max(top - bottom, 1.0))
        lines.append(TextLine(top, bottom, cells))
    return lines


def table_rows(key: str) -> list[str]:
    return [row for _, rows in pdf_tables.find_tables(page_lines(key)) for row in rows]


def test_regression_table_keeps_its_rows():
    """folkehelseinstituttet-2024 p. 17 (Tabell 3.3): pdfium gives "Menn 0,078*** 0,077*** …" as one line and the
    header cells one column at a time; the build ran it all into one paragraph of figures."""
    rows = table_rows("folkehelseinstituttet-2024 p17")
    assert "| Menn | 0,078*** | 0,077*** | 0,077*** | 0,077*** |" in rows
    assert "| 51-60 år | -0,008*** | -0,007*** | -0,007*** |" in rows
    assert "| Alder |" in rows  # a group label between the rows stays in the table, on its line
    assert "| kjønn | kjønn, alder, | kjønn, alder, | kjønn, alder, |" in rows  # the header, row by row
    assert rows.index("| Kvinner | ref | ref | ref | ref |") < rows.index("| Menn | 0,078*** | 0,077*** | 0,077*** | 0,077*** |")
    # The rest of the wrapped last cell ("Referansen en av / kommunen (utelatt / …") is in the table; the
    # caption above and the note below are not.
    assert "| denne tabellen) |" in rows
    assert not any("Tabell 3.3" in row or "Note:" in row for row in rows)


def test_two_column_table_of_figures():
    """folkehelseinstituttet-2024 p. 19 (Tabell 3.5): one column of labels, one of estimates; the header cell over
    the estimates ("M: Kontrollert for kjønn, …") above the group label "Alder" belongs to it."""
    rows = table_rows("folkehelseinstituttet-2024 p19")
    assert rows[0] == "| M: Kontrollert for kjønn, alder, utdanning, |"
    assert "| 31-40 år | 0.0063*** |" in rows and "| Afrika, Asia, Sør-Amerika | -0.0075*** |" in rows
    assert not any("Tabell 3.5" in row or "Note:" in row for row in rows)


def test_wrapped_label_cells_and_figures_at_one_height_are_one_row():
    """folkehelseinstituttet-2024 p. 10 (Tabell 3.2): the label cell wraps over three lines and pdfium gives the
    figures as lines of their own at the height of its first line."""
    rows = table_rows("folkehelseinstituttet-2024 p10")
    assert "| Antall personer i 2019 | 3 871 950 | 1 960 978 | 1 910 972 |" in rows
    assert "| Antall konsultasjoner per | 2,9 | 2,3 | 3,5 |" in rows
    assert "| innbygger hos fastlege |" in rows


def test_table_of_measures():
    """kernel-2026 p. 14: "Måltall | Verdi", a measure and its value on each row."""
    rows = table_rows("kernel-2026 p14")
    assert rows[:2] == ["| Måltall | Verdi |", "| Oppdateringsfrekvens (timer) | 5,4 |"]
    assert "| Tilgjengelighet | 99.95% |" in rows


@pytest.mark.parametrize("key, why", [
    ("oslo-universitetssykehus-2026 p4", "body text beside a box of examples: lines of both at one height"),
    ("oslo-universitetssykehus-2026 p1", "the memo's fields Til: / Kopi: / Fra: / Dato: with their values"),
    ("universitetet-i-bergen-2026 p4", "four deans signing side by side: names and titles, no figures"),
    ("interregionalt-brukerutvalg-2026 p6", "justified bullet points whose word spaces stretch wide"),
    ("apotekforeningen-2026 p1", "the letterhead's contact box in columns, a numbered list, Deres ref. / Vår ref."),
    ("luftfartstilsynet-2026 p2", "the running head 'Luftfartstilsynet  Notat  2 av 4' over 'Vår dato  Vår referanse'"),
])
def test_no_table_where_the_page_has_none(key, why):
    assert table_rows(key) == [], why


def test_gap_after_a_list_marker_or_section_number_is_an_indent():
    """"•" and "2.3.1" before their text (interregionalt-brukerutvalg-2026 p. 6, folkehelseinstituttet-2024 p. 9)
    stand a wide gap apart from it; a cell gap only once the text has begun."""
    bullet = pdf_tables.split_cells([Cell(75.0, 79.0, "•"), Cell(93.0, 140.0, "Primærforebygging:"),
                                     Cell(160.0, 190.0, "folkehelse")], 11.0)
    assert [c.text for c in bullet] == ["• Primærforebygging:", "folkehelse"]
    number = pdf_tables.split_cells([Cell(85.0, 104.0, "2.3.1"), Cell(122.0, 140.0, "Bruk"), Cell(142.0, 145.0, "av")], 8.4)
    assert [c.text for c in number] == ["2.3.1 Bruk av"]


def test_table_of_contents_without_leaders_is_no_table():
    """A title and its page number in a column of their own: a table of contents (clean and segment read it)."""
    lines = [TextLine(700.0 - 14 * i, 690.0 - 14 * i, (Cell(86.0, 90.0 + 8 * len(title), title), Cell(500.0, 506.0, page)))
             for i, (title, page) in enumerate([("Innledning", "3"), ("Bakgrunn", "4"), ("Våre innspill", "6"),
                                                ("Oppsummering", "9")])]
    assert pdf_tables.find_tables(lines) == []


def test_pdf_extraction_gives_the_table_rows_as_table_passages():
    """The whole way: folkehelseinstituttet-2024 read from the development corpus, cleaned and segmented."""
    import pandas as pd

    from pipeline import clean, extract, segment

    raw = development_corpus() / "raw"
    result = extract.extract(raw / "menns-bruk-av-primarhelsetjenester-notat-2024.pdf")
    pages = clean.clean_pages(result.pages, result.kind, note_numbers=result.note_numbers)
    frame = segment.segment(pages, "folkehelseinstituttet-2024", result.headings)
    tables = frame[frame["kind"] == "table"]
    joined = "\n".join(tables["text"])
    assert "| Menn | -1,22*** | -1,26*** | -1,26*** | -1,26*** |" in joined.split("\n")
    body = "\n".join(frame.loc[frame["kind"] == "body", "text"])
    assert "0,078***" not in body and "-0,07***" not in body and "0.0063***" not in body
    # The text around the tables stays body: the caption and the paragraph that reads the table.
    assert "Tabell 3.3 viser regresjonsresultater" in body
    assert isinstance(tables, pd.DataFrame)


def test_letter_fields_above_a_table_stay_out_of_it():
    """troms-fylkeskommune-2026 p. 1: "Arkivsak-dok.  26/06946" and "Saksbehandler  Kristina Forsberg" (two
    columns, letterhead) stand right above the table of the case's meetings (three columns)."""
    rows = table_rows("troms-fylkeskommune-2026 p1")
    assert rows == ["| Behandlet av | Møtedato | Saknr |", "| 1 Ungdommens fylkesråd i Troms | 11.05.2026 | 43/26 |",
                    "| 2 Hovedutvalg kultur og helse | 12.05.2026 | 62/26 |", "| 3 Fylkestinget | 09.06.2026 | 42/26 |"]
