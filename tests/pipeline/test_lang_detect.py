"""Language of documents and passages (nb, nn, en) on real excerpts and the labelled passages of data/eval/."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline import lang_detect, language
from pipeline.config import PROJECT_ROOT
from pipeline.evaluation import wilson
from tests.conftest import DEV_CORPUS as CORPUS

EVAL = PROJECT_ROOT / "data" / "eval" / "language_passages.csv"

# Real excerpts of the development corpus (a few lines each).
NYNORSK = (  # Helse Bergen, 2026 (Innspel til Helsereformutvalget)
    "Den demografiske utviklinga med fleire eldre i ei tid der tilgangen på arbeidskraft ikkje aukar gjev nye "
    "utfordringar for helsetenestene. For å møte dette må vi ha ei robust kommunehelseteneste som kan gje "
    "innbyggarane dei tenestene dei treng."
)
NYNORSK_2 = (  # Sunnmøre regionråd, 2026
    "Sunnmøre regionråd meiner at framtidig finansieringsmodell for helseføretaka må skilje mellom investering "
    "og drift. Rammefinansiering må utgjer hovuddelen av helseføretaka sine inntekter."
)
ENGLISH = (  # an abstract attached to a private submission (Randi Rosenqvist m.fl., 2026)
    "Conclusions: The results contribute to debunk the myth that schizophrenia inevitably has a deteriorating "
    "course. Recovery is certainly possible. Schizophrenia remains, however, a severe and complex mental disorder."
)
ENGLISH_2 = (  # the same appendix: "better" was once counted as the Norwegian lemma "bette"
    "We examined outcome in three nested groups: 'recovery', 'good or better' (including also 'recovery'), and "
    "'moderate or better' (including also 'recovery' and 'good or better')."
)
BOKMAL = (  # Telemark fylkeskommune, 2026
    "Det er etter vår vurdering avgjørende at tannhelsetjenesten ikke legges til kommunalt nivå, da dette vil kunne "
    "svekke både faglig robusthet, likeverdighet i tjenestetilbudet og samhandling på tvers av tjenestenivåene."
)


@pytest.mark.parametrize("text, expected", [(NYNORSK, "nn"), (NYNORSK_2, "nn"), (ENGLISH, "en"),
                                            (ENGLISH_2, "en"), (BOKMAL, "nb")])
def test_detects_the_language_of_real_excerpts(text, expected):
    assert lang_detect.detect(text)[0] == expected
    assert lang_detect.document_language([text]) == expected


def test_english_body_passages_become_other_language_and_short_ones_follow_the_document():
    texts = [BOKMAL, ENGLISH, "Mai 2026", "Oslo, 12. mars 2026", ENGLISH_2]
    kinds = ["body", "body", "body", "body", "reference"]
    assert lang_detect.passage_kinds(texts, kinds, "nb") == ["body", "other_language", "body", "body", "reference"]
    # in an English document the short passages are English too; a clear Norwegian passage stays analysed
    assert lang_detect.passage_kinds(texts, kinds, "en") == ["body", "other_language", "other_language",
                                                            "other_language", "reference"]
    assert lang_detect.passage_kinds([NYNORSK], ["body"], "nb") == ["body"]  # Nynorsk is Norwegian


def test_nynorsk_is_lemmatised_as_nynorsk_and_bokmal_fixes_still_hold():
    nn = language.content_lemmas(NYNORSK, "nn")
    assert {"utfordring", "helseteneste", "innbyggar", "teneste", "kommunehelseteneste"} <= set(nn)
    assert not {"ikkje", "dei", "gjev", "innbyggarane", "tenestene"} & set(nn)  # stopwords and inflected forms
    nb = language.content_lemmas(NYNORSK)  # the Bokmål dictionary leaves the Nynorsk forms as written
    assert {"innbyggarane", "tenestene"} <= set(nb)
    # issue 14's compound and genitive fixes apply to Nynorsk text as well
    assert language.content_lemmas("Audiografforbundet og helsereformutvalgets", "nn") == [
        "audiografforbund", "helsereformutvalg"]
    assert [language.lemmatize(w, "nn") for w in ("sjukehusa", "kommunane", "organisasjonar")] == [
        "sjukehus", "kommune", "organisasjon"]


def _labelled() -> list[dict]:
    with EVAL.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_labelled_passages_are_a_real_sample():
    rows = _labelled()
    assert len(rows) == 120
    counts = {label: sum(r["label"] == label for r in rows) for label in ("nb", "nn", "en", "mixed", "none")}
    assert counts == {"nb": 53, "nn": 14, "en": 13, "mixed": 5, "none": 35}
    assert len({r["organisation"] for r in rows}) >= 40


def test_english_passages_are_found_and_norwegian_ones_kept_on_the_labelled_set():
    """Every labelled English passage becomes other_language and no Norwegian one does (borderline kept apart)."""
    rows = [r for r in _labelled() if r["label"] in ("nb", "nn", "en")]
    flagged = {i: lang_detect.passage_kinds([r["text"]], ["body"], r["document_language"])[0] == "other_language"
               for i, r in enumerate(rows)}
    english = [i for i, r in enumerate(rows) if r["label"] == "en"]
    norwegian = [i for i, r in enumerate(rows) if r["label"] != "en"]
    found = sum(flagged[i] for i in english)
    kept = sum(not flagged[i] for i in norwegian)
    assert (len(english), len(norwegian)) == (13, 67)
    # lower Wilson bounds: recall 13/13 -> 0.77, Norwegian kept 67/67 -> 0.95
    assert wilson(found, len(english))[0] >= 0.77
    assert wilson(kept, len(norwegian))[0] >= 0.94
    # the passages without running text (dates, names) never leave the analysis on their own
    none = [r for r in _labelled() if r["label"] == "none"]
    assert not any(lang_detect.passage_kinds([r["text"]], ["body"], "nb")[0] == "other_language" for r in none)


def test_bokmal_passages_are_mostly_told_from_nynorsk():
    rows = [r for r in _labelled() if r["label"] == "nb"]
    right = sum(lang_detect.detect(r["text"])[0] == "nb" for r in rows)
    assert right >= 50  # 50/53 measured (Wilson 0.85-0.98)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs the development corpus at ../shared/corpora/helsereform")
def test_document_language_matches_the_hand_read_manifest_on_the_development_corpus():
    """The 4 Nynorsk documents and 6 Bokmål ones (the first DOCX files of the manifest): their detected language
    is the one a person read (py3langid got all 157 right on a full build)."""
    from pipeline.build import process_document

    with (CORPUS / "documents.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    chosen = [r for r in rows if r["language"] == "nn"]
    chosen += [r for r in rows if r["language"] == "nb" and r["file"].endswith(".docx")][:6]
    detected = {r["doc_id"]: process_document(Path(CORPUS / r["file"]), r["doc_id"], r["organisation"]).detected_language
                for r in chosen}
    assert detected == {r["doc_id"]: r["language"] for r in chosen}


def _txt(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def test_build_detects_stores_and_overrides_the_language_and_counts_no_english_terms(data_copy):
    """Seed corpus + an English, a Nynorsk and an overridden document (real excerpts): the documents table holds the
    language used and the one detected; the English document's words are in no count, topic or theme; the Nynorsk
    one is counted in Nynorsk lemmas, the overridden one in Bokmål lemmas."""
    import pandas as pd

    from pipeline import build, config, manifest

    paths = config.paths()
    raw = paths.raw
    (raw / "abstract.txt").write_text(_txt([ENGLISH, ENGLISH_2, "Objective: To investigate rates, early predictors "
                                            "and early symptom progression of long-term non-remitted psychosis in an "
                                            "early detection study."]), encoding="utf-8")
    (raw / "innspel.txt").write_text(_txt([NYNORSK, NYNORSK_2]), encoding="utf-8")
    (raw / "innspel-nb.txt").write_text(_txt([NYNORSK_2, NYNORSK]), encoding="utf-8")
    rows = manifest.read_manifest(paths.manifest)
    base = {c: "" for c in manifest.COLUMNS} | {"doc_type": "other", "year": "2026", "organisation": "Testforeningen"}
    added = [base | {"doc_id": "abstract", "file": "abstract.txt", "title": "Abstract"},
             base | {"doc_id": "innspel", "file": "innspel.txt", "title": "Innspel"},
             base | {"doc_id": "innspel-nb", "file": "innspel-nb.txt", "title": "Innspel", "language": "nb"}]
    manifest.write_manifest(pd.concat([rows, pd.DataFrame(added)], ignore_index=True), paths.manifest)
    build.build(paths, build.BuildParams(workers=1))

    docs = pd.read_parquet(paths.processed / "documents.parquet").set_index("doc_id")
    assert docs.loc["abstract", ["language", "detected_language"]].tolist() == ["en", "en"]
    assert docs.loc["innspel", ["language", "detected_language"]].tolist() == ["nn", "nn"]
    assert docs.loc["innspel-nb", ["language", "detected_language"]].tolist() == ["nb", "nn"]  # the manifest wins
    assert set(docs.loc[docs.index.str.startswith("nito"), "detected_language"]) == {"nb"}

    passages = pd.read_parquet(paths.processed / "passages.parquet")
    assert set(passages.loc[passages["doc_id"] == "abstract", "kind"]) == {"other_language"}
    assert set(passages.loc[passages["doc_id"] == "innspel", "kind"]) == {"body"}
    counts = pd.read_parquet(paths.processed / "term_counts.parquet")
    assert "abstract" not in set(counts["doc_id"])
    assert not {"better", "bette", "schizophrenia", "recovery"} & set(counts["term"])
    topics = pd.read_parquet(paths.processed / "passage_topics.parquet")
    themes = pd.read_parquet(paths.processed / "passage_themes.parquet")
    assert not topics["passage_id"].str.startswith("abstract:").any()
    assert not themes["passage_id"].str.startswith("abstract:").any()
    nynorsk = set(counts.loc[counts["doc_id"] == "innspel", "term"])
    assert {"utfordring", "innbyggar", "teneste"} <= nynorsk and not {"innbyggarane", "tenestene"} & nynorsk
    bokmal = set(counts.loc[counts["doc_id"] == "innspel-nb", "term"])
    assert {"innbyggarane", "tenestene"} <= bokmal  # read with the Bokmål dictionary, as the manifest says


def test_the_automaton_forgets_its_start_within_its_memory():
    """lang_detect counts py3langid's features with numpy on the premise that from any state the same
    AUTOMATON_MEMORY bytes lead to the same state: checked here over every state of the model (pairs that differ,
    byte by byte, until none is left), and that one byte fewer would not do."""
    import numpy as np

    next_state, row_offset, _ = lang_detect._automaton()
    every_byte = np.arange(256)

    def after_one_byte(pairs: np.ndarray) -> np.ndarray:
        """The distinct pairs of different states that the pairs reach on one more byte (as a << 32 | b keys)."""
        found = [np.zeros(0, dtype=np.int64)]
        for chunk in np.array_split(pairs, max(1, len(pairs) // 4096)):  # ~1M transitions at a time
            a = next_state[row_offset[chunk >> 32][:, None] + every_byte].ravel().astype(np.int64)
            b = next_state[row_offset[chunk & 0xFFFFFFFF][:, None] + every_byte].ravel().astype(np.int64)
            differ = a != b
            found.append(np.unique((a[differ] << 32) | b[differ]))
        return np.unique(np.concatenate(found))

    pairs = np.arange(1, len(row_offset), dtype=np.int64)  # (the start state 0, any other state)
    steps = 0
    while len(pairs):
        pairs = after_one_byte(pairs)
        steps += 1
        assert steps <= lang_detect.AUTOMATON_MEMORY
    assert steps == lang_detect.AUTOMATON_MEMORY


def test_the_vectorised_detection_is_py3langids_to_the_bit():
    """detect and detect_many give py3langid's own classify (label and probability, exactly) on real and odd texts:
    empty, featureless, upper case (py3langid lower-cases it), combining marks (NFC), shorter than the memory."""
    import random

    rng = random.Random(20261206)
    texts = [NYNORSK, NYNORSK_2, ENGLISH, ENGLISH_2, BOKMAL, BOKMAL.upper(), "", " ", "a", "ab", "12345", "e\u0301 og å",
             "Mai 2026", "\n".join([BOKMAL, ENGLISH, NYNORSK])]
    texts += [r["text"] for r in _labelled()]
    texts += ["".join(rng.choice("abcæøå .,1\nXYZé€\u0301") for _ in range(rng.randint(0, 40))) for _ in range(300)]
    expected = [lang_detect._identifier().classify(text) for text in texts]
    expected = [(lang_detect._CODES[label], float(p)) for label, p in expected]
    assert [lang_detect.detect(text) for text in texts] == expected
    assert lang_detect.detect_many(texts) == expected


def test_first_occurrences_are_what_np_unique_gives_in_first_occurrence_order():
    """_first_occurrences (one unstable sort of keys tagged with their positions) gives the distinct keys in the order
    they first occur and their counts, as np.unique with a stable sort of the first indices does, on random keys with
    many and few repeats, empty and single keys, and keys so large that it falls back to np.unique itself."""
    import random

    import numpy as np

    def by_unique(keys):
        distinct, first, counts = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return distinct[order], counts[order]

    rng = random.Random(20261206)
    cases = [np.array([], dtype=np.int64), np.array([5], dtype=np.int64), np.array([3, 3, 3], dtype=np.int64),
             np.array([2**61, 1, 2**61], dtype=np.int64)]
    cases += [np.array([rng.randrange(bound) for _ in range(rng.randint(1, 3000))], dtype=np.int64)
              for bound in (2, 50, 7480, 10**9) for _ in range(20)]
    for keys in cases:
        got, expected = lang_detect._first_occurrences(keys), by_unique(keys)
        assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(got, expected))
