"""Full-text search over search.sqlite (FTS5), keyword in context and the highlight pattern of search terms."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Sequence

import pandas as pd

from app.queries.documents import DOC_COLUMNS
from app.queries.terms import lemma_of
from app.state import Filters, Tables
from pipeline.schema import ANALYSED_KINDS


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


#: The two searchable columns of search.sqlite: the text as written, and the counted lemmas of each passage.
SEARCH_COLUMNS = ("text", "lemmas")


#: What may stand around a typed word without being part of it ("praksisplass," «EPJ-systemet»).
_AROUND_WORD = "\"'.,;:!?()[]{}«»“”‘’*"


def _typed_units(query: str) -> list[tuple[str, bool]]:
    """The user's search as typed: "quoted phrases" (True) first, then the other words (False), as search_terms
    splits it but before it cuts a word at its hyphens."""
    phrases = [(p, True) for p in _PHRASE.findall(query) if re.search(r"\w", p)]
    return phrases + [(w, False) for w in _PHRASE.sub(" ", query).replace('"', " ").split()]


def lemma_search_terms(tables: Tables, query: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """The user's search as lemma terms (for the lemmas column): every word mapped to the lemma it is counted as,
    a "quoted phrase" to its lemmas as neighbours. Returns (terms, mapped, unknown): mapped lists (word, lemma) pairs
    where they differ ("praksisplasser" -> "praksisplass"), unknown the words no passage has as a term.

    A hyphenated word is looked up whole first ("EPJ-systemet" -> "epj-system", a lemma of its own): the index
    would split it into "epj" and "systemet", which are not what was counted."""
    terms: list[str] = []
    mapped: list[tuple[str, str]] = []
    unknown: list[str] = []
    for unit, phrase in _typed_units(query):
        whole = unit.strip(_AROUND_WORD)
        if not phrase and re.search(r"\W", whole) and (lemma := lemma_of(tables, whole)) is not None:
            if lemma != whole.lower():
                mapped.append((whole, lemma))
            terms.append(lemma)
            continue
        for term in search_terms(f'"{unit}"' if phrase else unit, prefix=False):
            lemma = lemma_of(tables, term)  # a phrase as a whole first: "kunstig intelligens" is one term, "ki"
            if lemma is None:
                unknown.extend(w for w in term.split() if lemma_of(tables, w) is None)
                continue
            if lemma != term.lower():
                mapped.append((term, lemma))
            terms.append(lemma)
    return list(dict.fromkeys(terms)), list(dict.fromkeys(mapped)), list(dict.fromkeys(unknown))


def fts_query(terms: Sequence[str], column: str = "text") -> str | None:
    """An FTS5 MATCH expression for search_terms() in one column ("text" or "lemmas"): every term a quoted string
    (so AND/OR/NEAR/-/: are literal), a trailing * outside the quotes; all terms required."""
    if column not in SEARCH_COLUMNS:
        raise ValueError(f"column must be one of {SEARCH_COLUMNS}, not {column!r}")
    parts = []
    for term in terms:
        core = term.rstrip("*").replace('"', '""')
        if core.strip():
            parts.append(f'"{core}"' + ("*" if term.endswith("*") else ""))
    return f"{{{column}}} : (" + " AND ".join(parts) + ")" if parts else None


def _where(filters: Filters, include_unanalysed: bool, whole: Sequence[str] = ()) -> tuple[str, list]:
    """SQL conditions and parameters that keep the filtered documents' passages, inside the search query; and, for
    each of `whole` (lemma terms), only passages whose lemmas hold it as whole space-separated words."""
    clauses, params = ["passages_fts MATCH ?"], []
    if not include_unanalysed:
        clauses.append(f"passages_fts.kind IN ({', '.join('?' * len(ANALYSED_KINDS))})")
        params.extend(ANALYSED_KINDS)
    for column, values in (("organisation", filters.organisations), ("year", filters.years),
                           ("doc_type", filters.doc_types)):
        if values:
            clauses.append(f"d.{column} IN ({', '.join('?' * len(values))})")
            params.extend(int(v) if column == "year" else str(v) for v in values)
    for term in whole:
        # MATCH finds the candidates; this keeps those holding the term as counted (the index's tokens split
        # "kost-nytte-vurdering" into three words, so MATCH "nytte" alone also finds that other lemma).
        clauses.append("instr(' ' || passages_fts.lemmas || ' ', ?) > 0")
        params.append(f" {term} ")
    return " AND ".join(clauses), params


def _whole_lemmas(terms: Sequence[str], column: str) -> list[str]:
    """The lemma terms to require whole (no prefix terms): each as the space-joined words term_counts counts."""
    if column != "lemmas":
        return []
    return [" ".join(term.split()) for term in terms if term.strip() and not term.endswith("*")]


_FROM = "FROM passages_fts JOIN search_documents d ON d.doc_id = passages_fts.doc_id"


def _run_search(search_db: Path, sql: str, params: Sequence) -> list[tuple]:
    """Rows of a read-only query on search.sqlite; none when the file or the query is unusable."""
    try:
        con = sqlite3.connect(f"file:{Path(search_db).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        return con.execute(sql, list(params)).fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()


def search_count(tables: Tables, filters: Filters, terms: Sequence[str], *, column: str = "text",
                 include_unanalysed: bool = False) -> dict[str, int]:
    """Exact number of matching passages and of their documents in the filtered corpus (no cap)."""
    match = fts_query(terms, column)
    if match is None:
        return {"passages": 0, "documents": 0}
    where, params = _where(filters, include_unanalysed, _whole_lemmas(terms, column))
    rows = _run_search(tables.search_db, f"SELECT count(*), count(DISTINCT passages_fts.doc_id) {_FROM} WHERE {where}",
                       [match, *params])
    n, docs = rows[0] if rows else (0, 0)
    return {"passages": int(n), "documents": int(docs)}


def search_passages(
    tables: Tables,
    filters: Filters,
    terms: Sequence[str],
    *,
    column: str = "text",
    include_unanalysed: bool = False,
    page: int = 0,
    page_size: int | None = 50,
) -> pd.DataFrame:
    """One page of the filtered corpus's passages matching all terms (FTS5 in search.sqlite), best match first.

    The filters are applied inside the SQLite query, so a page is never cut from a corpus-wide top list; page_size
    None returns every match. Passages of kinds that are not analysed (sign-offs, references, footnotes, tables …)
    only with include_unanalysed. Columns: the passage columns plus organisation, year, doc_type, title, date, rank,
    and themes (the passage's theme ids, "|"-joined).
    """
    empty = tables.passages.iloc[0:0].assign(
        organisation=pd.Series(dtype="string"), year=pd.Series(dtype="int64"), doc_type=pd.Series(dtype="string"),
        title=pd.Series(dtype="string"), date=pd.Series(dtype="string"), rank=pd.Series(dtype="float64"),
        themes=pd.Series(dtype="string"))
    match = fts_query(terms, column)
    if match is None:
        return empty
    where, params = _where(filters, include_unanalysed, _whole_lemmas(terms, column))
    sql = f"SELECT passages_fts.passage_id, bm25(passages_fts) AS score {_FROM} WHERE {where} ORDER BY score, passages_fts.passage_id"
    if page_size is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, int(page_size), int(page) * int(page_size)]
    rows = _run_search(tables.search_db, sql, [match, *params])
    if not rows:
        return empty
    hits = pd.DataFrame({"passage_id": pd.Series([r[0] for r in rows], dtype="string"),
                         "rank": pd.Series([r[1] for r in rows], dtype="float64")})
    positions = pd.Index(tables.passages["passage_id"]).get_indexer(hits["passage_id"])
    found = tables.passages.iloc[positions[positions >= 0]].reset_index(drop=True)
    docs = tables.documents[["doc_id", *DOC_COLUMNS]]
    out = found.merge(docs, on="doc_id", how="left").assign(rank=hits["rank"].to_numpy()[positions >= 0])
    return _with_theme_ids(tables, out).reset_index(drop=True)


def _with_theme_ids(tables: Tables, hits: pd.DataFrame) -> pd.DataFrame:
    """hits with `themes`: the theme ids each passage is tagged with ("|"-joined, "" when none), so a search export
    says which themes its quotes carry."""
    tags = tables.passage_themes.loc[tables.passage_themes["passage_id"].isin(hits["passage_id"])]
    ids: dict[str, list[str]] = {}
    for passage_id, theme_id in zip(tags["passage_id"].astype(str), tags["theme_id"].astype(str)):
        ids.setdefault(passage_id, []).append(theme_id)
    themes = ["|".join(ids.get(str(p), [])) for p in hits["passage_id"]]
    return hits.assign(themes=pd.Series(themes, index=hits.index, dtype="string"))


SEARCH_MODES = ("lemma", "exact", "prefix")


def search_plan(tables: Tables, filters: Filters, query: str, mode: str, *, include_unanalysed: bool = False) -> dict:
    """What a search runs and finds, for the page: terms and column of the chosen mode ("lemma": every inflection
    via the counted lemmas; "exact": the written words; "prefix": word beginnings), the words mapped to a lemma and
    the unknown ones (lemma mode), and the exact totals of the chosen mode and of each other mode."""
    if mode not in SEARCH_MODES:
        raise ValueError(f"mode must be one of {SEARCH_MODES}, not {mode!r}")
    lemma_terms, mapped, unknown = lemma_search_terms(tables, query)
    runs = {"lemma": (lemma_terms, "lemmas"), "exact": (search_terms(query, prefix=False), "text"),
            "prefix": (search_terms(query, prefix=True), "text")}
    totals = {m: search_count(tables, filters, terms, column=column, include_unanalysed=include_unanalysed)
              for m, (terms, column) in runs.items()}
    terms, column = runs[mode]
    return {"mode": mode, "terms": terms, "column": column, "mapped": mapped,
            "unknown": unknown if mode == "lemma" else [], "totals": totals, "total": totals[mode]}


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
