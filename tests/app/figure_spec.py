"""Read plotly figures back from AppTest: the spec JSON with base64 numeric arrays decoded."""
from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest


def decode(value):
    """Plotly 6+ sends numeric arrays as {"dtype": ..., "bdata": base64}; turn them (recursively) into lists."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            return array.reshape(value["shape"]).tolist() if "shape" in value else array.tolist()
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def figures(at: AppTest) -> list[dict]:
    """Every plotly chart on the page, as decoded figure dicts (data + layout), in page order."""
    return [decode(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def figure_titled(at: AppTest, title: str) -> dict:
    """The one chart whose title text is `title`."""
    found = [f for f in figures(at) if f["layout"].get("title", {}).get("text") == title]
    assert len(found) == 1, f"{len(found)} charts titled {title!r}; titles: {[f['layout'].get('title', {}).get('text') for f in figures(at)]}"
    return found[0]
