"""App test fixtures: planted tables in a temporary data directory, and an AppTest of dashboard.py over them."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

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
