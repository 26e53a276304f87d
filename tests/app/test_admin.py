"""The admin area: closed without a login, opened by the right password only, never echoing it."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app import admin
from pipeline import schema

PASSWORD = "korrekt hest batteri stift"


def admin_page():
    """A page that draws only the admin area over two planted documents."""
    from types import SimpleNamespace

    import pandas as pd

    from app.admin import render_admin_area

    documents = pd.DataFrame(
        {
            "doc_id": ["nito-2024-meld-st-9", "tekna-2025-budsjett-helse", "ghost-2024"],
            "organisation": ["NITO", "Tekna", "Ghost"],
            "year": [2024, 2025, 2024],
            "date": [None, None, None],
            "date_basis": ["", "", ""],
            "doc_type": ["hearing_input", "budget_input", "other"],
            "title": ["NITOs innspill", "Teknas innspill", "Not in the manifest"],
        }
    )
    render_admin_area(SimpleNamespace(documents=documents), "nb")


@pytest.fixture
def app_test(data_copy, monkeypatch):
    monkeypatch.delenv(admin.PASSWORD_ENV, raising=False)
    return AppTest.from_function(admin_page, default_timeout=60)


def all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "info", "error", "warning", "success", "caption", "text", "subheader"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)


def test_closed_without_a_password_explains_how_to_enable(app_test):
    at = app_test.run()
    assert not at.exception
    info = " ".join(str(e.value) for e in at.info)
    assert "HORINGSRADAR_ADMIN_PASSWORD" in info and "admin_password" in info and "[auth]" in info
    assert not at.text_input  # no password box when there is nothing to compare with
    assert not at.tabs


def test_right_password_opens_the_area(app_test, monkeypatch):
    monkeypatch.setenv(admin.PASSWORD_ENV, PASSWORD)
    at = app_test.run()
    assert not at.tabs
    at.text_input(key="admin_password").input(PASSWORD)
    at.button(key="admin_login").click()
    at.run()
    assert not at.exception
    assert at.session_state["admin_password"] == ""  # the typed password is not kept
    assert [t.label for t in at.tabs] == ["Legg til", "Rett metadata", "Trekk tilbake / gjenopprett", "Ventende"]
    assert at.button(key="admin_logout")
    # the metadata form for correcting a document is filled from the selected document
    assert at.selectbox(key="admin_edit_doc").value == "ghost-2024"  # sorted by organisation
    at.selectbox(key="admin_edit_doc").set_value("tekna-2025-budsjett-helse")
    at.run()
    assert at.selectbox(key="admin_edit_org").value == "Tekna"
    assert at.number_input(key="admin_edit_year").value == 2025
    assert at.selectbox(key="admin_edit_doc_type").value == "budget_input"
    assert at.text_input(key="admin_edit_title").value == "Teknas innspill"
    assert "Ingen ventende opplastinger." in all_text(at)
    assert "Ingen tilbaketrukne dokumenter." in all_text(at)
    assert PASSWORD not in all_text(at)
    at.button(key="admin_logout").click()
    at.run()
    assert not at.tabs


def test_wrong_password_is_refused(app_test, monkeypatch):
    monkeypatch.setenv(admin.PASSWORD_ENV, PASSWORD)
    at = app_test.run()
    at.text_input(key="admin_password").input(PASSWORD + "x")
    at.button(key="admin_login").click()
    at.run()
    assert not at.tabs
    assert [e.value for e in at.error] == ["Feil passord."]
    assert at.session_state["admin_ok"] is False
    assert PASSWORD not in all_text(at)


def logged_in(app_test, monkeypatch) -> AppTest:
    monkeypatch.setenv(admin.PASSWORD_ENV, PASSWORD)
    at = app_test.run()
    at.text_input(key="admin_password").input(PASSWORD)
    at.button(key="admin_login").click()
    return at.run()


def test_pipeline_refusal_is_shown_as_one_line(app_test, monkeypatch):
    """Withdrawing a document the manifest does not list runs the real CLI and shows its message."""
    at = logged_in(app_test, monkeypatch)
    at.selectbox(key="admin_withdraw_doc").set_value("ghost-2024")
    at.checkbox(key="admin_withdraw_sure").check()
    at.run()
    at.button(key="admin_withdraw").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["doc_id 'ghost-2024' is not in the manifest."]


def test_password_from_secrets(app_test):
    app_test.secrets["admin_password"] = PASSWORD
    at = app_test.run()
    at.text_input(key="admin_password").input(PASSWORD)
    at.button(key="admin_login").click()
    at.run()
    assert len(at.tabs) == 4


def test_doc_types_mirror_the_schema():
    assert admin.DOC_TYPES == schema.DOC_TYPES


def test_password_comparison():
    assert admin.password_matches("æøå-123", "æøå-123")
    assert not admin.password_matches("æøå-123", "æøå-124")
    assert not admin.password_matches("", "x")


def test_progress_fraction_and_cli_arguments():
    assert admin.progress_fraction("documents", 0, 10) == pytest.approx(0.05)
    assert admin.progress_fraction("documents", 5, 10) == pytest.approx(0.30)
    assert admin.progress_fraction("topics", 0, 1) == pytest.approx(0.6)
    assert admin.progress_fraction("done", 1, 1) == 1.0
    assert admin.progress_fraction("something-new", 0, 1) == 0.0
    assert admin.metadata_args({"organisation": "NITO", "year": "2025", "date": "", "doc_type": "other"}) == [
        "--organisation", "NITO", "--year", "2025", "--doc-type", "other"
    ]
    assert admin.last_line("waiting …\nAdded x.pdf as nito-2025.\n\n") == "Added x.pdf as nito-2025."


def test_withdraw_runs_the_build_with_progress_and_reports(app_test, monkeypatch, data_copy):
    """The whole route: the app runs `withdraw --progress jsonl`, the build replaces the tables, the page says so."""
    import pandas as pd

    from pipeline import corpus, manifest
    from pipeline.config import paths

    at = logged_in(app_test, monkeypatch)
    at.selectbox(key="admin_withdraw_doc").set_value("nito-2024-meld-st-9")
    at.checkbox(key="admin_withdraw_sure").check()
    at.run()
    at.button(key="admin_withdraw").click()
    at.run(timeout=600)
    assert not at.exception
    assert "Dokumentsamlingen er oppdatert." in [e.value for e in at.success]
    p = paths(data_copy)
    assert "nito-2024-meld-st-9" not in set(manifest.read_manifest(p.manifest)["doc_id"])
    assert list(corpus.read_withdrawn(p)["doc_id"]) == ["nito-2024-meld-st-9"]
    documents = pd.read_parquet(p.processed / "documents.parquet")
    assert len(documents) == 4 and "nito-2024-meld-st-9" not in set(documents["doc_id"])
    # the archive is offered for restoring
    assert at.selectbox(key="admin_restore_doc").value == "nito-2024-meld-st-9"
