"""A build killed with SIGKILL mid-way leaves the previous tables and the manifest as they were."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys

import pytest

from pipeline import build, config, corpus, schema
from pipeline.corpus import Metadata
from tests.conftest import ROOT, SAMPLES

NEW_PDF = SAMPLES / "2025-10-16_fagforbundet_innspill-helsereformutvalget.pdf"


def digests(folder) -> dict[str, str]:
    """sha256 of every visible file in processed/ (tables, search index, build_info.json)."""
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir())
            if f.is_file() and not f.name.startswith(".")}


def kill_build_at(stage: str, env: dict) -> list[dict]:
    """Start `build --force`, SIGKILL it on its first progress line of `stage`; returns the lines seen."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--force", "--progress", "jsonl"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    seen = []
    try:
        for line in process.stdout:
            event = json.loads(line)
            seen.append(event)
            if event["stage"] == stage:
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, f"the build ended by itself before stage {stage}: {seen}"
    return seen


@pytest.fixture
def built_then_added(data_copy):
    """Seed tables built once, then a real PDF added to the manifest without building."""
    p = config.paths()
    build.build(p)
    tables_before = digests(p.processed)
    info_before = json.loads((p.processed / schema.BUILD_INFO).read_text())
    corpus.add_document(p, NEW_PDF, Metadata(doc_type="other"), build=False)
    return p, tables_before, info_before


@pytest.mark.parametrize("stage", ["documents", "topics"])
def test_sigkill_mid_build_keeps_previous_tables(built_then_added, stage):
    p, tables_before, info_before = built_then_added
    manifest_before = p.manifest.read_bytes()
    env = {**os.environ, "HORINGSRADAR_DATA": str(p.data), "CI": "1"}

    seen = kill_build_at(stage, env)
    assert seen[-1]["stage"] == stage

    assert digests(p.processed) == tables_before  # every parquet, search.sqlite and build_info.json
    assert set(tables_before) == {t.file_name for t in schema.TABLES.values()} | {schema.BUILD_INFO, schema.SEARCH_DB}
    assert p.manifest.read_bytes() == manifest_before
    # leftovers of the killed build are hidden temp files, never something a reader takes for a table
    strays = [f.name for f in p.processed.iterdir() if f.name not in set(tables_before) | {".builds", ".current"}]
    assert all(name.startswith(".") and name.endswith(".tmp") for name in strays), strays

    # the lock died with the process: the next build runs and includes the new document
    done = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    info_after = json.loads((p.processed / schema.BUILD_INFO).read_text())
    assert info_after["n_documents"] == info_before["n_documents"] + 1


def test_app_loader_reads_the_old_tables_after_a_kill(built_then_added):
    from streamlit.testing.v1 import AppTest

    from app.data import load_tables

    p, tables_before, info_before = built_then_added
    env = {**os.environ, "HORINGSRADAR_DATA": str(p.data), "CI": "1"}
    kill_build_at("documents", env)
    assert digests(p.processed) == tables_before

    tables = load_tables(p.data)
    assert len(tables.documents) == info_before["n_documents"] == 5
    assert "fagforbundet" not in " ".join(tables.documents["organisation"]).lower()

    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    shown = " ".join(str(e.value) for kind in ("metric", "markdown", "caption", "info", "warning") for e in at.get(kind))
    assert str(info_before["n_documents"]) in shown, shown
