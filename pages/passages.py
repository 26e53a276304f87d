"""Search passages: full-text search (FTS5) within the sidebar's selection, keyword in context, highlighted hits."""
from __future__ import annotations

import streamlit as st

from app.components import PASSAGE_BOX_HEIGHT, csv_download, empty_state, kwic_html, passage_list
from app.data import cached
from app.sidebar import current_filters, current_language
from app.queries.search import keyword_in_context, search_passages, search_terms
from app.escape import markdown
from app.i18n import text

lang = current_language()
filters = current_filters()

st.title(text("search.title", lang))
st.caption(text("search.intro", lang))

query_column, option_column = st.columns([5, 3])
query = query_column.text_input(
    text("search.query", lang), key="q", bind="query-params", placeholder=text("search.placeholder", lang)
)
prefix = option_column.toggle(text("search.prefix", lang), value=True, key="search_prefix",
                              help=text("search.prefix_help", lang))
unanalysed = option_column.toggle(text("search.unanalysed", lang), value=False, key="search_unanalysed",
                                  help=text("search.unanalysed_help", lang))

terms = search_terms(query or "", prefix=prefix)
if not terms:
    st.info(text("search.empty_query", lang), icon=":material/search:")
    st.stop()

hits = cached(search_passages)(filters, terms, include_unanalysed=unanalysed)
st.caption(text("search.terms", lang, terms=markdown(" · ".join(terms))))
if hits.empty:
    st.info(text("search.no_hits", lang), icon=":material/search_off:")
    if not filters.is_empty:
        empty_state(lang)
    st.stop()

st.markdown(text("search.n_hits", lang, n=len(hits), n_docs=hits["doc_id"].nunique()))
passages_tab, kwic_tab = st.tabs([text("search.tab.passages", lang), text("search.tab.kwic", lang)])
with passages_tab:
    passage_list(hits, highlight=terms, lang=lang, key="search", filters=filters)
with kwic_tab:
    kwic = keyword_in_context(hits, terms)
    box = st.container(height=PASSAGE_BOX_HEIGHT) if len(kwic) > 14 else st.container()
    box.html(kwic_html(kwic, lang))
    csv_download(kwic, name="keyword_in_context", filters=filters, lang=lang, key="search_kwic",
                 label_key="common.download_table")
