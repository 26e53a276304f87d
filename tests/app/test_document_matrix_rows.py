"""The theme × document matrix has a row per document, also when two documents share organisation, year and title.

On the development build SINTEF sent the same submission twice (sintef-2026, sintef-2026-2: other bytes, the same
title and date); both are among the 40 most theme-dense documents, so the default Themes page drew 39 rows for the 40
documents of its CSV: the heatmap keys its rows by the document label, so one row took both documents' markers and
the last one's values. Planted here: two documents of one organisation with one title, worked by hand.
"""
from __future__ import annotations

import json

import pytest

from app import figures
from app.components import selected_cells
from app.queries import themes
from app.state import Filters, Tables
from tests.app.planted import PP, practice_placement_tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Tables:
    documents = [{"doc_id": doc_id, "organisation": doc_id.split("-")[0].upper(), "year": 2026, "date": "2026-04-08",
                  "date_basis": "planted", "doc_type": "hearing_input", "title": "Innspill til utvalget",
                  "language": "nb", "detected_language": "nb", "source_file": f"{doc_id}.pdf", "sha256": doc_id,
                  "n_pages": 1, "n_words": 30, "n_passages": n, "text_source": "text"}
                 for doc_id, n in (("sintef-2026", 2), ("sintef-2026-2", 1), ("ks-2026", 1))]
    # sintef-2026: 1 of 2 passages about practice placements (share 0.5); sintef-2026-2: 0 of 1; ks-2026: 1 of 1.
    passages = [{"passage_id": p, "doc_id": p.split(":")[0], "section_title": "", "page": 1,
                 "position": int(p.split(":")[1]), "text": "tekst", "n_words": 10, "kind": "body", "lemmas": "tekst"}
                for p in ("sintef-2026:0000", "sintef-2026:0001", "sintef-2026-2:0000", "ks-2026:0000")]
    return practice_placement_tables(documents, passages, ["sintef-2026:0000", "ks-2026:0000"],
                                     tmp_path_factory.mktemp("matrix"))


def test_two_documents_with_one_label_keep_a_row_each(tables):
    matrix = themes.theme_document_matrix(tables, Filters(), "nb", [PP])
    assert matrix["doc_id"].tolist() == ["ks-2026", "sintef-2026", "sintef-2026-2"]
    assert matrix["share"].tolist() == [1.0, 0.5, 0.0]
    assert matrix["document"].nunique() == 3  # one label per document
    # A label that no other document has stays as it was.
    assert matrix["document"].iloc[0] == "KS 2026 · Innspill til utvalget"
    assert all(label.startswith("SINTEF 2026 · Innspill til utvalget") for label in matrix["document"].iloc[1:])

    figure = json.loads(figures.theme_document_heatmap(matrix, measure="share", title="x", lang="nb").to_json())
    heatmap = figure["data"][0]
    assert len(heatmap["y"]) == 3  # a row per document, as in the CSV
    assert [row[0] for row in heatmap["z"]] == [1.0, 0.5, 0.0]
    # Each row's marker drills down to its own document's passages.
    for point, n_tagged in zip(figure["data"][1]["customdata"], [1, 1, 0]):
        listed = themes.theme_passages_at(tables, Filters(), selected_cells([{"customdata": point}]), by="doc_id")
        assert len(listed) == n_tagged


def test_the_reader_picker_tells_two_documents_with_one_label_apart(tables):
    """The document reader's picker showed SINTEF's two copies under one name; a repeated label now ends in its id."""
    from app.queries.reader import document_choices

    choices = document_choices(tables, Filters(), {"hearing_input": "Innspill"})
    assert choices == {"ks-2026": "KS 2026 · Innspill · Innspill til utvalget",
                       "sintef-2026": "SINTEF 2026 · Innspill · Innspill til utvalget · sintef-2026",
                       "sintef-2026-2": "SINTEF 2026 · Innspill · Innspill til utvalget · sintef-2026-2"}
