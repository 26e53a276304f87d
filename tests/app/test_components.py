"""CSV downloads (header in line 1, filters in the file name, no formula injection) and passage highlighting (escaped first)."""
from __future__ import annotations

import io
import re

import pandas as pd

from app.components import csv_bytes, download_name, highlight_html, number, passage_quotes, passages_html
from app.state import Filters, filters_from


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def test_csv_header_is_line_one_and_the_filters_go_into_the_name():
    frame = read_back(csv_bytes(pd.DataFrame({"organisation": ["NITO", "Tekna"]}), "nb"))
    assert list(frame.columns) == ["Organisasjon"] and frame["Organisasjon"].tolist() == ["NITO", "Tekna"]


def test_csv_neutralises_formula_cells_but_keeps_numbers():
    data = pd.DataFrame({
        "quote": ["=SUM(A1:A9) er ikke et argument", "+47 22 00 00 00", "-- tankestrek", "@navn", "\tinnrykk",
                  "vanlig tekst"],
        "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0],
    })
    frame = read_back(csv_bytes(data, "nb"))
    assert frame["Sitat"].tolist() == [
        "'=SUM(A1:A9) er ikke et argument", "'+47 22 00 00 00", "'-- tankestrek", "'@navn", "'\tinnrykk", "vanlig tekst"
    ]
    assert frame["value"].tolist()[0] == "-1.5"  # a real negative number is data, not a formula
    assert data["quote"].iloc[0].startswith("=")  # the caller's frame is not changed


def test_csv_neutralises_string_dtype_and_column_names():
    data = pd.DataFrame({"=cmd": pd.Series(["=1+1"], dtype="string")})
    frame = read_back(csv_bytes(data, "nb"))
    assert list(frame.columns) == ["'=cmd"] and frame.iloc[0, 0] == "'=1+1"


def test_download_name_carries_filters_and_query():
    assert download_name("themes_by_year", filters_from(["Tekna", "NITO"])) == "themes_by_year_org=NITO+Tekna.csv"
    assert download_name("passages_search", Filters(), "xlsx", query="praksis") == "passages_search_praksis_all.xlsx"


def test_highlight_escapes_before_marking():
    html = highlight_html("Tekna advarer mot <script>alert('x')</script> og praksisplasser", ["praksisplass*", "script"])
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;alert(&#x27;x&#x27;)&lt;/<mark>script</mark>&gt;" in html
    assert html.endswith("og <mark>praksisplasser</mark>")


def test_highlight_whole_words_unless_prefix():
    assert highlight_html("praksis og praksisplass", ["praksis"]) == "<mark>praksis</mark> og praksisplass"
    assert highlight_html("Digital  kompetanse", ["digital kompetanse"]) == "<mark>Digital  kompetanse</mark>"
    assert highlight_html("a < b", []) == "a &lt; b"


def test_passage_cards_escape_metadata_and_mark_matched_forms():
    passages = pd.DataFrame({
        "passage_id": ["d:0001"], "organisation": ["<b>Org</b>"], "year": [2024], "title": ["T & <i>"],
        "section_title": ["Del <1>"], "page": [pd.NA], "text": ["Flere praksisplasser nå"],
        "matched_forms": ["praksisplasser"],
    })
    html = passages_html(passages, [], "nb")
    assert "&lt;b&gt;Org&lt;/b&gt;" in html and "T &amp; &lt;i&gt;" in html and "del: Del &lt;1&gt;" in html
    assert "Flere <mark>praksisplasser</mark> nå" in html
    assert "s. " not in html  # no page number where the format has none


def test_unanalysed_kinds_are_greyed_and_named():
    passages = pd.DataFrame({
        "passage_id": ["d:0000", "d:0001"], "organisation": ["NITO", "NITO"], "year": [2024, 2024],
        "title": [pd.NA, pd.NA], "section_title": ["", ""], "page": [1, 1], "kind": ["body", "footnote"],
        "text": ["Flere praksisplasser nå.", "1 NITO Bioingeniørfaglig institutt har i rapporten Bioingeniørene"],
    })
    cards = re.findall(r'<div class="hr-passage( hr-boiler)?">(.*?)</div></div>', passages_html(passages, [], "nb"))
    assert cards[0][0] == "" and "ikke analysert" not in cards[0][1]
    assert cards[1][0] == " hr-boiler" and "fotnote (ikke analysert)" in cards[1][1]
    assert "footnote (not analysed)" in passages_html(passages, [], "en")


def test_passage_download_keeps_the_quotes():
    passages = pd.DataFrame({"organisation": ["NITO"], "year": [2024], "text": ["Sitat."], "passage_id": ["d:0000"],
                             "n_words": [1]})
    assert passage_quotes(passages).columns.tolist() == ["organisation", "year", "passage_id", "quote"]


def test_numbers_in_the_readers_style():
    assert number(12345, "nb") == "12\u00a0345"
    assert number(12345.25, "en", 1) == "12,345.2"


def test_kwic_lines_are_escaped():
    from app.components import kwic_html

    kwic = pd.DataFrame({"left": ["<b>før"], "match": ["<i>"], "right": ["& etter"], "organisation": ["Tekna"],
                         "year": [2023], "title": ["T"], "page": [2], "passage_id": ["x"]})
    html = kwic_html(kwic)
    assert "<b>før" not in html and "&lt;b&gt;før" in html and '<td class="m">&lt;i&gt;</td>' in html
    assert '<td class="s">Tekna 2023, s. 2</td>' in html
