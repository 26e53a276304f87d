"""Documents: the corpus with its metadata and how each document's year was established; the admin area last."""
from __future__ import annotations

import streamlit as st

from app.admin.forms import render_admin_area
from app.components import csv_download, empty_state, static_table, with_reader_links
from app.data import cached, load_tables
from app.sidebar import current_filters, current_language, doc_type_labels, language_labels, text_source_labels
from app.queries.documents import date_basis_table, documents_overview
from app.i18n import text

lang = current_language()
filters = current_filters()
tables = load_tables()

st.title(text("documents.title", lang))
st.caption(text("documents.intro", lang))

documents = cached(documents_overview)(filters, doc_type_labels(lang), text_source_labels(lang),
                                      language_labels(lang))
if documents.empty:
    empty_state(lang)
else:
    st.dataframe(
        with_reader_links(documents, lang),
        hide_index=True,
        column_order=["read", "organisation", "year", "date", "doc_type", "title", "language", "detected_language",
                      "n_pages", "n_passages_analysed", "n_words_analysed", "n_passages_all", "n_words_all",
                      "text_source", "source_file"],
        column_config={
            "read": st.column_config.LinkColumn(text("column.read", lang), display_text=text("documents.read", lang),
                                                width="small"),
            "organisation": text("column.organisation", lang),
            "year": st.column_config.NumberColumn(text("column.year", lang), format="%d"),
            "date": text("column.date", lang),
            "doc_type": text("column.doc_type", lang),
            "title": st.column_config.TextColumn(text("column.title", lang), width="large"),
            "n_pages": st.column_config.NumberColumn(text("column.n_pages", lang)),
            **{column: st.column_config.NumberColumn(text(f"column.{column}", lang))
               for column in ("n_passages_analysed", "n_words_analysed", "n_passages_all", "n_words_all")},
            "language": text("column.language", lang),
            "detected_language": text("column.detected_language", lang),
            "text_source": text("column.text_source", lang),
            "source_file": text("column.source_file", lang),
        },
    )
    csv_download(documents, name="documents", filters=filters, lang=lang, key="documents_table",
                 label_key="common.download_table")

    st.subheader(text("documents.date_basis.title", lang))
    st.caption(text("documents.date_basis.help", lang))
    static_table(
        date_basis_table(documents).rename(columns={
            "document": text("column.document", lang), "date": text("column.date", lang),
            "date_basis": text("column.date_basis", lang),
        })
    )

render_admin_area(tables, lang)
