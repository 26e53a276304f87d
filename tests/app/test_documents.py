"""Documents page: the corpus with metadata and how each year was established; admin area guarded."""
from __future__ import annotations

import pandas as pd

from tests.app.conftest import open_page, shown


def test_all_documents_with_date_basis(app):
    at = open_page(app, "documents")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 6
    row = table.set_index("doc_id").loc["nito-2024"]
    assert row["date_basis"] == "Meldingen ble lagt fram 1. mars 2024."
    assert row["doc_type"] == "Innspill til høring eller utvalg"
    assert (row["n_passages_all"], row["n_passages_analysed"]) == (4, 3)  # the sign-off is not analysed
    basis = at.table[0].value
    assert [shown(cell) for cell in basis.iloc[3]] == ["NITO 2024 · NITOs innspill til Meld. St. 9", "2024-03-01",
                                      "Meldingen ble lagt fram 1. mars 2024."]


def test_a_missing_page_count_reads_as_a_dash_not_none(app, monkeypatch):
    """A TXT file has no pages: the Documents table shows «–» as the Overview does, never the grid's «None»
    (app-tidy12 saw «None» in «Sider»); the download keeps the gap empty."""
    import app.queries.documents as documents_queries

    original = documents_queries.documents_overview

    def one_without_pages(*args, **kwargs):
        frame = original(*args, **kwargs).copy()
        frame["n_pages"] = frame["n_pages"].astype("Int64")
        frame.loc[frame["doc_id"] == "nito-2024", "n_pages"] = pd.NA  # as a TXT file's
        return frame

    monkeypatch.setattr(documents_queries, "documents_overview", one_without_pages)
    at = open_page(app, "documents")
    assert not at.exception
    pages = at.dataframe[0].value.set_index("doc_id")["n_pages"]
    assert pages["nito-2024"] == "–"
    assert pages.drop("nito-2024").tolist() == ["4"] * (len(pages) - 1)


def test_narrowed_to_a_document_type(app):
    at = open_page(app, "documents", doc_type=["consultation_response"])
    assert not at.exception
    assert at.dataframe[0].value["doc_id"].tolist() == ["ntnu-2023", "tekna-2023"]


def test_english_labels(app):
    app.query_params["lang"] = "English"
    at = open_page(app, "documents")
    assert at.title[0].value == "Documents"
    assert at.dataframe[0].value["doc_type"].tolist()[0] == "Budget submission"


def test_empty_filter_result(app):
    at = open_page(app, "documents", org=["NITO"], doc_type=["position_programme"])
    assert not at.exception
    assert "Ingen treff med disse filtrene" in at.info[0].value


def test_long_date_basis_table_scrolls(app, monkeypatch):
    # Past STATIC_TABLE_ROWS the date-basis list is a scrolling grid (10,000 rows as a static table froze the browser).
    monkeypatch.setattr("app.components.STATIC_TABLE_ROWS", 3)
    at = open_page(app, "documents")
    assert not at.exception
    assert len(at.table) == 0
    basis = at.dataframe[1].value
    assert len(basis) == 6
    assert [shown(cell) for cell in basis.iloc[3]] == ["NITO 2024 · NITOs innspill til Meld. St. 9", "2024-03-01",
                                      "Meldingen ble lagt fram 1. mars 2024."]
