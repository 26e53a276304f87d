"""The demand re-scorer (pipeline.demands_model): learns a planted answer, is deterministic, never trains on the
held-out organisations, and its figures on the shipped labelled set sit next to the rules'."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from pipeline import build, demands, demands_model as dm
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


def test_demands_table_stores_the_score_and_applies_the_decision():
    labelled, strata = planted()
    _, rescorer = dm.evaluate_and_fit(labelled, strata)
    passages = [("p1", "Det er viktig at regjeringen snarest bevilger midler til tiltak 9 i Østli. "
                       "Kommunen i Østli har lenge ønsket tiltak 9. Regjeringen må bevilge midler til tiltak 2 i Østli.",
                 "")]
    rows = demands.document_demands("d1", "Org A", passages)
    assert [r["kind"] for r in rows] == [demands.SOFT, "", demands.DEMAND]  # the rejected cue sentence is a candidate
    no_themes = pd.DataFrame({"passage_id": pd.Series(dtype=object), "theme_id": pd.Series(dtype=object)})
    rules_only = demands.demands_table(rows, {"d1": "Org A"}, no_themes, rescorer)
    assert rules_only["kind"].tolist() == [demands.SOFT, demands.DEMAND]  # the rules decide; the score is evidence
    assert rules_only["score"].iloc[0] > 0.5 > 0.0 < rules_only["score"].iloc[1]
    rescued = demands.demands_table(rows, {"d1": "Org A"}, no_themes, rescorer, dm.Decision("model", 0.5))
    assert rescued["kind"].tolist() == [demands.DEMAND, demands.DEMAND]
    without = demands.demands_table(rows, {"d1": "Org A"}, no_themes)
    assert without["score"].isna().all() and len(without) == 2


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


def test_shipped_rescorer_scores_real_sentences_sensibly(shipped):
    """Two plain sentences written for this test: an own-voice demand scores high, a descriptive må low."""
    demand = dm.Candidate("Vi ber om at regjeringen øker antall studieplasser i bioingeniørfag.", "", False, False,
                          demands.DEMAND, "own_voice")
    described = dm.Candidate("Mange pasienter må i dag reise langt for å få behandling.", "", False, False, "", "")
    high, low = shipped.rescorer.score([demand, described])
    assert high > 0.8 and low < 0.2
