"""Tidy DataFrame -> plotly Figure. Figures never filter and never display.

Colours: the Okabe–Ito colour-blind-safe palette, one colour per organisation on every page
(organisation_colours), sequential blues for heatmaps. Drill-down keys travel in customdata.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.i18n import format_number, text
from app.queries.stats import G2_THRESHOLDS

# Okabe & Ito (2008), ordered so neighbours contrast; yellow and black last (weak on white / reads as text).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
# Carto "Safe" (colour-blind safe) for corpora with more than eight organisations.
EXTRA_SAFE = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933", "#882255", "#661100")
PALETTE = OKABE_ITO + EXTRA_SAFE
HEATMAP_SCALE = "Blues"
#: With more organisations than this, a matrix of them turns: organisations as rows, whose names then read across
#: instead of being squeezed into narrow columns.
MAX_ORGANISATION_COLUMNS = 10
FONT = dict(family="Source Sans Pro, sans-serif", size=13)


def organisation_colours(organisations: Sequence[str]) -> dict[str, str]:
    """Colour per organisation, stable across pages: pass every organisation in the corpus, not the filtered ones."""
    names = sorted({str(o) for o in organisations})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def base_layout(fig: go.Figure, title: str, *, height: int = 420) -> go.Figure:
    """Shared look: question as title, readable fonts, legend on top, room for a 1366×768 screen."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title=None),
        hoverlabel=dict(align="left"),
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5", automargin=True)
    return fig


def empty_figure(message: str) -> go.Figure:
    """A figure with only a message (never an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def wrap_label(label: object, width: int) -> str:
    """A label over lines of at most `width` characters (plotly "<br>"), never cut: long titles and names wrap
    instead of running into their neighbours or ending in "…"."""
    import textwrap

    return "<br>".join(textwrap.wrap(str(label), width, break_long_words=False, break_on_hyphens=False)) or str(label)


def legend_below(fig: go.Figure, names: Sequence[str]) -> go.Figure:
    """The legend under the whole figure (below the axis labels, never on them), the figure taller by its rows."""
    names = [str(n) for n in names]
    # Plotly puts long names one per row in a half-width chart; short ones share rows.
    rows = len(names) if any(len(n) > 22 for n in names) else -(-len(names) // 3)
    # maxheight in pixels: plotly's default for a horizontal legend (half the figure) hides rows behind a scrollbar.
    fig.update_layout(legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0,
                                  maxheight=30 + 22 * rows),
                      height=(fig.layout.height or 420) + 22 * rows)
    return fig


#: Two colours closer than this (CIE76 ΔE in Lab) read as one in a legend: the Okabe–Ito pinks and the Carto "Safe"
#: pinks (#CC79A7, #CC6677: 21), light blues (14) and greens (19, 22) are that close; Okabe–Ito's own closest pair
#: (#0072B2, #56B4E9) is 26 apart.
MIN_COLOUR_DISTANCE = 25.0


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE Lab (D65) of an sRGB "#rrggbb" colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour.lstrip("#")[i:i + 2], 16) / 255) for i in (0, 2, 4))
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_distance(a: str, b: str) -> float:
    """How far apart two colours look (CIE76 ΔE)."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def distinct_colours(colours: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    """colours for the names shown in one chart, each name keeping its own colour unless an earlier name has it or
    one that looks alike (MIN_COLOUR_DISTANCE): then the first palette colour unlike every colour taken. With more
    organisations than the palette has colours, two shown lines must never share one, nor two near-twins (NITO's
    rose and Tekna's pink on the 157-document build)."""
    out: dict[str, str] = {}

    def unlike(colour: str) -> bool:
        return all(colour_distance(colour, taken) >= MIN_COLOUR_DISTANCE for taken in out.values())

    for name in dict.fromkeys(str(n) for n in names):
        colour = colours.get(name, PALETTE[0])
        if not unlike(colour):
            colour = next((c for c in PALETTE if unlike(c)),
                          next((c for c in PALETTE if c not in out.values()), colour))
        out[name] = colour
    return out


# ---------------------------------------------------------------------------------------------
# Topics, keywords and comparison (analysis pages)

SIGNIFICANCE_SHADES = {"p<0.001": 1.0, "p<0.01": 0.75, "p<0.05": 0.5, "n.s.": 0.25}
RISING, FALLING = "#0072B2", "#D55E00"
TOPIC_COLOUR, TOPIC_CHOSEN, CORPUS_GREY = "#56B4E9", "#D55E00", "#BBBBBB"


def _docs_tick(value: object, n_documents: int, lang: str) -> str:
    return f"{value}<br><sub>{text('keywords.fig.n_docs', lang, n=int(n_documents))}</sub>"


def topic_map(overview: pd.DataFrame, *, title: str, lang: str, chosen: int | None = None) -> go.Figure:
    """2-D topic map: one numbered bubble per topic at (x, y), area proportional to its mean weight in the selection
    (the hover adds its share of the whole collection); chosen topic highlighted. The numbers follow the overview's
    order and the key under the map names them ("1 · a · b · c"): names on the map itself would lie on top of each
    other and of the bubbles wherever topics sit close."""
    share = overview["mean_weight"].astype(float)
    biggest = float(share.max()) if len(share) and share.max() > 0 else 1.0
    numbers = [str(i) for i in range(1, len(overview) + 1)]
    colours = [TOPIC_CHOSEN if t == chosen else TOPIC_COLOUR for t in overview["topic_id"]]
    fig = go.Figure(
        go.Scatter(
            x=overview["x"],
            y=overview["y"],
            mode="markers+text",
            text=numbers,
            textposition="middle center",
            textfont=dict(size=12, color="#1a1a1a"),
            cliponaxis=False,
            marker=dict(
                size=share,
                sizemode="area",
                sizeref=2.0 * biggest / (60.0**2),
                sizemin=14,
                color=colours,
                line=dict(color="white", width=1),
                opacity=0.75,
            ),
            customdata=overview[["topic_id", "top_terms", "mean_weight", "n_documents", "example", "stability",
                                 "share", "label"]].to_numpy(dtype=object),
            hovertemplate=text("topics.fig.topic_map_hover", lang) + "<extra></extra>",
            showlegend=False,
        )
    )
    keys = [f"{n} · {label}" for n, label in zip(numbers, overview["label"].astype(str))]
    for key, colour in zip(keys, colours):  # the key: number and name of each bubble
        fig.add_scatter(x=[None], y=[None], mode="markers", name=key, marker=dict(size=10, color=colour),
                        hoverinfo="skip")
    base_layout(fig, title, height=420)
    for axis, values in (("x", overview["x"]), ("y", overview["y"])):
        low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
        span = (high - low) or 1.0
        getattr(fig, f"update_{axis}axes")(visible=False, zeroline=False, range=[low - 0.15 * span, high + 0.15 * span])
    # One key entry per row: topic names are long.
    fig.update_layout(legend=dict(orientation="v", yref="container", y=0, yanchor="bottom", x=0,
                                  maxheight=30 + 22 * len(keys)), height=420 + 22 * len(keys))
    return fig


def topic_terms_bars(ranked: pd.DataFrame, *, title: str, lang: str, subtitle: str = "") -> go.Figure:
    """The topic's terms in relevance order: p(term | topic) beside p(term) in the whole corpus."""
    terms = ranked["term"].astype(str).tolist()
    fig = go.Figure()
    for column, name_key, colour in (("weight", "topics.fig.in_topic", TOPIC_COLOUR), ("corpus_weight", "topics.fig.in_corpus", CORPUS_GREY)):
        fig.add_bar(
            y=terms,
            x=ranked[column],
            orientation="h",
            name=text(name_key, lang),
            marker_color=colour,
            customdata=ranked[["term", "lift", "relevance"]].to_numpy(dtype=object),
            hovertemplate="<b>%{customdata[0]}</b>: %{x:.2%}<br>lift %{customdata[1]:.1f}<extra></extra>",
        )
    base_layout(fig, title, height=max(320, 150 + 24 * len(terms)))
    # The legend goes under the plot: above it, it would collide with the title and subtitle. It is placed from the
    # figure's bottom edge, not the plot's: a fixed share of the plot's height lands on the x-axis title when the
    # topic has few terms.
    fig.update_layout(
        barmode="group", bargap=0.25, title_subtitle_text=subtitle, margin=dict(t=80, b=70),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0),
    )
    fig.update_yaxes(autorange="reversed", type="category", gridcolor=None)
    fig.update_xaxes(tickformat=".1%", title=text("topics.fig.term_probability", lang), showgrid=True, gridcolor="#e5e5e5")
    return fig


def prevalence_matrix(prevalence: pd.DataFrame, *, by: str, title: str, lang: str) -> go.Figure:
    """Topic × organisation (or year) dots: area and label = mean topic weight; n documents beside each group.
    Topics are rows while the groups fit as columns; with more than MAX_ORGANISATION_COLUMNS groups the groups
    are rows (their names read across) and the topics columns, their names wrapped at " · "."""
    groups = prevalence.drop_duplicates(by)[[by, "n_documents"]]
    turned = len(groups) > MAX_ORGANISATION_COLUMNS
    if turned:
        ticks = {g: f"{g} · {text('keywords.fig.n_docs', lang, n=int(n))}" for g, n in zip(groups[by], groups["n_documents"])}
        topics = {label: str(label).replace(" · ", "<br>") for label in dict.fromkeys(prevalence["label"])}
        x, y = [topics[t] for t in prevalence["label"]], [ticks[g] for g in prevalence[by]]
    else:
        ticks = {g: _docs_tick(g, n, lang) for g, n in zip(groups[by], groups["n_documents"])}
        x, y = [ticks[g] for g in prevalence[by]], prevalence["label"]
    biggest = float(prevalence["mean_weight"].max()) if len(prevalence) else 0.0
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=y,
            mode="markers+text",
            text=[f"{v:.0%}" if v >= 0.005 else "" for v in prevalence["mean_weight"]],
            textposition="middle right",
            textfont=dict(size=11),
            marker=dict(
                size=prevalence["mean_weight"],
                sizemode="area",
                sizeref=2.0 * (biggest or 1.0) / ((24.0 if turned else 34.0) ** 2),
                sizemin=3,
                color=TOPIC_COLOUR,
                line=dict(color="#0072B2", width=1),
            ),
            customdata=prevalence[["topic_id", by, "mean_weight", "n_passages", "n_documents", "label"]].to_numpy(dtype=object),
            hovertemplate=text("topics.fig.prevalence_hover", lang) + "<extra></extra>",
            showlegend=False,
        )
    )
    if turned:
        base_layout(fig, title, height=max(320, 150 + 28 * len(groups)))
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(topics.values()), side="top",
                         tickangle=0)
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(ticks.values()),
                         autorange="reversed", showgrid=True)
    else:
        base_layout(fig, title, height=max(320, 110 + 34 * prevalence["label"].nunique()))
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(ticks.values()), side="top")
        fig.update_yaxes(type="category", autorange="reversed", showgrid=True)
    fig.update_layout(margin=dict(t=110))
    return fig


def term_trend_lines(trend: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """One line per term: mentions per 10,000 words by year; the number of documents under each year."""
    years = trend.drop_duplicates("year").sort_values("year")
    fig = go.Figure()
    for i, (term, rows) in enumerate(trend.groupby("term", sort=False)):
        fig.add_scatter(
            x=rows["year"],
            y=rows["per_10k"],
            mode="lines+markers",
            name=str(term),
            line=dict(color=PALETTE[i % len(PALETTE)], width=2),
            marker=dict(size=9),
            customdata=rows[["term", "year", "count", "n_documents_with_term", "n_documents"]].to_numpy(dtype=object),
            hovertemplate=text("keywords.fig.trend_hover", lang) + "<extra></extra>",
        )
    base_layout(fig, title)
    fig.update_xaxes(
        tickmode="array",
        tickvals=years["year"].tolist(),
        ticktext=[_docs_tick(y, n, lang) for y, n in zip(years["year"], years["n_documents"])],
    )
    fig.update_yaxes(title=text("keywords.fig.per_10k", lang), rangemode="tozero")
    return fig


def one_document_note(rows: pd.DataFrame, lang: str) -> list[str]:
    """Per row: "" or the mark of a word that comes mostly from one document ("ett dok. 97 %")."""
    return [text("terms.fig.one_document", lang, share=f"{share:.0%}") if flagged else ""
            for flagged, share in zip(rows["one_document"], rows["top_share"])]


def _support_ticks(fig: go.Figure, rows: pd.DataFrame, lang: str) -> None:
    """Each word's axis label says how many documents and organisations use it ("offentlig · 2 dok., 1 org.")."""
    terms = rows["term"].astype(str).tolist()
    labels = [f"{t} · " + text("terms.fig.support", lang, docs=int(d), orgs=int(o))
              for t, d, o in zip(terms, rows["n_documents"], rows["n_organisations"])]
    fig.update_yaxes(tickmode="array", tickvals=terms, ticktext=labels)


def rising_falling_bars(changes: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """Diverging bars of log2 ratio (later / earlier period): rising terms right, falling left; counts as labels."""
    fig = go.Figure()
    label_chars = {}
    for direction, colour in (("rising", RISING), ("falling", FALLING)):
        rows = changes.loc[changes["direction"] == direction]
        labels = [f"{a} → {b}" + (f" · {note}" if note else "")
                  for a, b, note in zip(rows["count_a"], rows["count_b"], one_document_note(rows, lang))]
        label_chars[direction] = max((len(label) for label in labels), default=0)
        fig.add_bar(
            y=rows["term"],
            x=rows["log_ratio"],
            orientation="h",
            name=text(f"keywords.fig.{direction}", lang),
            marker_color=colour,
            text=labels,
            textposition="outside", cliponaxis=False,
            customdata=_hover_ready(rows)[["term", "count_a", "count_b", "per_10k_a", "per_10k_b", "significance",
                                           "docs_with_a", "docs_with_b", "n_organisations", "top_document",
                                           "top_share"]].to_numpy(dtype=object),
            hovertemplate=text("keywords.fig.change_hover", lang) + "<extra></extra>",
        )
    base_layout(fig, title, height=max(320, 100 + 22 * len(changes)))
    docs_a = int(changes["docs_a"].iloc[0]) if len(changes) else 0
    docs_b = int(changes["docs_b"].iloc[0]) if len(changes) else 0
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    _support_ticks(fig, changes, lang)
    low = min(float(changes["log_ratio"].min()), 0.0) if len(changes) else -1.0
    high = max(float(changes["log_ratio"].max()), 0.0) if len(changes) else 1.0
    fig.update_xaxes(
        title=text("keywords.fig.log_ratio_axis", lang, docs_a=docs_a, docs_b=docs_b),
        zeroline=True, zerolinecolor="#888", showgrid=True, gridcolor="#e5e5e5",
        range=label_room(low, high, label_chars.get("falling", 0), label_chars.get("rising", 0)),
    )
    return fig


def label_room(low: float, high: float, left_chars: int, right_chars: int) -> list[float]:
    """An axis range from low to high widened so that labels of the given length fit beside the longest bars.

    A fixed 30 % margin cut "0 → 61 · ett dok. 91%" off at a 1366-px window: a label needs room in proportion to its
    length, about 1.1 % of the plot's width per character, whatever the data's span."""
    share_left, share_right = (min(0.4, 0.011 * chars) for chars in (left_chars, right_chars))
    span = max(high - low, 1e-9) / max(1.0 - share_left - share_right, 0.2)
    return [low - span * share_left - 0.1, high + span * share_right + 0.1]


def _rgba(hex_colour: str, alpha: float) -> str:
    """"#0072B2", 0.5 -> "rgba(0,114,178,0.5)"."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


#: Hover lines wrap at this many characters: a long document title would make a hover wider than the screen.
HOVER_WIDTH = 60


def _hover_ready(rows: pd.DataFrame) -> pd.DataFrame:
    """rows with the document named in a hover (top_document) wrapped over lines instead of cut."""
    if "top_document" not in rows:
        return rows
    return rows.assign(top_document=rows["top_document"].map(lambda d: wrap_label(d, HOVER_WIDTH)))


def times_as_often(log_ratio: float, lang: str) -> str:
    """A log2 ratio as a reader says it: 2.5 -> "5,7×" (nb) / "5.7×" (en); from 10 on without decimals."""
    times = 2.0 ** float(log_ratio)
    number = f"{times:.0f}" if times >= 10 else f"{times:.1f}"
    return text("keywords.fig.times", lang, times=number.replace(".", ",") if lang == "nb" else number)


def _keyness_trace(rows: pd.DataFrame, colour: str, lang: str, name: str | None = None) -> go.Bar:
    return go.Bar(
        y=rows["term"],
        x=rows["g2"],
        orientation="h",
        name=name,
        showlegend=False,
        # Shade by colour, not by marker.opacity: a per-bar opacity array together with bar text stops
        # plotly from reporting clicks (measured in streamlit 1.67 / plotly 7.1), which breaks the drill-down.
        marker=dict(color=[_rgba(colour, SIGNIFICANCE_SHADES.get(s, 0.25)) for s in rows["significance"]]),
        text=[times_as_often(v, lang) + (f" · {note}" if note else "")
              for v, note in zip(rows["log_ratio"], one_document_note(rows, lang))],
        # Inside a long bar, beside a short one: a label beside the longest bar would run past the chart's edge.
        textposition="auto",
        customdata=_hover_ready(rows)[["term", "target", "count_target", "count_rest", "per_10k_target",
                                       "per_10k_rest", "log_ratio", "p_value", "n_documents", "n_organisations",
                                       "top_document", "top_share"]].to_numpy(dtype=object),
        hovertemplate=text("keywords.fig.keyness_hover", lang) + "<extra></extra>",
    )


def keyness_bars(
    keyed: pd.DataFrame, *, title: str, lang: str, colour: str = "#0072B2",
    thresholds: Sequence[tuple[float, float]] = (G2_THRESHOLDS[-1], G2_THRESHOLDS[0]),
) -> go.Figure:
    """Distinctive terms of one target: bars of G² (shade = significance level), Log Ratio as label, threshold lines."""
    fig = go.Figure(_keyness_trace(keyed, colour, lang))
    for value, level in thresholds:
        fig.add_vline(
            x=value, line=dict(color="#888", width=1, dash="dot"),
            annotation_text=f"p<{level:g}", annotation_position="top", annotation_font_size=10,
        )
    base_layout(fig, title, height=max(320, 110 + 24 * len(keyed)))
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    _support_ticks(fig, keyed, lang)
    top = float(keyed["g2"].max()) if len(keyed) else 11.0
    fig.update_xaxes(title=text("keywords.fig.g2_axis", lang), showgrid=True, gridcolor="#e5e5e5",
                     range=[0, max(top, 11.0) * 1.35])
    return fig


def distinctive_terms_facets(
    keyed: pd.DataFrame, *, colours: Mapping[str, str], doc_counts: Mapping[str, int], title: str, lang: str
) -> go.Figure:
    """Small multiples: one panel of G² bars per organisation (its distinctive terms against the others).

    Panels sit in two columns at most, with room between them for the longest term, so labels never run into
    the neighbouring panel's bars.
    """
    targets = list(dict.fromkeys(keyed["target"].astype(str)))
    colours = distinct_colours(colours, sorted(targets))
    n_cols = 1 if len(targets) <= 2 else 2
    n_panel_rows = max(1, -(-len(targets) // n_cols))
    longest = int(keyed["term"].astype(str).str.len().max()) if len(keyed) else 10
    n_bars = int(keyed.groupby("target").size().max()) if len(keyed) else 1
    panel_height = 50 + 22 * n_bars
    fig = make_subplots(
        rows=n_panel_rows, cols=n_cols,
        horizontal_spacing=min(0.4, (longest * 7 + 60) / 1100) if n_cols > 1 else 0.0,
        vertical_spacing=min(0.3, 70 / (panel_height * n_panel_rows + 70)),
        subplot_titles=[f"{t} ({text('keywords.fig.n_docs', lang, n=int(doc_counts.get(t, 0)))})" for t in targets],
    )
    for i, target in enumerate(targets):
        row, col = i // n_cols + 1, i % n_cols + 1
        rows = keyed.loc[keyed["target"].astype(str) == target]
        fig.add_trace(_keyness_trace(rows, colours.get(target, PALETTE[0]), lang, name=target), row=row, col=col)
        fig.update_yaxes(type="category", autorange="reversed", showgrid=False, row=row, col=col)
        fig.add_vline(x=G2_THRESHOLDS[-1][0], line=dict(color="#888", width=1, dash="dot"), row=row, col=col)
        fig.update_xaxes(range=[0, max(float(rows["g2"].max()), 4.0) * 1.3], row=row, col=col)
    base_layout(fig, title, height=max(320, 90 + (panel_height + 40) * n_panel_rows))
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5")
    fig.update_xaxes(title=text("keywords.fig.g2_short", lang), row=n_panel_rows)
    return fig


def organisation_bars(
    data: pd.DataFrame, *, key: str, label: str, value: str, colours: Mapping[str, str], title: str, lang: str,
    value_title: str, hover: str, group: str = "organisation", hover_columns: Sequence[str] = (), wrap: bool = False,
    max_vertical: int = 6,
) -> go.Figure:
    """Grouped bars, one colour per organisation (legend shows its n documents).

    Up to max_vertical categories stand as columns; more lie as rows (long theme names stay readable).
    customdata = [key, organisation, value, label, *hover_columns], for hover templates and drill-downs.
    """
    categories = list(dict.fromkeys(data[label].astype(str)))
    horizontal = len(categories) > max_vertical
    # With more organisations in the build than the palette has colours, two of the compared ones may share one.
    colours = distinct_colours(colours, sorted(data[group].astype(str).unique()))
    fig = go.Figure()
    for organisation, rows in data.groupby(group, sort=True):
        n_docs = int(rows["n_documents"].iloc[0]) if len(rows) else 0
        # Topic labels ("a · b · c") read better stacked than slanted.
        names = rows[label].astype(str)
        if horizontal:
            shown = names
        elif wrap:
            shown = names.str.replace(" · ", "<br>", regex=False)
        else:  # wrapped under the bars, never slanted into each other
            shown = names.map(lambda n: wrap_label(n, max(10, 90 // max(len(categories), 1))))
        fig.add_bar(
            x=rows[value] if horizontal else shown,
            y=shown if horizontal else rows[value],
            orientation="h" if horizontal else "v",
            name=f"{organisation} ({text('keywords.fig.n_docs', lang, n=n_docs)})",
            marker_color=colours.get(str(organisation), PALETTE[0]),
            customdata=rows[[key, group, value]].assign(_label=names)[[key, group, value, "_label"]]
            .join(rows[list(hover_columns)]).to_numpy(dtype=object),
            hovertemplate=hover + "<extra></extra>",
        )
    n_groups = max(data[group].nunique(), 1)
    height = max(440, 110 + len(categories) * (12 * n_groups + 14)) if horizontal else 440
    base_layout(fig, title, height=height)
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0.05)
    legend_below(fig, [str(t.name) for t in fig.data])  # on top it runs into the title
    category_axis, value_axis = (fig.update_yaxes, fig.update_xaxes) if horizontal else (fig.update_xaxes, fig.update_yaxes)
    category_axis(type="category", **({"autorange": "reversed", "showgrid": False} if horizontal else {"tickangle": 0}))
    value_axis(title=value_title, tickformat=".0%", rangemode="tozero", showgrid=True, gridcolor="#e5e5e5")
    return fig


# ---------------------------------------------------------------------------------------------
# Overview, themes and method (shell pages)

THEME_PALETTE = EXTRA_SAFE  # themes get other hues than organisations, so a colour never means both
MEASURE_FORMAT = {"share": ".0%", "per_10k": ".1f"}


def axis_format(measure: str, top: float) -> str:
    """The value axis' tick format: shares below 5 % get a decimal, else ticks read "1%, 1%, 1%, 0%"."""
    return ".1%" if measure == "share" and top < 0.05 else MEASURE_FORMAT[measure]


def theme_colours(theme_ids: Sequence[str]) -> dict[str, str]:
    """Colour per theme in lexicon order (pass every theme id, not only the chosen ones, to keep them stable)."""
    return {str(t): THEME_PALETTE[i % len(THEME_PALETTE)] for i, t in enumerate(dict.fromkeys(theme_ids))}


def wrapped_title(fig: go.Figure, title: str, width: int = 52) -> go.Figure:
    """Set a title that wraps over lines of at most `width` characters (charts in half-width columns)."""
    import textwrap

    lines = textwrap.wrap(title, width) or [""]
    fig.update_layout(title_text="<br>".join(lines), margin=dict(t=50 + 22 * len(lines)))
    return fig


def _measure_text(value: float, measure: str, lang: str) -> str:
    """A measure's label as the reader writes numbers ("3,8" in Bokmål)."""
    return f"{value:.0%}" if measure == "share" else format_number(value, lang, 1)


#: A matrix with more columns than this writes no value in its cells (they are too narrow to read).
MAX_LABELLED_COLUMNS = 10


def matrix_heatmap(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    z: str,
    cell_text: Sequence[str],
    keys: Sequence[str],
    hover_columns: Sequence[str] = (),
    title: str,
    hover: str,
    colorbar: str,
    zformat: str = ".0%",
    height: int | None = None,
    x_order: Sequence[str] | None = None,
) -> go.Figure:
    """Heatmap of data[z] over x × y (in data order) with a label per cell, plus an invisible marker at each cell
    centre carrying customdata = data[keys + hover_columns] (heatmap cells send no selection; the markers do).
    hover is a plotly hovertemplate over that customdata (keys first)."""
    xs = [str(v) for v in (x_order if x_order is not None else dict.fromkeys(data[x].tolist()))]
    ys = [str(v) for v in dict.fromkeys(data[y].tolist())]
    cells = {(str(a), str(b)): (float(v), str(t)) for a, b, v, t in zip(data[y], data[x], data[z], cell_text)}
    zs = [[cells.get((yy, xx), (float("nan"), ""))[0] for xx in xs] for yy in ys]
    # Cells too narrow for their label would show it shrunk to a dot: the hover says it instead.
    texts = [[cells.get((yy, xx), (0.0, ""))[1] if len(xs) <= MAX_LABELLED_COLUMNS else "" for xx in xs] for yy in ys]
    fig = go.Figure(
        go.Heatmap(
            x=xs, y=ys, z=zs, text=texts, texttemplate="%{text}", colorscale=HEATMAP_SCALE, zmin=0,
            hoverinfo="skip", xgap=2, ygap=2,
            colorbar=dict(title=dict(text=colorbar, side="right"), tickformat=zformat, thickness=12),
        )
    )
    fig.add_scatter(
        x=data[x].astype(str), y=data[y].astype(str), mode="markers",
        marker=dict(size=30, opacity=0, symbol="square"),
        customdata=data[[*keys, *hover_columns]].astype(object).to_numpy(),
        hovertemplate=hover + "<extra></extra>", showlegend=False,
    )
    base_layout(fig, title, height=height or max(300, 140 + (48 if len(ys) <= 12 else 34) * len(ys)))
    fig.update_layout(hoverdistance=-1)
    # Column names wrap over lines while they fit side by side; more columns stand upright (a slanted name runs into
    # its neighbours' names and the title). Tall matrices put wrapped names on top, where the reader starts; upright
    # ones stay under the matrix, clear of the title.
    upright = len(xs) > 8
    on_top = len(ys) > 8 and not upright
    fig.update_xaxes(type="category", tickangle=-90 if upright else 0, side="top" if on_top else "bottom",
                     tickmode="array", tickvals=xs,
                     ticktext=xs if upright else [wrap_label(v, max(8, 96 // max(len(xs), 1))) for v in xs])
    if on_top:
        fig.update_layout(margin=dict(t=95))
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    return fig


def _theme_custom(rows: pd.DataFrame):
    return rows[["theme_id", "group", "theme", "share", "per_10k", "n_tagged", "n_passages", "n_documents",
                 "n_documents_with_theme"]].astype(object).to_numpy()


def _mark_changes(fig: go.Figure, composition: pd.DataFrame, lang: str, **where) -> None:
    """A dotted line between two years whose organisations or document types differ, labelled with what changed."""
    years = composition["year"].astype(int).tolist()
    for before, year, organisations, types in zip(years, years[1:], composition["organisations_changed"].tolist()[1:],
                                                  composition["doc_types_changed"].tolist()[1:]):
        if organisations or types:
            what = "both" if organisations and types else "organisations" if organisations else "doc_types"
            # Upright along its line: side by side, horizontal labels of neighbouring lines run into each other.
            fig.add_vline(x=(before + year) / 2, line=dict(color="#999", width=1, dash="dot"),
                          annotation_text=text(f"themes.fig.changed.{what}", lang), annotation_position="top right",
                          annotation_textangle=-90, annotation_yanchor="top", annotation_font=dict(size=10, color="#666"),
                          **where)


def recurrence_by_year(
    data: pd.DataFrame, *, measure: str, title: str, lang: str, colours: Mapping[str, str],
    composition: pd.DataFrame | None = None,
) -> go.Figure:
    """One line per theme over the years (all organisations together). Each year's tick says how many documents are
    behind its points (the same for every theme, so once, never stacked over three lines' points); with composition
    (year_composition) it also names the year's organisations and document types, and a dotted line marks where
    they change from one year to the next."""
    fig = go.Figure()
    for theme_id, rows in data.groupby("theme_id", sort=False):
        fig.add_scatter(
            x=rows["group"].astype(int), y=rows[measure], mode="lines+markers", name=str(rows["theme"].iloc[0]),
            line=dict(color=colours.get(str(theme_id)), width=3), marker=dict(size=11),
            customdata=_theme_custom(rows), hovertemplate=text("themes.fig.hover", lang) + "<extra></extra>",
        )
    base_layout(fig, title)
    years = sorted(int(y) for y in data["group"].unique())
    n_documents = dict(zip(data["group"].astype(int), data["n_documents"].astype(int)))
    top = float(data[measure].max()) if len(data) else 0.0
    # Tick lines wrap at the width a year has in a half-width chart, so neighbouring ticks never run together.
    width = max(10, 60 // max(len(years), 1))
    count = {y: f"<sub>{text('themes.fig.n_docs', lang, n=n_documents.get(y, 0))}</sub>" for y in years}
    ticks = [f"<b>{y}</b><br>{count[y]}" for y in years]
    if composition is not None and len(composition):
        def listed(names: str, key: str) -> list[str]:
            # More than three names in a tick would stack dozens of lines: say how many instead.
            parts = names.split(", ")
            return [wrap_label(p, width) for p in parts] if len(parts) <= 3 else [text(key, lang, n=len(parts))]

        made_of = {int(r.year): "<br>".join([f"<b>{r.year}</b>", count.get(int(r.year), ""),
                                             *listed(r.organisations, "themes.fig.n_organisations"),
                                             *(f"<i>{t}</i>" for t in listed(r.doc_types, "themes.fig.n_doc_types"))])
                   for r in composition.itertuples()}
        ticks = [made_of.get(y, t) for y, t in zip(years, ticks)]
        _mark_changes(fig, composition.loc[composition["year"].isin(years)], lang)
    # Half a year of room at each end, so the first and last ticks' lines are not hidden past the chart's edge.
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=ticks, title=None, tickangle=0,
                     tickfont=dict(size=10), range=[(years[0] if years else 0) - 0.5, (years[-1] if years else 1) + 0.5])
    fig.update_yaxes(tickformat=axis_format(measure, top), range=[0, (top or 1.0) * 1.2],
                     title=text(f"themes.measure.{measure}", lang))
    lines = max((t.count("<br>") for t in ticks), default=0) + 1
    fig.update_layout(height=420 + 14 * lines)
    legend_below(fig, data["theme"].astype(str).unique())
    return wrapped_title(fig, title)


def _organisation_year_custom(rows: pd.DataFrame):
    return rows[["theme_id", "organisation", "year", "theme", "share", "per_10k", "n_tagged", "n_passages",
                 "n_documents", "doc_types"]].astype(object).to_numpy()


#: One marker symbol per document type (or set of types) of an organisation's year, in order of first use.
TYPE_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "star", "hexagon", "pentagon", "triangle-down", "x",
                "cross")


def _type_segments(rows: pd.DataFrame, measure: str) -> tuple[list, list, list, list]:
    """x, y of the solid segments (same document type as the year before) and of the dotted ones (another type),
    each as one None-separated line."""
    x = rows["_x"] if "_x" in rows else rows["year"]
    years, values, changed = x.astype(float).tolist(), rows[measure].astype(float).tolist(), rows["type_changed"].tolist()
    solid_x, solid_y, dotted_x, dotted_y = [], [], [], []
    for i in range(1, len(years)):
        xs, ys = (dotted_x, dotted_y) if changed[i] else (solid_x, solid_y)
        xs += [years[i - 1], years[i], None]
        ys += [values[i - 1], values[i], None]
    return solid_x, solid_y, dotted_x, dotted_y


#: A panel with more organisations than this labels no point (they would collide): the hover and the grid say it.
MAX_LABELLED_LINES = 3


def _dodged_years(data: pd.DataFrame) -> pd.Series:
    """Each row's year, shifted a little per organisation where several organisations share a year, so their
    points sit side by side instead of on top of each other (customdata keeps the real year)."""
    organisations = sorted(data["organisation"].astype(str).unique())
    if len(organisations) < 2:
        return data["year"].astype(float)
    step = min(0.08, 0.6 / len(organisations))
    offset = {o: (i - (len(organisations) - 1) / 2) * step for i, o in enumerate(organisations)}
    shared = data.groupby("year")["organisation"].transform("nunique") > 1
    return data["year"].astype(float) + data["organisation"].astype(str).map(offset).where(shared, 0.0)


def recurrence_by_organisation_year(
    data: pd.DataFrame, *, measure: str, title: str, lang: str, colours: Mapping[str, str]
) -> go.Figure:
    """Small multiples, one panel per theme: one line per organisation over the years it has documents, so a year
    of one organisation is never compared with another's. The marker's shape is the year's document type; the line
    is dotted where an organisation's document type changes from its year before. Organisations sharing a year sit
    side by side; with more than MAX_LABELLED_LINES organisations the points carry no labels. Points selectable as
    (theme_id, organisation, year)."""
    themes = list(dict.fromkeys(data["theme_id"].astype(str)))
    labels = dict(zip(data["theme_id"].astype(str), data["theme"].astype(str)))
    symbols = {t: TYPE_SYMBOLS[i % len(TYPE_SYMBOLS)] for i, t in enumerate(dict.fromkeys(data["doc_types"].astype(str)))}
    organisations = sorted(data["organisation"].astype(str).unique())
    colours = distinct_colours(colours, organisations)
    labelled = len(organisations) <= MAX_LABELLED_LINES
    data = data.assign(_x=_dodged_years(data))
    fig = make_subplots(rows=max(len(themes), 1), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[labels[t] for t in themes] or [""])
    for organisation in organisations:  # the colours' key: a line per organisation
        fig.add_scatter(x=[None], y=[None], mode="lines", name=organisation, legendgroup=organisation,
                        line=dict(color=colours[organisation], width=3), hoverinfo="skip")
    for row, theme_id in enumerate(themes, start=1):
        for organisation, rows in data.loc[data["theme_id"].astype(str) == theme_id].groupby("organisation", sort=True):
            colour = colours[str(organisation)]
            solid_x, solid_y, dotted_x, dotted_y = _type_segments(rows, measure)
            for xs, ys, dash in ((solid_x, solid_y, "solid"), (dotted_x, dotted_y, "dot")):
                if xs:
                    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=2, dash=dash),
                                    legendgroup=str(organisation), showlegend=False, hoverinfo="skip", row=row, col=1)
            fig.add_scatter(
                x=rows["_x"], y=rows[measure], mode="markers+text" if labelled else "markers", name=str(organisation),
                legendgroup=str(organisation), showlegend=False,
                marker=dict(size=10, color=colour, symbol=[symbols[str(t)] for t in rows["doc_types"]],
                            line=dict(color="white", width=1)),
                text=[_measure_text(float(v), measure, lang) for v in rows[measure]] if labelled else None,
                textposition="top center", textfont=dict(size=10, color="#555"),
                customdata=_organisation_year_custom(rows),
                hovertemplate=text("themes.fig.org_year_hover", lang) + "<extra></extra>", row=row, col=1,
            )
    for doc_types, symbol in symbols.items():  # the shapes' key, after the organisations
        fig.add_scatter(x=[None], y=[None], mode="markers", name=doc_types, legendgroup="doc_types",
                        legendgrouptitle_text=text("themes.fig.doc_type_key", lang),
                        marker=dict(size=10, color="#777", symbol=symbol), hoverinfo="skip")
    years = sorted(int(y) for y in data["year"].unique())
    top = float(data[measure].max()) if len(data) else 0.0
    base_layout(fig, title, height=200 + 230 * max(len(themes), 1))
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], range=[
        (years[0] if years else 0) - 0.5, (years[-1] if years else 1) + 0.5])
    fig.update_yaxes(tickformat=axis_format(measure, top), range=[0, (top or 1.0) * 1.3])
    legend_below(fig, [*organisations, text("themes.fig.doc_type_key", lang), *symbols])
    return wrapped_title(fig, title)


def organisation_year_heatmap(data: pd.DataFrame, *, measure: str, title: str, lang: str) -> go.Figure:
    """Organisation × year for each theme (rows "theme · organisation"): the measure per cell with its documents;
    an empty cell means that organisation has no document that year. Cells selectable as (theme_id, organisation,
    year)."""
    rows = data.assign(row=data["theme"].astype(str) + " · " + data["organisation"].astype(str),
                       column=data["year"].astype(int).astype(str))
    return matrix_heatmap(
        rows, x="column", y="row", z=measure, cell_text=_cell_text(rows[measure], rows["n_documents"], measure, lang),
        keys=["theme_id", "organisation", "year"], hover_columns=["theme", "share", "per_10k", "n_tagged",
                                                                  "n_passages", "n_documents", "doc_types"],
        title=title, hover=text("themes.fig.org_year_cell_hover", lang), colorbar=text(f"themes.measure.{measure}", lang),
        zformat=MEASURE_FORMAT[measure], x_order=sorted(rows["column"].unique(), key=int),
    )


#: Grouped bars with more bars than this carry no value labels (they would collide): the hover says it.
MAX_LABELLED_BARS = 12


def recurrence_by_organisation(
    data: pd.DataFrame, *, measure: str, title: str, lang: str, colours: Mapping[str, str]
) -> go.Figure:
    """Grouped bars: one group per theme, one bar per organisation (organisation colours), the value and n documents
    as label while the bars are few enough to carry one."""
    organisations = sorted(data["group"].astype(str).unique())
    colours = distinct_colours(colours, organisations)
    labelled = len(data) <= MAX_LABELLED_BARS
    fig = go.Figure()
    for organisation, rows in data.groupby("group", sort=True):
        fig.add_bar(
            x=rows["theme"].astype(str), y=rows[measure], name=str(organisation),
            marker_color=colours.get(str(organisation)),
            text=[f"{_measure_text(v, measure, lang)}<br>{text('themes.fig.n_docs', lang, n=n)}"
                  for v, n in zip(rows[measure], rows["n_documents"])] if labelled else None,
            textposition="outside", cliponaxis=False, textfont=dict(size=11), customdata=_theme_custom(rows),
            hovertemplate=text("themes.fig.hover", lang) + "<extra></extra>",
        )
    base_layout(fig, title, height=440)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    # Theme names wrap under their group instead of slanting into each other (a half-width chart).
    themes = list(dict.fromkeys(data["theme"].astype(str)))
    fig.update_xaxes(type="category", title=None, tickangle=0, tickmode="array", tickvals=themes,
                     ticktext=[wrap_label(t, max(10, 48 // max(len(themes), 1))) for t in themes])
    top = float(data[measure].max()) if len(data) else 0.0
    fig.update_yaxes(tickformat=axis_format(measure, top), title=text(f"themes.measure.{measure}", lang),
                     range=[0, (top or 1.0) * 1.3])
    legend_below(fig, organisations)
    return wrapped_title(fig, title)


def rising_terms_bars(data: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """Horizontal bars: each rising term's rate per 10,000 words in the latest year beside the earlier years."""
    terms = data["term"].astype(str).tolist()
    latest = str(data["latest"].iloc[0]) if len(data) else ""
    earlier = str(data["earlier"].iloc[0]) if len(data) else ""
    custom = _hover_ready(data)[["term", "count_a", "count_b", "docs_with_a", "docs_with_b", "n_organisations",
                                 "top_document", "top_share"]].astype(object).to_numpy()
    fig = go.Figure()
    notes = one_document_note(data, lang) if len(data) else []
    for column, name, colour in (("per_10k_a", earlier, CORPUS_GREY), ("per_10k_b", latest, RISING)):
        fig.add_bar(
            y=terms, x=data[column], orientation="h", name=name, marker_color=colour, customdata=custom,
            text=notes if column == "per_10k_b" else None, textposition="outside", cliponaxis=False,
            hovertemplate=text("overview.fig.rising_hover", lang, period=name) + "<extra></extra>",
        )
    base_layout(fig, title, height=max(300, 110 + 36 * len(terms)))
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False)
    if len(data):
        _support_ticks(fig, data, lang)
    top = float(data[["per_10k_a", "per_10k_b"]].max().max()) if len(data) else 1.0
    # Room beside the longest bar for its "one document" mark.
    fig.update_xaxes(title=text("overview.fig.per_10k", lang), showgrid=True, gridcolor="#e5e5e5",
                     range=[0, (top or 1.0) * 1.25])
    return fig


def coherence_line(data: pd.DataFrame, *, chosen_k: int | None, title: str, lang: str) -> go.Figure:
    """Coherence (NPMI) for each number of topics tried, stability (right axis) where measured; the chosen k marked."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_scatter(x=data["k"], y=data["coherence"], mode="lines+markers", line=dict(color=OKABE_ITO[0]),
                    name=text("method.fig.coherence", lang), hovertemplate="k = %{x}<br>NPMI %{y:.3f}<extra></extra>")
    if "stability" in data and data["stability"].notna().any():
        measured = data.loc[data["stability"].notna()]
        fig.add_scatter(x=measured["k"], y=measured["stability"], mode="markers", secondary_y=True,
                        marker=dict(color=OKABE_ITO[1], size=11, symbol="diamond"),
                        name=text("method.fig.stability", lang),
                        hovertemplate="k = %{x}<br>" + text("method.fig.stability", lang) + " %{y:.2f}<extra></extra>")
        fig.update_yaxes(title=text("method.fig.stability", lang), range=[0, 1], secondary_y=True, showgrid=False,
                         tickmode="linear", dtick=0.2, tickformat=".1f")
    if chosen_k is not None:
        fig.add_vline(x=chosen_k, line_dash="dot", line_color=OKABE_ITO[3],
                      annotation_text=text("method.fig.chosen_k", lang, k=chosen_k))
    base_layout(fig, title, height=340)
    fig.update_xaxes(title="k", dtick=1)
    fig.update_yaxes(title="NPMI", secondary_y=False)
    return fig


def _cell_text(values: pd.Series, n_documents: pd.Series, measure: str, lang: str) -> list[str]:
    return [f"{_measure_text(float(v), measure, lang)}<br><sub>{text('themes.fig.n_docs', lang, n=int(n))}</sub>"
            for v, n in zip(values, n_documents)]


def theme_organisation_heatmap(data: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """Theme × organisation: share of passages per cell, n documents behind it; cells selectable (theme_id, organisation).
    Themes are rows while the organisations fit as columns, else organisations are rows."""
    turned = data["group"].nunique() > MAX_ORGANISATION_COLUMNS
    return matrix_heatmap(
        data, x="theme" if turned else "group", y="group" if turned else "theme", z="share",
        cell_text=_cell_text(data["share"], data["n_documents"], "share", lang),
        keys=["theme_id", "group"], hover_columns=["theme", "share", "n_tagged", "n_passages", "n_documents",
                                                    "n_documents_with_theme"],
        title=title, hover=text("overview.fig.heatmap_hover", lang), colorbar=text("themes.measure.share", lang),
    )


def theme_document_heatmap(data: pd.DataFrame, *, measure: str, title: str, lang: str) -> go.Figure:
    """Theme × document: the measure per cell; cells selectable (theme_id, doc_id)."""
    labels = [_measure_text(float(v), measure, lang) for v in data[measure]]  # zero as "0 %", as in every other chart
    # Full titles, wrapped: a row is as tall as its label's lines.
    data = data.assign(document=data["document"].map(lambda d: wrap_label(d, 48)))
    lines = data.drop_duplicates("doc_id")["document"].str.count("<br>") + 1
    fig = matrix_heatmap(
        data, x="theme", y="document", z=measure, cell_text=labels, keys=["theme_id", "doc_id"],
        hover_columns=["theme", "document", "share", "per_10k", "n_tagged", "n_passages"],
        title=title, hover=text("themes.fig.doc_hover", lang), colorbar=text(f"themes.measure.{measure}", lang),
        zformat=MEASURE_FORMAT[measure], height=max(320, 150 + int((22 + 14 * lines).sum())),
    )
    fig.update_xaxes(side="top")
    return fig


def cooccurrence_heatmap(data: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """Theme × theme: passages tagged with both (diagonal: with the theme); cells selectable (theme_a, theme_b)."""
    labels = [f"{int(n)}<br><sub>{text('themes.fig.n_docs', lang, n=int(d))}</sub>" for n, d in
              zip(data["n_passages"], data["n_documents"])]
    return matrix_heatmap(
        data, x="label_b", y="label_a", z="n_passages", cell_text=labels, keys=["theme_a", "theme_b"],
        hover_columns=["label_a", "label_b", "n_passages", "n_documents"], title=title,
        hover=text("themes.fig.cooc_hover", lang), colorbar=text("themes.fig.n_passages", lang), zformat="d",
    )


# ---------------------------------------------------------------------------------------------
# Demands (pages/demands.py)

STATUS_COLOURS = {"recurring": "#0072B2", "new": "#009E73", "dropped": "#D55E00"}


def demand_heatmap(data: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """Organisation × year: distinct demands per cell (sentences in the hover); cells selectable (organisation, year)."""
    data = data.assign(year=data["year"].astype(str)).sort_values(["year", "organisation"])  # years left to right
    return matrix_heatmap(
        data, x="year", y="organisation", z="n_distinct", cell_text=[str(int(v)) for v in data["n_distinct"]],
        keys=["organisation", "year"], hover_columns=["n_distinct", "n_sentences"], title=title,
        hover=text("demands.fig.heatmap_hover", lang), colorbar=text("demands.fig.n_distinct", lang), zformat="d",
    )


def demand_change_bars(data: pd.DataFrame, *, title: str, lang: str) -> go.Figure:
    """Recurring / new / dropped distinct demands per organisation, stacked horizontal bars; bars selectable
    (organisation, status)."""
    fig = go.Figure()
    organisations = sorted(data["organisation"].unique())
    counts = pd.DataFrame(index=organisations)
    for status, colour in STATUS_COLOURS.items():
        rows = data.loc[data["status"] == status].set_index("organisation").reindex(organisations, fill_value=0)
        counts[status] = rows["n_distinct"].astype(int)
        fig.add_bar(
            y=organisations, x=rows["n_distinct"], orientation="h", name=text(f"demands.status.{status}", lang),
            marker_color=colour, customdata=[[o, status] for o in organisations],
            hovertemplate="%{y}: %{x}<extra>" + text(f"demands.status.{status}", lang) + "</extra>",
        )
    base_layout(fig, title, height=max(300, 120 + 34 * len(organisations)))
    # The counts as words beside each bar: a segment of 4 beside one of 240 cannot be read off the axis.
    for organisation, row in counts.iterrows():
        fig.add_annotation(x=float(row.sum()), y=organisation, xanchor="left", showarrow=False, xshift=6,
                           text=text("demands.fig.changes_counts", lang, **{k: int(v) for k, v in row.items()}),
                           font=dict(size=12, color="#333333"))
    widest = float(counts.sum(axis=1).max()) if len(counts) else 0.0
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    fig.update_xaxes(title=text("demands.fig.n_distinct", lang), showgrid=True, gridcolor="#e5e5e5",
                     range=[0, max(1.0, widest) * 1.6])
    return fig
