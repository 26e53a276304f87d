"""Which language a document and each of its passages are written in: Bokmål, Nynorsk or English.

Backed by py3langid (a maintained fork of langid.py; its Naive Bayes model ships inside the package,
nothing is downloaded), restricted to the three languages this corpus holds ("no" is its label for
Bokmål). Chosen over lingua-language-detector after measuring both on the development corpus
(data/eval/README.md, "Language"): py3langid named the language of all 157 documents right (lingua 154)
and called 3 of 53 Bokmål passages of a labelled set Nynorsk (lingua 21 of 53); both found all 13
English passages. It is also 4.5 MB against lingua's 96 MB.

What the build does with it:

* a document's language is detected on the text of its body passages; a manifest value overrides it
  (documents.language is the one used, documents.detected_language what was detected);
* the document's language chooses the lemmatiser (Nynorsk lemmatised as Nynorsk, pipeline.language);
* a body passage detected as English with enough words and confidence (an English abstract or
  reference list inside a Norwegian document) becomes the non-analysed kind "other_language", so
  English words never become Norwegian terms; in an English document every body passage does,
  unless it is itself confidently Norwegian. Short passages ("Mai 2026", a list of names) carry
  no reliable signal and take the document's language.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .schema import LANGUAGES, NORWEGIAN

#: py3langid's labels for our language codes (it calls Bokmål "no").
_LABELS = {"nb": "no", "nn": "nn", "en": "en"}
_CODES = {label: code for code, label in _LABELS.items()}

#: A passage needs this many words with letters before its own detection is trusted: in the labelled set every
#: passage without running text (dates, numbers, one or two words) had fewer; below it the document's language holds.
MIN_PASSAGE_WORDS = 8
#: ... and the detector's normalised probability must reach this.
MIN_PASSAGE_CONFIDENCE = 0.8


@lru_cache(maxsize=1)
def _identifier():
    """The py3langid model restricted to nb/nn/en, loaded once per process (~0.2 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([_LABELS[code] for code in LANGUAGES])
    return identifier


#: py3langid's feature automaton forgets where it started after this many bytes: from any of its states, the same 6
#: bytes lead to the same state (tests/pipeline/test_lang_detect.py checks it over all states). So the state after
#: byte i is the one reached from the start state over bytes i-5..i alone, which numpy computes for every byte of
#: every text at once instead of py3langid's walk byte by byte in Python (a fifth of the per-document stage's time).
AUTOMATON_MEMORY = 6


@lru_cache(maxsize=1)
def _automaton() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The identifier's automaton as arrays: next-state table, row offset of each state, feature of each state."""
    identifier = _identifier()
    return (np.frombuffer(identifier.tk_nextmove, dtype=np.uint32), np.asarray(identifier._rowbase, dtype=np.int64),
            np.asarray(identifier.tk_output, dtype=np.int64))


def _feature_counts(encoded: Sequence[bytes]) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """The features of each encoded text and how often each occurs, in the order they first occur (the keys and values
    of py3langid.langid.visit_counts' Counter), None when it has none; for all texts in one pass.

    Counted with numpy rather than a Counter per text: building the Counters and turning them back into arrays
    (py3langid's _sparse_score) cost as much as the walk itself."""
    next_state, row_offset, feature = _automaton()
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    size = len(data)
    # The state after each byte: the walk from the start state over the byte and the AUTOMATON_MEMORY - 1 before it
    # (the first bytes of all: over the bytes there are).
    states = np.zeros(size, dtype=np.int64)
    for back in range(min(AUTOMATON_MEMORY, size) - 1, -1, -1):  # the byte `back` places before each position
        states[back:] = next_state[row_offset[states[back:]] + data[: size - back]]
    # The first bytes of each text looked back into the text before it: walk them again from the text's own start.
    state = np.zeros(len(encoded), dtype=np.int64)
    for offset in range(AUTOMATON_MEMORY - 1):
        longer = np.nonzero(lengths > offset)[0]
        at = starts[longer] + offset
        state[longer] = next_state[row_offset[state[longer]] + data[at]]
        states[at] = state[longer]
    found = feature[states]
    kept = np.nonzero(found >= 0)[0]
    # One key per (text, feature); its first position orders the distinct keys as the texts and, within a text, as the
    # Counter's insertion order.
    text_of = np.searchsorted(starts, kept, side="right") - 1
    n_features = int(feature.max()) + 1
    keys, counts = _first_occurrences(text_of * n_features + found[kept])
    bounds = np.searchsorted(keys // n_features, np.arange(len(encoded) + 1)).tolist()
    features = keys % n_features
    return [(features[a:b], counts[a:b]) if b > a else None for a, b in zip(bounds, bounds[1:])]


def _first_occurrences(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of non-negative int64 `keys` in the order they first occur, and how often each occurs: what
    np.unique(keys, return_index=True, return_counts=True) gives once ordered by a stable argsort of the first indices.

    Each key carries its position (key * n + position: all distinct), so one unstable np.sort (numpy's SIMD sort) puts
    equal keys together with their first occurrence first; np.unique's stable sort of the keys alone cost a third of
    the detection."""
    n = len(keys)
    if n == 0 or int(keys.max()) >= np.iinfo(np.int64).max // n - 1:  # (key + 1) * n must stay an int64
        distinct, first, counts = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return distinct[order], counts[order]
    tagged = keys * n + np.arange(n)
    tagged.sort()
    ordered = tagged // n
    run_starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    distinct = ordered[run_starts]
    first = tagged[run_starts] - distinct * n  # the position of each key's first occurrence
    counts = np.diff(np.append(run_starts, n))
    order = np.argsort(first)  # distinct positions: every sort gives this order
    return distinct[order], counts[order]


def _classify(identifier, size: int, visits: tuple[np.ndarray, np.ndarray] | None) -> tuple[str, float]:
    """py3langid's LanguageIdentifier.classify after its walk (_raw_score with _sparse_score, _decide with norm_probs,
    classify), for an encoded text of `size` bytes and its _feature_counts."""
    if visits is not None:
        # _sparse_score's arrays, made afresh as it makes them (intp indices, float32 counts), so the same BLAS call
        # sums the same numbers in the same order
        idx = np.array(visits[0], dtype=np.intp)
        counts = np.array(visits[1], dtype=np.float32)
        scores = np.log1p(counts) @ identifier.nb_ptc[idx] + identifier.nb_pc
    else:
        scores = np.full(len(identifier.nb_classes), 0.0, dtype=np.float32)  # no features: uniform, as py3langid
    scores *= 1.0 / math.sqrt(size or 1)
    np.exp(scores - scores.max(), out=scores)
    scores /= scores.sum()
    for i, j in identifier._alias_pairs:
        scores[i] += scores[j]
        scores[j] = 0.0
    best = int(scores.argmax())
    return identifier.nb_classes[best], float(scores[best])


def detect_many(texts: Sequence[str]) -> list[tuple[str, float]]:
    """detect() of each text, with the texts' features counted in one pass."""
    identifier = _identifier()
    assert identifier._norm_probs and identifier.min_confidence is None  # what _classify reproduces
    encoded = [identifier._encode(text) for text in texts]
    return [(_CODES[label], float(probability))
            for label, probability in (_classify(identifier, len(data), visits)
                                       for data, visits in zip(encoded, _feature_counts(encoded)))]


def detect(text: str) -> tuple[str, float]:
    """(language code in LANGUAGES, normalised probability) of `text`: py3langid's classify, to the bit."""
    return detect_many([text])[0]


def document_language(texts: Sequence[str]) -> str:
    """The language of a document from the texts of its body passages (all passages when it has none)."""
    joined = "\n".join(t for t in texts if t and t.strip())
    return detect(joined)[0] if joined.strip() else "nb"


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


def _has_words(text: str, need: int) -> bool:
    """_words(text) >= need, counting only until need is reached."""
    found = 0
    for token in text.split():
        if token.isalpha() or any(c.isalpha() for c in token):
            found += 1
            if found >= need:
                return True
    return False


def _own_language(detected: tuple[str, float] | None, document: str) -> str:
    """A passage's language from its detection (None: too short to detect), else the document's."""
    if detected is None:
        return document
    code, probability = detected
    return code if probability >= MIN_PASSAGE_CONFIDENCE else document


def passage_language(text: str, document: str) -> str:
    """A passage's language: its own detection when it is long and clear enough, else the document's."""
    return _own_language(detect(text) if _has_words(text, MIN_PASSAGE_WORDS) else None, document)


def passage_kinds(texts: Sequence[str], kinds: Sequence[str], document: str) -> list[str]:
    """Kinds with body passages not written in Norwegian turned into "other_language" (not analysed). The body
    passages long enough to detect are detected together (detect_many)."""
    texts = [str(text) for text in texts]
    checked = [i for i, (text, kind) in enumerate(zip(texts, kinds)) if kind == "body"
               and _has_words(text, MIN_PASSAGE_WORDS)]
    detected = dict(zip(checked, detect_many([texts[i] for i in checked])))
    return [
        "other_language" if kind == "body" and _own_language(detected.get(i), document) not in NORWEGIAN else str(kind)
        for i, kind in enumerate(kinds)
    ]
