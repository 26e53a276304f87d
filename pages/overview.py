"""Overview: the corpus in numbers, where each theme is discussed, terms on the rise, and the documents."""
from __future__ import annotations

import streamlit as st

from app import figures
from app.components import Page, number
from app.data import cached
from app.queries.documents import corpus_figures, documents_overview
from app.queries.terms import rising_terms, term_passages_at
from app.queries.themes import (
    MAX_MATRIX_ORGANISATIONS, organisations_by_theme, theme_by_organisation, theme_labels, theme_passages_at,
)
from app.sidebar import doc_type_labels, language_labels, text_source_labels

METRICS = ("documents", "organisations", "years", "passages", "words")
# The analysed passages and words add up to the metrics above; every word of a document is the last column. The
# title is of medium width so that the counts fit a 1,400-px window without scrolling sideways.
DOCUMENTS = {"organisation": None, "year": "%d", "doc_type": None, "title": "medium", "n_pages": "number",
             "n_passages_analysed": "number", "n_words_analysed": "number", "n_words_all": "number"}

page = Page.open("overview")
lang, filters = page.lang, page.filters
corpus = cached(corpus_figures)(filters)
page.require(corpus["documents"])
for column, name in zip(st.columns(len(METRICS)), METRICS):
    column.metric(page.text(f"overview.metric.{name}"), number(corpus[name], lang),
                  help=page.text(f"overview.metric_help.{name}"))

# Where is each theme discussed?
matrix = cached(theme_by_organisation)(filters, lang=lang, max_organisations=MAX_MATRIX_ORGANISATIONS)
if matrix.empty:
    page.empty()
else:
    page.capped("overview.heatmap_capped", len(cached(organisations_by_theme)(filters, ())), MAX_MATRIX_ORGANISATIONS)
    st.caption(page.text("common.select_hint"))
    page.uncertain_note()
    page.drill(page.chart(figures.theme_organisation_heatmap(matrix, title=page.text("overview.fig.heatmap_title"),
                                                             lang=lang), matrix, name="themes_by_organisation",
                          key="overview_heatmap"),
               theme_passages_at, by="organisation", labels=cached(theme_labels)(lang), key="overview_heatmap_passages")

# Which terms are on the rise?
page.heading("overview.rising.title")
min_documents = int(page.setting("number_input", "overview_min_docs", "terms.min_documents", where=st.columns([1, 3])[0],
                                 default=2, min_value=1, max_value=100, help=page.text("terms.min_documents_help")))
rising = cached(rising_terms)(filters, min_count=3, n=12, min_documents=min_documents)
if rising.empty:
    st.info(page.text("overview.rising.none"), icon=":material/info:")
else:
    periods = {"latest": rising["latest"].iloc[0], "earlier": rising["earlier"].iloc[0]}
    st.caption(page.text("overview.rising.intro", **periods) + " " + page.text("terms.support_note", n=min_documents))
    page.drill(page.chart(figures.rising_terms_bars(rising, lang=lang, title=page.text("overview.fig.rising_title",
                                                                                      **periods)),
                          rising, name="rising_terms", key="overview_rising"),
               term_passages_at, size=1, key="overview_rising_passages")

# Which documents are in the selection?
page.heading("overview.documents.title")
# The same words as the Documents page: both offer this table as documents_<filter>.csv.
page.table(cached(documents_overview)(filters, doc_type_labels(lang), text_source_labels(lang), language_labels(lang)),
           DOCUMENTS, key="overview_documents", name="documents")
