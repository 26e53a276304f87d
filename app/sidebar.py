"""The shared sidebar (language, organisation, year, document type) and what it chose in this run.

The widgets live in dashboard.py's sidebar, are created after st.navigation() (so the first change
sticks) and keep their ids in the URL (?org=NITO&year=2024&doc_type=budget_input&lang=en, app.widgets), so a
copied link opens the same view in either language.
Pages read what was chosen with current_language() and current_filters().
"""
from __future__ import annotations

import sys

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, text
from app.widgets import linked
from app.state import DOC_TYPE_KEY, LANG_KEY, ORG_KEY, YEAR_KEY, Filters, filters_from, ordered_doc_types
from pipeline.schema import DOC_TYPES, TEXT_SOURCES
from pipeline.schema import LANGUAGES as DOCUMENT_LANGUAGES

LANGUAGE_NAMES = {"nb": "Bokmål", "en": "English"}
#: Links made before the URL held ids carried the switch's label (?lang=English).
LEGACY_LANGUAGE_NAMES = {name: code for code, name in LANGUAGE_NAMES.items()}


def _in_legacy_pages_run() -> bool:
    """Whether this script run is Streamlit's pre-st.navigation pages/ run (a page file alone, no dashboard.py).

    Streamlit decides that when the run starts, from a process-wide flag: a run that started just before
    another session cleared the flag is still a legacy run. Only the run's own call stack tells (the
    script runner's _mpa_v1 runs the page); the flag alone stranded concurrent first visitors.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1":
            return True
        frame = frame.f_back
    return False


def leave_legacy_pages_mode() -> None:
    """Rerun through dashboard.py if Streamlit ran a pages/ file on its own.

    With a folder named pages/, Streamlit 1.67 serves a fresh server's first requests for a page URL (e.g.
    /themes) the pre-st.navigation way: the page file alone, without dashboard.py's sidebar. st.navigation
    turns that mode off for the process, but only once dashboard.py has run; this does it from whichever
    script runs first, and reruns every run that started in that mode (several visitors at once on a fresh
    server). Every page and dashboard.py call current_language() first, which calls this.

    To remove: when a Streamlit upgrade no longer sets PagesManager.uses_pages_directory on a fresh server
    with st.navigation in the main script, delete this function and its call, and check that
    tests/e2e/test_fresh_server.py still passes.
    """
    if PagesManager.uses_pages_directory or _in_legacy_pages_run():
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_language() -> str:
    """The language of this run: the switch's value, else ?lang= in the URL, else Bokmål."""
    leave_legacy_pages_mode()  # the first call of every script run
    lang = st.session_state.get(LANG_KEY)
    if lang is None:
        # Before the switch exists in this session the URL holds its id (older links held its name).
        raw = st.query_params.get(LANG_KEY, DEFAULT_LANGUAGE)
        lang = LEGACY_LANGUAGE_NAMES.get(raw, raw)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_switch() -> str:
    """The Bokmål/English switch in the sidebar (kept in the URL as ?lang=en)."""
    lang = current_language()
    if st.query_params.get(LANG_KEY) in LEGACY_LANGUAGE_NAMES:
        st.query_params[LANG_KEY] = LEGACY_LANGUAGE_NAMES[st.query_params[LANG_KEY]]
    choice = linked(
        st.sidebar, "segmented_control", LANG_KEY, text("sidebar.language", lang), list(LANGUAGES),
        default=DEFAULT_LANGUAGE, lang=None, format_func=LANGUAGE_NAMES.get, required=True,
    )
    return choice if choice in LANGUAGES else DEFAULT_LANGUAGE


def doc_type_label(doc_type: str, lang: str) -> str:
    """The reader's name for a document type id."""
    return text(f"doc_type.{doc_type}", lang) if doc_type in DOC_TYPES else str(doc_type)


def sidebar_filters(documents: pd.DataFrame, lang: str) -> Filters:
    """The shared sidebar widgets over the corpus' organisations, years and document types, their ids in the URL."""
    organisations = sorted(documents["organisation"].dropna().astype(str).unique())
    years = sorted(int(y) for y in documents["year"].dropna().unique())
    doc_types = list(ordered_doc_types(documents["doc_type"].dropna().astype(str)))
    sidebar = st.sidebar
    sidebar.markdown(f"**{text('sidebar.filters', lang)}**")
    everything = text("sidebar.all", lang)
    linked(sidebar, "multiselect", ORG_KEY, text("sidebar.organisations", lang), organisations, default=[], lang=lang,
           placeholder=everything)
    linked(sidebar, "multiselect", YEAR_KEY, text("sidebar.years", lang), years, default=[], lang=lang,
           placeholder=everything)
    linked(sidebar, "multiselect", DOC_TYPE_KEY, text("sidebar.doc_types", lang), doc_types, default=[], lang=lang,
           format_func=lambda d: doc_type_label(d, lang), placeholder=everything)
    return current_filters()


def current_filters() -> Filters:
    """What the sidebar set in this run (pages call this)."""
    state = st.session_state
    return filters_from(state.get(ORG_KEY) or (), state.get(YEAR_KEY) or (), state.get(DOC_TYPE_KEY) or ())


def doc_type_labels(lang: str) -> dict[str, str]:
    """Every document type id -> its name in lang."""
    return {d: doc_type_label(d, lang) for d in DOC_TYPES}


def language_labels(lang: str) -> dict[str, str]:
    """A document's language id (documents.language) -> its name in lang ("nynorsk" …)."""
    return {code: text(f"language.{code}", lang) for code in DOCUMENT_LANGUAGES}


def text_source_labels(lang: str) -> dict[str, str]:
    """How a document's text was read (documents.text_source) -> its name in lang ("OCR" …)."""
    return {s: text(f"text_source.{s}", lang) for s in TEXT_SOURCES}
