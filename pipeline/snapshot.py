"""The corpus snapshots in interim/: every document's cached passages (or theme tags) in one memory-mapped Arrow
file, so a rebuild of 10,000 documents opens one file instead of 10,000 pickles. The files are written and read
by store (atomic writes); this module says when a snapshot is worth rewriting.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from . import store

#: A snapshot is rewritten when more than this share of the documents is missing from it or gone.
SNAPSHOT_SLACK = 0.02


def is_stale(snapshot: Mapping[str, pa.Table], keys: Sequence[str]) -> bool:
    """Whether to rewrite a snapshot: a few new documents are read from their own cache files
    instead, so adding one document to 10,000 does not rewrite 400 MB."""
    held, wanted = set(snapshot), set(keys)
    slack = SNAPSHOT_SLACK * len(wanted)
    return not held or len(wanted - held) > slack or len(held - wanted) > slack



def load(path: Path, force: bool = False) -> tuple[dict[str, pa.Table], dict]:
    """(tables by cache key, info by cache key) of a snapshot; empty when forced or absent."""
    return ({}, {}) if force else store.read_snapshot(path)


def refresh(path: Path, snapshot: Mapping[str, pa.Table], tables: Mapping[str, pa.Table], info: Mapping) -> None:
    """Rewrite the snapshot at path with `tables` (by cache key) when the one read at the start is stale."""
    if is_stale(snapshot, list(tables)):
        store.write_snapshot(path, dict(tables), dict(info))
