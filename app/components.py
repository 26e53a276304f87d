"""Building blocks the pages compose: a chart with its downloads (CSV, Excel, PowerPoint), a passage list with
highlights, the empty state."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import exports
from app.data import cached, load_tables
from app.escape import markdown, markdown_frame, plain, safe_figure, unmarkdown
from app.exports import ExportMeta, plain_label
from app.sidebar import current_filters, current_language, doc_type_labels
from pipeline.schema import ANALYSED_KINDS, BUILD_WARNINGS
from app.i18n import catalogue, format_number, format_timestamp, text
from app.figures import distinct_colours, organisation_colours
from app.queries.documents import all_organisations, document_sources
from app.queries import method as method_queries
from app.queries.method import EVALUATION_SPLITS, ModelSummary
from app.links import reader_link
from app.queries.search import highlight_pattern
from app.queries.themes import theme_labels, uncertain_reasons
from app.state import Filters
from app.widgets import linked

PASSAGES_SHOWN = 50
PASSAGE_BOX_HEIGHT = 560
DECK_KEY = "_slide_deck"
#: The heading drawn last on this run: what a table's or passage list's download says it is (its «Hva» / «What»).
HEADING_KEY = "_export_heading"
PASSAGE_CSS = """
<style>
.hr-passages {font-size: 0.95rem; line-height: 1.5;}
.hr-passage {border-left: 3px solid #0072B2; padding: 0.2rem 0 0.2rem 0.8rem; margin: 0 0 1rem 0;}
.hr-meta {color: #555; font-size: 0.85rem; margin-bottom: 0.2rem;}
.hr-passage mark {background: #FFE08A; color: inherit; padding: 0 1px; border-radius: 2px;}
.hr-boiler {color: #777;}
.hr-why {color: #555; font-size: 0.8rem; margin-top: 0.15rem;}
</style>
"""


def filters_text(filters: Filters, lang: str) -> str:
    """The filters in words, e.g. "Organisasjon: NITO, Tekna; År: 2024" ("" when nothing is narrowed)."""
    types = doc_type_labels(lang)
    parts = [(name, values) for name, values in (
        ("org", filters.organisations), ("year", filters.years),
        ("type", tuple(types.get(t, t) for t in filters.doc_types))) if values]
    return "; ".join(f"{text(f'export.filters.{name}', lang)}: " + ", ".join(str(v) for v in values)
                     for name, values in parts)


def export_meta(name: str, title: str, filters: Filters, lang: str, query: str = "") -> ExportMeta:
    """What every download of this run says about itself: filters, the documents behind it, the build."""
    sources = cached(document_sources)(filters)  # one cached tuple per build and filters, not a sort per chart
    built_at = format_timestamp((load_tables().build_info or {}).get("built_at"), lang)
    return ExportMeta(name=name, title=plain_label(title), lang=lang, filters_slug=filters.describe(),
                      filters_text=filters_text(filters, lang), n_documents=len(sources), built_at=built_at,
                      sources=sources, query=query)


def csv_bytes(data: pd.DataFrame, lang: str = "nb") -> bytes:
    """CSV of data as exports.csv_bytes writes it (header in line 1, names in lang, formulas neutralised)."""
    return exports.csv_bytes(data, lang)


def download_name(name: str, filters: Filters, suffix: str = "csv", query: str = "") -> str:
    """File name with the query and the active filters, e.g. "theme_by_year_org=NITO.csv"."""
    return exports.file_name(ExportMeta(name=name, title="", filters_slug=filters.describe(), query=query), suffix)


def csv_download(data: pd.DataFrame, *, name: str, filters: Filters, lang: str, key: str,
                 label_key: str = "common.download_csv", query: str = "", title: str = "") -> None:
    """Download buttons for data as CSV and as Excel (no rerun on click; the files are written when clicked)."""
    meta = export_meta(name, title or st.session_state.get(HEADING_KEY) or name, filters, lang, query)
    with st.container(horizontal=True):
        _table_buttons(data, meta, key, text(label_key, lang))


def _table_buttons(data: pd.DataFrame, meta: ExportMeta, key: str, csv_label: str) -> None:
    # The bytes are written only when a button is clicked (st.download_button runs a callable then, in a worker
    # thread without session state, so everything it needs is bound now). Writing CSV and Excel for every table on
    # every run took a quarter to a half of a chart page's script time (bench/RESULTS.md). The frame is bound as a
    # copy (copy-on-write: free until someone changes it), so the download is the frame as drawn, whatever the page
    # does to its own frame afterwards.
    frame, lang = data.copy(deep=False), meta.lang
    st.download_button(
        csv_label, data=lambda: exports.csv_bytes(frame, lang),
        file_name=exports.file_name(meta, "csv"), mime="text/csv", key=f"{key}__csv", on_click="ignore",
        icon=":material/download:",
    )
    st.download_button(
        text("export.download_xlsx", lang), data=lambda: exports.xlsx_bytes(frame, meta),
        file_name=exports.file_name(meta, "xlsx"), key=f"{key}__xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table_view:",
    )


@dataclass
class DeckEntry:
    """One chart of this run's slide deck and the passages listed under it (filled in as the page runs)."""

    panels: list
    meta: ExportMeta
    quotes: list = field(default_factory=list)
    selected: bool = False


def start_deck() -> None:
    """Begin this run's slide deck (dashboard.py, before the page runs): charts and listed passages add to it."""
    st.session_state[DECK_KEY] = []
    st.session_state[HEADING_KEY] = ""


def note_heading(title: str) -> None:
    """Remember the heading just drawn: the table and passage downloads under it carry it as their title, not the
    file's stem (the Excel «Om uttrekket» said «Hva: demands_distinct»)."""
    st.session_state[HEADING_KEY] = unmarkdown(plain_label(title))  # headings carry data escaped for Markdown


def _deck() -> list[DeckEntry]:
    return st.session_state.setdefault(DECK_KEY, [])


PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def deck_download(lang: str) -> None:
    """A "Download as PowerPoint" for every chart drawn on this page and the passages listed under them."""
    deck = list(_deck())
    if not deck:
        return
    meta = deck[0].meta
    st.sidebar.download_button(
        text("export.download_page_pptx", lang),
        data=lambda d=deck: exports.pptx_bytes([(e.panels, e.meta) for e in d], [q for e in d for q in e.quotes]),
        file_name=exports.file_name(ExportMeta(name=meta.name.split("_")[0] + "_slides", title="", lang=lang,
                                               filters_slug=meta.filters_slug), "pptx"),
        mime=PPTX_MIME, key="page__pptx", on_click="ignore", icon=":material/slideshow:",
        help=text("export.download_page_pptx_help", lang),
    )


def _points(event: object) -> list[dict]:
    try:
        points = event.selection.points  # type: ignore[attr-defined]
    except (AttributeError, KeyError):
        try:
            points = event["selection"]["points"]  # type: ignore[index]
        except (KeyError, TypeError):
            return []
    return [plain(dict(p)) for p in points or []]


def chart_with_download(
    fig: go.Figure, data: pd.DataFrame, *, name: str, filters: Filters, lang: str, key: str, selectable: bool = True
) -> list[dict]:
    """Draw fig, offer exactly `data` as CSV and Excel and the chart as a PowerPoint slide (a native chart, with the
    passages listed under it as quotes), and return the selected points.

    The figure carries its filters and source under the title and the reader's number format, so a PNG from its
    toolbar stands alone. Each returned point is plotly's point dict (keys customdata, x, y, curve_number,
    point_index); drill-downs should read p["customdata"], never x.
    """
    meta = export_meta(name, fig.layout.title.text or name, filters, lang)
    entry = DeckEntry(exports.chart_panels(fig), meta)
    _deck().append(entry)
    event = st.plotly_chart(
        safe_figure(exports.standalone_figure(fig, meta)),
        key=key,
        on_select="rerun" if selectable else "ignore",
        selection_mode="points",
        config=exports.plotly_config(meta),
        width="stretch",
    )
    with st.container(horizontal=True):
        _table_buttons(data, meta, key, text("export.download_csv", lang))
        if entry.panels:
            st.download_button(
                text("export.download_pptx", lang),
                data=lambda e=entry: exports.pptx_bytes([(e.panels, e.meta)], e.quotes),
                file_name=exports.file_name(meta, "pptx"), mime=PPTX_MIME, key=f"{key}__pptx", on_click="ignore",
                icon=":material/slideshow:", help=text("export.download_help", lang),
            )
    points = _points(event) if selectable else []
    entry.selected = bool(points)
    return points


def selected_keys(points: Iterable[dict], position: int = 0) -> list:
    """The customdata value at `position` of each selected point, in order, without repeats."""
    keys: list = []
    for point in points:
        custom = point.get("customdata")
        if custom is None:
            continue
        value = custom[position] if isinstance(custom, (list, tuple)) else custom
        if value not in keys:
            keys.append(value)
    return keys


def highlight_html(passage: str, terms: Sequence[str], titles: dict[str, str] | None = None,
                   sought: Sequence[str] = ()) -> str:
    """The passage html-escaped, then each term wrapped in <mark> (escaping first, so text can never inject markup).

    titles: lower-cased term -> hover text of its <mark> (why a theme was tagged). sought: words the reader came
    looking for (a search's words), marked <mark class="hr-sought"> where they are not also one of `terms`, so a
    searched word is never taken for a word that made a theme."""
    pattern = highlight_pattern([*terms, *sought])
    if pattern is None:
        return html.escape(passage)
    own = highlight_pattern(terms)
    out, last = [], 0
    for match in pattern.finditer(passage):
        out.append(html.escape(passage[last : match.start()]))
        title = (titles or {}).get(match.group(0).lower())
        attribute = f' title="{html.escape(title, quote=True)}"' if title else ""
        if sought and (own is None or not own.fullmatch(match.group(0))):
            attribute += ' class="hr-sought"'
        out.append(f"<mark{attribute}>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(passage[last:]))
    return "".join(out)


def selected_cells(points: Iterable[dict], size: int = 2) -> list[tuple]:
    """The first `size` customdata values of each selected point as a tuple (e.g. (theme_id, organisation)), no repeats."""
    cells: list[tuple] = []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)) and len(custom) >= size:
            cell = tuple(custom[:size])
            if cell not in cells:
                cells.append(cell)
    return cells


def _split_terms(value: object) -> list[str]:
    if isinstance(value, str):
        return [t for t in value.split("|") if t]
    if isinstance(value, (list, tuple)):
        return [str(t) for t in value if t]
    return []


def _meta_line(row: pd.Series, lang: str) -> str:
    bits = [f"<b>{html.escape(str(row.get('organisation', '')))}</b>", html.escape(str(row.get("year", "")))]
    if pd.notna(row.get("title")):
        bits.append(f"<i>{html.escape(str(row['title']))}</i>")
    if pd.notna(row.get("section_title")) and str(row.get("section_title")).strip():
        bits.append(html.escape(text("passages.section", lang, section=str(row["section_title"]))))
    kind = row.get("kind")
    if isinstance(kind, str) and kind not in ANALYSED_KINDS:
        bits.append(html.escape(text(f"passages.kind.{kind}", lang)))
    if pd.notna(row.get("page")):
        bits.append(html.escape(text("passages.page", lang, page=int(row["page"]))))
    return " · ".join(bits)


def with_reader_links(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """rows with a `read` column: the reader at each row's doc_id (and passage_id, where the frame has one)."""
    passages = rows["passage_id"] if "passage_id" in rows.columns else [None] * len(rows)
    return rows.assign(read=[reader_link(str(d), None if p is None or pd.isna(p) else str(p), lang)
                             for d, p in zip(rows["doc_id"], passages)])


def _open_link(row: pd.Series, highlight: Sequence[str], lang: str) -> str:
    """" · Read in the document": the reader at this passage (in a new tab, so the list stays), or "" without ids."""
    doc_id, passage_id = row.get("doc_id"), row.get("passage_id")
    if not isinstance(doc_id, str) or not isinstance(passage_id, str):
        return ""
    # A word's passages (Keywords) mark its forms: the reader marks them too. A theme's forms (with evidence) the
    # reader marks as a theme's words already; sent along they would read as words looked for.
    words = list(highlight) + ([] if _split_terms(row.get("evidence")) else _split_terms(row.get("matched_forms")))
    href = html.escape(reader_link(doc_id, passage_id, lang, list(dict.fromkeys(words))), quote=True)
    return f' · <a class="hr-open" href="{href}" target="_blank">{html.escape(text("passages.open", lang))}</a>'


def passages_html(passages: pd.DataFrame, highlight: Sequence[str], lang: str) -> str:
    """The HTML of a passage list (escaped; highlight terms plus each row's matched_forms/highlight column marked)."""
    cards = []
    for _, row in passages.iterrows():
        terms = list(highlight) + _split_terms(row.get("matched_forms")) + _split_terms(row.get("highlight"))
        reasons = list(dict.fromkeys(_split_terms(row.get("evidence"))))
        because = text("passages.evidence", lang, reasons=" · ".join(reasons)) if reasons else ""
        # Every highlighted word of a tag names, on hover, the whole rule that fired ("opplæring + digitale").
        titles = {part.lower(): because for reason in reasons for part in reason.split(" + ")}
        body = highlight_html(str(row["text"]), terms, titles)
        kind = str(row.get("kind", "body"))
        boiler = "" if kind in ANALYSED_KINDS else " hr-boiler"
        why = f'<div class="hr-why">{html.escape(because)}</div>' if because else ""
        cards.append(
            f'<div class="hr-passage{boiler}"><div class="hr-meta">{_meta_line(row, lang)}{_open_link(row, highlight, lang)}'
            f"</div><div>{body}</div>{why}</div>"
        )
    return PASSAGE_CSS + '<div class="hr-passages">' + "".join(cards) + "</div>"


KWIC_CSS = """
<style>
.hr-kwic {border-collapse: collapse; width: 100%; font-size: 0.9rem; table-layout: fixed;}
.hr-kwic td {padding: 0.15rem 0.4rem; border-bottom: 1px solid #eee; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;}
.hr-kwic td.l {text-align: right; direction: rtl;}
.hr-kwic td.l span {direction: ltr; unicode-bidi: embed;}
.hr-kwic td.m {font-weight: 600; background: #FFE08A;}
.hr-kwic td.s {color: #555; font-size: 0.8rem;}
</style>
"""
KWIC_COLUMNS = '<colgroup><col style="width:38%"><col style="width:15%"><col style="width:35%"><col style="width:12%"></colgroup>'


def kwic_html(kwic: pd.DataFrame, lang: str = "nb") -> str:
    """Keyword-in-context lines as an escaped HTML table: left context right-aligned, the match, right context, source."""
    rows = []
    for row in kwic.itertuples(index=False):
        page = ", " + text("passages.page", lang, page=int(row.page)) if pd.notna(row.page) else ""
        source = html.escape(f"{row.organisation} {row.year}{page}")
        rows.append(
            f'<tr><td class="l"><span>{html.escape(str(row.left))}</span></td><td class="m">{html.escape(str(row.match))}'
            f'</td><td class="r">{html.escape(str(row.right))}</td><td class="s">{source}</td></tr>'
        )
    return KWIC_CSS + '<table class="hr-kwic">' + KWIC_COLUMNS + "".join(rows) + "</table>"


def passage_quotes(passages: pd.DataFrame) -> pd.DataFrame:
    """The columns a downloaded passage list carries: where each quote comes from, why it is listed, and the quote."""
    columns = ["organisation", "year", "title", "doc_id", "section_title", "page", "passage_id", "themes",
               "matched_forms", "evidence", "text"]
    present = [c for c in columns if c in passages.columns]
    return passages[present].rename(columns={"text": "quote"})


def _theme_names(passages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """passages with their "themes" ids ("|"-joined) as the themes' names, for downloads and slides."""
    if "themes" not in passages.columns:
        return passages
    labels = cached(theme_labels)(lang)
    return passages.assign(themes=[
        "|".join(labels.get(t, t) for t in v.split("|") if t) if isinstance(v, str) else v for v in passages["themes"]])


def passage_list(passages: pd.DataFrame, *, highlight: Sequence[str], lang: str, key: str, filters: Filters | None = None,
                 query: str = "", quotes: bool = False) -> None:
    """Escaped passages with highlighted terms and doc/org/year/section/page, plus CSV and Excel downloads with the
    quotes (a search's query named in the file name). With quotes (a drill-down), the passages also go as quote
    slides into the PowerPoint of the chart they were selected in (the latest chart drawn with a selection).

    Optional columns: matched_forms or highlight ("|"-joined) add per-row terms to mark; n_matches (occurrences
    per passage) makes the caption say the total the list adds up to.
    """
    if passages.empty:
        empty_state(lang)
        return
    shown = passages.head(PASSAGES_SHOWN)
    if "n_matches" in passages.columns:  # the passages behind a word count: say the count they add up to
        st.caption(text("passages.count_matches", lang, occurrences=int(passages["n_matches"].sum()),
                        total=len(passages), shown=len(shown)))
    else:
        st.caption(text("passages.count", lang, shown=len(shown), total=len(passages)))
    # Long lists scroll inside their own box so the page (and the charts above) stays short.
    box = st.container(height=PASSAGE_BOX_HEIGHT) if len(shown) > 4 else st.container()
    box.html(passages_html(shown, highlight, lang))
    passages = _theme_names(passages, lang)
    chosen = next((entry for entry in reversed(_deck()) if entry.selected), None) if quotes else None
    if chosen is not None:
        chosen.quotes.extend(exports.quotes_from(passages, lang))
    csv_download(
        passage_quotes(passages),
        name=f"passages_{key}",
        filters=filters if filters is not None else current_filters(),
        lang=lang,
        key=key,
        label_key="passages.download",
        query=query,
    )


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the reader writes it: 12 345,6 in Bokmål, 12,345.6 in English."""
    return format_number(value, lang, decimals)


NOTICE_KEY = "admin_notice"


def show_notice() -> None:
    """Show, once, the success notice a corpus change left in the session (on whatever page comes next)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")


#: st.table writes every row into the page; past this many rows a scrolling grid draws only what is in view
#: (10,000 documents as a static table took the browser seconds to lay out).
STATIC_TABLE_ROWS = 200


def static_table(data: pd.DataFrame) -> None:
    """A read-only table: st.table for a short frame, a scrolling st.dataframe for a long one."""
    if len(data) <= STATIC_TABLE_ROWS:
        st.table(markdown_frame(data), hide_index=True)  # st.table renders Markdown in its cells
    else:
        st.dataframe(data, hide_index=True)


def how_calculated(area: str, lang: str) -> None:
    """The expander "Slik er det regnet ut" with the page area's method details (catalogue <area>.how), when it has
    any: pages open with what a reader needs, the formulas and model names sit here."""
    if f"{area}.how" in catalogue():
        with st.expander(text("common.how_calculated", lang), icon=":material/calculate:"):
            st.markdown(text(f"{area}.how", lang))


def empty_state(lang: str) -> None:
    """The friendly message shown instead of a chart or list when the filters leave nothing."""
    st.info(text("common.empty", lang), icon=":material/filter_alt_off:")


ColumnSpec = str | None | tuple[str, str | None]


def _number_text(value: object, fmt: str | None) -> str:
    """A number as its column shows it: in the column's printf format ("%.2f", "%d"), else as written (3, 0.25)."""
    if fmt is not None and fmt.startswith("%"):
        return fmt % value
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def without_gaps(data: pd.DataFrame, formats: Mapping[str, str | None], lang: str) -> tuple[pd.DataFrame, frozenset[str]]:
    """data as a table shows it: a missing cell (a precision with no matches to measure it on, a page number of a
    document without pages) reads as the catalogue's common.no_value ("–"), not as the grid's grey "None".

    formats names the shown columns, each with its printf format or None. A numeric column with a gap becomes text
    in that format (its name is returned, to be drawn right-aligned as text: the grid has no placeholder for a
    missing number); columns without gaps are untouched. Downloads take data itself, where a gap stays empty.
    """
    dash = text("common.no_value", lang)
    out, as_text = data, set()
    for column, fmt in formats.items():
        if column not in data.columns or pd.api.types.is_bool_dtype(data[column]):
            continue
        values = data[column]
        missing = values.isna().to_numpy()
        if not missing.any():
            continue
        if out is data:
            out = data.copy()
        if pd.api.types.is_numeric_dtype(values):
            out[column] = [dash if gap else _number_text(value, fmt) for value, gap in zip(values, missing)]
            as_text.add(column)
        else:
            out[column] = values.astype(object).where(~missing, dash)
    return out, frozenset(as_text)


def _spec_format(spec: ColumnSpec) -> str | None:
    """The printf format a column spec shows numbers in ("%d", "%.2f"), else None."""
    spec = spec[1] if isinstance(spec, tuple) else spec
    return spec if isinstance(spec, str) and spec.startswith("%") else None


def gap_formats(columns: Mapping[str, ColumnSpec]) -> dict[str, str | None]:
    """The shown columns of a spec mapping with their printf formats, as without_gaps takes them."""
    return {c: _spec_format(s) for c, s in columns.items() if s not in ("hidden", "link")}


def column_config(columns: Mapping[str, ColumnSpec], lang: str, as_text: frozenset[str] = frozenset()) -> dict[str, object]:
    """Column settings for st.dataframe, each column titled from the catalogue's column.<name>.

    The spec says how a column shows: None plain; "small"/"medium"/"large" a text column of that width;
    "number" a number; "%d", "%.2f" … a number in that format; "check" a checkbox; "link" a link (the `read`
    column: the document reader at each row's doc_id and passage_id, added by Page.table); "hidden" not shown;
    (title, spec) the same under the catalogue's column.<title>. A number column in as_text (it has gaps, see
    without_gaps) is a right-aligned text column.
    """
    config: dict[str, object] = {}
    for name, spec in columns.items():
        title_name, spec = spec if isinstance(spec, tuple) else (name, spec)
        title = text(f"column.{title_name}", lang)
        if name in as_text:
            config[name] = st.column_config.TextColumn(title, alignment="right")
        elif spec is None:
            config[name] = title
        elif spec == "hidden":
            config[name] = None
        elif spec in ("small", "medium", "large"):
            config[name] = st.column_config.TextColumn(title, width=spec)
        elif spec == "check":
            config[name] = st.column_config.CheckboxColumn(title)
        elif spec == "link":
            config[name] = st.column_config.LinkColumn(title, display_text=text("documents.read", lang), width="small")
        else:
            config[name] = st.column_config.NumberColumn(title, format=None if spec == "number" else spec)
    return config


@dataclass(frozen=True)
class Page:
    """What a page composes with: its language, the sidebar's filters, and the blocks drawn with them.

    Page.open(area) draws the page's title and intro (catalogue <area>.title / <area>.intro) and returns one.
    """

    lang: str
    filters: Filters

    @classmethod
    def open(cls, area: str) -> "Page":
        """The page of this run for one navigation area: its title and intro drawn, language and filters read."""
        lang = current_language()
        page = cls(lang, current_filters())
        st.title(text(f"{area}.title", lang))
        st.caption(text(f"{area}.intro", lang))
        how_calculated(area, lang)
        return page

    def text(self, key: str, **values) -> str:
        """The catalogue text for key in the page's language."""
        return text(key, self.lang, **values)

    def setting(self, widget: str, key: str, label: str, options: Sequence | None = None, *, default: object,
                where=None, **kwargs) -> object:
        """A widget (st.<widget>, or where.<widget>) labelled from the catalogue whose value, as ids, lives in the URL
        under key (declared in app.links; see app.widgets.linked). default replaces default=/index=/value=."""
        return linked(where if where is not None else st, widget, key, self.text(label), options, default=default,
                      lang=self.lang, **kwargs)

    def empty(self) -> None:
        """The empty state (the filters leave nothing)."""
        empty_state(self.lang)

    def heading(self, key: str, intro: str | None = None, *, level: str = "subheader", **values) -> None:
        """A section heading (st.header or st.subheader) from the catalogue, with its intro as a caption."""
        title = self.text(key, **values)
        getattr(st, level)(title)
        note_heading(title)
        if intro is not None:
            st.caption(self.text(intro))

    def require(self, condition: object, message: str | None = None, icon: str = ":material/info:") -> None:
        """Stop the page here unless condition holds, saying why: the catalogue's message, else the empty state."""
        if not condition:
            if message is None:
                self.empty()
            else:
                st.info(self.text(message), icon=icon)
            st.stop()

    def chart(self, fig: go.Figure, data: pd.DataFrame, *, name: str, key: str, note: str | None = None,
              selectable: bool = True, filters: Filters | None = None) -> list[dict]:
        """A chart with its CSV (filters: the page's unless narrowed), captioned with note (+ the select hint when
        it can be selected); returns the selected points."""
        points = chart_with_download(fig, data, name=name, filters=filters or self.filters, lang=self.lang, key=key,
                                     selectable=selectable)
        if note is not None:
            st.caption(note + (" " + self.text("common.select_hint") if selectable else ""))
        return points

    def passages(self, passages: pd.DataFrame, *, key: str, highlight: Sequence[str] = (),
                 filters: Filters | None = None, quotes: bool = False) -> None:
        """A passage list with its CSV and Excel; quotes: they were selected in the chart above (quote slides)."""
        passage_list(passages, highlight=list(highlight), lang=self.lang, key=key, filters=filters or self.filters,
                     quotes=quotes)

    def behind(self, what: str, passages: pd.DataFrame, *, key: str, highlight: Sequence[str] = (),
               filters: Filters | None = None) -> None:
        """A drill-down: the heading "The passages behind your selection: <what>" (escaped: it holds data) and them."""
        st.subheader(self.text("common.selected", what=markdown(what)))
        note_heading(self.text("common.selected", what=what))
        self.passages(passages, key=key, highlight=highlight, filters=filters, quotes=True)

    def table(self, data: pd.DataFrame, columns: Mapping[str, ColumnSpec], *, key: str, name: str | None = None,
              select: bool = False) -> list[int]:
        """data's columns (in the spec's order, see column_config) as a table, with its CSV when named; returns the
        selected row positions when select."""
        shown, as_text = without_gaps(data, gap_formats(columns),
                                      self.lang)
        shown = with_reader_links(shown, self.lang) if "read" in columns else shown
        event = st.dataframe(shown, hide_index=True, key=key, column_order=[c for c, s in columns.items() if s != "hidden"],
                             column_config=column_config(columns, self.lang, as_text),
                             **({"on_select": "rerun", "selection_mode": "single-row"} if select else {}))
        if name is not None:
            csv_download(data, name=name, filters=self.filters, lang=self.lang, key=key,
                         label_key="common.download_table")
        try:
            return list(event.selection.rows) if select else []
        except AttributeError:
            return []

    def drill(self, points: list[dict], query, *, key: str, size: int = 2, first: bool = False,
              labels: Mapping[str, str] | Callable[[object], str] | None = None, filters: Filters | None = None,
              names: Mapping[str, str] | None = None, **arguments) -> None:
        """Under a chart: the passages behind its selected cells (the first `size` customdata values of each point,
        or of the first point only; the first value named by labels, the others by names, e.g. a document id by its
        title), found by cached(query)(filters, cells, **arguments) over the page's filters unless narrowed."""
        if cells := selected_cells(points, size)[: 1 if first else None]:
            narrowed = filters or self.filters
            self.behind(cells_label(cells, labels or {}, names), cached(query)(narrowed, cells, **arguments), key=key,
                        filters=narrowed)

    def capped(self, key: str, n_all: int, cap: int, *, shown: int | None = None, fewer: str | None = None,
               **values) -> None:
        """The caption saying a chart shows only the first `cap` of n_all (when it does), with more values for key.

        shown: how many the chart kept when it keeps fewer than cap (only those with something to show); the caption
        is then the catalogue's `fewer` text with n = shown, not a claim that the cap's worth were chosen."""
        if n_all <= cap:
            return
        if shown is not None and fewer is not None and shown < cap:
            st.caption(self.text(fewer, n=shown, n_all=n_all, **values))
        else:
            st.caption(self.text(key, n=cap, n_all=n_all, **values))

    def uncertain_note(self, theme_ids: Sequence[str] | None = None) -> None:
        """The caption naming the themes marked ⚠ in the charts, each with why (uncertain_reasons)."""
        reasons = cached(uncertain_reasons)(self.lang, theme_ids=None if theme_ids is None else tuple(theme_ids))
        n_themes = reasons["theme_id"].nunique()
        if n_themes and set(reasons["reason"]) == {"no_evaluation"}:
            st.caption(self.text("themes.uncertain_unmeasured"))  # one cause for all: say it once
        elif n_themes and n_themes <= INLINE_UNCERTAIN:
            st.caption(self.text("themes.uncertain", themes=uncertain_text(reasons, self.lang)))
        elif n_themes:
            # a reason list of fifteen themes in a caption is a wall of text over the chart: count them, list below
            st.caption(self.text("themes.uncertain_many", n=n_themes))
            with st.expander(self.text("themes.uncertain_why")):
                st.markdown(uncertain_list(reasons, self.lang))

    def organisation_colours(self, shown: Sequence[str] | None = None) -> dict[str, str]:
        """One colour per organisation of the whole build, the same on every page and under every filter.

        shown: the organisations that one view draws together (the Compare page's choice): those get colours that
        differ from each other, the same in every chart of the view, as the build's palette repeats after 18."""
        colours = organisation_colours(cached(all_organisations)())
        return colours if shown is None else distinct_colours(colours, sorted(str(o) for o in shown))


def reason_text(reason: pd.Series, lang: str) -> str:
    """One reason a theme is uncertain, in words ("presisjon 0,60 under 0,8"; "(kryssvalidert)" for a cv row)."""
    values = {"n_predicted": reason["n_predicted"], "n_positive": reason["n_positive"]}
    if pd.notna(reason["value"]):
        values["value"] = number(reason["value"], lang, decimals=2)
    said = text(f"themes.why.{reason['reason']}", lang, **values)
    return text("themes.why.cv", lang, reason=said) if reason["split"] == "cv" else said


#: Up to this many uncertain themes are named with their reasons in the caption itself; more go in a list below it.
INLINE_UNCERTAIN = 3


def _theme_reasons(reasons: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(escaped theme label, its reasons joined by "; ") per uncertain theme, in the frame's order."""
    return [(markdown(theme), "; ".join(reason_text(r, lang) for _, r in rows.iterrows()))
            for theme, rows in reasons.groupby("theme", sort=False)]


def uncertain_list(reasons: pd.DataFrame, lang: str) -> str:
    """The uncertain themes as a Markdown list, one theme a line with its reasons."""
    return "\n".join(f"- **{theme}**: {why}" for theme, why in _theme_reasons(reasons, lang))


def uncertain_text(reasons: pd.DataFrame, lang: str) -> str:
    """The uncertain themes, each with its reasons, as Markdown: "Rekruttering (presisjon 0,60; …), Praksisplasser (…)";
    a theme's label is the lexicon's, so it is escaped; the reasons are the catalogue's."""
    return ", ".join(f"{theme} ({why})" for theme, why in _theme_reasons(reasons, lang))


def cells_label(cells: Iterable[Sequence], labels: Mapping[str, str] | Callable[[object], str],
                names: Mapping[str, str] | None = None) -> str:
    """Selected cells for a heading: the first value named by labels (a mapping or a function), the rest by names
    where it has them (an id never shows where a title exists), else as they are ("Praksisplasser · NITO")."""
    name = labels if callable(labels) else (lambda value: labels.get(value, str(value)))
    rest = names or {}
    return ", ".join(" · ".join([name(c[0]), *(rest.get(str(v), str(v)) for v in c[1:])]) for c in cells)


#: The theme evaluation's measures and how they show.
EVALUATION_FORMATS = {f"{split}_{part}": fmt for split in EVALUATION_SPLITS for part, fmt in (
    ("precision", "%.2f"), ("precision_ci", None), ("n_predicted", None), ("recall", "%.2f"), ("recall_ci", None),
    ("n_positive", None))}


def evaluation_table(evaluation: pd.DataFrame, filters: Filters, lang: str) -> None:
    """The Method page's theme evaluation: the table (a measure with n = 0 shows "–", said under it) and its CSV (where
    it is an empty cell)."""
    shown, as_text = without_gaps(evaluation, EVALUATION_FORMATS, lang)
    st.dataframe(shown, hide_index=True, key="method_evaluation", column_config=evaluation_columns(lang, as_text))
    if evaluation[[c for c in EVALUATION_FORMATS if c in evaluation.columns]].isna().any().any():
        st.caption(text("method.evaluation.no_value", lang))
    csv_download(evaluation, name="theme_evaluation", filters=filters, lang=lang, key="method_evaluation",
                 label_key="common.download_table")


#: How the Method page shows each held-out part's own figure (heldout_part_figures).
PART_FIGURES = {"theme_id": "hidden", "theme": None, "heldout_part": "small", "tuned_on": "check", "precision": "%.2f",
                "precision_interval": ("interval", None), "n_predicted": ("heldout_n_predicted", "number"),
                "recall": "%.2f", "recall_interval": ("interval", None),
                "n_positive": ("heldout_n_positive", "number")}


def part_figures(page: Page, by_part: pd.DataFrame) -> None:
    """Under the theme evaluation, behind an expander: each held-out part's own figure per theme (C, D, E), with its
    CSV; nothing for a build that has none (before part D)."""
    if by_part.empty:
        return
    with st.expander(page.text("method.evaluation.by_part")):
        st.caption(page.text("method.evaluation.by_part_intro"))
        page.table(by_part, PART_FIGURES, key="method_evaluation_parts", name="theme_evaluation_by_part")


def evaluation_columns(lang: str, as_text: frozenset[str] = frozenset()) -> dict[str, object]:
    """The Method page's theme evaluation table: precision and recall with interval and n per split (a measure in
    as_text, with gaps, is right-aligned text)."""
    config: dict[str, object] = {"theme_id": None, "theme": text("column.theme", lang),
                                 "uncertain": st.column_config.CheckboxColumn(text("column.uncertain", lang)),
                                 "heldout_part": st.column_config.TextColumn(text("method.evaluation.heldout_part", lang),
                                                                             width="small")}
    for split in EVALUATION_SPLITS:
        for measure, n in (("precision", "n_predicted"), ("recall", "n_positive")):
            name = text(f"method.evaluation.{split}_{measure}", lang)
            config[f"{split}_{measure}"] = (
                st.column_config.TextColumn(name, width="small", alignment="right") if f"{split}_{measure}" in as_text
                else st.column_config.NumberColumn(name, format="%.2f", width="small"))
            config[f"{split}_{measure}_ci"] = st.column_config.TextColumn(text("column.ci95", lang), width="small")
            config[f"{split}_{n}"] = st.column_config.NumberColumn("n", width="small")
    return config


def model_metrics(page: Page, model: ModelSummary) -> None:
    """The topic model's chosen k, its stability and the number of topics side by side ("–" where the build has no
    value)."""
    k_column, stability_column, topics_column = st.columns(3)
    k_column.metric(page.text("method.model.k"), "–" if model.k is None else str(model.k))
    stability_column.metric(page.text("method.model.stability"),
                            "–" if model.stability is None else f"{model.stability:.2f}",
                            help=page.text("method.model.stability_help"))
    topics_column.metric(page.text("method.model.n_topics"), str(model.n_topics))


def build_report(page: Page) -> None:
    """The build's summary line, its row counts and stage timings side by side, its problems and its warnings."""
    build = cached(method_queries.build_summary)()
    st.markdown(page.text("method.build.summary", built_at=build.built_at, version=build.version, n=build.n_documents))
    counts_column, timings_column = st.columns(2)
    with counts_column:
        st.caption(page.text("method.build.row_counts"))
        page.table(cached(method_queries.build_rows)("row_counts", "table", "rows"), {"table": None, "rows": None}, key="method_rows")
    with timings_column:
        st.caption(page.text("method.build.timings"))
        page.table(cached(method_queries.build_rows)("timings", "stage", "seconds"), {"stage": None, "seconds": "%.2f"},
                   key="method_timings")
    page.heading("method.build.problems", n=len(build.problems))
    if build.problems:
        st.markdown("\n".join(f"- {markdown(problem)}" for problem in build.problems))
    else:
        st.caption(page.text("method.build.no_problems"))
    if build.warnings:
        # the build's own warnings (a code edit during the build) are not a document's
        n_documents = len([key for key in build.warnings if key != BUILD_WARNINGS])
        with st.expander(page.text("method.build.warnings", n=n_documents)):
            st.json(build.warnings)
