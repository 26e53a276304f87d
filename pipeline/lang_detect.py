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

from collections.abc import Sequence
from functools import lru_cache

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


def detect(text: str) -> tuple[str, float]:
    """(language code in LANGUAGES, normalised probability) of `text`."""
    label, probability = _identifier().classify(text)
    return _CODES[label], float(probability)


def document_language(texts: Sequence[str]) -> str:
    """The language of a document from the texts of its body passages (all passages when it has none)."""
    joined = "\n".join(t for t in texts if t and t.strip())
    return detect(joined)[0] if joined.strip() else "nb"


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


def passage_language(text: str, document: str) -> str:
    """A passage's language: its own detection when it is long and clear enough, else the document's."""
    if _words(text) < MIN_PASSAGE_WORDS:
        return document
    code, probability = detect(text)
    return code if probability >= MIN_PASSAGE_CONFIDENCE else document


def passage_kinds(texts: Sequence[str], kinds: Sequence[str], document: str) -> list[str]:
    """Kinds with body passages not written in Norwegian turned into "other_language" (not analysed)."""
    return [
        "other_language" if kind == "body" and passage_language(str(text), document) not in NORWEGIAN else str(kind)
        for text, kind in zip(texts, kinds)
    ]
