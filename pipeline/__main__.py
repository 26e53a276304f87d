"""Command line: `python -m pipeline build [--force] [--strict]`, `check`, and corpus changes.

Every command that writes takes the data directory's lock, so one build or corpus change
runs at a time; a second one waits and says so.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from filelock import FileLock, Timeout

from .config import Paths, paths
from .schema import METADATA_FIELDS
from .progress import Progress, reporter

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def locked(p: Paths, progress: Progress | None = None, wait_seconds: float = 600) -> FileLock:
    """The data directory's lock, acquired; tells the user when it has to wait (and progress, as stage "waiting")."""
    p.data.mkdir(parents=True, exist_ok=True)
    lock = FileLock(p.lock)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        _say("Another build or corpus change is running; waiting for it to finish …")
        if progress is not None:
            progress("waiting", 0, 0)
        lock.acquire(timeout=wait_seconds)
    return lock


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, BuildParams, build

    p = paths()
    params = BuildParams(force=args.force, strict=args.strict, demand_method=args.demand_method)
    progress = reporter(args.progress)
    with locked(p, progress):
        _settle_interrupted(p)
        try:
            report = build(p, params, progress)
        except BuildError as exc:
            for line in exc.problems:  # one line per problem
                _say(f"problem: {line}")
            _say(f"Build failed, the previous tables are unchanged: {exc}")
            return EXIT_FAILED
    for line in report.problems:
        _say(f"problem: {line}")
    for line in report.warnings:
        _say(f"warning: {line}")
    if report.skipped:
        _say(f"Tables in {p.processed} are up to date; nothing to build (use --force to rebuild).")
    else:
        counts = ", ".join(f"{k} {v}" for k, v in report.row_counts.items())
        total = sum(report.timings.values())
        _say(f"Built {p.processed} in {total:.1f} s: {counts}.")
    if not p.theme_judgements.exists():
        # the figures measure the rules, not the collection; without them the app marks every theme ⚠
        _say(f"note: no labelled evaluation set ({p.theme_judgements}): theme precision and recall are not "
             "measured, so the app marks every theme as uncertain. Copy data/eval/ from the project to measure them.")
    # Any problem is a non-zero exit: a document left out or served from its last good version must not pass
    # unnoticed (`make run` starts the app anyway, on these tables, and the app lists the problems).
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _settle_interrupted(p: Paths) -> None:
    """Finish or undo corpus changes interrupted between their steps (caller holds the lock), saying what."""
    from .corpus import recover
    from .manifest import ManifestError

    try:
        done = recover(p) if p.manifest.exists() else []
    except ManifestError:  # an unreadable manifest: the command itself reports it
        done = []
    for line in done:
        _say(f"recovered: {line}")


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the manifest, the files and the lexicon without writing anything."""
    from . import manifest, themes

    from .corpus import interrupted_adds

    p = paths()
    try:
        rows, problems = manifest.validate(manifest.read_manifest(p.manifest), p.raw)
    except manifest.ManifestError as exc:
        _say(str(exc))
        return EXIT_FAILED
    problems = [*problems, *(f"{name}: an add was interrupted; the next build or corpus command finishes or undoes it"
                             for name in interrupted_adds(p))]
    try:
        lexicon = themes.load_lexicon(p.themes)
    except (OSError, ValueError) as exc:
        _say(f"{p.themes.name}: {exc}")
        return EXIT_FAILED
    notes, unreadable = _text_layer_notes(p, rows)
    problems = [*problems, *unreadable]
    for problem in problems:
        _say(str(problem))
    for note in notes:
        _say(f"note: {note}")
    pairs = _near_duplicate_lines(p)
    for line in pairs:
        _say(f"near-duplicate: {line}")
    ocr_note = f", {len(notes)} to be read by OCR" if notes else ""
    ocr_note += f", {len(pairs)} near-duplicate pairs in the last build" if pairs else ""
    _say(f"{len(rows)} documents ready, {len(problems)} problems, {len(lexicon)} themes{ocr_note}.")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _near_duplicate_lines(p: Paths) -> list[str]:
    """Pairs of documents in the last build whose texts nearly repeat each other, one line each."""
    from . import near_duplicates
    from .corpus import documents_by_id, corpus_shingles

    documents = documents_by_id(p)

    def label(doc_id: str) -> str:
        return f"{doc_id} ({documents.get(doc_id, {}).get('source_file', '?')})"

    return [
        f"{label(o.doc_a)} and {label(o.doc_b)}: {o.share_a:.0%} of the first's word sequences are in the second, "
        f"{o.share_b:.0%} of the second's in the first"
        for o in near_duplicates.near_duplicate_pairs(corpus_shingles(p))
    ]


def _text_layer_notes(p: Paths, rows) -> tuple[list[str], list[str]]:
    """PDFs in the manifest with pages lacking a text layer: notes when OCR will read them, problems when it cannot."""
    import pypdfium2 as pdfium

    from . import extract, ocr

    notes, problems = [], []
    for name in rows["file"]:
        if not name.lower().endswith(".pdf"):
            continue
        try:
            causes = ocr.pages_without_text(p.raw / name, extract.MIN_PAGE_CHARS)
            n_pages = len(pdfium.PdfDocument(str(p.raw / name)))
        except pdfium.PdfiumError:
            problems.append(f"{name}: the PDF is damaged, incomplete or password-protected and cannot be read.")
            continue
        readable = [c for c in causes.values() if c != ocr.BLANK]
        if not readable:
            continue
        line = ocr.describe_pages_without_text(name, n_pages, causes)
        fatal = ocr.unavailable_reason() and len(causes) >= max(1, extract.IMAGE_ONLY_SHARE * n_pages)
        (problems if fatal else notes).append(line)
    return notes, problems


# --- corpus commands (admin helper): add, withdraw, restore, set-metadata, preview, pending ---------

def _corpus_errors():
    """Exception types whose message is a one-line refusal to show as it is."""
    from .corpus import CorpusError
    from .guards import GuardError
    from .manifest import ManifestError

    from .extract import ExtractionError

    return (CorpusError, GuardError, ManifestError, ExtractionError)


def _build_after_change(p: Paths, args: argparse.Namespace, what: str, progress: Progress) -> int:
    """Build after a withdraw/restore/set-metadata (caller holds the lock); the change itself stands."""
    from .build import BuildError, build

    if args.no_build:
        _say(f"{what}; run `python -m pipeline build` to update the tables.")
        return EXIT_OK
    try:
        report = build(p, progress=progress)
    except BuildError as exc:
        _say(f"{what}, but the build failed and the previous tables are unchanged: {exc}")
        return EXIT_PROBLEMS
    for line in report.problems:
        _say(f"skipped: {line}")
    _say(f"{what}; tables updated.")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    """Add a file to the corpus (checks, manifest row, build)."""
    from pathlib import Path

    from .corpus import Metadata, add_document

    p = paths()
    meta = Metadata(doc_id=args.doc_id or "", **{k: getattr(args, k) or "" for k in METADATA_FIELDS})
    progress = reporter(args.progress)
    try:
        result = add_document(
            p,
            Path(args.file),
            meta,
            name=args.name,
            build=not args.no_build,
            progress=progress,
            lock=lambda: locked(p, progress),
            allow_near_duplicate=args.allow_near_duplicate,
        )
    except _corpus_errors() as exc:
        _say(str(exc))
        return EXIT_FAILED
    row = result.row
    for warning in result.warnings:
        _say(f"note: {row['file']}: {warning}")
    where = " and built into the tables" if result.built else "; run `python -m pipeline build` to update the tables"
    _say(f"Added {row['file']} as {row['doc_id']} ({row['organisation']}, {row['year']}){where}.")
    return EXIT_OK


def _corpus_change(args: argparse.Namespace, change: Callable, describe: Callable[[dict], str]) -> int:
    """Run one corpus change under the lock, then build unless --no-build."""
    p = paths()
    progress = reporter(args.progress)
    with locked(p, progress):
        try:
            row = change(p, args.doc_id)
        except _corpus_errors() as exc:
            _say(str(exc))
            return EXIT_FAILED
        return _build_after_change(p, args, describe(row), progress)


def cmd_withdraw(args: argparse.Namespace) -> int:
    """Archive a document into raw/withdrawn/."""
    from .corpus import withdraw

    return _corpus_change(args, withdraw, lambda row: f"Withdrew {row['doc_id']} ({row['file']} archived in raw/withdrawn/)")


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring a withdrawn document back."""
    from .corpus import restore

    return _corpus_change(args, restore, lambda row: f"Restored {row['doc_id']} ({row['file']})")


def cmd_set_metadata(args: argparse.Namespace) -> int:
    """Correct a document's manifest row."""
    from .corpus import set_metadata

    changes = {k: getattr(args, k) for k in METADATA_FIELDS if getattr(args, k) is not None}
    if not changes:
        _say("Nothing to change: give at least one of " + ", ".join(f"--{k.replace('_', '-')}" for k in METADATA_FIELDS) + ".")
        return EXIT_FAILED
    p = paths()
    progress = reporter(args.progress)
    with locked(p, progress):
        try:
            set_metadata(p, args.doc_id, changes)
        except _corpus_errors() as exc:
            _say(str(exc))
            return EXIT_FAILED
        return _build_after_change(p, args, f"Updated {', '.join(changes)} of {args.doc_id}", progress)


def cmd_preview(args: argparse.Namespace) -> int:
    """What the pipeline would read from a file; writes nothing."""
    from pathlib import Path

    from .corpus import describe_near_duplicate, organisations, preview_document, preview_isolated

    path = Path(args.file)
    if not path.is_file():
        _say(f"{path}: no such file.")
        return EXIT_FAILED
    try:
        if args.in_process:
            result = preview_document(path, args.name, organisations(paths()), paths())
        else:
            result = preview_isolated(path, args.name)
    except _corpus_errors() as exc:
        _say(str(exc))
        return EXIT_FAILED
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        return EXIT_OK
    pages = "" if result.n_pages is None else f"{result.n_pages} pages, "
    print(f"{result.name}: {result.kind}, {pages}{result.n_passages} passages, {result.n_words} words")
    print(f"language detected: {result.language} (nb Bokmål, nn Nynorsk, en English; --language overrides it)")
    for warning in result.warnings:
        print(f"warning: {warning}")
    print("suggested: " + ", ".join(f"{k}={v}" for k, v in result.suggested.items()))
    for key, evidence in result.evidence.items():
        print(f"  {key} from {evidence}")
    if result.text_source != "text":
        print("text read by: OCR (Tesseract) — check it for misread words")
    for record in result.near_duplicates:
        print(f"near-duplicate: {describe_near_duplicate(result.name, record)}")
    print("sections: " + (" | ".join(result.sections) or "(none detected)"))
    print("---")
    print(result.text_start)
    return EXIT_OK


def cmd_pending(args: argparse.Namespace) -> int:
    """List (or discard) uploads waiting in raw/pending/."""
    from dataclasses import asdict

    from .corpus import discard_pending, list_pending

    p = paths()
    if args.discard:
        with locked(p):
            try:
                discard_pending(p, args.discard)
            except _corpus_errors() as exc:
                _say(str(exc))
                return EXIT_FAILED
        _say(f"Discarded pending upload {args.discard}.")
        return EXIT_OK
    try:  # settle an interrupted add first, unless a build or change holds the lock (it settles them itself)
        if p.manifest.exists():
            with FileLock(p.lock, timeout=0):
                _settle_interrupted(p)
    except Timeout:
        pass
    uploads = list_pending(p)
    if args.json:
        listing = [asdict(u) | {"path": str(p.pending / u.name)} for u in uploads]
        print(json.dumps(listing, ensure_ascii=False), flush=True)
        return EXIT_OK
    for upload in uploads:
        meta = ", ".join(f"{k}={v}" for k, v in upload.metadata.items() if v)
        print(f"{upload.name}  [{upload.status}] {upload.error}\n    {meta}")
    _say(f"{len(uploads)} pending uploads in {p.pending}; retry one with `python -m pipeline add {p.pending}/NAME`.")
    return EXIT_OK


def cmd_withdrawn(args: argparse.Namespace) -> int:
    """List withdrawn documents (raw/withdrawn/withdrawn.csv)."""
    from .corpus import read_withdrawn

    archive = read_withdrawn(paths())
    if args.json:
        print(json.dumps(archive.to_dict("records"), ensure_ascii=False), flush=True)
        return EXIT_OK
    for row in archive.itertuples(index=False):
        print(f"{row.doc_id}  {row.organisation} {row.year}  {row.title or row.file}  (withdrawn {row.withdrawn_at})")
    _say(f"{len(archive)} withdrawn documents; bring one back with `python -m pipeline restore DOC_ID`.")
    return EXIT_OK


def _register_corpus_commands(sub) -> None:
    """Subcommands that change the corpus (each takes the lock) or look at a file before adding it."""

    def metadata_options(cmd, required: bool) -> None:
        cmd.add_argument("--organisation", required=required, help="e.g. NITO")
        cmd.add_argument("--year", required=required, help="four-digit year")
        cmd.add_argument("--date", help="ISO date YYYY-MM-DD, if known")
        cmd.add_argument("--date-basis", dest="date_basis", help="how the date or year is known")
        cmd.add_argument("--doc-type", dest="doc_type", help="consultation_response, budget_input, hearing_input, position_programme or other")
        cmd.add_argument("--title")
        cmd.add_argument("--language", choices=("nb", "nn", "en", ""),
                         help="nb, nn or en: overrides the language detected from the text; --language= detects it again")

    def build_options(cmd) -> None:
        cmd.add_argument("--no-build", action="store_true", help="change the corpus only; build later")
        cmd.add_argument("--progress", choices=("auto", "jsonl", "none"), default="auto")

    add_p = sub.add_parser("add", help="add a PDF/DOCX/TXT file (checked, copied into raw/, listed, built)")
    add_p.add_argument("file", help="the file; a file in raw/pending/ retries with its saved metadata")
    metadata_options(add_p, required=False)
    add_p.add_argument("--doc-id", dest="doc_id", help="default: <organisation>-<year>-<title words>")
    add_p.add_argument("--name", help="the file's original name, if FILE is a temporary copy")
    add_p.add_argument("--allow-near-duplicate", dest="allow_near_duplicate", action="store_true",
                       help="add it even if its text nearly repeats a document already in the corpus")
    build_options(add_p)
    add_p.set_defaults(func=cmd_add)

    withdraw_p = sub.add_parser("withdraw", help="archive a document into raw/withdrawn/ (not deleted)")
    withdraw_p.add_argument("doc_id")
    build_options(withdraw_p)
    withdraw_p.set_defaults(func=cmd_withdraw)

    restore_p = sub.add_parser("restore", help="bring a withdrawn document back")
    restore_p.add_argument("doc_id")
    build_options(restore_p)
    restore_p.set_defaults(func=cmd_restore)

    meta_p = sub.add_parser("set-metadata", help="correct a document's metadata in the manifest")
    meta_p.add_argument("doc_id")
    metadata_options(meta_p, required=False)
    build_options(meta_p)
    meta_p.set_defaults(func=cmd_set_metadata)

    preview_p = sub.add_parser("preview", help="show the text and sections a file would give; writes nothing")
    preview_p.add_argument("file")
    preview_p.add_argument("--name", help="the file's original name, if FILE is a temporary copy")
    preview_p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    preview_p.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    preview_p.set_defaults(func=cmd_preview)

    pending_p = sub.add_parser("pending", help="list uploads whose add or build failed (raw/pending/)")
    pending_p.add_argument("--json", action="store_true")
    pending_p.add_argument("--discard", metavar="NAME", help="delete one pending upload")
    pending_p.set_defaults(func=cmd_pending)

    withdrawn_p = sub.add_parser("withdrawn", help="list withdrawn documents")
    withdrawn_p.add_argument("--json", action="store_true")
    withdrawn_p.set_defaults(func=cmd_withdrawn)


class _Parser(argparse.ArgumentParser):
    """argparse with a hint for values that start with "-" (argparse takes them for options)."""

    def error(self, message: str):
        if "expected one argument" in message:
            message += ' (a value that starts with "-" is written --option=value, e.g. --title=-Innspill)'
        super().error(message)


def parser() -> argparse.ArgumentParser:
    """The CLI's argument parser (subcommands register here)."""
    root = _Parser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = root.add_subparsers(dest="command", required=True, parser_class=_Parser)

    build_p = sub.add_parser("build", help="build the analysis tables (a no-op when nothing changed)")
    build_p.add_argument("--force", action="store_true", help="rebuild everything, ignoring caches")
    build_p.add_argument("--strict", action="store_true", help="fail on any bad document instead of skipping it")
    build_p.add_argument("--demand-method", dest="demand_method", choices=("rules", "rescorer"), default="",
                         help="who decides what is a demand: the rules (default; measured no worse on held-out "
                              "organisations) or the rules with the re-scorer (the Method page shows both)")
    build_p.add_argument("--progress", choices=("auto", "jsonl", "none"), default="auto")
    build_p.set_defaults(func=cmd_build)

    check_p = sub.add_parser("check", help="validate inputs without writing")
    check_p.set_defaults(func=cmd_check)
    # corpus commands (add, withdraw, restore, preview) register below
    _register_corpus_commands(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except OSError as exc:  # disk full, permissions, a vanished file: one line, never a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        _say(f"{args.command} stopped: {exc.strerror or exc}{where}. Nothing already stored was lost: the tables in use "
             "stay, and an interrupted step is finished or undone by the next command.")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
