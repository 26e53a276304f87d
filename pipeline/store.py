"""Atomic writes: every file is written to a temporary sibling and moved into place with os.replace.

A build validates all tables first and writes the new set into processed/.staging/; only
when the whole set is on disk does a COMPLETE marker appear, and then the files are moved
into place, build_info.json last. A build killed before the marker leaves the previous
tables untouched (the staging folder is discarded); one killed while moving is rolled
forward by `recover()`, so readers never keep a mix of two builds.

The build's corpus snapshot in interim/ (all cached documents in one Arrow file) is written and
read here too, through the same temporary-sibling move.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import schema


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
    """Parquet bytes of a frame (no index); categoricals of strings are written as plain strings.

    They go to Arrow as dictionary arrays (no copy) and are cast to strings a batch of rows at a
    time, so the strings of an 11M-row table are never all in memory; the file is the one the
    same frame with "string" columns would give, and reads back with that dtype.
    """
    buf = io.BytesIO()
    categorical = [c for c in df.columns if schema.is_string_categorical(df[c].dtype)]
    if not categorical:
        df.to_parquet(buf, index=False)
        return buf.getvalue()
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
    with pq.ParquetWriter(buf, target) as writer:
        for start in range(0, max(len(df), 1), WRITE_BATCH_ROWS):
            writer.write_table(table.slice(start, WRITE_BATCH_ROWS).cast(target))
    return buf.getvalue()


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


STAGING = ".staging"
COMPLETE = "COMPLETE"


def write_outputs(
    processed: Path,
    tables: Mapping[str, pd.DataFrame],
    build_info: Mapping,
    search_db: Path | None = None,
) -> None:
    """Validate every table, stage the new set, then move it into place, build_info.json last.

    `search_db` is a finished SQLite file built elsewhere (a temporary path); it is moved into place.
    """
    for name, df in tables.items():
        schema.validate(df, name)
    staging = processed / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, df in tables.items():  # one table's bytes in memory at a time
        atomic_write_bytes(staging / schema.TABLES[name].file_name, table_bytes(df))
    if search_db is not None:
        os.replace(search_db, staging / schema.SEARCH_DB)
    atomic_write_text(staging / schema.BUILD_INFO, json.dumps(build_info, ensure_ascii=False, indent=2, default=str))
    atomic_write_text(staging / COMPLETE, "")
    _commit_staging(processed)


def _commit_staging(processed: Path) -> None:
    staging = processed / STAGING
    names = sorted(p.name for p in staging.iterdir() if p.name not in (COMPLETE, schema.BUILD_INFO))
    for name in names + [schema.BUILD_INFO]:
        if (staging / name).exists():  # absent when a killed commit already moved it
            os.replace(staging / name, processed / name)
    shutil.rmtree(staging)


def recover(processed: Path) -> str | None:
    """Finish or discard an interrupted write; remove stray temporary files. Says what it did."""
    staging = processed / STAGING
    done = None
    if (staging / COMPLETE).exists():
        _commit_staging(processed)
        done = "finished moving the tables of an interrupted build into place"
    elif staging.exists():
        shutil.rmtree(staging)
        done = "discarded the partial output of an interrupted build"
    for stray in processed.glob(".*.tmp") if processed.exists() else ():
        stray.unlink(missing_ok=True)
    return done
