"""The only reader of the analysis tables in <data>/processed (the pipeline's contract).

The data directory is $HORINGSRADAR_DATA when set, else <project>/data. Tables are cached
once per build: the cache key is the hash of build_info.json, so a new build is picked up
on the next rerun without restarting the app.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import streamlit as st

from app.i18n import format_timestamp, text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_ENV = "HORINGSRADAR_DATA"
TABLE_NAMES = (
    "documents",
    "passages",
    "themes",
    "passage_themes",
    "topics",
    "topic_terms",
    "passage_topics",
    "term_counts",
)
BUILD_INFO = "build_info.json"
SEARCH_DB = "search.sqlite"
# built_at is stored to the second; a file saved in the same second as the build is not newer.
MTIME_SLACK_SECONDS = 2.0


@dataclass(frozen=True)
class Tables:
    """All analysis tables of one build. Treat the frames as read-only: they are shared between sessions."""

    documents: pd.DataFrame
    passages: pd.DataFrame
    themes: pd.DataFrame
    passage_themes: pd.DataFrame
    topics: pd.DataFrame
    topic_terms: pd.DataFrame
    passage_topics: pd.DataFrame
    term_counts: pd.DataFrame
    build_info: dict
    search_db: Path
    #: Indexes derived from the frames once per build (queries.prepare), shared like the frames; not data.
    derived: dict = field(default_factory=dict, compare=False, repr=False)


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
        """One paragraph for the reader: what is wrong and how to build the tables."""
        if self.state == "missing":
            return text("data.missing", lang, files=", ".join(self.missing), data_dir=self.data_dir)
        if self.state == "stale":
            shown = ", ".join(self.newer_inputs[:5]) + (" …" if len(self.newer_inputs) > 5 else "")
            return text("data.stale", lang, files=shown)
        return text("data.ok", lang, built_at=format_timestamp(self.built_at, lang), n=self.n_documents or 0)


def active_data_dir() -> Path:
    """The active data directory: $HORINGSRADAR_DATA, else <project>/data."""
    env = os.environ.get(DATA_ENV)
    return Path(env).resolve() if env else PROJECT_ROOT / "data"


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
    processed = root / "processed"
    wanted = [f"{name}.parquet" for name in TABLE_NAMES] + [BUILD_INFO, SEARCH_DB]
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


def build_hash(data_dir: Path | None = None) -> str:
    """sha256 of build_info.json: changes with every build, so it keys the cache."""
    root = Path(data_dir) if data_dir is not None else active_data_dir()
    return hashlib.sha256((root / "processed" / BUILD_INFO).read_bytes()).hexdigest()


@st.cache_resource(max_entries=2, show_spinner=False)
def _read_tables(processed: str, build_hash_: str) -> Tables:
    # cache_resource, not cache_data: frames are shared read-only instead of copied on every rerun.
    folder = Path(processed)
    frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLE_NAMES}
    info = json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
    tables = Tables(**frames, build_info=info, search_db=folder / SEARCH_DB)
    from app import queries  # queries imports this module

    # Index once here, while the first session loads the tables, so no page view pays for it.
    queries.prepare(tables)
    return tables


def load_tables(data_dir: Path | None = None) -> Tables:
    """All tables of the current build, cached per build (keyed on build_info.json's hash)."""
    from app.filters import leave_legacy_pages_mode  # every page loads tables, so every page gets the guard

    leave_legacy_pages_mode()
    root = Path(data_dir) if data_dir is not None else active_data_dir()
    return _read_tables(str(root / "processed"), build_hash(root))
