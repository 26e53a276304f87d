"""Values from documents and the manifest shown as text, never as markup: the one escaping helper of the app.

Anything that comes from a document, its metadata or the manifest (organisation, title, date basis, doc_id,
file names, problem lines, terms, topic labels) can carry Markdown or HTML: a date basis of
`![p](http://host/pixel.png)` would make every reader's browser fetch the image. Streamlit renders Markdown in
titles, captions, alerts, labels and st.table cells; plotly renders a subset of HTML (including links) in titles,
labels and hovers; st.html renders HTML. Each context gets its escaping here:

- markdown(value): for anything Streamlit renders as Markdown. Every ASCII punctuation character is
  backslash-escaped (CommonMark shows an escaped punctuation character as itself), so no link, image, code
  span, emphasis, colour directive or LaTeX can form; line breaks become spaces. GFM's bare-URL links
  (http://…, www.…, name@host) are found in the text after escapes are resolved, so an invisible zero-width
  space goes after "://", "www" and "@": the text reads the same and no link forms.
- html_text(value): for st.html and plotly text; & < > become entities (both show them as the character).
- plot_text(value): html_text for plotly, keeping the few attribute-free tags the figures add themselves
  (<br>, <b>, <sub>): none of them can fetch or link anything.
"""
from __future__ import annotations

import html
import re
from typing import Any

import numpy as np
import pandas as pd

_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
#: Where GFM's autolink literal would start, escaped or not: "://" ("\:\/\/"), "www." ("www\.") and "@" ("\@").
_AUTOLINK_START = re.compile(r"(\\?:)(?=(?:\\?/){2})|(?i:(www))(?=\\?\.)|(\\?@)")
ZERO_WIDTH_SPACE = "\u200b"
#: Tags the figures write themselves; without attributes they can neither link nor load anything.
_PLOT_TAGS = ("<br>", "<b>", "</b>", "<sub>", "</sub>", "<i>", "</i>")
_PLOT_TAG_ESCAPED = {html.escape(tag, quote=False): tag for tag in _PLOT_TAGS}
_PLOT_TAG_PATTERN = re.compile("|".join(re.escape(t) for t in _PLOT_TAG_ESCAPED))


def markdown(value: object) -> str:
    """value as literal text inside Markdown: punctuation backslash-escaped, line breaks as spaces."""
    return break_autolinks(_MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value))))


def unmarkdown(value: str) -> str:
    """A text escaped by markdown() as it reads, for places that are not Markdown (a download's title)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(value)).replace(ZERO_WIDTH_SPACE, "")


def break_autolinks(text: str) -> str:
    """text with a zero-width space after each place GFM would start a bare-URL link ("://", "www.", "@")."""
    return _AUTOLINK_START.sub(lambda m: m.group(0) + ZERO_WIDTH_SPACE, text)


def html_text(value: object) -> str:
    """value as literal text inside HTML (& < > as entities; quotes are harmless outside attributes)."""
    return html.escape(str(value), quote=False)


def plot_text(value: str) -> str:
    """value for plotly's pseudo-HTML: escaped, except the attribute-free tags the figures add (<br>, <b>, <sub>)."""
    return _PLOT_TAG_PATTERN.sub(lambda m: _PLOT_TAG_ESCAPED[m.group(0)], html_text(value))


def markdown_frame(data: pd.DataFrame) -> pd.DataFrame:
    """A copy of data for a Markdown-rendering table (st.table): every text cell and column name escaped."""
    safe = data.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: markdown(v) if isinstance(v, str) else v)
    safe.columns = [markdown(c) for c in safe.columns]
    return safe


def _escaped(value: Any, escape) -> Any:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OUS" and value.size:
            return np.vectorize(lambda v: _escaped(v, escape), otypes=[object])(value)
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v, escape) for v in value)
    return value


#: Trace fields that carry data; hovertemplate and texttemplate are the app's own and stay as they are.
TRACE_FIELDS = ("x", "y", "z", "text", "customdata", "name", "labels", "hovertext", "ids", "meta")


def safe_figure(fig):
    """Escape, in place, every text a figure shows from data: trace values and names, titles, annotations, ticks.

    Selections come back with the escaped values; plain_points() turns them back into the data's own.
    """
    for trace in fig.data:
        for name in TRACE_FIELDS:
            if name in trace and trace[name] is not None:
                trace[name] = _escaped(trace[name], plot_text)
    layout = fig.layout
    if layout.title and layout.title.text:
        layout.title.text = plot_text(layout.title.text)
    for annotation in layout.annotations or ():
        if annotation.text:
            annotation.text = plot_text(annotation.text)
    for axis_name in [k for k in layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        axis = layout[axis_name]
        if axis.title and axis.title.text:
            axis.title.text = plot_text(axis.title.text)
        if axis.ticktext is not None:
            axis.ticktext = _escaped(axis.ticktext, plot_text)
        if axis.categoryarray is not None:
            axis.categoryarray = _escaped(axis.categoryarray, plot_text)
    return fig


def plain(value: Any) -> Any:
    """The data's own value of something safe_figure escaped (strings unescaped, lists element by element)."""
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
