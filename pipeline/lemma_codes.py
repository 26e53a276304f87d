"""Content lemmas of many passages as one integer array: the shared input of topics and trends.

The per-document cache keeps each passage's content lemmas as one space-joined string
(a lemma never holds a space: language.tokenize splits on white space). The build encodes
all of them once, with Arrow's split and dictionary encoding, so no Python object is made
per token: 12M tokens of 10,000 synthetic documents take 48 MB as int32 codes, where lists
of Python strings took ~1.5 GB.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class LemmaCodes:
    """Every token of a run of passages (or of units merged from them) as a code into `vocabulary`,
    one after another."""

    codes: np.ndarray  # int32, one per token
    lengths: np.ndarray  # int64, tokens per passage (or unit)
    vocabulary: np.ndarray  # object array of distinct lemmas; code order is alphabetical order

    def __len__(self) -> int:
        return len(self.lengths)

    @property
    def offsets(self) -> np.ndarray:
        """Start of each passage's tokens in `codes`, and the end of the last (len = passages + 1)."""
        return np.concatenate([[0], np.cumsum(self.lengths)])

    def subset(self, which: Sequence[int]) -> LemmaCodes:
        """The codes of the given runs, in that order (same vocabulary)."""
        which = np.asarray(which, dtype=np.int64)
        lengths = self.lengths[which]
        starts = self.offsets[which]
        positions = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
        return LemmaCodes(self.codes[positions], lengths.astype(np.int64), self.vocabulary)

    def lists(self, which: Sequence[int] | None = None) -> list[list[str]]:
        """The lemmas of the given runs (all by default) as lists of strings."""
        offsets = self.offsets
        which = range(len(self)) if which is None else which
        return [self.vocabulary[self.codes[offsets[i] : offsets[i + 1]]].tolist() for i in which]


@dataclass(frozen=True)
class PassageLemmas:
    """LemmaCodes of passages known by id, from which any subset can be taken in any order."""

    passage_ids: pd.Index
    encoded: LemmaCodes

    def select(self, passage_ids: Sequence[str]) -> LemmaCodes:
        """The codes of the given passages in that order; an unknown id has no lemmas."""
        where = self.passage_ids.get_indexer(pd.Index(passage_ids, dtype=object))
        known = where >= 0
        offsets = self.encoded.offsets
        lengths = np.where(known, self.encoded.lengths[np.where(known, where, 0)], 0)
        starts = offsets[np.where(known, where, 0)]
        # every selected passage's run of token positions, one after another
        run_start = np.cumsum(lengths) - lengths
        positions = np.repeat(starts - run_start, lengths) + np.arange(int(lengths.sum()))
        return LemmaCodes(self.encoded.codes[positions], lengths.astype(np.int64), self.encoded.vocabulary)


#: What topics and trends accept: a build's PassageLemmas, or passage_id -> lemmas (small inputs, tests).
Lemmas = PassageLemmas | Mapping[str, Sequence[str]]


def join(lemmas: Sequence[str]) -> str:
    """One passage's lemmas as the space-joined string the cache keeps."""
    return " ".join(lemmas)


def join_forms(forms: Sequence[str]) -> str:
    """One passage's written forms, space-joined in step with its lemmas: a folded two-word form
    ("regionale helseforetak" for "rhf") keeps its words joined by "_", which no token holds."""
    return " ".join(form.replace(" ", "_") for form in forms)


#: Passages encoded at a time: the split tokens of a batch are the only per-token strings held.
ENCODE_BATCH = 20_000


def encode(texts: pa.Array | pa.ChunkedArray) -> LemmaCodes:
    """Codes of the space-joined lemma strings `texts` (one per passage, "" or null for none)."""
    texts = pa.chunked_array([texts]) if isinstance(texts, pa.Array) else texts
    index: dict[str, int] = {}  # lemma -> code in order of first appearance
    codes, lengths = [], []
    for start in range(0, len(texts), ENCODE_BATCH):
        batch = texts.slice(start, ENCODE_BATCH)
        # "" would split into one empty token: as null it splits into none.
        batch = pc.if_else(pc.equal(batch, ""), pa.scalar(None, batch.type), batch)
        lists = pc.ascii_split_whitespace(batch)
        lengths.append(pc.list_value_length(lists).fill_null(0).to_numpy().astype(np.int64))
        tokens = pc.list_flatten(lists)
        if len(tokens) == 0:
            continue
        encoded = tokens.combine_chunks().dictionary_encode()
        local = np.fromiter((index.setdefault(t, len(index)) for t in encoded.dictionary.to_pylist()), dtype=np.int32)
        codes.append(local[encoded.indices.to_numpy()])
    lengths = np.concatenate(lengths) if lengths else np.empty(0, dtype=np.int64)
    if not index:
        return LemmaCodes(np.empty(0, dtype=np.int32), lengths, np.array([], dtype=object))
    names = np.asarray(list(index), dtype=object)
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return LemmaCodes(rank[np.concatenate(codes)], lengths, names[order])


def passage_lemmas(passage_ids: Sequence[str], texts: pa.Array | pa.ChunkedArray) -> PassageLemmas:
    """PassageLemmas of passages and their space-joined lemma strings (parallel)."""
    return PassageLemmas(pd.Index(list(passage_ids), dtype=object), encode(texts))


def encode_lemmas(passage_ids: Sequence[str], lemmas: Lemmas) -> LemmaCodes:
    """Codes of the lemmas of `passage_ids`, in that order."""
    if isinstance(lemmas, PassageLemmas):
        return lemmas.select(passage_ids)
    texts = [join(lemmas.get(str(pid), ())) for pid in passage_ids]
    return encode(pa.array(texts, type=pa.large_string()))
