"""App benchmark in headless Chromium, every figure side by side with a minimal one-chart page.

    python -m bench.bench_app [--sizes seed 10000] [--repeats 5] [--sessions 20] [--corpora DIR] [--no-build]

Starts the dashboard (HORINGSRADAR_DATA=<corpora>/<size>, default bench/corpora; tables built first unless
--no-build) and
bench/minimal_app.py on two local ports and measures them alternately in the same run:
- page load: from navigation start (a fresh browser context, so a new Streamlit session) to the
  first animation frame where every chart of the page has drawn (`[data-testid="stPlotlyChart"]
  .main-svg` count reaches the page's chart count), the page's title is there, a script run has been
  seen and the app reports no running script, provided no further run starts within READY_STABLE_MS
  (a new session's first run can be followed by a second);
- filter change: from the click on a sidebar organisation option to the first frame where the
  rerun it caused has finished (the script state was seen leaving and re-entering notRunning), every
  chart is drawn and the charts' data differ from before; on a page whose charts do not depend on the
  filter (or that has none) the data never differ, so its time is the finished rerun with every chart
  drawn, and the row says so;
- server CPU per page load and per filter-change rerun (psutil cpu_times of the server process);
- N concurrent sessions on the home page at the largest size: N pages in N contexts of one
  Chromium, navigated at once; time to first chart and to all charts, each measured in the page
  against its own navigation start (browser rendering shares the 2 cores with the server).
Timestamps are taken in the page (performance.now() in a requestAnimationFrame loop), so the
harness's own polling adds nothing. Writes the "app" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.common import CORPORA, PYTHON, ROOT, machine_line, markdown_table, median, write_section

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
MINIMAL = ROOT / "bench" / "minimal_app.py"
DASHBOARD = ROOT / "dashboard.py"
TIMEOUT_MS = 120_000
#: After the rerun has finished, how long to wait for charts whose data change to be redrawn before
#: concluding that this page's charts do not depend on the filter.
UNCHANGED_GRACE_MS = 3_000
#: A page load counts as ready at the start of a settled period (script idle, every chart drawn) lasting this long.
READY_STABLE_MS = 1_000
BUILD_FIRST = True
CORPORA_DIR = CORPORA
ONLY_PAGES: list[str] = []
FILTER_CHANGES = True

#: Runs in every page before any of its scripts: records, per animation frame, when the page is ready.
PROBE = """
window.__bench = {expected: %d, first: null, ready: null, t0: null, finished: null, changed: null, baseline: null,
                  ranOnce: false, sawRunning: false, candidate: null};
(function () {
  // Every change of the script state, caught synchronously: a rerun shorter than a frame is still seen.
  new MutationObserver(function () {
    var b = window.__bench, app = document.querySelector('[data-testid="stApp"]');
    var state = app && app.getAttribute('data-test-script-state');
    if (state === 'running') b.ranOnce = true;
    if (b.t0 !== null && state && state !== 'notRunning') b.sawRunning = true;
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
  function charts() { return Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')); }
  window.__benchFingerprint = function () {
    return charts().map(function (c) {
      var gd = c.querySelector('.js-plotly-plot');
      if (!gd || !gd._fullData) return 'none';
      return gd._fullData.map(function (t) {
        var parts = [];
        ['x', 'y', 'z'].forEach(function (k) {
          var v = t[k];
          if (v && v.length !== undefined) parts.push(v.length + ':' + Array.prototype.slice.call(v, 0, 40).join(','));
        });
        return parts.join('/');
      }).join(';');
    }).join('#');
  };
  function loop() {
    var b = window.__bench;
    var app = document.querySelector('[data-testid="stApp"]');
    var state = app ? app.getAttribute('data-test-script-state') : null;
    var all = charts();
    var drawn = all.filter(function (c) { return c.querySelector('.main-svg'); }).length;
    var idle = state === 'notRunning';
    var now = performance.now();
    if (state === 'running') b.ranOnce = true;
    if (b.first === null && drawn > 0) b.first = now;
    // ranOnce: the state is notRunning before the first run too. content: a new session's first run can end
    // before the page's own (a rerun follows), and a page without charts would count as ready without it;
    // every page of the app and the minimal page open with a title.
    // Ready is the first frame of a settled period that then lasts READY_STABLE_MS: that first run can also end
    // with the page's title drawn but not yet the sidebar, and only the absence of a next run tells.
    var content = document.querySelector('[data-testid="stMainBlockContainer"] h1') !== null;
    if (b.ranOnce && content && idle && drawn >= b.expected && drawn === all.length) {
      if (b.candidate === null) b.candidate = now;
      if (b.ready === null && now - b.candidate >= %d) b.ready = b.candidate;
    } else if (b.ready === null) {
      b.candidate = null;
    }
    if (b.t0 !== null && b.changed === null) {
      if (state !== 'notRunning') b.sawRunning = true;
      // The rerun the click caused has finished and every chart is drawn (perhaps still with the old data) ...
      // Not "drawn >= expected": a filter can leave a page fewer charts (Nøkkelord's keyness needs two
      // organisations, so with NITO alone it is replaced by a note).
      var settled = b.sawRunning && idle && drawn === all.length;
      if (settled && b.finished === null) b.finished = now;
      // ... and the charts show the new data.
      if (settled && window.__benchFingerprint() !== b.baseline) b.changed = now;
    }
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
})();
"""

DIAGNOSE = """({charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
  drawn: Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).filter(c => c.querySelector('.main-svg')).length,
  expected: window.__bench && window.__bench.expected,
  state: (document.querySelector('[data-testid="stApp"]') || {getAttribute: () => null}).getAttribute('data-test-script-state')})"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running streamlit server of one script; url, process (for CPU readings)."""

    name: str
    url: str
    process: psutil.Process

    def cpu(self) -> float:
        """CPU seconds used so far by the server and its children."""
        times = self.process.cpu_times()
        return times.user + times.system + times.children_user + times.children_system


@contextmanager
def streamlit_server(script: Path, name: str, data: Path | None = None):
    """Start `streamlit run script` on a free local port, wait for /_stcore/health, stop it afterwards."""
    port = free_port()
    env = dict(os.environ)
    if data is not None:
        env["HORINGSRADAR_DATA"] = str(data)
    proc = subprocess.Popen(
        [PYTHON, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name} server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield Server(name, url, psutil.Process(proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class PageLoad:
    ready_ms: float
    first_ms: float
    cpu_s: float
    exceptions: int


def load(browser, url: str, expected: int, server: Server) -> PageLoad:
    """One timed page load in a fresh context (a new Streamlit session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script(PROBE % (expected, READY_STABLE_MS))
        page = context.new_page()
        cpu = server.cpu()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=TIMEOUT_MS, polling=100)
        except Exception:  # report the page as failed, keep measuring the others
            state = page.evaluate(DIAGNOSE)
            print(f"  load of {url} did not finish within {TIMEOUT_MS / 1000:.0f} s: {state}", flush=True)
            return PageLoad(float("nan"), float("nan"), server.cpu() - cpu, 1)
        result = page.evaluate("[window.__bench.ready, window.__bench.first]")
        page.wait_for_timeout(200)  # let the server finish sending before reading its CPU
        return PageLoad(result[0], result[1] or result[0], server.cpu() - cpu,
                        page.locator('[data-testid="stException"]').count())
    finally:
        context.close()


def settle(browser, url: str) -> tuple[int, int]:
    """Visit a page untimed until it settles; returns (number of charts, number of exceptions)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script(PROBE % (0, READY_STABLE_MS))
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT_MS)
        stable, last = 0, -1
        while stable < 5:  # charts can arrive after the first finished run (fragments, lazy pages)
            page.wait_for_timeout(300)
            n = page.evaluate(
                "Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"]'))"
                ".filter(c => c.querySelector('.main-svg')).length"
                " + (document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state')"
                " === 'notRunning' ? 0 : 1000)")
            stable = stable + 1 if n == last else 0
            last = n
        return last, page.locator('[data-testid="stException"]').count()
    finally:
        context.close()


def page_urls(browser, server: Server) -> list[tuple[str, str]]:
    """(label, url) of every page in the app's navigation; just the root for a one-page app.

    Read in a second session after a first one has settled: before a fresh server's first run of the entry
    script, Streamlit shows the legacy pages/ navigation (file names, plus the entry script itself).
    """
    settle(browser, server.url)
    context = browser.new_context()
    try:
        context.add_init_script(PROBE % (0, READY_STABLE_MS))
        page = context.new_page()
        page.goto(server.url, wait_until="commit")
        page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=TIMEOUT_MS, polling=100)
        page.wait_for_timeout(500)
        links = page.eval_on_selector_all(
            '[data-testid="stSidebarNav"] a[href], [data-testid="stSidebarNavLink"][href]',
            "els => els.map(e => [e.innerText.trim().split('\\n').pop().trim(), e.getAttribute('href')])")
    finally:
        context.close()
    seen, pages = set(), []
    for label, href in links:
        url = href if href.startswith("http") else server.url.rstrip("/") + "/" + href.lstrip("/")
        path = url.split("?")[0].rstrip("/")
        if path not in seen:
            seen.add(path)
            pages.append((label or path.rsplit("/", 1)[-1] or "home", url))
    return pages or [("home", server.url)]


@dataclass
class FilterChange:
    ms: float
    cpu_s: float
    redrawn: bool  # the charts' data changed (else: the time to the finished rerun with every chart drawn)


def filter_change(browser, url: str, expected: int, server: Server, option: str = "NITO") -> FilterChange | None:
    """Load the page, then pick one organisation in the sidebar; time to the redrawn charts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script(PROBE % (expected, READY_STABLE_MS))
        page = context.new_page()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=TIMEOUT_MS, polling=100)
        except Exception:
            print(f"  load of {url} before the filter change did not finish: {page.evaluate(DIAGNOSE)}", flush=True)
            return None
        sidebar = page.locator('[data-testid="stSidebar"]')
        keyed = sidebar.locator('.st-key-org [data-testid="stMultiSelect"], .st-key-organisations [data-testid="stMultiSelect"]')
        select = keyed.first if keyed.count() else sidebar.locator('[data-testid="stMultiSelect"]').first
        if not select.count():
            print(f"  no organisation filter on {url}", flush=True)
            return None
        page.wait_for_timeout(300)
        try:
            select.click(timeout=10_000)
        except Exception:
            print(f"  could not open the organisation filter on {url}: {page.evaluate(DIAGNOSE)}", flush=True)
            return None
        # Type the name, as a reader would: the dropdown renders only the options in view, so with 30
        # organisations 'NITO' is not in the list until it is narrowed (the first option was clicked instead).
        page.keyboard.type(option)
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(timeout=10_000)
        except Exception:
            print(f"  no option {option!r} on {url}", flush=True)
            return None
        cpu = server.cpu()
        page.evaluate("window.__bench.baseline = window.__benchFingerprint(); window.__bench.t0 = performance.now();")
        choice.click()
        try:
            page.wait_for_function(
                "window.__bench.changed !== null || (window.__bench.finished !== null"
                f" && performance.now() - window.__bench.finished > {UNCHANGED_GRACE_MS})",
                timeout=TIMEOUT_MS, polling=50)
        except Exception:
            state = page.evaluate(f"Object.assign({DIAGNOSE}, {{sawRunning: window.__bench.sawRunning, "
                                  "finished: window.__bench.finished})")
            print(f"  filter change on {url} did not finish within {TIMEOUT_MS / 1000:.0f} s: {state}", flush=True)
            return None
        t0, finished, changed = page.evaluate("[window.__bench.t0, window.__bench.finished, window.__bench.changed]")
        page.wait_for_timeout(200)  # let the server finish sending before reading its CPU
        return FilterChange((changed if changed is not None else finished) - t0, server.cpu() - cpu, changed is not None)
    finally:
        context.close()


def concurrent(browser, url: str, expected: int, sessions: int, server: Server) -> dict:
    """N sessions at once: N contexts navigated together; per page time to first chart and to all charts."""
    contexts, pages = [], []
    errors: list[str] = []
    try:
        for _ in range(sessions):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            ctx.add_init_script(PROBE % (expected, READY_STABLE_MS))
            page = ctx.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            contexts.append(ctx)
            pages.append(page)
        cpu = server.cpu()
        started = time.perf_counter()
        for page in pages:
            page.goto(url, wait_until="commit")
        firsts, readies = [], []
        for page in pages:
            page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=TIMEOUT_MS, polling=100)
            ready, first = page.evaluate("[window.__bench.ready, window.__bench.first]")
            readies.append(ready)
            firsts.append(first or ready)
        wall = time.perf_counter() - started
        exceptions = sum(p.locator('[data-testid="stException"]').count() for p in pages)
        return {"first": firsts, "ready": readies, "wall": wall, "cpu": server.cpu() - cpu,
                "errors": len(errors) + exceptions, "error_text": errors[:3]}
    finally:
        for ctx in contexts:
            ctx.close()


async def _ws_session(url: str) -> dict:
    """One Streamlit session at the protocol level: connect, ask for a run, read ForwardMsgs to script_finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    first = None
    errors = 0
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=120) as ws:
            request = BackMsg()
            request.rerun_script.query_string = ""
            request.rerun_script.page_script_hash = ""  # the default page, as a browser's first visit
            request.rerun_script.widget_states.SetInParent()
            await ws.send(request.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=TIMEOUT_MS / 1000))
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element.WhichOneof("type")
                    if element == "plotly_chart" and first is None:
                        first = time.perf_counter() - started
                    errors += element == "exception"
                if kind == "script_finished":
                    errors += message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY
                    break
    except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as exc:
        return {"first": None, "done": None, "errors": errors + 1, "error": f"{type(exc).__name__}: {exc}"}
    return {"first": first, "done": time.perf_counter() - started, "errors": errors + (first is None), "error": ""}


def ws_sessions(server: Server, sessions: int) -> dict:
    """N sessions at once over /_stcore/stream (websockets + streamlit.proto): server-side time to first chart."""
    url = server.url.replace("http://", "ws://") + "/_stcore/stream"

    async def all_sessions():
        return await asyncio.gather(*[_ws_session(url) for _ in range(sessions)])

    cpu = server.cpu()
    started = time.perf_counter()
    # playwright's sync API owns this thread's event loop; the clients get a thread of their own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, all_sessions()).result()
    wall = time.perf_counter() - started
    firsts = [1000 * r["first"] for r in results if r["first"] is not None]
    dones = [1000 * r["done"] for r in results if r["done"] is not None]
    return {"first": firsts or [float("nan")], "ready": dones or [float("nan")], "wall": wall,
            "cpu": server.cpu() - cpu, "errors": sum(r["errors"] for r in results),
            "error_text": [r["error"] for r in results if r["error"]][:3]}


def ensure_built(corpus: Path) -> None:
    """Build the corpus's tables if they are missing or stale (cached; untimed here)."""
    env = dict(os.environ, HORINGSRADAR_DATA=str(corpus))
    subprocess.run([PYTHON, "-m", "pipeline", "build", "--progress", "none"], cwd=ROOT, env=env, check=True)


@dataclass
class SizeResult:
    size: str
    pages: list[dict] = field(default_factory=list)
    minimal_load: list[float] = field(default_factory=list)
    minimal_cpu: list[float] = field(default_factory=list)
    minimal_filter: list[float] = field(default_factory=list)
    minimal_filter_cpu: list[float] = field(default_factory=list)
    first_load_ms: float = 0.0
    concurrent: dict | None = None
    minimal_concurrent: dict | None = None
    ws: dict | None = None
    minimal_ws: dict | None = None
    ws_single: list[float] = field(default_factory=list)
    minimal_ws_single: list[float] = field(default_factory=list)


def bench_size(browser, size: str, repeats: int, sessions: int, browser_sessions: int, minimal: Server,
               with_concurrency: bool) -> SizeResult:
    corpus = CORPORA_DIR / size
    if BUILD_FIRST:
        ensure_built(corpus)
    result = SizeResult(size)
    with streamlit_server(DASHBOARD, f"dashboard ({size})", corpus) as app:
        started = time.perf_counter()
        pages = page_urls(browser, app)  # the first session after start loads and caches the tables
        result.first_load_ms = 1000 * (time.perf_counter() - started)
        print(f"[{size}] pages: {[p[0] for p in pages]}", flush=True)
        if ONLY_PAGES:
            pages = [p for p in pages if any(w.lower() in p[0].lower() for w in ONLY_PAGES)] or pages[:1]
        for label, url in pages:
            expected, exceptions = settle(browser, url)
            row = {"page": label, "charts": expected, "load": [], "cpu": [], "filter": [], "filter_cpu": [], "unchanged": 0,
                   "exceptions": exceptions, "min_load": [], "min_filter": [], "failed": 0}
            for _ in range(repeats):
                m = load(browser, minimal.url, 1, minimal)
                a = load(browser, url, expected, app)
                if m.ready_ms == m.ready_ms:  # NaN: the load did not finish
                    row["min_load"].append(m.ready_ms)
                    result.minimal_load.append(m.ready_ms)
                    result.minimal_cpu.append(m.cpu_s)
                if a.ready_ms == a.ready_ms:
                    row["load"].append(a.ready_ms)
                    row["cpu"].append(a.cpu_s)
                    row["exceptions"] = max(row["exceptions"], a.exceptions)
                else:
                    row["failed"] += 1
            if FILTER_CHANGES:
                for _ in range(repeats):
                    mf = filter_change(browser, minimal.url, 1, minimal)
                    af = filter_change(browser, url, expected, app)
                    if mf:
                        row["min_filter"].append(mf.ms)
                        result.minimal_filter.append(mf.ms)
                        result.minimal_filter_cpu.append(mf.cpu_s)
                    if af:
                        row["filter"].append(af.ms)
                        row["filter_cpu"].append(af.cpu_s)
                        row["unchanged"] += not af.redrawn
            print(f"[{size}] {label}: {expected} charts, load {fmt(row['load'])} ms "
                  f"(minimal {fmt(row['min_load'])} ms, {row['failed']} failed), filter "
                  f"{median(row['filter']) if row['filter'] else float('nan'):.0f} ms "
                  f"(minimal {median(row['min_filter']) if row['min_filter'] else float('nan'):.0f} ms)", flush=True)
            result.pages.append(row)
        if with_concurrency:
            for _ in range(repeats):  # one session alone: the floor the concurrent figures compare with
                result.minimal_ws_single.append(ws_sessions(minimal, 1)["first"][0])
                result.ws_single.append(ws_sessions(app, 1)["first"][0])
            result.minimal_ws = ws_sessions(minimal, sessions)
            result.ws = ws_sessions(app, sessions)
            c = result.ws
            print(f"[{size}] {sessions} websocket sessions: first chart median {median(c['first']):.0f} ms, worst "
                  f"{max(c['first']):.0f} ms; errors {c['errors']} {c['error_text']}; minimal median "
                  f"{median(result.minimal_ws['first']):.0f} ms", flush=True)
        if with_concurrency and browser_sessions:
            home_expected = result.pages[0]["charts"] if result.pages else 1
            result.minimal_concurrent = concurrent(browser, minimal.url, 1, browser_sessions, minimal)
            result.concurrent = concurrent(browser, pages[0][1], home_expected, browser_sessions, app)
            c = result.concurrent
            print(f"[{size}] {browser_sessions} browser sessions: first chart median {median(c['first']):.0f} ms, worst "
                  f"{max(c['first']):.0f} ms; all charts median {median(c['ready']):.0f} ms, worst "
                  f"{max(c['ready']):.0f} ms; errors {c['errors']}", flush=True)
    return result


def fmt(values: list[float]) -> str:
    return f"{median(values):.0f}" if values else "—"


def ratio(values: list[float], base: list[float]) -> float | None:
    return median(values) / median(base) if values and base else None


def report(results: list[SizeResult], sessions: int, machine_before: str, machine_after: str, repeats: int) -> str:
    parts = [
        f"## App (`make bench-app`), corpus {', '.join(r.size for r in results)}",
        f"Started {machine_before}.  \nFinished {machine_after}.",
        "Headless Chromium (/usr/bin/chromium) through the playwright sync API; each page load in a fresh browser "
        "context (a new Streamlit session) on a warm server (tables already cached by a first visit). Times are "
        f"medians over {repeats} loads, measured in the page from navigation start to the first animation frame "
        "with every chart drawn and no script running. The minimal page (bench/minimal_app.py: one plotly bar chart, "
        "one sidebar multiselect) was measured alternately with each app page in the same run; ratios are app ÷ "
        "minimal. Filter change: pick 'NITO' in the sidebar organisation filter, time to the charts redrawn with new "
        "data (‡: the page's charts do not depend on the filter, or it has none: time to the finished rerun with every "
        "chart drawn); difference = app − minimal. Server CPU: psutil cpu_times of the server process per load / per "
        "rerun.",
    ]
    verdicts = []
    for r in results:
        rows = []
        large = r.size.isdigit() and int(r.size) >= 10_000
        limit = 2.0 if large else 1.3
        for p in r.pages:
            load_ratio = ratio(p["load"], p["min_load"])
            diff = (median(p["filter"]) - median(p["min_filter"])) if p["filter"] and p["min_filter"] else None
            rows.append([
                p["page"], p["charts"], fmt(p["load"]), fmt(p["min_load"]),
                f"{load_ratio:.2f}×" if load_ratio else "—",
                f"{median(p['cpu']):.2f}" if p["cpu"] else "—",
                fmt(p["filter"]) + (" ‡" if p["unchanged"] else ""), fmt(p["min_filter"]),
                f"{diff:+.0f}" if diff is not None else "—",
                f"{median(p['filter_cpu']):.2f}" if p["filter_cpu"] else "—", p["exceptions"], p["failed"],
            ])
            if load_ratio:
                verdicts.append(f"- {'MET' if load_ratio <= limit else 'MISSED'}: {r.size} page '{p['page']}' load "
                                f"{load_ratio:.2f}× minimal (target ≤ {limit}×)")
            if diff is not None:
                verdicts.append(f"- {'MET' if diff <= 1000 else 'MISSED'}: {r.size} page '{p['page']}' filter change "
                                f"{diff:+.0f} ms vs minimal rerun (target ≤ +1000 ms)")
        parts.append(f"### Corpus {r.size}\nFirst session after server start (loads the tables): "
                     f"{r.first_load_ms:.0f} ms to a finished first run. Minimal page overall: load {fmt(r.minimal_load)} ms, "
                     f"{median(r.minimal_cpu):.2f} s server CPU; filter rerun {fmt(r.minimal_filter)} ms, "
                     f"{median(r.minimal_filter_cpu) if r.minimal_filter_cpu else float('nan'):.2f} s server CPU.")
        parts.append(markdown_table(
            ["page", "charts", "load ms", "minimal ms", "ratio", "server CPU s/load", "filter ms", "minimal filter ms",
             "difference ms", "server CPU s/rerun", "exceptions", "loads not finished"], rows))
        if r.ws:
            c, m = r.ws, r.minimal_ws
            parts.append(
                f"{sessions} concurrent sessions at the websocket level: {sessions} asyncio clients (the `websockets` "
                "package) open `/_stcore/stream`, send a BackMsg rerun_script for the default page as a browser does, "
                "and read ForwardMsgs (streamlit.proto) until script_finished; 'first chart' = the first delta carrying "
                "a plotly_chart element (server-side time: no browser rendering). Errors = failed connections, "
                "exception elements, runs not finished successfully or without a chart. One session alone, median of "
                f"{len(r.ws_single)}: dashboard {fmt(r.ws_single)} ms, minimal {fmt(r.minimal_ws_single)} ms.\n\n"
                + markdown_table(
                    ["app", "first chart median ms", "first chart worst ms", "run finished median ms", "run finished worst ms",
                     "wall s", "server CPU s", "errors"],
                    [[f"dashboard ({r.size})", fmt(c["first"]), f"{max(c['first']):.0f}", fmt(c["ready"]),
                      f"{max(c['ready']):.0f}", f"{c['wall']:.1f}", f"{c['cpu']:.1f}", c["errors"]],
                     ["minimal page", fmt(m["first"]), f"{max(m['first']):.0f}", fmt(m["ready"]), f"{max(m['ready']):.0f}",
                      f"{m['wall']:.1f}", f"{m['cpu']:.1f}", m["errors"]]]))
            verdicts.append(f"- {'MET' if c['errors'] == 0 else 'MISSED'}: {sessions} concurrent websocket sessions at "
                            f"{r.size} without errors ({c['errors']} errors); first chart median {fmt(c['first'])} ms, "
                            f"worst {max(c['first']):.0f} ms ({median(c['first']) / median(m['first']):.2f}× the "
                            "minimal page's median under the same load)")
        if r.concurrent:
            c, m = r.concurrent, r.minimal_concurrent
            n = len(c["first"])
            parts.append(
                f"{n} concurrent browser sessions on the home page ({n} pages in {n} contexts of one "
                f"headless Chromium, navigated together; the browser's rendering shares the 2 cores with the server):\n\n"
                + markdown_table(
                    ["app", "first chart median ms", "first chart worst ms", "all charts median ms", "all charts worst ms",
                     "wall s", "server CPU s", "errors"],
                    [[f"dashboard ({r.size})", fmt(c["first"]), f"{max(c['first']):.0f}", fmt(c["ready"]),
                      f"{max(c['ready']):.0f}", f"{c['wall']:.1f}", f"{c['cpu']:.1f}", c["errors"]],
                     ["minimal page", fmt(m["first"]), f"{max(m['first']):.0f}", fmt(m["ready"]), f"{max(m['ready']):.0f}",
                      f"{m['wall']:.1f}", f"{m['cpu']:.1f}", m["errors"]]]))
            verdicts.append(f"- {'MET' if c['errors'] == 0 else 'MISSED'}: {n} concurrent browser sessions at {r.size} "
                            f"without errors ({c['errors']} errors); first chart median {fmt(c['first'])} ms, worst "
                            f"{max(c['first']):.0f} ms ({median(c['first']) / median(m['first']):.2f}× the minimal page's median)")
    parts.append("Targets:\n" + "\n".join(verdicts))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    global DASHBOARD, BUILD_FIRST, ONLY_PAGES, FILTER_CHANGES, CORPORA_DIR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["seed", "10000"])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent websocket sessions")
    parser.add_argument("--browser-sessions", type=int, default=0,
                        help="also N concurrent browser pages at the largest size (0: skip; slow on 2 cores)")
    parser.add_argument("--app", type=Path, default=DASHBOARD, help="entry script (default dashboard.py)")
    parser.add_argument("--corpora", type=Path, default=CORPORA,
                        help="folder holding one data directory per size (default bench/corpora)")
    parser.add_argument("--no-build", action="store_true", help="do not build the corpus tables first")
    parser.add_argument("--pages", nargs="+", default=[], help="only pages whose label contains one of these")
    parser.add_argument("--no-filter-change", action="store_true", help="skip the filter-change measurements")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    ONLY_PAGES, FILTER_CHANGES = args.pages, not args.no_filter_change
    DASHBOARD = args.app.resolve()
    BUILD_FIRST = not args.no_build
    CORPORA_DIR = args.corpora.resolve()
    missing = [s for s in args.sizes if not (CORPORA_DIR / s).is_dir()]
    if missing:
        raise SystemExit(f"no corpus {', '.join(missing)} in {CORPORA_DIR}")
    if not DASHBOARD.exists():
        raise SystemExit(f"{DASHBOARD} does not exist yet")
    from playwright.sync_api import sync_playwright

    print(machine_line(), flush=True)
    with sync_playwright() as pw, streamlit_server(MINIMAL, "minimal") as minimal:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            settle(browser, minimal.url)  # warm the minimal server once, like the app's first visit
            largest = max(args.sizes, key=lambda s: int(s) if s.isdigit() else 0)
            for size in args.sizes:
                # One section per corpus size, written as soon as it is measured.
                machine_before = machine_line()
                result = bench_size(browser, size, args.repeats, args.sessions, args.browser_sessions, minimal,
                                    with_concurrency=size == largest and args.sessions > 0)
                body = report([result], args.sessions, machine_before, machine_line(), args.repeats)
                print("\n" + body, flush=True)
                if not args.no_write:
                    write_section(f"app-{size}", body)
                    print(f"\nwrote the app-{size} section of bench/RESULTS.md", flush=True)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
