"""One consistent build for every reader (issue 15, R3/R4).

Readers loop over the whole table set (every parquet, build_info.json and the search index) the way the app
reads it, while builds replace the set, and while a build is SIGKILLed at every file-system step of its write.
Every read must see one complete build, never a mix and never a half-written file; after each kill, recover()
leaves a complete current build without a second build.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import config, schema, store
from tests.conftest import ROOT
from tests.fixtures.tables import fixture_frames

#: A child that writes builds 1..n (documents' titles and build_info carry the build number), optionally
#: SIGKILLing itself at the k-th file-system step (os.replace / rename / symlink / fsync) of its last build.
WRITER = r"""
import json, os, signal, sqlite3, sys, tempfile
from pathlib import Path
import pandas as pd
from pipeline import schema, store
from tests.fixtures.tables import build_info, fixture_frames

processed, first, last, kill_at = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
frames = fixture_frames()
info = build_info(frames)  # a valid build_info (store checks it), carrying the build number as "n"
steps = 0
def counted(real):
    def step(*args, **kwargs):
        global steps
        if counting:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return step
for name in ("replace", "rename", "symlink", "fsync"):
    setattr(os, name, counted(getattr(os, name)))
counting = False
for n in range(first, last + 1):
    counting = n == last
    tables = dict(frames)
    tables["documents"] = frames["documents"].assign(title=pd.Series([f"build {n}"] * len(frames["documents"]), dtype="string"))
    fd, db = tempfile.mkstemp(prefix=".search.", suffix=".tmp", dir=processed)
    os.close(fd)
    con = sqlite3.connect(db); con.execute("CREATE TABLE marker (n INTEGER)"); con.execute("INSERT INTO marker VALUES (?)", (n,)); con.commit(); con.close()
    store.write_outputs(processed, tables, {**info, "n": n}, search_db=Path(db))
print(steps)
"""


def write_builds(processed: Path, first: int, last: int, kill_at: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WRITER, str(processed), str(first), str(last), str(kill_at)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def read_build(processed: Path) -> int:
    """Read the whole set as the app does (pointer resolved once); the build number, or raise if it is mixed."""
    folder = config.current_build(processed)
    frames = {name: pd.read_parquet(folder / schema.TABLES[name].file_name) for name in schema.TABLES}
    info = json.loads((folder / schema.BUILD_INFO).read_text(encoding="utf-8"))
    con = sqlite3.connect(f"file:{folder / schema.SEARCH_DB}?mode=ro", uri=True)
    try:
        (marker,) = con.execute("SELECT n FROM marker").fetchone()
    finally:
        con.close()
    titles = set(frames["documents"]["title"])
    assert len(frames["passages"]) and len(frames["term_counts"])
    if titles != {f"build {info['n']}"} or marker != info["n"]:
        raise AssertionError(f"mixed build: titles {titles}, build_info {info['n']}, search index {marker}")
    return info["n"]


class Readers:
    """Threads reading the table set in a loop until stopped; they record builds seen and every error."""

    def __init__(self, processed: Path, n_threads: int = 3):
        self.processed, self.seen, self.errors, self.reads = processed, set(), [], 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(n_threads)]

    def _loop(self):
        while not self._stop.is_set():
            try:
                self.seen.add(read_build(self.processed))
            except Exception as exc:  # noqa: BLE001 - every failure of a read is what this test looks for
                self.errors.append(f"{type(exc).__name__}: {exc}")
            self.reads += 1

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


@pytest.fixture
def processed(tmp_path) -> Path:
    folder = tmp_path / "processed"
    folder.mkdir()
    done = write_builds(folder, 1, 1)
    assert done.returncode == 0, done.stderr
    return folder


def test_readers_never_see_a_mix_while_builds_replace_the_tables(processed):
    with Readers(processed) as readers:
        done = write_builds(processed, 2, 13)
        time.sleep(0.2)
    assert done.returncode == 0, done.stderr
    assert readers.errors == [], readers.errors[:5]
    assert readers.reads > 50 and len(readers.seen) >= 3, (readers.reads, readers.seen)
    assert read_build(processed) == 13
    assert store.prune_builds(processed, grace_seconds=0)  # builds superseded long enough ago go
    assert len(list((processed / config.BUILDS_DIR).iterdir())) == store.KEEP_BUILDS
    assert read_build(processed) == 13


def test_a_build_killed_at_every_step_leaves_one_complete_build(processed):
    counted = write_builds(processed, 2, 2)
    n_steps = int(counted.stdout.strip())
    assert n_steps >= 12, counted  # 8 tables, search index, build_info, renames, pointer, flat links
    n = 2
    for step in range(1, n_steps + 1):
        n += 1
        with Readers(processed, n_threads=2) as readers:
            killed = write_builds(processed, n, n, kill_at=step)
            time.sleep(0.05)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr[-500:])
        assert readers.errors == [], (step, readers.errors[:3])
        served = read_build(processed)
        assert served in (n - 1, n), (step, served)
        store.recover(processed)
        after = read_build(processed)  # recovery needs no second build
        assert after in (n - 1, n)
        # readers of the flat names see the same build as the pointer
        flat = json.loads((processed / schema.BUILD_INFO).read_text(encoding="utf-8"))["n"]
        assert flat == after, step
        assert not list((processed / config.BUILDS_DIR).glob(f"{store.TMP_PREFIX}*"))
        assert not [p for p in processed.iterdir() if p.name.endswith(".tmp")], step
        n = after
