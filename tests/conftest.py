"""Shared test helpers: paths to real fixtures and a throwaway data directory."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = FIXTURES / "samples"  # real 2025 submissions (copies of shared/samples)
SEED_DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped data/ (raw + themes.toml, no outputs) with HORINGSRADAR_DATA pointing at it."""
    target = tmp_path / "data"
    (target / "raw").mkdir(parents=True)
    for item in (SEED_DATA / "raw").iterdir():
        if item.is_file():
            shutil.copy2(item, target / "raw" / item.name)
    if (SEED_DATA / "themes.toml").exists():
        shutil.copy2(SEED_DATA / "themes.toml", target / "themes.toml")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(target))
    return target
