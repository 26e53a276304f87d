"""The Method page's frames: the lexicon, how well it tags, the topic model's diagnostics and the build's figures."""
from __future__ import annotations

import pandas as pd

from app.queries.themes import theme_labels
from app.state import Tables


def build_rows(info: dict, key: str, name_column: str, value_column: str) -> pd.DataFrame:
    """A {name: value} part of build_info (row_counts, timings) as a two-column frame."""
    part = info.get(key) or {}
    return pd.DataFrame({name_column: list(part.keys()), value_column: list(part.values())})


def theme_evaluation(tables: Tables, lang: str) -> pd.DataFrame:
    """The lexicon's precision/recall/F1 on the hand-labelled set (build_info theme_evaluation), with theme labels."""
    columns = ["theme", "precision", "recall", "f1", "n_positive", "n_negative"]
    rows = pd.DataFrame(tables.build_info.get("theme_evaluation") or [])
    if rows.empty:
        return pd.DataFrame(columns=columns)
    labels = theme_labels(tables, lang)
    rows["theme"] = rows["theme_id"].map(lambda t: labels.get(t, t))
    return rows[[c for c in columns if c in rows.columns]]


def lexicon_table(tables: Tables, lang: str) -> pd.DataFrame:
    """The theme lexicon for reading: label, definition, terms and exclusions (", "-joined)."""
    themes = tables.themes
    label = "label_en" if lang == "en" else "label_nb"
    description = "description_en" if lang == "en" else "description"
    return pd.DataFrame({
        "theme_id": themes["theme_id"],
        "theme": themes[label],
        "description": themes[description],
        "terms": themes["terms"].fillna("").str.replace("|", ", ", regex=False),
        "exclusions": themes["exclusions"].fillna("").str.replace("|", ", ", regex=False),
    })


def coherence_by_k(info: dict) -> pd.DataFrame:
    """Topic coherence (NPMI) for each number of topics tried, with the stability measured for some of them
    (NaN elsewhere), from build_info topic_model."""
    model = info.get("topic_model") or {}
    part = model.get("coherence_by_k") or {}
    if isinstance(part, list):
        frame = pd.DataFrame(part)
    else:
        frame = pd.DataFrame({"k": [int(k) for k in part], "coherence": [float(v) for v in part.values()]})
    stability = {int(k): float(v) for k, v in (model.get("stability_by_k") or {}).items()}
    if not frame.empty:
        frame["stability"] = frame["k"].map(stability).astype("float64")
    return frame


def topic_stability(info: dict) -> float | None:
    """The chosen model's stability (mean best-match Jaccard over refits), whether stored as a number or a dict."""
    value = (info.get("topic_model") or {}).get("stability")
    if isinstance(value, dict):
        value = value.get("mean_jaccard")
    return float(value) if isinstance(value, (int, float)) else None


def demand_evaluation(tables: Tables, split_labels: dict[str, str]) -> pd.DataFrame:
    """Precision and recall of the demand rules on the labelled sentences, per split (tuning organisations,
    held-out organisations), with Wilson 95 % intervals written "low–high" and the counts behind them
    (build_info demand_evaluation)."""
    columns = ["split", "precision", "precision_interval", "recall", "recall_interval", "n_labelled", "n_flagged",
               "n_demands", "n_borderline", "n_organisations"]
    rows = pd.DataFrame(tables.build_info.get("demand_evaluation") or [])
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["split"] = rows["split"].map(lambda s: split_labels.get(s, s))
    for measure in ("precision", "recall"):
        rows[f"{measure}_interval"] = [f"{low:.2f}–{high:.2f}" for low, high in
                                       zip(rows[f"{measure}_low"], rows[f"{measure}_high"])]
    return rows[columns]
