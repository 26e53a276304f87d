"""Paths from the project root; HORINGSRADAR_DATA points everything at another data directory."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_ENV = "HORINGSRADAR_DATA"


@dataclass(frozen=True)
class Paths:
    """Where one data directory keeps its parts (laid out like data/)."""

    data: Path

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "documents.csv"

    @property
    def withdrawn(self) -> Path:
        """Archive of withdrawn documents: their files and a withdrawn.csv of manifest rows."""
        return self.raw / "withdrawn"

    @property
    def pending(self) -> Path:
        """Uploads whose build failed, kept with their error so they can be fixed and retried."""
        return self.raw / "pending"

    @property
    def themes(self) -> Path:
        return self.data / "themes.toml"

    @property
    def eval(self) -> Path:
        """Hand-labelled evaluation data (data/eval/, described in its README)."""
        return self.data / "eval"

    @property
    def codebook(self) -> Path:
        """What each theme means, what counts and what does not, with real examples (shown on the Method page)."""
        return self.data / "codebook.md"

    @property
    def theme_judgements(self) -> Path:
        """The passage × theme judgements the theme tagger is measured on (pipeline.evaluation)."""
        return self.eval / "theme_judgements.csv"

    @property
    def theme_heldout_parts(self) -> Path:
        """Which held-out organisations moved to tuning (A) and which stay untouched (B); see data/eval/README."""
        return self.eval / "heldout_parts.csv"

    @property
    def theme_heldout_spent(self) -> Path:
        """Themes whose held-out rows were read and tuned on after their measurement (no longer a clean figure)."""
        return self.eval / "heldout_spent.csv"

    @property
    def theme_heldout_quoted(self) -> Path:
        """Part-C documents and themes whose text the issue quoted (the rules took those phrases up): not clean."""
        return self.eval / "heldout_c_quoted.csv"

    @property
    def demand_judgements(self) -> Path:
        """The sentences labelled demand / not demand that the demand rules are measured on (pipeline.demands)."""
        return self.eval / "demands.csv"

    @property
    def demand_strata(self) -> Path:
        """How many sentences each sampling stratum of the demand judgements stands for (their weights)."""
        return self.eval / "demands_strata.csv"

    @property
    def interim(self) -> Path:
        return self.data / "interim"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def lock(self) -> Path:
        """One build or corpus change at a time."""
        return self.data / ".build.lock"


#: In processed/: one folder per build, and the pointer (a symlink) to the build readers use.
BUILDS_DIR = ".builds"
CURRENT_LINK = ".current"


def current_build(processed: Path) -> Path:
    """The folder holding the current build's complete table set: where processed/.current points, resolved
    once so that every table a reader opens comes from the same build. A processed/ without the pointer
    (tables written flat, as by an older version or a test) is its own current build."""
    link = Path(processed) / CURRENT_LINK
    try:
        target = Path(os.path.realpath(link, strict=True))
    except OSError:
        return Path(processed)
    return target if target.is_dir() else Path(processed)


def data_dir() -> Path:
    """The active data directory: $HORINGSRADAR_DATA, else <project>/data."""
    env = os.environ.get(DATA_ENV)
    return Path(env).resolve() if env else PROJECT_ROOT / "data"


def paths(data: Path | None = None) -> Paths:
    """Paths of `data`, or of the active data directory."""
    return Paths(Path(data) if data is not None else data_dir())
