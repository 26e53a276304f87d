"""The admin area on the Documents page: closed without login; with a password, an uploaded PDF reaches the charts.

The upload test runs its own server over its own copy of the built data, so the shared corpus stays as it is.
"""
from __future__ import annotations

import re
import time

import pytest

from app.i18n import text
from tests.e2e.helpers import (
    ROOT, StreamlitServer, chart_data, copy_built, no_exception, open_page, read_built, read_csv_download, screenshot,
    wait_ready,
)

PASSWORD = "e2e-not-a-real-secret"
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "2025-10-10_legeforeningen_innspill-helsereformutvalget.pdf"
ORGANISATION = "Legeforeningen"
YEAR = 2025
BUILD_TIMEOUT_MS = 300_000


@pytest.fixture(scope="module")
def admin_server(built, tmp_path_factory):
    """A server with an admin password over a private copy of the built data directory."""
    data_dir = copy_built(built.data_dir, tmp_path_factory.mktemp("admin") / "data")
    srv = StreamlitServer(data_dir, tmp_path_factory.mktemp("admin_logs"),
                          extra_env={"HORINGSRADAR_ADMIN_PASSWORD": PASSWORD})
    yield srv
    srv.stop()


def admin_heading(page):
    return page.get_by_role("heading", name=text("admin.title", "nb"))


def test_admin_area_closed_without_a_password(page, server):
    open_page(page, server, "documents")
    no_exception(page)
    admin_heading(page).wait_for()
    page.get_by_text("HORINGSRADAR_ADMIN_PASSWORD").first.wait_for()
    wait_ready(page)
    for key in ("admin_password", "admin_upload", "admin_confirm"):
        assert page.locator(f".st-key-{key}").count() == 0, key


def test_admin_area_closed_until_logged_in(page, admin_server):
    open_page(page, admin_server, "documents")
    no_exception(page)
    admin_heading(page).wait_for()
    # the heading can arrive a moment before the rest of the area: wait for the field, then count
    page.locator(".st-key-admin_password input[type=password]").wait_for()
    wait_ready(page)
    assert page.locator(".st-key-admin_password input[type=password]").count() == 1
    assert page.locator(".st-key-admin_upload").count() == 0
    page.locator(".st-key-admin_password input").fill("wrong")
    page.locator(".st-key-admin_login button").click()
    page.get_by_text(text("admin.login.wrong", "nb")).wait_for()
    wait_ready(page)
    assert page.locator(".st-key-admin_upload").count() == 0


def test_upload_reaches_the_overview_and_search(page, admin_server):
    before = read_built(admin_server.data_dir)
    assert ORGANISATION not in set(before.documents["organisation"])

    open_page(page, admin_server, "documents")
    page.locator(".st-key-admin_password input").fill(PASSWORD)
    page.locator(".st-key-admin_login button").click()
    page.locator(".st-key-admin_upload").wait_for()
    wait_ready(page)
    page.locator(".st-key-admin_upload input[type=file]").set_input_files(str(SAMPLE))
    # The preview runs the pipeline's reader in a child process; the form appears with its guesses.
    page.locator(".st-key-admin_confirm button").wait_for(timeout=120_000)
    wait_ready(page)
    no_exception(page)
    assert page.locator(".st-key-admin_org input").input_value() == ORGANISATION
    assert page.locator(".st-key-admin_year input").input_value() == str(YEAR)
    screenshot(page, "admin_preview")

    started = time.perf_counter()
    page.locator(".st-key-admin_confirm button").click()
    # When the build is done the app opens the updated Overview; wait for the new column in its heatmap.
    page.locator(".st-key-overview_heatmap .main-svg").first.wait_for(timeout=BUILD_TIMEOUT_MS)
    deadline = time.monotonic() + BUILD_TIMEOUT_MS / 1000
    columns: list[str] = []
    while time.monotonic() < deadline:
        heatmap = [t for t in chart_data(page, "overview_heatmap") if t["type"] == "heatmap"]
        columns = [str(x) for x in heatmap[0]["x"]] if heatmap else []
        if ORGANISATION in columns:
            break
        page.wait_for_timeout(250)
    seconds = time.perf_counter() - started
    print(f"\n[e2e] upload: confirm -> updated Overview chart in {seconds:.1f}s")
    assert ORGANISATION in columns
    no_exception(page)
    screenshot(page, "admin_overview_after_upload")

    after = read_built(admin_server.data_dir)
    new_docs = after.documents.loc[after.documents["organisation"] == ORGANISATION]
    assert len(new_docs) == 1 and int(new_docs["year"].iloc[0]) == YEAR
    assert len(after.documents) == len(before.documents) + 1
    # The heatmap's Legeforeningen column is the new document's share of passages per theme.
    heatmap = [t for t in chart_data(page, "overview_heatmap") if t["type"] == "heatmap"][0]
    analysed = after.passages.loc[(after.passages["doc_id"] == new_docs["doc_id"].iloc[0])
                                  & (after.passages["kind"] == "body")]
    tags = after.passage_themes.loc[after.passage_themes["passage_id"].isin(analysed["passage_id"])]
    labels = dict(zip(after.themes["label_nb"], after.themes["theme_id"]))
    column = [str(x) for x in heatmap["x"]].index(ORGANISATION)
    for label, row in zip(heatmap["y"], heatmap["z"]):
        share = tags.loc[tags["theme_id"] == labels[str(label)], "passage_id"].nunique() / len(analysed)
        assert row[column] == pytest.approx(share, abs=1e-9), label

    done = page.get_by_text(text("admin.done", "nb"))
    if not done.count():
        # The success notice waits in the session for the Documents page (same session: use the nav link).
        page.locator('[data-testid="stSidebarNavLink"]', has_text=text("nav.documents", "nb")).click()
        admin_heading(page).wait_for()
        wait_ready(page)
    assert done.count() == 1

    # Its passages are found in Search: a word from one of them finds that passage, by Legeforeningen.
    passage = analysed.sort_values("n_words", ascending=False).iloc[0]
    word = max(re.findall(r"[a-zæøå]{6,}", str(passage["text"]).lower()), key=len)
    open_page(page, admin_server, "passages", q=word)
    no_exception(page)
    try:
        page.locator(".hr-meta", has_text=f"{ORGANISATION} · {YEAR}").first.wait_for(timeout=15_000)
    finally:
        screenshot(page, "admin_search_after_upload")
    with page.expect_download() as download:
        page.locator(".st-key-search__csv button").click()
    _, hits = read_csv_download(download.value, ["passage_id", "organisation"])
    assert passage["passage_id"] in set(hits["passage_id"])
    assert ORGANISATION in set(hits["organisation"])
