"""The shared sidebar filters (organisation, year, document type) and the language of this run.

The widgets live in dashboard.py's sidebar, are created after st.navigation() (so the first change
sticks) and are bound to the URL (?org=NITO&year=2024), so a copied link opens the same view.
Pages read what was chosen with current_filters().
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, text

ORG_KEY = "org"
YEAR_KEY = "year"
DOC_TYPE_KEY = "doc_type"
LANG_KEY = "lang"
DOC_TYPES = ("consultation_response", "budget_input", "hearing_input", "position_programme", "other")
LANGUAGE_NAMES = {"nb": "Bokmål", "en": "English"}


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


def leave_legacy_pages_mode() -> None:
    """Rerun through dashboard.py if Streamlit ran a pages/ file on its own.

    With a folder named pages/, a fresh server serves the first request for a page URL (e.g. /themes) the
    pre-st.navigation way: the page file alone, without dashboard.py's sidebar. st.navigation turns that mode
    off for the process, but only once dashboard.py has run; this does it from whichever script runs first.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_language() -> str:
    """The language of this run: the switch's value, else ?lang= in the URL, else Bokmål."""
    leave_legacy_pages_mode()
    lang = st.session_state.get(LANG_KEY)
    if lang is None:
        # Before the switch exists in this session the URL holds its label (bind writes formatted values).
        by_name = {name: code for code, name in LANGUAGE_NAMES.items()}
        raw = st.query_params.get(LANG_KEY, DEFAULT_LANGUAGE)
        lang = by_name.get(raw, raw)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_switch() -> str:
    """The Bokmål/English switch in the sidebar (kept in the URL as ?lang=en)."""
    lang = current_language()
    choice = st.sidebar.segmented_control(
        text("sidebar.language", lang),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.get,
        default=DEFAULT_LANGUAGE,
        required=True,
        key=LANG_KEY,
        bind="query-params",
    )
    return choice if choice in LANGUAGES else DEFAULT_LANGUAGE


def doc_type_label(doc_type: str, lang: str) -> str:
    """The reader's name for a document type id."""
    return text(f"doc_type.{doc_type}", lang) if doc_type in DOC_TYPES else str(doc_type)


def sidebar_filters(documents: pd.DataFrame, lang: str) -> Filters:
    """The shared sidebar widgets over the corpus' organisations, years and document types, bound to URL query params."""
    organisations = sorted(documents["organisation"].dropna().astype(str).unique())
    years = sorted(int(y) for y in documents["year"].dropna().unique())
    present = set(documents["doc_type"].dropna().astype(str))
    doc_types = [d for d in DOC_TYPES if d in present] + sorted(present - set(DOC_TYPES))
    sidebar = st.sidebar
    sidebar.markdown(f"**{text('sidebar.filters', lang)}**")
    sidebar.multiselect(
        text("sidebar.organisations", lang), organisations, key=ORG_KEY, bind="query-params",
        placeholder=text("sidebar.all", lang),
    )
    sidebar.multiselect(
        text("sidebar.years", lang), years, key=YEAR_KEY, bind="query-params",
        placeholder=text("sidebar.all", lang),
    )
    sidebar.multiselect(
        text("sidebar.doc_types", lang), doc_types, key=DOC_TYPE_KEY, bind="query-params",
        format_func=lambda d: doc_type_label(d, lang), placeholder=text("sidebar.all", lang),
    )
    return current_filters()


def filters_from(organisations: Sequence[str] = (), years: Sequence[int] = (), doc_types: Sequence[str] = ()) -> Filters:
    """A Filters value with a stable order (so equal choices give equal file names and cache keys)."""
    return Filters(
        organisations=tuple(sorted(str(o) for o in organisations)),
        years=tuple(sorted(int(y) for y in years)),
        doc_types=tuple(d for d in DOC_TYPES if d in set(doc_types)) + tuple(sorted(set(doc_types) - set(DOC_TYPES))),
    )


def current_filters() -> Filters:
    """What the sidebar set in this run (pages call this)."""
    leave_legacy_pages_mode()
    state = st.session_state
    return filters_from(state.get(ORG_KEY) or (), state.get(YEAR_KEY) or (), state.get(DOC_TYPE_KEY) or ())


def doc_type_labels(lang: str) -> dict[str, str]:
    """Every document type id -> its name in lang."""
    return {d: doc_type_label(d, lang) for d in DOC_TYPES}
