"""A document with no analysed passage (a cover letter: letterhead and sign-off only) counts as a document on every
page; shares and rates are of the analysed passages.

consistency12 found that such a document would be counted by Overview's «Dokumenter», the Documents page, the
Themes page's year composition and cap caption and the Compare page's term facets, but not in the documents of the
theme charts (Overview's heatmap, Themes, Compare) or the topic charts, which counted only documents with analysed
passages. Neither build has one today; planted here, worked by hand:

- NITO 2025: nito-2025 (2 body passages, 1 about practice placements, + a letterhead) and nito-2025-cover (letterhead
  and signature only);
- KS: ks-2025 (1 body passage, about practice placements) and ks-2026 (1 body passage, not about it);
- ABC 2025: abc-2025-cover only (letterhead and signature): ABC has documents but no analysed text, so no share.
"""
from __future__ import annotations

import pandas as pd
import pytest

from app.queries import documents, themes
from app.state import Filters, Tables
from tests.app.planted import PP, practice_placement_tables

PASSAGES = {  # doc_id -> kinds of its passages in order
    "nito-2025": ["letterhead", "body", "body"],
    "nito-2025-cover": ["letterhead", "signature"],
    "ks-2025": ["body"],
    "ks-2026": ["body"],
    "abc-2025-cover": ["letterhead", "signature"],
}
TAGGED = ["nito-2025:0001", "ks-2025:0000"]


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Tables:
    docs = [{"doc_id": doc_id, "organisation": doc_id.split("-")[0].upper(), "year": int(doc_id.split("-")[1]),
             "date": "", "date_basis": "planted", "doc_type": "hearing_input",
             "title": "Følgebrev" if doc_id.endswith("cover") else "Innspill", "language": "nb",
             "detected_language": "nb", "source_file": f"{doc_id}.pdf", "sha256": doc_id, "n_pages": 1,
             "n_words": 10 * len(kinds), "n_passages": len(kinds), "text_source": "text"}
            for doc_id, kinds in PASSAGES.items()]
    passages = [{"passage_id": f"{doc_id}:{i:04d}", "doc_id": doc_id, "section_title": "", "page": 1, "position": i,
                 "text": "tekst", "n_words": 10, "kind": kind, "lemmas": "tekst"}
                for doc_id, kinds in PASSAGES.items() for i, kind in enumerate(kinds)]
    return practice_placement_tables(docs, passages, TAGGED, tmp_path_factory.mktemp("cover"))


def _by(frame: pd.DataFrame, key: str, column: str) -> dict:
    """{group: count}, a year as int."""
    return {(str(k) if isinstance(k, str) else int(k)): int(v) for k, v in zip(frame[key], frame[column])}


def test_overview_and_documents_count_every_document_and_the_analysed_passages(tables):
    figures = documents.corpus_figures(tables, Filters())
    assert figures == {"documents": 5, "organisations": 3, "years": 2, "passages": 4, "words": 40}
    table = documents.documents_overview(tables, Filters(), {}).set_index("doc_id")
    assert len(table) == 5
    assert table.loc["nito-2025-cover", ["n_passages_analysed", "n_words_analysed", "n_passages_all"]].tolist() == [0, 0, 2]
    assert int(table["n_passages_analysed"].sum()) == figures["passages"]
    assert int(table["n_words_analysed"].sum()) == figures["words"]


def test_theme_charts_count_every_document_of_a_group_and_share_the_analysed_passages(tables):
    by_org = themes.theme_measures(tables, Filters(), "organisation", "nb", [PP])
    # ABC has no analysed passage: no share to draw. NITO's cover letter is one of its two documents.
    assert _by(by_org, "group", "n_documents") == {"KS": 2, "NITO": 2}
    assert _by(by_org, "group", "n_passages") == {"KS": 2, "NITO": 2}
    assert dict(zip(by_org["group"], by_org["share"])) == {"KS": 0.5, "NITO": 0.5}
    assert _by(by_org, "group", "n_documents_with_theme") == {"KS": 1, "NITO": 1}
    # Overview's heatmap (theme_by_organisation) and the Compare page (theme_measures over the chosen ones) agree.
    heatmap = themes.theme_by_organisation(tables, Filters(), "nb", [PP])
    assert _by(heatmap, "group", "n_documents") == {"KS": 2, "NITO": 2}
    compared = Filters(organisations=("KS", "NITO"))
    assert _by(themes.theme_measures(tables, compared, "organisation", "nb", [PP]), "group", "n_documents") == \
        documents.document_counts(tables, compared, "organisation") == {"KS": 2, "NITO": 2}
    # Themes: the documents under each year are the year's documents (year_composition, the documents table).
    by_year = themes.theme_measures(tables, Filters(), "year", "nb", [PP])
    composition = themes.year_composition(tables, Filters())
    assert _by(by_year, "group", "n_documents") == _by(composition, "year", "n_documents") == {2025: 4, 2026: 1}
    assert dict(zip(by_year["group"], by_year["share"])) == {2025: 2 / 3, 2026: 0.0}
    grid = themes.theme_organisation_year(tables, Filters(), "nb", [PP])
    assert {(o, int(y)): int(n) for o, y, n in zip(grid["organisation"], grid["year"], grid["n_documents"])} == \
        {("KS", 2025): 1, ("KS", 2026): 1, ("NITO", 2025): 2}
    assert dict(zip(zip(grid["organisation"], grid["year"].astype(int)), grid["share"])) == \
        {("KS", 2025): 1.0, ("KS", 2026): 0.0, ("NITO", 2025): 0.5}


def test_every_group_counts_its_documents_as_the_documents_table_does(tables):
    """The same for every grouping the charts use, topics included (analysed_groups), against the documents table."""
    from app.queries.index import analysed_groups

    table = documents.documents_overview(tables, Filters(), {})
    for by in ("organisation", "year"):
        groups = analysed_groups(tables, Filters(), by)
        expected = table.loc[table[by].isin(groups[by])].groupby(by).size()
        assert _by(groups, by, "n_documents") == {(int(k) if by == "year" else str(k)): int(v)
                                                  for k, v in expected.items()}
        assert _by(groups, by, "n_passages") == _by(table.loc[table["n_passages_analysed"] > 0].groupby(
            by, as_index=False)["n_passages_analysed"].sum(), by, "n_passages_analysed")
