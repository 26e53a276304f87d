"""Search passages: full-text search (FTS5) within the sidebar's selection, by base form or written form, paged."""
from __future__ import annotations

import math

import streamlit as st

from app.components import PASSAGE_BOX_HEIGHT, csv_download, empty_state, kwic_html, passage_list
from app.data import cached
from app.sidebar import current_filters, current_language
from app.queries.search import SEARCH_MODES, keyword_in_context, search_passages, search_plan
from app.queries.terms import term_forms_of
from app.escape import markdown
from app.i18n import text
from app.widgets import linked

PAGE_SIZE = 50

lang = current_language()
filters = current_filters()

st.title(text("search.title", lang))
st.caption(text("search.intro", lang))

# Half the width each: at [5, 3] a 1366-px window cut the third search mode off («Ordb…», «Word beginn…»).
query_column, option_column = st.columns(2)
query = linked(query_column, "text_input", "q", text("search.query", lang), default="", lang=lang,
               placeholder=text("search.placeholder", lang))
mode = linked(option_column, "segmented_control", "search_mode", text("search.mode_label", lang), SEARCH_MODES,
              default="lemma", lang=lang, required=True, format_func=lambda m: text(f"search.mode.{m}", lang),
              help=text("search.mode_help", lang))
unanalysed = linked(option_column, "toggle", "search_unanalysed", text("search.unanalysed", lang), default=False,
                    lang=lang, help=text("search.unanalysed_help", lang))

if not (query or "").strip():
    st.info(text("search.empty_query", lang), icon=":material/search:")
    st.stop()

plan = cached(search_plan)(filters, query, mode, include_unanalysed=unanalysed)
if plan["mapped"] and mode == "lemma":
    st.caption(text("search.mapped", lang, pairs=markdown(", ".join(f"{w} → {l}" for w, l in plan["mapped"]))))
if plan["unknown"]:
    st.warning(text("search.unknown", lang, words=markdown(", ".join(plan["unknown"]))), icon=":material/help:")
st.caption(text("search.terms", lang, terms=markdown(" · ".join(plan["terms"]) or "–")) + " "
           + text("search.compare", lang, **{m: plan["totals"][m]["passages"] for m in SEARCH_MODES}))
if plan["totals"]["exact"]["passages"] < plan["totals"]["lemma"]["passages"] or '"' in query:
    st.caption(text("search.fewer_exact", lang))
total = plan["total"]
if total["passages"] == 0:
    st.info(text("search.no_hits", lang), icon=":material/search_off:")
    if not filters.is_empty:
        empty_state(lang)
    st.stop()

n_pages = math.ceil(total["passages"] / PAGE_SIZE)
page = 0
if n_pages > 1:
    page = int(linked(st, "number_input", "search_page", text("search.page", lang, n=n_pages), default=1, lang=lang,
                      min_value=1, max_value=n_pages)) - 1
hits = cached(search_passages)(filters, plan["terms"], column=plan["column"], include_unanalysed=unanalysed,
                               page=page, page_size=PAGE_SIZE)
# «1 avsnitt i 1 dokumenter» / «1 passages in 1 documents» read wrong: one document, or one passage, has its own text.
headline = ("search.n_hits_paged" if total["documents"] > 1 else
            "search.n_hits_paged_one" if total["passages"] == 1 else "search.n_hits_paged_one_document")
st.markdown(text(headline, lang, n=total["passages"], n_docs=total["documents"],
                 first=page * PAGE_SIZE + 1, last=page * PAGE_SIZE + len(hits)))
highlight = cached(term_forms_of)(plan["terms"]) if plan["column"] == "lemmas" else plan["terms"]
passages_tab, kwic_tab = st.tabs([text("search.tab.passages", lang), text("search.tab.kwic", lang)])
with passages_tab:
    passage_list(hits, highlight=highlight, lang=lang, key="search", filters=filters, query=query)
with kwic_tab:
    kwic = keyword_in_context(hits, highlight)
    box = st.container(height=PASSAGE_BOX_HEIGHT) if len(kwic) > 14 else st.container()
    box.html(kwic_html(kwic, lang))
    csv_download(kwic, name="keyword_in_context", filters=filters, lang=lang, key="search_kwic",
                 label_key="common.download_table", query=query)
