"""Documents: the corpus with its metadata and how each document's year was established; the admin area last."""
from __future__ import annotations

import streamlit as st

from app.admin.forms import render_admin_area
from app.components import (column_config, csv_download, empty_state, gap_formats, static_table, with_reader_links,
                            without_gaps)
from app.data import cached, load_tables
from app.sidebar import current_filters, current_language, doc_type_labels, language_labels, text_source_labels
from app.queries.documents import date_basis_table, documents_overview
from app.i18n import text

lang = current_language()
filters = current_filters()
tables = load_tables()

#: The table's columns and how each shows (app.components.column_config); a page number a TXT or DOCX file lacks
#: reads «–», as on the Overview.
COLUMNS = {"read": "link", "organisation": None, "year": "%d", "date": None, "doc_type": None, "title": "large",
           "language": None, "detected_language": None, "n_pages": "number", "n_passages_analysed": "number",
           "n_words_analysed": "number", "n_passages_all": "number", "n_words_all": "number", "text_source": None,
           "source_file": None}

st.title(text("documents.title", lang))
st.caption(text("documents.intro", lang))

documents = cached(documents_overview)(filters, doc_type_labels(lang), text_source_labels(lang),
                                      language_labels(lang))
if documents.empty:
    empty_state(lang)
else:
    shown, as_text = without_gaps(with_reader_links(documents, lang), gap_formats(COLUMNS), lang)
    st.dataframe(shown, hide_index=True, column_order=list(COLUMNS), column_config=column_config(COLUMNS, lang, as_text))
    # The same file as the Overview's (documents_<filter>), so the same title in its Excel «What».
    csv_download(documents, name="documents", filters=filters, lang=lang, key="documents_table",
                 label_key="common.download_table", title=text("overview.documents.title", lang))

    st.subheader(text("documents.date_basis.title", lang))
    st.caption(text("documents.date_basis.help", lang))
    static_table(
        date_basis_table(documents).rename(columns={
            "document": text("column.document", lang), "date": text("column.date", lang),
            "date_basis": text("column.date_basis", lang),
        })
    )

render_admin_area(tables, lang)
