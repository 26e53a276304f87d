"""Atomic writes: every file is written to a temporary sibling and moved into place with os.replace.

A build validates all tables first and writes the new set into a folder of its own,
processed/.builds/<id>/; when the set is complete, the pointer processed/.current (a symlink)
is switched to it in one os.replace. Readers resolve the pointer once and read one complete
build; the last KEEP_BUILDS builds are kept so a reader that resolved the previous pointer still
finds its files. processed/<table> names are symlinks through the pointer, for readers that
open one table at a time. `recover()` discards a half-written build folder or switches to a
complete one whose switch was interrupted; no second build is needed.

The build's corpus snapshot in interim/ (all cached documents in one Arrow file) is written and
read here too, through the same temporary-sibling move.
"""
from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import config, schema


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary sibling of path to write; moved onto path if the block succeeds, removed if it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write data to path so that readers see either the old or the new file, never half of one.

    durable=False skips the fsync, for caches: a cache file lost to a power cut is recomputed,
    and 20,000 fsyncs cost a 10,000-document build more time than its theme tagging.
    """
    with atomic_path(path) as tmp, tmp.open("wb") as fh:
        fh.write(data)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())


def atomic_write_text(path: Path, text: str) -> None:
    """Text version of atomic_write_bytes (UTF-8)."""
    atomic_write_bytes(path, text.encode("utf-8"))


#: Rows converted and written at a time when a frame holds categoricals of strings.
WRITE_BATCH_ROWS = 1_000_000


def table_bytes(df: pd.DataFrame) -> bytes:
    """Parquet bytes of a frame, as write_parquet writes them."""
    buf = io.BytesIO()
    write_parquet(df, buf)
    return buf.getvalue()


def write_table_file(df: pd.DataFrame, path: Path) -> None:
    """A frame's parquet file at path, written as atomic_write_bytes writes (temporary sibling, fsync, move), but
    streamed: the bytes of a table are never all in memory (passages at 10,000 documents: 110 MB)."""
    with atomic_path(path) as tmp, tmp.open("wb") as fh:
        write_parquet(df, fh)
        fh.flush()
        os.fsync(fh.fileno())


def write_parquet(df: pd.DataFrame, sink) -> None:
    """Parquet of a frame (no index) into sink (a binary file); categoricals of strings are written as plain strings.

    They go to Arrow as dictionary arrays (no copy) and are cast to strings a batch of rows at a
    time, so the strings of an 11M-row table are never all in memory; the file is the one the
    same frame with "string" columns would give, and reads back with that dtype.
    """
    categorical = [c for c in df.columns if schema.is_string_categorical(df[c].dtype)]
    if not categorical:
        df.to_parquet(sink, index=False)
        return
    target = pa.Table.from_pandas(df.head(1).astype({c: "string" for c in categorical}), preserve_index=False).schema
    columns = {}
    for column in df.columns:
        values = df[column].array
        if column in categorical:
            categories = pa.array(values.categories.to_numpy(dtype=object), type=target.field(column).type)
            columns[column] = pa.DictionaryArray.from_arrays(pa.array(values.codes), categories)
        else:
            columns[column] = pa.Table.from_pandas(df[[column]], preserve_index=False).column(0)
    table = pa.table(columns)
    with pq.ParquetWriter(sink, target) as writer:
        for start in range(0, max(len(df), 1), WRITE_BATCH_ROWS):
            writer.write_table(table.slice(start, WRITE_BATCH_ROWS).cast(target))


def write_snapshot(path: Path, tables: Mapping[str, pa.Table], info: Mapping[str, list]) -> None:
    """All documents' cached tables in one Arrow IPC file: one record batch per cache key, in order.

    `info` (cache key -> JSON-able list) and the keys go into the file's metadata. A rebuild
    memory-maps the file instead of unpickling one file per document (10,000 documents: 4 s for
    20,000 pickles).
    """
    if not tables:
        return
    keys = list(tables)
    schema_ = tables[keys[0]].schema.with_metadata({"keys": json.dumps(keys), "info": json.dumps(info)})
    # streamed, not built in memory: 400 MB at 10,000 documents; a cache, so no fsync
    with atomic_path(path) as tmp, pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, schema_) as writer:
        for key in keys:
            batches = tables[key].combine_chunks().to_batches()
            writer.write_batch(batches[0] if batches else pa.RecordBatch.from_pylist([], schema=schema_))


def read_snapshot(path: Path) -> tuple[dict[str, pa.Table], dict[str, list]]:
    """cache key -> table and cache key -> info of a snapshot file; empty when absent or unreadable."""
    try:
        reader = pa.ipc.open_file(pa.memory_map(str(path)))
        keys = json.loads(reader.schema.metadata[b"keys"])
        info = json.loads(reader.schema.metadata[b"info"])
        if reader.num_record_batches != len(keys):
            return {}, {}
        plain = reader.schema.remove_metadata()
        tables = {k: pa.Table.from_batches([reader.get_batch(i)], schema=plain) for i, k in enumerate(keys)}
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
        return {}, {}
    return tables, info


def read_table(processed: Path, name: str) -> pd.DataFrame:
    """Read one contract table."""
    return pd.read_parquet(processed / schema.TABLES[name].file_name)


#: Builds kept (the current one among them); an older one goes only when it was superseded more than
#: PRUNE_GRACE_SECONDS ago, so a reader that resolved its pointer just before several quick builds still finds
#: its files (an app rerun reads its build within seconds).
KEEP_BUILDS = 3
PRUNE_GRACE_SECONDS = 600.0
TMP_PREFIX = ".tmp-"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_build_id() -> str:
    """Sortable by time, unique across builds started in the same second."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def _replace_with_symlink(link: Path, target: str) -> None:
    """Point link at target, atomically (a new symlink moved over the old link or file)."""
    tmp = link.with_name(f".{link.name}.{secrets.token_hex(4)}.tmp")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    finally:
        if tmp.is_symlink():
            tmp.unlink()


def _flat_names(build: Path) -> list[str]:
    return sorted(p.name for p in build.iterdir() if not p.name.startswith("."))


def _link_flat_names(processed: Path) -> None:
    """processed/<table> -> .current/<table> for every file of the current build (once; they follow the pointer).

    Readers that open processed/documents.parquet directly keep working; the app resolves the pointer once.
    """
    build = config.current_build(processed)
    if build == processed:
        return
    for name in _flat_names(build):
        link = processed / name
        wanted = f"{config.CURRENT_LINK}/{name}"
        if not (link.is_symlink() and os.readlink(link) == wanted):
            _replace_with_symlink(link, wanted)


def _adopt_plain_current(processed: Path) -> None:
    """Keep a plain folder where the .current link belongs as the oldest build.

    A data directory copied with its links followed (cp -rL, shutil.copytree, a zip archive) has a folder there,
    and os.replace cannot put a link over a folder. Moved, not deleted (it may be the only copy of those tables);
    its id sorts before every real build, so recover() never prefers it and prune_builds() removes it in time.
    """
    current = processed / config.CURRENT_LINK
    if current.is_dir() and not current.is_symlink():
        builds = processed / config.BUILDS_DIR
        builds.mkdir(exist_ok=True)
        os.rename(current, builds / f"00000000T000000000000Z-copied-{secrets.token_hex(3)}")


def _switch_current(processed: Path, build_id: str) -> None:
    _adopt_plain_current(processed)
    _replace_with_symlink(processed / config.CURRENT_LINK, f"{config.BUILDS_DIR}/{build_id}")
    _fsync_dir(processed)
    _link_flat_names(processed)


def _complete_builds(processed: Path) -> list[Path]:
    builds = processed / config.BUILDS_DIR
    if not builds.is_dir():
        return []
    return sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("."))


def prune_builds(processed: Path, keep: int = KEEP_BUILDS, grace_seconds: float = PRUNE_GRACE_SECONDS) -> list[str]:
    """Delete builds older than the newest `keep` that were superseded over grace_seconds ago (never the current
    one); returns the ids deleted."""
    current = config.current_build(processed).name
    builds = _complete_builds(processed)
    now = time.time()
    old = []
    for older, newer in zip(builds[: max(len(builds) - keep, 0)], builds[1:]):
        try:
            superseded = newer.stat().st_mtime
        except OSError:
            continue
        if older.name != current and now - superseded >= grace_seconds:
            old.append(older)
    for build in old:
        shutil.rmtree(build, ignore_errors=True)
    return [b.name for b in old]


class OutputWriter:
    """One build's set of tables, written into a folder of its own (.builds/.tmp-<id>/) one table at a time, each as
    soon as the build has it final, so that the build can let it go before its next stages; finish() makes the folder
    the current build as write_outputs does, discard() removes it (a failed build; nothing once finished)."""

    def __init__(self, processed: Path) -> None:
        self.processed = processed
        self.build_id = _new_build_id()
        self.staging = processed / config.BUILDS_DIR / f"{TMP_PREFIX}{self.build_id}"
        self.staging.mkdir(parents=True)
        self.row_counts: dict[str, int] = {}

    def write(self, name: str, df: pd.DataFrame) -> None:
        """Validate one contract table and write it into the folder."""
        schema.validate(df, name)
        self._put(name, df)

    def _put(self, name: str, df: pd.DataFrame) -> None:
        write_table_file(df, self.staging / schema.TABLES[name].file_name)
        self.row_counts[name] = len(df)

    def finish(self, build_info: Mapping, search_db: Path | None = None) -> str:
        """Add build_info (validated) and the search index (`search_db`: a finished SQLite file built elsewhere, moved
        into place), then switch the pointer to the folder; returns the build id."""
        schema.validate_build_info(build_info)
        if search_db is not None:
            os.replace(search_db, self.staging / schema.SEARCH_DB)
        atomic_write_text(self.staging / schema.BUILD_INFO, json.dumps(build_info, ensure_ascii=False, indent=2,
                                                                       default=str))
        _fsync_dir(self.staging)
        builds = self.processed / config.BUILDS_DIR
        os.rename(self.staging, builds / self.build_id)
        _fsync_dir(builds)
        _switch_current(self.processed, self.build_id)
        prune_builds(self.processed)
        return self.build_id

    def discard(self) -> None:
        """Remove the folder of a set that was not finished."""
        shutil.rmtree(self.staging, ignore_errors=True)


def write_outputs(
    processed: Path,
    tables: Mapping[str, pd.DataFrame],
    build_info: Mapping,
    search_db: Path | None = None,
) -> str:
    """Validate every table and build_info, write the set into a build folder of its own, then switch the pointer
    to it.

    The folder is written as .builds/.tmp-<id>/ and renamed to .builds/<id>/ when complete; then
    processed/.current is replaced by a symlink to it in one os.replace. A reader resolves the pointer once
    (config.current_build) and so reads one complete build, the new or the previous one, never a mix; a
    build killed at any step leaves the previous pointer, or a complete new build that recover() switches to.
    `search_db` is a finished SQLite file built elsewhere (a temporary path); it is moved into place.
    Returns the build id.
    """
    for name, df in tables.items():
        schema.validate(df, name)
    schema.validate_build_info(build_info)
    output = OutputWriter(processed)
    try:
        for name, df in tables.items():  # one table at a time, streamed to its file
            output._put(name, df)
        return output.finish(build_info, search_db)
    finally:
        output.discard()


def recover(processed: Path) -> str | None:
    """Finish or discard an interrupted write; remove stray temporary files. Says what it did.

    A build killed before its folder was complete leaves .builds/.tmp-*: discarded. One killed after the
    rename but before the pointer moved leaves a complete build newer than the current one: switched to.
    """
    done = None
    builds = processed / config.BUILDS_DIR
    for partial in builds.glob(f"{TMP_PREFIX}*") if builds.is_dir() else ():
        shutil.rmtree(partial, ignore_errors=True)
        done = "discarded the partial output of an interrupted build"
    complete = [b for b in _complete_builds(processed) if (b / schema.BUILD_INFO).is_file()]
    current = config.current_build(processed)
    if complete and complete[-1] != current and (current == processed or complete[-1].name > current.name):
        _switch_current(processed, complete[-1].name)
        done = "switched to the tables of an interrupted build, which were complete"
    elif current != processed:
        _link_flat_names(processed)
    legacy_staging = processed / ".staging"  # an older version's half-written set: never read
    if legacy_staging.exists():
        shutil.rmtree(legacy_staging, ignore_errors=True)
    for stray in processed.glob(".*.tmp") if processed.exists() else ():
        stray.unlink(missing_ok=True)
    return done
