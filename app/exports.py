"""The frame behind a chart, taken out of the app: CSV, XLSX and PPTX (native PowerPoint charts), plus PNG settings.

Pure functions, Streamlit-free: a tidy frame (and the plotly figure drawn from it) with an ExportMeta in, bytes out.
- CSV: the header in line 1 (pandas.read_csv and spreadsheets read it as it is), column names in the reader's
  language, values rounded, shares as percentages, full labels; what was filtered goes into the file name and the
  XLSX's "About" sheet, never above the header.
- XLSX: the same table as a real Excel table, and a sheet saying what it is (filters, documents, build, definitions).
- PPTX: one slide per chart as a native, editable PowerPoint chart made from the figure's own data (which the figure
  took from the frame), with title, filters, n documents and source on the slide; passages as quote slides.
Text cells that a spreadsheet would run as a formula (= + - @ tab CR) get a leading ' in every format (OWASP CSV
injection), and XLSX cells are written as strings, never as formulas.
"""
from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Sequence

import pandas as pd

from app.escape import plot_text
from app.i18n import catalogue, format_number, text

_UNSAFE_IN_NAME = re.compile(r"[^\w=+.-]+")  # safe in a file name on every OS; keeps letters like æøå
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Columns holding a share (0–1): exported as percentages, as the charts show them.
PERCENT_COLUMNS = frozenset({
    "share", "mean_weight", "top_share", "weight", "corpus_weight", "share_a", "share_b", "precision", "recall",
})
#: Columns whose text is a "|"-joined list (the queries' form): exported joined with "; ".
LIST_COLUMNS = frozenset({"matched_forms", "evidence", "highlight", "themes"})
#: Decimals per measure column; other float columns get DEFAULT_DECIMALS, percentages PERCENT_DECIMALS.
DECIMALS = {
    "per_10k": 1, "per_10k_a": 1, "per_10k_b": 1, "per_10k_target": 1, "per_10k_rest": 1, "g2": 1, "log_ratio": 2,
    "lift": 2, "relevance": 3, "p_value": 4, "coherence": 3, "stability": 2, "x": 3, "y": 3,
}
DEFAULT_DECIMALS = 2
PERCENT_DECIMALS = 1
#: plotly's layout.separators: decimal mark, then thousands separator.
SEPARATORS = {"nb": ", ", "en": ".,"}
MAX_QUOTE_SLIDES = 30
SOURCE = "Høringsradar"
#: Plotly's modebar reduced to what a reader needs here: the PNG download (selection is by click).
MODEBAR_REMOVE = (
    "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d",
    "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines", "zoom3d", "pan3d", "resetCameraDefault3d",
    "resetCameraLastSave3d", "hoverClosest3d", "orbitRotation", "tableRotation", "zoomInGeo", "zoomOutGeo",
    "resetGeo", "hoverClosestGeo", "sendDataToCloud", "toggleHover", "resetViews", "resetViewMapbox",
)


@dataclass(frozen=True)
class ExportMeta:
    """What an export says about itself: its title and name, the filters, the documents behind it and the build."""

    name: str  # file name stem, e.g. "themes_by_organisation_share"
    title: str  # the chart's title as the reader sees it
    lang: str = "nb"
    filters_slug: str = "all"  # Filters.describe(), for file names
    filters_text: str = ""  # the filters in words, e.g. "Organisasjon: NITO; År: 2024"
    n_documents: int = 0
    built_at: str = ""  # the build's time as the reader writes it
    sources: tuple[str, ...] = ()  # the documents behind the numbers, one label each
    query: str = ""  # a search's query: named in the file name
    exported_at: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))

    @property
    def source_line(self) -> str:
        """ "Kilde: Høringsradar, 5 dokumenter, bygget 04.12.2026 kl. 23:40 UTC"."""
        return text("export.source_line", self.lang, source=SOURCE, n=self.n_documents, built_at=self.built_at or "?")


# ---------------------------------------------------------------------------------------------
# Names and values


def file_name(meta: ExportMeta, suffix: str) -> str:
    """File name with the query (searches) and the filters, e.g. "passages_search_praksisplass_org=NITO.csv"."""
    query = re.sub(r"[^\w]+", "-", meta.query.strip()).strip("-")[:60]
    stem = "_".join(part for part in (meta.name, query, meta.filters_slug) if part)
    return _UNSAFE_IN_NAME.sub("-", stem) + "." + suffix


def neutralise(value: object) -> object:
    """A text a spreadsheet would run as a formula, with a leading ' (shown as text); anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def column_label(column: str, lang: str) -> str:
    """A column's name in the reader's language (catalogue "column.<name>"); shares say they are in %."""
    key = f"column.{column}"
    label = text(key, lang) if key in catalogue() else column
    return f"{label} (%)" if column in PERCENT_COLUMNS else label


def _cell(value: Any, column: str = "") -> Any:
    """A cell as one value: lists, and the "|"-joined lists of LIST_COLUMNS, joined with "; "."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, (str, bytes))):
        items = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(items, list):
            return "; ".join(str(v) for v in items)
    if column in LIST_COLUMNS and isinstance(value, str):
        return "; ".join(part for part in value.split("|") if part)
    return value


def _unique(labels: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _named_group(data: pd.DataFrame) -> pd.DataFrame:
    """The queries' generic "group" column named for what it holds: years, else organisations."""
    if "group" not in data.columns:
        return data
    numeric = pd.api.types.is_numeric_dtype(data["group"]) or data["group"].astype(str).str.fullmatch(r"\d{4}").all()
    name = "year" if numeric else "organisation"
    return data if name in data.columns else data.rename(columns={"group": name})


def _whole_numbers(values: pd.Series) -> bool:
    """A float column whose every value is a whole number or missing (page numbers with gaps), not an empty one."""
    if not pd.api.types.is_float_dtype(values):
        return False
    present = values.dropna()
    return len(present) > 0 and bool((present == present.round()).all()) and bool((present.abs() < 2**53).all())


def export_frame(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as exported: shares as rounded percentages, other measures rounded, whole numbers without ".0",
    yes/no in words, lists joined with "; ", column names in the reader's language (unique), formula-like text
    neutralised. The input is not changed."""
    data = _named_group(data)
    out = pd.DataFrame(index=range(len(data)))
    for column in data.columns:
        values = data[column].reset_index(drop=True)
        name = str(column)
        if pd.api.types.is_bool_dtype(values):
            # A spreadsheet shows the words a reader uses, not Python's True/False.
            words = {True: text("common.yes", lang), False: text("common.no", lang)}
            out[name] = values.map(lambda v: words.get(bool(v)) if not pd.isna(v) else None).astype(object)
        elif _whole_numbers(values) and name not in PERCENT_COLUMNS:
            # Page numbers and years stored as float because some are missing: "3", not "3.0".
            out[name] = values.astype("Int64")
        elif pd.api.types.is_float_dtype(values) or (pd.api.types.is_numeric_dtype(values) and name in PERCENT_COLUMNS):
            if name in PERCENT_COLUMNS:
                out[name] = (values.astype(float) * 100).round(PERCENT_DECIMALS)
            else:
                out[name] = values.astype(float).round(DECIMALS.get(name, DEFAULT_DECIMALS))
        elif pd.api.types.is_numeric_dtype(values):
            out[name] = values
        else:
            out[name] = values.map(lambda v: neutralise(_cell(v, name)) if v is not None else v).astype(object)
    out.columns = _unique([str(neutralise(column_label(str(c), lang))) for c in data.columns])
    return out


def csv_bytes(data: pd.DataFrame, lang: str = "nb") -> bytes:
    """CSV with the header in line 1 (UTF-8 with BOM, so spreadsheet programs read æøå), see export_frame."""
    buffer = io.StringIO()
    export_frame(data, lang).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------
# XLSX


def _definitions(columns: Sequence[str], lang: str) -> list[tuple[str, str]]:
    found = []
    # A measure of a word's counts (a "term" column: Keywords, Compare's terms) is defined as the word's, where the
    # catalogue has that wording ("export.definition.<column>_of_word"), not as a theme's.
    subject = "_of_word" if "term" in columns else ""
    for column in columns:
        key = f"export.definition.{column}"
        key = key + subject if key + subject in catalogue() else key
        if key in catalogue():
            found.append((column_label(column, lang), text(key, lang)))
    return found


def about_rows(data: pd.DataFrame, meta: ExportMeta) -> list[tuple[str, str]]:
    """The "About" sheet as (what, value) rows: title, filters, rows, documents, build, export, definitions, sources."""
    lang = meta.lang
    rows = [
        (text("export.about.title", lang), meta.title),
        (text("export.about.filters", lang), meta.filters_text or text("export.about.no_filters", lang)),
    ]
    if meta.query:
        rows.append((text("export.about.query", lang), meta.query))
    rows += [
        (text("export.about.rows", lang), format_number(len(data), lang)),
        (text("export.about.n_documents", lang), format_number(meta.n_documents, lang)),
        (text("export.about.source", lang), meta.source_line),
        (text("export.about.built_at", lang), meta.built_at),
        (text("export.about.exported_at", lang), meta.exported_at),
    ]
    rows += [(text("export.about.definition", lang, column=label), definition)
             for label, definition in _definitions([str(c) for c in data.columns], lang)]
    rows += [(text("export.about.documents", lang) if i == 0 else "", source) for i, source in enumerate(meta.sources)]
    return [(str(neutralise(a)), str(neutralise(b))) for a, b in rows]


def _sheet_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def xlsx_bytes(data: pd.DataFrame, meta: ExportMeta) -> bytes:
    """An Excel workbook: the export_frame as a real table on the data sheet, and an "About" sheet (about_rows)."""
    import xlsxwriter

    buffer = io.BytesIO()
    # Never turn a text cell into a formula, number or link: cells are what the app shows.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
    lang = meta.lang
    frame = export_frame(data, lang)
    sheet = workbook.add_worksheet(text("export.sheet.data", lang))
    rows = [[_sheet_value(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    last_row = max(len(rows), 1)  # a table needs at least one data row
    if frame.shape[1]:
        sheet.add_table(0, 0, last_row, frame.shape[1] - 1, {
            "data": rows or None, "name": "Data", "style": "Table Style Medium 2",
            "columns": [{"header": str(c)} for c in frame.columns],
        })
        for i, column in enumerate(frame.columns):
            width = max([len(str(column))] + [len(str(r[i])) for r in rows[:200] if r[i] is not None])
            sheet.set_column(i, i, min(max(width + 2, 8), 60))
        sheet.freeze_panes(1, 0)
    about = workbook.add_worksheet(text("export.sheet.about", lang))
    bold = workbook.add_format({"bold": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    about.set_column(0, 0, 32)
    about.set_column(1, 1, 100)
    for i, (what, value) in enumerate(about_rows(data, meta)):
        about.write_string(i, 0, what, bold)
        about.write_string(i, 1, value, wrap)
    workbook.close()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# PNG settings and number format in the app's figures


def plain_label(value: object) -> str:
    """A plotly label as plain text: tags (<br>, <sub>, <b>) become spaces or vanish, entities are decoded."""
    without = re.sub(r"<br\s*/?>", " ", str(value))
    without = re.sub(r"<[^>]+>", "", without)
    return re.sub(r"\s+", " ", html.unescape(without)).strip()


#: Height a subtitle line takes above the plot (font 11 plus leading), so the plot moves down by as much.
SUBTITLE_LINE_PX = 17
#: plotly.js's line spacing of a title of several lines, in font sizes.
TITLE_LINE_HEIGHT = 1.3


def standalone_figure(fig, meta: ExportMeta):
    """fig made to stand alone as an image: number format of the reader's language, and under the title two lines with
    the filters and the source ("Kilde: Høringsradar, N dokumenter, bygget …"). Changes fig in place."""
    lines = [plot_text(meta.filters_text or text("export.about.no_filters", meta.lang)),  # filters name organisations
             plot_text(meta.source_line)]
    layout = fig.layout
    existing = layout.title.subtitle.text
    # The title block grows downwards by the subtitle: move the plot (and what sits on top of it) as far down.
    top = layout.margin.t if layout.margin.t is not None else 60
    # plotly.js centres a title of several lines on its anchor line, so a top-anchored title of n lines reaches
    # (n - 1) / 2 lines above it: out of the image, where a PNG cuts it (the browser's page lets it overflow).
    # Hang it lower by as much.
    n_lines = len(re.findall(r"<br\s*/?>", str(layout.title.text or ""))) + 1
    raised = round((n_lines - 1) * (layout.title.font.size or 17) * TITLE_LINE_HEIGHT / 2)
    # One update_layout, not one per setting: each call runs plotly's validation and relayout machinery again
    # (three calls were ~10 ms of every chart's run).
    fig.update_layout(
        separators=SEPARATORS.get(meta.lang, SEPARATORS["en"]),
        # The title block hangs from the top of the image (not centred in the margin), so its height is known.
        title=dict(y=1, yref="container", yanchor="top", pad=dict(t=12 + raised),
                   subtitle=dict(text="<br>".join([existing, *lines] if existing else lines),
                                 font=dict(size=11, color="#555"))),
        margin=dict(t=top + SUBTITLE_LINE_PX * len(lines) + 6 + raised),
    )
    return fig


def plotly_config(meta: ExportMeta) -> dict:
    """st.plotly_chart's config: no plotly logo, the toolbar reduced to the PNG download, the PNG named after the
    title and the filters."""
    stem = file_name(ExportMeta(name=re.sub(r"[^\w]+", "-", plain_label(meta.title)).strip("-")[:80] or meta.name,
                                title=meta.title, lang=meta.lang, filters_slug=meta.filters_slug, query=meta.query),
                     "png")[: -len(".png")]
    return {"displaylogo": False, "modeBarButtonsToRemove": list(MODEBAR_REMOVE),
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": stem}}


# ---------------------------------------------------------------------------------------------
# Native charts: the figure's data as panels


@dataclass
class Panel:
    """One chart of a slide: categories, and a list of (series name, values) aligned with them."""

    title: str
    kind: str  # "column", "bar", "line", "xy"
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    percent: bool = False
    stacked: bool = False
    point_labels: list[str] = field(default_factory=list)  # xy: one label per point
    colours: list[str | None] = field(default_factory=list)  # per series, "#RRGGBB" as in the app, or None
    value_title: str = ""  # what the values are ("Andel avsnitt", "Ulike krav"): the figure's value axis title


def _values(raw) -> list:
    if raw is None:
        return []
    return list(raw.tolist() if hasattr(raw, "tolist") else raw)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _axis_percent(fig, axis: str) -> bool:
    layout_axis = fig.layout[axis] if axis in fig.layout else None
    return bool(layout_axis is not None and layout_axis.tickformat and "%" in layout_axis.tickformat)


def _axis_name(ref: str | None, letter: str) -> str:
    ref = ref or letter
    return f"{letter}axis{ref[1:]}"


def _visible(trace) -> bool:
    if trace.visible is False:
        return False
    marker = getattr(trace, "marker", None)
    return not (marker is not None and marker.opacity == 0)


def _colour(trace) -> str | None:
    """The trace's one colour as "#RRGGBB" (None for per-point colours or named colours)."""
    for colour in (getattr(getattr(trace, "marker", None), "color", None), getattr(getattr(trace, "line", None), "color", None)):
        if isinstance(colour, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            return colour
    return None


def _category_label(value, kind: str) -> str:
    """A category as text; on a line over the years a year stored as a float (2022.0) reads 2022."""
    number = _number(value) if kind == "line" and not isinstance(value, str) else None
    return str(int(number)) if number is not None and number.is_integer() else plain_label(value)


def _category_panel(title: str, traces, *, horizontal: bool, kind: str, percent: bool, stacked: bool) -> Panel:
    categories: list[str] = []
    pairs = []
    colours: list[str | None] = []
    for trace in traces:
        cats = _values(trace.y if horizontal else trace.x)
        vals = _values(trace.x if horizontal else trace.y)
        keys = [_category_label(c, kind) for c in cats]
        pairs.append((plain_label(trace.name or ""), dict(zip(keys, (_number(v) for v in vals)))))
        colours.append(_colour(trace))
        categories += [k for k in keys if k not in categories]
    if kind == "line" and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in categories):
        categories.sort(key=float)
    return Panel(title, kind, categories, [(name, [by.get(c) for c in categories]) for name, by in pairs],
                 percent=percent, stacked=stacked, colours=colours)


def _rounded_x(trace):
    """A copy of a scatter trace with its x (years nudged apart for legibility) back on whole years."""
    copy = type(trace)(trace)
    copy.x = [int(round(float(v))) for v in _values(trace.x)]
    return copy


def _matrix_panel(title: str, xs: list[str], ys: list[str], z: list[list], percent: bool) -> Panel:
    """A matrix as clustered bars: the shorter side as series, so a chart never carries dozens of series."""
    if len(ys) <= len(xs):
        return Panel(title, "column", xs, [(y, [_number(v) for v in row]) for y, row in zip(ys, z)], percent=percent)
    return Panel(title, "bar", ys, [(x, [_number(row[j]) for row in z]) for j, x in enumerate(xs)], percent=percent)


def _axis_title(fig, axis: str) -> str:
    layout_axis = fig.layout[axis] if axis in fig.layout else None
    title = layout_axis.title.text if layout_axis is not None and layout_axis.title else None
    return plain_label(title) if title else ""


def _whole_years(traces) -> bool:
    """Every x of the traces is a year (1900–2100), perhaps nudged apart by less than half a year for legibility."""
    xs = [_number(v) for t in traces for v in _values(t.x)]
    return bool(xs) and all(x is not None and abs(x - round(x)) < 0.4 and 1900 <= round(x) <= 2100 for x in xs)


def _value_title(fig, traces) -> str:
    """The title of the axis (or heatmap colour bar) that carries the values, as the app shows it."""
    first = traces[0]
    if first.type == "heatmap":
        bar = first.colorbar
        return plain_label(bar.title.text) if bar is not None and bar.title and bar.title.text else ""
    horizontal = first.type == "bar" and first.orientation == "h"
    letter = "x" if horizontal else "y"
    own = _axis_title(fig, _axis_name(first.xaxis if horizontal else first.yaxis, letter))
    # Small multiples title only one axis (the bottom row's) for the measure all panels share.
    others = (_axis_title(fig, name) for name in fig.layout.to_plotly_json() if re.fullmatch(letter + r"axis\d*", name))
    return own or next((title for title in others if title), "")


def _panel(fig, title: str, traces) -> Panel | None:
    panel = _data_panel(fig, title, traces)
    if panel is not None and panel.kind != "xy":
        panel.value_title = _value_title(fig, [t for t in traces if t.type == "heatmap"] or traces)
    return panel


def _data_panel(fig, title: str, traces) -> Panel | None:
    kinds = {t.type for t in traces}
    if "heatmap" in kinds:
        heat = next(t for t in traces if t.type == "heatmap")
        percent = bool(heat.colorbar and heat.colorbar.tickformat and "%" in heat.colorbar.tickformat)
        return _matrix_panel(title, [plain_label(x) for x in _values(heat.x)], [plain_label(y) for y in _values(heat.y)],
                             [list(row) for row in _values(heat.z)], percent)
    if kinds == {"bar"}:
        horizontal = traces[0].orientation == "h"
        percent = _axis_percent(fig, _axis_name(traces[0].xaxis if horizontal else traces[0].yaxis,
                                                "x" if horizontal else "y"))
        return _category_panel(title, traces, horizontal=horizontal, kind="bar" if horizontal else "column",
                               percent=percent, stacked=fig.layout.barmode == "stack")
    if kinds == {"scatter"}:
        # Decorations carry no data of their own: legend keys (x = [None]) and line segments drawn under markers.
        traces = [t for t in traces if t.hoverinfo != "skip" and any(v is not None for v in _values(t.x))] or traces
        percent = _axis_percent(fig, _axis_name(traces[0].yaxis, "y"))
        if all("lines" in (t.mode or "lines") for t in traces):
            return _category_panel(title, traces, horizontal=False, kind="line", percent=percent, stacked=False)
        numeric = all(_number(v) is not None for t in traces for v in _values(t.x) + _values(t.y))
        if numeric and (len(traces) > 1 or _whole_years(traces)) and all(
                abs(float(v) - round(float(v))) < 0.4 for t in traces for v in _values(t.x)):
            # One series per trace over years nudged apart so points do not overlap: a line chart over the years
            # (also for one organisation alone, which would otherwise become an XY chart with x = 2022.5).
            return _category_panel(title, [_rounded_x(t) for t in traces], horizontal=False, kind="line",
                                   percent=percent, stacked=False)
        if numeric:
            trace = traces[0]
            labels = [plain_label(v) for v in _values(trace.text)] if trace.text is not None else []
            return Panel(title, "xy", [str(v) for v in _values(trace.x)],
                         [(plain_label(trace.name or title), [_number(v) for v in _values(trace.y)])], point_labels=labels)
        # Categorical dots (topic × organisation): the dot size is the value.
        trace = traces[0]
        sizes = _values(trace.marker.size) if trace.marker and trace.marker.size is not None else []
        if len(sizes) != len(_values(trace.x)):
            return None
        xs = list(dict.fromkeys(plain_label(x) for x in _values(trace.x)))
        ys = list(dict.fromkeys(plain_label(y) for y in _values(trace.y)))
        cells = {(plain_label(y), plain_label(x)): s for x, y, s in zip(_values(trace.x), _values(trace.y), sizes)}
        return _matrix_panel(title, xs, ys, [[cells.get((y, x)) for x in xs] for y in ys],
                             _axis_percent(fig, "yaxis") or True)
    return None


def chart_panels(fig, title: str | None = None) -> list[Panel]:
    """The figure's data as native-chart panels: one per subplot (small multiples), in the figure's order.

    Bars keep their orientation and stacking, lines their categories (years in order), heatmaps and categorical dot
    matrices become clustered bars, a numeric scatter an XY chart with the point labels. Invisible helper markers
    (the selectable cell centres of a heatmap) are left out."""
    title = plain_label(title if title is not None else (fig.layout.title.text or ""))
    groups: dict[tuple[str, str], list] = {}
    for trace in fig.data:
        if trace.type not in ("bar", "scatter", "heatmap") or not _visible(trace):
            continue
        groups.setdefault((trace.xaxis or "x", trace.yaxis or "y"), []).append(trace)
    subtitles = [plain_label(a.text) for a in (fig.layout.annotations or ()) if a.xref == "paper" and a.yref == "paper"
                 and a.text and a.showarrow is False]
    panels = []
    for i, traces in enumerate(groups.values()):
        panel_title = title
        if len(groups) > 1:
            panel_title = f"{title} – {subtitles[i]}" if len(subtitles) >= len(groups) else f"{title} ({i + 1})"
        panel = _panel(fig, panel_title, traces)
        if panel is not None and panel.categories:
            panels.append(panel)
    return panels


# ---------------------------------------------------------------------------------------------
# PPTX


@dataclass
class Quote:
    """A passage on a quote slide: the quote and where it comes from."""

    text: str
    source: str  # organisation, year, title, section, page
    why: str = ""  # themes and matched words


WIDE = (13.333, 7.5)  # 16:9 in inches


def _text_box(slide, left, top, width, height, value: str, size: int, *, bold=False, colour=None):
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.text = value
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
    return box


def _footer(slide, meta: ExportMeta) -> None:
    filters = meta.filters_text or text("export.about.no_filters", meta.lang)
    _text_box(slide, 0.5, 6.75, 12.3, 0.55, f"{filters} · {meta.source_line}", 11, colour="555555")


def _chart_type(panel: Panel):
    from pptx.enum.chart import XL_CHART_TYPE

    if panel.kind == "line":
        return XL_CHART_TYPE.LINE_MARKERS
    if panel.kind == "xy":
        return XL_CHART_TYPE.XY_SCATTER
    if panel.kind == "bar":
        return XL_CHART_TYPE.BAR_STACKED if panel.stacked else XL_CHART_TYPE.BAR_CLUSTERED
    return XL_CHART_TYPE.COLUMN_STACKED if panel.stacked else XL_CHART_TYPE.COLUMN_CLUSTERED


def _paint(series, colour: str, *, line: bool) -> None:
    from pptx.dml.color import RGBColor

    rgb = RGBColor.from_string(colour.lstrip("#").upper())
    if line:
        series.format.line.color.rgb = rgb
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = rgb
    else:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb


def _whole_values(panel: Panel) -> bool:
    """Every value is a whole number (counts of demands, passages): the axis then has no decimals."""
    values = [v for _, series in panel.series for v in series if v is not None]
    return bool(values) and all(float(v).is_integer() for v in values)


def _chart_slide(prs, panel: Panel, meta: ExportMeta) -> None:
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    _text_box(slide, 0.5, 0.3, 12.3, 0.9, panel.title, 24, bold=True)
    number_format = "0%" if panel.percent else "#,##0" if _whole_values(panel) else "#,##0.0"
    if panel.kind == "xy":
        data = XyChartData()
        for name, values in panel.series:
            series = data.add_series(name)
            for x, y in zip(panel.categories, values):
                if y is not None and _number(x) is not None:
                    series.add_data_point(float(x), y)
    else:
        data = CategoryChartData(number_format=number_format)
        data.categories = panel.categories
        for name, values in panel.series:
            data.add_series(name, values)
    frame = slide.shapes.add_chart(_chart_type(panel), Inches(0.5), Inches(1.25), Inches(12.3), Inches(5.4), data)
    chart = frame.chart
    chart.font.size = Pt(12)
    chart.has_legend = len(panel.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    if panel.kind != "xy":
        if panel.value_title:  # the unit of the numbers, as on the app's axis ("Andel avsnitt", "Ulike krav")
            chart.value_axis.has_title = True
            chart.value_axis.axis_title.text_frame.text = panel.value_title
        chart.value_axis.tick_labels.number_format = number_format
        chart.value_axis.tick_labels.number_format_is_linked = False
        chart.value_axis.has_major_gridlines = True
    for series, colour in zip(chart.plots[0].series, panel.colours):
        if colour:
            _paint(series, colour, line=panel.kind == "line")
    if panel.kind == "bar":
        chart.category_axis.reverse_order = True  # first category on top, as in the app
    if panel.kind == "xy" and panel.point_labels:
        for point, label in zip(chart.plots[0].series[0].points, panel.point_labels):
            point.data_label.text_frame.text = label
    _footer(slide, meta)


def _quote_slide(prs, quote: Quote, meta: ExportMeta) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    size = 22 if len(quote.text) < 350 else 18 if len(quote.text) < 700 else 14 if len(quote.text) < 1200 else 11
    _text_box(slide, 0.8, 0.5, 11.7, 4.9, f"«{quote.text}»", size)
    _text_box(slide, 0.8, 5.5, 11.7, 0.6, quote.source, 14, bold=True)
    if quote.why:
        _text_box(slide, 0.8, 6.05, 11.7, 0.6, quote.why, 12, colour="555555")
    _footer(slide, meta)


def pptx_bytes(charts: Sequence[tuple[Sequence[Panel], ExportMeta]], quotes: Sequence[Quote] = (),
               meta: ExportMeta | None = None) -> bytes:
    """A 16:9 deck: a native chart slide per panel of each chart (with its own filters and source), then up to
    MAX_QUOTE_SLIDES quote slides (footer from meta, else the last chart's)."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDE[0]), Inches(WIDE[1])
    for panels, chart_meta in charts:
        for panel in panels:
            _chart_slide(prs, panel, chart_meta)
    footer_meta = meta or (charts[-1][1] if charts else ExportMeta(name="quotes", title=""))
    for quote in list(quotes)[:MAX_QUOTE_SLIDES]:
        _quote_slide(prs, quote, footer_meta)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def quotes_from(passages: pd.DataFrame, lang: str) -> list[Quote]:
    """Quote slides' content from a passage frame (text, organisation, year, title, section_title, page, themes,
    matched_forms)."""
    quotes = []
    for row in passages.head(MAX_QUOTE_SLIDES).to_dict("records"):
        bits = [str(row.get("organisation", "")), str(row.get("year", ""))]
        if isinstance(row.get("title"), str):
            bits.append(row["title"])
        if isinstance(row.get("section_title"), str) and row["section_title"].strip():
            bits.append(text("passages.section", lang, section=row["section_title"]))
        if _number(row.get("page")) is not None:
            bits.append(text("passages.page", lang, page=int(row["page"])))
        why = []
        for column in ("themes", "matched_forms", "evidence"):
            value = _cell(row.get(column), column)
            if isinstance(value, str) and value:
                why.append(f"{column_label(column, lang)}: {value}")
        quotes.append(Quote(str(row.get("text", row.get("quote", ""))), " · ".join(b for b in bits if b),
                            " · ".join(why)))
    return quotes
