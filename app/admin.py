"""Admin area of the Documents page: add, correct, withdraw and restore documents.

Viewing is open; changing the corpus needs a login: Streamlit's OIDC login when an [auth]
section is in the secrets, else a password from HORINGSRADAR_ADMIN_PASSWORD or the secret
`admin_password`. Without either the area stays closed and says how to open it.

The app never imports the pipeline: every change runs `python -m pipeline …` as a child
process (cwd = project root, same environment, so HORINGSRADAR_DATA carries over) and shows
its one-line message. Builds report progress as JSON lines on stdout.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import streamlit as st

from app.components import NOTICE_KEY, show_notice
from app.escape import markdown
from app.i18n import text
from app.lockout import Limiter
from app.sidebar import doc_type_label
from pipeline.config import PROJECT_ROOT as ROOT
from pipeline.config import data_dir as active_data_dir
from pipeline.schema import DOC_TYPES
PASSWORD_ENV = "HORINGSRADAR_ADMIN_PASSWORD"
PASSWORD_SECRET = "admin_password"
UPLOAD_TYPES = ("pdf", "docx", "txt")
#: The pipeline stops a slow parse itself (HORINGSRADAR_PARSE_TIMEOUT_S); this only backs it up.
PREVIEW_TIMEOUT_S = 180
#: Where each build stage starts on the progress bar; "documents" fills the first half by count.
STAGE_START = {"checking": 0.0, "adding": 0.04, "documents": 0.05, "themes": 0.55, "topics": 0.6,
               "trends": 0.85, "search": 0.9, "write": 0.95, "done": 1.0}


# --- who may change the corpus ----------------------------------------------------------------


def _secret(key: str):
    """A value from st.secrets, or None when there is no secrets file or no such key."""
    try:
        return st.secrets.get(key)
    except Exception:  # no secrets.toml at all raises; that just means "not configured"
        return None


def admin_password() -> str | None:
    """The configured admin password (environment first, then secrets); None if unset or empty."""
    value = os.environ.get(PASSWORD_ENV) or _secret(PASSWORD_SECRET)
    return str(value) if value else None


def oidc_configured() -> bool:
    """Whether Streamlit's built-in login (an [auth] section in secrets) is set up."""
    return bool(_secret("auth"))


def password_matches(entered: str, expected: str) -> bool:
    """Constant-time comparison of two passwords."""
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def _check_password() -> None:
    expected = admin_password() or ""
    entered = st.session_state.get("admin_password", "")
    st.session_state["admin_password"] = ""  # the typed password is not kept in the session
    ok, _ = Limiter(active_data_dir()).attempt(lambda: bool(expected) and password_matches(entered, expected))
    st.session_state["admin_ok"] = ok
    st.session_state["admin_login_failed"] = not ok


def email_allowed(email: str, allowed) -> bool:
    """Whether email is on the admin_emails list (compared without case or surrounding spaces)."""
    wanted = email.strip().casefold()
    names = [allowed] if isinstance(allowed, str) else list(allowed)
    return bool(wanted) and wanted in {str(a).strip().casefold() for a in names}


def _logout() -> None:
    st.session_state["admin_ok"] = False


def is_admin(lang: str) -> bool:
    """Draw the login (or the explanation why the area is closed); True when the user may change the corpus."""
    if oidc_configured():
        if not st.user.is_logged_in:
            st.button(text("admin.login.oidc", lang), key="admin_oidc_login", on_click=st.login)
            return False
        allowed = _secret("admin_emails")
        if not allowed:  # fails closed: a login proves who someone is, not that they may change the corpus
            st.warning(text("admin.login.no_allow_list", lang))
            return False
        email = str(st.user.get("email") or "")
        if not email_allowed(email, allowed):
            st.warning(text("admin.login.not_allowed", lang, email=markdown(email or "?")))
            return False
        st.button(text("admin.login.logout", lang), key="admin_logout", on_click=st.logout)
        return True
    if admin_password() is None:
        st.info(text("admin.closed", lang, env=PASSWORD_ENV, secret=PASSWORD_SECRET))
        return False
    if st.session_state.get("admin_ok"):
        st.button(text("admin.login.logout", lang), key="admin_logout", on_click=_logout)
        return True
    st.text_input(text("admin.login.password", lang), type="password", key="admin_password")
    st.button(text("admin.login.submit", lang), key="admin_login", on_click=_check_password)
    wait = Limiter(active_data_dir()).wait()
    if wait > 0:
        st.error(text("admin.login.locked", lang, seconds=int(wait) + 1))
    elif st.session_state.get("admin_login_failed"):
        st.error(text("admin.login.wrong", lang))
    return False


# --- running the pipeline ---------------------------------------------------------------------


def pipeline_command(command: str, *options: str, positional: Sequence[str] = ()) -> list[str]:
    """argv for `python -m pipeline COMMAND OPTIONS -- POSITIONAL` with this interpreter.

    Options carry their values as --opt=value and positional values come after "--", so a value that starts
    with "-" (a file named "-dash.txt", a title "-Innspill") is never taken for an option.
    """
    return [sys.executable, "-m", "pipeline", command, *options, *(["--", *positional] if positional else [])]


def run_pipeline(command: str, *options: str, positional: Sequence[str] = (), timeout: float | None = None
                 ) -> subprocess.CompletedProcess:
    """Run a pipeline command to the end (cwd = project root, same environment)."""
    return subprocess.run(
        pipeline_command(command, *options, positional=positional), cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=timeout
    )


def _raw_stamp() -> tuple:
    """Modification times of the folders a corpus listing depends on: a change there is a new cache key."""
    raw = active_data_dir() / "raw"
    return tuple((str(d), d.stat().st_mtime_ns if d.exists() else 0) for d in (raw, raw / "withdrawn", raw / "pending"))


@st.cache_data(max_entries=16, show_spinner=False)
def corpus_listing(command: str, stamp: tuple) -> list[dict]:
    """`python -m pipeline <command> --json` (withdrawn or pending), run again only when the folders change."""
    done = run_pipeline(command, "--json", timeout=60)
    return json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else []


def last_line(stderr: str) -> str:
    """The last non-empty line of a command's stderr: its one-line message."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def progress_fraction(stage: str, done: int, total: int) -> float:
    """Where the bar stands for one progress line of `--progress jsonl`."""
    start = STAGE_START.get(stage, 0.0)
    if stage == "documents" and total:
        return start + (STAGE_START["themes"] - start) * min(done / total, 1.0)
    return start


def _lines(process: subprocess.Popen) -> Iterator[tuple[str, str]]:
    """("out"|"err", line) from both pipes as they come, without blocking on either."""
    selector = selectors.DefaultSelector()
    buffers = {}
    for name, pipe in (("out", process.stdout), ("err", process.stderr)):
        os.set_blocking(pipe.fileno(), False)
        selector.register(pipe, selectors.EVENT_READ, name)
        buffers[name] = b""
    while selector.get_map():
        for key, _ in selector.select(timeout=1.0):
            chunk = os.read(key.fileobj.fileno(), 65536)
            name = key.data
            if not chunk:
                selector.unregister(key.fileobj)
                if buffers[name]:
                    yield name, buffers[name].decode("utf-8", "replace")
                continue
            buffers[name] += chunk
            *complete, buffers[name] = buffers[name].split(b"\n")
            for line in complete:
                yield name, line.decode("utf-8", "replace")
    selector.close()


def _stage_name(stage: str, lang: str) -> str:
    try:
        return text(f"admin.stage.{stage}", lang)
    except KeyError:  # a stage the pipeline added later: show its own name
        return stage


def run_with_progress(args: Sequence[str], lang: str, positional: Sequence[str] = ()) -> tuple[bool, str]:
    """Run a pipeline command with `--progress jsonl` inside st.status; returns (ok, its last message)."""
    with st.status(text("admin.progress.running", lang), expanded=True) as status:
        bar = st.progress(0.0, text=text("admin.progress.starting", lang))
        note = st.empty()
        messages: list[str] = []
        process = subprocess.Popen(
            pipeline_command(args[0], *args[1:], "--progress=jsonl", positional=positional), cwd=ROOT, env=dict(os.environ),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for stream, line in _lines(process):
            if stream == "err":
                if line.strip():
                    messages.append(line.strip())
                    if "waiting" in line:
                        note.info(text("admin.progress.waiting", lang))
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            note.empty()
            label = text("admin.progress.stage", lang, stage=_stage_name(event.get("stage", ""), lang),
                         done=event.get("done", 0), total=event.get("total", 0))
            bar.progress(progress_fraction(event.get("stage", ""), event.get("done", 0), event.get("total", 0)), text=label)
        ok = process.wait() == 0
        message = messages[-1] if messages else ""
        status.update(label=message or text("admin.progress.finished", lang), state="complete" if ok else "error",
                      expanded=not ok)
    return ok, message


def _finish(lang: str) -> None:
    """After a successful change: drop cached tables and show the updated Overview."""
    st.cache_data.clear()
    st.cache_resource.clear()
    st.session_state[NOTICE_KEY] = text("admin.done", lang)
    try:
        st.switch_page("pages/overview.py")
    except Exception:  # e.g. the page is not registered in this app (tests); stay here
        st.rerun()


# --- forms ------------------------------------------------------------------------------------


def _doc_type_label(lang: str) -> Callable[[str], str]:
    return lambda value: doc_type_label(value, lang)


def _set_defaults(prefix: str, values: Mapping[str, object]) -> None:
    """Pre-fill the form's widgets (only before they are drawn in this run)."""
    for field, value in values.items():
        st.session_state[f"{prefix}_{field}"] = value


def _form_values(meta: Mapping[str, str], organisations: Sequence[str]) -> dict[str, object]:
    """Widget values from manifest-style metadata strings."""
    year = meta.get("year") or ""
    date = meta.get("date") or ""
    try:
        date_value = dt.date.fromisoformat(date) if date else None
    except ValueError:
        date_value = None
    org = meta.get("organisation") or ""
    return {
        "org": org if org in organisations else (organisations[0] if organisations else ""),
        "year": int(year) if year.isdigit() else dt.date.today().year,
        "date": date_value,
        "date_basis": meta.get("date_basis") or "",
        "doc_type": meta.get("doc_type") if meta.get("doc_type") in DOC_TYPES else "other",
        "title": meta.get("title") or "",
    }


def metadata_form(prefix: str, organisations: Sequence[str], lang: str) -> dict[str, str]:
    """Organisation (existing or new), year, date, date basis, type, title; keys "<prefix>_org" etc."""
    new = text("admin.org.new", lang)
    if st.session_state.get(f"{prefix}_org") not in [*organisations, new]:
        st.session_state[f"{prefix}_org"] = new
    choice = st.selectbox(text("admin.field.organisation", lang), [*organisations, new], key=f"{prefix}_org")
    organisation = choice
    if choice == new:
        organisation = st.text_input(text("admin.field.organisation_new", lang), key=f"{prefix}_org_new").strip()
    left, right = st.columns(2)
    year = left.number_input(text("admin.field.year", lang), min_value=1990, max_value=2100, step=1, key=f"{prefix}_year")
    date = right.date_input(text("admin.field.date", lang), value=None, min_value=dt.date(1990, 1, 1),
                            max_value=dt.date(2100, 12, 31), key=f"{prefix}_date", format="YYYY-MM-DD")
    date_basis = st.text_input(text("admin.field.date_basis", lang), key=f"{prefix}_date_basis")
    doc_type = st.selectbox(text("admin.field.doc_type", lang), DOC_TYPES, format_func=_doc_type_label(lang),
                            key=f"{prefix}_doc_type")
    title = st.text_input(text("admin.field.title", lang), key=f"{prefix}_title")
    return {
        "organisation": organisation,
        "year": str(int(year)),
        "date": date.isoformat() if date else "",
        "date_basis": date_basis.strip(),
        "doc_type": doc_type,
        "title": title.strip(),
    }


def metadata_args(meta: Mapping[str, str]) -> list[str]:
    """CLI options for the given metadata (empty values left out)."""
    args = []
    for field in ("organisation", "year", "date", "date_basis", "doc_type", "title"):
        if meta.get(field):
            args.append(f"--{field.replace('_', '-')}={meta[field]}")  # one token: a value may start with "-"
    return args


def _organisations(tables, extra: Sequence[str] = ()) -> list[str]:
    documents = getattr(tables, "documents", None)
    known = set(documents["organisation"].dropna().astype(str)) if documents is not None and len(documents) else set()
    return sorted(known | {o for o in extra if o})


# --- the area ---------------------------------------------------------------------------------


def render_admin_area(tables, lang: str) -> None:
    """The admin part of the Documents page (closed unless logged in)."""
    st.divider()
    st.subheader(text("admin.title", lang))
    show_notice()  # when the change could not switch to the Overview
    if not is_admin(lang):
        return
    add_tab, edit_tab, withdraw_tab, pending_tab = st.tabs(
        [text("admin.tab.add", lang), text("admin.tab.edit", lang), text("admin.tab.withdraw", lang),
         text("admin.tab.pending", lang)]
    )
    with add_tab:
        _add_section(tables, lang)
    with edit_tab:
        _edit_section(tables, lang)
    with withdraw_tab:
        _withdraw_section(tables, lang)
    with pending_tab:
        _pending_section(tables, lang)


def _upload_id(upload) -> str:
    return f"{upload.file_id}:{upload.name}:{upload.size}"


def _stage_upload(upload) -> Path:
    """Write an upload to a private temporary file (its original name goes to the pipeline as --name)."""
    suffix = Path(upload.name).suffix.lower()
    folder = Path(tempfile.mkdtemp(prefix="horingsradar-upload-"))
    path = folder / f"upload{suffix if suffix[1:] in UPLOAD_TYPES else '.bin'}"
    path.write_bytes(upload.getvalue())
    return path


def _preview(upload) -> dict:
    """Preview of one upload, cached in the session: {"path", "preview"} or {"path", "error"}."""
    cache = st.session_state.setdefault("admin_previews", {})
    key = _upload_id(upload)
    if key not in cache:
        path = _stage_upload(upload)
        try:
            done = run_pipeline("preview", f"--name={upload.name}", "--json", positional=[str(path)],
                                timeout=PREVIEW_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            cache[key] = {"path": str(path), "error": f"{upload.name}: took too long to read."}
        else:
            if done.returncode == 0:
                cache[key] = {"path": str(path), "preview": json.loads(done.stdout)}
            else:
                cache[key] = {"path": str(path), "error": last_line(done.stderr) or f"{upload.name}: could not be read."}
    return cache[key]


def _add_section(tables, lang: str) -> None:
    uploads = st.file_uploader(text("admin.upload.label", lang), type=list(UPLOAD_TYPES), accept_multiple_files=True,
                               key="admin_upload")
    done = st.session_state.setdefault("admin_added", set())
    queue = [u for u in uploads or [] if _upload_id(u) not in done]
    if not queue:
        st.caption(text("admin.upload.help", lang))
        return
    upload = queue[0]
    if len(queue) > 1:
        st.caption(text("admin.upload.queue", lang, n=len(queue)))
    st.markdown(f"**{text('admin.upload.current', lang)}** {markdown(upload.name)}")
    with st.spinner(text("admin.preview.reading", lang)):
        result = _preview(upload)
    if "error" in result:
        st.error(markdown(result["error"]))
        return
    preview = result["preview"]
    suggested = preview.get("suggested", {})
    organisations = _organisations(tables, [suggested.get("organisation", "")])
    if st.session_state.get("admin_current") != _upload_id(upload):
        st.session_state["admin_current"] = _upload_id(upload)
        _set_defaults("admin", _form_values(suggested, organisations))
    meta = metadata_form("admin", organisations, lang)
    _evidence_caption(preview, lang)
    allow_near_duplicate = _near_duplicate_confirm(preview, _upload_id(upload), lang)
    with st.expander(text("admin.preview.title", lang, pages=preview["n_pages"], passages=preview["n_passages"],
                          words=preview["n_words"]), expanded=True):
        for warning in preview.get("warnings", []):
            st.warning(markdown(warning))
        st.markdown(f"**{text('admin.preview.sections', lang)}**")
        st.text("\n".join(f"• {s}" for s in preview["sections"]) or text("admin.preview.no_sections", lang))
        st.markdown(f"**{text('admin.preview.text', lang)}**")
        st.text(preview["text_start"])
    if st.button(text("admin.confirm", lang), key="admin_confirm", type="primary"):
        if not meta["organisation"]:
            st.error(text("admin.org.missing", lang))
            return
        if preview.get("near_duplicates") and not allow_near_duplicate:
            st.error(text("admin.near_duplicate.unconfirmed", lang))
            return
        allow = ["--allow-near-duplicate"] if allow_near_duplicate else []
        ok, message = run_with_progress(["add", f"--name={upload.name}", *metadata_args(meta), *allow], lang,
                                        positional=[result["path"]])
        if not ok:
            st.error(markdown(message))
            return
        done.add(_upload_id(upload))
        shutil.rmtree(Path(result["path"]).parent, ignore_errors=True)
        if len(queue) > 1:
            st.session_state[NOTICE_KEY] = message
            st.rerun()
        _finish(lang)


def _evidence_caption(preview: Mapping, lang: str) -> None:
    """Where each suggested value was read in the document ("Dato: 10.10.2025", the letterhead …)."""
    evidence = preview.get("evidence") or {}
    if evidence:
        st.caption(text("admin.preview.evidence", lang) + " " + " · ".join(
            f"{text(f'column.{field}', lang)}: {markdown(where)}" for field, where in evidence.items()))


def _near_duplicate_confirm(preview: Mapping, upload_id: str, lang: str) -> bool:
    """Warn about documents of the corpus whose text the upload nearly repeats; True once the admin confirms adding it anyway."""
    records = preview.get("near_duplicates") or []
    for record in records:
        st.warning(text("admin.near_duplicate.warning", lang, title=markdown(record["title"]),
                        organisation=markdown(record["organisation"]), year=markdown(record["year"]),
                        share_new=f"{record['share_new']:.0%}", share_other=f"{record['share_other']:.0%}"))
    return bool(records) and st.checkbox(text("admin.near_duplicate.confirm", lang), key=f"admin_near_duplicate_{upload_id}")


def _documents_options(tables) -> dict[str, str]:
    documents = getattr(tables, "documents", None)
    if documents is None or not len(documents):
        return {}
    ordered = documents.sort_values(["organisation", "year", "doc_id"])
    return {r.doc_id: f"{r.organisation} {r.year}: {r.title}" for r in ordered.itertuples(index=False)}


def _edit_section(tables, lang: str) -> None:
    options = _documents_options(tables)
    if not options:
        st.caption(text("admin.no_documents", lang))
        return
    doc_id = st.selectbox(text("admin.field.document", lang), list(options), format_func=options.get,
                          key="admin_edit_doc")
    organisations = _organisations(tables)
    if st.session_state.get("admin_edit_current") != doc_id:
        st.session_state["admin_edit_current"] = doc_id
        row = tables.documents.loc[tables.documents["doc_id"] == doc_id].iloc[0]
        meta = {k: "" if row.get(k) is None or str(row.get(k)) in ("<NA>", "nan", "NaT") else str(row.get(k))
                for k in ("organisation", "year", "date", "date_basis", "doc_type", "title")}
        meta["date"] = meta["date"][:10]
        _set_defaults("admin_edit", _form_values(meta, organisations))
    meta = metadata_form("admin_edit", organisations, lang)
    if st.button(text("admin.edit.save", lang), key="admin_edit_save"):
        ok, message = run_with_progress(["set-metadata", *metadata_args(meta)], lang, positional=[doc_id])
        if not ok:
            st.error(markdown(message))
            return
        _finish(lang)


def _withdraw_section(tables, lang: str) -> None:
    options = _documents_options(tables)
    if options:
        doc_id = st.selectbox(text("admin.field.document", lang), list(options), format_func=options.get,
                              key="admin_withdraw_doc")
        st.caption(text("admin.withdraw.help", lang))
        sure = st.checkbox(text("admin.withdraw.sure", lang), key="admin_withdraw_sure")
        if st.button(text("admin.withdraw.button", lang), key="admin_withdraw", disabled=not sure):
            ok, message = run_with_progress(["withdraw"], lang, positional=[doc_id])
            if not ok:
                st.error(markdown(message))
                return
            _finish(lang)
    st.markdown(f"**{text('admin.restore.title', lang)}**")
    withdrawn = corpus_listing("withdrawn", _raw_stamp())
    if not withdrawn:
        st.caption(text("admin.restore.none", lang))
        return
    labels = {w["doc_id"]: f"{w['organisation']} {w['year']}: {w['title'] or w['file']}" for w in withdrawn}
    doc_id = st.selectbox(text("admin.field.document", lang), list(labels), format_func=labels.get,
                          key="admin_restore_doc")
    if st.button(text("admin.restore.button", lang), key="admin_restore"):
        ok, message = run_with_progress(["restore"], lang, positional=[doc_id])
        if not ok:
            st.error(markdown(message))
            return
        _finish(lang)


def _pending_section(tables, lang: str) -> None:
    pending = corpus_listing("pending", _raw_stamp())
    if not pending:
        st.caption(text("admin.pending.none", lang))
        return
    st.caption(text("admin.pending.help", lang))
    names = {p["name"]: p for p in pending}
    name = st.selectbox(text("admin.pending.pick", lang), list(names), key="admin_pending_pick")
    item = names[name]
    st.error(markdown(item["error"]) if item["error"] else text("admin.pending.no_error", lang))
    organisations = _organisations(tables, [item["metadata"].get("organisation", "")])
    if st.session_state.get("admin_pending_current") != name:
        st.session_state["admin_pending_current"] = name
        _set_defaults("admin_pending", _form_values(item["metadata"], organisations))
    meta = metadata_form("admin_pending", organisations, lang)
    retry, discard = st.columns(2)
    if retry.button(text("admin.pending.retry", lang), key="admin_pending_retry", type="primary"):
        ok, message = run_with_progress(["add", *metadata_args(meta)], lang, positional=[item["path"]])
        if not ok:
            st.error(markdown(message))
            return
        _finish(lang)
    if discard.button(text("admin.pending.discard", lang), key="admin_pending_discard"):
        done = run_pipeline("pending", f"--discard={name}", timeout=60)
        if done.returncode != 0:
            st.error(markdown(last_line(done.stderr)))
            return
        st.rerun()
