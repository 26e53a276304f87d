"""The filtered corpus: documents, passages and analysed words (Overview's figures, the Documents page)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from app.queries.index import analysed_doc_stats, analysed_groups, document_mask, index_of, largest_groups
from app.state import Filters, Tables


PER_WORDS = 10_000  # "mentions per 10,000 words"


DOC_COLUMNS = ["organisation", "year", "doc_type", "title", "date"]


def documents_in(tables: Tables, filters: Filters) -> pd.DataFrame:
    """The documents the filters keep (all columns of the documents table), ordered by year, organisation."""
    # Sorted once per build (doc_id is unique, so the order is total and a subset keeps it).
    ordered, positions = index_of(tables).documents_sorted
    return ordered.loc[document_mask(tables, filters)[positions]].reset_index(drop=True)


def document_sources(tables: Tables, filters: Filters) -> tuple[str, ...]:
    """The kept documents as an export names them ("NITO 2024: Title"), ordered by organisation, then year."""
    documents = documents_in(tables, filters).sort_values(["organisation", "year"], kind="stable")
    return tuple(f"{organisation} {year}: {title}" for organisation, year, title in
                 zip(documents["organisation"], documents["year"], documents["title"]))


def passages_in(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Passages of the kept documents joined with organisation, year, doc_type, title and date."""
    docs = documents_in(tables, filters)[["doc_id", *DOC_COLUMNS]]
    return tables.passages.merge(docs, on="doc_id", how="inner").reset_index(drop=True)


def analysed_passages(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Analysed passages (schema.ANALYSED_KINDS) of the filtered corpus (the ones measured) with organisation, year, doc_type, title."""
    analysed = index_of(tables).analysed
    keep = document_mask(tables, filters)[analysed.doc_pos]
    if keep.all():
        return analysed.passages.copy(deep=False)  # shared frame: a new column must not reach other sessions
    return analysed.passages.loc[keep].reset_index(drop=True)


def values_in(tables: Tables, filters: Filters, column: str) -> list:
    """Sorted distinct values of a documents column (organisation, year, doc_type) among the kept documents."""
    values = documents_in(tables, filters)[column].dropna().unique().tolist()
    return sorted(int(v) for v in values) if column == "year" else sorted(str(v) for v in values)


#: The Compare page compares at most this many organisations, and preselects as many.
MAX_COMPARED_ORGANISATIONS = 6


def largest_organisations(tables: Tables, filters: Filters, n: int) -> list[str]:
    """The n organisations of the filtered corpus with most analysed passages (ties by name), sorted by name: a
    default choice that shows the bulk of the text, where the first n by the alphabet show whoever is named «A…»."""
    top = largest_groups(analysed_groups(tables, filters, "organisation"), "organisation", n)
    return sorted(top["organisation"].astype(str))


def document_counts(tables: Tables, filters: Filters, column: str = "organisation") -> dict:
    """Number of kept documents per value of a documents column, e.g. {"NITO": 3}."""
    counts = documents_in(tables, filters)[column].value_counts()
    return {(int(k) if column == "year" else str(k)): int(v) for k, v in counts.items()}


def most_documented(values: Sequence, counts: Mapping) -> object | None:
    """The first of values with the most documents (counts: value -> documents): a default that shows something. The
    first in alphabetical order (Abelia on the development build) often has one document, where keyness has no
    word used in two documents and the chart is empty."""
    return max(values, key=lambda v: counts.get(v, 0), default=None)


def analysed_words(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Per kept document: doc_id, organisation, year, doc_type and n_words of its analysed passages.

    The same passages the term counts come from, so a rate per 10,000 words compares like with like.
    """
    docs = documents_in(tables, filters)[["doc_id", "organisation", "year", "doc_type"]]
    words = index_of(tables).analysed.words
    out = docs.merge(words, left_on="doc_id", right_index=True, how="left")
    out["n_words"] = out["n_words"].fillna(0).astype("int64")
    return out.reset_index(drop=True)


def corpus_figures(tables: Tables, filters: Filters) -> dict[str, int]:
    """Headline numbers of the filtered corpus: documents, organisations, years, passages (analysed) and words (analysed)."""
    docs = documents_in(tables, filters)
    stats = analysed_doc_stats(tables, filters)
    return {
        "documents": int(len(docs)),
        "organisations": int(docs["organisation"].nunique()),
        "years": int(docs["year"].nunique()),
        "passages": int(stats["n_passages"].sum()),
        "words": int(stats["n_words"].sum()),
    }


def document_labels(documents: pd.DataFrame) -> pd.Series:
    """Label per document: "NITO 2024 · <full title>" (charts wrap it, never cut it)."""
    return (documents["organisation"].astype(str) + " " + documents["year"].astype(str) + " · "
            + documents["title"].astype(str))


def distinct_document_labels(documents: pd.DataFrame) -> pd.Series:
    """document_labels, with " · <doc_id>" added where two of the documents share one ("SINTEF 2026 · Innspill …"
    sent twice): a chart keying its rows by label would draw two documents as one row with one's values."""
    return told_apart(document_labels(documents), documents["doc_id"])


def told_apart(labels: pd.Series, doc_ids: pd.Series) -> pd.Series:
    """labels with " · <doc_id>" added to each label that more than one document has; the others unchanged."""
    repeated = labels.duplicated(keep=False)
    return labels.where(~repeated, labels + " · " + doc_ids.astype(str))


def document_names(tables: Tables) -> dict[str, str]:
    """doc_id -> the document's label ("NITO 2024 · title"), for headings that would otherwise show an id."""
    docs = tables.documents
    return dict(zip(docs["doc_id"].astype(str), document_labels(docs)))


def documents_overview(tables: Tables, filters: Filters, doc_type_labels: dict[str, str],
                       text_source_labels: dict[str, str] | None = None,
                       language_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The filtered corpus for the documents table, with the document type, how its text was read and its language
    (the one used, and the one detected in the text: they differ where the manifest overrides it) named for the reader.

    Two counts of each document: n_passages_all / n_words_all, every passage and word of it (letterhead, sign-off,
    references …), and n_passages_analysed / n_words_analysed, those of its analysed passages (0 when it has none),
    which add up to Overview's figures (corpus_figures). One label for both made a reader add up the wrong one."""
    docs = documents_in(tables, filters)
    stats = analysed_doc_stats(tables, filters).set_index("doc_id")
    analysed = {f"{column}_analysed": docs["doc_id"].map(stats[column]).fillna(0).astype("int64")
                for column in ("n_passages", "n_words")}

    def named(column: str, labels: dict[str, str] | None) -> pd.Series:
        return docs[column].astype(str).map(lambda v: (labels or {}).get(v, v))

    return docs.assign(doc_type=named("doc_type", doc_type_labels), date=docs["date"].fillna(""),
                       text_source=named("text_source", text_source_labels),
                       language=named("language", language_labels),
                       detected_language=named("detected_language", language_labels),
                       n_passages_all=docs["n_passages"], n_words_all=docs["n_words"], **analysed)[
        ["organisation", "year", "date", "doc_type", "title", "date_basis", "language", "detected_language",
         "n_pages", "n_passages_analysed", "n_words_analysed", "n_passages_all", "n_words_all", "text_source",
         "source_file", "doc_id"]
    ]


def date_basis_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One line per document: "NITO 2024 · title", the date where known and how the year was established."""
    return pd.DataFrame({
        "document": document_labels(documents).to_numpy(),
        "date": documents["date"].fillna("").to_numpy(),
        "date_basis": documents["date_basis"].fillna("").to_numpy(),
    })


def all_organisations(tables: Tables) -> list[str]:
    """Every organisation of the build (not only the filtered ones), sorted: what fixes each one's colour."""
    return sorted(tables.documents["organisation"].dropna().astype(str).unique())
