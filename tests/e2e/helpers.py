"""Helpers for the browser tests: building a data directory, a streamlit server process, reading the page."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence
from urllib.parse import urlencode

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
SERVER_START_TIMEOUT_S = 60
BUILD_TIMEOUT_S = 600
#: Generous: the 2-core machine is shared, and a cold page draws several plotly charts.
PAGE_TIMEOUT_MS = 60_000
#: Page url paths as st.navigation derives them from pages/<name>.py; overview is the default page ("/").
PAGES = ("overview", "themes", "topics", "keywords", "compare", "passages", "demands", "documents", "document", "method")
TABLES = ("documents", "passages", "themes", "passage_themes", "topics", "topic_terms", "passage_topics", "term_counts",
          "demands")

CHARTS = '[data-testid="stPlotlyChart"]'
DRAWN = f"{CHARTS} .main-svg"
EXCEPTION = '[data-testid="stException"]'
READY = ".st-key-org"
IDLE = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"


# --- data ---------------------------------------------------------------------------------------


def copy_built(source: Path, target: Path) -> Path:
    """A full copy of a built data directory (raw, themes.toml, interim cache, processed)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".build.lock"))
    return target


def pipeline_build(data_dir: Path) -> None:
    """`python -m pipeline build` over data_dir, failing the session with the pipeline's message."""
    env = {**os.environ, "HORINGSRADAR_DATA": str(data_dir), "CI": "1"}
    done = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    if done.returncode != 0:
        pytest.fail(f"pipeline build failed ({done.returncode}):\n{done.stderr[-3000:]}", pytrace=False)


@dataclass(frozen=True)
class Built:
    """A built data directory and its tables, read straight from the parquet files (the test's answer key)."""

    data_dir: Path
    tables: dict[str, pd.DataFrame] = field(repr=False)
    build_info: dict = field(repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None


def read_built(data_dir: Path) -> Built:
    """The parquet tables and build_info.json of a built data directory."""
    processed = data_dir / "processed"
    tables = {name: pd.read_parquet(processed / f"{name}.parquet") for name in TABLES
              if (processed / f"{name}.parquet").exists()}
    info = json.loads((processed / "build_info.json").read_text(encoding="utf-8"))
    return Built(data_dir, tables, info)


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run dashboard.py` on a free port over one data directory; stop() ends only this process."""

    def __init__(self, data_dir: Path, log_dir: Path, extra_env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"streamlit-{self.port}.log"
        env = {**os.environ, "HORINGSRADAR_DATA": str(data_dir), "CI": "1", **(extra_env or {})}
        if not (extra_env or {}).get("HORINGSRADAR_ADMIN_PASSWORD"):
            env.pop("HORINGSRADAR_ADMIN_PASSWORD", None)
        self._log = open(self.log_path, "wb")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.perf_counter() - started

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.process.returncode}):\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S}s:\n{self.log()[-3000:]}")

    def page_url(self, page: str = "overview", **params) -> str:
        """URL of a page with query params; list values repeat the key (?org=A&org=B)."""
        path = "" if page == "overview" else page
        query = urlencode(params, doseq=True)
        return f"{self.url}/{path}" + (f"?{query}" if query else "")

    def log(self) -> str:
        """What the server printed so far."""
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Terminate this server (then kill it if it does not stop)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


# --- page helpers -------------------------------------------------------------------------------

#: Plotly data of every chart in an element: [{name, type, x, y, customdata, ...} per trace].
#: The answer key names themes by their labels; a theme measured below 0.8 on unseen text is drawn with this mark
#: after its label (app.queries.themes.UNCERTAIN_MARK, checked by the app tests), so traces are read without it.
UNCERTAIN_MARK = " ⚠"

_FULLDATA_JS = """
(root) => { const plain = v => (typeof v === 'string' && v.endsWith('%s')) ? v.slice(0, -%d) : v;
  return Array.from(root.querySelectorAll('.js-plotly-plot')).map(gd =>
  (gd._fullData || []).map(t => ({
    name: t.name === undefined ? null : plain(t.name),
    type: t.type, orientation: t.orientation || null, visible: t.visible,
    x: t.x === undefined ? null : Array.from(t.x, plain),
    y: t.y === undefined ? null : Array.from(t.y, plain),
    z: t.z === undefined ? null : Array.from(t.z, r => Array.isArray(r) || ArrayBuffer.isView(r) ? Array.from(r) : r),
    text: t.text === undefined ? null : (Array.isArray(t.text) ? Array.from(t.text) : t.text),
    customdata: t.customdata === undefined ? null : Array.from(t.customdata, r => Array.isArray(r) || ArrayBuffer.isView(r) ? Array.from(r) : r),
  }))); }
""" % (UNCERTAIN_MARK, len(UNCERTAIN_MARK))


def wait_ready(page, min_charts: int = 0) -> None:
    """Wait until the app ran (sidebar filters or an exception shown, no run in flight) and min_charts charts drew."""
    # The sidebar filters exist only once dashboard.py itself ran (not a bare pages/ file, see test_fresh_server).
    page.wait_for_selector(f"{READY}, {EXCEPTION}", state="attached")
    _wait_idle(page)
    # Every chart container on the page has drawn, and at least min_charts of them.
    page.wait_for_function(
        """([charts, n]) => { const all = Array.from(document.querySelectorAll(charts));
            return all.length >= n && all.every(c => c.querySelector('.main-svg')); }""",
        arg=[CHARTS, min_charts], polling=200,
    )


def _wait_idle(page) -> None:
    """No script run in flight or requested (stApp's data-test-script-state, as streamlit's own e2e tests use)."""
    page.wait_for_selector(IDLE, state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE, state="attached")


def open_page(page, server: StreamlitServer, name: str = "overview", min_charts: int = 0, **params) -> float:
    """Open a page (with URL params), wait for its charts; returns seconds until ready."""
    started = time.perf_counter()
    page.goto(server.page_url(name, **params))
    wait_ready(page, min_charts)
    return time.perf_counter() - started


def chart_count(page) -> int:
    """How many plotly charts are drawn on the page."""
    return page.locator(CHARTS).filter(has=page.locator(".main-svg")).count()


def chart_data(page, key: str) -> list[dict]:
    """The traces plotly drew in the chart with widget key `key` (read from gd._fullData)."""
    # During a rerun Streamlit may keep the previous copy of the element (data-stale, data-retained) beside the new
    # one: read the current one.
    root = page.locator(f'.st-key-{key}:not([data-stale="true"])').first
    root.locator(".main-svg").first.wait_for()
    charts = root.evaluate(_FULLDATA_JS)
    assert charts, f"no plotly chart under .st-key-{key}"
    return charts[0]


def all_chart_data(page) -> list[list[dict]]:
    """The traces of every chart on the page, in page order."""
    return page.locator("body").evaluate(_FULLDATA_JS)


def no_exception(page) -> None:
    """Fail with the exception text when the app shows an exception box."""
    boxes = page.locator(EXCEPTION)
    if boxes.count():
        raise AssertionError("app exception:\n" + boxes.first.inner_text()[:3000])


def screenshot(page, name: str, max_height: int = 9000) -> Path:
    """A whole-page screenshot in test-artifacts/screenshots/<name>.png.

    Streamlit scrolls inside its main container, not the document, so full_page alone shows one screen:
    the window is made as tall as the content for the shot, then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size or VIEWPORT
    height = page.evaluate(
        """() => Math.max(...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"], [data-testid="stAppScrollToBottomContainer"]'))
            .map(e => e.scrollHeight), document.body.scrollHeight)"""
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(int(height), size["height"]), max_height)})
    try:
        page.wait_for_timeout(600)  # plotly relayouts on resize
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def multiselect_values(page, key: str) -> list[str]:
    """The chosen options of a multiselect, as the page shows them."""
    return page.locator(f".st-key-{key} [data-tag]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def choose(page, key: str, *options: str) -> None:
    """Pick options in a multiselect by their shown labels, waiting for the rerun after each."""
    box = page.locator(f".st-key-{key}")
    for option in options:
        choice = page.get_by_role("option", name=option, exact=True)
        # Five tries, each after the app is idle: a rerun still drawing (a lazy download, a resize after a
        # screenshot, the previous choice) can swallow the click that opens the list, or close the list under the
        # click on the option (CI at load 2-5 saw both). A try that fails closes the list and opens it again.
        for _ in range(5):
            _wait_idle(page)
            box.locator("input").click()
            try:
                choice.wait_for(timeout=2_000)
            except PlaywrightTimeout:
                # A second combobox after a rerun sometimes only takes focus on click; the arrow key opens it.
                page.keyboard.press("ArrowDown")
                try:
                    choice.wait_for(timeout=5_000)
                except PlaywrightTimeout:
                    page.keyboard.press("Escape")
                    continue
            try:
                choice.click(timeout=5_000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
        else:
            raise AssertionError(f"could not pick {option!r} in the multiselect {key!r} after 5 tries")
        page.keyboard.press("Escape")
        box.locator(f'[data-tag][aria-label="{option}"]').wait_for(state="attached")
        _wait_idle(page)


def clear(page, key: str) -> None:
    """Empty a multiselect (back to "all")."""
    page.locator(f'.st-key-{key} button[aria-label="Clear all"]').click()
    page.locator(f".st-key-{key} [data-tag]").first.wait_for(state="detached")
    _wait_idle(page)


def read_csv_download(download, columns: Sequence[str] = (), lang: str = "nb") -> tuple[str, pd.DataFrame]:
    """(suggested file name, table) of a CSV the app offered, read by pandas.read_csv with its default arguments.

    The file names its columns in the reader's language; the ids in `columns` are renamed back from their labels
    (app.exports.column_label), so a test reads table["passage_id"]. Shares stay percentages, as in the file."""
    from app.exports import column_label

    table = pd.read_csv(download.path())
    labels = {column_label(c, lang): c for c in columns}
    missing = set(labels) - set(table.columns)
    assert not missing, f"CSV lacks columns {sorted(missing)}; it has {list(table.columns)}"
    return download.suggested_filename, table.rename(columns=labels)
