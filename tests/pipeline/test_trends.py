"""Term counts: exact planted counts of lemmas and bigrams, unanalysed kinds excluded, schema."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from pipeline import schema, trends
from pipeline.trends import MIN_BIGRAM_CORPUS_COUNT, term_counts


def frame(rows):
    return pd.DataFrame(rows, columns=["passage_id", "doc_id", "position", "kind"])


@pytest.fixture()
def planted():
    passages = frame(
        [
            ("a:0000", "a", 0, "body"),
            ("a:0001", "a", 1, "body"),
            ("a:0002", "a", 2, "signature"),  # not an analysed kind: not counted
            ("b:0000", "b", 0, "body"),
            ("c:0000", "c", 0, "reference"),  # a document without analysed passages: no rows
        ]
    )
    lemmas = {
        "a:0000": ["digital", "kompetanse", "digital", "kompetanse", "praksisplass"],
        "a:0001": ["kompetanse", "student"],  # "praksisplass kompetanse" would cross passages: not a bigram
        "a:0002": ["organisasjon", "medlem", "organisasjon", "medlem"],
        "b:0000": ["student", "praksisplass", "digital", "kompetanse", "student", "praksisplass"],
        "c:0000": ["digital", "kompetanse"],
    }
    return passages, lemmas


def as_dict(counts: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    return {(r.doc_id, r.kind, r.term): r.count for r in counts.itertuples(index=False)}


def test_exact_planted_counts_of_lemmas_and_bigrams(planted):
    passages, lemmas = planted
    counts = term_counts(passages, lemmas)
    schema.validate(counts, "term_counts")
    assert as_dict(counts) == {
        ("a", "lemma", "digital"): 2,
        ("a", "lemma", "kompetanse"): 3,
        ("a", "lemma", "praksisplass"): 1,
        ("a", "lemma", "student"): 1,
        ("a", "bigram", "digital kompetanse"): 2,
        ("a", "bigram", "kompetanse student"): 1,  # once per document, twice in the corpus: kept
        ("b", "lemma", "digital"): 1,
        ("b", "lemma", "kompetanse"): 1,
        ("b", "lemma", "praksisplass"): 2,
        ("b", "lemma", "student"): 2,
        ("b", "bigram", "digital kompetanse"): 1,  # once here, but 3 times in the corpus: kept
        ("b", "bigram", "kompetanse student"): 1,
        ("b", "bigram", "student praksisplass"): 2,
        # dropped, once in the whole corpus: "kompetanse digital", "kompetanse praksisplass", "praksisplass digital"
    }
    # ordered by document, lemmas before bigrams, terms alphabetically
    assert counts["doc_id"].tolist() == ["a"] * 6 + ["b"] * 7
    assert counts.loc[counts["doc_id"] == "b", "kind"].tolist() == ["lemma"] * 4 + ["bigram"] * 3
    assert counts.loc[(counts["doc_id"] == "b") & (counts["kind"] == "lemma"), "term"].is_monotonic_increasing


def test_unanalysed_kinds_and_their_document_are_excluded(planted):
    passages, lemmas = planted
    counts = term_counts(passages, lemmas)
    assert not counts["term"].isin(["organisasjon", "medlem", "organisasjon medlem"]).any()
    assert "c" not in set(counts["doc_id"])
    # the same passages unflagged are counted
    unflagged = as_dict(term_counts(passages.assign(kind="body"), lemmas))
    assert unflagged[("a", "lemma", "organisasjon")] == 2
    assert unflagged[("a", "bigram", "organisasjon medlem")] == 2
    assert unflagged[("c", "bigram", "digital kompetanse")] == 1


def test_input_is_not_mutated_and_missing_lemmas_count_as_none(planted):
    passages, lemmas = planted
    before, lemmas_before = passages.copy(), {k: list(v) for k, v in lemmas.items()}
    extra = pd.concat([passages, frame([("d:0000", "d", 0, "body")])], ignore_index=True)
    counts = term_counts(extra, lemmas)  # d:0000 has no entry in lemmas
    pd.testing.assert_frame_equal(passages, before)
    assert lemmas == lemmas_before
    assert "d" not in set(counts["doc_id"])


@pytest.mark.parametrize("case", ["no passages", "no lemmas", "no analysed passages"])
def test_empty_input_gives_an_empty_schema_frame(planted, case):
    passages, lemmas = planted
    if case == "no passages":
        passages = passages.head(0)
    elif case == "no lemmas":
        lemmas = {}
    else:
        passages = passages.assign(kind="footnote")
    counts = term_counts(passages, lemmas)
    assert counts.empty
    schema.validate(counts, "term_counts")


def test_matches_a_plain_counter_on_a_random_corpus():
    rng = np.random.default_rng(7)
    vocab = [f"w{i}" for i in range(60)]
    rows, lemmas = [], {}
    for d in range(15):
        for pos in range(int(rng.integers(1, 8))):
            pid = f"doc{d}:{pos:04d}"
            rows.append((pid, f"doc{d}", pos, "signature" if rng.random() < 0.1 else "body"))
            lemmas[pid] = [vocab[i] for i in rng.zipf(1.5, int(rng.integers(0, 25))) % 60]
    passages = frame(rows)
    kept = passages.loc[passages["kind"] == "body"]
    expected_lemmas: Counter = Counter()
    expected_bigrams: Counter = Counter()
    for pid, doc in zip(kept["passage_id"], kept["doc_id"]):
        seq = lemmas[pid]
        expected_lemmas.update((doc, t) for t in seq)
        expected_bigrams.update((doc, f"{a} {b}") for a, b in zip(seq, seq[1:]))
    corpus = Counter()
    for (doc, bigram), n in expected_bigrams.items():
        corpus[bigram] += n
    expected = {(doc, "lemma", t): n for (doc, t), n in expected_lemmas.items()}
    expected |= {
        (doc, "bigram", b): n for (doc, b), n in expected_bigrams.items() if corpus[b] >= MIN_BIGRAM_CORPUS_COUNT
    }
    counts = term_counts(passages, lemmas)
    schema.validate(counts, "term_counts")
    assert as_dict(counts) == expected
    assert len(expected) > 200  # the check is not vacuous


def test_real_excerpt_counts():
    # NITO's budget input 2023, heading and first sentences, lemmatised by hand as content lemmas
    passages = frame([("nito:0000", "nito", 0, "body"), ("nito:0001", "nito", 1, "body")])
    lemmas = {
        # "Flere studieplasser innen bioingeniørfag"
        "nito:0000": ["studieplass", "bioingeniørfag"],
        # "Det utdannes langt færre bioingeniører enn det samfunnet og arbeidslivet trenger. Både Statistisk
        #  sentralbyrå (SSB) og de regionale helseforetakene har over flere år meldt om stadig økende behov."
        "nito:0001": ["utdanne", "bioingeniør", "samfunn", "arbeidsliv", "trenge", "statistisk", "sentralbyrå",
                      "ssb", "regional", "helseforetak", "melde", "stadig", "økende", "behov"],
    }
    counts = as_dict(term_counts(passages, lemmas))
    assert counts[("nito", "lemma", "bioingeniør")] == 1
    assert counts[("nito", "lemma", "studieplass")] == 1
    assert sum(1 for key in counts if key[1] == "lemma") == 16
    assert not any(key[1] == "bigram" for key in counts)  # every pair occurs once in this excerpt
    twice = {**lemmas, "nito:0000": ["statistisk", "sentralbyrå"]}
    assert as_dict(term_counts(passages, twice))[("nito", "bigram", "statistisk sentralbyrå")] == 2


def test_bigram_form_matches_language_module():
    language = pytest.importorskip("pipeline.language")
    if not hasattr(language, "bigrams"):
        pytest.skip("pipeline.language.bigrams not written yet")
    seq = ["digital", "kompetanse", "digital", "kompetanse"]
    passages = frame([("x:0000", "x", 0, "body")])
    ours = set(term_counts(passages, {"x:0000": seq}).query("kind == 'bigram'")["term"])
    assert ours == {b for b in language.bigrams(seq) if language.bigrams(seq).count(b) >= 2}


def test_term_forms_count_each_written_form_of_a_lemma_in_analysed_passages():
    import pyarrow as pa

    from pipeline import language, lemma_codes

    texts = ["Praksisplassene og praksisplasser i regionale helseforetak.", "Med vennlig hilsen praksisplassene"]
    found = [language.content_terms(t) for t in texts]
    columns = (
        pa.chunked_array([pa.array(["body", "signature"])]),
        pa.chunked_array([pa.array([lemma_codes.join([t for t, _ in f]) for f in found], type=pa.large_string())]),
        pa.chunked_array([pa.array([lemma_codes.join_forms([w for _, w in f]) for f in found], type=pa.large_string())]),
    )
    forms = trends.term_forms(*columns)
    rows = {(r.term, r.form): r.count for r in forms.itertuples()}
    # The sign-off (not analysed) is not counted; the folded long form keeps both written words.
    assert rows == {("praksisplass", "praksisplassene"): 1, ("praksisplass", "praksisplasser"): 1,
                    ("rhf", "regionale helseforetak"): 1}


def test_term_forms_counted_in_batches_are_the_counts_of_all_passages_at_once(monkeypatch):
    """term_forms splits FORMS_BATCH passages at a time and sums the batches' counts (merging them past
    FORMS_MERGE_ROWS rows): the same table whatever the batch, folded two-word forms and empty passages included."""
    import pyarrow as pa

    from pipeline import language, lemma_codes

    texts = ["Praksisplassene og praksisplasser i regionale helseforetak.", "", "Flere praksisplasser.",
             "Med vennlig hilsen praksisplassene", "Regionale helseforetak og praksisplassene."] * 3
    found = [language.content_terms(t) for t in texts]
    columns = (
        pa.chunked_array([pa.array(["body", "body", "body", "signature", "body"] * 3)]),
        pa.chunked_array([pa.array([lemma_codes.join([t for t, _ in f]) for f in found], type=pa.large_string())]),
        pa.chunked_array([pa.array([lemma_codes.join_forms([w for _, w in f]) for f in found], type=pa.large_string())]),
    )
    whole = trends.term_forms(*columns)
    assert ("rhf", "regionale helseforetak", 6) in set(whole.itertuples(index=False, name=None))
    for batch, merge in ((1, 10**9), (2, 1), (4, 3)):
        monkeypatch.setattr(trends, "FORMS_BATCH", batch)
        monkeypatch.setattr(trends, "FORMS_MERGE_ROWS", merge)
        pd.testing.assert_frame_equal(trends.term_forms(*columns), whole)


def test_doc_counts_are_the_summed_csr_of_each_documents_entries():
    from scipy import sparse

    from pipeline.trends import _doc_counts

    # document 0: columns 3, 1, 3; document 1: none; document 2: 0, 0, 4, 0
    rows_per_doc, columns = np.array([3, 0, 4]), np.array([3, 1, 3, 0, 0, 4, 0])
    got = _doc_counts(rows_per_doc, columns, 5)
    assert got.shape == (3, 5) and got.indptr.tolist() == [0, 2, 2, 4]
    assert got.indices.tolist() == [1, 3, 0, 4] and got.data.tolist() == [1, 2, 3, 1]
    assert got.data.dtype == np.int64 and got.indices.dtype == np.int32
    reference = sparse.csr_matrix((np.ones(7, dtype=np.int64), columns.astype(np.int32), [0, 3, 3, 7]), shape=(3, 5))
    reference.sum_duplicates()
    assert (got.toarray() == reference.toarray()).all() and got.indices.tolist() == reference.indices.tolist()
    empty = _doc_counts(np.array([0, 0]), np.array([], dtype=np.int64), 3)
    assert empty.shape == (2, 3) and empty.nnz == 0


def test_rows_by_document_equal_a_stable_sort_of_the_parts_by_document_and_kind():
    """Planted: three documents, the middle one without lemmas and the last without bigrams; each row goes straight to
    where a stable sort of the concatenated parts by (document, part) puts it."""
    import numpy as np

    from pipeline.trends import _by_document

    lemma_rows, bigram_rows = np.array([2, 0, 3]), np.array([1, 2, 0])
    lemmas = (lemma_rows, np.array([4, 7, 1, 2, 9], dtype=np.int32), np.array([5, 1, 2, 2, 8]))
    bigrams = (bigram_rows, np.array([20, 21, 22], dtype=np.int32), np.array([3, 4, 6]))
    doc, term, kind, count = _by_document([lemmas, bigrams], 3)
    all_doc = np.concatenate([np.repeat(np.arange(3), lemma_rows), np.repeat(np.arange(3), bigram_rows)])
    all_kind = np.concatenate([np.zeros(5, dtype=np.int8), np.ones(3, dtype=np.int8)])
    order = np.argsort(all_doc * 2 + all_kind, kind="stable")
    assert doc.tolist() == all_doc[order].tolist() == [0, 0, 0, 1, 1, 2, 2, 2]
    assert term.tolist() == np.concatenate([lemmas[1], bigrams[1]])[order].tolist() == [4, 7, 20, 21, 22, 1, 2, 9]
    assert kind.tolist() == all_kind[order].tolist()
    assert count.tolist() == np.concatenate([lemmas[2], bigrams[2]])[order].tolist() == [5, 1, 3, 4, 6, 2, 2, 8]
    assert doc.dtype == np.int32 and count.dtype == np.int64
