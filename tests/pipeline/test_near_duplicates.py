"""Near-duplicate documents (pipeline/near_duplicates.py) on planted texts made from real passages, and the
real pairs of the development corpus."""
from __future__ import annotations

import random

import pytest

from pipeline import clean, extract
from pipeline import near_duplicates as nd
from tests.conftest import SAMPLES, development_corpus


def _text(name: str) -> str:
    result = extract.extract(SAMPLES / name)
    return "\n".join(clean.clean_pages(result.pages, result.kind))


@pytest.fixture(scope="module")
def real_texts() -> dict[str, str]:
    return {
        "nito": _text("2025-11-20_nito_innspill-helsereformutvalget.pdf"),
        "tekna": _text("2025-11-13_tekna_forste-innspill-helsereformutvalget.pdf"),
        "fagforbundet": _text("2025-10-16_fagforbundet_innspill-helsereformutvalget.pdf"),
    }


def _edit(text: str, share: float, seed: int) -> str:
    """The text with `share` of its words replaced by a filler word, at seeded random places."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(share * len(words))):
        words[i] = "xyzzy"
    return " ".join(words)


def test_shingles_are_stable_across_processes_and_ignore_case_and_punctuation():
    a = nd.shingles("Helsevesenet står overfor en sterkt økende mangel på autorisert personell.")
    b = nd.shingles("HELSEVESENET står overfor en sterkt, økende mangel på autorisert personell")
    assert a == b and len(a) == 6
    # blake2b, not hash(): the same value in every process (PYTHONHASHSEED differs between runs)
    assert min(nd.shingles("en to tre fire fem")) == int.from_bytes(
        __import__("hashlib").blake2b(b"en to tre fire fem", digest_size=8).digest(), "big")


def test_planted_copies_are_found_and_unrelated_texts_are_not(real_texts):
    nito, tekna, fagforbundet = (nd.shingles(real_texts[k]) for k in ("nito", "tekna", "fagforbundet"))
    corpus = {"nito": nito, "tekna": tekna, "fagforbundet": fagforbundet}
    # the same text re-typed with 3 % of the words changed: most 5-word runs survive
    retyped = nd.shingles(_edit(real_texts["nito"], 0.03, seed=7))
    found = nd.similar_to(retyped, corpus)
    assert [o.doc_b for o in found] == ["nito"]
    assert 0.75 < found[0].share_a < 0.95
    # three quarters of Tekna's words in order, followed by a different letter's text
    words = real_texts["tekna"].split()
    partial = nd.shingles(" ".join(words[: int(0.75 * len(words))]) + " " + real_texts["fagforbundet"][:3000])
    found = nd.similar_to(partial, {"tekna": tekna, "nito": nito})
    assert [o.doc_b for o in found] == ["tekna"]
    assert 0.70 < found[0].share_b < 0.78  # ~75 % of Tekna's shingles are repeated
    # unrelated letters on the same subject share almost nothing
    assert nd.similar_to(nito, {"tekna": tekna, "fagforbundet": fagforbundet}) == []
    assert nd.overlap("nito", nito, "tekna", tekna).share < 0.05


def test_pairs_over_a_corpus_match_pairwise_comparison(real_texts):
    corpus = {k: nd.shingles(v) for k, v in real_texts.items()}
    corpus["nito-copy"] = nd.shingles(_edit(real_texts["nito"], 0.02, seed=3))
    corpus["short"] = nd.shingles("Med vennlig hilsen NITO")  # under MIN_SHINGLES: never compared
    pairs = nd.near_duplicate_pairs(corpus)
    assert [(o.doc_a, o.doc_b) for o in pairs] == [("nito", "nito-copy")]
    assert pairs[0] == nd.overlap("nito", corpus["nito"], "nito-copy", corpus["nito-copy"])


def test_real_near_duplicates_of_the_development_corpus():
    """The two SINTEF files (identical text) and KS fylkesordfører-/rådslederkollegiet repeating ~75 % of
    Den offentlige tannhelsetjenesten i Nordland (notes.csv); Tannhelsetjenesten and FFO/Unge funksjonshemmede
    (a few quoted paragraphs) stay below the bar."""
    raw = development_corpus() / "raw"

    def shingles_of(name: str) -> frozenset[int]:
        result = extract.extract(raw / name)
        return nd.shingles("\n".join(clean.clean_pages(result.pages, result.kind)))

    sintef = [shingles_of(f"2026-0{m}-2026-04-08-Helsereformutvalget-SINTEF-innspill-helseteknologi-og-innovasjon.pdf")
              for m in (4, 5)]
    assert nd.overlap("a", sintef[0], "b", sintef[1]).jaccard == 1.0
    nordland = shingles_of("2026-03-Innspill-til-Helserefomrutvalget-fra-Den-offentlige-tannhelsetjenesten-i-Nordland.pdf")
    ks = shingles_of("2026-05-667211_1_1.pdf")
    found = nd.similar_to(ks, {"nordland": nordland, "sintef": sintef[0]})
    assert [o.doc_b for o in found] == ["nordland"]
    assert 0.70 <= found[0].share_b <= 0.80  # share of Nordland's text repeated by KS
    ffo = shingles_of("2026-01-Innspill-til-Helsreformutvalget-fra-FFO.docx")
    ungfunk = shingles_of("2026-01-Unge-funksjonshemmede_Utfordringsbildet.pdf")
    assert nd.overlap("ffo", ffo, "ungfunk", ungfunk).share < nd.NEAR_DUPLICATE_SHARE
