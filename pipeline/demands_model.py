"""The demand re-scorer: a small logistic regression that reads the rules' evidence and the words of a sentence.

The rules (pipeline.demands) decide what is a demand and say why. The re-scorer gives every *candidate* — a unit
the rules flag (demand or soft position) and a unit with cue words the rules reject (demands.CUE_WORDS) — a
probability of being a strict demand, learnt from the labelled sentences of the tuning organisations
(data/eval/demands.csv, split "dev"). Its score travels with each demand as evidence ("modell 0.93").

How the score combines with the rules is a `Decision`: "rules" (the rules decide; the score is evidence only),
"model" (the score alone decides among candidates), "veto" (a rule demand stands only if its score reaches the
threshold) or "rescue" (a rule demand, or a rejected candidate whose score reaches it). The combination and its
threshold are chosen by grouped cross-validation over the tuning organisations only (`choose_decision`); the
held-out organisations measure the choice once (`evaluate`). Their labels never train anything.

Deterministic: no random state is drawn (lbfgs, fixed folds by organisation), and nothing is fetched — the model
is trained from the shipped labelled text at build time in about a second.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import demands as rules_module

#: The rules whose firing is a feature (pipeline.demands Detection.rule), in a fixed order.
RULES = ("own_voice", "directive_modal", "necessity", "list_item", "imperative", "heading", "opinion", "soft")
#: Combinations of rules and score (see the module docstring).
MODES = ("rules", "model", "veto", "rescue")
#: Thresholds tried for the modes that use the score.
THRESHOLDS = tuple(round(t / 100, 2) for t in range(10, 91, 5))
#: Folds of the grouped cross-validation over the tuning organisations.
CV_FOLDS = 5
#: Inverse regularisation and the weight of the evidence features against the words: chosen by the out-of-fold
#: log-loss over the tuning organisations' candidates (grouped 5-fold CV, 2026-12-05): scale 1.0 / C 4.0 gave 0.141
#: (AUC 0.966); scale 3.0 / C 1.0 0.148, scale 0.3 / C 4.0 0.158, words only (scale 0) / C 4.0 0.501 (AUC 0.833).
C = 4.0
EVIDENCE_SCALE = 1.0
#: Fixed seed for anything random (lbfgs draws nothing; kept so a solver change cannot make builds differ).
SEED = 16


@dataclass(frozen=True)
class Candidate:
    """What the re-scorer reads of one unit: its words, its context and the rules' verdict on it."""

    sentence: str
    context: str  # the list intro for list items, else ""
    is_item: bool
    is_heading: bool
    kind: str  # the rules' kind ("demand", "soft") or "" when they reject it
    rule: str  # the rule that fired, or ""
    addressee: str = ""


@dataclass(frozen=True)
class Decision:
    """How the rules and the score make the final call (mode in MODES; threshold unused for "rules")."""

    mode: str = "rules"
    threshold: float = 0.5

    def label(self) -> str:
        return self.mode if self.mode == "rules" else f"{self.mode}@{self.threshold:.2f}"


@dataclass
class Rescorer:
    """A fitted re-scorer: the word vectoriser and the logistic regression."""

    vectoriser: object
    model: object

    def score(self, candidates: Sequence[Candidate]) -> np.ndarray:
        """Probability of a strict demand for each candidate."""
        if not candidates:
            return np.zeros(0)
        return self.model.predict_proba(_matrix(self.vectoriser, candidates))[:, 1]


def is_candidate(sentence: str, kind: str) -> bool:
    """A unit the re-scorer scores: flagged by the rules, or carrying cue words of demands."""
    return bool(kind) or bool(rules_module.CUE_WORDS.search(sentence))


def evidence_features(candidate: Candidate) -> list[float]:
    """The rules' evidence as numbers: strict demand, soft position, which rule fired, list item, heading, named
    addressee, has a list intro."""
    return ([float(candidate.kind == rules_module.DEMAND), float(candidate.kind == rules_module.SOFT)]
            + [float(candidate.rule == r) for r in RULES]
            + [float(candidate.is_item), float(candidate.is_heading), float(bool(candidate.addressee)),
               float(bool(candidate.context))])


def _text(candidate: Candidate) -> str:
    return f"{candidate.sentence} || {candidate.context}".lower()


def _matrix(vectoriser, candidates: Sequence[Candidate]):
    from scipy.sparse import csr_matrix, hstack

    evidence = csr_matrix(np.array([evidence_features(c) for c in candidates]) * EVIDENCE_SCALE)
    return hstack([vectoriser.transform([_text(c) for c in candidates]), evidence]).tocsr()


def fit(candidates: Sequence[Candidate], labels: Sequence[bool], weights: Sequence[float] | None = None) -> Rescorer:
    """Fit the re-scorer on labelled candidates (True = strict demand), each weighted by what its sampling stratum
    stands for (None: equal weights)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    vectoriser.fit([_text(c) for c in candidates])
    model = LogisticRegression(C=C, max_iter=5000, random_state=SEED)
    sample_weight = None if weights is None else np.asarray(weights, dtype=float) / float(np.mean(weights))
    model.fit(_matrix(vectoriser, candidates), np.asarray(labels, dtype=bool), sample_weight=sample_weight)
    return Rescorer(vectoriser, model)


def decide(decision: Decision, rule_demand: np.ndarray, score: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """The final call per unit: rule_demand (the rules say strict demand), score (NaN where not scored) and
    candidate (scored at all) are aligned arrays."""
    rule_demand = np.asarray(rule_demand, dtype=bool)
    reached = np.asarray(candidate, dtype=bool) & (np.nan_to_num(np.asarray(score, dtype=float), nan=-1.0)
                                                   >= decision.threshold)
    if decision.mode == "rules":
        return rule_demand
    if decision.mode == "model":
        return reached
    if decision.mode == "veto":
        return rule_demand & reached
    if decision.mode == "rescue":
        return rule_demand | reached
    raise ValueError(f"unknown decision mode {decision.mode!r}; one of {MODES}")


def candidates_of(frame: pd.DataFrame) -> list[Candidate]:
    """Candidates from rows of pipeline.demands.document_demands (sentence, context, is_item, is_heading, kind, rule,
    addressee)."""
    return [Candidate(str(r.sentence), "" if pd.isna(r.context) else str(r.context), bool(r.is_item), bool(r.is_heading),
                      str(r.kind), str(r.rule), "" if pd.isna(r.addressee) else str(r.addressee))
            for r in frame.itertuples(index=False)]


# --- the labelled sentences ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labelled:
    """The labelled sentences (borderline left out) read by the rules: one aligned row per sentence."""

    frame: pd.DataFrame  # demands.csv rows: organisation, split, stratum, label, ...
    candidates: list[Candidate]
    is_candidate: np.ndarray
    rule_demand: np.ndarray
    truth: np.ndarray
    weights: np.ndarray  # population / sample size of the row's stratum within its split


def read_labelled(labelled: pd.DataFrame, strata: pd.DataFrame) -> Labelled:
    """The labelled sentences (data/eval/demands.csv and its strata) with the rules' verdict on each."""
    weights = rules_module.stratum_weights(labelled, strata)
    kept = labelled["label"] != "borderline"
    frame = labelled.loc[kept].reset_index(drop=True)
    candidates = []
    for r in frame.itertuples(index=False):
        found = rules_module.detect_labelled(r)
        candidates.append(Candidate(str(r.sentence), "" if pd.isna(r.context) else str(r.context), bool(r.is_item),
                                    bool(r.is_heading), found.kind if found else "", found.rule if found else "",
                                    found.addressee if found else ""))
    return Labelled(frame, candidates, np.array([is_candidate(c.sentence, c.kind) for c in candidates], dtype=bool),
                    np.array([c.kind == rules_module.DEMAND for c in candidates], dtype=bool),
                    (frame["label"] == "demand").to_numpy(), weights.loc[kept].to_numpy())


def subset(data: Labelled, mask: np.ndarray) -> Labelled:
    """The rows of data where mask is True."""
    index = np.flatnonzero(mask)
    return Labelled(data.frame.iloc[index].reset_index(drop=True), [data.candidates[i] for i in index],
                    data.is_candidate[index], data.rule_demand[index], data.truth[index], data.weights[index])


def of_split(data: Labelled, split: str) -> Labelled:
    """The labelled sentences of one split: "dev" (the tuning organisations) or "heldout"."""
    return subset(data, (data.frame["split"] == split).to_numpy())


def fit_labelled(data: Labelled) -> Rescorer:
    """The re-scorer fitted on the candidates of the given labelled sentences (stratum-weighted)."""
    mask = data.is_candidate
    return fit([c for c, m in zip(data.candidates, mask) if m], data.truth[mask], data.weights[mask])


def scores_for(rescorer: Rescorer, data: Labelled) -> np.ndarray:
    """The re-scorer's score of each labelled sentence that is a candidate; NaN for the others."""
    out = np.full(len(data.candidates), np.nan)
    index = np.flatnonzero(data.is_candidate)
    out[index] = rescorer.score([data.candidates[i] for i in index])
    return out


Fitter = Callable[[Labelled], Rescorer]


def cv_scores(data: Labelled, n_splits: int = CV_FOLDS, fitter: Fitter = fit_labelled) -> np.ndarray:
    """Out-of-fold scores over the tuning organisations: GroupKFold by organisation, so no organisation is scored
    by a model that read it. data must hold tuning organisations only."""
    from sklearn.model_selection import GroupKFold

    if set(data.frame["split"]) - {"dev"}:
        raise ValueError("cross-validation is over the tuning organisations only")
    groups = data.frame["organisation"].to_numpy()
    out = np.full(len(data.candidates), np.nan)
    for train, test in GroupKFold(n_splits=min(n_splits, len(set(groups)))).split(groups, groups=groups):
        train_mask = np.zeros(len(groups), dtype=bool)
        train_mask[train] = True
        out[test] = scores_for(fitter(subset(data, train_mask)), subset(data, ~train_mask))
    return out


def _f1(scores: dict) -> float:
    p, r = scores["precision"], scores["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


def choose_decision(tuning: Labelled, oof: np.ndarray) -> tuple[Decision, Decision, pd.DataFrame]:
    """From out-of-fold scores over the tuning organisations: the decision with the best weighted F1 (the rules on
    a tie), the best decision that uses the score (the switch's other setting), and every tried decision's figures."""
    rows = []
    tried = [Decision("rules")] + [Decision(m, t) for m in MODES[1:] for t in THRESHOLDS]
    for decision in tried:
        predicted = decide(decision, tuning.rule_demand, oof, tuning.is_candidate)
        scores = rules_module.weighted_pr(tuning.truth, predicted, tuning.weights)
        rows.append({"decision": decision.label(), "mode": decision.mode, "threshold": decision.threshold,
                     **scores, "f1": _f1(scores)})
    table = pd.DataFrame(rows)
    # Best F1 first; on a tie the rules, then the threshold nearest 0.5 (a plain probability cut), then MODES order.
    ranked = table.assign(_rules=table["mode"] != "rules", _off=(table["threshold"] - 0.5).abs().round(6),
                          _mode=table["mode"].map(MODES.index), _f1=-table["f1"].round(9))
    ranked = ranked.sort_values(["_f1", "_rules", "_off", "_mode"], kind="stable")
    best_scored = ranked.index[ranked["mode"] != "rules"][0]
    as_decision = lambda i: Decision(str(table.at[i, "mode"]), float(table.at[i, "threshold"]))  # noqa: E731
    return as_decision(ranked.index[0]), as_decision(best_scored), table


def parse_decision(label: str) -> Decision:
    """The Decision of a label such as "rules" or "model@0.50" (Decision.label's inverse)."""
    mode, _, threshold = label.partition("@")
    if mode not in MODES:
        raise ValueError(f"unknown decision {label!r}")
    return Decision(mode, float(threshold)) if threshold else Decision(mode)


def evaluate(labelled: pd.DataFrame, strata: pd.DataFrame, fitter: Fitter = fit_labelled) -> pd.DataFrame:
    """Per split, the rules alone and the rules with the re-scorer (DemandEvaluationRow without "used"); see
    evaluate_and_fit."""
    return evaluate_and_fit(labelled, strata, fitter)[0]


def evaluate_and_fit(labelled: pd.DataFrame, strata: pd.DataFrame,
                     fitter: Fitter = fit_labelled) -> tuple[pd.DataFrame, Rescorer]:
    """Per split, the rules alone and the rules with the re-scorer (DemandEvaluationRow without "used"), and the
    re-scorer fitted on every tuning organisation (the one the build applies).

    The re-scorer's decision is chosen by grouped CV over the tuning organisations (choose_decision: the best one
    that uses the score). Tuning rows ("dev"): the rules' own figures (in-sample: they were tuned there) and the
    re-scorer's out-of-fold figures. Held-out rows: the rules, and the re-scorer fitted on every tuning organisation
    — the held-out organisations' labels train nothing.
    """
    data = read_labelled(labelled, strata)
    tuning = of_split(data, "dev")
    oof = cv_scores(tuning, fitter=fitter)
    _, switch, _ = choose_decision(tuning, oof)
    model = fitter(tuning)
    rows = []
    for split in sorted(set(data.frame["split"])):
        part = of_split(data, split)
        scores = oof if split == "dev" else scores_for(model, part)
        n_borderline = int(((labelled["split"] == split) & (labelled["label"] == "borderline")).sum())
        for method, decision in (("rules", Decision()), ("rescorer", switch)):
            predicted = decide(decision, part.rule_demand, scores, part.is_candidate)
            rows.append({"split": split, "method": method, "decision": decision.label(),
                         **rules_module.split_figures(part.frame, predicted, part.weights, n_borderline)})
    return pd.DataFrame(rows), model


#: What the build's demands table uses unless told otherwise ("rules" or "rescorer"). Measured once on the held-out
#: organisations (2026-12-05, 665 labelled sentences of 36 organisations): the re-scorer at its CV-chosen decision
#: (model@0.50) gave exactly the rules' figures, P 0.90 [0.86-0.93], R 0.82 [0.76-0.86]; it did not help, so the rules
#: decide and the score is evidence.
DEFAULT_METHOD = "rules"
METHODS = ("rules", "rescorer")


def build_decision(method: str, evaluation: Sequence[dict]) -> Decision:
    """The decision the build applies: the rules, or the re-scorer's CV-chosen one (from the evaluation rows)."""
    method = method or DEFAULT_METHOD
    if method not in METHODS:
        raise ValueError(f"demand method must be one of {METHODS}, not {method!r}")
    if method == "rules":
        return Decision()
    chosen = [r["decision"] for r in evaluation if r.get("method") == "rescorer"]
    return parse_decision(chosen[0]) if chosen else Decision()


def mark_used(evaluation: Sequence[dict], method: str) -> list[dict]:
    """The evaluation rows with "used": True on the rows of the method that makes the demands table."""
    method = method or DEFAULT_METHOD
    return [{**r, "used": r["method"] == method} for r in evaluation]
