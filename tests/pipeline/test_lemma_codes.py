"""Lemma codes: alphabetical codes, empty passages, selection of passages in any order."""
from __future__ import annotations

import pyarrow as pa

from pipeline import lemma_codes


def test_codes_follow_alphabetical_order_and_empty_passages_have_no_tokens():
    encoded = lemma_codes.encode(pa.array(["sykehus praksisplass", "", None, "øke praksisplass"]))
    assert encoded.vocabulary.tolist() == ["praksisplass", "sykehus", "øke"]  # ø sorts after the ASCII letters
    assert encoded.codes.tolist() == [1, 0, 2, 0]
    assert encoded.lengths.tolist() == [2, 0, 0, 2]
    assert encoded.offsets.tolist() == [0, 2, 2, 2, 4]


def test_selection_in_another_order_matches_encoding_the_lists():
    lists = {"a:0000": ["digital", "kompetanse"], "a:0001": [], "b:0000": ["kompetanse", "praksis", "kompetanse"]}
    built = lemma_codes.passage_lemmas(list(lists), pa.array([lemma_codes.join(v) for v in lists.values()]))
    chosen = built.select(["b:0000", "x:9999", "a:0000"])
    assert [chosen.vocabulary[c] for c in chosen.codes] == ["kompetanse", "praksis", "kompetanse", "digital", "kompetanse"]
    assert chosen.lengths.tolist() == [3, 0, 2]
    direct = lemma_codes.encode_lemmas(["b:0000", "x:9999", "a:0000"], lists)
    assert [direct.vocabulary[c] for c in direct.codes] == [chosen.vocabulary[c] for c in chosen.codes]
