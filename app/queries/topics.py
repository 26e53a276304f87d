"""Topics: the topic map and list, prevalence per organisation or year, term relevance, representative passages."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from app.queries.index import analysed_doc_stats, analysed_groups, index_of, largest_groups, weights_in
from app.state import Filters, Tables


def relevance(weight, corpus_weight, lam: float) -> np.ndarray:
    """LDAvis relevance λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)) (Sievert & Shirley 2014); λ=1 ranks by weight, λ=0 by lift."""
    w = np.asarray(weight, dtype=float)
    p = np.asarray(corpus_weight, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_w = np.log(w)
        lift = np.log(w / p)
    return lam * log_w + (1.0 - lam) * lift


def topic_terms_ranked(tables: Tables, topic_id: int, lam: float = 0.6, n: int = 15) -> pd.DataFrame:
    """The stored top terms of one topic re-ranked by relevance at λ=lam: topic_id, term, weight, corpus_weight, lift,
    relevance, rank (1 = most relevant), stored_rank; the n most relevant."""
    terms = tables.topic_terms.loc[tables.topic_terms["topic_id"] == int(topic_id)]
    terms = terms.loc[(terms["weight"] > 0) & (terms["corpus_weight"] > 0)]
    out = terms.rename(columns={"rank": "stored_rank"})[["topic_id", "term", "weight", "corpus_weight", "stored_rank"]]
    out = out.assign(
        lift=out["weight"] / out["corpus_weight"],
        relevance=relevance(out["weight"], out["corpus_weight"], lam),
    )
    out = out.sort_values(["relevance", "stored_rank"], ascending=[False, True]).head(n).reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1, dtype="int64")
    return out[["topic_id", "rank", "term", "weight", "corpus_weight", "lift", "relevance", "stored_rank"]]


def reliable_topics(tables: Tables) -> pd.DataFrame:
    """The topics the pipeline marked reliable (they reappear in subsamples and no document owns them)."""
    return tables.topics.loc[tables.topics["is_reliable"].astype(bool)]


def topic_reliability(tables: Tables) -> tuple[int, int]:
    """(reliable topics, all topics) of the build."""
    return len(reliable_topics(tables)), len(tables.topics)


def topic_overview(tables: Tables, filters: Filters, n_terms: int = 6) -> pd.DataFrame:
    """One row per reliable topic for the map and the list: topic_id, label, top_terms, coherence, x, y, share,
    mean_weight, n_passages, n_documents, example, stability.

    Two measures of size, each with one definition: share is the topics table's own (the topic's share of the whole
    collection, long documents counted as at most a typical one; read, never recomputed, so it does not follow the
    filters); mean_weight is the topic's mean weight over the selection's analysed passages (a passage without the
    topic counts as 0), the measure of topic_prevalence for the whole selection. n_passages: passages of the selection
    where the topic is dominant; n_documents: documents of the selection with the topic at all. Largest mean_weight
    first.
    """
    columns = ["topic_id", "label", "top_terms", "coherence", "x", "y", "share", "mean_weight", "n_passages",
               "n_documents", "example", "stability"]
    topics = reliable_topics(tables)
    if topics.empty:
        return pd.DataFrame(columns=columns)
    weights = weights_in(tables, filters)
    n_analysed = int(analysed_doc_stats(tables, filters)["n_passages"].sum())
    mean_weight = weights.groupby("topic_id")["weight"].sum() / n_analysed if n_analysed else pd.Series(dtype=float)
    n_passages = dominant_rows(weights).groupby("topic_id")["passage_id"].nunique()
    n_documents = weights.groupby("topic_id")["doc_id"].nunique()
    terms = tables.topic_terms.sort_values(["topic_id", "rank"])
    top = terms.groupby("topic_id").head(n_terms).groupby("topic_id")["term"].agg(", ".join)
    out = topics[["topic_id", "label", "coherence", "x", "y", "share", "example", "stability"]].copy()
    out["top_terms"] = out["topic_id"].map(top).fillna("").astype("string")
    out["mean_weight"] = out["topic_id"].map(mean_weight).fillna(0.0).astype("float64")
    out["n_passages"] = out["topic_id"].map(n_passages).fillna(0).astype("int64")
    out["n_documents"] = out["topic_id"].map(n_documents).fillna(0).astype("int64")
    return out.sort_values(["mean_weight", "topic_id"], ascending=[False, True])[columns].reset_index(drop=True)


def topic_prevalence(tables: Tables, filters: Filters, by: str = "organisation",
                     max_groups: int | None = None) -> pd.DataFrame:
    """Mean topic weight over the analysed passages of each organisation (or year), per topic.

    A passage without a weight for a topic counts as 0, so the means of one group sum to at most 1.
    Columns: topic_id, label, <by>, mean_weight, n_passages (analysed passages of the group), n_documents.
    With max_groups, only that many groups are kept: those with most analysed passages (then by name).
    """
    if by not in ("organisation", "year"):
        raise ValueError(f"by must be organisation or year, not {by!r}")
    columns = ["topic_id", "label", by, "mean_weight", "n_passages", "n_documents"]
    groups = analysed_groups(tables, filters, by)[[by, "n_passages", "n_documents"]]
    if max_groups is not None and len(groups) > max_groups:
        groups = largest_groups(groups, by, max_groups)
    if groups.empty or reliable_topics(tables).empty:
        return pd.DataFrame(columns=columns)
    weights = weights_in(tables, filters)
    sums = weights.groupby(["topic_id", by], as_index=False)["weight"].sum()
    grid = reliable_topics(tables)[["topic_id", "label"]].merge(groups, how="cross")
    out = grid.merge(sums, on=["topic_id", by], how="left")
    out["mean_weight"] = out["weight"].fillna(0.0) / out["n_passages"]
    return out.sort_values(["topic_id", by])[columns].reset_index(drop=True)


def dominant_rows(weights: pd.DataFrame) -> pd.DataFrame:
    """Each passage's row of its strongest topic (ties: the lower topic_id): where a topic is «dominant»."""
    return weights.sort_values(["weight", "topic_id"], ascending=[False, True]).drop_duplicates("passage_id")


def topic_passages(
    tables: Tables,
    filters: Filters,
    topic_id: int,
    *,
    organisation: str | None = None,
    year: int | None = None,
    limit: int | None = 20,
    dominant: bool = False,
) -> pd.DataFrame:
    """Representative passages of a topic: analysed passages with the highest weight for it (optionally of one
    organisation or year). Passage columns plus organisation, year, doc_type, title, weight; highest weight first; limit=None keeps all.
    dominant: only the passages whose strongest topic it is, topic_overview's n_passages of them."""
    weights = weights_in(tables, filters)
    if dominant:
        weights = dominant_rows(weights)
    keep = weights["topic_id"] == int(topic_id)
    if organisation is not None:
        keep &= weights["organisation"] == organisation
    if year is not None:
        keep &= weights["year"] == int(year)
    # (weight, passage_id) orders the rows fully, so ranking before joining the passage columns changes nothing.
    top = weights.loc[keep, ["passage_id", "weight"]].sort_values(["weight", "passage_id"], ascending=[False, True])
    if limit is not None:
        top = top.head(limit)
    analysed = index_of(tables).analysed
    out = analysed.passages.iloc[analysed.position.get_indexer(top["passage_id"])].reset_index(drop=True)
    return out.assign(weight=top["weight"].to_numpy())


def topic_label(tables: Tables, topic_id: int) -> str:
    """The label of a topic (its characteristic terms), else its id."""
    rows = tables.topics.loc[tables.topics["topic_id"] == int(topic_id)]
    return str(rows["label"].iloc[0]) if len(rows) else str(topic_id)


def topic_passages_at(tables: Tables, filters: Filters, cells: Sequence[Sequence], by: str) -> pd.DataFrame:
    """Every passage of the selected chart cells: cells are (topic_id, value of `by`) pairs from customdata
    (by = "organisation" or "year"), highest weight first within each cell."""
    frames = [topic_passages(tables, filters, int(cell[0]), limit=None, **{by: cell[1]}) for cell in cells]
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True).drop_duplicates("passage_id").reset_index(drop=True)
