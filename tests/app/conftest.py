"""App test fixtures: planted tables in a temporary data directory, and an AppTest of dashboard.py over them."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.typing import PlotlyState

from tests.fixtures.tables import write_fixture_tables

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
TIMEOUT = 30


class _NavigationPagesManager(PagesManager):
    """PagesManager as a running server has it once st.navigation has run: no legacy pages/ handling.

    AppTest resets PagesManager.uses_pages_directory before every run, so with a folder named pages/
    each rerun after the first would execute the page file alone (no dashboard.py, no sidebar).
    A real server sets the flag once per process; st.navigation turns it off for good.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def navigation_pages(monkeypatch):
    """Run AppTest the way the server runs dashboard.py: st.navigation owns pages/."""
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationPagesManager)


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory) -> Path:
    """A data directory holding only processed/ with the planted tables (no raw/, so never stale)."""
    data = tmp_path_factory.mktemp("hr_data")
    write_fixture_tables(data)
    return data


@pytest.fixture
def app_data(fixture_data, monkeypatch) -> Path:
    """HORINGSRADAR_DATA pointing at the planted tables for this test."""
    monkeypatch.setenv("HORINGSRADAR_DATA", str(fixture_data))
    return fixture_data


@pytest.fixture
def app(app_data) -> AppTest:
    """dashboard.py over the planted tables, not yet run."""
    return AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)


def open_page(at: AppTest, page: str, **widgets) -> AppTest:
    """Run the app, switch to pages/<page>.py, set sidebar multiselects by key (org/year/doc_type) and run again."""
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    if widgets:
        for key, value in widgets.items():
            at.sidebar.multiselect(key=key).set_value(value)
        at.run()
    return at


def open_page_in(page: str, lang: str, **widgets) -> AppTest:
    """A fresh dashboard.py (over HORINGSRADAR_DATA) in lang ("nb", "en") switched to pages/<page>.py (open_page)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    if lang != "nb":
        at.query_params["lang"] = lang
    return open_page(at, page, **widgets)


def _decode(value):
    """Plotly 6+ ships numeric arrays as {"dtype", "bdata"} (base64); turn them back into lists."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def figure(at: AppTest, index: int) -> dict:
    """The index-th plotly figure on the page as a plain dict with decoded arrays."""
    return _decode(json.loads(at.get("plotly_chart")[index].proto.spec))


def figure_by_key(at: AppTest, key: str) -> dict:
    """The plotly figure drawn by chart_with_download(..., key=key)."""
    for chart in at.get("plotly_chart"):
        if chart.proto.id and key in chart.proto.id:
            return _decode(json.loads(chart.proto.spec))
    raise KeyError(key)


def html_bodies(at: AppTest) -> str:
    """All st.html output of the page, joined."""
    return "\n".join(element.proto.body for element in at.get("html"))


def select_points(at: AppTest, key: str, customdata: list[list]) -> None:
    """Pretend the reader clicked points carrying these customdata on the chart with this key."""
    points = [{"customdata": c, "curve_number": 1, "point_index": i} for i, c in enumerate(customdata)]
    at.session_state[key] = PlotlyState(
        {"selection": {"points": points, "point_indices": list(range(len(points))), "box": [], "lasso": []}}
    )


def shown(markdown_source: str) -> str:
    """The text a reader sees for a Markdown source (CommonMark + GFM), tags stripped and entities decoded."""
    import html
    import re

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("gfm-like", {"html": True, "linkify": True}).render(markdown_source)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
