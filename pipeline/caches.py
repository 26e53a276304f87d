"""What the build keeps between runs in interim/: each document's passages and theme tags, keyed by content.

A document's cache key hashes its file's content, the metadata that shapes its passages, the per-document stage
code (as this process imported it: code_hash) and CACHE_FORMAT: any change there is a new key, so a stale entry is
never read. Theme tags are kept per
document and lexicon, so a lexicon change re-tags without re-extracting. Files' hashes are kept by size and
modification time, so an unchanged corpus is not read again.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import pickle
import secrets
import shutil
import sys
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from . import IMPORTED_SOURCES, __version__, read_sources, schema, store
from .guards import sha256_file

#: Arrow types of the schema's dtypes, for the tables the cache and the build hold.
_ARROW_TYPES = {"string": pa.large_string(), "int64": pa.int64(), "Int64": pa.int64(), "bool": pa.bool_(),
                "float64": pa.float64()}


def arrow_schema(name: str, forms: bool = False) -> pa.Schema:
    """The Arrow schema of one contract table, plus a "forms" column for cached passages."""
    fields = [pa.field(c, _ARROW_TYPES[d]) for c, d in schema.TABLES[name].columns.items()]
    return pa.schema(fields + ([pa.field("forms", pa.large_string())] if forms else []))


def frame(tables: Sequence[pa.Table], name: str) -> pd.DataFrame:
    """Arrow tables of one contract table, concatenated into a conformed frame."""
    if not tables:
        return schema.empty(name)
    columns = list(schema.TABLES[name].columns)
    combined = pa.concat_tables([t.select(columns) for t in tables])
    return schema.conform(combined.to_pandas(types_mapper={pa.large_string(): pd.StringDtype()}.get), name)



def column_of(tables: Sequence[pa.Table], column: str, type: pa.DataType) -> pa.ChunkedArray:
    """One column of many tables as one chunked array (of type `type`) of their chunks: pa.chunked_array of the
    tables' columns themselves (chunked arrays) took ~0.5 s for the 10,000 documents of a corpus, of their chunks
    ~2 ms. The same values; a column of another type goes through pa.chunked_array as before."""
    columns = [table[column] for table in tables]
    if any(c.type != type for c in columns):
        return pa.chunked_array(columns, type=type)
    return pa.chunked_array([chunk for c in columns for chunk in c.chunks], type=type)


@dataclass(frozen=True)
class CachedDocument:
    """One document's passages as the cache and the build hold them: an Arrow table of the schema's
    passage columns (their "lemmas": space-joined content lemmas) plus "forms" (the written form of each
    lemma, lower case, space-joined in step with the lemmas; see trends.term_forms). 10,000 of them take a fifth of
    the memory of DataFrames with lemma lists, and load without a Python object per lemma."""

    table: pa.Table
    n_pages: int | None  # None: a format without pages (read.page_count)
    warnings: tuple[str, ...]
    text_source: str = "text"  # schema.TEXT_SOURCES: whether OCR read the text
    detected_language: str = "nb"  # schema.LANGUAGES: detected from the body text (pipeline/lang_detect.py)

    @property
    def n_words(self) -> int:
        return sum(self.table["n_words"].to_pylist())  # pc.sum costs ~0.3 ms a call, 3 s over 10,000 documents

    @property
    def passages(self) -> pd.DataFrame:
        """The passages as a schema frame."""
        return frame([self.table], "passages")

    @property
    def lemmas(self) -> dict[str, list[str]]:
        """passage_id -> content lemmas."""
        return {pid: text.split() for pid, text in zip(self.table["passage_id"].to_pylist(), self.table["lemmas"].to_pylist())}



def file_shas(raw: Path, files: Sequence[str], hashes_file: Path) -> dict[str, str]:
    """SHA-256 of each file, re-hashing only files whose size or modification time changed since the last build
    (kept in hashes_file)."""
    try:
        known = json.loads(hashes_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        known = {}
    shas, fresh = {}, {}
    for name in files:
        stat = (raw / name).stat()
        entry = known.get(name)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            shas[name] = entry[2]
        else:
            shas[name] = sha256_file(raw / name)
        fresh[name] = [stat.st_size, stat.st_mtime_ns, shas[name]]
    if fresh != known:
        store.atomic_write_text(hashes_file, json.dumps(fresh))
    return shas


#: Where the pipeline's module files are (the package's own folder).
SOURCE_DIR = Path(__file__).parent


def _sources_hash(sources: Mapping[str, bytes], modules: Sequence[str]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for name in modules:
        if name in sources:  # a module without a file is left out
            digest.update(sources[name])
    return digest.hexdigest()[:16]


def code_hash(modules: Sequence[str]) -> str:
    """Hash of the source of the given pipeline modules as this process imported them (pipeline.IMPORTED_SOURCES), so
    a code change invalidates what it shaped. Not the files as they are now: a build edited while it runs (its old
    code already imported, here and in its workers) must not key what the old code made by the new code."""
    return _sources_hash(IMPORTED_SOURCES, modules)


def code_hash_on_disk(modules: Sequence[str]) -> str:
    """code_hash of the modules' files as they are now: the code a new process would run."""
    return _sources_hash(read_sources(SOURCE_DIR, modules), modules)


def changed_since_import(modules: Sequence[str]) -> list[str]:
    """The modules whose file is no longer the source this process took when the package was imported. Such a module
    runs its old code if it was imported before the edit, the new code if after: code_hash describes only the old."""
    now = read_sources(SOURCE_DIR, modules)
    return [name for name in modules if now.get(name) != IMPORTED_SOURCES.get(name)]


def import_modules(modules: Sequence[str]) -> list[str]:
    """Import the pipeline modules this process has not imported yet; returns those of them whose file changed since
    the package was imported (changed_since_import), whose code here may then not be what code_hash describes.
    Modules imported before are not checked again: their code was fixed when they were imported."""
    fresh = [name for name in modules if f"{__package__}.{name}" not in sys.modules]
    for name in fresh:
        importlib.import_module(f"{__package__}.{name}")
    return changed_since_import(fresh)


#: Bumped when the cached objects change shape, so older cache files are not read.
CACHE_FORMAT = 8


def cache_path(interim: Path, sha: str, doc_id: str, organisation: str, stage_hash: str, language: str = "") -> Path:
    """The cache file of one document: its content, the metadata that shapes its passages (organisation for the
    self-description, the manifest's language for the lemmatiser) and the stage code."""
    key = hashlib.sha256(f"{sha}|{doc_id}|{organisation}|{language}|{stage_hash}|{CACHE_FORMAT}".encode()).hexdigest()[:32]
    return interim / "documents" / f"{key}.pkl"


def tags_path(cache_file: Path, lexicon_key: str) -> Path:
    """Theme tags of one document under one lexicon: a lexicon change re-tags without re-extracting."""
    return cache_file.parent.parent / "themes" / f"{cache_file.stem}-{lexicon_key}.pkl"



def load_cached(cache_file: Path, kind: type):
    """A cached object of the given type (CachedDocument, pa.Table for tags, list for demand rows), or None when absent or unreadable."""
    try:
        loaded = pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return loaded if isinstance(loaded, kind) else None



def save_cached(cache_file: Path, value: object) -> None:
    """Write one cache entry (a pickle; not fsynced: a lost entry is only recomputed)."""
    store.atomic_write_bytes(cache_file, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)


#: A temporary file of an interrupted cache write (".<name>.<random>.tmp", store.atomic_path) older than this is
#: left over, not being written: the build that wrote it is gone (builds hold the data directory's lock).
TEMPORARY_GRACE_SECONDS = 3600.0


def prune_entries(folder: Path, keep: Collection[str], grace_seconds: float = TEMPORARY_GRACE_SECONDS) -> list[str]:
    """Remove every cache entry of folder whose file name is not in keep (the entries the build just read or wrote);
    returns the names removed, sorted.

    Like store.prune_builds: whole entries only, never a part of one. Each is first moved (os.replace, atomic) into a
    hidden folder of this prune, which is then deleted: an entry is either at its name, complete, or gone, and a prune
    cut short leaves only that hidden folder, which the next prune deletes. Run after the build's tables are in
    place, so a failed build removes nothing. Temporaries of interrupted writes older than grace_seconds go too.
    """
    if not folder.is_dir():
        return []
    for leftover in folder.glob(".pruning-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    now, wanted = time.time(), set(keep)
    doomed = []
    for entry in folder.iterdir():
        if not entry.is_file() or entry.name in wanted:
            continue
        if entry.name.startswith("."):  # an atomic write's temporary: only when surely abandoned
            try:
                if not entry.name.endswith(".tmp") or now - entry.stat().st_mtime < grace_seconds:
                    continue
            except OSError:
                continue
        doomed.append(entry)
    if not doomed:
        return []
    trash = folder / f".pruning-{secrets.token_hex(4)}"
    trash.mkdir()
    removed = []
    for entry in doomed:
        try:
            os.replace(entry, trash / entry.name)
            removed.append(entry.name)
        except OSError:
            continue
    shutil.rmtree(trash, ignore_errors=True)
    return sorted(removed)
