"""Overview: the corpus in numbers, where each theme is discussed, terms on the rise, and the documents."""
from __future__ import annotations

import streamlit as st

from app.components import (
    chart_with_download,
    csv_download,
    empty_state,
    number,
    passage_list,
    selected_cells,
    selected_keys,
)
from app.data import cached
from app.figures import rising_terms_bars, theme_organisation_heatmap
from app.sidebar import current_filters, current_language, doc_type_labels
from app.queries.documents import corpus_figures, documents_overview
from app.queries.terms import passages_with_term, rising_terms
from app.queries.themes import theme_labels, theme_measures, theme_passages_at, uncertain_labels
from app.escape import markdown
from app.i18n import text

lang = current_language()
filters = current_filters()

st.title(text("overview.title", lang))
st.caption(text("overview.intro", lang))

figures = cached(corpus_figures)(filters)
if figures["documents"] == 0:
    empty_state(lang)
    st.stop()

for column, name in zip(st.columns(5), ("documents", "organisations", "years", "passages", "words")):
    column.metric(text(f"overview.metric.{name}", lang), number(figures[name], lang),
                  help=text(f"overview.metric_help.{name}", lang))

# Where is each theme discussed?
matrix = cached(theme_measures)(filters, by="organisation", lang=lang)
if matrix.empty:
    empty_state(lang)
else:
    st.caption(text("common.select_hint", lang))
    if uncertain := cached(uncertain_labels)(lang):
        st.caption(text("themes.uncertain", lang, themes=markdown(", ".join(uncertain))))
    points = chart_with_download(
        theme_organisation_heatmap(matrix, title=text("overview.fig.heatmap_title", lang), lang=lang),
        matrix, name="themes_by_organisation", filters=filters, lang=lang, key="overview_heatmap",
    )
    cells = selected_cells(points)
    if cells:
        labels = cached(theme_labels)(lang)
        st.subheader(text("common.selected", lang, what=markdown(", ".join(f"{labels.get(t, t)} · {o}" for t, o in cells))))
        passage_list(cached(theme_passages_at)(filters, cells, "organisation"), highlight=[], lang=lang,
                     key="overview_heatmap_passages", filters=filters)

# Which terms are on the rise?
st.subheader(text("overview.rising.title", lang))
min_documents = st.columns([1, 3])[0].number_input(text("terms.min_documents", lang), 1, 100, 2, key="overview_min_docs",
                                                   help=text("terms.min_documents_help", lang))
rising = cached(rising_terms)(filters, min_count=3, n=12, min_documents=int(min_documents))
if rising.empty:
    st.info(text("overview.rising.none", lang), icon=":material/info:")
else:
    st.caption(text("overview.rising.intro", lang, latest=rising["latest"].iloc[0], earlier=rising["earlier"].iloc[0])
               + " " + text("terms.support_note", lang, n=int(min_documents)))
    points = chart_with_download(
        rising_terms_bars(rising, lang=lang, title=text("overview.fig.rising_title", lang, latest=rising["latest"].iloc[0],
                                                        earlier=rising["earlier"].iloc[0])),
        rising, name="rising_terms", filters=filters, lang=lang, key="overview_rising",
    )
    terms = selected_keys(points, 0)
    if terms:
        st.subheader(text("common.selected", lang, what=markdown(", ".join(terms))))
        for term in terms:
            passage_list(cached(passages_with_term)(filters, term), highlight=[], lang=lang,
                         key=f"overview_rising_{term}", filters=filters)

# Which documents are in the selection?
st.subheader(text("overview.documents.title", lang))
documents = cached(documents_overview)(filters, doc_type_labels(lang))
st.dataframe(
    documents,
    hide_index=True,
    column_order=["organisation", "year", "doc_type", "title", "n_pages", "n_words"],
    column_config={
        "organisation": text("column.organisation", lang),
        "year": st.column_config.NumberColumn(text("column.year", lang), format="%d"),
        "doc_type": text("column.doc_type", lang),
        "title": st.column_config.TextColumn(text("column.title", lang), width="large"),
        "n_pages": st.column_config.NumberColumn(text("column.n_pages", lang)),
        "n_words": st.column_config.NumberColumn(text("column.n_words", lang)),
    },
)
csv_download(documents, name="documents", filters=filters, lang=lang, key="overview_documents",
             label_key="common.download_table")
