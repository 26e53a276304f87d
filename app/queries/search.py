"""Full-text search over search.sqlite (FTS5), keyword in context and the highlight pattern of search terms."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Sequence

import pandas as pd

from app.queries.documents import passages_in
from app.state import Filters, Tables
from pipeline.schema import is_analysed


_PHRASE = re.compile(r'"([^"]*)"')


def search_terms(query: str, prefix: bool = True) -> list[str]:
    """The user's search split into terms: "quoted phrases" stay whole, other words become prefix terms ("word*")
    when prefix is set. Characters FTS5 would read as syntax are dropped, never passed through."""
    terms: list[str] = []
    for phrase in _PHRASE.findall(query):
        words = re.findall(r"\w+", phrase)
        if words:
            terms.append(" ".join(words))
    rest = _PHRASE.sub(" ", query).replace('"', " ")
    for token in rest.split():
        words = re.findall(r"\w+", token)
        if not words:
            continue
        word = " ".join(words)
        wants_prefix = prefix or token.endswith("*")
        terms.append(word + ("*" if wants_prefix and " " not in word else ""))
    return list(dict.fromkeys(terms))


def fts_query(terms: Sequence[str]) -> str | None:
    """An FTS5 MATCH expression for search_terms(): every term a quoted string (so AND/OR/NEAR/-/: are literal),
    a trailing * outside the quotes; all terms required."""
    parts = []
    for term in terms:
        core = term.rstrip("*").replace('"', '""')
        if core.strip():
            parts.append(f'"{core}"' + ("*" if term.endswith("*") else ""))
    return " AND ".join(parts) or None


def fts_passage_ids(search_db: Path, match: str, limit: int = 2000) -> pd.DataFrame:
    """passage_id and rank (bm25, lower is better) of passages matching an FTS5 expression; empty on a bad query."""
    try:
        con = sqlite3.connect(f"file:{Path(search_db).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return pd.DataFrame({"passage_id": pd.Series(dtype="string"), "rank": pd.Series(dtype="float64")})
    try:
        rows = con.execute(
            "SELECT passage_id, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
            "ORDER BY bm25(passages_fts) LIMIT ?",
            (match, int(limit)),
        ).fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        con.close()
    return pd.DataFrame(
        {"passage_id": pd.Series([r[0] for r in rows], dtype="string"), "rank": pd.Series([r[1] for r in rows], dtype="float64")}
    )


def search_passages(tables: Tables, filters: Filters, terms: Sequence[str], *, include_unanalysed: bool = False) -> pd.DataFrame:
    """Passages of the filtered corpus matching all terms (FTS5, search.sqlite), best match first.

    Columns: the passage columns plus organisation, year, doc_type, title, date and rank. Passages of kinds
    that are not analysed (sign-offs, references, footnotes, tables …) only with include_unanalysed.
    """
    match = fts_query(terms)
    passages = passages_in(tables, filters)
    if match is None:
        return passages.iloc[0:0].assign(rank=pd.Series(dtype="float64"))
    hits = fts_passage_ids(tables.search_db, match)
    out = passages.merge(hits, on="passage_id", how="inner")
    if not include_unanalysed:
        out = out.loc[is_analysed(out["kind"])]
    return out.sort_values(["rank", "passage_id"]).reset_index(drop=True)


def highlight_pattern(terms: Sequence[str]) -> re.Pattern | None:
    """One case-insensitive regex for highlight/search terms, matching at word starts: "term*" also matches longer
    words, a plain term only the whole word, spaces in a phrase any run of white space."""
    parts = []
    for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
        core = term.rstrip("*").strip()
        if not core:
            continue
        body = r"\s+".join(re.escape(w) for w in core.split())
        parts.append(body + (r"\w*" if term.endswith("*") else r"(?!\w)"))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def keyword_in_context(passages: pd.DataFrame, terms: Sequence[str], *, width: int = 60, limit: int = 500) -> pd.DataFrame:
    """One row per match: left context, the match, right context (width characters each side), with organisation,
    year, title, page and passage_id. Order follows the passages."""
    columns = ["left", "match", "right", "organisation", "year", "title", "page", "passage_id"]
    pattern = highlight_pattern(terms)
    rows = []
    if pattern is not None:
        for passage in passages.itertuples(index=False):
            text = " ".join(str(passage.text).split())
            for m in pattern.finditer(text):
                left = text[max(0, m.start() - width) : m.start()]
                right = text[m.end() : m.end() + width]
                rows.append(("…" + left if m.start() > width else left, m.group(0),
                             right + "…" if m.end() + width < len(text) else right,
                             passage.organisation, passage.year, passage.title, passage.page, passage.passage_id))
                if len(rows) >= limit:
                    break
            if len(rows) >= limit:
                break
    return pd.DataFrame(rows, columns=columns)
