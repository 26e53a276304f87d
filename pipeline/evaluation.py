"""Precision and recall of the theme tagger on real-text judgements, with 95 % Wilson intervals and n.

The judgements (config.Paths.theme_judgements: data/eval/theme_judgements.csv, see its README) are passage × theme labels
made by reading each passage against data/codebook.md. Figures are computed only on rows of real submissions
(REPORTED_SOURCES: the development corpus ``helsereform`` and the fresh submissions ``fresh``; the seed rows only tune)
labelled ``yes`` or ``no`` (``borderline`` rows are left out). Per theme:

* ``heldout`` – organisations never used for tuning. Where the theme has rows of part ``C`` (split ``heldout_c``: fresh
  submissions, fetched after the rules were frozen, from organisations that are not in the development corpus) the
  held-out figure is part C's (``part`` = "C"); otherwise it is part ``B`` of the first round's held-out organisations
  (split ``heldout``, config.Paths.theme_heldout_parts; part ``A`` was moved to tuning and counts as ``dev``,
  apply_heldout_parts). When C replaces B, B's figure stays in the output as split ``heldout_b`` for reference.
  Part C's rows of a document and theme listed in config.Paths.theme_heldout_quoted (data/eval/heldout_c_quoted.csv:
  documents whose text the issue quoted as missed, which the rules then took up as terms) are not clean for that
  theme: they are moved to the split ``heldout_c_quoted`` (apply_quoted) and reported for reference only.
  Part ``D`` (split ``heldout_d``: the 8-document reserve of fresh submissions, fetched after the rules were frozen
  again; data/eval/README.md, fourth round) is pooled with part C: a theme's held-out figure counts the rows of every
  fresh part that is clean for it (not spent for that part in config.Paths.theme_heldout_spent), and ``part`` names
  them ("C", "D" or "C+D"; fresh_heldout_scores). Part ``E`` (split ``heldout_e``, source ``page``: the openings of
  hearing responses held as stored public web pages, judged as a census after the rules were frozen at 6a7f638;
  data/eval/README.md, fifth round) pools the same way ("C+D+E", "C+E", "E", …), and so does part ``F`` (split
  ``heldout_f``, source ``page``: responses to ten other hearings on the same stored pages, rules frozen at a339991;
  sixth round), the newest part ("C+D+E+F", …). Where a theme has rows of a part after C, each part's own figure is
  kept too (splits ``heldout_c``, ``heldout_d``, ``heldout_e``, ``heldout_f``, for reference).
* ``fresh_known`` / ``fresh_known_d`` / ``fresh_known_e`` / ``fresh_known_f`` – fresh submissions (part C's fetch,
  part D's, part E's and part F's pages) of organisations that are in the development corpus (or, for part F, read in
  an earlier part): new text, but from organisations whose other texts may have been read while tuning, so never the
  held-out figure.
* ``cv`` – cross-validation grouped by organisation over the other (``dev``) organisations
  (scikit-learn GroupKFold: no organisation in both the training and the test part of a fold). The tagger is
  fitted on each training part and scored on its test part; counts are pooled over the folds. The rule tagger
  fits nothing, so its CV figure is its score on the dev organisations – whose rows the rules were tuned on,
  which is why the held-out figure is the one to trust.

A theme whose measured precision or recall is below UNCERTAIN_BELOW (or not measurable), or rests on fewer than
MIN_EVIDENCE matches or passages about it, is ``uncertain``. So is a
theme whose part-B rows were read and its rules tuned on them after their measurement
(config.Paths.theme_heldout_spent) while part B is still its held-out figure: that figure is then marked ``tuned_on``
and cannot clear the mark, however good it looks. Part C, where it exists, replaces part B, so a theme spent on part
B follows part C's clean figure – unless part C is spent too (a row with part ``C`` in the same file: its errors were
read and the rules changed after its one measurement), which keeps the theme uncertain the same way. With part D, a
part spent for a theme drops out of its pooled figure; only where every fresh part is spent for the theme does the
pooled figure count them all, marked tuned_on. A theme spent for a fresh part stays uncertain, whatever its figure, until
a later fresh part that is clean for it measures it (a passage judged about the theme or tagged with it there): its
newest clean measurement was read and tuned on, and older parts cannot show that the fix holds on organisations nobody
has read (mark_spent; part D spent for recruitment: uncertain on part C alone, judged again by its figure once part E
counts). Only the ``heldout`` and ``cv`` rows decide the mark (MARKING_SPLITS).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from . import schema, themes

LABELS = ("yes", "no", "borderline")
# dev: tuning; heldout: first-round held-out organisations (part A moves to dev, part B stays); heldout_c: fresh
# submissions of organisations not in the development corpus; fresh_known: fresh submissions of corpus organisations;
# heldout_d / fresh_known_d: the same for part D (the reserve fetched on 2026-12-06); heldout_e / fresh_known_e: part E
# (hearing responses on stored web pages, 2026-12-06); heldout_f / fresh_known_f: part F (responses to ten other
# hearings on the stored pages, sixth round).
SPLITS = ("dev", "heldout", "heldout_c", "fresh_known", "heldout_d", "fresh_known_d", "heldout_e", "fresh_known_e",
          "heldout_f", "fresh_known_f")
# The fresh held-out parts and their splits, in the order they were measured (oldest first); pooled per theme where
# clean. The order matters: a theme spent for a part needs a LATER clean part to measure it again (mark_spent). One
# list for the pipeline and the Method page (schema: the app reads only the contract).
FRESH_PARTS = schema.THEME_FRESH_PARTS
# Every part heldout_spent.csv may name: part B of the first round, then the fresh parts.
SPENT_PARTS = ("B", *FRESH_PARTS)
# Fresh documents of corpus organisations, per fetch: reported apart, never held out.
KNOWN_SPLITS = ("fresh_known", "fresh_known_d", "fresh_known_e", "fresh_known_f")
# Rows that measure a held-out part (the chosen figure or a part's own, kept for reference): tuned_on when spent.
HELD_SPLITS = ("heldout", "heldout_b", *FRESH_PARTS.values())
REQUIRED_COLUMNS = ("organisation", "file", "theme_id", "label", "stratum", "split", "source", "text")
# Sources whose rows are scored; the seed rows (data/raw, files of the development corpus again) only tune. "page": part
# E's passages, from the openings of hearing responses on stored public web pages.
REPORTED_SOURCES = ("helsereform", "fresh", "page")
# Part C's rows of documents the issue quoted for a theme (apply_quoted): reported for reference, never held out.
QUOTED_SPLIT = "heldout_c_quoted"
# The splits a theme's uncertain mark follows; heldout_b, heldout_c_quoted and fresh_known are for reference only.
MARKING_SPLITS = schema.THEME_MARKING_SPLITS
UNCERTAIN_BELOW = schema.UNCERTAIN_BELOW
MIN_EVIDENCE = schema.MIN_EVIDENCE
split_min_evidence = schema.split_min_evidence
Z_95 = 1.959963984540054
CV_FOLDS = 5

# A tagger: (training rows, rows to tag) -> one bool per row to tag, in order. Training rows carry "y".
FitPredict = Callable[[pd.DataFrame, pd.DataFrame], Sequence[bool]]


class JudgementsError(ValueError):
    """The judgements file is malformed; the message names the file and the problem."""


def _read_csv(path: Path) -> pd.DataFrame:
    """An evaluation file as text columns (empty cells stay ""); JudgementsError naming the file if unreadable."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise JudgementsError(f"{path.name}: cannot read ({exc})") from exc


def load_judgements(path: Path) -> pd.DataFrame:
    """The judgements as a frame; JudgementsError (file, problem) if a column, label or split is wrong."""
    path = Path(path)
    frame = _read_csv(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise JudgementsError(f"{path.name}: missing column(s) {missing}")
    for column, allowed in (("label", LABELS), ("split", SPLITS)):
        bad = sorted(set(frame[column]) - set(allowed))
        if bad:
            raise JudgementsError(f"{path.name}: {column} must be one of {list(allowed)}, found {bad}")
    if (frame["text"].str.strip() == "").any():
        raise JudgementsError(f"{path.name}: {int((frame['text'].str.strip() == '').sum())} row(s) without text")
    return frame


def apply_heldout_parts(judgements: pd.DataFrame, parts: pd.DataFrame | None) -> pd.DataFrame:
    """The judgements with part ``A`` of the held-out organisations moved to ``dev`` (tuning); part ``B`` and
    every other row unchanged. ``parts``: columns organisation, part (A/B); None leaves the frame as it is."""
    if parts is None or not len(parts):
        return judgements
    bad = sorted(set(parts["part"]) - {"A", "B"})
    if bad:
        raise JudgementsError(f"heldout parts: part must be A or B, found {bad}")
    tuning = set(parts.loc[parts["part"] == "A", "organisation"])
    moved = judgements["organisation"].isin(tuning) & (judgements["split"] == "heldout")
    return judgements.assign(split=judgements["split"].where(~moved, "dev"))


def _read_optional(path: Path, columns: tuple[str, str]) -> pd.DataFrame | None:
    """An optional evaluation file as a frame; None when absent, JudgementsError naming it if a column is missing."""
    path = Path(path)
    if not path.exists():
        return None
    frame = _read_csv(path)
    if not set(columns) <= set(frame.columns):
        raise JudgementsError(f"{path.name}: needs the columns {columns[0]} and {columns[1]}")
    return frame


def load_heldout_parts(path: Path) -> pd.DataFrame | None:
    """data/eval/heldout_parts.csv as a frame (organisation, part); None when the file is absent."""
    return _read_optional(path, ("organisation", "part"))


def load_quoted(path: Path) -> pd.DataFrame | None:
    """data/eval/heldout_c_quoted.csv (file, theme_id, reason) as a frame; None when the file is absent."""
    return _read_optional(path, ("file", "theme_id"))


def apply_quoted(judgements: pd.DataFrame, quoted: pd.DataFrame | None) -> pd.DataFrame:
    """The judgements with part C's rows of every listed (file, theme_id) moved to QUOTED_SPLIT: text the issue quoted
    for that theme, so the rules were written from it. Other themes' rows of the same files stay in part C."""
    if quoted is None or not len(quoted):
        return judgements
    listed = set(zip(quoted["file"], quoted["theme_id"]))
    in_list = pd.Series([(f, t) in listed for f, t in zip(judgements["file"], judgements["theme_id"])],
                        index=judgements.index, dtype=bool)
    moved = (judgements["split"] == "heldout_c") & in_list
    return judgements.assign(split=judgements["split"].where(~moved, QUOTED_SPLIT))


def load_heldout_spent(path: Path, part: str = "B") -> frozenset[str]:
    """data/eval/heldout_spent.csv (theme_id, since, reason, part) as the set of theme ids whose held-out part ``part``
    (SPENT_PARTS: "B", "C", "D", "E", "F") is spent; empty when absent. A row without a part (or a file without the
    column) is part B's: the file named only part-B themes before part C existed."""
    path = Path(path)
    if not path.exists():
        return frozenset()
    spent = _read_csv(path)
    if "theme_id" not in spent.columns:
        raise JudgementsError(f"{path.name}: needs the column theme_id")
    parts = spent["part"].fillna("").str.strip().replace("", "B") if "part" in spent.columns else pd.Series("B", index=spent.index)
    return frozenset(spent.loc[parts == part, "theme_id"].str.strip()) - {""}


def load_spent_parts(path: Path) -> dict[str, frozenset[str]]:
    """load_heldout_spent for every part (SPENT_PARTS), as evaluate and mark_spent take them (``spent_parts``)."""
    return {part: load_heldout_spent(path, part) for part in SPENT_PARTS}


def _spent_by_part(spent: frozenset[str], spent_c: frozenset[str], spent_d: frozenset[str], spent_e: frozenset[str],
                   spent_parts: dict[str, frozenset[str]] | None) -> dict[str, frozenset[str]]:
    """Part -> spent theme ids for every part of SPENT_PARTS: the positional sets of parts B to E (the signature of
    the time before part F), with spent_parts (any part, F and later included) taking precedence."""
    given = {"B": spent, "C": spent_c, "D": spent_d, "E": spent_e, **(spent_parts or {})}
    return {part: frozenset(given.get(part, frozenset())) for part in SPENT_PARTS}


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval of a proportion successes/n; (None, None) when n is 0."""
    if n <= 0:
        return None, None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def score(truth: Sequence[bool], predicted: Sequence[bool], min_evidence: int = MIN_EVIDENCE) -> dict:
    """Counts, precision and recall with Wilson intervals for one theme; undefined ratios are None; uncertain below
    UNCERTAIN_BELOW or on fewer than min_evidence matches or passages about the theme."""
    truth, predicted = [bool(t) for t in truth], [bool(p) for p in predicted]
    tp = sum(t and p for t, p in zip(truth, predicted))
    n_predicted, n_positive = sum(predicted), sum(truth)
    precision = tp / n_predicted if n_predicted else None
    recall = tp / n_positive if n_positive else None
    p_low, p_high = wilson(tp, n_predicted)
    r_low, r_high = wilson(tp, n_positive)
    return {
        "n": len(truth),
        "n_positive": n_positive,
        "n_predicted": n_predicted,
        "true_positives": tp,
        "precision": precision,
        "precision_low": p_low,
        "precision_high": p_high,
        "recall": recall,
        "recall_low": r_low,
        "recall_high": r_high,
        "uncertain": precision is None or recall is None or precision < UNCERTAIN_BELOW or recall < UNCERTAIN_BELOW
        or min(n_predicted, n_positive) < min_evidence,
    }


def reported_rows(judgements: pd.DataFrame) -> pd.DataFrame:
    """The rows figures are computed from: real submissions (REPORTED_SOURCES), yes/no only, with a boolean column y."""
    rows = judgements.loc[judgements["source"].isin(REPORTED_SOURCES) & judgements["label"].isin(["yes", "no"])].copy()
    rows["y"] = rows["label"] == "yes"
    return rows.reset_index(drop=True)


def lexicon_tagger(lexicon: Sequence[themes.Theme]) -> FitPredict:
    """The rule tagger as a FitPredict: nothing is fitted; a row is predicted when its passage gets its theme."""

    def fit_predict(_train: pd.DataFrame, rows: pd.DataFrame) -> list[bool]:
        texts = list(dict.fromkeys(rows["text"]))
        ids = [str(i) for i in range(len(texts))]
        tagged = themes.tag_rows(ids, texts, lexicon)
        hits = {(texts[int(i)], t) for i, t in zip(tagged["passage_id"], tagged["theme_id"])}
        return [(text, theme) in hits for text, theme in zip(rows["text"], rows["theme_id"])]

    return fit_predict


def _per_theme(rows: pd.DataFrame, predicted: Sequence[bool], split: str, min_evidence: int = MIN_EVIDENCE) -> list[dict]:
    rows = rows.assign(predicted=list(predicted))
    out = []
    for theme_id, group in rows.groupby("theme_id", sort=True):
        out.append({"theme_id": theme_id, "split": split, **score(group["y"], group["predicted"], min_evidence)})
    return out


def heldout_scores(judgements: pd.DataFrame, fit_predict: FitPredict, split: str = "heldout") -> list[dict]:
    """Per theme, the tagger trained on dev rows (all sources) and scored on the rows of one held-out split only
    (``heldout``: part B; ``heldout_c``: part C; ``fresh_known``)."""
    train = judgements.loc[judgements["split"] == "dev"]
    train = train.loc[train["label"].isin(["yes", "no"])].assign(y=lambda f: f["label"] == "yes")
    test = reported_rows(judgements)
    test = test.loc[test["split"] == split].reset_index(drop=True)
    return _per_theme(test, fit_predict(train, test), split) if len(test) else []


def fresh_heldout_scores(
    judgements: pd.DataFrame, fit_predict: FitPredict, spent: dict[str, frozenset[str]] | None = None
) -> list[dict]:
    """Per theme with rows in a fresh held-out part (FRESH_PARTS: C, D, E, F), one figure over the rows of every part
    that is clean for the theme (the theme not in spent[part]) pooled, ``part`` naming them ("C", "D", "C+D", "C+D+E",
    …); where every part the theme has is spent, all of them (mark_spent then marks the row tuned_on). ``measured``
    names the counted parts that measure the theme at all: at least one of its rows there is judged about the theme or
    tagged with it (a part where neither happens adds only true negatives, and shows nothing about a fix; mark_spent).
    Split ``heldout``. With part-C rows only and nothing spent, this is part C's figure (heldout_scores on
    ``heldout_c``)."""
    spent = spent or {}
    train = judgements.loc[judgements["split"] == "dev"]
    train = train.loc[train["label"].isin(["yes", "no"])].assign(y=lambda f: f["label"] == "yes")
    test = reported_rows(judgements)
    test = test.loc[test["split"].isin(FRESH_PARTS.values())].reset_index(drop=True)
    if not len(test):
        return []
    test = test.assign(predicted=list(fit_predict(train, test)))
    out = []
    for theme_id, group in test.groupby("theme_id", sort=True):
        present = [part for part, split in FRESH_PARTS.items() if (group["split"] == split).any()]
        used = [part for part in present if theme_id not in spent.get(part, frozenset())] or present
        pooled = group.loc[group["split"].isin([FRESH_PARTS[part] for part in used])]
        measured = [part for part in used
                    if (group.loc[group["split"] == FRESH_PARTS[part], ["y", "predicted"]].to_numpy()).any()]
        out.append({"theme_id": theme_id, "split": "heldout", **score(pooled["y"], pooled["predicted"]),
                    "part": "+".join(used), "measured": "+".join(measured)})
    return out


def choose_heldout(part_b: Sequence[dict], part_c: Sequence[dict]) -> list[dict]:
    """One ``heldout`` row per theme: the fresh parts' where the theme has rows there (part_c: part C's rows, or
    fresh_heldout_scores's, whose ``part`` is kept – "C" when a row has none; B's row is kept as split ``heldout_b``),
    else part B's (``part`` "B"). New dicts; the input rows are not changed."""
    with_c = {row["theme_id"] for row in part_c}
    out = [{**row, "split": "heldout", "part": row.get("part") or "C"} for row in part_c]
    for row in part_b:
        out.append({**row, "split": "heldout_b" if row["theme_id"] in with_c else "heldout", "part": "B"})
    return out


def cv_scores(judgements: pd.DataFrame, fit_predict: FitPredict, n_splits: int = CV_FOLDS) -> list[dict]:
    """Per theme, GroupKFold by organisation over the dev organisations, counts pooled over the folds.

    Seed-corpus rows (always dev) may train a fold but are never scored.
    """
    from sklearn.model_selection import GroupKFold

    dev = judgements.loc[(judgements["split"] == "dev") & judgements["label"].isin(["yes", "no"])]
    dev = dev.assign(y=lambda f: f["label"] == "yes").reset_index(drop=True)
    scored = dev["source"].isin(REPORTED_SOURCES)
    organisations = dev["organisation"]
    n_splits = min(n_splits, organisations.nunique())
    if n_splits < 2:
        return []
    predicted = pd.Series(False, index=dev.index)
    for train_index, test_index in GroupKFold(n_splits=n_splits).split(dev, groups=organisations):
        test = dev.iloc[test_index]
        predicted.iloc[test_index] = list(fit_predict(dev.iloc[train_index], test))
    return _per_theme(dev.loc[scored].reset_index(drop=True), predicted.loc[scored].tolist(), "cv",
                      min_evidence=split_min_evidence("cv"))


def not_measured_since_spent(row: dict, by_part: dict[str, frozenset[str]]) -> bool:
    """Whether a held-out row's theme was spent for a fresh part (by_part: part -> spent theme ids) and no LATER fresh
    part (FRESH_PARTS order) that is clean for the theme measures it in this row: none of the row's ``measured`` parts
    (fresh_heldout_scores; a row without it: its ``part``, every counted part taken as measuring) comes after the
    newest spent part. Then the rules were tuned on the theme's newest clean measurement and nothing read since shows
    that the fix holds on organisations nobody had read: part D spent for recruitment (clean recall 0.30) cannot be
    cleared by part C (0.83) alone, but can by part E once part E holds recruitment passages."""
    order = list(FRESH_PARTS)
    theme = row["theme_id"]
    spent_at = [order.index(p) for p in order if theme in by_part.get(p, frozenset())]
    if not spent_at:
        return False
    measured = row["measured"] if "measured" in row else (row.get("part") or "")
    return not any(p in order and order.index(p) > max(spent_at) and theme not in by_part.get(p, frozenset())
                   for p in str(measured).split("+") if p)


def mark_spent(
    rows: Sequence[dict], spent: frozenset[str] = frozenset(), spent_c: frozenset[str] = frozenset(),
    spent_d: frozenset[str] = frozenset(), spent_e: frozenset[str] = frozenset(), *,
    spent_parts: dict[str, frozenset[str]] | None = None,
) -> list[dict]:
    """The rows with ``tuned_on`` set: cross-validated rows always (the rules were tuned on them), and a held-out row
    (HELD_SPLITS) that counts a part spent for its theme – part B in ``spent``, C in ``spent_c``, D in ``spent_d``, E in
    ``spent_e``, any part in ``spent_parts`` (part -> theme ids; part F and later only there); a pooled row ("C+D") when
    any of its parts is (their errors were read and the rules changed after the one measurement); such a ``heldout`` row
    is ``uncertain`` whatever its figures (a row without ``part`` is part B's). A ``heldout`` row is uncertain too where
    its theme was spent for a fresh part and no later clean part measures it (not_measured_since_spent): a theme spent
    for part D is uncertain on part C alone, and is judged by its pooled figure again once a clean part E measures it; a
    theme spent for part E stays uncertain until a clean part F measures it. The clean figure is the one measured before
    (data/eval/README.md). New dicts, rows unchanged."""
    by_part = _spent_by_part(spent, spent_c, spent_d, spent_e, spent_parts)
    fresh_spent = {p: by_part[p] for p in FRESH_PARTS}
    out = []
    for row in rows:
        part = row.get("part", "B") or ""
        held = row["split"] in HELD_SPLITS
        parts = part.split("+") if part else []
        spent_here = held and any(row["theme_id"] in by_part.get(p, frozenset()) for p in parts)
        tuned_on = row["split"] == "cv" or spent_here
        stale = row["split"] == "heldout" and not_measured_since_spent(row, fresh_spent)
        uncertain = row["uncertain"] or (row["split"] == "heldout" and (spent_here or stale))
        out.append({**row, "tuned_on": tuned_on, "uncertain": uncertain})
    return out


def evaluate(
    judgements: pd.DataFrame, lexicon: Sequence[themes.Theme], spent: frozenset[str] = frozenset(),
    spent_c: frozenset[str] = frozenset(), spent_d: frozenset[str] = frozenset(), spent_e: frozenset[str] = frozenset(),
    *, spent_parts: dict[str, frozenset[str]] | None = None,
) -> list[dict]:
    """Every theme's held-out (the clean fresh parts C, D, E and F pooled where it has rows there, else part B:
    fresh_heldout_scores, choose_heldout), fresh-known and grouped-CV figures for the rule tagger (build_info
    theme_evaluation); themes in ``spent`` had their part-B rows tuned on (mark_spent), themes in ``spent_c`` their
    part-C rows, ``spent_d`` part D's, ``spent_e`` part E's, ``spent_parts`` any part's (load_spent_parts: every
    part, F included). A theme with rows of a part after C keeps each part's own figure too (splits heldout_c,
    heldout_d, heldout_e, heldout_f)."""
    tagger = lexicon_tagger(lexicon)
    ids = {t.theme_id for t in lexicon}
    by_part = _spent_by_part(spent, spent_c, spent_d, spent_e, spent_parts)
    fresh = fresh_heldout_scores(judgements, tagger, {part: by_part[part] for part in FRESH_PARTS})
    heldout = choose_heldout(heldout_scores(judgements, tagger), fresh)
    first, *later_parts = FRESH_PARTS
    later = {part: heldout_scores(judgements, tagger, FRESH_PARTS[part]) for part in later_parts}
    with_later = {row["theme_id"] for rows in later.values() for row in rows}
    # each part's own figure next to the pooled one, only where a later part exists (before part D, the output is
    # part C's pooled row alone)
    own = heldout_scores(judgements, tagger, FRESH_PARTS[first]) if with_later else []
    parts = [{**row, "part": first} for row in own if row["theme_id"] in with_later]
    parts += [{**row, "part": part} for part, rows in later.items() for row in rows]
    known = [{**row, "part": ""} for split in (QUOTED_SPLIT, *KNOWN_SPLITS)
             for row in heldout_scores(judgements, tagger, split)]
    rows = heldout + parts + known + [{**row, "part": ""} for row in cv_scores(judgements, tagger)]
    marked = mark_spent([r for r in rows if r["theme_id"] in ids], spent_parts=by_part)
    # every row has the same fields (build_info is a table of them): "measured" is "" where a row pools nothing
    return [{**row, "measured": row.get("measured", "")} for row in marked]
