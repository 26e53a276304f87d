"""Atomic writes: every file is written to a temporary sibling and moved into place with os.replace.

A build validates all tables first, then replaces them one by one with build_info.json
last, so a failed or killed build leaves the previous tables serving the app.
"""
from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from . import schema


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path so that readers see either the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Text version of atomic_write_bytes (UTF-8)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def table_bytes(df: pd.DataFrame) -> bytes:
    """Parquet bytes of a frame (no index)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def read_table(processed: Path, name: str) -> pd.DataFrame:
    """Read one contract table."""
    return pd.read_parquet(processed / schema.TABLES[name].file_name)


def write_outputs(
    processed: Path,
    tables: Mapping[str, pd.DataFrame],
    build_info: Mapping,
    search_db: Path | None = None,
) -> None:
    """Validate every table, then replace the old outputs atomically, build_info.json last.

    `search_db` is a finished SQLite file built elsewhere (a temporary path); it is moved into place.
    """
    for name, df in tables.items():
        schema.validate(df, name)
    payloads = {schema.TABLES[name].file_name: table_bytes(df) for name, df in tables.items()}
    processed.mkdir(parents=True, exist_ok=True)
    for file_name, data in payloads.items():
        atomic_write_bytes(processed / file_name, data)
    if search_db is not None:
        os.replace(search_db, processed / schema.SEARCH_DB)
    atomic_write_text(
        processed / schema.BUILD_INFO,
        json.dumps(build_info, ensure_ascii=False, indent=2, default=str),
    )
