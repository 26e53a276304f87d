"""Browser test fixtures: the seed corpus built once, streamlit servers, headless Chromium.

The shared server serves read-only tests; tests that need a fresh process (first filter change)
or change the corpus (admin upload) start their own server over their own data directory.
"""
from __future__ import annotations

import os
import time

import pytest

from tests.conftest import copy_seed
from tests.e2e.helpers import (
    CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, VIEWPORT, Built, StreamlitServer, pipeline_build, read_built,
)


def pytest_collection_modifyitems(items):
    """Every test in tests/e2e is an e2e test (deselect with -m 'not e2e')."""
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """The real seed corpus (data/raw + themes.toml) built by the pipeline into a session tmp dir."""
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    copy_seed(data_dir)
    started = time.perf_counter()
    pipeline_build(data_dir)
    print(f"\n[e2e] seed build {time.perf_counter() - started:.1f}s")
    return read_built(data_dir)


@pytest.fixture(scope="session")
def server(built, tmp_path_factory):
    """One server over the session's built corpus, for every read-only test."""
    srv = StreamlitServer(built.data_dir, tmp_path_factory.mktemp("logs"))
    yield srv
    srv.stop()


@pytest.fixture
def fresh_server(built, tmp_path):
    """A server started for this test alone (its first browser session is the process's first)."""
    srv = StreamlitServer(built.data_dir, tmp_path)
    yield srv
    srv.stop()

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, headless, no network chatter; never `playwright install`."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A laptop-sized window that accepts downloads."""
    return {**browser_context_args, "viewport": VIEWPORT, "accept_downloads": True}


@pytest.fixture
def page(page):
    """pytest-playwright's page with our patience for a shared 2-core machine."""
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    return page
