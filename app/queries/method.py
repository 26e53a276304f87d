"""The Method page's frames: the lexicon, how well it tags, the topic model's diagnostics and the build's figures."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from app.escape import break_autolinks
from app.queries.themes import theme_labels, uncertain_themes
from app.state import Tables
from pipeline.schema import THEME_FRESH_PARTS


def build_rows(tables: Tables, key: str, name_column: str, value_column: str) -> pd.DataFrame:
    """A {name: value} part of build_info (row_counts, timings) as a two-column frame."""
    part = tables.build_info.get(key) or {}
    return pd.DataFrame({name_column: list(part.keys()), value_column: list(part.values())})


EVALUATION_SPLITS = ("heldout", "cv")
EVALUATION_COLUMNS = ["theme_id", "theme", "uncertain", "heldout_part"] + [
    f"{split}_{part}"
    for split in EVALUATION_SPLITS
    for part in ("precision", "precision_ci", "n_predicted", "recall", "recall_ci", "n_positive")
]


def _interval(low, high) -> str | None:
    """"0.33–0.67", or None when the proportion was not measurable (n = 0: the table shows a dash, the CSV an empty
    cell)."""
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return None
    return f"{low:.2f}–{high:.2f}"


def uncertain_count(evaluation: pd.DataFrame) -> dict[str, int]:
    """How many of the evaluated themes are marked uncertain: the numbers the Method page's summary line says."""
    return {"uncertain": int(evaluation["uncertain"].astype(bool).sum()), "themes": len(evaluation)}


def theme_evaluation(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per theme: precision and recall with 95 % Wilson intervals and n, on the held-out organisations (which
    part: heldout_part, "C" for fresh submissions of organisations not in the corpus, "D" for the reserve fetched
    later, "E" for the openings of hearing responses on stored web pages, "C+D", "C+D+E", … for those pooled) and by
    grouped cross-validation
    (build_info theme_evaluation, pipeline.evaluation); uncertain when any is < 0.8."""
    rows = pd.DataFrame(tables.build_info.get("theme_evaluation") or [])
    if rows.empty or "split" not in rows.columns:
        return pd.DataFrame(columns=EVALUATION_COLUMNS)
    labels = theme_labels(tables, lang)
    out = pd.DataFrame({"theme_id": [t for t in labels if t in set(rows["theme_id"])]})
    out["theme"] = out["theme_id"].map(labels)
    out["uncertain"] = out["theme_id"].isin(uncertain_themes(tables.build_info))
    # which held-out organisations the held-out figure measures: "C" (fresh submissions), "B" (builds before part C
    # existed have no "part": their held-out rows are part B's)
    heldout = rows.loc[rows["split"] == "heldout"].set_index("theme_id").reindex(out["theme_id"])
    parts = heldout["part"] if "part" in heldout.columns else pd.Series("B", index=heldout.index)
    out["heldout_part"] = [p if isinstance(p, str) and p else ("B" if present else "") for p, present in
                           zip(parts, heldout["split"].notna())]
    for split in EVALUATION_SPLITS:
        part = rows.loc[rows["split"] == split].set_index("theme_id").reindex(out["theme_id"])
        for measure, n in (("precision", "n_predicted"), ("recall", "n_positive")):
            out[f"{split}_{measure}"] = part[measure].astype("float64").to_numpy()
            out[f"{split}_{measure}_ci"] = [
                _interval(lo, hi) for lo, hi in zip(part[f"{measure}_low"], part[f"{measure}_high"])
            ]
            out[f"{split}_{n}"] = part[n].astype("Int64").to_numpy()
    return out[EVALUATION_COLUMNS]


#: Each fresh held-out part's own figure (build_info theme_evaluation, kept beside the pooled one where a part after C
#: exists): split -> the part's letter, in the order the parts were measured (heldout_c … heldout_f).
PART_SPLITS = {split: part for part, split in THEME_FRESH_PARTS.items()}
#: The parts after C, each said in its own caption (method.evaluation.part_<letter>) where the build counts it.
CAPTIONED_PARTS = tuple(THEME_FRESH_PARTS)[1:]
PART_COLUMNS = ["theme_id", "theme", "heldout_part", "tuned_on", "precision", "precision_interval", "n_predicted",
                "recall", "recall_interval", "n_positive"]


def heldout_part_figures(tables: Tables, lang: str) -> pd.DataFrame:
    """Each fresh held-out part's own precision and recall per theme, beside the pooled held-out figure: the build's
    theme_evaluation rows of the splits heldout_c … heldout_f (written where a part after C exists), themes in
    the lexicon's order, parts in the order measured; tuned_on where the part was read and the rules tuned on it after
    its one measurement (then its figure is a tuning figure, not a clean one). Empty for builds before part D."""
    rows = pd.DataFrame(tables.build_info.get("theme_evaluation") or [])
    if rows.empty or "split" not in rows.columns or not rows["split"].isin(list(PART_SPLITS)).any():
        return pd.DataFrame(columns=PART_COLUMNS)
    labels = theme_labels(tables, lang)
    rows = rows.loc[rows["split"].isin(list(PART_SPLITS)) & rows["theme_id"].isin(list(labels))].copy()
    rows["heldout_part"] = rows["split"].map(PART_SPLITS)
    order = {theme: i for i, theme in enumerate(labels)}
    rows = rows.assign(_theme=rows["theme_id"].map(order)).sort_values(["_theme", "heldout_part"], kind="stable")
    rows["theme"] = rows["theme_id"].map(labels)
    rows["tuned_on"] = rows["tuned_on"].astype(bool) if "tuned_on" in rows.columns else False
    for measure, n in (("precision", "n_predicted"), ("recall", "n_positive")):
        rows[f"{measure}_interval"] = [_interval(lo, hi) for lo, hi in zip(rows[f"{measure}_low"], rows[f"{measure}_high"])]
        rows[measure] = rows[measure].astype("float64")
        rows[n] = rows[n].astype("Int64")
    return rows[PART_COLUMNS].reset_index(drop=True)


def heldout_parts(tables: Tables) -> set[str]:
    """The held-out parts the build's held-out figures count ("B", "C", "D", "E", "F"; a pooled row "C+D+E" counts
    C, D and E), so the page can say what a part it shows is (part D: the reserve fetched after the rules were frozen
    again; parts E and F: hearing responses on stored web pages, fetched after the rules were frozen at 6a7f638 and
    a339991)."""
    rows = tables.build_info.get("theme_evaluation") or []
    return {part for r in rows if r.get("split") == "heldout" for part in str(r.get("part") or "B").split("+")}


#: Characters that could make a link, an image, HTML, code or a colour directive out of the codebook's text;
#: escaped so the curated emphasis (**bold**, *italic*) and lists still render but nothing can fetch or link.
_CODEBOOK_UNSAFE = re.compile(r"([\[\]()!<>`{}:|\\])")


def codebook_markdown(tables: Tables, lang: str) -> str:
    """The codebook (build_info codebook, from data/codebook.md) as one markdown text, a labelled section per theme
    in the lexicon's order; "" when the build has none."""
    sections = tables.build_info.get("codebook") or {}
    labels = theme_labels(tables, lang)
    return "\n\n".join(f"#### {_safe(labels[t])}\n\n{_safe(sections[t])}" for t in labels if t in sections)


def _safe(value: str) -> str:
    return break_autolinks(_CODEBOOK_UNSAFE.sub(r"\\\1", value))


def _listed(joined: str) -> str:
    """A "|"-joined list of phrases for reading: ", "-joined."""
    return ", ".join(part for part in str(joined or "").split("|") if part)


def lexicon_table(tables: Tables, lang: str, unless: str = "{vetoes} (unless: {words})") -> pd.DataFrame:
    """The theme lexicon for reading: label, definition, terms, exclusions (a hit inside one does not count) and
    vetoes (a passage with one is not tagged at all, build_info theme_vetoes; unless: the reader's sentence for a veto
    that words in the passage lift, with {vetoes} and {words}), each ", "-joined ("" where a theme has none)."""
    themes = tables.themes
    label = "label_en" if lang == "en" else "label_nb"
    description = "description_en" if lang == "en" else "description"
    vetoes = tables.build_info.get("theme_vetoes") or {}

    def blocks(theme_id: str) -> str:
        veto = vetoes.get(theme_id) or {}
        words, lifted = _listed(veto.get("vetoes", "")), _listed(veto.get("unless", ""))
        return unless.format(vetoes=words, words=lifted) if words and lifted else words

    return pd.DataFrame({
        "theme_id": themes["theme_id"],
        "theme": themes[label],
        "description": themes[description],
        "terms": themes["terms"].fillna("").str.replace("|", ", ", regex=False),
        "exclusions": themes["exclusions"].fillna("").str.replace("|", ", ", regex=False),
        "vetoes": [blocks(str(t)) for t in themes["theme_id"]],
    })


def coherence_by_k(tables: Tables) -> pd.DataFrame:
    """Topic coherence (NPMI) for each number of topics tried, with the stability measured for some of them
    (NaN elsewhere), from build_info topic_model."""
    model = tables.build_info.get("topic_model") or {}
    part = model.get("coherence_by_k") or {}
    frame = pd.DataFrame({"k": [int(k) for k in part], "coherence": [float(v) for v in part.values()]})
    stability = {int(k): float(v) for k, v in (model.get("stability_by_k") or {}).items()}
    if not frame.empty:
        frame["stability"] = frame["k"].map(stability).astype("float64")
    return frame


@dataclass(frozen=True)
class ModelSummary:
    """The topic model as the Method page shows it."""

    k: int | None  # the number of topics chosen
    stability: float | None  # mean best-match Jaccard over refits; None when not measured
    n_topics: int
    parameters: dict
    diagnostics: dict


def model_summary(tables: Tables) -> ModelSummary:
    """The chosen k, its stability, the number of topics, and the settings and diagnostics behind them."""
    info = tables.build_info
    model = info.get("topic_model") or {}
    stability = (model.get("stability") or {}).get("mean_jaccard")
    return ModelSummary(model.get("k"), None if stability is None else float(stability), len(tables.topics),
                        dict(info.get("parameters") or {}), dict(model))


@dataclass(frozen=True)
class BuildSummary:
    """When and how the tables were built, and what went wrong."""

    built_at: str
    version: str
    n_documents: int
    problems: list[str]
    warnings: dict


def build_summary(tables: Tables) -> BuildSummary:
    """The build's time, version, size, problems and warnings (build_info, typed in pipeline.schema.BuildInfo)."""
    info = tables.build_info
    return BuildSummary(str(info.get("built_at", "?")), str(info.get("version", "?")), int(info.get("n_documents", 0)),
                        [str(p) for p in info.get("problems") or []], dict(info.get("warnings") or {}))


def decision_text(decision: str, templates: dict[str, str], decimal: str = ".") -> str:
    """A re-scorer decision label ("rules", "model@0.50"; pipeline.demands_model.Decision.label) in the reader's words:
    templates maps each mode to a sentence with {t} for the threshold."""
    mode, _, threshold = str(decision).partition("@")
    if mode not in templates:
        return str(decision)
    value = f"{float(threshold):.2f}".replace(".", decimal) if threshold else ""
    return templates[mode].format(t=value)


#: The newer held-out parts of the demand evaluation, newest first: part F (responses to ten other hearings on the
#: stored pages, a census measured once on rules frozen at a339991 before they were fetched), part E (hearing responses
#: of organisations not in the corpus, a census; measured once, then its errors read, so tuning rows since), part D
#: (submissions of organisations not in the corpus that nobody had read; tuning rows since). Each has its caption
#: (method.demands.intro_<letter>); the newest the build has is called the newest clean figure (newest_<letter>).
DEMAND_PARTS = ("heldout_f", "heldout_e", "heldout_d")
#: The demand evaluation's splits in the order the Method page shows them: the tuning organisations, the held-out
#: organisations, the newer held-out parts newest first (DEMAND_PARTS), the fresh submissions of 2026-12-05 (tuning
#: rows since their errors were read) and new documents of corpus organisations, oldest first (never a held-out figure).
DEMAND_SPLITS = ("dev", "heldout", *DEMAND_PARTS, "fresh", "fresh_known", "fresh_known_d", "fresh_known_e",
                 "fresh_known_f")


def demand_evaluation_splits(tables: Tables) -> list[str]:
    """The splits the build's demand evaluation has rows for (build_info demand_evaluation), in DEMAND_SPLITS order
    and then any other; [] for a build without it."""
    splits = {row["split"] for row in tables.build_info.get("demand_evaluation") or []}
    return [s for s in DEMAND_SPLITS if s in splits] + sorted(splits - set(DEMAND_SPLITS))


def demand_captions(tables: Tables) -> list[str]:
    """The catalogue keys of the captions that say what the demand table's newer rows are, newest part first
    (DEMAND_PARTS the build has: intro_f, intro_e, intro_d); the newest of them is followed by the caption that calls
    its figure the newest clean one (newest_<letter>), which no older part's caption claims."""
    splits = set(demand_evaluation_splits(tables))
    keys: list[str] = []
    for split in (s for s in DEMAND_PARTS if s in splits):
        letter = split.rpartition("_")[2]
        keys += [f"method.demands.intro_{letter}"] + ([] if keys else [f"method.demands.newest_{letter}"])
    return keys


def demand_evaluation(tables: Tables, split_labels: dict[str, str], method_labels: dict[str, str] | None = None,
                      decision_labels: dict[str, str] | None = None, decimal: str = ".") -> pd.DataFrame:
    """Precision and recall of the demand detector on the labelled sentences, per split (tuning organisations,
    held-out organisations, fresh submissions: of organisations not in the development corpus and of known ones) and
    method (the rules alone, the rules with the re-scorer), with Wilson 95 % intervals written "low–high", the
    re-scorer's decision, whether the build's tables use the method, and the counts behind them (build_info
    demand_evaluation; builds before the re-scorer have the rules' rows only)."""
    columns = ["split", "method", "decision", "used", "precision", "precision_interval", "recall", "recall_interval",
               "n_labelled", "n_flagged", "n_demands", "n_borderline", "n_organisations"]
    rows = pd.DataFrame(tables.build_info.get("demand_evaluation") or [])
    if rows.empty:
        return pd.DataFrame(columns=columns)
    # Splits in the order split_labels names them (tuning, held out, fresh submissions), not the build's alphabetical
    # one; a split it does not name goes last.
    order = {split: number for number, split in enumerate(split_labels)}
    rows = rows.sort_values("split", key=lambda splits: splits.map(lambda s: order.get(s, len(order))), kind="stable")
    for column, default in (("method", "rules"), ("decision", "rules"), ("used", True)):
        if column not in rows:
            rows[column] = default
    rows["split"] = rows["split"].map(lambda s: split_labels.get(s, s))
    rows["method"] = rows["method"].map(lambda m: (method_labels or {}).get(m, m))
    rows["decision"] = rows["decision"].map(lambda d: decision_text(d, decision_labels or {}, decimal))
    for measure in ("precision", "recall"):
        rows[measure] = pd.to_numeric(rows[measure]).astype("float64")  # not measurable (n = 0): NaN, never None
        rows[f"{measure}_interval"] = [_interval(low, high) for low, high in
                                       zip(rows[f"{measure}_low"], rows[f"{measure}_high"])]
    return rows[columns]
