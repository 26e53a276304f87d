"""Read a document: its facts and original file, its sections, and every passage in order; the passage a link
names (?doc=<doc_id>&passage=<passage_id>) is marked and scrolled to."""
from __future__ import annotations

import streamlit as st

from app.data import cached, load_tables
from app.escape import markdown
from app.i18n import text
from app.queries.reader import document_choices, document_passages, document_record, document_sections, original_file
from app.reader import anchor, document_facts, named_words, original_download, reader_html, scroll_to, toc_html
from app.sidebar import current_language, doc_type_labels, language_labels, text_source_labels
from app.state import Filters
from app.widgets import link_value, linked
from pipeline.config import paths

lang = current_language()
tables = load_tables()

st.title(text("reader.title", lang))
st.caption(text("reader.intro", lang))

# Every document of the build can be opened, whatever the sidebar narrows: a link must always work.
choices = cached(document_choices)(Filters(), doc_type_labels(lang))


def forget_passage() -> None:
    """Another document was chosen: the passage (and words) of the link belonged to the last one."""
    for key in ("passage", "hl"):
        st.query_params.pop(key, None)


doc_id = linked(
    st, "selectbox", "doc", text("reader.choose", lang), list(choices), default=None, lang=lang,
    format_func=lambda d: choices.get(d, d), index=None, placeholder=text("reader.placeholder", lang),
    on_change=forget_passage,
)
if not doc_id:
    st.info(text("reader.pick", lang), icon=":material/article:")
    st.stop()

record = cached(document_record)(doc_id)
passages = cached(document_passages)(doc_id, lang)
came_from = link_value("passage", allowed=passages["passage_id"].tolist())
if came_from.unknown:
    st.warning(text("links.unknown", lang, values=markdown(", ".join(came_from.unknown))), icon=":material/link_off:")
highlight = link_value("hl").value or []

document_facts(record, lang, {"doc_type": doc_type_labels(lang), "text_source": text_source_labels(lang),
                              "language": language_labels(lang)})
original_download(original_file(tables, doc_id, paths().raw), lang)
st.caption(text("reader.share", lang))
if highlight:
    st.caption(text("reader.sought", lang, words=markdown(named_words(highlight, lang))))

contents, reading = st.columns([1, 3], gap="large")
with contents:
    st.subheader(text("reader.contents", lang))
    sections = document_sections(passages)
    if sections.empty:
        st.caption(text("reader.no_sections", lang))
    else:
        st.html(toc_html(sections, lang))
with reading:
    st.subheader(text("reader.passages", lang, n=len(passages)))
    st.html(reader_html(passages, doc_id=doc_id, marked=came_from.value, highlight=highlight, lang=lang))
if came_from.value:
    position = passages.loc[passages["passage_id"] == came_from.value, "position"].iloc[0]
    scroll_to(anchor(position))
