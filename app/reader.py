"""What the document reader page composes: the facts about a document, its original file, its table of contents
and every passage in order, the passage the reader came from marked and scrolled to.

Everything from data is escaped (app.escape, html.escape); the only tags are the reader's own, and its only
links are anchors within the page (#hr-p-<position>) and reader links built by app.links from url-encoded ids.
"""
from __future__ import annotations

import html
import json
import mimetypes
import re
from pathlib import Path
from typing import Sequence

import pandas as pd
import streamlit as st

from app.components import highlight_html, number
from app.escape import markdown
from app.i18n import text
from app.links import reader_link
from pipeline.schema import ANALYSED_KINDS

READER_CSS = """
<style>
.hr-reader {font-size: 0.97rem; line-height: 1.55;}
.hr-reader .hr-section {font-weight: 600; font-size: 1.05rem; margin: 1.2rem 0 0.4rem 0;}
.hr-reader .hr-p {padding: 0.25rem 0.6rem; margin: 0 0 0.7rem 0; border-left: 3px solid transparent;}
.hr-reader .hr-p.hr-tagged {border-left-color: #9ecae1;}
.hr-reader .hr-p.hr-boiler {color: #777;}
.hr-reader .hr-p.hr-marked {border-left: 4px solid #D55E00; background: #FFF4E5;}
.hr-reader .hr-pmeta {color: #666; font-size: 0.8rem;}
.hr-reader .hr-pmeta a {color: #666; text-decoration: none;}
.hr-reader .hr-tag {display: inline-block; background: #E8F1FA; color: #08519c; border-radius: 0.6rem;
  padding: 0 0.45rem; margin-right: 0.25rem; font-size: 0.75rem;}
.hr-reader mark {background: #FFE08A; color: inherit; padding: 0 1px; border-radius: 2px;}
.hr-reader mark.hr-sought {background: transparent; outline: 2px solid #0072B2; outline-offset: -1px;}
.hr-reader .hr-why {color: #555; font-size: 0.8rem; margin-top: 0.15rem;}
.hr-toc {font-size: 0.9rem; line-height: 1.45; list-style: none; padding-left: 0;}
.hr-toc li {margin-bottom: 0.25rem; overflow-wrap: anywhere;}  /* «kompetanseoverføringsmøter» in a narrow column */
.hr-toc a {text-decoration: none;}
.hr-toc .hr-tocpage {color: #777; font-size: 0.8rem;}
/* The contents stay in view while the text scrolls past. */
[data-testid="stColumn"]:has(.hr-toc) {position: sticky; top: 3.75rem; align-self: flex-start;
  max-height: calc(100vh - 5rem); overflow-y: auto;}
</style>
"""


#: Kinds whose passage holds one entry per line (notes, sources, contents lines): shown line by line.
LINE_KINDS = frozenset({"footnote", "reference", "toc"})
#: A line break before a list item: the pipeline writes every bullet ("•", "▪", "–" …) as a line opening with "- ".
_LIST_ITEM_LINE = re.compile(r"\n(?=- )")


def anchor(position: int) -> str:
    """The id of a passage's element in the page (positions are the document's own order)."""
    return f"hr-p-{int(position)}"


def _split(value: object) -> list[str]:
    return [t for t in str(value or "").split("|") if t]


def _page(value: object, lang: str) -> str:
    return text("passages.page", lang, page=int(value)) if pd.notna(value) else ""


def toc_html(sections: pd.DataFrame, lang: str) -> str:
    """The sections as a list of in-page links, each with its first page."""
    items = []
    for row in sections.itertuples(index=False):
        page = _page(row.page, lang)
        items.append(
            f'<li><a href="#{anchor(row.position)}">{html.escape(str(row.section_title))}</a>'
            + (f' <span class="hr-tocpage">{html.escape(page)}</span>' if page else "") + "</li>"
        )
    return READER_CSS + '<ul class="hr-toc">' + "".join(items) + "</ul>"


def reader_html(passages: pd.DataFrame, *, doc_id: str, marked: str | None, highlight: Sequence[str], lang: str) -> str:
    """Every passage in order: a section heading where the section changes, page, kind, theme tags with why each
    was tagged (`reasons`, where the frame has it), the words that made each tag marked, the given highlight (a
    search's words) marked apart, and a link to the passage itself (to copy and share)."""
    out, section = [], None
    for row in passages.itertuples(index=False):
        title = str(row.section_title) if pd.notna(row.section_title) else ""
        if title and title != section:
            out.append(f'<div class="hr-section">{html.escape(title)}</div>')
        section = title or section
        kind = str(row.kind)
        classes = ["hr-p"]
        if kind not in ANALYSED_KINDS:
            classes.append("hr-boiler")
        if row.themes:
            classes.append("hr-tagged")
        if row.passage_id == marked:
            classes.append("hr-marked")
        meta = [_page(row.page, lang)]
        if kind not in ANALYSED_KINDS:
            meta.append(text(f"passages.kind.{kind}", lang))
        link = html.escape(reader_link(doc_id, str(row.passage_id), lang), quote=True)
        tags = "".join(f'<span class="hr-tag">{html.escape(t)}</span>' for t in _split(row.themes))
        # Why each theme was tagged, as under a chart's passages («Tagget fordi: …»), one theme after the other;
        # each word that made a tag says so on hover. The link's words (a search) are marked apart.
        reasons = _split(getattr(row, "reasons", ""))
        because = text("passages.evidence", lang, reasons="; ".join(reasons)) if reasons else ""
        forms = _split(row.matched_forms)
        body = highlight_html(str(row.text), forms, {f.lower(): because for f in forms} if because else None,
                              sought=list(highlight))
        why = f'<div class="hr-why">{html.escape(because)}</div>' if because else ""
        if kind in LINE_KINDS:
            body = body.replace("\n", "<br>")  # one footnote or source per line, as in the document
        else:
            body = _LIST_ITEM_LINE.sub("<br>", body)  # each point of a list on its own line; running text stays whole
        out.append(
            f'<div class="{" ".join(classes)}" id="{anchor(row.position)}"><div class="hr-pmeta">'
            f'<a class="hr-open" href="{link}" title="{html.escape(text("reader.passage_link", lang), quote=True)}">¶</a> '
            f'{html.escape(" · ".join(m for m in meta if m))} {tags}</div><div>{body}</div>{why}</div>'
        )
    return READER_CSS + '<div class="hr-reader">' + "".join(out) + "</div>"


def named_words(words: Sequence[str], lang: str, most: int = 8) -> str:
    """The link's words for a caption: the first `most`, then how many more (a topic's ten terms come as some fifty
    written forms, which made the caption a paragraph)."""
    words = list(dict.fromkeys(words))
    shown = ", ".join(words[:most])
    return shown if len(words) <= most else shown + " " + text("reader.more_words", lang, n=len(words) - most)


def scroll_to(element_id: str) -> None:
    """Scroll the page to the element (once it is drawn): a one-pixel same-origin frame whose script reaches the page.

    The script carries no data: element_id is built from a passage position (an integer)."""
    script = (
        "<script>const target = " + json.dumps(element_id) + ";"
        "function go(n){const el = window.parent.document.getElementById(target);"
        "if (el) {el.scrollIntoView({block: 'center'});} else if (n > 0) {setTimeout(() => go(n - 1), 200);}}"
        "go(100);</script>"
    )
    st.iframe(script, height=1)


FACTS = ("organisation", "year", "date", "doc_type", "language", "n_pages", "n_words", "n_passages", "text_source", "source_file",
         "doc_id")
#: The documents table's counts are of every passage and word (letterhead, references …), as the Documents page's
#: «Ord i alt» / «Avsnitt i alt», not the analysed ones Overview counts.
FACT_LABELS = {"n_words": "n_words_all", "n_passages": "n_passages_all"}


def document_facts(record: dict, lang: str, named: dict[str, dict[str, str]]) -> None:
    """The document's title and metadata (every value escaped as text); named: field -> id -> the reader's name."""
    st.header(markdown(record.get("title") or record["doc_id"]))
    lines = []
    for field in FACTS:
        value = record.get(field)
        if value == "" if isinstance(value, str) else pd.isna(value):
            continue  # e.g. no page count: a TXT or DOCX file has no pages
        if field in named:
            shown = named[field].get(str(value), str(value))
        elif field.startswith("n_"):
            shown = number(int(value), lang)
        else:
            shown = value
        lines.append(f"**{text(f'column.{FACT_LABELS.get(field, field)}', lang)}:** {markdown(shown)}")
    st.markdown("  \n".join(lines))
    if record.get("date_basis"):
        st.caption(text("reader.date_basis", lang, basis=markdown(record["date_basis"])))


def original_download(path: Path | None, lang: str) -> None:
    """A button that downloads the original file (read only when clicked), or why there is none."""
    if path is None:
        st.caption(text("reader.no_original", lang))
        return
    st.download_button(
        text("reader.download", lang),
        data=lambda p=path: p.read_bytes(),  # on click, in a worker thread: the path is bound now
        file_name=path.name,
        mime=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        key="reader_original",
        on_click="ignore",
        icon=":material/download:",
    )
