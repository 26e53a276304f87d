"""Changing the corpus: add, withdraw, restore, correct metadata, and uploads waiting in raw/pending/.

Order of an add (each step leaves a state the next command can recognise and repair):

1. Check without writing anything: the guards on the bytes (size, type, page/zip limits,
   duplicate content), the metadata row, then a preview (extract + segment) in a child
   process with a time limit, so a file the pipeline cannot read never enters the corpus.
2. Under the data directory's lock: copy the file into raw/pending/ with a JSON sidecar
   holding its metadata (status "adding"), move it into raw/ under a readable unique name,
   append the manifest row atomically, delete the sidecar.
3. Build. If the build fails or skips the new document, the manifest row is removed again,
   the file goes back to raw/pending/ with the error in its sidecar, and the tables are
   rebuilt without it; the admin can correct it and retry (`add raw/pending/NAME`).

Withdrawing archives the row in raw/withdrawn/withdrawn.csv, then moves the file into
raw/withdrawn/, then removes the manifest row; restoring does the reverse. `recover()`
finishes or undoes a change that was interrupted between those steps.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import guards, manifest, schema
from .config import PROJECT_ROOT, Paths
from .progress import Progress, no_progress
from .guards import GuardError
from .store import atomic_write_bytes, atomic_write_text

WITHDRAWN_CSV = "withdrawn.csv"
WITHDRAWN_COLUMNS = manifest.COLUMNS + ("archived_file", "sha256", "withdrawn_at")
TEXT_START_CHARS = 1500

LockFactory = Callable[[], AbstractContextManager]


class CorpusError(RuntimeError):
    """A corpus change is refused or failed; str() is one sentence."""


@dataclass(frozen=True)
class Metadata:
    """What an admin says about a document; empty strings mean "not given"."""

    organisation: str = ""
    year: str = ""
    date: str = ""
    date_basis: str = ""
    doc_type: str = ""
    title: str = ""
    doc_id: str = ""
    language: str = ""

    def merged(self, defaults: Mapping[str, str]) -> Metadata:
        """These values, with empty ones taken from defaults."""
        return Metadata(**{k: v or str(defaults.get(k) or "") for k, v in asdict(self).items()})


@dataclass(frozen=True)
class Preview:
    """What the pipeline would read from a file, and metadata guessed from its name and text."""

    name: str
    kind: str
    n_pages: int | None  # None for TXT and DOCX (read.page_count)
    n_words: int
    n_passages: int
    text_start: str
    sections: tuple[str, ...]
    warnings: tuple[str, ...]
    suggested: dict[str, str] = field(default_factory=dict)
    #: Where each suggested value was read ("dato oppgitt i dokumentet: «Dato: 10.10.2025»").
    evidence: dict[str, str] = field(default_factory=dict)
    #: schema.TEXT_SOURCES: "ocr" when the text was read by OCR.
    text_source: str = "text"
    #: Documents of the corpus whose text this file nearly repeats (see near_duplicate_records).
    near_duplicates: tuple[dict, ...] = ()
    #: schema.LANGUAGES: the language detected from the body text (the build detects it again; a manifest value overrides)
    language: str = "nb"

    def to_json(self) -> dict:
        """JSON-able form (the output of `preview --json`)."""
        return {**asdict(self), "sections": list(self.sections), "warnings": list(self.warnings),
                "near_duplicates": list(self.near_duplicates)}

    @classmethod
    def from_json(cls, data: Mapping) -> Preview:
        return cls(**{**data, "sections": tuple(data["sections"]), "warnings": tuple(data["warnings"]),
                      "near_duplicates": tuple(data.get("near_duplicates", ()))})


@dataclass(frozen=True)
class PendingUpload:
    """A file in raw/pending/ with its sidecar: metadata and why it is not in the corpus."""

    name: str
    metadata: dict[str, str]
    error: str
    status: str
    sha256: str
    updated_at: str


@dataclass(frozen=True)
class AddResult:
    """The manifest row an add wrote (as strings) and whether the tables now contain it."""

    row: dict[str, str]
    built: bool
    warnings: tuple[str, ...] = ()  # what reading the file noted (e.g. read as cp1252), for the admin to see


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- guesses -------------------------------------------------------------------------------

_NAME_PATTERN = re.compile(
    r"^(?P<year>(?:19|20)\d{2})(?:-(?P<month>\d{2})-(?P<day>\d{2}))?[_ ](?P<org>[^_ ]+)[_ ](?P<rest>.+)$"
)
_DOC_TYPE_WORDS = (
    ("horingssvar", "consultation_response"),
    ("horingsuttalelse", "consultation_response"),
    ("budsjett", "budget_input"),
    ("prinsipprogram", "position_programme"),
    ("politisk-program", "position_programme"),
)


def guess_from_name(name: str, organisations: Sequence[str] = ()) -> dict[str, str]:
    """Year, date, organisation and document type from a name like "2025-11-20_nito_innspill-….pdf".

    The organisation is matched to an existing one by slug ("nito" -> "NITO"); unknown short
    slugs are upper-cased (acronyms), longer ones capitalised.
    """
    stem = Path(name).stem
    guess: dict[str, str] = {}
    match = _NAME_PATTERN.match(stem)
    if match:
        guess["year"] = match["year"]
        if match["month"]:
            try:
                guess["date"] = Date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
                guess["date_basis"] = "Dato fra filnavnet"
            except ValueError:
                pass
        if "date" not in guess:
            guess["date_basis"] = "År fra filnavnet"
        org = match["org"]
        known = {guards.slug(o): o for o in organisations}
        if guards.slug(org) in known:
            guess["organisation"] = known[guards.slug(org)]
        else:
            words = org.replace("-", " ")
            guess["organisation"] = words.upper() if len(words) <= 4 else words[:1].upper() + words[1:]
    name_slug = guards.slug(stem, max_length=200)
    for word, doc_type in _DOC_TYPE_WORDS:
        if word in name_slug:
            guess["doc_type"] = doc_type
            break
    return guess


_MARKUP_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP_TAG = re.compile(r"<[^>]{0,200}>")
_BARE_URL = re.compile(r"\b(?:https?|ftp|javascript|data):\S*|\bwww\.\S+", re.IGNORECASE)
_MARKUP_CHARS = re.compile(r"[*_`#~|<>\[\]]+")


def plain_title(line: str) -> str:
    """A title guessed from a document's text without markup: Markdown links and images keep only their text,
    HTML tags, URLs and emphasis/code characters go ("**Evil** [les her](https://x)" -> "Evil les her")."""
    line = _MARKUP_IMAGE_OR_LINK.sub(r"\1", line)
    line = _MARKUP_TAG.sub(" ", line)
    line = _BARE_URL.sub(" ", line)
    line = _MARKUP_CHARS.sub(" ", line)
    return " ".join(line.split())


def suggest_metadata(pages: Sequence[str], name: str, organisations: Sequence[str] = (),
                     running_lines: Sequence[str] = ()) -> tuple[dict[str, str], dict[str, str]]:
    """Metadata suggested for a file: from its text (metadata.guess_metadata), else from its name.

    Returns (suggested values, evidence per field). What the text states beats a publisher's file name
    ("2026-01-…" is the month of publication, not the date the letter was written). A name in this
    project's own scheme ("2025-11-20_nito_….pdf", as `add` stores files) is a deliberate statement:
    its organisation, date and year stand, and a date in the text is kept only if it falls in that year.
    """
    from . import metadata

    guesses = metadata.guess_metadata(pages, name, organisations, running_lines)
    suggested = {key: guess.value for key, guess in guesses.items()}
    evidence = {key: guess.evidence() for key, guess in guesses.items()}
    if "date" in guesses:
        suggested["date_basis"] = f"Dato i dokumentet («{guesses['date'].quote[:80]}»)"
    elif "year" in guesses:
        suggested["date_basis"] = {
            "month_line": f"Måned i dokumentet («{guesses['year'].quote[:80]}»)",
            "file_name_prefix": "Filnavnets prefiks (publiseringsmåned); ingen dato i dokumentet",
        }.get(guesses["year"].rule, "")
    named = guess_from_name(name, organisations)
    for key in ("organisation", "date", "year", "date_basis"):
        if key in named and not (key == "date_basis" and "date" in guesses and guesses["date"].value[:4] == named["year"]
                                 and "date" not in named):
            suggested[key] = named[key]
            if key != "date_basis":
                evidence[key] = "filnavnet (prosjektets navneskjema)"
    if suggested.get("date", "")[:4] not in ("", suggested.get("year")):
        suggested.pop("date")  # the text's date is from another year than the name states
        evidence.pop("date", None)
    if "doc_type" not in suggested and "doc_type" in named:
        suggested["doc_type"], evidence["doc_type"] = named["doc_type"], "filnavnet"
    if "title" in suggested:
        suggested["title"] = plain_title(suggested["title"])[:200]
    return {k: v for k, v in suggested.items() if v}, evidence


# --- preview -------------------------------------------------------------------------------


def preview_document(path: Path, name: str | None = None, organisations: Sequence[str] = (), p: Paths | None = None) -> Preview:
    """Guards, then extract + clean + segment in this process; raises GuardError or ExtractionError.

    With the data directory `p`, the text is also compared with the corpus's last build (near-duplicates).
    """
    from . import build as build_module
    from . import clean, extract, lang_detect, segment

    name = guards.check_upload_name(name or path.name)
    data = path.read_bytes()
    kind = guards.check_content(data, name, guards.limits_from_env())
    extracted = extract.extract(path)
    pages = clean.clean_pages(extracted.pages, extracted.kind, extracted.footnotes, extracted.note_numbers)
    passages = segment.segment(pages, "preview", extracted.headings)
    if passages.empty:
        raise extract.ExtractionError(f"{name}: no text passages could be found in the document")
    sections = tuple(dict.fromkeys(t for t in passages["section_title"].fillna("").astype(str) if t.strip()))
    text = "\n\n".join(p for p in pages if p.strip())
    # the raw pages: running headers and footers (which cleaning drops) often hold the date and the sender
    suggested, evidence = suggest_metadata(extracted.pages, name, organisations, extracted.running_lines)
    return Preview(
        name=name,
        kind=kind,
        n_pages=build_module.page_count(extracted),
        n_words=int(passages["n_words"].sum()),
        n_passages=len(passages),
        text_start=text[:TEXT_START_CHARS],
        sections=sections[:100],
        warnings=tuple(extracted.warnings),
        suggested=suggested,
        evidence=evidence,
        text_source=extracted.text_source,
        near_duplicates=tuple(near_duplicate_records(p, "\n".join(passages["text"].astype(str)))) if p else (),
        language=lang_detect.document_language(passages.loc[passages["kind"] == "body", "text"].astype(str).tolist()
                                               or passages["text"].astype(str).tolist()),
    )


def preview_isolated(path: Path, name: str | None = None, timeout: float | None = None) -> Preview:
    """preview_document in a child process that is killed after the parse time limit."""
    name = name or path.name
    timeout = timeout if timeout is not None else guards.limits_from_env().parse_timeout_s
    # --opt=value and the path after "--": a name or path starting with "-" is never taken for an option
    command = [sys.executable, "-m", "pipeline", "preview", f"--name={name}", "--json", "--in-process", "--", str(path)]
    try:
        done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GuardError(f"{name}: reading the file took too long (over {timeout:g} s), so it was stopped.") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise CorpusError(lines[-1] if lines else f"{name}: the file could not be read (exit {done.returncode}).")
    return Preview.from_json(json.loads(done.stdout))


# --- near-duplicates ----------------------------------------------------------------------


def corpus_shingles(p: Paths) -> dict[str, frozenset[int]]:
    """doc_id -> word 5-gram shingles of each document in the last build's passages (empty before a first build)."""
    from . import near_duplicates
    from .store import read_table

    try:
        passages = read_table(p.processed, "passages")[["doc_id", "text"]]
    except (OSError, ValueError):
        return {}
    return near_duplicates.document_shingles(zip(passages["doc_id"].astype(str), passages["text"].astype(str)))


def documents_by_id(p: Paths) -> dict[str, dict]:
    """doc_id -> organisation, year, title and source file of the last build's documents (empty before a first build)."""
    from .store import read_table

    try:
        documents = read_table(p.processed, "documents")
    except (OSError, ValueError):
        return {}
    return {str(r["doc_id"]): r for r in documents[["doc_id", "organisation", "year", "title", "source_file"]].to_dict("records")}


def near_duplicate_records(p: Paths, text: str) -> list[dict]:
    """Documents in the corpus whose text the given text nearly repeats, as JSON-able records, most similar first."""
    from . import near_duplicates

    found = near_duplicates.similar_to(near_duplicates.shingles(text), corpus_shingles(p))
    documents = documents_by_id(p)
    return [
        {"doc_id": o.doc_b, "share_new": round(o.share_a, 3), "share_other": round(o.share_b, 3),
         "jaccard": round(o.jaccard, 3), **{k: str(documents.get(o.doc_b, {}).get(k, "")) for k in
                                             ("organisation", "year", "title", "source_file")}}
        for o in found
    ]


def describe_near_duplicate(name: str, record: Mapping) -> str:
    """One line: which document a file nearly repeats and by how much."""
    other = f"{record['doc_id']} ({record['organisation']} {record['year']}, \"{record['title']}\")"
    return (f"{name}: its text is nearly the same as {other}: {record['share_new']:.0%} of its word sequences are "
            f"in that document and {record['share_other']:.0%} of that document's are in it")


# --- reading state -------------------------------------------------------------------------


def read_withdrawn(p: Paths) -> pd.DataFrame:
    """The archive of withdrawn manifest rows (empty frame if none)."""
    path = p.withdrawn / WITHDRAWN_CSV
    if not path.exists():
        return pd.DataFrame(columns=list(WITHDRAWN_COLUMNS), dtype=str)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return df.reindex(columns=list(WITHDRAWN_COLUMNS), fill_value="")


def _write_withdrawn(p: Paths, df: pd.DataFrame) -> None:
    atomic_write_text(p.withdrawn / WITHDRAWN_CSV, df.loc[:, list(WITHDRAWN_COLUMNS)].to_csv(index=False, lineterminator="\n"))


def _sidecar(p: Paths, name: str) -> Path:
    return p.pending / f"{name}.json"


def _read_sidecar(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _write_sidecar(p: Paths, name: str, content: Mapping) -> None:
    atomic_write_text(_sidecar(p, name), json.dumps({**content, "updated_at": _now()}, ensure_ascii=False, indent=2))


def list_pending(p: Paths) -> list[PendingUpload]:
    """Uploads waiting in raw/pending/ with their metadata and error, oldest name first."""
    if not p.pending.exists():
        return []
    out = []
    for path in sorted(p.pending.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.suffix == ".json":
            continue
        side = _read_sidecar(_sidecar(p, path.name))
        out.append(
            PendingUpload(
                name=path.name,
                metadata={k: str(v) for k, v in side.get("metadata", {}).items()},
                error=side.get("error", "no sidecar with metadata; add it again with its metadata"),
                status=side.get("status", "failed"),
                sha256=side.get("sha256", ""),
                updated_at=side.get("updated_at", ""),
            )
        )
    return out


def known_hashes(p: Paths, exclude: Path | None = None) -> dict[str, str]:
    """sha256 -> where that content already is: the manifest's files, pending uploads, withdrawn files."""
    known: dict[str, str] = {}
    if p.manifest.exists():
        for row in manifest.read_manifest(p.manifest).itertuples(index=False):
            path = p.raw / row.file
            if row.file and path.is_file():
                known.setdefault(guards.sha256_file(path), f"{row.file}, doc_id {row.doc_id}")
    for row in read_withdrawn(p).itertuples(index=False):
        if row.sha256:
            known.setdefault(row.sha256, f"withdrawn as {row.doc_id}; restore it with `python -m pipeline restore {row.doc_id}`")
    for upload in list_pending(p):
        if exclude is None or (p.pending / upload.name).resolve() != exclude.resolve():
            known.setdefault(upload.sha256 or guards.sha256_file(p.pending / upload.name), f"pending upload {upload.name}")
    return known


def organisations(p: Paths) -> list[str]:
    """Organisations named in the manifest, sorted."""
    if not p.manifest.exists():
        return []
    return sorted(set(manifest.read_manifest(p.manifest)["organisation"]) - {""})


# --- building the row ----------------------------------------------------------------------


def suggested_doc_id(meta: Metadata, taken: set[str]) -> str:
    """"<org>-<year>-<title words>" in manifest style, unique against taken."""
    base = "-".join(filter(None, (guards.slug(meta.organisation, 30), meta.year, guards.slug(meta.title, 30)))) or "document"
    doc_id = base[:110].strip("-._")
    candidate, n = doc_id, 2
    while candidate in taken:
        candidate, n = f"{doc_id}-{n}", n + 1
    return candidate


def target_file_name(meta: Metadata, suffix: str, fallback_stem: str, taken: set[str]) -> str:
    """"<date or year>_<org-slug>_<title-slug><suffix>", unique against taken (raw/ and the archive)."""
    when = meta.date or meta.year
    title = guards.slug(meta.title) or guards.slug(Path(fallback_stem).stem) or "dokument"
    name = "_".join(filter(None, (when, guards.slug(meta.organisation, 30), title))) + suffix.lower()
    return guards.unique_name(name, taken)


def make_row(meta: Metadata, file_name: str, taken_ids: set[str], label: str | None = None,
             required: bool = True) -> dict[str, str]:
    """A manifest row from metadata; raises CorpusError naming every problem, starting with `label` (the name
    the user gave the file; default file_name). Without `required`, missing values are not yet problems."""
    row = {c: "" for c in manifest.COLUMNS}
    row.update({k: v.strip() for k, v in asdict(meta).items() if k in row})
    row["file"] = file_name
    # an empty language is detected from the text by the build (documents.detected_language); a value overrides it
    row["doc_type"] = row["doc_type"] or "other"
    if row["year"] == "" and row["date"]:
        row["year"] = row["date"][:4]
    if not row["doc_id"]:
        row["doc_id"] = suggested_doc_id(meta, taken_ids)
    elif row["doc_id"] in taken_ids:
        raise CorpusError(f"doc_id {row['doc_id']!r} is already used by another document (in the manifest or withdrawn).")
    problems = [x for x in manifest.row_problems(pd.Series(row)) if required or not x.startswith("missing ")]
    if problems:
        raise CorpusError(f"{label or file_name}: " + "; ".join(problems) + ".")
    return row


def _taken_ids(p: Paths) -> set[str]:
    ids = set(manifest.read_manifest(p.manifest)["doc_id"]) if p.manifest.exists() else set()
    return ids | set(read_withdrawn(p)["doc_id"])


def _taken_names(p: Paths) -> set[str]:
    names = {x.name for x in p.raw.iterdir()} if p.raw.exists() else set()
    names |= set(manifest.read_manifest(p.manifest)["file"]) if p.manifest.exists() else set()
    return names | set(read_withdrawn(p)["file"])


# --- changes -------------------------------------------------------------------------------


def add_document(
    p: Paths,
    source: Path,
    meta: Metadata,
    *,
    name: str | None = None,
    build: bool = True,
    progress: Progress = no_progress,
    lock: LockFactory = nullcontext,
    build_params=None,
    allow_near_duplicate: bool = False,
) -> AddResult:
    """Add one file to the corpus (see the module docstring for the order); raises GuardError or CorpusError.

    `source` may be a file in raw/pending/ (a retry): its sidecar's metadata fills what `meta` leaves empty.
    A file whose text nearly repeats a document of the corpus is refused unless allow_near_duplicate.
    """
    source = Path(source)
    if not source.is_file():
        raise CorpusError(f"{source}: no such file.")
    retry = source.resolve().parent == p.pending.resolve()
    if retry:
        side = _read_sidecar(_sidecar(p, source.name))
        meta = meta.merged(side.get("metadata", {}))
        name = name or side.get("original_name") or source.name
    name = guards.check_upload_name(name or source.name)
    limits = guards.limits_from_env()
    progress("checking", 0, 1)
    data = source.read_bytes()
    guards.check_content(data, name, limits)
    sha = guards.sha256_bytes(data)
    guards.check_duplicate(sha, known_hashes(p, exclude=source if retry else None), name)
    suffix = Path(name).suffix
    # refuse bad metadata before parsing or touching anything (the preview only adds a title)
    guessed = meta.merged(_usable_suggestions(meta, guess_from_name(name, organisations(p))))
    make_row(guessed, "placeholder" + suffix.lower(), _taken_ids(p), label=name, required=False)
    preview = preview_isolated(source, name, limits.parse_timeout_s)
    if preview.near_duplicates and not allow_near_duplicate:
        raise CorpusError(describe_near_duplicate(name, preview.near_duplicates[0])
                          + "; add it anyway with --allow-near-duplicate.")
    meta = meta.merged(_usable_suggestions(meta, preview.suggested))
    progress("checking", 1, 1)

    with lock():
        recover(p)
        guards.check_duplicate(sha, known_hashes(p, exclude=source if retry else None), name)
        file_name = target_file_name(meta, suffix, name, _taken_names(p))
        row = make_row(meta, file_name, _taken_ids(p), label=name)
        progress("adding", 0, 1)
        pending_name = source.name if retry else guards.unique_name(name, {x.name for x in p.pending.glob("*")} if p.pending.exists() else set())
        side = {"original_name": name, "sha256": sha, "metadata": {k: row[k] for k in schema.METADATA_FIELDS + ("doc_id",)}, "error": ""}
        _write_sidecar(p, pending_name, {**side, "status": "adding", "target": file_name})
        if not retry:
            atomic_write_bytes(p.pending / pending_name, data)
        os.replace(p.pending / pending_name, p.raw / file_name)
        manifest_before = p.manifest.read_bytes()
        current = manifest.read_manifest(p.manifest)
        manifest.write_manifest(pd.concat([current, pd.DataFrame([row])], ignore_index=True), p.manifest)
        _sidecar(p, pending_name).unlink(missing_ok=True)
        progress("adding", 1, 1)
        if not build:
            return AddResult(row, False, preview.warnings)
        error = _build_with(p, row, progress, build_params)
        if error is None:
            return AddResult(row, True, preview.warnings)
        _back_to_pending(p, row, {**side, "error": error}, pending_name, manifest_before)
        _rebuild_quietly(p, progress, build_params)
    raise CorpusError(f"{name}: the build could not include it, so it was kept in raw/pending/ as {pending_name}: {error}")


def _usable_suggestions(meta: Metadata, suggested: Mapping[str, str]) -> dict[str, str]:
    """Guesses that do not contradict what the admin gave (a given date sets the year)."""
    out = dict(suggested)
    year = meta.year or meta.date[:4]
    if year:
        out["year"] = year
        if out.get("date", "")[:4] != year or meta.date:
            out.pop("date", None)
    if meta.date or (meta.year and "date" not in out):
        out.pop("date_basis", None)  # the guess's basis ("from the file name") is not the admin's
    return out


def _build_with(p: Paths, row: Mapping[str, str], progress: Progress, build_params) -> str | None:
    """Build; None if the new document is in the tables, else the reason it is not."""
    from . import build as build_module
    from .store import read_table

    try:
        report = build_module.build(p, build_params or build_module.BuildParams(), progress)
    except build_module.BuildError as exc:
        return str(exc)
    except Exception as exc:  # a crash in a corpus-wide stage must not leave the new row half-admitted
        return f"the build crashed ({type(exc).__name__}: {exc})"
    mentions = [line for line in report.problems if row["file"] in line or row["doc_id"] in line]
    if row["doc_id"] in set(read_table(p.processed, "documents")["doc_id"]):
        return None
    return mentions[0] if mentions else "the build did not include it"


def _back_to_pending(p: Paths, row: Mapping[str, str], side: Mapping, pending_name: str, manifest_before: bytes) -> None:
    """Undo an add: the manifest as it was (byte for byte; the lock was held since), file back into raw/pending/."""
    _write_sidecar(p, pending_name, {**side, "status": "failed"})
    os.replace(p.raw / row["file"], p.pending / pending_name)
    atomic_write_bytes(p.manifest, manifest_before)


def _rebuild_quietly(p: Paths, progress: Progress, build_params) -> None:
    """Rebuild after an undo so build_info matches the manifest again; a failure here keeps the old tables."""
    from . import build as build_module

    try:
        build_module.build(p, build_params or build_module.BuildParams(), progress)
    except Exception:  # the tables still serve; the next build reports the problem
        pass


def withdraw(p: Paths, doc_id: str) -> dict[str, str]:
    """Archive a document: row into raw/withdrawn/withdrawn.csv, file into raw/withdrawn/, row out of the manifest."""
    recover(p)
    current = manifest.read_manifest(p.manifest)
    match = current.loc[current["doc_id"] == doc_id]
    if match.empty:
        raise CorpusError(f"doc_id {doc_id!r} is not in the manifest.")
    row = match.iloc[0].to_dict()
    source = p.raw / row["file"]
    archived = guards.unique_name(row["file"], {x.name for x in p.withdrawn.iterdir()} if p.withdrawn.exists() else set())
    archive = read_withdrawn(p)
    entry = {**row, "archived_file": archived, "sha256": guards.sha256_file(source) if source.is_file() else "", "withdrawn_at": _now()}
    p.withdrawn.mkdir(parents=True, exist_ok=True)
    _write_withdrawn(p, pd.concat([archive, pd.DataFrame([entry])], ignore_index=True))
    if source.is_file():
        os.replace(source, p.withdrawn / archived)
    manifest.write_manifest(current.loc[current["doc_id"] != doc_id], p.manifest)
    return row


def restore(p: Paths, doc_id: str) -> dict[str, str]:
    """Bring a withdrawn document back: file into raw/, row into the manifest, out of the archive."""
    recover(p)
    archive = read_withdrawn(p)
    match = archive.loc[archive["doc_id"] == doc_id]
    if match.empty:
        raise CorpusError(f"doc_id {doc_id!r} is not among the withdrawn documents.")
    entry = match.iloc[-1].to_dict()
    current = manifest.read_manifest(p.manifest)
    if doc_id in set(current["doc_id"]):
        raise CorpusError(f"doc_id {doc_id!r} is already in the manifest.")
    archived = p.withdrawn / entry["archived_file"]
    if not archived.is_file():
        raise CorpusError(f"the archived file {entry['archived_file']} of {doc_id!r} is missing from raw/withdrawn/.")
    if entry["sha256"]:
        guards.check_duplicate(entry["sha256"], {s: w for s, w in known_hashes(p).items() if not w.startswith("withdrawn")}, entry["file"])
    file_name = guards.unique_name(entry["file"], _taken_names(p) - {entry["file"]} | {x.name for x in p.raw.iterdir()})
    row = {c: entry[c] for c in manifest.COLUMNS} | {"file": file_name}
    os.replace(archived, p.raw / file_name)
    manifest.write_manifest(pd.concat([current, pd.DataFrame([row])], ignore_index=True), p.manifest)
    _write_withdrawn(p, archive.loc[archive["doc_id"] != doc_id])
    return row


def set_metadata(p: Paths, doc_id: str, changes: Mapping[str, str]) -> dict[str, str]:
    """Correct a document's metadata in the manifest (validated, written atomically); returns the new row."""
    unknown = set(changes) - set(schema.METADATA_FIELDS)
    if unknown:
        raise CorpusError(f"only {', '.join(schema.METADATA_FIELDS)} can be changed, not {', '.join(sorted(unknown))}.")
    current = manifest.read_manifest(p.manifest)
    index = current.index[current["doc_id"] == doc_id]
    if len(index) == 0:
        raise CorpusError(f"doc_id {doc_id!r} is not in the manifest.")
    row = current.loc[index[0]].to_dict() | {k: str(v).strip() for k, v in changes.items()}
    problems = manifest.row_problems(pd.Series(row))
    if problems:
        raise CorpusError(f"{doc_id}: " + "; ".join(problems) + ".")
    updated = current.copy()
    for key in changes:
        updated.loc[index[0], key] = row[key]
    manifest.write_manifest(updated, p.manifest)
    return row


def interrupted_adds(p: Paths) -> list[str]:
    """Uploads whose add was interrupted between its steps (sidecar still "adding"); recover() settles them."""
    if not p.pending.exists():
        return []
    return [side.name[: -len(".json")] for side in sorted(p.pending.glob("*.json"))
            if _read_sidecar(side).get("status") == "adding"]


def discard_pending(p: Paths, name: str) -> None:
    """Delete a pending upload and its sidecar (it never entered the corpus)."""
    name = guards.check_upload_name(name)
    path = p.pending / name
    if not path.is_file():
        raise CorpusError(f"{name} is not a pending upload.")
    path.unlink()
    _sidecar(p, name).unlink(missing_ok=True)


def recover(p: Paths) -> list[str]:
    """Finish or undo corpus changes that were interrupted between their steps; returns what was done."""
    done: list[str] = []
    if not p.manifest.exists():
        return done
    current = manifest.read_manifest(p.manifest)
    archive = read_withdrawn(p)
    listed = set(current["doc_id"])
    keep_archive = []
    drop_manifest = set()
    for index, entry in archive.iterrows():
        raw_file = p.raw / entry["file"]
        archived = p.withdrawn / entry["archived_file"]
        if entry["doc_id"] in listed:
            if raw_file.is_file():  # withdraw stopped before moving the file, or restore before clearing the archive
                done.append(f"{entry['doc_id']}: kept in the corpus (interrupted withdraw or restore)")
                continue
            if archived.is_file():  # withdraw stopped after moving the file
                drop_manifest.add(entry["doc_id"])
                done.append(f"{entry['doc_id']}: withdrawal completed")
        elif not archived.is_file() and raw_file.is_file() and entry["sha256"] == guards.sha256_file(raw_file):
            os.replace(raw_file, archived)  # restore stopped after moving the file back
            done.append(f"{entry['doc_id']}: kept withdrawn (interrupted restore)")
        keep_archive.append(index)
    if len(keep_archive) != len(archive):
        _write_withdrawn(p, archive.loc[keep_archive])
    if drop_manifest:
        manifest.write_manifest(current.loc[~current["doc_id"].isin(drop_manifest)], p.manifest)
        current = manifest.read_manifest(p.manifest)
    for side_path in sorted(p.pending.glob("*.json")) if p.pending.exists() else []:
        side = _read_sidecar(side_path)
        if side.get("status") != "adding":
            continue
        pending_name = side_path.name[: -len(".json")]
        target = p.raw / side.get("target", "")
        doc_id = side.get("metadata", {}).get("doc_id", "")
        if (p.pending / pending_name).is_file():
            _write_sidecar(p, pending_name, {**side, "status": "failed", "error": "interrupted before it was added; retry"})
            done.append(f"{pending_name}: interrupted add kept as pending")
        elif doc_id in set(current["doc_id"]):
            side_path.unlink()
            done.append(f"{pending_name}: add completed")
        elif side.get("target") and target.is_file():
            os.replace(target, p.pending / pending_name)
            _write_sidecar(p, pending_name, {**side, "status": "failed", "error": "interrupted while being added; retry"})
            done.append(f"{pending_name}: interrupted add kept as pending")
    return done

