"""The Demands page's frames: what each organisation asks for, by theme and year, and whether it keeps asking.

A *distinct demand* is one group_id of the demands table (near-identical demands of one organisation, grouped
by the build). Its quote is its newest occurrence; years and documents are where it occurs in the filtered
corpus. Recurrence between two years compares organisations that have documents in both years only: a demand
cannot be "dropped" by an organisation that sent nothing that year.
"""
from __future__ import annotations

import pandas as pd

from app.queries.documents import documents_in
from app.queries.themes import theme_labels
from app.state import Filters, Tables

KINDS = ("demand", "soft")
DISTINCT_COLUMNS = ["organisation", "group_id", "kind", "kind_id", "quote", "context", "heading", "title", "page", "latest_year",
                    "first_year", "years", "n_occurrences", "n_documents", "themes", "demand_evidence", "cue", "rule", "score",
                    "doc_id", "passage_id", "demand_id"]
#: The words of the evidence line when the page names none: "rule: vi ber om · model 0.93".
EVIDENCE_WORDS = ("rule", "model")
STATUSES = ("recurring", "new", "dropped")


def _has_theme(theme_ids: pd.Series, theme_id: str | None) -> pd.Series:
    if not theme_id:
        return pd.Series(True, index=theme_ids.index)
    return theme_ids.fillna("").str.split("|").map(lambda ids: theme_id in ids)


def demand_occurrences(tables: Tables, filters: Filters, theme_id: str | None = None,
                       kinds: tuple[str, ...] = ("demand",)) -> pd.DataFrame:
    """Every detected demand sentence in the filtered documents, with its document (organisation, year, title,
    doc_type), page and passage text; newest first."""
    docs = documents_in(tables, filters)[["doc_id", "year", "doc_type", "title"]]
    demands = tables.demands
    demands = demands.loc[demands["kind"].isin(kinds) & _has_theme(demands["theme_ids"], theme_id)]
    joined = demands.merge(docs, on="doc_id", how="inner")
    passages = tables.passages[["passage_id", "page", "text", "section_title"]]
    joined = joined.merge(passages, on="passage_id", how="left")
    return joined.sort_values(["year", "organisation", "demand_id"], ascending=[False, True, True]).reset_index(drop=True)


def _representatives(rows: pd.DataFrame) -> pd.DataFrame:
    """The quote that stands for each distinct demand (indexed by group_id, in the order rows first name the
    groups): its newest occurrence, a full sentence before a heading, the fullest wording before a shorter one."""
    ranked = rows.assign(_heading=rows["rule"].eq("heading"), _length=-rows["sentence"].str.len(),
                         _order=range(len(rows)))
    first_seen = ranked.drop_duplicates("group_id")["group_id"].tolist()
    best = ranked.sort_values(["year", "_heading", "_length", "_order"], ascending=[False, True, True, True])
    best = best.drop_duplicates("group_id").set_index("group_id")
    return best.loc[first_seen].drop(columns=["_heading", "_length", "_order"])


def evidence_line(cue: str, score: float, words: tuple[str, str] = EVIDENCE_WORDS, lang: str = "en") -> str:
    """Why a sentence counts as a demand, in one line: the rule's cue words and the re-scorer's probability
    ("regel: vi ber om · modell 0,93"); either part is left out when missing."""
    parts = []
    if isinstance(cue, str) and cue.strip():
        parts.append(f"{words[0]}: {cue.strip()}")
    if score is not None and not pd.isna(score):
        value = f"{float(score):.2f}"
        parts.append(f"{words[1]} {value.replace('.', ',') if lang == 'nb' else value}")
    return " · ".join(parts)


def _join_years(years: pd.Series) -> str:
    return ", ".join(str(y) for y in sorted(set(int(v) for v in years)))


def distinct_demands(tables: Tables, filters: Filters, lang: str, theme_id: str | None = None,
                     include_soft: bool = False, cells: tuple[tuple[str, int], ...] = (),
                     evidence_words: tuple[str, str] = EVIDENCE_WORDS,
                     kind_labels: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """One row per distinct demand: its newest quote with context, document, page, the years and number of
    documents it occurs in, and the evidence of that quote (evidence_line with the page's evidence_words); ordered
    by organisation, then newest and most repeated first. cells, pairs of (organisation, year) chosen in the
    overview chart, keep the demands an organisation made in that year. kind is the reader's word for the kind
    (kind_labels: (kind, word) pairs, as the page says it; the id without them), kind_id the id."""
    kinds = KINDS if include_soft else ("demand",)
    rows = demand_occurrences(tables, filters, theme_id, kinds)
    if cells:
        chosen = {(str(o), int(y)) for o, y in cells}
        in_cell = [(str(o), int(y)) in chosen for o, y in zip(rows["organisation"], rows["year"])]
        groups = set(rows.loc[in_cell, "group_id"])
        rows = rows.loc[rows["group_id"].isin(groups)]
    if rows.empty:
        return pd.DataFrame(columns=DISTINCT_COLUMNS)
    labels = theme_labels(tables, lang)
    newest = _representatives(rows)
    grouped = rows.groupby("group_id", sort=False)
    out = pd.DataFrame({
        "organisation": newest["organisation"],
        "group_id": newest.index,
        "kind": pd.Series([dict(kind_labels).get(k, k) for k in newest["kind"].astype(str)], index=newest.index,
                          dtype=object),
        "kind_id": newest["kind"],
        "quote": newest["sentence"],
        "context": newest["context"].fillna("").where(newest["context"].fillna("") != "", newest["heading"].fillna("")),
        "heading": newest["heading"].fillna(""),
        "title": newest["title"],
        "page": newest["page"],
        "latest_year": grouped["year"].max(),
        "first_year": grouped["year"].min(),
        "years": grouped["year"].agg(_join_years),
        "n_occurrences": grouped.size(),
        "n_documents": grouped["doc_id"].nunique(),
        "themes": grouped["theme_ids"].agg(
            lambda ids: ", ".join(sorted({labels.get(t, t) for joined in ids for t in str(joined).split("|") if t}))),
        "demand_evidence": [evidence_line(c, v, evidence_words, lang) for c, v in zip(newest["cue"], newest["score"])],
        "cue": newest["cue"],
        "rule": newest["rule"],
        "score": newest["score"],
        "doc_id": newest["doc_id"],
        "passage_id": newest["passage_id"],
        "demand_id": newest["demand_id"],
    }).reset_index(drop=True)
    out = out.sort_values(["organisation", "latest_year", "n_documents", "n_occurrences"],
                          ascending=[True, False, False, False])
    return out[DISTINCT_COLUMNS].reset_index(drop=True)


#: The overview chart shows at most this many organisations (those with the most distinct demands).
MAX_CHART_ORGANISATIONS = 40


def demand_counts(tables: Tables, filters: Filters, theme_id: str | None = None, include_soft: bool = False,
                  limit: int = MAX_CHART_ORGANISATIONS) -> pd.DataFrame:
    """Distinct demands and demand sentences per organisation and year (the overview chart and its CSV), for the
    `limit` organisations with the most distinct demands."""
    kinds = KINDS if include_soft else ("demand",)
    rows = demand_occurrences(tables, filters, theme_id, kinds)
    columns = ["organisation", "year", "n_distinct", "n_sentences"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    largest = rows.groupby("organisation")["group_id"].nunique().sort_values(ascending=False, kind="stable")
    rows = rows.loc[rows["organisation"].isin(largest.index[:limit])]
    counts = rows.groupby(["organisation", "year"], sort=True).agg(
        n_distinct=("group_id", "nunique"), n_sentences=("demand_id", "size")).reset_index()
    return counts[columns]


def demand_changes(tables: Tables, filters: Filters, lang: str, year_from: int, year_to: int,
                   theme_id: str | None = None, status_labels: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Each distinct demand of an organisation with documents in both years: "recurring" (in both),
    "new" (only in year_to) or "dropped" (only in year_from), with status_label as the reader's word for it
    (status_labels: (status, label) pairs). Other years in the filter are ignored."""
    columns = ["organisation", "status", "status_label", "group_id", "quote", "context", "year_from", "year_to", "title", "page",
               "passage_id"]
    both_years = Filters(filters.organisations, (int(year_from), int(year_to)), filters.doc_types)
    rows = demand_occurrences(tables, both_years, theme_id)
    docs = documents_in(tables, both_years)
    present = docs.groupby("organisation")["year"].agg(set)
    organisations = [o for o, years in present.items() if {int(year_from), int(year_to)} <= {int(y) for y in years}]
    rows = rows.loc[rows["organisation"].isin(organisations)]
    if rows.empty or year_from == year_to:
        return pd.DataFrame(columns=columns)
    years = rows.groupby("group_id")["year"].agg(lambda y: {int(v) for v in y})
    status = years.map(lambda y: "recurring" if len(y) == 2 else ("new" if int(year_to) in y else "dropped"))
    newest = _representatives(rows)
    out = pd.DataFrame({
        "organisation": newest["organisation"], "status": status.reindex(newest.index), "group_id": newest.index,
        "quote": newest["sentence"],
        "context": newest["context"].fillna("").where(newest["context"].fillna("") != "", newest["heading"].fillna("")),
        "year_from": int(year_from), "year_to": int(year_to), "title": newest["title"], "page": newest["page"],
        "passage_id": newest["passage_id"],
    }).reset_index(drop=True)
    order = {s: i for i, s in enumerate(STATUSES)}
    out = out.sort_values(["organisation", "status", "group_id"], key=lambda c: c.map(order) if c.name == "status" else c)
    words = dict(status_labels)
    out["status_label"] = out["status"].map(lambda s: words.get(s, s))
    return out[columns].reset_index(drop=True)


def change_counts(changes: pd.DataFrame) -> pd.DataFrame:
    """Recurring / new / dropped distinct demands per organisation (the recurrence chart and its CSV).

    Columns: organisation, status_label (the reader's word, as the chart's legend says it), n_distinct (distinct
    demands), status (the language-neutral id, for the chart's colours and for scripts)."""
    columns = ["organisation", "status_label", "n_distinct", "status"]
    if changes.empty:
        return pd.DataFrame(columns=columns)
    counts = changes.groupby(["organisation", "status"], sort=True).size().rename("n_distinct").reset_index()
    full = pd.MultiIndex.from_product([sorted(changes["organisation"].unique()), list(STATUSES)],
                                      names=["organisation", "status"])
    out = counts.set_index(["organisation", "status"]).reindex(full, fill_value=0).reset_index()
    words = dict(zip(changes["status"], changes["status_label"])) if "status_label" in changes else {}
    out["status_label"] = out["status"].map(lambda s: words.get(s, s))
    return out[columns]


def compare_organisations(tables: Tables, filters: Filters, lang: str, organisations: tuple[str, ...],
                          theme_id: str | None = None, evidence_words: tuple[str, str] = EVIDENCE_WORDS,
                          kind_labels: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """The distinct demands of the chosen organisations (on one theme, if given), side by side in one frame."""
    chosen = Filters(tuple(organisations), filters.years, filters.doc_types)
    out = distinct_demands(tables, chosen, lang, theme_id, evidence_words=evidence_words, kind_labels=kind_labels)
    return out.loc[out["organisation"].isin(organisations)].reset_index(drop=True)


def group_occurrences(tables: Tables, filters: Filters, group_id: str) -> pd.DataFrame:
    """Every occurrence of one distinct demand with its full passage, for the drill-down (passage_list columns:
    text, organisation, year, title, section_title, page, highlight = the demand sentence)."""
    rows = demand_occurrences(tables, filters, None, KINDS)
    rows = rows.loc[rows["group_id"] == group_id]
    return pd.DataFrame({
        "passage_id": rows["passage_id"], "doc_id": rows["doc_id"], "organisation": rows["organisation"],
        "year": rows["year"], "title": rows["title"], "section_title": rows["section_title"], "page": rows["page"],
        "text": rows["text"], "highlight": rows["sentence"], "kind": "body",
    }).drop_duplicates("passage_id").reset_index(drop=True)


def demand_years(tables: Tables, filters: Filters) -> list[int]:
    """The years of the filtered documents that have demands, oldest first."""
    rows = demand_occurrences(tables, filters)
    return sorted({int(y) for y in rows["year"]})


def demand_organisations(tables: Tables, filters: Filters, theme_id: str | None = None,
                         include_soft: bool = False) -> list[str]:
    """Organisations with demands (on the theme, if given; soft positions too, with include_soft) in the filtered
    documents, by name: the organisations demand_counts has rows for, before its limit."""
    rows = demand_occurrences(tables, filters, theme_id, KINDS if include_soft else ("demand",))
    return sorted(rows["organisation"].dropna().unique())


def organisations_by_demands(tables: Tables, filters: Filters, n: int = 2) -> list[str]:
    """The n organisations with the most distinct demands in the filtered documents (ties by name): the side-by-side
    comparison starts with them, not with the first two by the alphabet (a private person with one demand)."""
    rows = demand_occurrences(tables, filters)
    counts = rows.groupby("organisation")["group_id"].nunique()
    return sorted((str(o) for o in counts.index), key=lambda o: (-int(counts[o]), o))[:n]


def default_year_pair(tables: Tables, filters: Filters) -> tuple[int, int] | None:
    """The two years to compare first: the pair with the most organisations that made demands in both, the
    latest such pair on a tie; None when no organisation made demands in two years."""
    rows = demand_occurrences(tables, filters)
    years_of = rows.groupby("organisation")["year"].agg(lambda y: sorted({int(v) for v in y}))
    shared: dict[tuple[int, int], int] = {}
    for years in years_of:
        for i, first in enumerate(years):
            for second in years[i + 1:]:
                shared[(first, second)] = shared.get((first, second), 0) + 1
    if not shared:
        return None
    return max(shared, key=lambda pair: (shared[pair], pair[1], pair[0]))
