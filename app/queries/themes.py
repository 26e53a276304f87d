"""Themes: how often each theme recurs per organisation, year and document, pairs of themes, and the tagged passages."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from app.queries.documents import PER_WORDS, analysed_passages, distinct_document_labels, documents_in
from app.queries.index import analysed_doc_stats, analysed_groups, index_of, kept_documents_per, tags_in
from app.state import Filters, Tables
from pipeline.schema import THEME_MARKING_SPLITS, UNCERTAIN_BELOW, split_min_evidence


def theme_labels(tables: Tables, lang: str) -> dict[str, str]:
    """theme_id -> label in the reader's language, in the lexicon's order."""
    column = "label_en" if lang == "en" else "label_nb"
    themes = tables.themes
    return dict(zip(themes["theme_id"].astype(str), themes[column].astype(str)))


#: Appended to a theme's label in charts when its measured precision or recall is below 0.8 (pipeline.evaluation).
UNCERTAIN_MARK = " ⚠"


def uncertain_themes(info: dict, theme_ids: Sequence[str] = ()) -> set[str]:
    """Themes whose measured precision or recall (held-out or cross-validated) is below 0.8 or not measurable; every
    one of theme_ids when the build measured none (a data directory without eval/): unmeasured is not exact."""
    rows = info.get("theme_evaluation") or []
    if not rows:
        return {str(t) for t in theme_ids}
    return {str(r["theme_id"]) for r in rows
            if r.get("uncertain") and r.get("split", "heldout") in THEME_MARKING_SPLITS}


def chart_theme_labels(tables: Tables, lang: str) -> dict[str, str]:
    """theme_labels with UNCERTAIN_MARK on uncertain themes: the labels charts show."""
    uncertain = uncertain_themes(tables.build_info, list(theme_labels(tables, lang)))
    return {t: label + (UNCERTAIN_MARK if t in uncertain else "") for t, label in theme_labels(tables, lang).items()}


def row_reasons(row: dict) -> list[tuple[str, dict]]:
    """Why one evaluation row (pipeline.evaluation) is uncertain, as (catalogue key, values) pairs: a precision or
    recall below UNCERTAIN_BELOW, neither measurable, too few matches or passages about the theme
    (schema.split_min_evidence: held-out rows only), and rules changed after the last clean measurement (the row counts a spent part, or – when
    nothing else explains the mark – no later clean part has measured the theme since). Empty when not uncertain."""
    if not row.get("uncertain"):
        return []
    figures = {m: row.get(m) for m in ("precision", "recall")}
    measured = {m: v for m, v in figures.items() if v is not None and not pd.isna(v)}
    reasons = [(f"themes.why.low_{m}", {"value": v}) for m, v in measured.items() if v < UNCERTAIN_BELOW]
    if not measured:
        reasons.append(("themes.why.unmeasured", {}))
    split = row.get("split", "heldout")
    held = split != "cv"
    n_predicted, n_positive = int(row.get("n_predicted") or 0), int(row.get("n_positive") or 0)
    if measured and min(n_predicted, n_positive) < split_min_evidence(split):
        reasons.append(("themes.why.few", {"n_predicted": n_predicted, "n_positive": n_positive}))
    if held and (row.get("tuned_on") or not reasons):
        reasons.append(("themes.why.retuned", {}))
    return reasons


UNCERTAIN_REASON_COLUMNS = ["theme_id", "theme", "split", "reason", "value", "n_predicted", "n_positive"]


def uncertain_reasons(tables: Tables, lang: str, theme_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per reason an uncertain theme among theme_ids (all when None) is marked ⚠, held-out reasons before
    cross-validated ones, themes in the lexicon's order: theme_id, theme (label), split (heldout/cv), reason (the
    catalogue key's last part: low_precision, low_recall, few, retuned, unmeasured), value (the figure below the bar),
    n_predicted and n_positive (the row's matches and passages about the theme)."""
    labels = theme_labels(tables, lang)
    wanted = set(theme_ids) if theme_ids is not None else set(labels)
    evaluated = tables.build_info.get("theme_evaluation") or []
    rows = [r for r in evaluated
            if r.get("split", "heldout") in THEME_MARKING_SPLITS and str(r["theme_id"]) in wanted]
    records = [
        {"theme_id": str(r["theme_id"]), "split": r.get("split", "heldout"), "reason": key.rsplit(".", 1)[1],
         "value": values.get("value"), "n_predicted": r.get("n_predicted"), "n_positive": r.get("n_positive")}
        for r in rows for key, values in row_reasons(r)
    ]
    if not evaluated:  # built without the labelled set: no theme has a figure, so none is charted as if exact
        records = [{"theme_id": t, "split": "heldout", "reason": "no_evaluation", "value": None, "n_predicted": 0,
                    "n_positive": 0} for t in labels if t in wanted]
    out = pd.DataFrame(records, columns=[c for c in UNCERTAIN_REASON_COLUMNS if c != "theme"])
    order = {t: i for i, t in enumerate(labels)}
    out = out.loc[out["theme_id"].isin(order)].assign(
        theme=lambda d: d["theme_id"].map(labels),
        _order=lambda d: d["theme_id"].map(order),
        _split=lambda d: d["split"].map({s: i for i, s in enumerate(THEME_MARKING_SPLITS)}),
    )
    return out.sort_values(["_order", "_split"], kind="stable")[UNCERTAIN_REASON_COLUMNS].reset_index(drop=True)


THEME_MEASURE_COLUMNS = [
    "theme_id", "theme", "group", "n_passages", "n_tagged", "share", "n_hits", "n_words", "per_10k",
    "n_documents", "n_documents_with_theme",
]


def theme_measures(
    tables: Tables, filters: Filters, by: str, lang: str, theme_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """How much each theme is mentioned per group (by = "organisation", "year" or "doc_id") of analysed passages.

    Columns: theme_id, theme (label), group, n_passages (analysed passages of the group), n_tagged (those tagged
    with the theme), share = n_tagged / n_passages, n_hits (lexicon matches), n_words, per_10k = n_hits / n_words
    × 10,000, n_documents (documents of the group), n_documents_with_theme. Every theme × group pair is present.
    """
    if by not in ("organisation", "year", "doc_id"):
        raise ValueError(f"by must be organisation, year or doc_id, not {by!r}")
    labels = chart_theme_labels(tables, lang)
    wanted = [t for t in (theme_ids if theme_ids is not None else labels) if t in labels]
    groups = analysed_groups(tables, filters, by)
    if groups.empty or not wanted:
        return pd.DataFrame(columns=THEME_MEASURE_COLUMNS)
    tagged = tags_in(tables, filters, wanted)
    found = tagged.groupby(["theme_id", by], as_index=False).agg(
        n_tagged=("passage_id", "nunique"), n_hits=("n_hits", "sum"), n_documents_with_theme=("doc_id", "nunique")
    )
    grid = pd.DataFrame({"theme_id": pd.Series(wanted, dtype="string")}).merge(groups, how="cross")
    found["theme_id"] = found["theme_id"].astype("string")
    out = grid.merge(found, on=["theme_id", by], how="left")
    for column in ("n_tagged", "n_hits", "n_documents_with_theme"):
        out[column] = out[column].fillna(0).astype("int64")
    out["share"] = out["n_tagged"] / out["n_passages"]
    out["per_10k"] = np.where(out["n_words"] > 0, out["n_hits"] / out["n_words"].clip(lower=1) * PER_WORDS, 0.0)
    out["theme"] = out["theme_id"].map(labels).astype("string")
    order = {t: i for i, t in enumerate(wanted)}
    out = out.rename(columns={by: "group"}).assign(_order=out["theme_id"].map(order))
    return out.sort_values(["_order", "group"])[THEME_MEASURE_COLUMNS].reset_index(drop=True)


ORGANISATION_YEAR_COLUMNS = [
    "theme_id", "theme", "organisation", "year", "n_passages", "n_tagged", "share", "n_hits", "n_words", "per_10k",
    "n_documents", "n_documents_with_theme", "doc_types", "type_changed",
]


#: More lines or grid rows than this are unreadable: the organisations writing most about the themes are kept.
MAX_ORGANISATION_LINES = 8
#: The theme × organisation matrix keeps at most this many organisations (rows of about 30 px each).
MAX_MATRIX_ORGANISATIONS = 30


def organisations_by_theme(tables: Tables, filters: Filters, theme_ids: Sequence[str]) -> list[str]:
    """The organisations of the filtered corpus, those with most passages tagged with any of the themes first (then
    most documents, then by name): the order in which charts with room for only some organisations keep them."""
    stats = analysed_doc_stats(tables, filters)
    if stats.empty:
        return []
    n_documents = kept_documents_per(tables, filters, "organisation").loc[lambda n: n.index.isin(stats["organisation"])]
    tagged = tags_in(tables, filters, list(theme_ids)).groupby("organisation")["passage_id"].nunique()
    return sorted((str(o) for o in n_documents.index),
                  key=lambda o: (-int(tagged.get(o, 0)), -int(n_documents.get(o, 0)), o))


def theme_by_organisation(
    tables: Tables, filters: Filters, lang: str, theme_ids: Sequence[str] | None = None,
    max_organisations: int = MAX_ORGANISATION_LINES,
) -> pd.DataFrame:
    """theme_measures by organisation for at most max_organisations organisations: those writing most about the
    themes (organisations_by_theme)."""
    measures = theme_measures(tables, filters, "organisation", lang, theme_ids)
    labels = theme_labels(tables, lang)
    wanted = [t for t in (theme_ids if theme_ids is not None else labels) if t in labels]
    keep = organisations_by_theme(tables, filters, wanted)[:max_organisations]
    return measures.loc[measures["group"].astype(str).isin(keep)].reset_index(drop=True)


def theme_organisation_year(
    tables: Tables, filters: Filters, lang: str, theme_ids: Sequence[str] | None = None,
    doc_type_labels: dict[str, str] | None = None, max_organisations: int = MAX_ORGANISATION_LINES,
) -> pd.DataFrame:
    """theme_measures per organisation and year: one row per theme and (organisation, year) that has analysed
    documents, so a line per organisation never joins an organisation to another one's year.

    Columns: theme_id, theme, organisation, year, the measure columns of theme_measures, doc_types (the document
    types of that organisation's documents that year, named with doc_type_labels, ", "-joined) and type_changed
    (whether they differ from the organisation's previous year shown; False on its first year). With more than
    max_organisations organisations, only those writing most about the themes are kept (organisations_by_theme).
    """
    labels = theme_labels(tables, lang)
    wanted = [t for t in (theme_ids if theme_ids is not None else labels) if t in labels]
    stats = analysed_doc_stats(tables, filters)
    if stats.empty or not wanted:
        return pd.DataFrame(columns=ORGANISATION_YEAR_COLUMNS)
    names = doc_type_labels or {}
    if stats["organisation"].nunique() > max_organisations:
        stats = stats.loc[stats["organisation"].isin(organisations_by_theme(tables, filters, wanted)[:max_organisations])]
    keys = ["organisation", "year"]
    # Passages and words of the analysed passages; documents (and their types) all the kept ones of each cell with
    # analysed text, a cover letter without analysed passages included (index.kept_documents_per).
    documents = documents_in(tables, filters).groupby(keys, as_index=False).agg(
        n_documents=("doc_id", "nunique"),
        doc_types=("doc_type", lambda t: ", ".join(dict.fromkeys(names.get(str(d), str(d)) for d in sorted(t)))))
    groups = stats.groupby(keys, as_index=False).agg(n_passages=("n_passages", "sum"), n_words=("n_words", "sum"))
    groups = groups.merge(documents, on=keys, how="left")
    groups = groups.sort_values(keys)
    previous = groups.groupby("organisation")["doc_types"].shift()
    groups["type_changed"] = previous.notna() & (previous != groups["doc_types"])
    tagged = tags_in(tables, filters, wanted)
    found = tagged.groupby(["theme_id", *keys], as_index=False).agg(
        n_tagged=("passage_id", "nunique"), n_hits=("n_hits", "sum"), n_documents_with_theme=("doc_id", "nunique"))
    found["theme_id"] = found["theme_id"].astype("string")
    grid = pd.DataFrame({"theme_id": pd.Series(wanted, dtype="string")}).merge(groups, how="cross")
    out = grid.merge(found, on=["theme_id", *keys], how="left")
    for column in ("n_tagged", "n_hits", "n_documents_with_theme"):
        out[column] = out[column].fillna(0).astype("int64")
    out["share"] = out["n_tagged"] / out["n_passages"]
    out["per_10k"] = np.where(out["n_words"] > 0, out["n_hits"] / out["n_words"].clip(lower=1) * PER_WORDS, 0.0)
    out["theme"] = out["theme_id"].map(labels).astype("string")
    out["type_changed"] = out["type_changed"].astype(bool)
    out["_order"] = out["theme_id"].map({t: i for i, t in enumerate(wanted)})
    return out.sort_values(["_order", "organisation", "year"])[ORGANISATION_YEAR_COLUMNS].reset_index(drop=True)


def year_composition(tables: Tables, filters: Filters, doc_type_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """What each year of the filtered corpus is made of: year, organisations and doc_types (", "-joined, named with
    doc_type_labels), n_documents, label ("2023: NTNU, høringssvar"), organisations_changed and doc_types_changed
    (whether they differ from the year before; False for the first year) and changed (either)."""
    columns = ["year", "organisations", "doc_types", "n_documents", "label", "organisations_changed",
               "doc_types_changed", "changed"]
    docs = documents_in(tables, filters)
    if docs.empty:
        return pd.DataFrame(columns=columns)
    names = doc_type_labels or {}
    rows = []
    previous = None
    for year, group in docs.groupby("year", sort=True):
        organisations = tuple(sorted(group["organisation"].astype(str).unique()))
        types = tuple(sorted({names.get(str(d), str(d)) for d in group["doc_type"]}))
        organisations_changed = previous is not None and previous[0] != organisations
        types_changed = previous is not None and previous[1] != types
        rows.append({"year": int(year), "organisations": ", ".join(organisations), "doc_types": ", ".join(types),
                     "n_documents": int(len(group)), "label": f"{int(year)}: {', '.join(organisations)}, {', '.join(types)}",
                     "organisations_changed": organisations_changed, "doc_types_changed": types_changed,
                     "changed": organisations_changed or types_changed})
        previous = (organisations, types)
    return pd.DataFrame(rows, columns=columns)


def theme_passages_in_cells(tables: Tables, filters: Filters, cells: Sequence[Sequence]) -> pd.DataFrame:
    """Passages behind selected organisation-year points: cells are (theme_id, organisation, year) from customdata;
    one row per passage, in the order of theme_passages."""
    frames = [theme_passages(tables, filters, [str(t)], where={"organisation": o, "year": y}) for t, o, y in cells]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return theme_passages(tables, filters, [])
    return pd.concat(frames, ignore_index=True).drop_duplicates("passage_id").reset_index(drop=True)


#: A matrix wider than this is unreadable (and slow to draw): the most theme-dense documents are kept.
MAX_MATRIX_DOCUMENTS = 40


def theme_document_matrix(
    tables: Tables,
    filters: Filters,
    lang: str,
    theme_ids: Sequence[str] | None = None,
    max_documents: int = MAX_MATRIX_DOCUMENTS,
) -> pd.DataFrame:
    """theme_measures per document, with the document's label (distinct_document_labels: a row each), organisation
    and year (for the theme × document matrix).

    With more than max_documents documents, keeps those with the highest summed share of the chosen themes, and
    only documents that raise a theme at all: a document without a tagged passage is not among "the documents
    where the themes take up most space", and which of many such documents filled the rows would be arbitrary.
    """
    measures = theme_measures(tables, filters, "doc_id", lang, theme_ids).rename(columns={"group": "doc_id"})
    if measures.empty:
        return measures.assign(document=pd.Series(dtype="string"), organisation=pd.Series(dtype="string"),
                               year=pd.Series(dtype="int64"))
    density = measures.groupby("doc_id")["share"].sum()
    if len(density) > max_documents:
        keep = density.loc[density > 0].sort_values(ascending=False, kind="stable").index[:max_documents]
        measures = measures.loc[measures["doc_id"].isin(keep)]
    docs = documents_in(tables, filters)
    docs = docs.loc[docs["doc_id"].isin(measures["doc_id"])]  # the documents drawn: a label must tell these apart
    docs = docs.assign(document=distinct_document_labels(docs))[["doc_id", "document", "organisation", "year"]]
    # Stable sort keeps the chosen themes' order within each document.
    return measures.merge(docs, on="doc_id", how="left").sort_values(["year", "organisation", "doc_id"],
                                                                      kind="stable").reset_index(drop=True)


def theme_cooccurrence(tables: Tables, filters: Filters, lang: str, theme_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Passages tagged with both themes, for every pair of the chosen themes (the diagonal: passages with the theme).

    Columns: theme_a, theme_b (ids), label_a, label_b, n_passages, n_documents.
    """
    columns = ["theme_a", "theme_b", "label_a", "label_b", "n_passages", "n_documents"]
    labels = chart_theme_labels(tables, lang)
    wanted = [t for t in (theme_ids if theme_ids is not None else labels) if t in labels]
    if analysed_groups(tables, filters, "doc_id").empty or not wanted:
        return pd.DataFrame(columns=columns)
    tags = tags_in(tables, filters, wanted)[["passage_id", "theme_id", "doc_id"]]
    pairs = tags.merge(tags, on=["passage_id", "doc_id"], suffixes=("_a", "_b"))
    counts = pairs.groupby(["theme_id_a", "theme_id_b"], as_index=False).agg(
        n_passages=("passage_id", "nunique"), n_documents=("doc_id", "nunique")
    ).rename(columns={"theme_id_a": "theme_a", "theme_id_b": "theme_b"})
    grid = pd.MultiIndex.from_product([wanted, wanted], names=["theme_a", "theme_b"]).to_frame(index=False)
    for frame in (grid, counts):
        frame["theme_a"] = frame["theme_a"].astype("string")
        frame["theme_b"] = frame["theme_b"].astype("string")
    out = grid.merge(counts, on=["theme_a", "theme_b"], how="left")
    out[["n_passages", "n_documents"]] = out[["n_passages", "n_documents"]].fillna(0).astype("int64")
    out["label_a"] = out["theme_a"].map(labels).astype("string")
    out["label_b"] = out["theme_b"].map(labels).astype("string")
    return out[columns]


def theme_passages(
    tables: Tables,
    filters: Filters,
    theme_ids: Sequence[str],
    *,
    require_all: bool = False,
    where: dict | None = None,
) -> pd.DataFrame:
    """Analysed passages tagged with any (or, with require_all, every) of the themes, optionally narrowed by
    where = {"organisation"|"year"|"doc_id": value}. Passage columns plus organisation, year, doc_type, title,
    themes, matched_forms and evidence ("|"-joined over the themes: what made each tag, "opplæring + digitale"),
    n_hits; most hits first, then document order."""
    analysed = index_of(tables).analysed
    tags = tags_in(tables, filters, theme_ids)
    for column, value in (where or {}).items():
        tags = tags.loc[tags[column].astype(str) == str(value)]
    if tags.empty:
        return analysed_passages(tables, filters).iloc[0:0].assign(
            themes=pd.Series(dtype="string"), matched_forms=pd.Series(dtype="string"),
            evidence=pd.Series(dtype="string"), n_hits=pd.Series(dtype="int64"))
    # Per passage, in one pass over the tags (in table order, as groupby keeps them): sorted theme ids, the
    # non-missing matched forms joined, the hits summed. A Python loop: tens of thousands of tiny groups make
    # pandas' per-group lambdas take seconds.
    themes: dict[str, list[str]] = {}
    forms: dict[str, list[str]] = {}
    reasons: dict[str, list[str]] = {}
    hits: dict[str, int] = {}
    evidence = tags["evidence"].tolist() if "evidence" in tags.columns else [None] * len(tags)
    for passage_id, theme_id, matched, why, n in zip(tags["passage_id"].tolist(), tags["theme_id"].tolist(),
                                                     tags["matched_forms"].tolist(), evidence, tags["n_hits"].tolist()):
        themes.setdefault(passage_id, []).append(str(theme_id))
        if isinstance(matched, str):
            forms.setdefault(passage_id, []).append(matched)
        if isinstance(why, str) and why:
            reasons.setdefault(passage_id, []).append(why)
        hits[passage_id] = hits.get(passage_id, 0) + int(n)
    wanted = len(set(theme_ids))
    ids = [p for p, t in themes.items() if not require_all or len(set(t)) >= wanted]
    # The passages in analysed order, as the join of the filtered passages with the tags had them.
    rows = np.sort(analysed.position.get_indexer(ids))
    out = analysed.passages.iloc[rows].reset_index(drop=True)
    ordered = out["passage_id"].tolist()
    out = out.assign(
        themes=pd.Series(["|".join(sorted(themes[p])) for p in ordered], dtype="string"),
        matched_forms=pd.Series(["|".join(forms.get(p, ())) for p in ordered], dtype="string"),
        evidence=pd.Series(["|".join(dict.fromkeys(reasons.get(p, ()))) for p in ordered], dtype="string"),
        n_hits=pd.Series([hits[p] for p in ordered], dtype="int64"),
    )
    return out.sort_values(["n_hits", "year", "doc_id", "position"], ascending=[False, True, True, True]).reset_index(
        drop=True
    )


def theme_passages_at(tables: Tables, filters: Filters, cells: Sequence[Sequence], by: str) -> pd.DataFrame:
    """Passages behind selected chart points: cells are (theme_id, value of `by`) pairs from customdata
    (by = "organisation", "year" or "doc_id"); one row per passage, in the order of theme_passages."""
    frames = [theme_passages(tables, filters, [str(cell[0])], where={by: cell[1]}) for cell in cells]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return theme_passages(tables, filters, [])
    return pd.concat(frames, ignore_index=True).drop_duplicates("passage_id").reset_index(drop=True)


def default_themes(tables: Tables, preferred: Sequence[str], n: int = 2) -> list[str]:
    """The preferred theme ids the lexicon has, else its first n."""
    ids = tables.themes["theme_id"].astype(str).tolist()
    return [t for t in preferred if t in ids] or ids[:n]


def changed_years(composition: pd.DataFrame, width: int = 80) -> str:
    """The years whose mix of document types differs, each label cut to `width` characters, for a note."""
    return "; ".join(label if len(label) <= width else label[: width - 1] + "…" for label in composition["label"])
