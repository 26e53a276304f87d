"""The only reader of the analysis tables in <data>/processed (the pipeline's contract), and the one way pages
call a query: cached(query)(filters, ...).

The data directory and the file names come from the contract (pipeline.config, pipeline.schema). Each build
is a folder of its own under processed/, and processed/.current points at the current one. dashboard.py
resolves that pointer once per rerun (pin_build), so the sidebar, the page and every cached query of a rerun
read one complete build even while a new one lands. Tables are cached per build folder and build_info hash,
so a new build is picked up on the next rerun without restarting the app.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Concatenate, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from app.i18n import format_timestamp, text
from app.queries.index import prepare
from app.state import Tables
from pipeline.config import current_build
from pipeline.config import data_dir as active_data_dir
from pipeline.schema import BUILD_INFO, SEARCH_DB, TABLES

# built_at is stored to the second; a file saved in the same second as the build is not newer.
MTIME_SLACK_SECONDS = 2.0


@dataclass(frozen=True)
class DataStatus:
    """Whether the tables can be shown: state is "ok", "missing" or "stale"."""

    state: str
    data_dir: Path
    missing: tuple[str, ...] = ()
    newer_inputs: tuple[str, ...] = ()
    built_at: str | None = None
    n_documents: int | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True unless tables are missing (stale tables can still be shown, with a warning)."""
        return self.state != "missing"

    def message(self, lang: str) -> str:
        """One paragraph for the reader, in plain words: what is wrong and who can fix it. The missing tables and the
        changed inputs stay in this status for the operator; a reader is shown no file names or commands."""
        if self.state == "missing":
            return text("data.missing", lang)
        if self.state == "stale":
            return text("data.stale", lang)
        return text("data.ok", lang, built_at=format_timestamp(self.built_at, lang), n=self.n_documents or 0)


def _parse_built_at(value: object) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _input_files(root: Path) -> list[Path]:
    """Files whose change calls for a rebuild: top-level files in raw/ (not withdrawn/ or pending/) and themes.toml."""
    raw = root / "raw"
    files = [p for p in raw.iterdir() if p.is_file() and not p.name.startswith(".")] if raw.is_dir() else []
    themes = root / "themes.toml"
    return files + ([themes] if themes.is_file() else [])


def data_status(data_dir: Path | None = None) -> DataStatus:
    """ok | missing | stale (raw/ or themes.toml newer than the build), with a message telling how to build."""
    root = Path(data_dir) if data_dir is not None else active_data_dir()
    processed = build_folder(data_dir)
    wanted = [table.file_name for table in TABLES.values()] + [BUILD_INFO, SEARCH_DB]
    missing = tuple(f for f in wanted if not (processed / f).is_file())
    if missing:
        return DataStatus("missing", root, missing=missing)
    try:
        info = json.loads((processed / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return DataStatus("missing", root, missing=(BUILD_INFO,))
    built_at = _parse_built_at(info.get("built_at"))
    common = dict(
        built_at=info.get("built_at"),
        n_documents=info.get("n_documents"),
        problems=tuple(str(p) for p in info.get("problems", ())),
    )
    if built_at is None:
        return DataStatus("stale", root, newer_inputs=(BUILD_INFO,), **common)
    limit = built_at.timestamp() + MTIME_SLACK_SECONDS
    newer = tuple(sorted(p.name for p in _input_files(root) if p.stat().st_mtime > limit))
    return DataStatus("stale" if newer else "ok", root, newer_inputs=newer, **common)


#: How long a status may be reused while nothing cheap-to-see changed (see current_data_status).
STATUS_TTL_SECONDS = 10


def _status_signature(root: Path) -> tuple:
    """mtimes that change whenever a document is added or removed (raw/ itself), the manifest or lexicon is
    edited, or a build writes its tables (processed/ and build_info.json)."""
    paths = (root / "raw", root / "raw" / "documents.csv", root / "themes.toml", root / "processed",
             root / "processed" / BUILD_INFO)
    signature = []
    for path in paths:
        try:
            signature.append(path.stat().st_mtime_ns)
        except OSError:
            signature.append(None)
    return tuple(signature)


@st.cache_data(ttl=STATUS_TTL_SECONDS, max_entries=8, show_spinner=False)
def _cached_status(root: str, signature: tuple) -> DataStatus:
    return data_status(Path(root))


def current_data_status() -> DataStatus:
    """data_status() of the active data directory, for every rerun of the app.

    data_status() stats every file in raw/ (10,000 at the benchmark size, a quarter of a warm rerun); this
    reuses it until one of a few mtimes changes (a document added or removed, the manifest, lexicon or
    tables rewritten), and for at most STATUS_TTL_SECONDS, so a document overwritten in place still shows
    as newer than the build within seconds.
    """
    root = active_data_dir()
    return _cached_status(str(root), _status_signature(root))


def build_key(folder: Path) -> str:
    """The cache key of the build in folder: its name and the sha256 of its build_info.json.

    Every cached() call asks for it, so the hash is remembered per file identity (inode, size, mtime): a rerun
    stats the file instead of reading and hashing it once per query.
    """
    info = (folder / BUILD_INFO).stat()
    return _hashed_key(str(folder), info.st_ino, info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _hashed_key(folder: str, inode: int, size: int, mtime_ns: int) -> str:
    path = Path(folder)
    return f"{path.name}:{hashlib.sha256((path / BUILD_INFO).read_bytes()).hexdigest()}"


#: Where dashboard.py pins, at the start of every rerun, the build folder the whole rerun reads.
PINNED_KEY = "_build_folder"


def pin_build() -> Path:
    """Resolve the current-build pointer once for this rerun (called first thing by dashboard.py)."""
    root = active_data_dir()
    folder = current_build(root / "processed")
    st.session_state[PINNED_KEY] = (str(root), str(folder))
    return folder


def build_folder(data_dir: Path | None = None) -> Path:
    """The folder of the build to read: the one pinned for this rerun, else where the pointer points now.

    A pinned folder that has gone (pruned after several newer builds) is re-resolved.
    """
    root = Path(data_dir) if data_dir is not None else active_data_dir()
    if data_dir is None:
        try:
            pinned_root, pinned = st.session_state.get(PINNED_KEY) or (None, None)
        except Exception:  # no session (bare mode, a worker thread): resolve now
            pinned_root, pinned = None, None
        if pinned_root == str(root) and pinned and Path(pinned).is_dir():
            return Path(pinned)
    return current_build(root / "processed")


@st.cache_resource(max_entries=2, show_spinner=False)
def _read_tables(folder: str, key: str) -> Tables:
    # cache_resource, not cache_data: frames are shared read-only instead of copied on every rerun.
    # Every file comes from one build folder, which a build never changes once it is complete.
    folder = Path(folder)
    frames = {name: pd.read_parquet(folder / table.file_name) for name, table in TABLES.items()}
    info = json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
    tables = Tables(**frames, build_info=info, search_db=folder / SEARCH_DB)
    prepare(tables)  # index once here, while the first session loads the tables, so no page view pays for it
    return tables


def load_tables(data_dir: Path | None = None) -> Tables:
    """All tables of the build this rerun reads (build_folder), cached per build."""
    folder = build_folder(data_dir)
    return _read_tables(str(folder), build_key(folder))


P = ParamSpec("P")
R = TypeVar("R")
#: Every query wrapped by cached(), by its dotted name (the cache key names the query, the call site holds it).
_QUERIES: dict[str, Callable] = {}


@st.cache_data(max_entries=256, show_spinner=False)
def _run(query: str, build: tuple[str, str, str], args: tuple, kwargs: tuple):
    _, folder, key = build
    return _QUERIES[query](_read_tables(folder, key), *args, **dict(kwargs))


def cached(query: Callable[Concatenate[Tables, P], R]) -> Callable[P, R]:
    """query over the current build's tables: cached(terms.vocabulary)(filters, min_count=2).

    The result is computed once per data directory, build, and arguments, so a click or slider move that
    reruns the page does not recompute the charts it does not change (term-count queries read millions of
    rows at 10,000 documents). Results are copies: a page may change them freely.
    """
    name = f"{query.__module__}.{query.__qualname__}"
    _QUERIES.setdefault(name, query)

    @functools.wraps(query)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        folder = build_folder()  # the build pinned for this rerun: same tables as load_tables()
        return _run(name, (str(active_data_dir()), str(folder), build_key(folder)), args, tuple(sorted(kwargs.items())))

    return call
