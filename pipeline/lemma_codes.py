"""Content lemmas of many passages as one integer array: the shared input of topics and trends.

The per-document cache keeps each passage's content lemmas as one space-joined string
(a lemma never holds a space: language.tokenize splits on white space). As Arrow strings the
lemmas of 360k passages (10,000 synthetic documents, 12M tokens) take ~100 MB, where a list
of Python strings per passage took ~1.5 GB; `encode` turns them into integer codes with
Arrow's split and dictionary encoding, so no Python object is made per token.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: What the corpus-wide stages accept as lemmas: space-joined strings indexed by passage_id
#: (what a build holds), or passage_id -> list of lemmas (small inputs, tests).
Lemmas = pd.Series | Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class LemmaCodes:
    """Every token of a run of passages as a code into `vocabulary`, passages one after another."""

    codes: np.ndarray  # int64, one per token
    lengths: np.ndarray  # int64, tokens per passage
    vocabulary: np.ndarray  # object array of distinct lemmas; code order is alphabetical order

    @property
    def offsets(self) -> np.ndarray:
        """Start of each passage's tokens in `codes`, and the end of the last (len = passages + 1)."""
        return np.concatenate([[0], np.cumsum(self.lengths)])


def join(lemmas: Sequence[str]) -> str:
    """One passage's lemmas as the space-joined string the cache keeps."""
    return " ".join(lemmas)


def texts_for(passage_ids: Sequence[str], lemmas: Lemmas) -> pa.Array:
    """The space-joined lemmas of each passage id, "" where there are none."""
    ids = [str(pid) for pid in passage_ids]
    if isinstance(lemmas, pd.Series):
        return pa.array(lemmas.reindex(ids).fillna("").astype("string"), type=pa.large_string())
    return pa.array([join(lemmas.get(pid, ())) for pid in ids], type=pa.large_string())


def encode(texts: pa.Array | pa.ChunkedArray) -> LemmaCodes:
    """Codes of the space-joined lemma strings `texts` (one per passage, "" for none)."""
    texts = pa.chunked_array([texts]) if isinstance(texts, pa.Array) else texts
    # "" would split into one empty token: as null it splits into none.
    texts = pc.if_else(pc.equal(texts, ""), pa.scalar(None, texts.type), texts)
    lists = pc.ascii_split_whitespace(texts)
    lengths = pc.list_value_length(lists).fill_null(0).to_numpy().astype(np.int64)
    tokens = pc.list_flatten(lists)
    if len(tokens) == 0:
        return LemmaCodes(np.empty(0, dtype=np.int64), lengths, np.array([], dtype=object))
    encoded = tokens.combine_chunks().dictionary_encode()
    names = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return LemmaCodes(rank[encoded.indices.to_numpy()], lengths, names[order])


def encode_lemmas(passage_ids: Sequence[str], lemmas: Lemmas) -> LemmaCodes:
    """Codes of the lemmas of `passage_ids`, in that order."""
    return encode(texts_for(passage_ids, lemmas))
