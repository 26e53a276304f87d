"""Term counts per document: content lemmas and bigrams of adjacent content lemmas.

Bigrams are "lemma lemma" pairs of neighbours within one passage, never across passages,
in the same form as pipeline.language.bigrams. Bigrams seen only once in the whole corpus
are dropped: they are most distinct pairs (seed corpus: 6,555 of 7,008) and carry no trend,
so the table stays small at 10,000 documents. Lemmas are all kept.
Boilerplate passages are not counted. Counting is vectorised over integer lemma codes
(pipeline.lemma_codes, np.unique on integer keys), never a Python object per token.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from . import lemma_codes, schema
from .lemma_codes import Lemmas

#: Bigrams with fewer occurrences in the whole corpus are dropped.
MIN_BIGRAM_CORPUS_COUNT = 2


def _categorical(names: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """names[codes] as a categorical of strings: one code per row, each distinct name stored once."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(np.asarray(names, dtype=object), dtype="string"))


def _doc_counts(rows_per_doc: np.ndarray, columns: np.ndarray, n_columns: int) -> sparse.csr_matrix:
    """Document x column counts of `columns`, whose entries come grouped by document (rows_per_doc each): CSR with
    each row's columns ascending and no duplicates (what sum_duplicates of a row per document gives).

    One (document, column) key per entry, sorted in place, and the runs of equal keys counted: sorting the 12M keys
    of 10,000 documents at once took 0.2 s where sorting each row's entries (scipy's sum_duplicates) took 0.5 s.
    """
    n_rows = len(rows_per_doc)
    keys = np.repeat(np.arange(n_rows, dtype=np.int64), rows_per_doc) * np.int64(n_columns) + columns
    keys.sort()
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) if len(keys) else np.zeros(0, np.int64)
    counts = np.diff(np.append(starts, len(keys))).astype(np.int64)
    distinct = keys[starts]
    del keys
    row, column = np.divmod(distinct, np.int64(max(n_columns, 1)))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_rows))])
    return sparse.csr_matrix((counts, column.astype(np.int32), indptr), shape=(n_rows, n_columns))


def term_counts(passages: pd.DataFrame, lemmas: Lemmas) -> pd.DataFrame:
    """Counts per document of content lemmas (kind "lemma") and bigrams (kind "bigram"); schema term_counts."""
    kept = passages.loc[schema.is_analysed(passages["kind"]), ["passage_id", "doc_id"]]
    doc_codes, doc_names = pd.factorize(kept["doc_id"].astype(str).to_numpy(dtype=object), sort=True)
    by_doc = np.argsort(doc_codes, kind="stable")  # passages grouped by document, documents alphabetical
    doc_codes = doc_codes[by_doc]
    encoded = lemma_codes.encode_lemmas(kept["passage_id"].astype(str).to_numpy(dtype=object)[by_doc].tolist(), lemmas)
    lengths, term_codes, term_names = encoded.lengths, encoded.codes, encoded.vocabulary
    if len(term_codes) == 0:
        return schema.empty("term_counts")
    n_docs, n_terms = len(doc_names), np.int64(len(term_names))
    tokens_per_doc = np.bincount(doc_codes, weights=lengths, minlength=n_docs).astype(np.int64)

    lemma_matrix = _doc_counts(tokens_per_doc, term_codes, int(n_terms))
    # (rows per document, term ids into all_names, counts) of each kind: lemmas, then bigrams
    parts = [(np.diff(lemma_matrix.indptr), lemma_matrix.indices, lemma_matrix.data)]
    all_names = [term_names]
    del lemma_matrix

    # A bigram starts at every token but the last of its passage.
    same_passage = np.ones(max(len(term_codes) - 1, 0), dtype=bool)
    last_tokens = np.cumsum(lengths)[lengths > 0] - 1
    same_passage[last_tokens[last_tokens < len(same_passage)]] = False
    # first * n_terms + second, computed in place (12M tokens at 10,000 documents: each int64 temporary is 96 MB)
    pair = term_codes[:-1][same_passage].astype(np.int64)
    pair *= n_terms
    pair += term_codes[1:][same_passage]
    del encoded, term_codes
    token_doc = np.repeat(np.arange(n_docs, dtype=np.int32), tokens_per_doc)
    pair_doc = token_doc[:-1][same_passage]
    del token_doc, same_passage
    if len(pair):
        # hash factorisation (no sort of 12M keys); only the distinct pairs are sorted
        pair_ids, pair_codes = pd.factorize(pair)
        del pair
        corpus_n = np.bincount(pair_ids)
        keep = corpus_n[pair_ids] >= MIN_BIGRAM_CORPUS_COUNT
        pair_ids = pair_ids[keep].astype(np.int32)  # fewer distinct pairs than 2**31
        pair_doc = pair_doc[keep]
        del keep
        alphabetical = np.argsort(pair_codes, kind="stable")  # a pair code is first * n_terms + second
        rank = np.empty(len(alphabetical), dtype=np.int32)
        rank[alphabetical] = np.arange(len(alphabetical), dtype=np.int32)
        bigram_matrix = _doc_counts(np.bincount(pair_doc, minlength=n_docs), rank[pair_ids], len(rank))
        del pair_ids, pair_doc
        present = np.zeros(len(rank), dtype=bool)
        present[bigram_matrix.indices] = True
        used_codes = pair_codes[alphabetical][present]
        names = [f"{a} {b}" for a, b in zip(term_names[used_codes // n_terms], term_names[used_codes % n_terms])]
        parts.append((np.diff(bigram_matrix.indptr),
                      (n_terms + np.cumsum(present) - 1).astype(np.int32)[bigram_matrix.indices], bigram_matrix.data))
        all_names.append(np.array(names, dtype=object))
        del bigram_matrix

    doc, term, kind, count = _by_document(parts, n_docs)
    del parts
    # Categoricals over the distinct names: 11M rows at 10,000 documents are int codes here, and
    # store writes them as the strings the contract declares (schema.conform keeps them).
    out = pd.DataFrame(
        {
            "doc_id": _categorical(doc_names, doc),
            "term": _categorical(np.concatenate(all_names), term),
            "kind": _categorical(np.array(["lemma", "bigram"], dtype=object), kind),
            "count": count,
        }
    )
    return schema.conform(out, "term_counts")


def _by_document(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], n_docs: int):
    """The rows of the parts (rows per document, term id and count of each row, rows grouped by document in document
    order) as four arrays, document, term id, part number ("kind") and count: each document's rows of the first
    part, then its rows of the second, each part's rows in their order. Every row is written straight to its place
    (11M rows at 10,000 documents): what a stable sort of the parts' concatenation by (document, part) gives, without
    the concatenation, the sort keys and the order."""
    n_rows = sum(len(terms) for _, terms, _ in parts)
    doc, term = np.empty(n_rows, dtype=np.int32), np.empty(n_rows, dtype=np.int32)
    kind, count = np.empty(n_rows, dtype=np.int8), np.empty(n_rows, dtype=np.int64)
    all_rows = np.sum([rows for rows, _, _ in parts], axis=0) if parts else np.zeros(n_docs, dtype=np.int64)
    before = np.cumsum(all_rows) - all_rows  # where each document's rows start
    for number, (rows, terms, counts) in enumerate(parts):
        # row i of the part, of document d, goes to d's start + d's rows of the earlier parts + i - d's first row here
        position = np.arange(len(terms), dtype=np.int64)
        position += np.repeat(before - (np.cumsum(rows) - rows), rows)
        doc[position] = np.repeat(np.arange(n_docs, dtype=np.int32), rows)
        term[position], kind[position], count[position] = terms, number, counts
        before += rows
    return doc, term, kind, count


#: Passages whose lemmas and forms are split and counted at a time: the split tokens of one batch are the only
#: per-token strings held (all 12M tokens of 10,000 documents at once took ~1 GB beside the build's tables; a batch
#: of 10,000 passages about 60 MB).
FORMS_BATCH = 10_000
#: The batches' (term, form, count) rows are summed into one table whenever they add up to more than this.
FORMS_MERGE_ROWS = 2_000_000


def term_forms(kinds: pa.ChunkedArray, lemmas: pa.ChunkedArray, forms: pa.ChunkedArray) -> pd.DataFrame:
    """How often each written form was read as each content lemma over the analysed passages; schema term_forms.

    `lemmas` and `forms` are the passages' space-joined lemmas and their written forms in step
    (pipeline.lemma_codes.join_forms). The app uses it to map a typed word to its lemma ("praksisplasser" ->
    "praksisplass") and to mark the written words behind a count.

    Counted FORMS_BATCH passages at a time and the batches' counts summed (form_counts); a folded two-word form's "_"
    becomes a space only in the distinct forms counted (a form never holds a space, so no two forms become one).
    """
    return term_forms_table(form_counts(kinds, lemmas, forms))


def form_counts(kinds: pa.ChunkedArray, lemmas: pa.ChunkedArray, forms: pa.ChunkedArray) -> pa.Table:
    """(term, form, count) of the analysed passages, forms as written ("_" kept), in no particular order: counts of
    two sets of passages add up (sum_counts) to the counts of both, which the build uses to add one document's."""
    keep = pc.is_in(kinds.cast(pa.large_string()), value_set=pa.array(schema.ANALYSED_KINDS, pa.large_string()))
    parts: list[pa.Table] = []
    for start in range(0, len(lemmas), FORMS_BATCH):
        kept = keep.slice(start, FORMS_BATCH)
        parts.append(_form_counts(lemmas.slice(start, FORMS_BATCH).filter(kept), forms.slice(start, FORMS_BATCH).filter(kept)))
        if sum(part.num_rows for part in parts) > FORMS_MERGE_ROWS:
            parts = [_summed(parts)]
    return _summed(parts)


def sum_counts(parts: list[pa.Table]) -> pa.Table:
    """form_counts of several sets of passages added into the counts of all of them."""
    return _summed(parts)


def term_forms_table(counted: pa.Table) -> pd.DataFrame:
    """The term_forms table of form_counts' rows: two-word forms with a space, by term, most frequent form first
    ((term, form) is unique, so the order does not depend on the rows' order)."""
    if counted.num_rows == 0:
        return schema.empty("term_forms")
    counted = pa.table({"term": counted["term"], "form": pc.replace_substring(counted["form"], "_", " "),
                        "count": counted["count"]}).to_pandas()
    counted = counted.sort_values(["term", "count", "form"], ascending=[True, False, True])
    return schema.conform(counted, "term_forms")


def _summed(parts: list[pa.Table]) -> pa.Table:
    """One (term, form, count) table of the parts' rows, counts of the same (term, form) added."""
    if not parts:
        return pa.table({"term": pa.array([], pa.large_string()), "form": pa.array([], pa.large_string()),
                         "count": pa.array([], pa.int64())})
    summed = pa.concat_tables(parts).group_by(["term", "form"]).aggregate([("count", "sum")])
    return summed.rename_columns(["term", "form", "count"])


def _form_counts(lemmas: pa.ChunkedArray, forms: pa.ChunkedArray) -> pa.Table:
    """(term, form, count) of one batch of passages' space-joined lemmas and forms (forms as written, "_" kept)."""
    split_terms = pc.list_flatten(pc.ascii_split_whitespace(lemmas))
    split_forms = pc.list_flatten(pc.ascii_split_whitespace(forms))
    if len(split_terms) != len(split_forms):
        raise ValueError("term_forms: lemmas and forms are not in step")
    pairs = pa.table({"term": split_terms, "form": split_forms})
    pairs = pairs.filter(pc.not_equal(pairs["term"], ""))  # an empty passage splits into one "" token
    return pairs.group_by(["term", "form"]).aggregate([("term", "count")]).rename_columns(["term", "form", "count"])
