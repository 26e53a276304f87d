"""Tidy DataFrame -> plotly Figure. Figures never filter and never display.

Colours: the Okabe–Ito colour-blind-safe palette, one colour per organisation on every page
(organisation_colours), sequential blues for heatmaps. Drill-down keys travel in customdata.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import plotly.graph_objects as go

# Okabe & Ito (2008), ordered so neighbours contrast; yellow and black last (weak on white / reads as text).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
# Carto "Safe" (colour-blind safe) for corpora with more than eight organisations.
EXTRA_SAFE = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933", "#882255", "#661100")
PALETTE = OKABE_ITO + EXTRA_SAFE
HEATMAP_SCALE = "Blues"
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
