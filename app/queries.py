"""Pure pandas: (tables, Filters, ...) -> one tidy DataFrame per chart or list.

No Streamlit here and no plotting: every function can be tested with plain frames, and the frame
a function returns is exactly what its chart draws and its CSV download contains.
Boilerplate passages (sign-offs, standard self-descriptions) are shown in lists but left out of measures.
"""
from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from app.data import Tables
from app.filters import Filters

PER_WORDS = 10_000  # "mentions per 10,000 words"
DOC_COLUMNS = ["organisation", "year", "doc_type", "title", "date"]


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


def documents_in(tables: Tables, filters: Filters) -> pd.DataFrame:
    """The documents the filters keep (all columns of the documents table), ordered by year, organisation."""
    # Sorted once per build (doc_id is unique, so the order is total and a subset keeps it).
    ordered, positions = _derived(tables, "documents_sorted", _sort_documents)
    return ordered.loc[document_mask(tables, filters)[positions]].reset_index(drop=True)


def _sort_documents(tables: Tables) -> tuple[pd.DataFrame, np.ndarray]:
    """The documents ordered by year, organisation, doc_id; and each sorted row's position in tables.documents."""
    ordered = tables.documents.reset_index(drop=True).sort_values(["year", "organisation", "doc_id"])
    return ordered, ordered.index.to_numpy()


# ---------------------------------------------------------------------------------------------
# Per-build indexes. At 10,000 documents term_counts holds 11 million rows and passage_topics 790,000, with
# string keys: joining or grouping them on every rerun costs seconds. Each index below is built once per build
# (prepare(), called by the table loader) and a filter then selects rows by a document's position in
# tables.documents, an int array lookup. Rows keep the order the per-filter joins gave them, so every result
# (float sums included) is exactly what joining the filtered frames gives.


def _derived(tables: Tables, name: str, build: Callable[[Tables], object]):
    """tables.derived[name], built on first use (prepare() builds them all up front)."""
    cache = tables.derived
    if name not in cache:
        cache[name] = build(tables)  # two sessions racing here build the same value; either may win
    return cache[name]


def _document_positions(tables: Tables, doc_ids) -> np.ndarray:
    """Row position in tables.documents of each doc_id (-1 where it is not a document)."""
    return pd.Index(tables.documents["doc_id"]).get_indexer(doc_ids)


@dataclass(frozen=True)
class _Analysed:
    """The non-boilerplate passages of every document joined with DOC columns (what analysed_passages filters)."""

    passages: pd.DataFrame
    doc_pos: np.ndarray  # per row: its document's row in tables.documents
    position: pd.Index  # passage_id -> row
    words: pd.Series  # doc_id -> words of its analysed passages
    doc_stats: pd.DataFrame  # per document with analysed passages: doc_id, organisation, year, n_passages, n_words
    doc_stats_pos: np.ndarray


def _build_analysed(tables: Tables) -> _Analysed:
    docs = tables.documents[["doc_id", "organisation", "year", "doc_type", "title"]]
    passages = tables.passages
    kept = passages.loc[~passages["is_boilerplate"].astype(bool)]
    joined = kept.merge(docs, on="doc_id", how="inner")
    words = kept.groupby("doc_id", observed=True)["n_words"].sum().rename("n_words")
    stats = joined.groupby("doc_id", observed=True, sort=False).agg(
        n_passages=("passage_id", "size"), n_words=("n_words", "sum"))
    stats = docs[["doc_id", "organisation", "year"]].merge(stats, left_on="doc_id", right_index=True, how="inner")
    stats = stats.astype({"n_passages": "int64", "n_words": "int64"})  # as nunique/sum over the passages give
    return _Analysed(joined, _document_positions(tables, joined["doc_id"]), pd.Index(joined["passage_id"]), words,
                     stats.reset_index(drop=True), _document_positions(tables, stats["doc_id"]))


def _analysed(tables: Tables) -> _Analysed:
    return _derived(tables, "analysed", _build_analysed)


def _tagged(tables: Tables) -> tuple[pd.DataFrame, np.ndarray]:
    """passage_themes of analysed passages joined with doc_id, organisation, year; and each row's document position."""
    def build(tables: Tables):
        analysed = _analysed(tables)
        tags = tables.passage_themes.merge(analysed.passages[["passage_id", "doc_id", "organisation", "year"]],
                                           on="passage_id")
        return tags, _document_positions(tables, tags["doc_id"])

    return _derived(tables, "tagged", build)


def _topic_weights(tables: Tables) -> tuple[pd.DataFrame, np.ndarray]:
    """passage_topics of analysed passages joined with doc_id, organisation, year; and each row's document position."""
    def build(tables: Tables):
        analysed = _analysed(tables)
        weights = tables.passage_topics.merge(analysed.passages[["passage_id", "doc_id", "organisation", "year"]],
                                              on="passage_id", how="inner")
        return weights, _document_positions(tables, weights["doc_id"])

    return _derived(tables, "topic_weights", build)


@dataclass(frozen=True)
class _TermIndex:
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


def _term_index(tables: Tables) -> _TermIndex:
    def build(tables: Tables) -> _TermIndex:
        counts = tables.term_counts
        doc_code, doc_ids = pd.factorize(counts["doc_id"])
        term_code, terms = pd.factorize(counts["term"], sort=True)
        kind_code, kinds = pd.factorize(counts["kind"])
        term_kind = np.full(len(terms), -1, dtype=np.int64)
        term_kind[term_code] = kind_code
        one_kind = bool((term_kind[term_code] == kind_code).all())
        starts, ends, row_order = _document_ranges(doc_code, len(doc_ids))
        return _TermIndex(pd.Index(doc_ids), doc_code.astype(np.int32), pd.Index(terms, name="term"),
                          term_code.astype(np.int32), pd.Index(kinds), kind_code.astype(np.int8),
                          counts["count"].to_numpy(dtype=np.int64), term_kind if one_kind else None,
                          starts, ends, row_order)

    return _derived(tables, "terms", build)


def _doc_codes(ix: _TermIndex, doc_ids) -> np.ndarray:
    """Document codes of the given doc_ids (those without term counts left out)."""
    codes = ix.doc_ids.get_indexer(pd.unique(np.asarray(doc_ids, dtype=object)))
    return codes[codes >= 0]


def _term_totals_by(tables: Tables, groups: Sequence, kind: str | None = None) -> list[pd.Series]:
    """Total count per term over each group of doc_ids (groups must not share a document).

    Each Series is what term_counts.loc[doc_id in group].groupby("term", observed=True)["count"].sum() gives:
    indexed by term (sorted), only terms with rows in the group. Only the rows of the groups' documents are read.
    """
    ix = _term_index(tables)
    codes = [_doc_codes(ix, doc_ids) for doc_ids in groups]
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


def _analysed_groups(tables: Tables, filters: Filters, by: str) -> pd.DataFrame:
    """Per value of `by` over the analysed passages of the filtered corpus: n_passages, n_words, n_documents
    (what grouping analysed_passages() by `by` gives, from per-document sums)."""
    analysed = _analysed(tables)
    stats = analysed.doc_stats.loc[document_mask(tables, filters)[analysed.doc_stats_pos]]
    return stats.groupby(by, as_index=False).agg(
        n_passages=("n_passages", "sum"), n_words=("n_words", "sum"), n_documents=("doc_id", "nunique"))


def _tags_in(tables: Tables, filters: Filters, theme_ids: Sequence[str]) -> pd.DataFrame:
    """passage_themes rows of the themes on analysed passages of the filtered corpus, with doc_id, organisation, year."""
    tags, doc_pos = _tagged(tables)
    keep = document_mask(tables, filters)[doc_pos] & np.asarray(tags["theme_id"].isin(list(theme_ids)), dtype=bool)
    return tags.loc[keep]


def _weights_in(tables: Tables, filters: Filters) -> pd.DataFrame:
    """passage_topics rows of analysed passages of the filtered corpus, with doc_id, organisation, year."""
    weights, doc_pos = _topic_weights(tables)
    return weights.loc[document_mask(tables, filters)[doc_pos]]


def prepare(tables: Tables) -> None:
    """Build every per-build index now (the table loader calls this once per build)."""
    _derived(tables, "documents_sorted", _sort_documents)
    _analysed(tables)
    _tagged(tables)
    _topic_weights(tables)
    _term_index(tables)


def passages_in(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Passages of the kept documents joined with organisation, year, doc_type, title and date."""
    docs = documents_in(tables, filters)[["doc_id", *DOC_COLUMNS]]
    return tables.passages.merge(docs, on="doc_id", how="inner").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Keyness and trend statistics (pure numpy on count arrays)

#: Critical values of G² (chi-squared, 1 degree of freedom) shown as significance thresholds.
G2_THRESHOLDS = ((10.83, 0.001), (6.63, 0.01), (3.84, 0.05))


def log_likelihood(a, b, size_a: float, size_b: float) -> np.ndarray:
    """Dunning's log-likelihood G² of counts a (in a corpus of size_a words) against b (in size_b), Rayson's formula.

    E1 = size_a·(a+b)/(size_a+size_b), E2 = size_b·(a+b)/(size_a+size_b),
    G² = 2·(a·ln(a/E1) + b·ln(b/E2)), where a term with a zero count contributes 0.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    total = size_a + size_b
    if size_a <= 0 or size_b <= 0:
        return np.zeros(np.broadcast(a, b).shape)
    e1 = size_a * (a + b) / total
    e2 = size_b * (a + b) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(np.where(a > 0, a, 1.0) / np.where(e1 > 0, e1, 1.0)), 0.0)
        part_b = np.where(b > 0, b * np.log(np.where(b > 0, b, 1.0) / np.where(e2 > 0, e2, 1.0)), 0.0)
    return 2.0 * (part_a + part_b)


def g2_p_value(g2) -> np.ndarray:
    """p-value of G² under chi-squared with 1 degree of freedom: erfc(sqrt(G²/2))."""
    values = np.asarray(g2, dtype=float)
    return np.vectorize(lambda v: math.erfc(math.sqrt(max(v, 0.0) / 2.0)), otypes=[float])(values)


def log_ratio(a, b, size_a: float, size_b: float, zero: float = 0.5) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies; a zero count is replaced by `zero` (0.5)."""
    a = np.where(np.asarray(a, dtype=float) > 0, np.asarray(a, dtype=float), zero)
    b = np.where(np.asarray(b, dtype=float) > 0, np.asarray(b, dtype=float), zero)
    return np.log2((a / size_a) / (b / size_b))


def significance_label(p_value: float) -> str:
    """"p<0.001", "p<0.01", "p<0.05" or "n.s." for a p-value."""
    for _, level in G2_THRESHOLDS:
        if p_value < level:
            return f"p<{level:g}"
    return "n.s."


# ---------------------------------------------------------------------------------------------
# Shared building blocks


def values_in(tables: Tables, filters: Filters, column: str) -> list:
    """Sorted distinct values of a documents column (organisation, year, doc_type) among the kept documents."""
    values = documents_in(tables, filters)[column].dropna().unique().tolist()
    return sorted(int(v) for v in values) if column == "year" else sorted(str(v) for v in values)


def document_counts(tables: Tables, filters: Filters, column: str = "organisation") -> dict:
    """Number of kept documents per value of a documents column, e.g. {"NITO": 3}."""
    counts = documents_in(tables, filters)[column].value_counts()
    return {(int(k) if column == "year" else str(k)): int(v) for k, v in counts.items()}


def analysed_words(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Per kept document: doc_id, organisation, year, doc_type and n_words of its non-boilerplate passages.

    The same passages the term counts come from, so a rate per 10,000 words compares like with like.
    """
    docs = documents_in(tables, filters)[["doc_id", "organisation", "year", "doc_type"]]
    words = _analysed(tables).words
    out = docs.merge(words, left_on="doc_id", right_index=True, how="left")
    out["n_words"] = out["n_words"].fillna(0).astype("int64")
    return out.reset_index(drop=True)


def _counts_in(tables: Tables, docs: pd.DataFrame, terms: Sequence[str] | None = None) -> pd.DataFrame:
    """term_counts rows of the given documents (and terms, if given).

    No organisation/year join here: at 10,000 documents term_counts holds millions of rows, and selecting by
    doc_id (isin) is ten times cheaper than joining document columns onto every row.
    """
    ix = _term_index(tables)
    rows = ix.rows_of(_doc_codes(ix, docs["doc_id"]))  # only the documents' rows, not a mask over all of them
    if terms is not None:
        # Look the few terms up in the (unique) term index instead of testing every term against them.
        wanted = np.zeros(len(ix.terms), dtype=bool)
        found = ix.terms.get_indexer(pd.unique(np.asarray(list(terms), dtype=object)))
        wanted[found[found >= 0]] = True
        rows = rows[wanted[ix.term_code[rows]]]
    return tables.term_counts.iloc[rows]


# ---------------------------------------------------------------------------------------------
# Keywords and trends


def vocabulary(tables: Tables, filters: Filters, min_count: int = 2, limit: int = 5000) -> pd.DataFrame:
    """Terms of the filtered corpus, most frequent first: term, kind, count (at least min_count; at most limit rows)."""
    docs = documents_in(tables, filters)
    ix = _term_index(tables)
    if ix.term_kind is not None:
        (counts,) = _term_totals_by(tables, [docs["doc_id"]])
        kinds = ix.kinds[ix.term_kind[ix.terms.get_indexer(counts.index)]]
        totals = pd.DataFrame({"term": counts.index.to_numpy(), "kind": kinds.to_numpy(), "count": counts.to_numpy()})
        totals = totals.astype({"term": tables.term_counts["term"].dtype, "kind": tables.term_counts["kind"].dtype})
    else:  # a term counted under two kinds: group by both, as the table has them
        counts = _counts_in(tables, docs)
        totals = counts.groupby(["term", "kind"], observed=True, as_index=False)["count"].sum()
    totals = totals.loc[totals["count"] >= min_count]
    return totals.sort_values(["count", "term"], ascending=[False, True]).head(limit).reset_index(drop=True)


def default_terms(vocab: pd.DataFrame, preferred: Sequence[str], n: int = 2) -> list[str]:
    """The preferred terms present in the vocabulary, else its n most frequent terms."""
    present = set(vocab["term"].astype(str))
    chosen = [t for t in preferred if t in present]
    return chosen or vocab["term"].astype(str).head(n).tolist()


def term_trend(tables: Tables, filters: Filters, terms: Sequence[str]) -> pd.DataFrame:
    """Frequency of each term per year: term, year, count, n_words, per_10k, n_documents, n_documents_with_term.

    per_10k = count / analysed words of that year's kept documents × 10,000; every (term, year) pair is present,
    with 0 where the term does not occur.
    """
    columns = ["term", "year", "count", "n_words", "per_10k", "n_documents", "n_documents_with_term"]
    words = analysed_words(tables, filters)
    if not len(terms) or words.empty:
        return pd.DataFrame(columns=columns)
    per_year = words.groupby("year", as_index=False).agg(n_words=("n_words", "sum"), n_documents=("doc_id", "nunique"))
    counts = _counts_in(tables, words, terms)
    counts = counts.merge(words[["doc_id", "year"]], on="doc_id", how="inner")  # few rows: only the chosen terms
    found = counts.groupby(["term", "year"], observed=True, as_index=False).agg(
        count=("count", "sum"), n_documents_with_term=("doc_id", "nunique")
    )
    grid = pd.MultiIndex.from_product([list(dict.fromkeys(terms)), per_year["year"]], names=["term", "year"]).to_frame(
        index=False
    )
    grid["term"] = grid["term"].astype("string")
    found["term"] = found["term"].astype("string")
    out = grid.merge(per_year, on="year", how="left").merge(found, on=["term", "year"], how="left")
    out["count"] = out["count"].fillna(0).astype("int64")
    out["n_documents_with_term"] = out["n_documents_with_term"].fillna(0).astype("int64")
    out["per_10k"] = np.where(out["n_words"] > 0, out["count"] / out["n_words"].clip(lower=1) * PER_WORDS, 0.0)
    return out[columns].reset_index(drop=True)


def _compare_counts(counts_a: pd.Series, counts_b: pd.Series, size_a: int, size_b: int, min_count: int) -> pd.DataFrame:
    """One row per term seen at least min_count times in a and b together, with both counts, rates, G² and log ratio.

    No p-value yet: callers keep a few dozen of up to hundreds of thousands of rows, and _with_significance adds
    p_value and significance to the kept rows only (per row in Python, the costliest step at 10,000 documents).
    """
    both = pd.concat([counts_a.rename("count_a"), counts_b.rename("count_b")], axis=1).fillna(0).astype("int64")
    both = both.loc[(both["count_a"] + both["count_b"]) >= min_count]
    both.index = both.index.astype("string")
    both = both.rename_axis("term").reset_index()
    a, b = both["count_a"].to_numpy(), both["count_b"].to_numpy()
    both["per_10k_a"] = a / max(size_a, 1) * PER_WORDS
    both["per_10k_b"] = b / max(size_b, 1) * PER_WORDS
    both["log_ratio"] = log_ratio(a, b, max(size_a, 1), max(size_b, 1))
    both["g2"] = log_likelihood(a, b, size_a, size_b)
    return both


#: The dtype a non-empty list of significance labels is stored as (a str dtype under pandas 3).
_LABEL_DTYPE = pd.Series(["n.s."]).dtype


def _with_significance(kept: pd.DataFrame, compared: pd.DataFrame) -> pd.DataFrame:
    """kept (rows of compared, the _compare_counts frame) with p_value and significance, each row as computing them
    on all of compared and then selecting would give, dtypes included."""
    kept = kept.copy()
    kept["p_value"] = g2_p_value(kept["g2"].to_numpy())
    labels = [significance_label(p) for p in kept["p_value"]]
    # A selection of a filled column keeps its label dtype; only a column filled from no rows at all is float.
    kept["significance"] = pd.array(labels, dtype=_LABEL_DTYPE) if len(compared) and not labels else labels
    return kept


def rising_falling(
    tables: Tables,
    filters: Filters,
    period_a: Sequence[int],
    period_b: Sequence[int],
    *,
    min_count: int = 5,
    n: int = 10,
    kind: str | None = None,
) -> pd.DataFrame:
    """Terms that rose or fell most from period_a (earlier years) to period_b (later years).

    Columns: term, direction ("rising"|"falling"), count_a, count_b, words_a, words_b, docs_a, docs_b, per_10k_a,
    per_10k_b, log_ratio (log2 of per_10k_b / per_10k_a; a zero count counts as 0.5), g2, p_value, significance.
    Only terms with count_a + count_b >= min_count; the n largest rises and the n largest falls, by log ratio.
    """
    columns = ["term", "direction", "count_a", "count_b", "words_a", "words_b", "docs_a", "docs_b",
               "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value", "significance"]
    words = analysed_words(tables, filters)
    in_a = words.loc[words["year"].isin(list(period_a))]
    in_b = words.loc[words["year"].isin(list(period_b))]
    size_a, size_b = int(in_a["n_words"].sum()), int(in_b["n_words"].sum())
    if size_a == 0 or size_b == 0 or set(period_a) & set(period_b):
        return pd.DataFrame(columns=columns)
    a, b = _term_totals_by(tables, [in_a["doc_id"], in_b["doc_id"]], kind)
    # Swap roles so that a positive log ratio means "more frequent in the later period".
    both = _compare_counts(b, a, size_b, size_a, min_count).rename(
        columns={"count_a": "count_b", "count_b": "count_a", "per_10k_a": "per_10k_b", "per_10k_b": "per_10k_a"}
    )
    if both.empty:
        return pd.DataFrame(columns=columns)
    both["words_a"], both["words_b"] = size_a, size_b
    both["docs_a"], both["docs_b"] = len(in_a), len(in_b)
    rising = both.loc[both["log_ratio"] > 0].sort_values(["log_ratio", "g2", "term"], ascending=[False, False, True]).head(n)
    falling = both.loc[both["log_ratio"] < 0].sort_values(["log_ratio", "g2", "term"], ascending=[True, False, True]).head(n)
    rising = _with_significance(rising, both).assign(direction="rising")
    falling = _with_significance(falling, both).assign(direction="falling")
    return pd.concat([rising, falling], ignore_index=True)[columns]


KEYNESS_COLUMNS = ["term", "target", "count_target", "count_rest", "words_target", "words_rest", "docs_target",
                   "docs_rest", "per_10k_target", "per_10k_rest", "g2", "p_value", "significance", "log_ratio"]


def keyness(
    tables: Tables,
    filters: Filters,
    *,
    organisation: str | None = None,
    year: int | None = None,
    min_count: int = 5,
    n: int = 20,
    kind: str | None = None,
) -> pd.DataFrame:
    """Terms over-represented in one organisation (or year) against the rest of the filtered corpus.

    Columns: term, target, count_target, count_rest, words_target, words_rest, docs_target, docs_rest,
    per_10k_target, per_10k_rest, g2, p_value, significance, log_ratio. Only terms with log ratio > 0,
    count_target + count_rest >= min_count and G² >= 3.84 (p < 0.05); strongest G² first, at most n.
    """
    columns = KEYNESS_COLUMNS
    words = analysed_words(tables, filters)
    if organisation is not None:
        is_target = words["organisation"] == organisation
        target = str(organisation)
    elif year is not None:
        is_target = words["year"] == int(year)
        target = str(year)
    else:
        raise ValueError("keyness needs an organisation or a year")
    size_t, size_r = int(words.loc[is_target, "n_words"].sum()), int(words.loc[~is_target, "n_words"].sum())
    if size_t == 0 or size_r == 0:
        return pd.DataFrame(columns=columns)
    a, b = _term_totals_by(tables, [words.loc[is_target, "doc_id"], words.loc[~is_target, "doc_id"]], kind)
    return _keyness_rows(a, b, (size_t, size_r), (int(is_target.sum()), int((~is_target).sum())), target, min_count, n)


def _keyness_rows(
    a: pd.Series, b: pd.Series, sizes: tuple[int, int], docs: tuple[int, int], target: str, min_count: int, n: int
) -> pd.DataFrame:
    """Keyness rows of term counts a (target) against b (rest): over-represented, p < 0.05, strongest n."""
    (size_t, size_r), columns = sizes, KEYNESS_COLUMNS
    compared = _compare_counts(a, b, size_t, size_r, min_count)
    both = compared.loc[(compared["log_ratio"] > 0) & (compared["g2"] >= G2_THRESHOLDS[-1][0])]
    both = both.rename(columns={"count_a": "count_target", "count_b": "count_rest",
                                "per_10k_a": "per_10k_target", "per_10k_b": "per_10k_rest"})
    both["target"] = target
    both["words_target"], both["words_rest"] = size_t, size_r
    both["docs_target"], both["docs_rest"] = docs
    both = both.sort_values(["g2", "term"], ascending=[False, True]).head(n)
    return _with_significance(both, compared)[columns].reset_index(drop=True)


def _stem(word: str) -> str:
    # Norwegian inflection mostly appends to the lemma; a final -e drops (kompetanse -> kompetansen, -er).
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def highlight_stems(terms: Sequence[str]) -> list[str]:
    """Highlight patterns for components.passage_list: each term's stem with "*" ("kompetanse" -> "kompetans*")."""
    return [" ".join(_stem(w) for w in str(t).split()) + "*" for t in terms if str(t).strip()]


def term_pattern(term: str) -> str:
    """Case-insensitive regex for the inflected forms of a lemma or "lemma lemma" bigram, as whole words from their start.

    Each word matches from its stem (the lemma without a final -e, so "kompetanse" also finds "kompetansen"),
    followed by any letters: "praksisplass" finds "praksisplassene".
    """
    parts = []
    for word in str(term).split():
        parts.append(re.escape(_stem(word)) + r"\w*")
    return r"(?<!\w)" + r"[\s\-–]+".join(parts)


def passages_with_term(
    tables: Tables,
    filters: Filters,
    term: str,
    *,
    organisation: str | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Non-boilerplate passages of the filtered corpus whose text contains the term (any inflection), with matched_forms.

    Columns: the passage columns joined with organisation, year, doc_type, title, plus matched_forms ("|"-joined
    surface forms as in the text, for highlighting) and n_matches; most matches first (all, or at most limit rows).
    """
    docs = documents_in(tables, filters)
    if organisation is not None:
        docs = docs.loc[docs["organisation"] == organisation]
    if year is not None:
        docs = docs.loc[docs["year"] == int(year)]
    passages = tables.passages
    kept = passages.loc[passages["doc_id"].isin(docs["doc_id"]) & ~passages["is_boilerplate"].astype(bool)]
    kept = kept.merge(docs[["doc_id", "organisation", "year", "doc_type", "title"]], on="doc_id", how="inner")
    pattern = re.compile(term_pattern(term), re.IGNORECASE)
    found = kept["text"].astype(str).map(pattern.findall)
    kept = kept.assign(
        n_matches=found.map(len).astype("int64"),
        matched_forms=found.map(lambda forms: "|".join(dict.fromkeys(forms))).astype("string"),
    )
    kept = kept.loc[kept["n_matches"] > 0]
    kept = kept.sort_values(["n_matches", "year", "passage_id"], ascending=[False, True, True])
    return (kept if limit is None else kept.head(limit)).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Topics


def relevance(weight, corpus_weight, lam: float) -> np.ndarray:
    """LDAvis relevance λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)) (Sievert & Shirley 2014); λ=1 ranks by weight, λ=0 by lift."""
    w = np.asarray(weight, dtype=float)
    p = np.asarray(corpus_weight, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_w = np.log(w)
        lift = np.log(w / p)
    return lam * log_w + (1.0 - lam) * lift


def topic_terms_ranked(tables: Tables, topic_id: int, lam: float = 0.6, n: int = 15) -> pd.DataFrame:
    """The stored top terms of one topic re-ranked by relevance at λ=lam: topic_id, term, weight, corpus_weight, lift,
    relevance, rank (1 = most relevant), stored_rank; the n most relevant."""
    terms = tables.topic_terms.loc[tables.topic_terms["topic_id"] == int(topic_id)]
    terms = terms.loc[(terms["weight"] > 0) & (terms["corpus_weight"] > 0)]
    out = terms.rename(columns={"rank": "stored_rank"})[["topic_id", "term", "weight", "corpus_weight", "stored_rank"]]
    out = out.assign(
        lift=out["weight"] / out["corpus_weight"],
        relevance=relevance(out["weight"], out["corpus_weight"], lam),
    )
    out = out.sort_values(["relevance", "stored_rank"], ascending=[False, True]).head(n).reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1, dtype="int64")
    return out[["topic_id", "rank", "term", "weight", "corpus_weight", "lift", "relevance", "stored_rank"]]


def analysed_passages(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Non-boilerplate passages of the filtered corpus (the ones measured) with organisation, year, doc_type, title."""
    analysed = _analysed(tables)
    keep = document_mask(tables, filters)[analysed.doc_pos]
    if keep.all():
        return analysed.passages.copy(deep=False)  # shared frame: a new column must not reach other sessions
    return analysed.passages.loc[keep].reset_index(drop=True)


def topic_overview(tables: Tables, filters: Filters, n_terms: int = 6) -> pd.DataFrame:
    """One row per topic for the map and the list: topic_id, label, top_terms, coherence, x, y, share (of topic weight
    in the filtered passages), n_passages (passages where the topic is dominant), n_documents (documents with the
    topic at all)."""
    columns = ["topic_id", "label", "top_terms", "coherence", "x", "y", "share", "n_passages", "n_documents"]
    topics = tables.topics
    if topics.empty:
        return pd.DataFrame(columns=columns)
    weights = _weights_in(tables, filters)
    total = weights["weight"].sum()
    share = weights.groupby("topic_id")["weight"].sum() / total if total > 0 else pd.Series(dtype=float)
    dominant = weights.sort_values(["weight", "topic_id"], ascending=[False, True]).drop_duplicates("passage_id")
    n_passages = dominant.groupby("topic_id")["passage_id"].nunique()
    n_documents = weights.groupby("topic_id")["doc_id"].nunique()
    terms = tables.topic_terms.sort_values(["topic_id", "rank"])
    top = terms.groupby("topic_id").head(n_terms).groupby("topic_id")["term"].agg(", ".join)
    out = topics[["topic_id", "label", "coherence", "x", "y"]].copy()
    out["top_terms"] = out["topic_id"].map(top).fillna("").astype("string")
    out["share"] = out["topic_id"].map(share).fillna(0.0).astype("float64")
    out["n_passages"] = out["topic_id"].map(n_passages).fillna(0).astype("int64")
    out["n_documents"] = out["topic_id"].map(n_documents).fillna(0).astype("int64")
    return out.sort_values(["share", "topic_id"], ascending=[False, True])[columns].reset_index(drop=True)


def topic_prevalence(tables: Tables, filters: Filters, by: str = "organisation") -> pd.DataFrame:
    """Mean topic weight over the analysed passages of each organisation (or year), per topic.

    A passage without a weight for a topic counts as 0, so the means of one group sum to at most 1.
    Columns: topic_id, label, <by>, mean_weight, n_passages (analysed passages of the group), n_documents.
    """
    if by not in ("organisation", "year"):
        raise ValueError(f"by must be organisation or year, not {by!r}")
    columns = ["topic_id", "label", by, "mean_weight", "n_passages", "n_documents"]
    groups = _analysed_groups(tables, filters, by)[[by, "n_passages", "n_documents"]]
    if groups.empty or tables.topics.empty:
        return pd.DataFrame(columns=columns)
    weights = _weights_in(tables, filters)
    sums = weights.groupby(["topic_id", by], as_index=False)["weight"].sum()
    grid = tables.topics[["topic_id", "label"]].merge(groups, how="cross")
    out = grid.merge(sums, on=["topic_id", by], how="left")
    out["mean_weight"] = out["weight"].fillna(0.0) / out["n_passages"]
    return out.sort_values(["topic_id", by])[columns].reset_index(drop=True)


def topic_passages(
    tables: Tables,
    filters: Filters,
    topic_id: int,
    *,
    organisation: str | None = None,
    year: int | None = None,
    limit: int | None = 20,
) -> pd.DataFrame:
    """Representative passages of a topic: analysed passages with the highest weight for it (optionally of one
    organisation or year). Passage columns plus organisation, year, doc_type, title, weight; highest weight first; limit=None keeps all."""
    weights = _weights_in(tables, filters)
    keep = weights["topic_id"] == int(topic_id)
    if organisation is not None:
        keep &= weights["organisation"] == organisation
    if year is not None:
        keep &= weights["year"] == int(year)
    # (weight, passage_id) orders the rows fully, so ranking before joining the passage columns changes nothing.
    top = weights.loc[keep, ["passage_id", "weight"]].sort_values(["weight", "passage_id"], ascending=[False, True])
    if limit is not None:
        top = top.head(limit)
    analysed = _analysed(tables)
    out = analysed.passages.iloc[analysed.position.get_indexer(top["passage_id"])].reset_index(drop=True)
    return out.assign(weight=top["weight"].to_numpy())


# ---------------------------------------------------------------------------------------------
# Compare organisations


def topic_label(tables: Tables, topic_id: int) -> str:
    """The label of a topic (its characteristic terms), else its id."""
    rows = tables.topics.loc[tables.topics["topic_id"] == int(topic_id)]
    return str(rows["label"].iloc[0]) if len(rows) else str(topic_id)


def distinctive_terms(tables: Tables, filters: Filters, *, n: int = 10, min_count: int = 5) -> pd.DataFrame:
    """Keyness of each organisation against the others of the filtered corpus (keyness columns, n rows per organisation)."""
    words = analysed_words(tables, filters)
    organisations = sorted(words["organisation"].astype(str).unique())
    # One pass over term_counts for the total, one for every organisation; each one's rest is the total minus its own.
    (total,) = _term_totals_by(tables, [words["doc_id"]])
    by_org = _term_totals_by(tables, [words.loc[words["organisation"] == org, "doc_id"] for org in organisations])
    words_by_org = words.groupby("organisation")["n_words"].sum()
    docs_by_org = words.groupby("organisation")["doc_id"].nunique()
    all_words, all_docs = int(words["n_words"].sum()), int(words["doc_id"].nunique())
    frames = []
    for org, own in zip(organisations, by_org):
        size_t = int(words_by_org.get(org, 0))
        if size_t == 0 or size_t == all_words:
            continue
        rest = total.sub(own, fill_value=0)
        docs_t = int(docs_by_org.get(org, 0))
        frames.append(_keyness_rows(own, rest[rest > 0], (size_t, all_words - size_t), (docs_t, all_docs - docs_t), org,
                                    min_count, n))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Overview, themes, passages (search), documents, method


def corpus_figures(tables: Tables, filters: Filters) -> dict[str, int]:
    """Headline numbers of the filtered corpus: documents, organisations, years, passages (analysed) and words (analysed)."""
    docs = documents_in(tables, filters)
    analysed = _analysed(tables)
    stats = analysed.doc_stats.loc[document_mask(tables, filters)[analysed.doc_stats_pos]]
    return {
        "documents": int(len(docs)),
        "organisations": int(docs["organisation"].nunique()),
        "years": int(docs["year"].nunique()),
        "passages": int(stats["n_passages"].sum()),
        "words": int(stats["n_words"].sum()),
    }


def theme_labels(tables: Tables, lang: str) -> dict[str, str]:
    """theme_id -> label in the reader's language, in the lexicon's order."""
    column = "label_en" if lang == "en" else "label_nb"
    themes = tables.themes
    return dict(zip(themes["theme_id"].astype(str), themes[column].astype(str)))


def document_labels(documents: pd.DataFrame) -> pd.Series:
    """Short label per document for axes: "NITO 2024 · <title, cut to 40 characters>"."""
    titles = documents["title"].astype(str)
    short = titles.where(titles.str.len() <= 40, titles.str.slice(0, 39) + "…")
    return documents["organisation"].astype(str) + " " + documents["year"].astype(str) + " · " + short


THEME_MEASURE_COLUMNS = [
    "theme_id", "theme", "group", "n_passages", "n_tagged", "share", "n_hits", "n_words", "per_10k",
    "n_documents", "n_documents_with_theme",
]


def theme_measures(
    tables: Tables, filters: Filters, by: str, lang: str, theme_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """How much each theme is mentioned per group (by = "organisation", "year" or "doc_id") of analysed passages.

    Columns: theme_id, theme (label), group, n_passages (analysed passages of the group), n_tagged (those tagged
    with the theme), share = n_tagged / n_passages, n_hits (lexicon matches), n_words, per_10k = n_hits / n_words
    × 10,000, n_documents (documents of the group), n_documents_with_theme. Every theme × group pair is present.
    """
    if by not in ("organisation", "year", "doc_id"):
        raise ValueError(f"by must be organisation, year or doc_id, not {by!r}")
    labels = theme_labels(tables, lang)
    wanted = [t for t in (theme_ids if theme_ids is not None else labels) if t in labels]
    groups = _analysed_groups(tables, filters, by)
    if groups.empty or not wanted:
        return pd.DataFrame(columns=THEME_MEASURE_COLUMNS)
    tagged = _tags_in(tables, filters, wanted)
    found = tagged.groupby(["theme_id", by], as_index=False).agg(
        n_tagged=("passage_id", "nunique"), n_hits=("n_hits", "sum"), n_documents_with_theme=("doc_id", "nunique")
    )
    grid = pd.DataFrame({"theme_id": pd.Series(wanted, dtype="string")}).merge(groups, how="cross")
    found["theme_id"] = found["theme_id"].astype("string")
    out = grid.merge(found, on=["theme_id", by], how="left")
    for column in ("n_tagged", "n_hits", "n_documents_with_theme"):
        out[column] = out[column].fillna(0).astype("int64")
    out["share"] = out["n_tagged"] / out["n_passages"]
    out["per_10k"] = np.where(out["n_words"] > 0, out["n_hits"] / out["n_words"].clip(lower=1) * PER_WORDS, 0.0)
    out["theme"] = out["theme_id"].map(labels).astype("string")
    order = {t: i for i, t in enumerate(wanted)}
    out = out.rename(columns={by: "group"}).assign(_order=out["theme_id"].map(order))
    return out.sort_values(["_order", "group"])[THEME_MEASURE_COLUMNS].reset_index(drop=True)


#: A matrix wider than this is unreadable (and slow to draw): the most theme-dense documents are kept.
MAX_MATRIX_DOCUMENTS = 40


def theme_document_matrix(
    tables: Tables,
    filters: Filters,
    lang: str,
    theme_ids: Sequence[str] | None = None,
    max_documents: int = MAX_MATRIX_DOCUMENTS,
) -> pd.DataFrame:
    """theme_measures per document, with the document's label, organisation and year (for the theme × document matrix).

    With more than max_documents documents, keeps those with the highest summed share of the chosen themes.
    """
    measures = theme_measures(tables, filters, "doc_id", lang, theme_ids).rename(columns={"group": "doc_id"})
    if measures.empty:
        return measures.assign(document=pd.Series(dtype="string"), organisation=pd.Series(dtype="string"),
                               year=pd.Series(dtype="int64"))
    density = measures.groupby("doc_id")["share"].sum()
    if len(density) > max_documents:
        keep = density.sort_values(ascending=False, kind="stable").index[:max_documents]
        measures = measures.loc[measures["doc_id"].isin(keep)]
    docs = documents_in(tables, filters)
    docs = docs.assign(document=document_labels(docs))[["doc_id", "document", "organisation", "year"]]
    # Stable sort keeps the chosen themes' order within each document.
    return measures.merge(docs, on="doc_id", how="left").sort_values(["year", "organisation", "doc_id"],
                                                                      kind="stable").reset_index(drop=True)


def theme_cooccurrence(tables: Tables, filters: Filters, lang: str, theme_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Passages tagged with both themes, for every pair of the chosen themes (the diagonal: passages with the theme).

    Columns: theme_a, theme_b (ids), label_a, label_b, n_passages, n_documents.
    """
    columns = ["theme_a", "theme_b", "label_a", "label_b", "n_passages", "n_documents"]
    labels = theme_labels(tables, lang)
    wanted = [t for t in (theme_ids if theme_ids is not None else labels) if t in labels]
    if _analysed_groups(tables, filters, "doc_id").empty or not wanted:
        return pd.DataFrame(columns=columns)
    tags = _tags_in(tables, filters, wanted)[["passage_id", "theme_id", "doc_id"]]
    pairs = tags.merge(tags, on=["passage_id", "doc_id"], suffixes=("_a", "_b"))
    counts = pairs.groupby(["theme_id_a", "theme_id_b"], as_index=False).agg(
        n_passages=("passage_id", "nunique"), n_documents=("doc_id", "nunique")
    ).rename(columns={"theme_id_a": "theme_a", "theme_id_b": "theme_b"})
    grid = pd.MultiIndex.from_product([wanted, wanted], names=["theme_a", "theme_b"]).to_frame(index=False)
    for frame in (grid, counts):
        frame["theme_a"] = frame["theme_a"].astype("string")
        frame["theme_b"] = frame["theme_b"].astype("string")
    out = grid.merge(counts, on=["theme_a", "theme_b"], how="left")
    out[["n_passages", "n_documents"]] = out[["n_passages", "n_documents"]].fillna(0).astype("int64")
    out["label_a"] = out["theme_a"].map(labels).astype("string")
    out["label_b"] = out["theme_b"].map(labels).astype("string")
    return out[columns]


def theme_passages(
    tables: Tables,
    filters: Filters,
    theme_ids: Sequence[str],
    *,
    require_all: bool = False,
    where: dict | None = None,
) -> pd.DataFrame:
    """Analysed passages tagged with any (or, with require_all, every) of the themes, optionally narrowed by
    where = {"organisation"|"year"|"doc_id": value}. Passage columns plus organisation, year, doc_type, title,
    themes and matched_forms ("|"-joined over the themes), n_hits; most hits first, then document order."""
    analysed = _analysed(tables)
    tags = _tags_in(tables, filters, theme_ids)
    for column, value in (where or {}).items():
        tags = tags.loc[tags[column].astype(str) == str(value)]
    if tags.empty:
        return analysed_passages(tables, filters).iloc[0:0].assign(
            themes=pd.Series(dtype="string"), matched_forms=pd.Series(dtype="string"), n_hits=pd.Series(dtype="int64"))
    # Per passage, in one pass over the tags (in table order, as groupby keeps them): sorted theme ids, the
    # non-missing matched forms joined, the hits summed. A Python loop: tens of thousands of tiny groups make
    # pandas' per-group lambdas take seconds.
    themes: dict[str, list[str]] = {}
    forms: dict[str, list[str]] = {}
    hits: dict[str, int] = {}
    for passage_id, theme_id, matched, n in zip(tags["passage_id"].tolist(), tags["theme_id"].tolist(),
                                                tags["matched_forms"].tolist(), tags["n_hits"].tolist()):
        themes.setdefault(passage_id, []).append(str(theme_id))
        if isinstance(matched, str):
            forms.setdefault(passage_id, []).append(matched)
        hits[passage_id] = hits.get(passage_id, 0) + int(n)
    wanted = len(set(theme_ids))
    ids = [p for p, t in themes.items() if not require_all or len(set(t)) >= wanted]
    # The passages in analysed order, as the join of the filtered passages with the tags had them.
    rows = np.sort(analysed.position.get_indexer(ids))
    out = analysed.passages.iloc[rows].reset_index(drop=True)
    ordered = out["passage_id"].tolist()
    out = out.assign(
        themes=pd.Series(["|".join(sorted(themes[p])) for p in ordered], dtype="string"),
        matched_forms=pd.Series(["|".join(forms.get(p, ())) for p in ordered], dtype="string"),
        n_hits=pd.Series([hits[p] for p in ordered], dtype="int64"),
    )
    return out.sort_values(["n_hits", "year", "doc_id", "position"], ascending=[False, True, True, True]).reset_index(
        drop=True
    )


def recent_period(documents: pd.DataFrame, min_documents: int = 2) -> tuple[list[int], list[int]]:
    """Split the years into (earlier, recent): recent = the latest year, extended back until it holds at least
    min_documents documents, as long as one earlier year remains. ([], []) with fewer than two years."""
    per_year = documents.groupby("year")["doc_id"].nunique().sort_index()
    years = [int(y) for y in per_year.index]
    if len(years) < 2:
        return [], []
    cut = len(years) - 1
    while cut > 1 and int(per_year.iloc[cut:].sum()) < min_documents:
        cut -= 1
    return years[:cut], years[cut:]


def _period_name(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def rising_terms(tables: Tables, filters: Filters, *, min_count: int = 3, n: int = 12) -> pd.DataFrame:
    """Terms rising most in the latest year(s) of the filtered corpus against the earlier years (see rising_falling).

    The recent period is the latest year, or the latest years together when the latest holds a single document
    (recent_period), so one short document cannot fill the list. Strongest evidence (G²) first.
    Empty when the filters keep only one year. Adds columns latest ("2025" or "2024–2025") and earlier.
    """
    earlier, recent = recent_period(documents_in(tables, filters))
    if not recent:
        return pd.DataFrame(columns=["term", "per_10k_a", "per_10k_b", "count_a", "count_b", "docs_a", "docs_b",
                                     "latest", "earlier"])
    changes = rising_falling(tables, filters, earlier, recent, min_count=min_count, n=max(n * 4, 50))
    rising = changes.loc[changes["direction"] == "rising"].drop(columns="direction")
    rising = rising.sort_values(["g2", "term"], ascending=[False, True]).head(n)
    return rising.assign(latest=_period_name(recent), earlier=_period_name(earlier)).reset_index(drop=True)


def documents_overview(tables: Tables, filters: Filters, doc_type_labels: dict[str, str]) -> pd.DataFrame:
    """The filtered corpus for the documents table, with the document type named for the reader."""
    docs = documents_in(tables, filters)
    named = docs["doc_type"].astype(str).map(lambda d: doc_type_labels.get(d, d))
    return docs.assign(doc_type=named, date=docs["date"].fillna(""))[
        ["organisation", "year", "date", "doc_type", "title", "date_basis", "n_pages", "n_words", "n_passages",
         "source_file", "doc_id"]
    ]


def date_basis_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One line per document: "NITO 2024 · title", the date where known and how the year was established."""
    return pd.DataFrame({
        "document": document_labels(documents).to_numpy(),
        "date": documents["date"].fillna("").to_numpy(),
        "date_basis": documents["date_basis"].fillna("").to_numpy(),
    })


# --- full-text search over search.sqlite (FTS5) ---

_PHRASE = re.compile(r'"([^"]*)"')


def search_terms(query: str, prefix: bool = True) -> list[str]:
    """The user's search split into terms: "quoted phrases" stay whole, other words become prefix terms ("word*")
    when prefix is set. Characters FTS5 would read as syntax are dropped, never passed through."""
    terms: list[str] = []
    for phrase in _PHRASE.findall(query):
        words = re.findall(r"\w+", phrase)
        if words:
            terms.append(" ".join(words))
    rest = _PHRASE.sub(" ", query).replace('"', " ")
    for token in rest.split():
        words = re.findall(r"\w+", token)
        if not words:
            continue
        word = " ".join(words)
        wants_prefix = prefix or token.endswith("*")
        terms.append(word + ("*" if wants_prefix and " " not in word else ""))
    return list(dict.fromkeys(terms))


def fts_query(terms: Sequence[str]) -> str | None:
    """An FTS5 MATCH expression for search_terms(): every term a quoted string (so AND/OR/NEAR/-/: are literal),
    a trailing * outside the quotes; all terms required."""
    parts = []
    for term in terms:
        core = term.rstrip("*").replace('"', '""')
        if core.strip():
            parts.append(f'"{core}"' + ("*" if term.endswith("*") else ""))
    return " AND ".join(parts) or None


def fts_passage_ids(search_db: Path, match: str, limit: int = 2000) -> pd.DataFrame:
    """passage_id and rank (bm25, lower is better) of passages matching an FTS5 expression; empty on a bad query."""
    try:
        con = sqlite3.connect(f"file:{Path(search_db).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return pd.DataFrame({"passage_id": pd.Series(dtype="string"), "rank": pd.Series(dtype="float64")})
    try:
        rows = con.execute(
            "SELECT passage_id, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
            "ORDER BY bm25(passages_fts) LIMIT ?",
            (match, int(limit)),
        ).fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        con.close()
    return pd.DataFrame(
        {"passage_id": pd.Series([r[0] for r in rows], dtype="string"), "rank": pd.Series([r[1] for r in rows], dtype="float64")}
    )


def search_passages(tables: Tables, filters: Filters, terms: Sequence[str], *, include_boilerplate: bool = False) -> pd.DataFrame:
    """Passages of the filtered corpus matching all terms (FTS5, search.sqlite), best match first.

    Columns: the passage columns plus organisation, year, doc_type, title, date and rank.
    """
    match = fts_query(terms)
    passages = passages_in(tables, filters)
    if match is None:
        return passages.iloc[0:0].assign(rank=pd.Series(dtype="float64"))
    hits = fts_passage_ids(tables.search_db, match)
    out = passages.merge(hits, on="passage_id", how="inner")
    if not include_boilerplate:
        out = out.loc[~out["is_boilerplate"].astype(bool)]
    return out.sort_values(["rank", "passage_id"]).reset_index(drop=True)


def highlight_pattern(terms: Sequence[str]) -> re.Pattern | None:
    """One case-insensitive regex for highlight/search terms, matching at word starts: "term*" also matches longer
    words, a plain term only the whole word, spaces in a phrase any run of white space."""
    parts = []
    for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
        core = term.rstrip("*").strip()
        if not core:
            continue
        body = r"\s+".join(re.escape(w) for w in core.split())
        parts.append(body + (r"\w*" if term.endswith("*") else r"(?!\w)"))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def keyword_in_context(passages: pd.DataFrame, terms: Sequence[str], *, width: int = 60, limit: int = 500) -> pd.DataFrame:
    """One row per match: left context, the match, right context (width characters each side), with organisation,
    year, title, page and passage_id. Order follows the passages."""
    columns = ["left", "match", "right", "organisation", "year", "title", "page", "passage_id"]
    pattern = highlight_pattern(terms)
    rows = []
    if pattern is not None:
        for passage in passages.itertuples(index=False):
            text = " ".join(str(passage.text).split())
            for m in pattern.finditer(text):
                left = text[max(0, m.start() - width) : m.start()]
                right = text[m.end() : m.end() + width]
                rows.append(("…" + left if m.start() > width else left, m.group(0),
                             right + "…" if m.end() + width < len(text) else right,
                             passage.organisation, passage.year, passage.title, passage.page, passage.passage_id))
                if len(rows) >= limit:
                    break
            if len(rows) >= limit:
                break
    return pd.DataFrame(rows, columns=columns)


# --- build information (Method page) ---


def build_rows(info: dict, key: str, name_column: str, value_column: str) -> pd.DataFrame:
    """A {name: value} part of build_info (row_counts, timings) as a two-column frame."""
    part = info.get(key) or {}
    return pd.DataFrame({name_column: list(part.keys()), value_column: list(part.values())})


def theme_evaluation(tables: Tables, lang: str) -> pd.DataFrame:
    """The lexicon's precision/recall/F1 on the hand-labelled set (build_info theme_evaluation), with theme labels."""
    columns = ["theme", "precision", "recall", "f1", "n_positive", "n_negative"]
    rows = pd.DataFrame(tables.build_info.get("theme_evaluation") or [])
    if rows.empty:
        return pd.DataFrame(columns=columns)
    labels = theme_labels(tables, lang)
    rows["theme"] = rows["theme_id"].map(lambda t: labels.get(t, t))
    return rows[[c for c in columns if c in rows.columns]]


def lexicon_table(tables: Tables, lang: str) -> pd.DataFrame:
    """The theme lexicon for reading: label, definition, terms and exclusions (", "-joined)."""
    themes = tables.themes
    label = "label_en" if lang == "en" else "label_nb"
    description = "description_en" if lang == "en" else "description"
    return pd.DataFrame({
        "theme_id": themes["theme_id"],
        "theme": themes[label],
        "description": themes[description],
        "terms": themes["terms"].fillna("").str.replace("|", ", ", regex=False),
        "exclusions": themes["exclusions"].fillna("").str.replace("|", ", ", regex=False),
    })


def coherence_by_k(info: dict) -> pd.DataFrame:
    """Topic coherence (NPMI) for each number of topics tried, with the stability measured for some of them
    (NaN elsewhere), from build_info topic_model."""
    model = info.get("topic_model") or {}
    part = model.get("coherence_by_k") or {}
    if isinstance(part, list):
        frame = pd.DataFrame(part)
    else:
        frame = pd.DataFrame({"k": [int(k) for k in part], "coherence": [float(v) for v in part.values()]})
    stability = {int(k): float(v) for k, v in (model.get("stability_by_k") or {}).items()}
    if not frame.empty:
        frame["stability"] = frame["k"].map(stability).astype("float64")
    return frame


def topic_stability(info: dict) -> float | None:
    """The chosen model's stability (mean best-match Jaccard over refits), whether stored as a number or a dict."""
    value = (info.get("topic_model") or {}).get("stability")
    if isinstance(value, dict):
        value = value.get("mean_jaccard")
    return float(value) if isinstance(value, (int, float)) else None


def theme_passages_at(tables: Tables, filters: Filters, cells: Sequence[Sequence], by: str) -> pd.DataFrame:
    """Passages behind selected chart points: cells are (theme_id, value of `by`) pairs from customdata
    (by = "organisation", "year" or "doc_id"); one row per passage, in the order of theme_passages."""
    frames = [theme_passages(tables, filters, [str(cell[0])], where={by: cell[1]}) for cell in cells]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return theme_passages(tables, filters, [])
    return pd.concat(frames, ignore_index=True).drop_duplicates("passage_id").reset_index(drop=True)
