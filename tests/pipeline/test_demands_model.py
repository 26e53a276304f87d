"""The demand re-scorer (pipeline.demands_model): learns a planted answer, is deterministic, never trains on the
held-out organisations, and its figures on the shipped labelled set sit next to the rules'."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from pipeline import build, demand_groups, demands, demands_model as dm
from pipeline.config import PROJECT_ROOT

PLACES = ("Nordby", "Sørvik", "Østli", "Vestmo", "Fjellvang", "Dalsbygd", "Bakkeby", "Elvemo")


def planted(seed: int = 16) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A labelled set laid out like data/eval/demands.csv whose answer is known by construction: directive demands
    (the rules find them), hedged må (the rules block them), "Det er viktig at … snarest bevilger" (a demand by this
    set's labels that the rules call soft) and wishes of others (cue words, not demands). Ten tuning organisations,
    four held out."""
    rng = random.Random(seed)
    rows = []
    organisations = [(f"Org {c}", "dev") for c in "ABCDEFGHIJ"] + [(f"Org {c}", "heldout") for c in "WXYZ"]
    for number, (organisation, split) in enumerate(organisations):
        for k in range(6):
            place, measure = rng.choice(PLACES), f"tiltak {number * 10 + k}"  # each sentence written once
            for sentence, label in (
                (f"Regjeringen må bevilge midler til {measure} i {place}.", "demand"),
                (f"Pasientene i {place} må ofte vente på {measure}.", "no"),
                (f"Det er viktig at regjeringen snarest bevilger midler til {measure} i {place}.", "demand"),
                (f"Kommunen i {place} har lenge ønsket {measure}.", "no"),
            ):
                rows.append({"organisation": organisation, "file": f"{organisation}.pdf", "sentence": sentence,
                             "context": "", "heading": "", "is_item": False, "is_heading": False, "label": label,
                             "stratum": "all", "split": split})
    labelled = pd.DataFrame(rows)
    strata = labelled.groupby(["split", "stratum"]).size().rename("population").reset_index()
    return labelled, strata


def test_rescorer_learns_the_planted_answer_the_rules_miss():
    labelled, strata = planted()
    figures, rescorer = dm.evaluate_and_fit(labelled, strata)
    by = figures.set_index(["split", "method"])
    # The rules call "Det er viktig at … snarest bevilger" soft: on the held-out organisations they find half the
    # demands, all correctly.
    rules = by.loc[("heldout", "rules")]
    assert (rules["precision"], rules["recall"]) == (1.0, 0.5)
    # The re-scorer, chosen by grouped CV over the ten tuning organisations, finds all of them and nothing else.
    model = by.loc[("heldout", "rescorer")]
    assert model["decision"] != "rules" and (model["precision"], model["recall"]) == (1.0, 1.0)
    assert (model["n_labelled"], model["n_demands"], model["n_flagged"], model["n_organisations"]) == (96, 48, 48, 4)
    soft_demand = dm.Candidate("Det er viktig at regjeringen snarest bevilger midler til tiltak 3 i Nordby.", "",
                               False, False, demands.SOFT, "soft")
    wish = dm.Candidate("Kommunen i Nordby har lenge ønsket tiltak 3.", "", False, False, "", "")
    high, low = rescorer.score([soft_demand, wish])
    assert high > 0.5 > low


def test_rescorer_is_deterministic():
    labelled, strata = planted()
    first, model_a = dm.evaluate_and_fit(labelled, strata)
    second, model_b = dm.evaluate_and_fit(labelled.sample(frac=1.0, random_state=3).sort_index(), strata)
    pd.testing.assert_frame_equal(first, second)
    candidates = dm.candidates_of(pd.DataFrame([{"sentence": s, "context": "", "is_item": False, "is_heading": False,
                                                 "kind": "", "rule": "", "addressee": ""}
                                                for s in labelled["sentence"].head(12)]))
    assert np.array_equal(model_a.score(candidates), model_b.score(candidates))


def test_decide_combines_rules_and_score_as_named():
    rules = np.array([True, True, False, False])
    score = np.array([0.9, 0.2, 0.8, np.nan])
    candidate = np.array([True, True, True, False])
    assert dm.decide(dm.Decision("rules"), rules, score, candidate).tolist() == [True, True, False, False]
    assert dm.decide(dm.Decision("model", 0.5), rules, score, candidate).tolist() == [True, False, True, False]
    assert dm.decide(dm.Decision("veto", 0.5), rules, score, candidate).tolist() == [True, False, False, False]
    assert dm.decide(dm.Decision("rescue", 0.5), rules, score, candidate).tolist() == [True, True, True, False]
    assert dm.parse_decision("veto@0.35") == dm.Decision("veto", 0.35) and dm.parse_decision("rules") == dm.Decision()


def test_held_out_labels_never_train_the_rescorer(tmp_path, monkeypatch):
    """A spy on the fit: every model the build makes (the CV folds and the one it applies) learns from tuning
    organisations only, and each fold scores only organisations it did not learn from."""
    labelled, strata = planted()
    labelled.to_csv(tmp_path / "demands.csv", index=False)
    strata.to_csv(tmp_path / "demands_strata.csv", index=False)
    organisation_of = dict(zip(labelled["sentence"], labelled["organisation"]))
    held_out = set(labelled.loc[labelled["split"] == "heldout", "organisation"])
    events: list[tuple[str, set[str]]] = []
    real_fit, real_score = dm.fit, dm.Rescorer.score

    def spy_fit(candidates, labels, weights=None):
        events.append(("fit", {organisation_of[c.sentence] for c in candidates}))
        return real_fit(candidates, labels, weights)

    def spy_score(self, candidates):
        events.append(("score", {organisation_of.get(c.sentence, "?") for c in candidates}))
        return real_score(self, candidates)

    monkeypatch.setattr(dm, "fit", spy_fit)
    monkeypatch.setattr(dm.Rescorer, "score", spy_score)
    trained = build.demand_model(tmp_path / "demands.csv", tmp_path / "demands_strata.csv")
    fits = [orgs for kind, orgs in events if kind == "fit"]
    assert len(fits) == dm.CV_FOLDS + 1
    assert all(not orgs & held_out for orgs in fits)
    assert fits[-1] == {f"Org {c}" for c in "ABCDEFGHIJ"}  # the applied model: every tuning organisation
    for (kind, trained_on), (next_kind, scored) in zip(events, events[1:]):
        if kind == "fit" and next_kind == "score" and trained_on != fits[-1]:
            assert not trained_on & scored  # a fold never scores an organisation it learnt from
    assert trained.rescorer is not None and {r["split"] for r in trained.evaluation} == {"dev", "heldout"}


def with_fresh(labelled: pd.DataFrame, strata: pd.DataFrame, split: str = "fresh",
               organisations: tuple[str, str] = ("Org P", "Org Q")) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The planted set plus a "fresh" split (or another split name) laid out as bench/sample_fresh_demands.py writes
    it: two organisations of fresh submissions, a flagged stratum (6 demands, 2 "Regjeringen må" sentences this set
    labels "no", 2 borderline; population 10: weight 1) and an unflagged stratum (6 hedged må, 2 "Det er viktig at …
    snarest bevilger" demands the rules call soft; population 80: weight 10)."""
    rows = []
    for organisation, place in zip(organisations, ("Nordby", "Sørvik")):
        flagged = ([(f"Regjeringen må bevilge midler til nytt tiltak {k} i {place}.", "demand") for k in range(3)]
                   + [(f"Regjeringen må bevilge midler til tiltak 999 i {place}.", "no"),
                      (f"Regjeringen må bevilge midler til tiltak 998 i {place}.", "borderline")])
        unflagged = ([(f"Pasientene i {place} må ofte vente på nytt tiltak {k}.", "no") for k in range(3)]
                     + [(f"Det er viktig at regjeringen snarest bevilger midler til nytt tiltak 7 i {place}.", "demand")])
        for stratum, sentences in (("flagged", flagged), ("unflagged", unflagged)):
            rows += [{"organisation": organisation, "file": f"{organisation}.md", "sentence": sentence, "context": "",
                      "heading": "", "is_item": False, "is_heading": False, "label": label, "stratum": stratum,
                      "split": split} for sentence, label in sentences]
    fresh_strata = pd.DataFrame({"split": [split, split], "stratum": ["flagged", "unflagged"], "population": [10, 80]})
    return pd.concat([labelled, pd.DataFrame(rows)], ignore_index=True), pd.concat([strata, fresh_strata],
                                                                                      ignore_index=True)


def test_fresh_figure_is_computed_from_the_fresh_rows_only_and_they_never_train(monkeypatch):
    """A "fresh" split (new submissions, data/eval/demands.csv) gets its own rows, computed from its rows alone with
    its strata's weights; adding it changes neither the other splits' figures nor what the re-scorer learns from."""
    labelled, strata = planted()
    before = dm.evaluate(labelled, strata)
    fresh_labelled, fresh_strata = with_fresh(labelled, strata)
    fresh_organisations = {"Org P", "Org Q"}
    trained_on: list[set[str]] = []
    organisation_of = dict(zip(fresh_labelled["sentence"], fresh_labelled["organisation"]))
    real_fit = dm.fit

    def spy_fit(candidates, labels, weights=None):
        trained_on.append({organisation_of[c.sentence] for c in candidates})
        return real_fit(candidates, labels, weights)

    monkeypatch.setattr(dm, "fit", spy_fit)
    after = dm.evaluate(fresh_labelled, fresh_strata)
    assert trained_on and not any(orgs & fresh_organisations for orgs in trained_on)
    pd.testing.assert_frame_equal(after.loc[after["split"] != "fresh"].reset_index(drop=True), before)
    by = after.set_index(["split", "method"])
    rules = by.loc[("fresh", "rules")]
    # The rules flag the 8 "Regjeringen må" sentences (weight 1), 6 of them demands; they miss the 2 soft-worded
    # demands of the unflagged stratum (weight 10 each): P 6/8, R 6 / (6 + 20).
    assert rules["precision"] == pytest.approx(6 / 8) and rules["recall"] == pytest.approx(6 / 26)
    assert (rules["precision_low"], rules["precision_high"]) == pytest.approx(demands.wilson(6 / 8, 8))
    assert (rules["recall_low"], rules["recall_high"]) == pytest.approx(demands.wilson(6 / 26, 26 ** 2 / (6 + 2 * 100)))
    assert (rules["n_labelled"], rules["n_flagged"], rules["n_demands"], rules["n_borderline"],
            rules["n_organisations"]) == (16, 8, 8, 2, 2)
    assert demands.evaluate(fresh_labelled, fresh_strata).set_index("split").loc["fresh", "recall"] == pytest.approx(
        6 / 26)  # the rules-only evaluation agrees
    model = by.loc[("fresh", "rescorer")]  # learnt on the tuning organisations that the soft wording is a demand
    assert model["recall"] == pytest.approx(1.0) and model["precision"] == pytest.approx(26 / 28)


def test_part_d_splits_are_their_own_rows_and_never_train(monkeypatch):
    """Part D (data/eval/README.md "Fourth round"): heldout_d (new organisations; clean once, tuning rows since) and
    fresh_known_d (a corpus organisation's new document, here one that is also a tuning organisation's name) are
    measured as their own rows from their own rows and strata; the existing splits' figures do not move and the
    re-scorer never learns from a part-D row, even one whose organisation also has dev rows."""
    labelled, strata = planted()
    before = dm.evaluate(labelled, strata)
    with_d, strata_d = with_fresh(labelled, strata, "heldout_d", ("Org R", "Org S"))
    with_d, strata_d = with_fresh(with_d, strata_d, "fresh_known_d", ("Org A", "Org T"))
    part_d = with_d.loc[with_d["split"].str.endswith("_d")]
    trained_on: list[set[str]] = []
    real_fit = dm.fit

    def spy_fit(candidates, labels, weights=None):
        trained_on.append({c.sentence for c in candidates})
        return real_fit(candidates, labels, weights)

    monkeypatch.setattr(dm, "fit", spy_fit)
    after = dm.evaluate(with_d, strata_d)
    assert trained_on and not any(sentences & set(part_d["sentence"]) for sentences in trained_on)
    pd.testing.assert_frame_equal(after.loc[~after["split"].str.endswith("_d")].reset_index(drop=True), before)
    by = after.set_index(["split", "method"])
    for split in ("heldout_d", "fresh_known_d"):  # each split's rules: P 6/8, R 6/26 by construction (with_fresh)
        rules = by.loc[(split, "rules")]
        assert rules["precision"] == pytest.approx(6 / 8) and rules["recall"] == pytest.approx(6 / 26)
        assert (rules["n_labelled"], rules["n_borderline"], rules["n_organisations"]) == (16, 2, 2)
        assert (split, "rescorer") in by.index


def test_demands_table_stores_the_score_and_applies_the_decision():
    labelled, strata = planted()
    _, rescorer = dm.evaluate_and_fit(labelled, strata)
    passages = [("p1", "Det er viktig at regjeringen snarest bevilger midler til tiltak 9 i Østli. "
                       "Kommunen i Østli har lenge ønsket tiltak 9. Regjeringen må bevilge midler til tiltak 2 i Østli.",
                 "")]
    rows = demands.document_demands("d1", "Org A", passages)
    assert [r["kind"] for r in rows] == [demands.SOFT, "", demands.DEMAND]  # the rejected cue sentence is a candidate
    no_themes = pd.DataFrame({"passage_id": pd.Series(dtype=object), "theme_id": pd.Series(dtype=object)})
    rules_only = demand_groups.demands_table(rows, {"d1": "Org A"}, no_themes, rescorer)
    assert rules_only["kind"].tolist() == [demands.SOFT, demands.DEMAND]  # the rules decide; the score is evidence
    assert rules_only["score"].iloc[0] > 0.5 > 0.0 < rules_only["score"].iloc[1]
    rescued = demand_groups.demands_table(rows, {"d1": "Org A"}, no_themes, rescorer, dm.Decision("model", 0.5))
    assert rescued["kind"].tolist() == [demands.DEMAND, demands.DEMAND]
    without = demand_groups.demands_table(rows, {"d1": "Org A"}, no_themes)
    assert without["score"].isna().all() and len(without) == 2


def test_demands_table_scores_in_batches_as_all_at_once(monkeypatch):
    """The re-scorer reads SCORE_BATCH_ROWS detections at a time; each row's score depends on that row alone, so
    batches of 1 and 2 rows give the table that one batch gives, to the bit."""
    labelled, strata = planted()
    _, rescorer = dm.evaluate_and_fit(labelled, strata)
    passages = [("p1", "Det er viktig at regjeringen snarest bevilger midler til tiltak 9 i Østli. "
                       "Kommunen i Østli har lenge ønsket tiltak 9. Regjeringen må bevilge midler til tiltak 2 i Østli.",
                 ""),
                ("p2", "Vi ber om at tiltak 4 i Vestli prioriteres. Tiltak 5 bør vurderes. Det var en fin dag.", "")]
    rows = demands.document_demands("d1", "Org A", passages)
    no_themes = pd.DataFrame({"passage_id": pd.Series(dtype=object), "theme_id": pd.Series(dtype=object)})
    whole = demand_groups.demands_table(rows, {"d1": "Org A"}, no_themes, rescorer, dm.Decision("model", 0.5))
    assert len(rows) > 3 and whole["score"].notna().all()
    for batch in (1, 2):
        monkeypatch.setattr(demand_groups, "SCORE_BATCH_ROWS", batch)
        pd.testing.assert_frame_equal(
            demand_groups.demands_table(rows, {"d1": "Org A"}, no_themes, rescorer, dm.Decision("model", 0.5)), whole,
            check_exact=True)


# --- the shipped labelled sentences ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    labels = PROJECT_ROOT / "data" / "eval"
    return build.demand_model(labels / "demands.csv", labels / "demands_strata.csv")


def test_shipped_figures_rules_and_rescorer_side_by_side(shipped):
    """The rules' rows equal pipeline.demands.evaluate; the re-scorer was measured once on the held-out organisations
    (2026-12-05) and did not beat the rules there, so the rules decide (demands_model.DEFAULT_METHOD)."""
    by = {(r["split"], r["method"]): r for r in shipped.evaluation}
    labels = PROJECT_ROOT / "data" / "eval"
    rules = demands.evaluate(pd.read_csv(labels / "demands.csv", dtype={"sentence": str, "context": str,
                                                                        "heading": str}),
                             pd.read_csv(labels / "demands_strata.csv")).set_index("split")
    for split in ("dev", "heldout"):
        assert by[(split, "rules")]["precision"] == pytest.approx(rules.loc[split, "precision"])
        assert by[(split, "rules")]["recall"] == pytest.approx(rules.loc[split, "recall"])
    held_rules, held_model = by[("heldout", "rules")], by[("heldout", "rescorer")]
    assert (held_rules["n_labelled"], held_rules["n_organisations"]) == (665, 36)
    assert held_model["precision"] >= 0.9 and held_model["recall"] >= 0.8
    assert dm.DEFAULT_METHOD == "rules"
    assert not (held_model["precision"] > held_rules["precision"] and held_model["recall"] > held_rules["recall"])


def test_shipped_fresh_figures_come_from_the_fresh_rows(shipped):
    """The fresh submissions (split "fresh": organisations not in the development corpus, labelled after the rules
    were frozen; bench/sample_fresh_demands.py) are measured like the held-out rows, from their own rows: the rules'
    figures equal pipeline.demands.evaluate on those rows alone, and none of their organisations is a tuning or
    held-out one. The figures are reported as they are (no floor here). Since issue 16 the fresh rows are tuning rows:
    their errors were read and four general defects fixed, so n_flagged moved from the clean measurement's 122 (fresh)
    and 43 (fresh_known) to 112 and 44 (113 fresh since part F's fixes found «… et tiltak vi støtter fullt ut.»; 45
    fresh_known since a relative clause naming the committee's proposal stopped reading as a report, 2026-12-06: «Det må
    unngås at de oppgavene som utvalget anbefaler, går på bekostning …», a demand; 112 fresh since a need in a relative clause stopped
    reading as a demand, 2026-12-06 at night: «… der det er behov for det.», no demand; 106 fresh since the false demands
    of the spent sets were read on 2026-12-07: six descriptive må/bør, all labelled no, stopped reading as demands, e.g.
    «… medfører ikke sjelden at undersøkelsen må utføres på ny …»; 107 fresh since a foreseen need with two adverbs reads
    as one, 2026-12-07: «Det vil likevel fortsatt være behov for sentrale driftsmiljøer …», a demand); the clean figure is
    kept in data/eval/README.md and on the Method page."""
    labels = PROJECT_ROOT / "data" / "eval"
    labelled = pd.read_csv(labels / "demands.csv", dtype={"sentence": str, "context": str, "heading": str})
    strata = pd.read_csv(labels / "demands_strata.csv")
    fresh = labelled.loc[labelled["split"] == "fresh"]
    assert not set(fresh["organisation"]) & set(labelled.loc[labelled["split"] != "fresh", "organisation"])
    assert set(fresh["stratum"]) == set(strata.loc[strata["split"] == "fresh", "stratum"])
    alone = demands.evaluate(fresh, strata.loc[strata["split"] == "fresh"]).set_index("split").loc["fresh"]
    by = {(r["split"], r["method"]): r for r in shipped.evaluation}
    rules = by[("fresh", "rules")]
    assert rules["precision"] == pytest.approx(alone["precision"]) and rules["recall"] == pytest.approx(alone["recall"])
    assert rules["n_labelled"] + rules["n_borderline"] == len(fresh)
    assert (rules["n_labelled"], rules["n_flagged"], rules["n_demands"], rules["n_organisations"]) == (343, 107, 114, 21)
    assert ("fresh", "rescorer") in by
    known = by[("fresh_known", "rules")]  # new documents of organisations in the corpus (5 of 6 tuned on), apart
    assert (known["n_labelled"], known["n_flagged"], known["n_demands"], known["n_organisations"]) == (135, 45, 45, 6)


def test_shipped_rescorer_scores_real_sentences_sensibly(shipped):
    """Two plain sentences written for this test: an own-voice demand scores high, a descriptive må low."""
    demand = dm.Candidate("Vi ber om at regjeringen øker antall studieplasser i bioingeniørfag.", "", False, False,
                          demands.DEMAND, "own_voice")
    described = dm.Candidate("Mange pasienter må i dag reise langt for å få behandling.", "", False, False, "", "")
    high, low = shipped.rescorer.score([demand, described])
    assert high > 0.8 and low < 0.2
