"""Per-build int-coded indexes over the tables, and the row selections every query module shares.

At 10,000 documents term_counts holds 11 million rows and passage_topics 790,000, with string keys: joining or
grouping them on every rerun costs seconds. Each index here is built once per build (the loader calls
prepare()) and a filter then selects rows by a document's position in tables.documents, an int array lookup.
Rows keep the order the per-filter joins gave them, so every result (float sums included) is exactly what
joining the filtered frames gives.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np
import pandas as pd

from app.state import Filters, Tables
from pipeline.schema import is_analysed


def document_mask(tables: Tables, filters: Filters) -> np.ndarray:
    """One bool per row of tables.documents: does the filter keep that document?"""
    docs = tables.documents
    keep = np.ones(len(docs), dtype=bool)
    if filters.organisations:
        keep &= np.asarray(docs["organisation"].isin(filters.organisations), dtype=bool)
    if filters.years:
        keep &= np.asarray(docs["year"].isin(filters.years), dtype=bool)
    if filters.doc_types:
        keep &= np.asarray(docs["doc_type"].isin(filters.doc_types), dtype=bool)
    return keep


def document_positions(tables: Tables, doc_ids) -> np.ndarray:
    """Row position in tables.documents of each doc_id (-1 where it is not a document)."""
    return pd.Index(tables.documents["doc_id"]).get_indexer(doc_ids)


@dataclass(frozen=True)
class Analysed:
    """The analysed passages (schema.ANALYSED_KINDS) of every document joined with document columns (what analysed_passages filters)."""

    passages: pd.DataFrame
    doc_pos: np.ndarray  # per row: its document's row in tables.documents
    position: pd.Index  # passage_id -> row
    words: pd.Series  # doc_id -> words of its analysed passages
    doc_stats: pd.DataFrame  # per document with analysed passages: doc_id, organisation, year, n_passages, n_words
    doc_stats_pos: np.ndarray


@dataclass(frozen=True)
class TermIndex:
    """term_counts as int codes: row -> document code, term code (terms sorted), kind code, count.

    Plus each document's rows, so a filter gathers only the rows of its documents instead of masking all of
    term_counts (11 million rows at 10,000 documents) on every query.
    """

    doc_ids: pd.Index  # document code -> doc_id (codes in order of first appearance)
    doc_code: np.ndarray
    terms: pd.Index  # term code -> term, sorted as groupby sorts
    term_code: np.ndarray
    kinds: pd.Index
    kind_code: np.ndarray
    count: np.ndarray
    term_kind: np.ndarray | None  # term code -> kind code, when every term has one kind (else None)
    doc_start: np.ndarray  # document code -> first position of its rows in row_order
    doc_end: np.ndarray  # document code -> one past its last position in row_order
    row_order: np.ndarray | None  # position -> term_counts row; None when rows are grouped by document already

    def rows_of(self, codes: np.ndarray) -> np.ndarray:
        """term_counts rows of the given document codes, in term_counts order (what a mask over all rows keeps)."""
        codes = np.unique(codes[codes >= 0])  # sorted: with rows grouped by document, ascending codes keep row order
        starts, ends = self.doc_start[codes], self.doc_end[codes]
        lengths = ends - starts
        # Concatenated ranges start..end without a Python loop: a running index plus each range's shift.
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        positions = np.arange(int(lengths.sum()), dtype=np.int64) + shift
        if self.row_order is None:
            return positions
        return np.sort(self.row_order[positions])  # back to term_counts order, as the mask gave it

    def doc_codes(self, doc_ids) -> np.ndarray:
        """Document codes of the given doc_ids (those without term counts left out)."""
        codes = self.doc_ids.get_indexer(pd.unique(np.asarray(doc_ids, dtype=object)))
        return codes[codes >= 0]


def _document_ranges(doc_code: np.ndarray, n_docs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Per document code its (start, end) positions; and the row order they index (None: term_counts order).

    The pipeline writes term_counts sorted by doc_id, so each document's rows are one run and factorize's codes
    (order of first appearance) never decrease. That is checked, not assumed: otherwise a stable sort by code
    groups the rows, and rows_of maps positions back to rows.
    """
    row_order = None
    if len(doc_code) and (np.diff(doc_code) < 0).any():
        row_order = np.argsort(doc_code, kind="stable")
        doc_code = doc_code[row_order]
    ends = np.cumsum(np.bincount(doc_code, minlength=n_docs)).astype(np.int64)
    starts = ends - np.bincount(doc_code, minlength=n_docs)
    return starts, ends, row_order


class Index:
    """The indexes of one build, each built on first use and then shared by every session (read-only).

    Two sessions racing on a first use build the same value; either may win.
    """

    def __init__(self, tables: Tables) -> None:
        self._tables = weakref.ref(tables)  # the index lives beside the tables, so it must not keep them alive

    @property
    def tables(self) -> Tables:
        return self._tables()

    @cached_property
    def documents_sorted(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The documents ordered by year, organisation, doc_id; and each sorted row's position in tables.documents."""
        ordered = self.tables.documents.reset_index(drop=True).sort_values(["year", "organisation", "doc_id"])
        return ordered, ordered.index.to_numpy()

    @cached_property
    def analysed(self) -> Analysed:
        """Analysed passages (schema.ANALYSED_KINDS) with their documents' columns and per-document sums."""
        tables = self.tables
        docs = tables.documents[["doc_id", "organisation", "year", "doc_type", "title"]]
        passages = tables.passages
        kept = passages.loc[is_analysed(passages["kind"])]
        joined = kept.merge(docs, on="doc_id", how="inner")
        words = kept.groupby("doc_id", observed=True)["n_words"].sum().rename("n_words")
        stats = joined.groupby("doc_id", observed=True, sort=False).agg(
            n_passages=("passage_id", "size"), n_words=("n_words", "sum"))
        stats = docs[["doc_id", "organisation", "year"]].merge(stats, left_on="doc_id", right_index=True, how="inner")
        stats = stats.astype({"n_passages": "int64", "n_words": "int64"})  # as nunique/sum over the passages give
        return Analysed(joined, document_positions(tables, joined["doc_id"]), pd.Index(joined["passage_id"]), words,
                        stats.reset_index(drop=True), document_positions(tables, stats["doc_id"]))

    def _with_documents(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
        """frame (keyed by passage_id) restricted to analysed passages, with doc_id, organisation, year; and each
        row's document position."""
        joined = frame.merge(self.analysed.passages[["passage_id", "doc_id", "organisation", "year"]],
                             on="passage_id", how="inner")
        return joined, document_positions(self.tables, joined["doc_id"])

    @cached_property
    def tagged(self) -> tuple[pd.DataFrame, np.ndarray]:
        """passage_themes of analysed passages joined with doc_id, organisation, year; and each row's document position."""
        return self._with_documents(self.tables.passage_themes)

    @cached_property
    def topic_weights(self) -> tuple[pd.DataFrame, np.ndarray]:
        """passage_topics of analysed passages joined with doc_id, organisation, year; and each row's document position."""
        return self._with_documents(self.tables.passage_topics)

    @cached_property
    def terms(self) -> TermIndex:
        """term_counts as int codes (see TermIndex)."""
        counts = self.tables.term_counts
        doc_code, doc_ids = pd.factorize(counts["doc_id"])
        term_code, terms = pd.factorize(counts["term"], sort=True)
        kind_code, kinds = pd.factorize(counts["kind"])
        term_kind = np.full(len(terms), -1, dtype=np.int64)
        term_kind[term_code] = kind_code
        one_kind = bool((term_kind[term_code] == kind_code).all())
        starts, ends, row_order = _document_ranges(doc_code, len(doc_ids))
        return TermIndex(pd.Index(doc_ids), doc_code.astype(np.int32), pd.Index(terms, name="term"),
                         term_code.astype(np.int32), pd.Index(kinds), kind_code.astype(np.int8),
                         counts["count"].to_numpy(dtype=np.int64), term_kind if one_kind else None,
                         starts, ends, row_order)


_INDEXES: "weakref.WeakKeyDictionary[Tables, Index]" = weakref.WeakKeyDictionary()


def index_of(tables: Tables) -> Index:
    """The per-build indexes of tables (one Index per loaded build, dropped with it)."""
    index = _INDEXES.get(tables)
    if index is None:
        index = _INDEXES.setdefault(tables, Index(tables))
    return index


def prepare(tables: Tables) -> None:
    """Build every per-build index now (the table loader calls this once per build, so no page view pays for it)."""
    index = index_of(tables)
    for name in ("documents_sorted", "analysed", "tagged", "topic_weights", "terms"):
        getattr(index, name)


def term_totals_by(tables: Tables, groups: Sequence, kind: str | None = None) -> list[pd.Series]:
    """Total count per term over each group of doc_ids (groups must not share a document).

    Each Series is what term_counts.loc[doc_id in group].groupby("term", observed=True)["count"].sum() gives:
    indexed by term (sorted), only terms with rows in the group. Only the rows of the groups' documents are read.
    """
    ix = index_of(tables).terms
    codes = [ix.doc_codes(doc_ids) for doc_ids in groups]
    every = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    if len(np.unique(every)) < len(every):
        raise ValueError("a document is in two groups")
    group_of_doc = np.full(len(ix.doc_ids), -1, dtype=np.int64)
    for g, members in enumerate(codes):
        group_of_doc[members] = g
    rows = ix.rows_of(every)
    if kind:
        rows = rows[ix.kind_code[rows] == (ix.kinds.get_loc(kind) if kind in ix.kinds else -1)]
    n_terms = len(ix.terms)
    cell = group_of_doc[ix.doc_code[rows]] * n_terms + ix.term_code[rows]
    size = len(groups) * n_terms
    present = np.bincount(cell, minlength=size).reshape(len(groups), n_terms) > 0
    # float64 sums of int counts are exact below 2**53.
    totals = np.bincount(cell, weights=ix.count[rows], minlength=size).reshape(len(groups), n_terms)
    return [pd.Series(totals[g, present[g]].astype(np.int64), index=ix.terms[present[g]], name="count")
            for g in range(len(groups))]


def term_support(tables: Tables, doc_ids, terms: Sequence[str]) -> pd.DataFrame:
    """How widely each term is used in the given documents: indexed by term (all of `terms`), with count,
    n_documents and n_organisations using it, and top_doc_id / top_count, the document with most of its
    occurrences (ties: the first doc_id). A term used in none has zeros and top_doc_id <NA>."""
    ix = index_of(tables).terms
    wanted = pd.Index(pd.unique(np.asarray(list(terms), dtype=object)), name="term")
    out = pd.DataFrame({"count": 0, "n_documents": 0, "n_organisations": 0, "top_count": 0}, index=wanted)
    out["top_doc_id"] = pd.Series(pd.NA, index=wanted, dtype="string")
    term_of = ix.terms.get_indexer(wanted)
    rows = ix.rows_of(ix.doc_codes(doc_ids))
    position = np.full(len(ix.terms), -1, dtype=np.int64)  # term code -> row of out
    position[term_of[term_of >= 0]] = np.flatnonzero(term_of >= 0)
    rows = rows[position[ix.term_code[rows]] >= 0]
    if not len(rows):
        return out
    at, docs, counts = position[ix.term_code[rows]], ix.doc_code[rows], ix.count[rows]
    organisation = tables.documents.set_index("doc_id")["organisation"].reindex(ix.doc_ids).astype(str)
    org_code = pd.factorize(organisation)[0][docs]
    n = len(wanted)
    out["count"] = np.bincount(at, weights=counts, minlength=n).astype(np.int64)
    out["n_documents"] = np.bincount(at, minlength=n)  # one term_counts row per (document, term)
    pairs = np.unique(at * (int(org_code.max()) + 1) + org_code)
    out["n_organisations"] = np.bincount(pairs // (int(org_code.max()) + 1), minlength=n)
    # The last row of each term after sorting by (term, count, -doc) is its top document.
    order = np.lexsort((-docs, counts, at))
    last = order[np.r_[at[order][1:] != at[order][:-1], True]]
    out.iloc[at[last], out.columns.get_loc("top_count")] = counts[last]
    out.iloc[at[last], out.columns.get_loc("top_doc_id")] = ix.doc_ids[docs[last]].astype(str)
    return out


def counts_in(tables: Tables, doc_ids, terms: Sequence[str] | None = None) -> pd.DataFrame:
    """term_counts rows of the given documents (and terms, if given).

    No organisation/year join here: at 10,000 documents term_counts holds millions of rows, and selecting by
    document code is ten times cheaper than joining document columns onto every row.
    """
    ix = index_of(tables).terms
    rows = ix.rows_of(ix.doc_codes(doc_ids))  # only the documents' rows, not a mask over all of them
    if terms is not None:
        # Look the few terms up in the (unique) term index instead of testing every term against them.
        wanted = np.zeros(len(ix.terms), dtype=bool)
        found = ix.terms.get_indexer(pd.unique(np.asarray(list(terms), dtype=object)))
        wanted[found[found >= 0]] = True
        rows = rows[wanted[ix.term_code[rows]]]
    return tables.term_counts.iloc[rows]


def analysed_groups(tables: Tables, filters: Filters, by: str) -> pd.DataFrame:
    """Per value of `by` with analysed passages in the filtered corpus: n_passages and n_words of its analysed
    passages (what grouping analysed_passages() by `by` gives, from per-document sums), and n_documents, every kept
    document of the group (kept_documents_per)."""
    groups = analysed_doc_stats(tables, filters).groupby(by, as_index=False).agg(
        n_passages=("n_passages", "sum"), n_words=("n_words", "sum"))
    groups["n_documents"] = groups[by].map(kept_documents_per(tables, filters, by)).astype("int64")
    return groups


def kept_documents_per(tables: Tables, filters: Filters, by: str | Sequence[str]) -> pd.Series:
    """Number of kept documents per value of `by` (a documents column, or several), also those without an analysed
    passage (a cover letter that is all letterhead and sign-off): a document counts as a document on every page, as
    Overview and the Documents page count it; only shares and rates are of the analysed passages."""
    kept = tables.documents.loc[document_mask(tables, filters)]
    return kept.groupby(by, observed=True).size()


def largest_groups(groups: pd.DataFrame, by: str, n: int) -> pd.DataFrame:
    """The n rows of analysed_groups(…, by) with most analysed passages, ties by name: the groups a capped view keeps."""
    return groups.sort_values(["n_passages", by], ascending=[False, True]).head(n)


def analysed_doc_stats(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Per kept document with analysed passages: doc_id, organisation, year, n_passages, n_words."""
    analysed = index_of(tables).analysed
    return analysed.doc_stats.loc[document_mask(tables, filters)[analysed.doc_stats_pos]]


def tags_in(tables: Tables, filters: Filters, theme_ids: Sequence[str]) -> pd.DataFrame:
    """passage_themes rows of the themes on analysed passages of the filtered corpus, with doc_id, organisation, year."""
    tags, doc_pos = index_of(tables).tagged
    keep = document_mask(tables, filters)[doc_pos] & np.asarray(tags["theme_id"].isin(list(theme_ids)), dtype=bool)
    return tags.loc[keep]


def weights_in(tables: Tables, filters: Filters) -> pd.DataFrame:
    """passage_topics rows of analysed passages of the filtered corpus, with doc_id, organisation, year."""
    weights, doc_pos = index_of(tables).topic_weights
    return weights.loc[document_mask(tables, filters)[doc_pos]]
