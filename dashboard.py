"""Høringsradar: entry point. Navigation over pages/, the shared sidebar, the data-freshness line.

Order matters (streamlit 1.67): widgets are created after st.navigation() and before pg.run(),
so the reader's first filter change sticks.
"""
from __future__ import annotations

import streamlit as st

from app.components import deck_download, show_notice, start_deck
from app.data import cached, current_data_status, load_tables, pin_build
from app.sidebar import current_language, language_switch, sidebar_filters
from app.widgets import keep_page_params
from app.queries.documents import documents_in
from app.i18n import format_timestamp, text

PAGES = (
    ("pages/overview.py", "nav.overview", ":material/dashboard:"),
    ("pages/themes.py", "nav.themes", ":material/label:"),
    ("pages/topics.py", "nav.topics", ":material/hub:"),
    ("pages/keywords.py", "nav.keywords", ":material/key:"),
    ("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/passages.py", "nav.passages", ":material/search:"),
    ("pages/demands.py", "nav.demands", ":material/campaign:"),
    ("pages/documents.py", "nav.documents", ":material/description:"),
    ("pages/document.py", "nav.document", ":material/article:"),
    ("pages/method.py", "nav.method", ":material/science:"),
)

st.set_page_config(page_title="Høringsradar", page_icon=":material/radar:", layout="wide")
# Also set here, for a server started outside the project folder (without .streamlit/config.toml): the tables'
# own CSV download would export formulas unescaped; the app's download buttons neutralise them.
st.set_option("client.disableDataExport", True)
pin_build()  # this rerun reads one build, whatever lands while it runs
lang = current_language()
pg = st.navigation(
    [st.Page(path, title=text(key, lang), icon=icon, default=(i == 0)) for i, (path, key, icon) in enumerate(PAGES)]
)
keep_page_params(pg.url_path or "overview")  # a page switch leaves the last page's settings in the URL

st.sidebar.title(text("app.title", lang))
st.sidebar.caption(text("app.tagline", lang))
lang = language_switch()
status = current_data_status()
if not status.ok:
    st.title(text("app.title", lang))
    st.error(status.message(lang), icon=":material/database_off:")
    st.stop()

tables = load_tables()
filters = sidebar_filters(tables.documents, lang)
st.sidebar.caption(
    text("sidebar.selection", lang, n_docs=len(cached(documents_in)(filters)), n_all=len(tables.documents))
)
st.sidebar.divider()
st.sidebar.caption(text("data.ok", lang, built_at=format_timestamp(status.built_at, lang), n=status.n_documents))
show_notice()
if status.state == "stale":
    st.warning(status.message(lang), icon=":material/update:")
if status.problems:
    st.sidebar.caption(text("data.problems", lang, n=len(status.problems)))
start_deck()
pg.run()
deck_download(lang)  # after the page: its charts and drill-downs are known now
