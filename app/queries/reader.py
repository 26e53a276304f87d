"""The document reader: one document's metadata, its sections, every passage in order with its theme tags, and
the path of its original file (only a file the current build's documents table names, inside raw/)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from app.queries.documents import documents_in, told_apart
from app.queries.themes import theme_labels
from app.state import Filters, Tables

PASSAGE_COLUMNS = ["passage_id", "position", "page", "section_title", "kind", "text"]


def document_choices(tables: Tables, filters: Filters, doc_type_labels: dict[str, str]) -> dict[str, str]:
    """doc_id -> "NITO 2024 · Budsjettinnspill · <full title>" for the documents the filters keep (year, organisation
    order); a label two documents share (SINTEF's submission sent twice) ends in " · <doc_id>", so the picker tells
    them apart (documents.told_apart, the rule of the theme × document matrix)."""
    docs = documents_in(tables, filters)
    kinds = docs["doc_type"].astype(str).map(lambda d: doc_type_labels.get(d, d))
    labels = docs["organisation"].astype(str) + " " + docs["year"].astype(str) + " · " + kinds + " · " + docs["title"].astype(str)
    return dict(zip(docs["doc_id"].astype(str), told_apart(labels, docs["doc_id"])))


def document_record(tables: Tables, doc_id: str) -> dict | None:
    """The documents row of doc_id as a dict (None when the build has no such document)."""
    rows = tables.documents.loc[tables.documents["doc_id"] == doc_id]
    if rows.empty:
        return None
    record = rows.iloc[0].to_dict()
    return {k: (None if v is pd.NA or (isinstance(v, float) and pd.isna(v)) else v) for k, v in record.items()}


def document_passages(tables: Tables, doc_id: str, lang: str) -> pd.DataFrame:
    """Every passage of doc_id in reading order with its theme labels ("|"-joined, `themes`), the words that made
    each tag (`matched_forms`, for highlighting), why (`evidence`) and why per theme (`reasons`: "Label: rule · rule",
"|"-joined); passages without a tag have empty strings."""
    passages = tables.passages.loc[tables.passages["doc_id"] == doc_id, PASSAGE_COLUMNS]
    passages = passages.sort_values("position").reset_index(drop=True)
    tags = tables.passage_themes.loc[tables.passage_themes["passage_id"].isin(passages["passage_id"])]
    labels = theme_labels(tables, lang)
    labelled = tags.assign(label=tags["theme_id"].astype(str).map(lambda t: labels.get(t, t)))
    per_passage = (
        labelled.assign(reason=[_reason(label, evidence) for label, evidence in zip(labelled["label"], labelled["evidence"])])
        .groupby("passage_id", sort=False)
        .agg(themes=("label", "|".join), matched_forms=("matched_forms", _joined), evidence=("evidence", _joined),
             reasons=("reason", _joined))
    )
    out = passages.merge(per_passage, left_on="passage_id", right_index=True, how="left")
    for column in ("themes", "matched_forms", "evidence", "reasons"):
        out[column] = out[column].fillna("").astype(str)
    return out


def _reason(label: str, evidence: object) -> str:
    """Why one theme was tagged, for the reader: "Label: rule · rule" ("Rekruttering: Manglende + helsepersonell ·
    turnover"), its label alone when the tag kept no evidence."""
    rules = list(dict.fromkeys(e for e in str(evidence if pd.notna(evidence) else "").split("|") if e))
    return f"{label}: {' · '.join(rules)}" if rules else label


def _joined(values: pd.Series) -> str:
    return "|".join(str(v) for v in values.dropna() if str(v))


def document_sections(passages: pd.DataFrame) -> pd.DataFrame:
    """The table of contents: each section in reading order with its first passage's position and page.

    A section title that comes back later (a running heading) is listed once, where it first starts.
    """
    titled = passages.loc[passages["section_title"].fillna("").astype(str).str.strip() != ""]
    firsts = titled.drop_duplicates("section_title", keep="first")
    counts = titled.groupby("section_title", sort=False).size()
    return pd.DataFrame({
        "section_title": firsts["section_title"].astype(str).to_numpy(),
        "position": firsts["position"].astype(int).to_numpy(),
        "page": firsts["page"].to_numpy(),
        "n_passages": firsts["section_title"].map(counts).astype(int).to_numpy(),
    })


def original_file(tables: Tables, doc_id: str, raw_dir: Path) -> Path | None:
    """The original file of doc_id under raw_dir, or None when it is not there.

    Only a file named by the current build's documents table is ever served, and only when the name is a plain
    file name that resolves inside raw_dir: a documents row can never point the download elsewhere (../, /etc/…).
    """
    record = document_record(tables, doc_id)
    name = str((record or {}).get("source_file") or "")
    if not name or name != Path(name).name or name in (".", ".."):
        return None
    root = Path(raw_dir).resolve()
    path = (root / name).resolve()
    if path.parent != root or not path.is_file():
        return None
    return path
