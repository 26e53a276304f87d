"""The answer key: what a chart should show, computed straight from the built parquet tables.

Written independently of app/queries/ (plain pandas over the contract), so a browser test
compares the page against the tables, not the app against itself.
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd


def kept_documents(documents: pd.DataFrame, organisations: Sequence[str] = (), years: Sequence[int] = ()) -> pd.DataFrame:
    """Documents matching the sidebar's organisation and year choices (empty = all)."""
    keep = pd.Series(True, index=documents.index)
    if organisations:
        keep &= documents["organisation"].isin(list(organisations))
    if years:
        keep &= documents["year"].astype(int).isin([int(y) for y in years])
    return documents.loc[keep]


def analysed(built, organisations: Sequence[str] = (), years: Sequence[int] = ()) -> pd.DataFrame:
    """Analysed passages of the kept documents, with organisation and year."""
    docs = kept_documents(built.documents, organisations, years)[["doc_id", "organisation", "year"]]
    passages = built.passages.loc[built.passages["kind"] == "body"]
    return passages.merge(docs, on="doc_id")


def theme_share_by_organisation(
    built, theme_ids: Sequence[str], organisations: Sequence[str] = (), years: Sequence[int] = ()
) -> dict[tuple[str, str], float]:
    """(theme_id, organisation) -> share of the organisation's analysed passages tagged with the theme."""
    passages = analysed(built, organisations, years)
    tags = built.passage_themes
    out = {}
    for organisation, rows in passages.groupby("organisation"):
        ids = set(rows["passage_id"])
        for theme_id in theme_ids:
            tagged = set(tags.loc[tags["theme_id"] == theme_id, "passage_id"]) & ids
            out[(theme_id, str(organisation))] = len(tagged) / len(ids)
    return out


def theme_passage_ids(
    built, theme_id: str, organisation: str, organisations: Sequence[str] = (), years: Sequence[int] = ()
) -> set[str]:
    """Analysed passages of one organisation tagged with the theme (within the sidebar's choices)."""
    passages = analysed(built, organisations, years)
    ids = set(passages.loc[passages["organisation"] == organisation, "passage_id"])
    tags = built.passage_themes
    return ids & set(tags.loc[tags["theme_id"] == theme_id, "passage_id"])


def theme_label(built, theme_id: str, lang: str = "nb") -> str:
    """The label the app shows for a theme."""
    column = "label_en" if lang == "en" else "label_nb"
    themes = built.themes
    return str(themes.loc[themes["theme_id"] == theme_id, column].iloc[0])


def bars_by_trace(traces: list[dict]) -> dict[tuple[str, str], float]:
    """(trace name, x) -> y of every bar trace read from gd._fullData."""
    return {(t["name"], str(x)): float(y) for t in traces if t["type"] == "bar" for x, y in zip(t["x"], t["y"])}
