"""dashboard.py: navigation over all pages, shared URL-bound filters, language switch, data status messages."""
from __future__ import annotations

from datetime import datetime

import os
import shutil
import time
import tomllib

from streamlit.testing.v1 import AppTest

from app.data import current_data_status, data_status, load_tables
from app.state import Filters, filters_from
from app.i18n import CATALOGUE, LANGUAGES, text
from tests.app.conftest import DASHBOARD, TIMEOUT, open_page, shown

ALL_PAGES = ("overview", "themes", "topics", "keywords", "compare", "passages", "documents", "method")


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_every_page_is_in_the_navigation_and_renders(app):
    app.run()
    for page in ALL_PAGES:
        app.switch_page(f"pages/{page}.py")  # raises ValueError unless st.navigation registered the file
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])


def test_sidebar_filters_narrow_and_stay_set_across_pages(app):
    at = open_page(app, "overview", org=["NITO", "Tekna"])
    assert "Utvalg: 4 av 6 dokumenter" in captions(at)
    at.switch_page("pages/themes.py")
    at.run()
    assert at.sidebar.multiselect(key="org").value == ["NITO", "Tekna"]
    assert "Utvalg: 4 av 6 dokumenter" in captions(at)
    # Writing ?org= to the address bar happens in the browser (bind="query-params"): the e2e suite checks it.


def test_a_link_with_filters_opens_the_same_view(app):
    app.query_params["org"] = ["Tekna"]
    app.query_params["year"] = ["2024"]
    app.run()
    assert app.sidebar.multiselect(key="org").value == ["Tekna"]
    assert app.sidebar.multiselect(key="year").value == [2024]
    assert "Utvalg: 1 av 6 dokumenter" in captions(app)


def test_switching_language_keeps_the_filters(app):
    app.run()
    app.sidebar.multiselect(key="doc_type").set_value(["budget_input"])
    app.run()
    app.button_group(key="lang").set_value("en")
    app.run()
    assert app.sidebar.multiselect(key="doc_type").value == ["budget_input"]
    assert "Selection: 2 of 6 documents" in captions(app)
    assert [t.value for t in app.title][0] == "Overview"


def test_doc_types_are_named_from_the_catalogue(app):
    app.run()
    assert app.sidebar.multiselect(key="doc_type").options == [
        "Høringssvar", "Budsjettinnspill", "Innspill til høring eller utvalg", "Prinsipprogram"
    ]


def test_english_switch_changes_labels(app):
    app.query_params["lang"] = "English"  # bound widgets keep their shown label in the URL
    app.run()
    assert app.sidebar.multiselect(key="org").label == "Organisation"
    assert [t.value for t in app.title][0] == "Overview"
    assert "Selection: 6 of 6 documents" in captions(app)


def test_freshness_line_names_build_time_and_documents(app, fixture_data):
    app.run()
    built_at = datetime.fromisoformat(load_tables(fixture_data).build_info["built_at"])
    assert f"Data bygget {built_at:%d.%m.%Y kl. %H:%M} UTC fra 6 dokumenter." in captions(app)


def test_missing_tables_show_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("HORINGSRADAR_DATA", str(tmp_path))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT).run()
    assert not at.exception
    message = at.error[0].value
    # Plain words for the reader: no command, no file name (the operator's route is `make run`, in the README).
    assert message == text("data.missing")
    assert "python -m" not in message and "make run" not in message and ".parquet" not in message


def test_stale_tables_warn_and_still_show(tmp_path, fixture_data, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    (data / "raw").mkdir()
    newer = data / "raw" / "2026_nyorg_innspill.txt"
    newer.write_text("Nytt innspill.", encoding="utf-8")
    future = time.time() + 3600
    os.utime(newer, (future, future))
    monkeypatch.setenv("HORINGSRADAR_DATA", str(data))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert shown(at.warning[0].value) == text("data.stale")
    assert "2026_nyorg_innspill.txt" not in at.warning[0].value and "python -m" not in at.warning[0].value
    assert len(at.get("plotly_chart")) == 2  # the previous build is still shown


def test_data_status_states(tmp_path, fixture_data):
    assert data_status(tmp_path).state == "missing"
    assert data_status(fixture_data).state == "ok"
    data = tmp_path / "copy"
    shutil.copytree(fixture_data, data)
    (data / "themes.toml").write_text("# changed\n", encoding="utf-8")
    later = time.time() + 60
    os.utime(data / "themes.toml", (later, later))
    status = data_status(data)
    assert status.state == "stale" and status.newer_inputs == ("themes.toml",)
    assert shown(status.message("en")) == text("data.stale", "en")  # what changed is for the operator, not shown


def test_filters_describe_for_file_names():
    assert Filters().describe() == "all"
    chosen = filters_from(["Tekna", "NITO"], [2024], ["budget_input"])
    assert chosen.describe() == "org=NITO+Tekna_year=2024_type=budget_input"
    assert filters_from(["Fagforbundet/LO"]).describe() == "org=Fagforbundet-LO"


def test_no_catalogue_entry_hides_another():
    """A table with nb/en cannot also hold sub-tables: i18n would never find those keys."""
    with CATALOGUE.open("rb") as fh:
        raw = tomllib.load(fh)
    hidden = []

    def walk(prefix: str, node: dict) -> None:
        is_entry = any(isinstance(node.get(lang), str) for lang in LANGUAGES)
        for key, child in node.items():
            if isinstance(child, dict):
                if is_entry:
                    hidden.append(f"{prefix}.{key}")
                walk(f"{prefix}.{key}" if prefix else key, child)

    walk("", raw)
    assert hidden == []


def test_pages_stay_thin_and_the_app_imports_only_the_contract():
    """Pages hold no pandas wrangling; of the pipeline, the app imports exactly pipeline.schema and pipeline.config."""
    import re
    from pathlib import Path

    root = Path(DASHBOARD).parent
    thin = [root / "dashboard.py", *sorted((root / "pages").glob("*.py"))]
    wrangling = [f"{p.name}: {m.group(0)}" for p in thin
                 for m in re.finditer(r"\.(groupby|merge|pivot|pivot_table|melt)\(", p.read_text(encoding="utf-8"))]
    assert wrangling == []
    app_files = [*thin, *sorted((root / "app").rglob("*.py"))]
    imported = re.compile(r"^\s*(?:from|import)\s+(pipeline(?:\.\w+)*|sklearn|simplemma|wordfreq|pypdfium2|docx)\b",
                          re.MULTILINE)
    found = {(p.relative_to(root).as_posix(), m) for p in app_files for m in imported.findall(p.read_text(encoding="utf-8"))}
    assert {m for _, m in found} <= {"pipeline.schema", "pipeline.config"}, sorted(found)
    assert {m for _, m in found} == {"pipeline.schema", "pipeline.config"}  # the contract is used, not copied


def test_queries_load_without_streamlit():
    """app.queries and app.state are plain Python: importing them does not load Streamlit."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, app.queries.themes, app.queries.terms, app.queries.topics, app.queries.search, "
            "app.queries.documents, app.queries.method, app.state; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(DASHBOARD).parent)
    assert out.stdout.strip() == "False"


def test_current_status_sees_a_new_document_at_once(tmp_path, fixture_data, monkeypatch):
    # The app reuses the raw/ scan between reruns; adding a file changes raw/'s mtime, which drops the reuse.
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    (data / "raw").mkdir()
    monkeypatch.setenv("HORINGSRADAR_DATA", str(data))
    assert current_data_status().state == "ok"
    time.sleep(0.05)  # past the file system's timestamp granularity
    newer = data / "raw" / "2026_nyorg_innspill.txt"
    newer.write_text("Nytt innspill.", encoding="utf-8")
    future = time.time() + 3600
    os.utime(newer, (future, future))
    status = current_data_status()
    assert status.state == "stale" and status.newer_inputs == ("2026_nyorg_innspill.txt",)
