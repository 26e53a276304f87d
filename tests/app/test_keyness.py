"""Keyness (G², Log Ratio), rising/falling terms, term trends, relevance re-ranking and term drill-down,
against values worked out by hand on planted counts."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.queries import stats, terms, topics
from app.state import Filters, Tables
import pyarrow as pa

from pipeline import language, lemma_codes, schema, trends


def planted_tables() -> Tables:
    """Two documents: org A (2022) with 10,000 analysed words, org B (2023) with 40,000.

    A also has a 1,000-word sign-off (kind signature), which must not count as analysed words.
    Planted term counts (A, B):  praksisplass 30, 20 · kompetanse 10, 40 · helse 5, 100 · sjelden 2, 0
    """
    documents = pd.DataFrame(
        [
            ("a-2022", "A", 2022, None, "", "consultation_response", "A sier", "nb", "nb", "a.txt", "0" * 64, 3, 11_000, 2, "text"),
            ("b-2023", "B", 2023, None, "", "consultation_response", "B sier", "nb", "nb", "b.txt", "1" * 64, 9, 40_000, 1, "text"),
        ],
        columns=list(schema.TABLES["documents"].columns),
    )
    passages = pd.DataFrame(
        [
            ("a-2022:0000", "a-2022", "", 1, 0, "Flere praksisplasser. Praksisplassene må økes; praksis er viktig.", 10_000, "body"),
            ("a-2022:0001", "a-2022", "", 3, 1, "Med vennlig hilsen A, praksisplass-ansvarlig", 1_000, "signature"),
            ("b-2023:0000", "b-2023", "", 1, 0, "Digitale kompetansen og digital kompetanse i helsetjenesten.", 40_000, "body"),
        ],
        columns=[c for c in schema.TABLES["passages"].columns if c != "lemmas"],
    )
    # The lemmas and written forms the pipeline's own lemmatiser reads in each passage.
    found = [language.content_terms(text) for text in passages["text"]]
    passages["lemmas"] = [lemma_codes.join([t for t, _ in f]) for f in found]
    forms = [lemma_codes.join_forms([w for _, w in f]) for f in found]
    term_forms = trends.term_forms(*(pa.chunked_array([pa.array(v, type=t)]) for v, t in (
        (passages["kind"].tolist(), pa.large_string()), (passages["lemmas"].tolist(), pa.large_string()),
        (forms, pa.large_string()))))
    counts = {"a-2022": {"praksisplass": 30, "kompetanse": 10, "helse": 5, "sjelden": 2},
              "b-2023": {"praksisplass": 20, "kompetanse": 40, "helse": 100}}
    term_counts = pd.DataFrame(
        [(d, t, "lemma", n) for d, terms in counts.items() for t, n in terms.items()],
        columns=list(schema.TABLES["term_counts"].columns),
    )
    # Weight order: a > b > c > d; lift order (weight / corpus_weight): d (4.0) > c (2.0) > b (1.25) > a (1.0).
    topic_terms = pd.DataFrame(
        [(0, 1, "a", 0.40, 0.40), (0, 2, "b", 0.25, 0.20), (0, 3, "c", 0.20, 0.10), (0, 4, "d", 0.15, 0.0375)],
        columns=list(schema.TABLES["topic_terms"].columns),
    )
    frames = {name: schema.empty(name) for name in schema.TABLES}
    frames.update(documents=documents, passages=passages, term_counts=term_counts, topic_terms=topic_terms,
                  term_forms=term_forms)
    frames = {name: schema.conform(df, name) for name, df in frames.items()}
    return Tables(**frames, build_info={}, search_db=Path("unused.sqlite"))


ALL = Filters()


def test_log_likelihood_matches_a_worked_example():
    """Rayson's formula by hand: a=30 in 10,000 words, b=20 in 40,000 words.

    E1 = 10,000 × 50 / 50,000 = 10;  E2 = 40,000 × 50 / 50,000 = 40
    G² = 2 × (30 ln(30/10) + 20 ln(20/40)) = 2 × (32.95837 − 13.86294) = 38.19085
    Log Ratio = log2((30/10,000) / (20/40,000)) = log2(6) = 2.58496
    """
    assert stats.log_likelihood([30], [20], 10_000, 40_000)[0] == pytest.approx(38.19085, abs=1e-4)
    assert stats.log_ratio([30], [20], 10_000, 40_000)[0] == pytest.approx(math.log2(6))
    # Symmetric in the roles of the two corpora; equal rates give 0.
    assert stats.log_likelihood([20], [30], 40_000, 10_000)[0] == pytest.approx(38.19085, abs=1e-4)
    assert stats.log_likelihood([10], [40], 10_000, 40_000)[0] == pytest.approx(0.0, abs=1e-12)


def test_zero_count_contributes_nothing_to_g2_and_counts_as_half_in_log_ratio():
    """a=10, b=0 in 1,000 words each: E1 = E2 = 5, G² = 2 × 10 ln 2 = 13.86294; LR = log2(10 / 0.5) = log2(20)."""
    assert stats.log_likelihood([10], [0], 1_000, 1_000)[0] == pytest.approx(20 * math.log(2))
    assert stats.log_ratio([10], [0], 1_000, 1_000)[0] == pytest.approx(math.log2(20))
    assert stats.log_ratio([0], [10], 1_000, 1_000)[0] == pytest.approx(-math.log2(20))


def test_p_values_at_the_critical_values_shown_to_readers():
    p = stats.g2_p_value([3.84, 6.63, 10.83, 0.0])
    assert p[0] == pytest.approx(0.05, abs=2e-4)
    assert p[1] == pytest.approx(0.01, abs=1e-4)
    assert p[2] == pytest.approx(0.001, abs=1e-5)
    assert p[3] == 1.0
    assert [stats.significance_label(v) for v in (0.0004, 0.004, 0.04, 0.2)] == ["p<0.001", "p<0.01", "p<0.05", "n.s."]


def test_keyness_of_an_organisation_against_the_rest():
    tables = planted_tables()
    keyed = terms.keyness(tables, ALL, organisation="A", min_count=5, min_documents=1)
    # kompetanse has equal rates (G² 0), helse is under-used by A, sjelden is below min_count.
    assert keyed["term"].tolist() == ["praksisplass"]
    row = keyed.iloc[0]
    assert row["g2"] == pytest.approx(38.19085, abs=1e-4)
    assert row["log_ratio"] == pytest.approx(math.log2(6))
    assert (row["count_target"], row["count_rest"]) == (30, 20)
    # The sign-off's 1,000 words are not analysed words.
    assert (row["words_target"], row["words_rest"]) == (10_000, 40_000)
    assert row["per_10k_target"] == pytest.approx(30.0) and row["per_10k_rest"] == pytest.approx(5.0)
    assert row["significance"] == "p<0.001" and (row["docs_target"], row["docs_rest"]) == (1, 1)


def test_keyness_of_the_other_side_and_by_year():
    tables = planted_tables()
    b = terms.keyness(tables, ALL, organisation="B", min_count=5, min_documents=1)
    # helse: 100/40,000 against 5/10,000 -> LR log2(5); E1(B) = 40,000 × 105 / 50,000 = 84, E2 = 21
    expected = 2 * (100 * math.log(100 / 84) + 5 * math.log(5 / 21))
    assert b["term"].tolist() == ["helse"]
    assert b["g2"].iloc[0] == pytest.approx(expected)
    assert b["log_ratio"].iloc[0] == pytest.approx(math.log2(5))
    by_year = terms.keyness(tables, ALL, year=2022, min_count=5, min_documents=1)
    assert by_year["term"].tolist() == ["praksisplass"] and by_year["target"].iloc[0] == "2022"


def test_keyness_with_nothing_to_compare_is_empty_not_an_error():
    tables = planted_tables()
    only_a = Filters(organisations=("A",))
    assert terms.keyness(tables, only_a, organisation="A").empty
    assert list(terms.keyness(tables, only_a, organisation="A").columns) == terms.KEYNESS_COLUMNS
    assert terms.distinctive_terms(tables, only_a).empty


def test_distinctive_terms_gives_each_organisation_its_own_terms():
    keyed = terms.distinctive_terms(planted_tables(), ALL, min_count=5)
    assert keyed[["target", "term"]].values.tolist() == [["A", "praksisplass"], ["B", "helse"]]


def test_rising_and_falling_terms_between_two_periods():
    """2022 (10,000 words) -> 2023 (40,000 words):
    helse 5 -> 100: log2((100/40,000) / (5/10,000)) = log2(5) rising;
    praksisplass 30 -> 20: log2((20/40,000) / (30/10,000)) = log2(1/6) falling; kompetanse unchanged (0)."""
    changes = terms.rising_falling(planted_tables(), ALL, [2022], [2023], min_count=5, min_documents=1)
    rows = changes.set_index("term")
    assert set(rows.index) == {"helse", "praksisplass"}
    assert rows.loc["helse", "direction"] == "rising"
    assert rows.loc["helse", "log_ratio"] == pytest.approx(math.log2(5))
    assert rows.loc["praksisplass", "direction"] == "falling"
    assert rows.loc["praksisplass", "log_ratio"] == pytest.approx(-math.log2(6))
    assert (rows.loc["praksisplass", "count_a"], rows.loc["praksisplass", "count_b"]) == (30, 20)
    assert rows.loc["praksisplass", "per_10k_a"] == pytest.approx(30.0)
    assert (rows.loc["helse", "words_a"], rows.loc["helse", "words_b"]) == (10_000, 40_000)
    # min_count counts both periods together: sjelden (2 + 0) only appears with min_count <= 2.
    assert "sjelden" in set(terms.rising_falling(planted_tables(), ALL, [2022], [2023], min_count=2, min_documents=1)["term"])
    # Overlapping or empty periods give an empty frame.
    assert terms.rising_falling(planted_tables(), ALL, [2022], [2022]).empty
    assert terms.rising_falling(planted_tables(), ALL, [2021], [2023]).empty


def test_a_rising_and_falling_download_says_which_years_and_which_way_in_the_readers_words():
    """ux-review12: the Keywords page's rising/falling CSV (rising_falling_all.csv) had «Retning» = rising/falling
    (English ids in a Norwegian file) and counts «før» and «nå» without saying which years were before and now."""
    changes = terms.rising_falling(planted_tables(), ALL, [2022], [2023], min_count=5, min_documents=1,
                                   direction_labels=(("rising", "Stiger"), ("falling", "Faller")))
    rows = changes.set_index("term")
    assert rows.loc["helse", ["direction", "direction_label"]].tolist() == ["rising", "Stiger"]
    assert rows.loc["praksisplass", "direction_label"] == "Faller"
    assert set(changes["earlier"]) == {"2022"} and set(changes["latest"]) == {"2023"}
    from app.exports import column_label

    assert [column_label(c, "nb") for c in ("direction", "direction_label", "earlier", "latest")] == [
        "Retning-id", "Retning", "Tidligere periode", "Siste periode"]
    # The Overview's rising words are all rising: their file has no direction column at all.
    assert not {"direction", "direction_label"} & set(terms.rising_terms(planted_tables(), ALL, min_documents=1).columns)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_term_trend_download_names_the_word_and_the_number_of_words_apart(lang):
    """ux-review12: term_trend_all.csv had «Ord» = praksisplass and «Ord (2)» = 88486 (the year's analysed words):
    the term and the number of words shared one label."""
    from app.exports import column_label

    trend = terms.term_trend(planted_tables(), ALL, ["praksisplass"])
    labels = [column_label(c, lang) for c in trend.columns]
    assert len(labels) == len(set(labels)), labels


def test_term_trend_is_per_10000_analysed_words_with_document_counts():
    trend = terms.term_trend(planted_tables(), ALL, ["praksisplass", "fraværende"])
    got = trend.set_index(["term", "year"])
    assert got.loc[("praksisplass", 2022), "per_10k"] == pytest.approx(30.0)
    assert got.loc[("praksisplass", 2023), "per_10k"] == pytest.approx(5.0)
    assert got.loc[("fraværende", 2023), "count"] == 0 and got.loc[("fraværende", 2023), "per_10k"] == 0.0
    assert got.loc[("praksisplass", 2022), "n_documents"] == 1
    assert got.loc[("praksisplass", 2022), "n_words"] == 10_000


def test_relevance_reranking_at_the_ends_of_lambda():
    tables = planted_tables()
    by_weight = topics.topic_terms_ranked(tables, 0, lam=1.0)
    by_lift = topics.topic_terms_ranked(tables, 0, lam=0.0)
    assert by_weight["term"].tolist() == ["a", "b", "c", "d"]
    assert by_lift["term"].tolist() == ["d", "c", "b", "a"]
    assert by_lift["lift"].tolist() == pytest.approx([4.0, 2.0, 1.25, 1.0])
    assert by_lift["rank"].tolist() == [1, 2, 3, 4]
    # In between, relevance is the λ-weighted sum of the two logs.
    mid = topics.topic_terms_ranked(tables, 0, lam=0.5).set_index("term")
    assert mid.loc["d", "relevance"] == pytest.approx(0.5 * math.log(0.15) + 0.5 * math.log(4.0))
    assert topics.relevance(np.array([0.2]), np.array([0.1]), 0.0)[0] == pytest.approx(math.log(2.0))


def test_term_passages_select_by_counted_lemmas_and_skip_sign_offs():
    tables = planted_tables()
    found = terms.passages_with_term(tables, ALL, "praksisplass")
    assert found["passage_id"].tolist() == ["a-2022:0000"]  # the sign-off also says praksisplass-, but is not analysed
    assert found["n_matches"].iloc[0] == 2  # praksisplasser, Praksisplassene; "praksis" is another lemma
    assert set(found["matched_forms"].iloc[0].split("|")) >= {"praksisplasser", "praksisplassene"}
    bigram = terms.passages_with_term(tables, ALL, "digital kompetanse")
    assert bigram["passage_id"].tolist() == ["b-2023:0000"] and bigram["n_matches"].iloc[0] == 2
    assert {"digitale", "kompetansen", "digital", "kompetanse"} <= set(bigram["matched_forms"].iloc[0].split("|"))
    assert terms.passages_with_term(tables, ALL, "praksisplass", organisation="B").empty
    # Regex characters in a term are taken literally.
    assert terms.passages_with_term(tables, ALL, "c++ (x").empty
    assert terms.lemma_of(tables, "Praksisplassene") == "praksisplass"
    assert terms.lemma_of(tables, "finnesikke") is None
    assert terms.resolve_terms(tables, ["praksisplasser", "kompetanse", "finnesikke"]) == (
        ["praksisplass", "kompetanse"], [("praksisplasser", "praksisplass")], ["finnesikke"])


def test_occurrences_count_overlapping_bigrams_as_the_pipeline_counts_pairs():
    lemmas = pd.Series(["a a a", "ab a", "a", "", None])
    assert terms.occurrences(lemmas, "a a").tolist() == [2, 0, 0, 0, 0]
    assert terms.occurrences(lemmas, "a").tolist() == [3, 1, 1, 0, 0]


def support_tables() -> Tables:
    """Four documents: A 2022 (10,000 words), and in 2023 B1, B2 (organisation B) and C (organisation C), 10,000
    words each. Planted counts: offentlig 1 in A, 20 in B1, 1 in C (one document carries it: 20 of 21 in 2023);
    felles 5 in B1, 5 in C; ene 10 in B1 only; nytt 3 in B1, 3 in B2."""
    docs = [("a", "A", 2022), ("b1", "B", 2023), ("b2", "B", 2023), ("c", "C", 2023)]
    documents = pd.DataFrame(
        [(d, o, y, None, "", "consultation_response", f"{o} {d}", "nb", "nb", f"{d}.txt", "0" * 64, 1, 10_000, 1, "text")
         for d, o, y in docs], columns=list(schema.TABLES["documents"].columns))
    passages = pd.DataFrame(
        [(f"{d}:0000", d, "", 1, 0, "tekst", 10_000, "body", "tekst") for d, _, _ in docs],
        columns=list(schema.TABLES["passages"].columns))
    counts = {"a": {"offentlig": 1}, "b1": {"offentlig": 20, "felles": 5, "ene": 10, "nytt": 3},
              "b2": {"nytt": 3}, "c": {"offentlig": 1, "felles": 5}}
    term_counts = pd.DataFrame([(d, t, "lemma", n) for d, ts in counts.items() for t, n in ts.items()],
                               columns=list(schema.TABLES["term_counts"].columns))
    frames = {name: schema.empty(name) for name in schema.TABLES}
    frames.update(documents=documents, passages=passages, term_counts=term_counts)
    frames = {name: schema.conform(df, name) for name, df in frames.items()}
    return Tables(**frames, build_info={}, search_db=Path("unused.sqlite"))


def test_rising_words_say_how_many_documents_use_them_and_mark_one_document():
    tables = support_tables()
    changes = terms.rising_falling(tables, ALL, [2022], [2023], min_count=2, min_documents=2).set_index("term")
    assert set(changes.index) == {"offentlig", "felles", "nytt"}  # "ene" is in one document only
    row = changes.loc["offentlig"]
    # 21 occurrences now in 2 of the period's 3 documents, 20 of them (91 %) in B1: marked, B1 named.
    assert (row["count_b"], row["docs_b"], row["docs_with_b"], row["n_documents"]) == (21, 3, 2, 2)
    assert row["n_organisations"] == 2 and row["top_share"] == pytest.approx(20 / 21) and row["one_document"]
    assert row["top_document"] == "B 2023 · B b1"
    assert not changes.loc["felles", "one_document"] and changes.loc["felles", "top_share"] == pytest.approx(0.5)
    assert changes.loc["nytt", "n_organisations"] == 1 and changes.loc["nytt", "n_documents"] == 2
    loose = terms.rising_falling(tables, ALL, [2022], [2023], min_count=2, min_documents=1).set_index("term")
    assert loose.loc["ene", "one_document"] and loose.loc["ene", "n_documents"] == 1


def test_keyness_lists_the_targets_documents_using_each_word():
    tables = support_tables()
    keyed = terms.keyness(tables, ALL, organisation="B", min_count=2, min_documents=2).set_index("term")
    assert list(keyed.index) == ["nytt"]  # the only word B uses in both its documents
    assert (keyed.loc["nytt", "n_documents"], keyed.loc["nytt", "n_organisations"]) == (2, 1)
    assert keyed.loc["nytt", "top_share"] == pytest.approx(0.5) and not keyed.loc["nytt", "one_document"]
    loose = terms.keyness(tables, ALL, organisation="B", min_count=2, min_documents=1).set_index("term")
    assert loose.loc["ene", "one_document"] and loose.loc["offentlig", "one_document"]
