"""The admin area of the Documents page: add, correct, withdraw and restore documents (closed unless logged in).

Every change runs through the pipeline client and, when it succeeds, drops the cached tables and shows the
updated Overview. Data shown here (file names, the pipeline's messages) is escaped.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import streamlit as st

from app.admin.login import is_admin
from app.admin.pipeline_client import WAITING, PipelineRun, last_line, listing, run_pipeline
from app.components import NOTICE_KEY, show_notice
from app.escape import markdown
from app.i18n import text
from app.sidebar import doc_type_label
from pipeline.config import data_dir
from pipeline.schema import DOC_TYPES, METADATA_FIELDS
from pipeline.schema import LANGUAGES as DOCUMENT_LANGUAGES

UPLOAD_TYPES = ("pdf", "docx", "txt")
#: The pipeline stops a slow parse itself (HORINGSRADAR_PARSE_TIMEOUT_S); this only backs it up.
PREVIEW_TIMEOUT_S = 180


# --- running a change -------------------------------------------------------------------------


def _raw_stamp() -> tuple:
    """Modification times of the folders a corpus listing depends on: a change there is a new cache key."""
    raw = data_dir() / "raw"
    return tuple((str(d), d.stat().st_mtime_ns if d.exists() else 0) for d in (raw, raw / "withdrawn", raw / "pending"))


@st.cache_data(max_entries=16, show_spinner=False)
def corpus_listing(command: str, stamp: tuple) -> list[dict]:
    """The pipeline's listing of withdrawn or pending documents, run again only when the folders change."""
    return listing(command)


def _stage_name(stage: str, lang: str) -> str:
    try:
        return text(f"admin.stage.{stage}", lang)
    except KeyError:  # a stage the pipeline added later: show its own name
        return stage


def run_with_progress(args: Sequence[str], lang: str, positional: Sequence[str] = ()) -> tuple[bool, str]:
    """Run a pipeline command inside st.status with a progress bar; returns (ok, its last message)."""
    with st.status(text("admin.progress.running", lang), expanded=True) as status:
        bar = st.progress(0.0, text=text("admin.progress.starting", lang))
        note = st.empty()
        run = PipelineRun(args, positional)
        for event in run:
            if event.stage == WAITING:
                note.info(text("admin.progress.waiting", lang))
                continue
            note.empty()
            label = text("admin.progress.stage", lang, stage=_stage_name(event.stage, lang), done=event.done,
                         total=event.total)
            bar.progress(event.fraction, text=label)
        ok, message = run.ok, run.message
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


def change_corpus(args: Sequence[str], lang: str, positional: Sequence[str] = ()) -> bool:
    """Run one corpus change with progress; on failure show its one-line message, on success _finish()."""
    ok, message = run_with_progress(args, lang, positional)
    if not ok:
        st.error(markdown(message))
        return False
    _finish(lang)
    return True


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
        # "" = detect it from the text
        "language": meta.get("language") if meta.get("language") in DOCUMENT_LANGUAGES else "",
    }


def _language_label(lang: str) -> Callable[[str], str]:
    return lambda code: text(f"language.{code}", lang) if code else text("admin.language.detect", lang)


def metadata_form(prefix: str, organisations: Sequence[str], lang: str, detected: str | None = None) -> dict[str, str]:
    """Organisation (existing or new), year, date, date basis, type, title, language (detected from the text unless
    chosen: `detected` is what the text gave); keys "<prefix>_org" etc."""
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
    language = st.selectbox(text("admin.field.language", lang), ["", *DOCUMENT_LANGUAGES],
                            format_func=_language_label(lang), key=f"{prefix}_language")
    if detected in DOCUMENT_LANGUAGES:
        st.caption(text("admin.language.detected", lang, language=text(f"language.{detected}", lang)))
    return {
        "organisation": organisation,
        "year": str(int(year)),
        "date": date.isoformat() if date else "",
        "date_basis": date_basis.strip(),
        "doc_type": doc_type,
        "title": title.strip(),
        "language": language,
    }


def metadata_args(meta: Mapping[str, str]) -> list[str]:
    """CLI options for the given metadata (empty values left out)."""
    args = []
    for field in METADATA_FIELDS:
        if meta.get(field):
            args.append(f"--{field.replace('_', '-')}={meta[field]}")  # one token: a value may start with "-"
    if "language" in meta and not meta["language"]:
        args.append("--language=")  # detect it from the text (clears a language set by hand)
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
    meta = metadata_form("admin", organisations, lang, detected=preview.get("language"))
    _evidence_caption(preview, lang)
    allow_near_duplicate = _near_duplicate_confirm(preview, _upload_id(upload), lang)
    preview_details(preview, lang)
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


def preview_details(preview: Mapping, lang: str) -> None:
    """What reading the file noted (e.g. "read as cp1252"), the sections found and the start of the text."""
    counts = {"passages": preview["n_passages"], "words": preview["n_words"]}
    title = (text("admin.preview.title_no_pages", lang, **counts) if preview["n_pages"] is None
             else text("admin.preview.title", lang, pages=preview["n_pages"], **counts))
    with st.expander(title, expanded=True):
        for warning in preview.get("warnings", []):
            st.warning(markdown(warning))
        st.markdown(f"**{text('admin.preview.sections', lang)}**")
        st.text("\n".join(f"• {s}" for s in preview["sections"]) or text("admin.preview.no_sections", lang))
        st.markdown(f"**{text('admin.preview.text', lang)}**")
        st.text(preview["text_start"])


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
    row = tables.documents.loc[tables.documents["doc_id"] == doc_id].iloc[0]
    detected = row.get("detected_language")
    if st.session_state.get("admin_edit_current") != doc_id:
        st.session_state["admin_edit_current"] = doc_id
        meta = {k: "" if row.get(k) is None or str(row.get(k)) in ("<NA>", "nan", "NaT") else str(row.get(k))
                for k in METADATA_FIELDS}
        meta["date"] = meta["date"][:10]
        if meta["language"] == detected:
            meta["language"] = ""  # the detected one: keep following the text
        _set_defaults("admin_edit", _form_values(meta, organisations))
    meta = metadata_form("admin_edit", organisations, lang, detected=detected)
    if st.button(text("admin.edit.save", lang), key="admin_edit_save"):
        change_corpus(["set-metadata", *metadata_args(meta)], lang, positional=[doc_id])


def _withdraw_section(tables, lang: str) -> None:
    options = _documents_options(tables)
    if options:
        doc_id = st.selectbox(text("admin.field.document", lang), list(options), format_func=options.get,
                              key="admin_withdraw_doc")
        st.caption(text("admin.withdraw.help", lang))
        sure = st.checkbox(text("admin.withdraw.sure", lang), key="admin_withdraw_sure")
        if st.button(text("admin.withdraw.button", lang), key="admin_withdraw", disabled=not sure):
            if not change_corpus(["withdraw"], lang, positional=[doc_id]):
                return
    st.markdown(f"**{text('admin.restore.title', lang)}**")
    withdrawn = corpus_listing("withdrawn", _raw_stamp())
    if not withdrawn:
        st.caption(text("admin.restore.none", lang))
        return
    labels = {w["doc_id"]: f"{w['organisation']} {w['year']}: {w['title'] or w['file']}" for w in withdrawn}
    doc_id = st.selectbox(text("admin.field.document", lang), list(labels), format_func=labels.get,
                          key="admin_restore_doc")
    if st.button(text("admin.restore.button", lang), key="admin_restore"):
        change_corpus(["restore"], lang, positional=[doc_id])


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
        if not change_corpus(["add", *metadata_args(meta)], lang, positional=[item["path"]]):
            return
    if discard.button(text("admin.pending.discard", lang), key="admin_pending_discard"):
        done = run_pipeline("pending", f"--discard={name}", timeout=60)
        if done.returncode != 0:
            st.error(markdown(last_line(done.stderr)))
            return
        st.rerun()
