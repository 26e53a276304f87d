"""Theme evaluation: Wilson intervals and P/R worked out by hand, the organisation split, the shipped judgements."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from bench.sample_theme_eval import org_split
from bench.split_heldout import heldout_parts, positives
from pipeline import evaluation, themes

ROOT = Path(__file__).resolve().parents[2]
JUDGEMENTS = ROOT / "data" / "eval" / "theme_judgements.csv"


PARTS = JUDGEMENTS.parent / "heldout_parts.csv"
QUOTED = JUDGEMENTS.parent / "heldout_c_quoted.csv"


@pytest.fixture(scope="module")
def judgements() -> pd.DataFrame:
    return evaluation.load_judgements(JUDGEMENTS)


def with_planted_part_e(judgements: pd.DataFrame) -> pd.DataFrame:
    """The judgements plus a planted part E: part D's rows again as heldout_e / fresh_known_e of other organisations
    (source "page"), so every theme part D measures is measured by a later clean part too. The shipped-data tests run
    on this as well, so they hold before and after part E's census is joined."""
    part_d = judgements.loc[judgements["split"].isin(["heldout_d", "fresh_known_d"])]
    part_e = part_d.assign(split=part_d["split"].str.replace("_d", "_e", regex=False), source="page",
                           organisation="planted E " + part_d["organisation"], note="planted part E")
    return pd.concat([judgements, part_e], ignore_index=True)


@pytest.fixture(scope="module", params=["shipped", "with planted part E"])
def judgement_sets(request, judgements) -> pd.DataFrame:
    """The shipped judgements as they are, and with a planted part E (with_planted_part_e)."""
    return judgements if request.param == "shipped" else with_planted_part_e(judgements)


# --- the formulas, on planted counts --------------------------------------------------------


def test_wilson_interval_worked_by_hand():
    # 3 of 5, z = 1.96: p = 0.6, z²/n = 0.76832, centre = (0.6 + 0.38416) / 1.76832 = 0.55656,
    # half = 1.96 · √(0.6·0.4/5 + 3.8416/100) / 1.76832 = 1.96 · 0.29397 / 1.76832 = 0.32583.
    low, high = evaluation.wilson(3, 5)
    assert low == pytest.approx(0.55656 - 0.32583, abs=1e-4)
    assert high == pytest.approx(0.55656 + 0.32583, abs=1e-4)
    # 10 of 10: the upper bound is 1 and the lower (1 + 0.19208)/1.38416 − 1.96·√0.0096/1.38416 = 0.72252.
    assert evaluation.wilson(10, 10) == pytest.approx((0.72252, 1.0), abs=1e-4)
    assert evaluation.wilson(0, 0) == (None, None)


def test_score_counts_precision_recall_on_a_planted_set():
    truth = [True, True, True, True, False, False, False, False]
    predicted = [True, True, True, False, True, True, False, False]
    result = evaluation.score(truth, predicted)
    # tp = 3, fp = 2, fn = 1: P = 3/5, R = 3/4.
    assert (result["true_positives"], result["n_predicted"], result["n_positive"], result["n"]) == (3, 5, 4, 8)
    assert result["precision"] == pytest.approx(0.6) and result["recall"] == pytest.approx(0.75)
    assert (result["precision_low"], result["precision_high"]) == pytest.approx(evaluation.wilson(3, 5))
    assert result["uncertain"]  # P < 0.8
    nothing = evaluation.score([False, False], [False, False])
    assert nothing["precision"] is None and nothing["recall"] is None and nothing["uncertain"]


def _planted() -> pd.DataFrame:
    rows = []
    for org, split, source in [("A", "dev", "helsereform"), ("B", "dev", "helsereform"), ("C", "dev", "helsereform"),
                               ("S", "dev", "seed"), ("H", "heldout", "helsereform"), ("I", "heldout", "helsereform")]:
        for k, label in enumerate(["yes", "no", "borderline"]):
            rows.append({"organisation": org, "file": f"{org}.pdf", "theme_id": "t", "label": label,
                         "stratum": "random", "split": split, "source": source, "text": f"{org} {k}"})
    return pd.DataFrame(rows)


def test_reported_figures_come_only_from_organisations_not_used_for_tuning():
    frame = _planted()
    seen = []

    def spy(train: pd.DataFrame, rows: pd.DataFrame) -> list[bool]:
        seen.append((set(train["organisation"]), set(rows["organisation"])))
        return [text.endswith("0") for text in rows["text"]]  # right on every planted row

    held = evaluation.heldout_scores(frame, spy)
    train_orgs, test_orgs = seen[0]
    assert test_orgs == {"H", "I"} and not train_orgs & test_orgs
    assert held[0]["n"] == 4 and held[0]["precision"] == 1.0  # borderline rows left out
    seen.clear()
    cv = evaluation.cv_scores(frame, spy, n_splits=2)
    for train_orgs, test_orgs in seen:  # grouped by organisation: no organisation on both sides of a fold
        assert not train_orgs & test_orgs and not test_orgs & {"H", "I"}
    assert cv[0]["split"] == "cv" and cv[0]["n"] == 6  # A, B, C yes/no rows; the seed rows are never scored
    # perfect on 3 passages and 3 matches each side: the held-out figure (2 of 2) is too little evidence to clear
    # the theme (MIN_EVIDENCE), the cross-validated one (3 of 3) is marked by its figures alone
    assert held[0]["uncertain"] and held[0]["n_positive"] == 2
    assert not cv[0]["uncertain"] and cv[0]["precision"] == cv[0]["recall"] == 1.0 and cv[0]["n_positive"] == 3


def test_load_judgements_names_the_problem(tmp_path):
    bad = _planted()
    bad.loc[0, "label"] = "maybe"
    path = tmp_path / "j.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(evaluation.JudgementsError, match="label must be one of"):
        evaluation.load_judgements(path)


# --- the shipped judgements --------------------------------------------------------------------


def test_shipped_judgements_size_and_split(judgements):
    judged = judgements[judgements["label"].isin(["yes", "no"])]
    assert len(judgements) >= 1500 and len(judged) >= 1500
    per_theme = judged.groupby("theme_id")["label"].agg(n="size", positives=lambda s: (s == "yes").sum())
    assert per_theme.loc["practice_placements", "n"] >= 200 and per_theme.loc["digital_competence", "n"] >= 200
    assert per_theme.loc["digital_competence", "positives"] >= 50
    # One split per organisation, and it is the split fixed with the seed before tuning (organisation_split.csv,
    # which the seeded draw reproduces from its list of organisations).
    corpus = judgements[judgements["source"] == "helsereform"]
    assert corpus.groupby("organisation")["split"].nunique().max() == 1
    shipped = pd.read_csv(JUDGEMENTS.parent / "organisation_split.csv")
    fixed = dict(zip(shipped["organisation"], shipped["split"]))
    assert org_split(list(fixed)) == fixed
    assert 0.25 <= sum(v == "heldout" for v in fixed.values()) / len(fixed) <= 0.35
    drawn = dict(zip(corpus["organisation"], corpus["split"]))
    # An organisation named only since the split was drawn (KBT Fagskole, whose text the build now reads; names the
    # metadata now reads differently) is dev: never held out. Every held-out organisation is one of the first draw.
    assert all(fixed.get(org, "dev") == split for org, split in drawn.items())
    assert set(judgements.loc[judgements["source"] == "seed", "split"]) == {"dev"}


def test_heldout_parts_are_the_seeded_draw_and_move_only_part_a_to_tuning(judgements):
    # The second-round decision (data/eval/README.md): the seeded, stratified draw reproduces the shipped file from
    # the first round's held-out organisations, whole organisations, B keeping at least 8 held-out positives of each
    # named theme (counted on the 2,336 first-round rows; later rows are appended, never rewritten).
    parts = evaluation.load_heldout_parts(PARTS)
    split = pd.read_csv(JUDGEMENTS.parent / "organisation_split.csv")
    heldout = split.loc[split["split"] == "heldout", "organisation"].tolist()
    assert sorted(parts["organisation"]) == sorted(heldout)
    counts = dict(zip(parts["organisation"], zip(parts["practice_placements_yes"].astype(int),
                                                   parts["digital_competence_yes"].astype(int))))
    assert heldout_parts(counts) == dict(zip(parts["organisation"], parts["part"]))
    first_round = judgements.iloc[:2336]
    assert positives(first_round, heldout) == counts
    in_b = [c for org, c in counts.items() if dict(zip(parts["organisation"], parts["part"]))[org] == "B"]
    assert sum(c[0] for c in in_b) >= 8 and sum(c[1] for c in in_b) >= 8
    moved = evaluation.apply_heldout_parts(judgements, parts)
    # the corpus rows of A move to tuning; fresh documents of an A or B organisation stay fresh_known (never tuning)
    corpus = moved["source"] != "fresh"
    a_orgs = set(parts.loc[parts["part"] == "A", "organisation"])
    assert set(moved.loc[corpus & moved["organisation"].isin(a_orgs), "split"]) == {"dev"}
    b_rows = corpus & moved["organisation"].isin(set(parts.loc[parts["part"] == "B", "organisation"]))
    assert set(moved.loc[b_rows, "split"]) == {"heldout"}
    assert set(moved.loc[~corpus, "split"]) == set(judgements.loc[judgements["source"] == "fresh", "split"])
    assert (moved.loc[~moved["organisation"].isin(a_orgs), "split"]
            == judgements.loc[~judgements["organisation"].isin(a_orgs), "split"]).all()


def test_apply_heldout_parts_on_a_planted_set():
    frame = _planted()
    parts = pd.DataFrame({"organisation": ["H", "I"], "part": ["A", "B"]})
    moved = evaluation.apply_heldout_parts(frame, parts)
    assert set(moved.loc[moved["organisation"] == "H", "split"]) == {"dev"}
    assert set(moved.loc[moved["organisation"] == "I", "split"]) == {"heldout"}
    assert evaluation.apply_heldout_parts(frame, None) is frame
    with pytest.raises(evaluation.JudgementsError, match="part must be A or B"):
        evaluation.apply_heldout_parts(frame, pd.DataFrame({"organisation": ["H"], "part": ["C"]}))


def _shipped_rows(judgements: pd.DataFrame) -> pd.DataFrame:
    """The build's evaluation of the shipped rules on the shipped judgements (parts, quoted documents, spent themes)."""
    lexicon = themes.load_lexicon(ROOT / "data" / "themes.toml")
    judgements = evaluation.apply_heldout_parts(judgements, evaluation.load_heldout_parts(PARTS))
    judgements = evaluation.apply_quoted(judgements, evaluation.load_quoted(QUOTED))
    spent = evaluation.load_spent_parts(JUDGEMENTS.parent / "heldout_spent.csv")
    return pd.DataFrame(evaluation.evaluate(judgements, lexicon, spent_parts=spent)), judgements, lexicon


def _fresh_parts(judgements: pd.DataFrame) -> list[str]:
    """The fresh held-out parts the shipped judgements hold rows of (C and D; E once its census is joined), in order."""
    return [part for part, split in evaluation.FRESH_PARTS.items() if (judgements["split"] == split).any()]


def _spent_parts() -> dict[str, frozenset[str]]:
    return {part: evaluation.load_heldout_spent(JUDGEMENTS.parent / "heldout_spent.csv", part)
            for part in evaluation.FRESH_PARTS}


def _pooled_parts(theme: str, present: list[str], spent: dict[str, frozenset[str]]) -> list[str]:
    """The parts a theme's held-out figure counts: those present and clean for it, or all present when none is."""
    return [p for p in present if theme not in spent[p]] or present


def test_every_theme_has_heldout_and_cv_figures(judgement_sets):
    rows, judgements, lexicon = _shipped_rows(judgement_sets)
    assert {"heldout", "cv"} <= set(rows["split"]) <= {"heldout", "cv", "heldout_b", "heldout_c", "heldout_c_quoted",
                                                        "heldout_d", "fresh_known", "fresh_known_d", "heldout_e",
                                                        "fresh_known_e", "heldout_f", "fresh_known_f"}
    for split in ("heldout", "cv"):
        assert set(rows.loc[rows["split"] == split, "theme_id"]) == {t.theme_id for t in lexicon}, split
    # every theme's held-out figure pools the fresh parts clean for it (C, D, and E once its rows exist): a part drops
    # out for a theme spent for it; where every part is spent, all (marked tuned on); counted on yes/no rows only
    present, spent = _fresh_parts(judgements), _spent_parts()
    assert present[:2] == ["C", "D"]
    used = {t.theme_id: _pooled_parts(t.theme_id, present, spent) for t in lexicon}
    heldout = rows[rows["split"] == "heldout"].set_index("theme_id")
    assert heldout["part"].to_dict() == {theme: "+".join(parts) for theme, parts in used.items()}
    decided = judgements[judgements["label"].isin(["yes", "no"])]
    in_pool = pd.Series([any(split == evaluation.FRESH_PARTS[p] for p in used.get(theme, []))
                         for split, theme in zip(decided["split"], decided["theme_id"])], index=decided.index, dtype=bool)
    clean = decided[in_pool]
    assert heldout["n"].to_dict() == clean.groupby("theme_id").size().to_dict()
    assert set(clean["source"]) <= {"fresh", "page"} and "fresh" in set(clean["source"])
    # a theme spent for every part is marked tuned on and uncertain; one spent for some parts only keeps a clean figure
    for theme in used:
        all_spent = all(theme in spent[p] for p in present)
        assert heldout.loc[theme, "tuned_on"] == all_spent, theme
        if all_spent:
            assert heldout.loc[theme, "uncertain"], theme


# --- a spent held-out set -------------------------------------------------------------------


def test_a_spent_theme_stays_uncertain_however_good_its_heldout_figure():
    perfect = evaluation.score([True] * 10 + [False], [True] * 10 + [False])
    rows = [
        {"theme_id": "a", "split": "heldout", **perfect},
        {"theme_id": "b", "split": "heldout", **perfect},
        {"theme_id": "a", "split": "cv", **perfect},
    ]
    marked = evaluation.mark_spent(rows, frozenset({"a"}))
    by_key = {(r["theme_id"], r["split"]): r for r in marked}
    assert not perfect["uncertain"]
    assert by_key[("a", "heldout")]["uncertain"] and by_key[("a", "heldout")]["tuned_on"]
    assert not by_key[("b", "heldout")]["uncertain"] and not by_key[("b", "heldout")]["tuned_on"]
    # cross-validated rows were always tuned on, but that alone does not make a theme uncertain
    assert by_key[("a", "cv")]["tuned_on"] and not by_key[("a", "cv")]["uncertain"]
    assert "tuned_on" not in rows[0]  # the input rows are not changed


def test_a_spent_part_c_keeps_the_theme_uncertain_and_leaves_part_b_alone():
    perfect = evaluation.score([True] * 10 + [False], [True] * 10 + [False])
    rows = [
        {"theme_id": "a", "split": "heldout", "part": "C", **perfect},
        {"theme_id": "a", "split": "heldout_b", "part": "B", **perfect},
        {"theme_id": "b", "split": "heldout", "part": "C", **perfect},
        {"theme_id": "a", "split": "fresh_known", "part": "", **perfect},
    ]
    by_key = {(r["theme_id"], r["split"]): r for r in evaluation.mark_spent(rows, frozenset(), frozenset({"a"}))}
    assert by_key[("a", "heldout")]["tuned_on"] and by_key[("a", "heldout")]["uncertain"]
    assert not by_key[("a", "heldout_b")]["tuned_on"]  # part B was not read for "a"
    assert not by_key[("b", "heldout")]["tuned_on"] and not by_key[("b", "heldout")]["uncertain"]
    assert not by_key[("a", "fresh_known")]["tuned_on"] and not by_key[("a", "fresh_known")]["uncertain"]
    # a theme spent on part B only: its part-C figure stays clean
    by_key = {(r["theme_id"], r["split"]): r for r in evaluation.mark_spent(rows, frozenset({"a"}))}
    assert not by_key[("a", "heldout")]["tuned_on"] and by_key[("a", "heldout_b")]["tuned_on"]


def test_load_heldout_spent(tmp_path):
    assert evaluation.load_heldout_spent(tmp_path / "absent.csv") == frozenset()
    path = tmp_path / "heldout_spent.csv"
    path.write_text("theme_id,since,reason\npractice_placements,2026-12-05,read\n", encoding="utf-8")
    assert evaluation.load_heldout_spent(path) == {"practice_placements"}
    # with a part column: an empty part is B's (the rows written before part C existed)
    path.write_text("theme_id,since,reason,part\npractice_placements,d,r,\nfunding,d,r,C\nhealth_technology,d,r,B\n",
                    encoding="utf-8")
    assert evaluation.load_heldout_spent(path) == {"practice_placements", "health_technology"}
    assert evaluation.load_heldout_spent(path, "C") == {"funding"}
    path.write_text("theme,since\nx,y\n", encoding="utf-8")
    with pytest.raises(evaluation.JudgementsError, match="theme_id"):
        evaluation.load_heldout_spent(path)


def test_the_shipped_spent_themes_part_b_is_reference_only_and_part_c_decides(judgement_sets):
    spent = evaluation.load_heldout_spent(JUDGEMENTS.parent / "heldout_spent.csv")
    spent_c = evaluation.load_heldout_spent(JUDGEMENTS.parent / "heldout_spent.csv", "C")
    assert {"practice_placements", "digital_competence"} <= spent
    rows, judgements, _ = _shipped_rows(judgement_sets)
    by_key = {(r["theme_id"], r["split"]): r for r in rows.to_dict("records")}
    present, spent_by = _fresh_parts(judgements), _spent_parts()
    with_e = "E" in present  # part E's census joined: the figures below count it where it is clean

    def below(row: dict) -> bool:
        measured = [row["precision"], row["recall"]]
        return any(pd.isna(m) for m in measured) or min(measured) < evaluation.UNCERTAIN_BELOW

    for theme in spent - spent_c:
        assert by_key[(theme, "heldout_b")]["tuned_on"]  # part B, read after its measurement: reference only
        clean = by_key[(theme, "heldout")]
        assert clean["part"] == "+".join(_pooled_parts(theme, present, spent_by)) and not clean["tuned_on"]
        # the mark follows the clean figure of the fresh parts (without the documents the issue quoted)
        assert clean["uncertain"] == below(clean)
    # part C read and tuned on after its one measurement (issue #9 fix): their held-out figure is part D's alone,
    # clean until part D is read for them (then both parts count, marked tuned on – until part E, clean for them,
    # is their figure); part C's rows stay as reference, marked tuned on
    # (study places and pay: parts C and D read together on 2026-12-06, after their one measurement; digital
    # competence: parts C and D read and tuned on 2026-12-07; practice placements, specialist training, information
    # security, decentralised education and working environment: part C, 2026-12-07; preparedness and laboratory
    # diagnostics: part C, spent deliberately on 2026-12-07, their part D having been spent on 2026-12-06)
    assert spent_c == {"health_technology", "funding", "small_professions", "task_sharing", "study_places",
                       "pay_pensions", "digital_competence", "practice_placements", "specialist_training",
                       "information_security_privacy", "decentralised_education", "working_environment",
                       "preparedness", "laboratory_diagnostics"}
    spent_d = spent_by["D"]
    for theme in spent_c:
        row = by_key[(theme, "heldout")]
        assert row["part"] == "+".join(_pooled_parts(theme, present, spent_by)), theme
        assert row["tuned_on"] == all(theme in spent_by[p] for p in present), theme
        if not with_e:
            assert row["part"] == ("C+D" if theme in spent_d else "D")
        assert by_key[(theme, "heldout_c")]["tuned_on"], theme
        # part B's errors were printed with C's where it has any for the theme (pay_pensions: none in part B)
        assert by_key[(theme, "heldout_b")]["tuned_on"] == (theme in spent), theme
    # part D read and tuned on after its one measurement (2026-12-06) for themes whose part C is clean: part C (with
    # part E once it exists) is their held-out figure, clean; part D's own row stays as reference, marked tuned on
    assert spent_d - spent_c == {"recruitment_retention", "lifelong_learning"}
    for theme in spent_d:
        assert by_key[(theme, "heldout_d")]["tuned_on"], theme
    for theme in spent_d - spent_c:
        row = by_key[(theme, "heldout")]
        # part C, with each later part (E, F) present and clean for the theme
        later = [p for p in present if p not in ("C", "D") and theme not in spent_by[p]]
        assert row["part"] == "+".join(["C", *later]) and not row["tuned_on"], theme
        assert not by_key[(theme, "heldout_c")]["tuned_on"], theme
        # ... but the theme stays uncertain while no part after D measures it: its newest clean measurement (part D)
        # was read and tuned on; once part E holds a passage about it or tagged with it, its pooled figure decides
        e_measures = with_e and "E" in row["measured"].split("+")
        assert row["uncertain"] == (below(row) or not e_measures), theme


# --- part C: fresh submissions of organisations not in the corpus ----------------------------------------------


def _planted_with_c() -> pd.DataFrame:
    """_planted plus fresh rows: part C (organisations X, Y) and a fresh document of a corpus organisation (A).
    Text ending in "0" is what the spy tagger predicts; labels are chosen so that each split has known P and R."""
    rows = _planted().to_dict("records")
    planted = [("X", "heldout_c", "yes", "x0"), ("X", "heldout_c", "yes", "x1"), ("X", "heldout_c", "no", "x2"),
               ("Y", "heldout_c", "no", "y0"), ("Y", "heldout_c", "yes", "y3"), ("Y", "heldout_c", "borderline", "y4"),
               ("A", "fresh_known", "yes", "a0"), ("A", "fresh_known", "no", "a5")]
    for org, split, label, text in planted:
        rows.append({"organisation": org, "file": f"{org}.md", "theme_id": "t", "label": label, "stratum": "random",
                     "split": split, "source": "fresh", "text": text})
    return pd.DataFrame(rows)


def _ends_in_zero(_train: pd.DataFrame, rows: pd.DataFrame) -> list[bool]:
    return [text.endswith("0") for text in rows["text"]]


def test_part_c_is_the_heldout_figure_where_it_exists_with_known_precision_and_recall():
    frame = _planted_with_c()
    part_b = evaluation.heldout_scores(frame, _ends_in_zero)
    part_c = evaluation.heldout_scores(frame, _ends_in_zero, "heldout_c")
    # C: predicted x0, y0; positives x0, x1, y3 -> tp 1: P = 1/2, R = 1/3; the borderline row is left out.
    (c,) = part_c
    assert (c["n"], c["n_predicted"], c["n_positive"], c["true_positives"]) == (5, 2, 3, 1)
    assert c["precision"] == pytest.approx(0.5) and c["recall"] == pytest.approx(1 / 3) and c["uncertain"]
    assert (c["recall_low"], c["recall_high"]) == pytest.approx(evaluation.wilson(1, 3))
    chosen = {(r["split"], r["part"]): r for r in evaluation.choose_heldout(part_b, part_c)}
    assert set(chosen) == {("heldout", "C"), ("heldout_b", "B")}
    assert chosen[("heldout", "C")]["precision"] == pytest.approx(0.5)
    assert chosen[("heldout_b", "B")]["precision"] == 1.0  # part B (H, I) kept for reference
    # no part C for a theme: part B stays its held-out figure
    assert [(r["split"], r["part"]) for r in evaluation.choose_heldout(part_b, [])] == [("heldout", "B")]


def test_part_c_replaces_a_spent_part_b_and_the_mark_follows_c():
    perfect = evaluation.score([True] * 10 + [False], [True] * 10 + [False])
    weak = evaluation.score([True] * 5 + [False] * 5, [True] * 3 + [False] * 7)  # R = 0.6
    part_b = [{"theme_id": "a", "split": "heldout", **weak}, {"theme_id": "b", "split": "heldout", **perfect}]
    part_c = [{"theme_id": "a", "split": "heldout_c", **perfect}, {"theme_id": "b", "split": "heldout_c", **weak}]
    marked = evaluation.mark_spent(evaluation.choose_heldout(part_b, part_c), frozenset({"a", "b"}))
    by_key = {(r["theme_id"], r["split"]): r for r in marked}
    # a: spent part B is reference only (tuned_on); the clean part C is the held-out figure and clears the mark
    assert by_key[("a", "heldout")]["part"] == "C" and not by_key[("a", "heldout")]["tuned_on"]
    assert not by_key[("a", "heldout")]["uncertain"] and by_key[("a", "heldout_b")]["tuned_on"]
    # b: part B's perfect but spent figure does not hide part C's weak one
    assert by_key[("b", "heldout")]["uncertain"] and by_key[("b", "heldout")]["recall"] == pytest.approx(0.6)


def test_evaluate_reports_c_fresh_known_and_cv_from_the_right_organisations(monkeypatch):
    frame = _planted_with_c()
    seen = {}

    def spy(train: pd.DataFrame, rows: pd.DataFrame) -> list[bool]:
        seen.setdefault(frozenset(rows["split"]), []).append((set(train["organisation"]), set(rows["organisation"])))
        return _ends_in_zero(train, rows)

    monkeypatch.setattr(evaluation, "lexicon_tagger", lambda _lexicon: spy)
    monkeypatch.setattr(evaluation, "CV_FOLDS", 2)
    theme = themes.Theme("t", "T", "T", "d", "d", ("x",))
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(frame, [theme])}
    assert set(rows) == {("heldout", "C"), ("heldout_b", "B"), ("fresh_known", ""), ("cv", "")}
    # the held-out figure is scored on X and Y only, organisations that tune nothing
    ((train, test),) = seen[frozenset({"heldout_c"})]
    assert test == {"X", "Y"} and not train & test
    assert rows[("fresh_known", "")]["n"] == 2 and rows[("fresh_known", "")]["precision"] == 1.0
    assert rows[("heldout", "C")]["n"] == 5 and rows[("cv", "")]["n"] == 6  # fresh rows never enter the folds


def test_shipped_part_c_organisations_are_not_corpus_organisations(judgements):
    # Part C is clean only if none of its organisations was ever read while tuning: none is in the development corpus
    # (organisation_split.csv lists every corpus organisation), none has a dev, A or B row, none is a seed organisation.
    fresh = judgements[judgements["source"] == "fresh"]
    if fresh.empty:
        pytest.skip("no fresh rows in data/eval/theme_judgements.csv yet")
    part_c = set(fresh.loc[fresh["split"] == "heldout_c", "organisation"])
    corpus = set(pd.read_csv(JUDGEMENTS.parent / "organisation_split.csv")["organisation"])
    assert part_c and not part_c & corpus
    # (part E's pages, source "page", come after part C: their known organisations may be part C's)
    assert not part_c & set(judgements.loc[~judgements["source"].isin(["fresh", "page"]), "organisation"])
    assert set(fresh.loc[fresh["split"] == "fresh_known", "organisation"]) <= corpus | {"NITO", "NTNU", "Tekna"}
    assert set(fresh["split"]) <= {"heldout_c", "fresh_known", "heldout_d", "fresh_known_d"}
    # part D (the reserve, once joined) likewise: organisations never read, and none of part C's
    part_d = set(fresh.loc[fresh["split"] == "heldout_d", "organisation"])
    assert not part_d & corpus and not part_d & part_c
    assert not part_d & set(judgements.loc[judgements["source"] != "fresh", "organisation"])
    assert set(fresh.loc[fresh["split"] == "fresh_known_d", "organisation"]) <= corpus
    # part E (the stored pages, once joined): held-out organisations are none of the corpus's, the seeds', part C's or
    # part D's; every part-E row is a page's, in one of part E's two splits
    pages = judgements[judgements["source"] == "page"]
    assert set(pages["split"]) <= {"heldout_e", "fresh_known_e", "heldout_f", "fresh_known_f"}
    assert set(judgements.loc[judgements["split"].isin(["heldout_e", "fresh_known_e"]), "source"]) <= {"page"}
    part_e = set(pages.loc[pages["split"] == "heldout_e", "organisation"])
    assert not part_e & (corpus | part_c | part_d | {"NITO", "NTNU", "Tekna"})
    # part F (pages of other hearings): held-out organisations are none of the corpus's, the seeds' or parts C–E's
    assert set(judgements.loc[judgements["split"].isin(["heldout_f", "fresh_known_f"]), "source"]) <= {"page"}
    part_f = set(pages.loc[pages["split"] == "heldout_f", "organisation"])
    known_e = set(pages.loc[pages["split"] == "fresh_known_e", "organisation"])
    assert not part_f & (corpus | part_c | part_d | part_e | known_e | {"NITO", "NTNU", "Tekna"})


def test_apply_quoted_moves_only_the_listed_themes_rows_of_part_c():
    frame = _planted_with_c()
    frame = pd.concat([frame, frame.loc[frame["split"] == "heldout_c"].assign(theme_id="u")], ignore_index=True)
    quoted = pd.DataFrame({"file": ["X.md", "A.md"], "theme_id": ["t", "t"], "reason": ["quoted", "quoted"]})
    moved = evaluation.apply_quoted(frame, quoted)
    assert set(moved.loc[(moved["file"] == "X.md") & (moved["theme_id"] == "t"), "split"]) == {"heldout_c_quoted"}
    assert set(moved.loc[(moved["file"] == "X.md") & (moved["theme_id"] == "u"), "split"]) == {"heldout_c"}
    assert set(moved.loc[moved["file"] == "Y.md", "split"]) == {"heldout_c"}
    assert set(moved.loc[moved["file"] == "A.md", "split"]) == {"fresh_known"}  # only part C's rows move
    # part C of theme t is now Y alone: y0 predicted but no, y3 yes and missed -> P 0/1, R 0/1
    (c,) = evaluation.heldout_scores(moved.loc[moved["theme_id"] == "t"], _ends_in_zero, "heldout_c")
    assert (c["n"], c["n_predicted"], c["n_positive"], c["true_positives"]) == (2, 1, 1, 0)
    assert evaluation.apply_quoted(frame, None) is frame


def test_the_quoted_documents_hold_the_phrases_the_issue_quoted(judgements):
    # heldout_c_quoted.csv names each phrase issue #9 quoted as missed; each occurs in that document's judged passages,
    # so the exclusion follows the issue's text, not the measurement.
    quoted = evaluation.load_quoted(QUOTED)
    fresh = judgements[judgements["source"] == "fresh"]
    if fresh.empty:
        pytest.skip("no fresh rows in data/eval/theme_judgements.csv yet")
    for row in quoted.itertuples():
        phrases = re.findall(r"'([^']+)'", row.reason)
        texts = " ".join(fresh.loc[fresh["file"] == row.file, "text"]).lower()
        assert phrases and texts, row.file
        for phrase in phrases:
            stem = phrase.split("(")[0].lower()
            assert stem in texts, (row.file, phrase)


# --- part D: the reserve, pooled with the clean part C ----------------------------------------------------------


def _with_part(frame: pd.DataFrame, planted, source: str, stratum: str, suffix: str) -> pd.DataFrame:
    """frame plus one row of theme t per planted (organisation, split, label, text), file <organisation><suffix>."""
    rows = frame.to_dict("records") + [
        {"organisation": org, "file": f"{org}{suffix}", "theme_id": "t", "label": label, "stratum": stratum,
         "split": split, "source": source, "text": text} for org, split, label, text in planted]
    return pd.DataFrame(rows)


def _planted_with_d() -> pd.DataFrame:
    """_planted_with_c plus part D (organisations P, Q) and a part-D document of a corpus organisation (K), for theme t.
    Text ending in "0" is what the spy tagger predicts."""
    planted = [("P", "heldout_d", "yes", "p0"), ("P", "heldout_d", "yes", "p10"), ("Q", "heldout_d", "no", "q1"),
               ("Q", "heldout_d", "yes", "q2"), ("Q", "heldout_d", "borderline", "q30"),
               ("K", "fresh_known_d", "yes", "k0"), ("K", "fresh_known_d", "no", "k21")]
    return _with_part(_planted_with_c(), planted, "fresh", "random", ".md")


def test_part_d_pools_with_a_clean_part_c_and_a_spent_part_drops_out():
    frame = _planted_with_d()
    # C alone: predicted x0, y0; positives x0, x1, y3 -> tp 1, predicted 2, positives 3 (5 rows)
    # D alone: predicted p0, p10; positives p0, p10, q2 -> tp 2, predicted 2, positives 3 (4 rows; borderline out)
    (pooled,) = evaluation.fresh_heldout_scores(frame, _ends_in_zero)
    assert pooled["part"] == "C+D" and pooled["split"] == "heldout"
    assert (pooled["n"], pooled["n_predicted"], pooled["n_positive"], pooled["true_positives"]) == (9, 4, 6, 3)
    assert (pooled["recall_low"], pooled["recall_high"]) == pytest.approx(evaluation.wilson(3, 6))
    # part C spent for t: its rows drop out, part D alone is the held-out figure
    (d_only,) = evaluation.fresh_heldout_scores(frame, _ends_in_zero, {"C": frozenset({"t"})})
    assert d_only["part"] == "D" and (d_only["n"], d_only["true_positives"], d_only["n_positive"]) == (4, 2, 3)
    # part D spent for t (a later fix read its errors): part C alone
    (c_only,) = evaluation.fresh_heldout_scores(frame, _ends_in_zero, {"D": frozenset({"t"})})
    assert c_only["part"] == "C" and (c_only["n"], c_only["true_positives"]) == (5, 1)
    # ... clean (not tuned on), yet uncertain however good part C looks: the newest part was read for t
    perfect = {**c_only, **evaluation.score([True] * 10 + [False], [True] * 10 + [False])}
    (marked,) = evaluation.mark_spent([perfect], frozenset(), frozenset(), frozenset({"t"}))
    assert not marked["tuned_on"] and marked["uncertain"]
    (other,) = evaluation.mark_spent([{**perfect, "theme_id": "u"}], frozenset(), frozenset(), frozenset({"t"}))
    assert not other["uncertain"]  # a theme not spent for part D follows its figures
    # both spent: both counted, and mark_spent marks the figure tuned on
    (both,) = evaluation.fresh_heldout_scores(frame, _ends_in_zero, {"C": frozenset({"t"}), "D": frozenset({"t"})})
    assert both["part"] == "C+D"
    (marked,) = evaluation.mark_spent([both], frozenset(), frozenset(), frozenset({"t"}))
    assert marked["tuned_on"] and marked["uncertain"]
    # without part-D rows the pooled figure is part C's, exactly as heldout_scores gives it
    no_d = frame.loc[~frame["split"].isin(["heldout_d", "fresh_known_d"])]
    (c,) = evaluation.fresh_heldout_scores(no_d, _ends_in_zero)
    (alone,) = evaluation.heldout_scores(no_d, _ends_in_zero, "heldout_c")
    assert c["part"] == "C" and {k: c[k] for k in alone if k != "split"} == {k: alone[k] for k in alone if k != "split"}


def test_evaluate_reports_part_d_as_its_own_split_and_marks_by_the_pooled_parts(monkeypatch, tmp_path):
    frame = _planted_with_d()
    path = tmp_path / "j.csv"
    frame.to_csv(path, index=False)
    assert set(evaluation.load_judgements(path)["split"]) >= {"heldout_d", "fresh_known_d"}  # accepted splits
    monkeypatch.setattr(evaluation, "lexicon_tagger", lambda _lexicon: _ends_in_zero)
    monkeypatch.setattr(evaluation, "CV_FOLDS", 2)
    theme = themes.Theme("t", "T", "T", "d", "d", ("x",))
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(frame, [theme])}
    assert set(rows) == {("heldout", "C+D"), ("heldout_b", "B"), ("heldout_c", "C"), ("heldout_d", "D"),
                         ("fresh_known", ""), ("fresh_known_d", ""), ("cv", "")}
    assert rows[("heldout_d", "D")]["n"] == 4 and rows[("heldout_c", "C")]["n"] == 5
    assert rows[("fresh_known_d", "")]["n"] == 2 and rows[("fresh_known_d", "")]["precision"] == 1.0
    assert not any(r["tuned_on"] for key, r in rows.items() if key[0] != "cv")
    # part C spent for t: the held-out figure is part D's, clean; part C's own row is kept, tuned on
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(frame, [theme], spent_c=frozenset({"t"}))}
    assert ("heldout", "D") in rows and not rows[("heldout", "D")]["tuned_on"]
    assert rows[("heldout_c", "C")]["tuned_on"] and not rows[("heldout_d", "D")]["tuned_on"]
    # part D spent for t: part C decides; part D's own row is tuned on
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(frame, [theme], spent_d=frozenset({"t"}))}
    assert ("heldout", "C") in rows and not rows[("heldout", "C")]["tuned_on"]
    assert rows[("heldout_d", "D")]["tuned_on"] and not rows[("heldout_c", "C")]["tuned_on"]
    # the quoted documents stay out of the pool: their rows were moved to heldout_c_quoted before
    quoted = evaluation.apply_quoted(frame, pd.DataFrame({"file": ["X.md"], "theme_id": ["t"], "reason": ["q"]}))
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(quoted, [theme])}
    assert rows[("heldout", "C+D")]["n"] == 2 + 4 and rows[("heldout_c_quoted", "")]["n"] == 3


def test_load_heldout_spent_reads_part_d(tmp_path):
    path = tmp_path / "heldout_spent.csv"
    path.write_text("theme_id,since,reason,part\nfunding,d,r,C\nfunding,d,r,D\nlifelong_learning,d,r,D\n",
                    encoding="utf-8")
    assert evaluation.load_heldout_spent(path, "D") == {"funding", "lifelong_learning"}
    assert evaluation.load_heldout_spent(path, "C") == {"funding"}


# --- part E: the stored pages, the newest part, pooled with the clean parts C and D ------------------------------------


def _planted_with_e(e_rows=None) -> pd.DataFrame:
    """_planted_with_d plus part E (pages of organisations R, S; source "page") and a page of a corpus organisation
    (K2), for theme t. Text ending in "0" is what the spy tagger predicts."""
    planted = e_rows if e_rows is not None else [
        ("R", "heldout_e", "yes", "r0"), ("R", "heldout_e", "no", "r1"), ("S", "heldout_e", "yes", "s2"),
        ("S", "heldout_e", "no", "s40"), ("S", "heldout_e", "borderline", "s5"),
        ("K2", "fresh_known_e", "yes", "k3"), ("K2", "fresh_known_e", "no", "k40")]
    return _with_part(_planted_with_d(), planted, "page", "census", ".txt")


def test_part_e_pools_with_the_clean_parts_worked_by_hand():
    frame = _planted_with_e()
    # E alone: predicted r0, s40; positives r0, s2 -> tp 1, predicted 2, positives 2 (4 rows; borderline out)
    (alone,) = evaluation.heldout_scores(frame, _ends_in_zero, "heldout_e")
    assert (alone["n"], alone["n_predicted"], alone["n_positive"], alone["true_positives"]) == (4, 2, 2, 1)
    # pooled: C (5 rows, tp 1, predicted 2, positives 3) + D (4, 2, 2, 3) + E (4, 1, 2, 2) -> 13 rows, tp 4,
    # predicted 6, positives 8: P 4/6, R 4/8; Wilson of 4/8 by hand: centre (0.5 + z²/16) / (1 + z²/8) = 0.5,
    # half-width z·sqrt(0.25/8 + z²/256) / (1 + z²/8) = 1.96·0.21507 / 1.48020 = 0.2848 -> [0.2152, 0.7848]
    (pooled,) = evaluation.fresh_heldout_scores(frame, _ends_in_zero)
    assert pooled["part"] == "C+D+E" and pooled["measured"] == "C+D+E"
    assert (pooled["n"], pooled["true_positives"], pooled["n_predicted"], pooled["n_positive"]) == (13, 4, 6, 8)
    assert pooled["precision"] == pytest.approx(4 / 6) and pooled["recall"] == 0.5
    assert (pooled["recall_low"], pooled["recall_high"]) == pytest.approx((0.2152, 0.7848), abs=1e-4)
    # part D spent for t: C and E count (9 rows, tp 2, predicted 4, positives 5)
    (c_e,) = evaluation.fresh_heldout_scores(frame, _ends_in_zero, {"D": frozenset({"t"})})
    assert c_e["part"] == "C+E" and (c_e["n"], c_e["true_positives"], c_e["n_predicted"], c_e["n_positive"]) == (
        9, 2, 4, 5)


def test_a_theme_spent_for_part_d_is_judged_again_once_a_clean_part_e_measures_it():
    perfect = evaluation.score([True] * 10 + [False], [True] * 10 + [False])
    spent_d = frozenset({"t"})

    def mark(part: str, measured: str, **spent) -> dict:
        row = {"theme_id": "t", "split": "heldout", "part": part, "measured": measured, **perfect}
        (marked,) = evaluation.mark_spent([row], frozenset(), spent.get("c", frozenset()), spent.get("d", frozenset()),
                                          spent.get("e", frozenset()))
        return marked

    # spent for D, a clean part E measures t: the pooled figure decides (clean, perfect: not uncertain)
    assert not mark("C+E", "C+E", d=spent_d)["uncertain"] and not mark("C+E", "C+E", d=spent_d)["tuned_on"]
    # ... but not when part E holds no passage about t and none tagged with it: part C alone cannot show the fix holds
    assert mark("C+E", "C", d=spent_d)["uncertain"]
    # spent for E, the newest part: uncertain until a later part exists, whatever the older parts show
    assert mark("C+D", "C+D", e=spent_d)["uncertain"] and not mark("C+D", "C+D", e=spent_d)["tuned_on"]
    # spent for C only, a later clean part measures t: its figure decides (small professions: part D)
    assert not mark("D+E", "D+E", c=spent_d)["uncertain"]
    # spent for every part: all count, tuned on and uncertain
    every = mark("C+D+E", "C+D+E", c=spent_d, d=spent_d, e=spent_d)
    assert every["tuned_on"] and every["uncertain"]
    # a row written before "measured" existed: every counted part taken as measuring
    row = {"theme_id": "t", "split": "heldout", "part": "C+E", **perfect}
    assert not evaluation.not_measured_since_spent(row, {"C": frozenset(), "D": spent_d, "E": frozenset()})
    # from the rows: part E with only true negatives for t (nothing judged about it, nothing tagged) measures nothing
    quiet = _planted_with_e([("R", "heldout_e", "no", "r1"), ("S", "heldout_e", "no", "s2")])
    (row,) = evaluation.fresh_heldout_scores(quiet, _ends_in_zero, {"D": spent_d})
    assert row["part"] == "C+E" and row["measured"] == "C"
    (marked,) = evaluation.mark_spent([row], frozenset(), frozenset(), spent_d)
    assert marked["uncertain"]


def _loaded_with_spy(frame: pd.DataFrame, monkeypatch, tmp_path) -> tuple[pd.DataFrame, themes.Theme]:
    """frame written and read back as the build reads judgements (its splits accepted), the spy tagger in place of the
    lexicon's, two CV folds, and the theme t."""
    path = tmp_path / "j.csv"
    frame.to_csv(path, index=False)
    monkeypatch.setattr(evaluation, "lexicon_tagger", lambda _lexicon: _ends_in_zero)
    monkeypatch.setattr(evaluation, "CV_FOLDS", 2)
    return evaluation.load_judgements(path), themes.Theme("t", "T", "T", "d", "d", ("x",))


def test_evaluate_reports_part_e_as_its_own_split_and_known_pages_apart(monkeypatch, tmp_path):
    loaded, theme = _loaded_with_spy(_planted_with_e(), monkeypatch, tmp_path)
    assert set(loaded["split"]) >= {"heldout_e", "fresh_known_e"} and "page" in evaluation.REPORTED_SOURCES
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(loaded, [theme])}
    assert set(rows) == {("heldout", "C+D+E"), ("heldout_b", "B"), ("heldout_c", "C"), ("heldout_d", "D"),
                         ("heldout_e", "E"), ("fresh_known", ""), ("fresh_known_d", ""), ("fresh_known_e", ""),
                         ("cv", "")}
    assert rows[("heldout_e", "E")]["n"] == 4 and rows[("heldout", "C+D+E")]["n"] == 13
    # the known organisation's page: k3 (yes, not tagged), k40 (no, tagged) -> P 0/1, R 0/1, never held out
    known = rows[("fresh_known_e", "")]
    assert (known["n"], known["true_positives"], known["n_predicted"], known["n_positive"]) == (2, 0, 1, 1)
    # part E spent for t: E's own row tuned on; the pooled figure counts C and D, and stays uncertain
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(loaded, [theme], spent_e=frozenset({"t"}))}
    assert rows[("heldout_e", "E")]["tuned_on"] and rows[("heldout", "C+D")]["uncertain"]
    assert not rows[("heldout", "C+D")]["tuned_on"]
    # without part-E rows, the output is part D's (no heldout_e / fresh_known_e rows, the pooled part "C+D")
    before = loaded.loc[~loaded["split"].isin(["heldout_e", "fresh_known_e"])]
    assert {(r["split"], r["part"]) for r in evaluation.evaluate(before, [theme])} == {
        ("heldout", "C+D"), ("heldout_b", "B"), ("heldout_c", "C"), ("heldout_d", "D"), ("fresh_known", ""),
        ("fresh_known_d", ""), ("cv", "")}


# --- part F: responses to ten other hearings on the stored pages, the newest part after E -----------------------------


def _planted_with_f(f_rows=None) -> pd.DataFrame:
    """_planted_with_e plus part F (pages of organisations V, W; source "page") and a page of a known organisation
    (K3), for theme t. Text ending in "0" is what the spy tagger predicts."""
    planted = f_rows if f_rows is not None else [
        ("V", "heldout_f", "yes", "v0"), ("V", "heldout_f", "no", "v1"), ("W", "heldout_f", "yes", "w20"),
        ("W", "heldout_f", "borderline", "w5"), ("K3", "fresh_known_f", "yes", "k6")]
    return _with_part(_planted_with_e(), planted, "page", "census", ".txt")


def test_part_f_follows_part_e_in_the_fresh_parts():
    assert list(evaluation.FRESH_PARTS.items())[-2:] == [("E", "heldout_e"), ("F", "heldout_f")]
    assert evaluation.SPENT_PARTS == ("B", "C", "D", "E", "F")
    assert {"heldout_f", "fresh_known_f"} <= set(evaluation.SPLITS) and "fresh_known_f" in evaluation.KNOWN_SPLITS
    assert "heldout_f" in evaluation.HELD_SPLITS


def test_part_f_pools_with_the_clean_parts_worked_by_hand():
    """Counts (rows, true positives, predicted, positives), borderline out: C (5, 1, 2, 3), D (4, 2, 2, 3), E (4, 1,
    2, 2), F: predicted v0, w20, both about t -> (3, 2, 2, 2)."""
    frame = _planted_with_f()

    def counts(row: dict) -> tuple[int, int, int, int]:
        return row["n"], row["true_positives"], row["n_predicted"], row["n_positive"]

    assert [counts(r) for r in evaluation.heldout_scores(frame, _ends_in_zero, "heldout_f")] == [(3, 2, 2, 2)]
    by_spent = {spent: evaluation.fresh_heldout_scores(frame, _ends_in_zero, {spent: frozenset({"t"})})[0]
                for spent in ("", "E", "F")}
    # nothing spent: all four parts, 16 rows, P 6/8, R 6/10; E spent: C, D, F; F spent: C, D, E
    assert {s: (r["part"], r["measured"], counts(r)) for s, r in by_spent.items()} == {
        "": ("C+D+E+F", "C+D+E+F", (16, 6, 8, 10)), "E": ("C+D+F", "C+D+F", (12, 5, 6, 8)),
        "F": ("C+D+E", "C+D+E", (13, 4, 6, 8))}


def test_a_theme_spent_for_part_e_is_judged_again_once_a_clean_part_f_measures_it():
    perfect = evaluation.score([True] * 10 + [False], [True] * 10 + [False])
    spent = {"E": frozenset({"t"})}

    def mark(part: str, measured: str, by_part: dict) -> dict:
        (marked,) = evaluation.mark_spent([{"theme_id": "t", "split": "heldout", "part": part, "measured": measured,
                                            **perfect}], spent_parts=by_part)
        return marked

    # spent for E: uncertain on C and D alone; judged by its pooled figure once a clean part F measures it
    assert mark("C+D", "C+D", spent)["uncertain"]
    assert not mark("C+D+F", "C+D+F", spent)["uncertain"] and not mark("C+D+F", "C+D+F", spent)["tuned_on"]
    # ... not when part F holds no passage about t and none tagged with it
    assert mark("C+D+F", "C+D", spent)["uncertain"]
    # spent for F, the newest part: uncertain whatever the older parts show, and tuned on where F counts
    assert mark("C+D+E", "C+D+E", {"F": frozenset({"t"})})["uncertain"]
    assert mark("C+D+E+F", "C+D+E+F", {"C": frozenset({"t"}), "D": frozenset({"t"}), "E": frozenset({"t"}),
                                        "F": frozenset({"t"})})["tuned_on"]
    # from the rows: a heldout_f row judged about t (w20, tagged too) or only tagged (v0 no, w30 tagged) measures it
    for f_rows in ([("V", "heldout_f", "yes", "v1")], [("V", "heldout_f", "no", "v30")]):
        (row,) = evaluation.fresh_heldout_scores(_planted_with_f(f_rows), _ends_in_zero, spent)
        assert row["part"] == "C+D+F" and row["measured"] == "C+D+F"
        (marked,) = evaluation.mark_spent([{**row, **perfect}], spent_parts=spent)
        assert not marked["uncertain"]
    # only true negatives in part F (nothing judged about t, nothing tagged) clear nothing
    (row,) = evaluation.fresh_heldout_scores(_planted_with_f([("V", "heldout_f", "no", "v1")]), _ends_in_zero, spent)
    assert row["measured"] == "C+D"
    (marked,) = evaluation.mark_spent([{**row, **perfect}], spent_parts=spent)
    assert marked["uncertain"]


def test_evaluate_reports_part_f_as_its_own_split_and_reads_it_spent_from_the_file(monkeypatch, tmp_path):
    loaded, theme = _loaded_with_spy(_planted_with_f(), monkeypatch, tmp_path)
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(loaded, [theme])}
    assert set(rows) == {("heldout", "C+D+E+F"), ("heldout_b", "B"), ("heldout_c", "C"), ("heldout_d", "D"),
                         ("heldout_e", "E"), ("heldout_f", "F"), ("fresh_known", ""), ("fresh_known_d", ""),
                         ("fresh_known_e", ""), ("fresh_known_f", ""), ("cv", "")}
    assert rows[("heldout_f", "F")]["n"] == 3 and rows[("fresh_known_f", "")]["n"] == 1
    spent_file = tmp_path / "heldout_spent.csv"
    spent_file.write_text("theme_id,since,reason,part\nt,x,r,E\nt,x,r,F\nu,x,r,F\n", encoding="utf-8")
    spent = evaluation.load_spent_parts(spent_file)
    assert spent["F"] == {"t", "u"} and spent["E"] == {"t"} and spent["B"] == frozenset()
    rows = {(r["split"], r["part"]): r for r in evaluation.evaluate(loaded, [theme], spent_parts=spent)}
    # E and F spent: F's and E's own rows tuned on, the pooled figure counts C and D, uncertain
    assert rows[("heldout_f", "F")]["tuned_on"] and rows[("heldout_e", "E")]["tuned_on"]
    assert ("heldout", "C+D") in rows and rows[("heldout", "C+D")]["uncertain"]
    # the positional sets of parts B to E and spent_parts agree
    assert evaluation.evaluate(loaded, [theme], spent_e=frozenset({"t"})) == evaluation.evaluate(
        loaded, [theme], spent_parts={"E": frozenset({"t"})})
    # without part-F rows, the output is part E's
    before = loaded.loc[~loaded["split"].isin(["heldout_f", "fresh_known_f"])]
    assert ("heldout", "C+D+E") in {(r["split"], r["part"]) for r in evaluation.evaluate(before, [theme])}
    assert not {"heldout_f", "fresh_known_f"} & {r["split"] for r in evaluation.evaluate(before, [theme])}


def test_too_few_matches_or_passages_keep_a_theme_uncertain_however_perfect():
    """2 of 2 right is no evidence of 0.8 (Wilson 0.34–1.00); MIN_EVIDENCE (10) matches and 10 passages about the theme
    are the least a figure needs to clear the mark, each counted apart."""
    assert evaluation.MIN_EVIDENCE == 10
    two = evaluation.score([True, True, False], [True, True, False])
    assert (two["precision"], two["recall"], two["uncertain"]) == (1.0, 1.0, True)
    assert round(two["precision_low"], 2) == 0.34
    ten = evaluation.score([True] * 10 + [False] * 5, [True] * 10 + [False] * 5)
    assert (ten["precision"], ten["recall"], ten["uncertain"]) == (1.0, 1.0, False)
    # 10 passages about it, 9 of them found and nothing else matched: recall 0.9, but only 9 matches
    nine_matches = evaluation.score([True] * 10 + [False] * 5, [True] * 9 + [False] * 6)
    assert (nine_matches["precision"], nine_matches["recall"], nine_matches["uncertain"]) == (1.0, 0.9, True)
