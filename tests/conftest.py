"""Shared test helpers: paths to real fixtures and a throwaway data directory."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The development corpus in ../shared beside the checkout (a worktree sits one level deeper); tests that need it
#: skip when it is absent (a user's clone has no ../shared).
DEV_CORPUS = next((base / "shared" / "corpora" / "helsereform" / "raw" for base in (ROOT.parent, ROOT.parent.parent)
                   if (base / "shared" / "corpora" / "helsereform" / "raw").is_dir()), ROOT.parent / "shared" / "corpora")
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = FIXTURES / "samples"  # real 2025 submissions (copies of shared/samples)
SEED_DATA = ROOT / "data"
#: The project's read-only shared folder beside the checkout (../shared); HORINGSRADAR_SHARED points elsewhere
#: (a worktree that is not beside it).
SHARED = Path(os.environ.get("HORINGSRADAR_SHARED") or ROOT.parent / "shared")
DEVELOPMENT_CORPUS = SHARED / "corpora" / "helsereform"


def development_corpus() -> Path:
    """../shared/corpora/helsereform (157 real inputs), or skip the test with the reason when it is absent."""
    if not (DEVELOPMENT_CORPUS / "raw" / "documents.csv").exists():
        pytest.skip(f"the development corpus is not at {DEVELOPMENT_CORPUS} (a clone without ../shared; "
                    "set HORINGSRADAR_SHARED to the shared folder)")
    return DEVELOPMENT_CORPUS


def copy_seed(target: Path) -> Path:
    """A copy of the shipped data/raw, data/themes.toml and data/eval in target (no outputs)."""
    (target / "raw").mkdir(parents=True)
    for item in (SEED_DATA / "raw").iterdir():
        if item.is_file():
            shutil.copy2(item, target / "raw" / item.name)
    shutil.copy2(SEED_DATA / "themes.toml", target / "themes.toml")
    shutil.copytree(SEED_DATA / "eval", target / "eval")
    shutil.copy2(SEED_DATA / "codebook.md", target / "codebook.md")
    return target


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped data/ (raw, themes.toml, eval, codebook; no outputs) with HORINGSRADAR_DATA pointing at it."""
    target = copy_seed(tmp_path / "data")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(target))
    return target
