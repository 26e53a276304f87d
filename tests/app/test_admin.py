"""The admin area: closed without a login, opened by the right password only, never echoing it."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app.admin import forms, login, pipeline_client
from tests.app.conftest import shown

PASSWORD = "korrekt hest batteri stift"


def admin_page():
    """A page that draws only the admin area over two planted documents."""
    from types import SimpleNamespace

    import pandas as pd

    from app.admin.forms import render_admin_area

    documents = pd.DataFrame(
        {
            "doc_id": ["nito-2024-meld-st-9", "tekna-2025-budsjett-helse", "ghost-2024"],
            "organisation": ["NITO", "Tekna", "Ghost"],
            "year": [2024, 2025, 2024],
            "date": [None, None, None],
            "date_basis": ["", "", ""],
            "doc_type": ["hearing_input", "budget_input", "other"],
            "title": ["NITOs innspill", "Teknas innspill", "Not in the manifest"],
            "language": ["nb", "nb", "nb"],
            "detected_language": ["nb", "nn", "nb"],  # Tekna's language was set by hand over the detected one
        }
    )
    render_admin_area(SimpleNamespace(documents=documents), "nb")


@pytest.fixture
def app_test(data_copy, monkeypatch):
    monkeypatch.delenv(login.PASSWORD_ENV, raising=False)
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
    # The settings are named in words; no file path or config syntax in the reader's UI.
    assert "HORINGSRADAR_ADMIN_PASSWORD" in info and "admin_password" in info and "Streamlit" in info
    assert "secrets.toml" not in info and "[auth]" not in info
    assert not at.text_input  # no password box when there is nothing to compare with
    assert not at.tabs


def test_right_password_opens_the_area(app_test, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
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
    # the language set by hand is kept, and the form says what the text gave
    assert at.selectbox(key="admin_edit_language").value == "nb"
    assert "Språk funnet i teksten: nynorsk." in all_text(at)
    at.selectbox(key="admin_edit_doc").set_value("nito-2024-meld-st-9")
    at.run()
    assert at.selectbox(key="admin_edit_language").value == ""  # the detected language: keep detecting
    assert "Ingen ventende opplastinger." in all_text(at)
    assert "Ingen tilbaketrukne dokumenter." in all_text(at)
    assert PASSWORD not in all_text(at)
    at.button(key="admin_logout").click()
    at.run()
    assert not at.tabs


def test_wrong_password_is_refused(app_test, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
    at = app_test.run()
    at.text_input(key="admin_password").input(PASSWORD + "x")
    at.button(key="admin_login").click()
    at.run()
    assert not at.tabs
    assert [e.value for e in at.error] == ["Feil passord."]
    assert at.session_state["admin_ok"] is False
    assert PASSWORD not in all_text(at)


def logged_in(app_test, monkeypatch) -> AppTest:
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
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
    assert [shown(e.value) for e in at.error] == ["doc_id 'ghost-2024' is not in the manifest."]


def test_password_from_secrets(app_test):
    app_test.secrets["admin_password"] = PASSWORD
    at = app_test.run()
    at.text_input(key="admin_password").input(PASSWORD)
    at.button(key="admin_login").click()
    at.run()
    assert len(at.tabs) == 4


def test_password_comparison():
    assert login.password_matches("æøå-123", "æøå-123")
    assert not login.password_matches("æøå-123", "æøå-124")
    assert not login.password_matches("", "x")


def test_progress_fraction_and_cli_arguments():
    assert pipeline_client.progress_fraction("documents", 0, 10) == pytest.approx(0.05)
    assert pipeline_client.progress_fraction("documents", 5, 10) == pytest.approx(0.30)
    assert pipeline_client.progress_fraction("topics", 0, 1) == pytest.approx(0.6)
    assert pipeline_client.progress_fraction("done", 1, 1) == 1.0
    assert pipeline_client.progress_fraction("something-new", 0, 1) == 0.0
    assert forms.metadata_args({"organisation": "NITO", "year": "2025", "date": "", "doc_type": "other"}) == [
        "--organisation=NITO", "--year=2025", "--doc-type=other"
    ]
    # a value that starts with "-" stays a value; a positional one comes after "--"
    assert forms.metadata_args({"title": "-Innspill"}) == ["--title=-Innspill"]
    # the language is always passed: empty means "detect it from the text" (clears a language set by hand)
    assert forms.metadata_args({"title": "T", "language": ""}) == ["--title=T", "--language="]
    assert forms.metadata_args({"language": "nn"}) == ["--language=nn"]
    assert pipeline_client.pipeline_command("add", "--name=-dash.txt", positional=["/tmp/x"])[-4:] == [
        "add", "--name=-dash.txt", "--", "/tmp/x"]
    assert pipeline_client.last_line("waiting …\nAdded x.pdf as nito-2025.\n\n") == "Added x.pdf as nito-2025."


def test_progress_events_are_read_from_json_lines():
    event = pipeline_client.parse_event('{"stage": "documents", "done": 5, "total": 10}')
    assert event == pipeline_client.ProgressEvent("documents", 5, 10)
    assert event.fraction == pytest.approx(0.30)
    assert pipeline_client.parse_event('{"stage": "waiting", "done": 0, "total": 0}').stage == pipeline_client.WAITING
    assert pipeline_client.parse_event("Another build or corpus change is running; waiting …") is None
    assert pipeline_client.parse_event("[1, 2]") is None


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


# --- S1: OIDC admits listed e-mails only; S2: password attempts are limited server-wide -------------------


def test_email_allow_list_is_case_insensitive_and_fails_closed():
    assert login.email_allowed("Ola.Nordmann@Example.no", ["ola.nordmann@example.no"])
    assert login.email_allowed(" ola@x.no ", "OLA@X.NO")
    assert not login.email_allowed("mallory@x.no", ["ola@x.no"])
    assert not login.email_allowed("", ["ola@x.no"])
    assert not login.email_allowed("ola@x.no", [])


def oidc_page():
    from types import SimpleNamespace

    import pandas as pd
    import streamlit as st

    from app.admin import forms, login

    secrets = st.session_state.get("fake_secrets", {})
    saved = login._secret, st.user
    login._secret = secrets.get  # a logged-in OIDC user, as st.user shows one
    st.user = SimpleNamespace(is_logged_in=True, get=lambda key, default=None: {"email": "Anyone@Example.no"}.get(key, default))
    try:
        forms.render_admin_area(SimpleNamespace(documents=pd.DataFrame(columns=["doc_id", "organisation", "year", "title"])), "nb")
    finally:
        login._secret, st.user = saved


@pytest.mark.parametrize("emails, opens", [(None, False), ([], False), (["someone@else.no"], False),
                                           (["anyone@example.no"], True)])
def test_oidc_login_opens_only_for_listed_emails(data_copy, emails, opens):
    at = AppTest.from_function(oidc_page, default_timeout=60)
    at.session_state["fake_secrets"] = {"auth": {"provider": "x"}, **({"admin_emails": emails} if emails is not None else {})}
    at.run()
    assert not at.exception, at.exception
    assert bool(at.tabs) is opens
    if not emails:
        assert "admin_emails" in " ".join(str(w.value) for w in at.warning)  # the operator is told what to set


def test_lockout_backs_off_exponentially_and_a_right_password_clears_it():
    from app import lockout

    assert [lockout.lock_seconds(n) for n in range(1, 7)] == [0, 0, 5, 10, 20, 40]
    assert lockout.lock_seconds(100) == lockout.MAX_LOCK_SECONDS
    state = lockout.Attempts()
    for _ in range(3):
        state = lockout.after_attempt(state, False, now=1000.0)
    assert lockout.wait_seconds(state, 1000.0) == 5 and lockout.wait_seconds(state, 1005.0) == 0
    assert lockout.after_attempt(state, True, now=1006.0) == lockout.Attempts()


def test_lockout_is_shared_by_sessions_and_survives_a_restart(tmp_path, caplog):
    """Two limiters on one data directory (two sessions, or a restarted server) count the same failures."""
    from app import lockout

    now = [1000.0]
    first, second = lockout.Limiter(tmp_path, clock=lambda: now[0]), lockout.Limiter(tmp_path, clock=lambda: now[0])
    checked = []

    def wrong():
        checked.append(1)
        return False

    with caplog.at_level("WARNING", logger="horingsradar.admin"):
        assert first.attempt(wrong) == (False, 0)
        assert second.attempt(wrong) == (False, 0)
        assert first.attempt(wrong) == (False, 5)
    ok, wait = second.attempt(lambda: True)  # the right password, but the lock holds: not even checked
    assert (ok, wait) == (False, 5) and len(checked) == 3
    assert "wrong passwords in a row" in caplog.text and PASSWORD not in caplog.text
    now[0] += 5
    restarted = lockout.Limiter(tmp_path, clock=lambda: now[0])
    assert restarted.attempt(lambda: True) == (True, 0)
    assert restarted.wait() == 0


def test_fifty_parallel_guesses_are_counted_one_by_one(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from app import lockout

    limiter = lockout.Limiter(tmp_path)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: limiter.attempt(lambda: False)[0], range(50)))
    assert not any(results)
    assert lockout._read(limiter.path).failures == lockout.FREE_FAILURES  # the rest were refused unchecked


def test_the_login_form_locks_after_three_wrong_passwords(app_test, monkeypatch):
    monkeypatch.setenv(login.PASSWORD_ENV, PASSWORD)
    at = app_test.run()
    for guess in ("a", "b", "c", PASSWORD):
        at.text_input(key="admin_password").input(guess)
        at.button(key="admin_login").click()
        at.run()
    assert not at.tabs  # the right password came while locked
    assert "For mange feil passord" in " ".join(str(e.value) for e in at.error)


def preview_page(preview: dict) -> None:
    from app.admin.forms import metadata_form, preview_details

    metadata_form("admin", ["Testforeningen"], "nb", detected=preview["language"])
    preview_details(preview, "nb")


def test_the_upload_preview_shows_the_cp1252_note_and_the_detected_language(tmp_path):
    """A Windows-1252 file in Nynorsk (a real excerpt): the form says it was read as cp1252 and found Nynorsk."""
    from pipeline.corpus import preview_document

    path = tmp_path / "innspel.txt"
    path.write_bytes(("Innspel til helsereformutvalet\n\nDen demografiske utviklinga med fleire eldre i ei tid der "
                      "tilgangen på arbeidskraft ikkje aukar gjev nye utfordringar for helsetenestene. For å møte dette "
                      "må vi ha ei robust kommunehelseteneste som kan gje innbyggarane dei tenestene dei treng.\n")
                     .encode("cp1252"))
    preview = preview_document(path).to_json()
    assert preview["language"] == "nn"
    at = AppTest.from_function(preview_page, args=(preview,), default_timeout=60).run()
    assert not at.exception
    assert any("cp1252" in shown(w.value) for w in at.warning)
    assert "Språk funnet i teksten: nynorsk." in all_text(at)
    assert at.selectbox(key="admin_language").value == ""  # detect it, unless the admin chooses
