"""Streamlit-free types shared by the loader, the queries and the pages: one build's tables and the filters.

Nothing here touches Streamlit or the file system, so `import app.queries` (and every test of a query) runs
without a Streamlit runtime.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from pipeline.schema import DOC_TYPES, BuildInfo

#: URL query parameters of the shared sidebar (language-neutral ids, never display labels).
ORG_KEY = "org"
YEAR_KEY = "year"
DOC_TYPE_KEY = "doc_type"
LANG_KEY = "lang"


@dataclass(frozen=True, eq=False)
class Tables:
    """All analysis tables of one build. Treat the frames as read-only: they are shared between sessions.

    Compared and hashed by identity (one loaded build is one object), so per-build indexes can be kept
    beside it (queries.index.index_of) instead of inside it.
    """

    documents: pd.DataFrame
    passages: pd.DataFrame
    themes: pd.DataFrame
    passage_themes: pd.DataFrame
    topics: pd.DataFrame
    topic_terms: pd.DataFrame
    passage_topics: pd.DataFrame
    term_counts: pd.DataFrame
    demands: pd.DataFrame
    term_forms: pd.DataFrame
    build_info: BuildInfo  # build_info.json as written (validated by the pipeline when it wrote it)
    search_db: Path


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the corpus to; an empty tuple means all."""

    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()

    def describe(self) -> str:
        """Short text for file names and CSV headers, e.g. "org=NITO+Tekna_year=2024" ("all" when unfiltered)."""
        parts = []
        for name, values in (("org", self.organisations), ("year", self.years), ("type", self.doc_types)):
            if values:
                parts.append(f"{name}=" + "+".join(str(v) for v in values))
        described = "_".join(parts) or "all"
        # Safe in a file name on every OS; keeps letters like æøå.
        return re.sub(r"[^\w=+.-]+", "-", described)

    @property
    def is_empty(self) -> bool:
        """True when nothing is narrowed."""
        return not (self.organisations or self.years or self.doc_types)


def ordered_doc_types(doc_types) -> tuple[str, ...]:
    """Document type ids in the contract's order (DOC_TYPES), unknown ids after them, sorted."""
    present = {str(d) for d in doc_types}
    return tuple(d for d in DOC_TYPES if d in present) + tuple(sorted(present - set(DOC_TYPES)))


def filters_from(organisations: Sequence[str] = (), years: Sequence[int] = (), doc_types: Sequence[str] = ()) -> Filters:
    """A Filters value with a stable order (so equal choices give equal file names and cache keys)."""
    return Filters(
        organisations=tuple(sorted(str(o) for o in organisations)),
        years=tuple(sorted(int(y) for y in years)),
        doc_types=ordered_doc_types(doc_types),
    )
