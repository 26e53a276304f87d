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

from . import lemma_codes, schema
from .lemma_codes import Lemmas

#: Bigrams with fewer occurrences in the whole corpus are dropped.
MIN_BIGRAM_CORPUS_COUNT = 2


def _categorical(names: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """names[codes] as a categorical of strings: one code per row, each distinct name stored once."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(np.asarray(names, dtype=object), dtype="string"))


def term_counts(passages: pd.DataFrame, lemmas: Lemmas) -> pd.DataFrame:
    """Counts per document of content lemmas (kind "lemma") and bigrams (kind "bigram"); schema term_counts."""
    kept = passages.loc[~passages["is_boilerplate"].astype(bool), ["passage_id", "doc_id"]]
    encoded = lemma_codes.encode_lemmas(kept["passage_id"].astype(str).tolist(), lemmas)
    lengths, term_codes, term_names = encoded.lengths, encoded.codes, encoded.vocabulary
    if len(term_codes) == 0:
        return schema.empty("term_counts")

    # Memory matters here (12M tokens at 10,000 documents): int32 where the values fit, int64
    # only for the combined keys, and each large array dropped as soon as it is used.
    doc_codes, doc_names = pd.factorize(kept["doc_id"].astype(str).to_numpy(dtype=object), sort=True)
    token_doc = np.repeat(doc_codes.astype(np.int32), lengths)
    n_terms = np.int64(len(term_names))

    lemma_keys, lemma_n = np.unique(token_doc * n_terms + term_codes, return_counts=True)
    docs = [lemma_keys // n_terms]
    term_ids = [lemma_keys % n_terms]  # index into all_names below
    del lemma_keys
    kinds = [np.zeros(len(docs[0]), dtype=np.int8)]
    counts = [lemma_n]
    all_names = [term_names]

    # A bigram starts at every token but the last of its passage.
    same_passage = np.ones(max(len(term_codes) - 1, 0), dtype=bool)
    last_tokens = np.cumsum(lengths)[lengths > 0] - 1
    same_passage[last_tokens[last_tokens < len(same_passage)]] = False
    pair = term_codes[:-1][same_passage] * n_terms + term_codes[1:][same_passage]
    pair_doc = token_doc[:-1][same_passage]
    del token_doc, same_passage
    if len(pair):
        pair_codes, pair_ids, corpus_n = np.unique(pair, return_inverse=True, return_counts=True)
        del pair
        keep = corpus_n[pair_ids] >= MIN_BIGRAM_CORPUS_COUNT
        n_pairs = np.int64(len(pair_codes))
        # pair codes are already in (first, second) alphabetical order
        bigram_keys, bigram_n = np.unique(pair_doc[keep] * n_pairs + pair_ids[keep], return_counts=True)
        del pair_ids, pair_doc, keep
        used, used_inverse = np.unique(bigram_keys % n_pairs, return_inverse=True)
        used_codes = pair_codes[used]
        names = [f"{a} {b}" for a, b in zip(term_names[used_codes // n_terms], term_names[used_codes % n_terms])]
        docs.append(bigram_keys // n_pairs)
        term_ids.append(n_terms + used_inverse)
        kinds.append(np.ones(len(bigram_keys), dtype=np.int8))
        counts.append(bigram_n)
        all_names.append(np.array(names, dtype=object))

    doc = np.concatenate(docs)
    kind = np.concatenate(kinds)
    # two runs already sorted by doc (and term within doc): a stable sort merges them in linear time
    order = np.argsort(doc * 2 + kind, kind="stable")
    doc = doc[order]
    # Categoricals over the distinct names: 11M rows at 10,000 documents are int codes here, and
    # store writes them as the strings the contract declares (schema.conform keeps them).
    out = pd.DataFrame(
        {
            "doc_id": _categorical(doc_names, doc),
            "term": _categorical(np.concatenate(all_names), np.concatenate(term_ids)[order]),
            "kind": _categorical(np.array(["lemma", "bigram"], dtype=object), kind[order]),
            "count": np.concatenate(counts)[order],
        }
    )
    return schema.conform(out, "term_counts")
