"""search.sqlite: an SQLite FTS5 index over the passages' text and lemmas, updated in place when few documents
change."""
from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

#: Above this share of documents added, changed or removed, the search index is built afresh.
SEARCH_REBUILD_SHARE = 0.2


#: Bytes of postings FTS5 gathers in memory before it writes them as a segment (its default is 1 MB). Each segment
#: is merged into larger ones later, so a full build of 10,000 documents' 380,000 passages merged its postings over
#: and over: 32 MB cuts the stage's CPU by about a third (same rows and statistics, so the same BM25 ranking), for
#: ~40 MB more memory while it runs. Stored in the index's config, so updates in place use it too.
FTS_HASH_SIZE = 32 * 1024 * 1024
#: Passages whose strings are made and inserted at a time (build_search_index).
INSERT_BATCH = 20_000


#: The layout of search.sqlite; an index of another layout is never updated in place, only rebuilt.
SEARCH_FORMAT = 2


def build_search_index(
    passages: pd.DataFrame,
    documents: pd.DataFrame,
    target: Path,
    keys: Mapping[str, str] | None = None,
    previous: Path | None = None,
) -> str:
    """SQLite FTS5 index over passages, written to target; says how it was made.

    passages_fts holds passage_id, doc_id, kind (not searchable), the text (exact-word search)
    and the lemmas (lemma search: every inflection of a word, the lemmas term_counts counts). The table
    search_documents (doc_id, organisation, year, doc_type; rewritten on every build, so corrected
    metadata needs no re-indexing) lets the app filter inside the search query, before any limit.

    `keys` maps each doc_id to a key that changes whenever its passages change (the cache key).
    With `previous`, an index of an earlier build that recorded such keys, target starts as a
    copy of it and only the documents whose key differs are deleted and inserted: adding one
    document to 10,000 re-indexes ~40 passages instead of 360,000 (FTS5 keeps its BM25
    statistics exact under deletes). Each document's passages sit in one rowid range, kept in
    the table indexed_documents.
    """
    doc_ids = passages["doc_id"].astype(str).to_numpy()
    keys = dict(keys) if keys is not None else {d: "" for d in dict.fromkeys(doc_ids)}
    target.unlink(missing_ok=True)
    old = _indexed_documents(previous) if previous is not None and keys else None
    if old is not None and _search_format(previous) != SEARCH_FORMAT:
        old = None
    if old is not None:
        stale = [d for d, (key, _, _) in old.items() if keys.get(d) != key]
        fresh = [d for d, key in keys.items() if d not in old or old[d][0] != key]
        if len(set(stale) | set(fresh)) > SEARCH_REBUILD_SHARE * len(set(old) | set(keys)):
            old = None
    if old is None:
        stale, fresh = [], list(keys)
    else:
        shutil.copyfile(previous, target)
    con = sqlite3.connect(target)
    try:
        # A temporary file, moved into place only when complete: no journal or fsync is needed.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        if old is None:
            con.execute(
                "CREATE VIRTUAL TABLE passages_fts USING fts5(passage_id UNINDEXED, doc_id UNINDEXED, "
                "kind UNINDEXED, text, lemmas, tokenize = 'unicode61 remove_diacritics 0')"
            )
            con.execute("INSERT INTO passages_fts (passages_fts, rank) VALUES ('hashsize', ?)", (FTS_HASH_SIZE,))
            con.execute("CREATE TABLE indexed_documents (doc_id TEXT PRIMARY KEY, key TEXT, first INTEGER, last INTEGER)")
            con.execute(f"PRAGMA user_version = {SEARCH_FORMAT}")
        for doc_id in stale:
            _, first, last = old[doc_id]
            con.execute("DELETE FROM passages_fts WHERE rowid BETWEEN ? AND ?", (first, last))
            con.execute("DELETE FROM indexed_documents WHERE doc_id = ?", (doc_id,))
        next_rowid = (con.execute("SELECT max(rowid) FROM passages_fts").fetchone()[0] or 0) + 1
        wanted = set(fresh)
        selected = passages.loc[pd.Series(doc_ids).isin(wanted).to_numpy()] if old is not None else passages
        ranges: dict[str, list[int]] = {}
        # INSERT_BATCH passages' strings at a time, in order, in the one transaction: the same rows and rowids as one
        # executemany over all of them, without a Python string per passage and column of the whole corpus at once
        # (~500 MB at 10,000 documents)
        for start in range(0, len(selected), INSERT_BATCH):
            batch = selected.iloc[start:start + INSERT_BATCH]
            docs = batch["doc_id"].astype(str).tolist()
            con.executemany(
                "INSERT INTO passages_fts (rowid, passage_id, doc_id, kind, text, lemmas) VALUES (?, ?, ?, ?, ?, ?)",
                zip(range(next_rowid, next_rowid + len(docs)), batch["passage_id"].astype(str).tolist(), docs,
                    batch["kind"].astype(str).tolist(), batch["text"].astype(str).tolist(),
                    batch["lemmas"].fillna("").astype(str).tolist()),
            )
            for rowid, doc_id in enumerate(docs, start=next_rowid):
                ranges.setdefault(doc_id, [rowid, rowid])[1] = rowid
            next_rowid += len(docs)
        con.executemany(
            "INSERT INTO indexed_documents (doc_id, key, first, last) VALUES (?, ?, ?, ?)",
            [(d, keys.get(d, ""), first, last) for d, (first, last) in ranges.items()],
        )
        _write_search_documents(con, documents)
        # No 'optimize' merge: it cost a third of the stage at 10,000 documents, and FTS5's automerge
        # already keeps the number of index segments logarithmic in the rows.
        con.commit()
    finally:
        con.close()
    if old is None:
        return "full"
    return f"incremental: {len(fresh)} documents indexed, {len(stale)} removed"


def _write_search_documents(con: sqlite3.Connection, documents: pd.DataFrame) -> None:
    """Replace search_documents with the build's documents (organisation, year, doc_type per doc_id)."""
    con.execute("DROP TABLE IF EXISTS search_documents")
    con.execute("CREATE TABLE search_documents (doc_id TEXT PRIMARY KEY, organisation TEXT, year INTEGER, doc_type TEXT)")
    con.executemany(
        "INSERT INTO search_documents VALUES (?, ?, ?, ?)",
        zip(documents["doc_id"].astype(str), documents["organisation"].astype(str),
            documents["year"].astype(int).tolist(), documents["doc_type"].astype(str)),
    )


def _search_format(db: Path) -> int:
    """The SEARCH_FORMAT an existing index was written with (0 when unreadable)."""
    try:
        con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _indexed_documents(db: Path) -> dict[str, tuple[str, int, int]] | None:
    """doc_id -> (key, first rowid, last rowid) of an earlier index, or None when it has none."""
    if not db.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT doc_id, key, first, last FROM indexed_documents").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return {doc_id: (key, first, last) for doc_id, key, first, last in rows}

