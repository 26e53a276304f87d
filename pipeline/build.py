"""The build: manifest + raw files + lexicon -> validated tables in processed/, written atomically.

Per-document stages (extract -> clean -> segment -> boilerplate -> lemmas) are cached in
interim/ by the file's content hash, the document's metadata that shapes the output, and a
hash of the stage code; corpus-wide stages (themes, topics, term counts, search index) run
on every build that has changed inputs. A build whose inputs match the last build's is a
no-op.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import __version__, manifest, schema, store
from .config import PROJECT_ROOT, Paths

#: Stage modules whose code shapes the per-document cache.
PER_DOCUMENT_MODULES = ("extract", "clean", "segment", "language")
#: All modules whose code shapes the outputs.
ALL_MODULES = PER_DOCUMENT_MODULES + ("themes", "topics", "trends", "build", "schema")
THEME_EVAL = PROJECT_ROOT / "tests" / "fixtures" / "theme_eval.csv"
#: Below this many uncached documents a process pool costs more than it saves.
PARALLEL_THRESHOLD = 8

Progress = Callable[[str, int, int], None]


class BuildError(RuntimeError):
    """The build cannot produce tables; the previous ones stay in place."""


@dataclass(frozen=True)
class BuildParams:
    """Settings of a build; stored in build_info.json."""

    force: bool = False
    strict: bool = False
    workers: int = min(2, os.cpu_count() or 1)
    topic_params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BuildReport:
    """What a build did: skipped (nothing changed), problems, row counts and timings."""

    skipped: bool
    problems: tuple[str, ...]
    row_counts: Mapping[str, int]
    timings: Mapping[str, float]


@dataclass(frozen=True)
class DocumentResult:
    """Per-document output: passages (schema), content lemmas per passage, page count, warnings."""

    passages: pd.DataFrame
    lemmas: dict[str, list[str]]
    n_pages: int
    warnings: tuple[str, ...]


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_shas(raw: Path, files: Sequence[str], cache_path: Path) -> dict[str, str]:
    """SHA-256 of each file, re-hashing only files whose size or modification time changed since the last build."""
    try:
        known = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        known = {}
    shas, fresh = {}, {}
    for name in files:
        stat = (raw / name).stat()
        entry = known.get(name)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            shas[name] = entry[2]
        else:
            shas[name] = sha256_file(raw / name)
        fresh[name] = [stat.st_size, stat.st_mtime_ns, shas[name]]
    if fresh != known:
        store.atomic_write_text(cache_path, json.dumps(fresh))
    return shas


def code_hash(modules: Sequence[str]) -> str:
    """Hash of the source of the given pipeline modules, so a code change invalidates what it shaped."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in modules:
        source = here / f"{name}.py"
        if source.exists():
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def process_document(path: Path, doc_id: str, organisation: str) -> DocumentResult:
    """Extract, clean, segment and lemmatise one document (pure apart from reading the file)."""
    from . import clean, extract, language, segment

    extracted = extract.extract(path)
    pages = clean.clean_pages(extracted.pages, extracted.kind)
    passages = segment.segment(pages, doc_id, extracted.headings)
    passages = segment.mark_boilerplate(passages, organisation)
    if passages.empty:
        raise extract.ExtractionError(f"{path.name}: no text passages could be found in the document")
    lemmas = {pid: language.content_lemmas(text) for pid, text in zip(passages["passage_id"], passages["text"])}
    return DocumentResult(passages, lemmas, len(extracted.pages), tuple(extracted.warnings))


def _cache_path(interim: Path, sha: str, doc_id: str, organisation: str, stage_hash: str) -> Path:
    key = hashlib.sha256(f"{sha}|{doc_id}|{organisation}|{stage_hash}".encode()).hexdigest()[:32]
    return interim / "documents" / f"{key}.pkl"


def _tags_path(cache_file: Path, lexicon_key: str) -> Path:
    """Theme tags of one document under one lexicon: a lexicon change re-tags without re-extracting."""
    return cache_file.parent.parent / "themes" / f"{cache_file.stem}-{lexicon_key}.pkl"


def _process_cached(args: tuple) -> tuple[DocumentResult, pd.DataFrame] | str:
    """Worker: process and tag one document, write both cache files; returns an error line instead of raising."""
    from . import themes
    from .extract import ExtractionError

    path, doc_id, organisation, cache_file, tags_file, lexicon = args
    try:
        result = process_document(path, doc_id, organisation)
    except ExtractionError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on one file must not stop the corpus
        return f"{path.name}: could not be read ({type(exc).__name__}: {exc})"
    tags = themes.tag_passages(result.passages, lexicon)
    store.atomic_write_bytes(cache_file, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    store.atomic_write_bytes(tags_file, pickle.dumps(tags, protocol=pickle.HIGHEST_PROTOCOL))
    return result, tags


def _load_cached(cache_file: Path):
    """A cached DocumentResult or tag frame, or None when absent or unreadable."""
    if not cache_file.exists():
        return None
    try:
        return pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


def inputs_fingerprint(rows: pd.DataFrame, shas: Mapping[str, str], themes_sha: str, params: BuildParams) -> str:
    """One hash over everything that shapes the outputs; equal fingerprints mean nothing to rebuild."""
    payload = json.dumps(
        {
            "manifest": rows.to_dict("records"),
            "shas": dict(sorted(shas.items())),
            "themes": themes_sha,
            "eval": sha256_file(THEME_EVAL) if THEME_EVAL.exists() else "",
            "code": code_hash(ALL_MODULES),
            "topic_params": params.topic_params,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def documents_table(rows: pd.DataFrame, shas: Mapping[str, str], results: Mapping[str, DocumentResult]) -> pd.DataFrame:
    """The documents table from manifest rows and their per-document results."""
    records = []
    for row in rows.itertuples(index=False):
        result = results[row.doc_id]
        records.append(
            {
                "doc_id": row.doc_id,
                "organisation": row.organisation,
                "year": int(row.year),
                "date": row.date or None,
                "date_basis": row.date_basis,
                "doc_type": row.doc_type,
                "title": row.title or row.file,
                "language": row.language or "nb",
                "source_file": row.file,
                "sha256": shas[row.file],
                "n_pages": result.n_pages,
                "n_words": int(result.passages["n_words"].sum()),
                "n_passages": len(result.passages),
            }
        )
    return schema.conform(pd.DataFrame.from_records(records, columns=list(schema.TABLES["documents"].columns)), "documents")


def build_search_index(passages: pd.DataFrame, target: Path) -> None:
    """SQLite FTS5 index over passages (passage_id, text), written to target."""
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target)
    try:
        con.execute(
            "CREATE VIRTUAL TABLE passages_fts USING fts5("
            "passage_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 0')"
        )
        con.executemany(
            "INSERT INTO passages_fts (passage_id, text) VALUES (?, ?)",
            zip(passages["passage_id"].astype(str), passages["text"].astype(str)),
        )
        con.execute("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')")
        con.commit()
    finally:
        con.close()


def evaluate_themes(lexicon) -> list[dict]:
    """Precision/recall of the lexicon on the hand-labelled set, if it is there."""
    from . import themes

    if not THEME_EVAL.exists():
        return []
    labelled = pd.read_csv(THEME_EVAL, dtype={"text": str})
    scores = themes.evaluate(labelled, lexicon)
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in scores.to_dict("records")]


def _previous_fingerprint(processed: Path) -> str | None:
    info = processed / schema.BUILD_INFO
    if not info.exists() or not all((processed / t.file_name).exists() for t in schema.TABLES.values()):
        return None
    try:
        return json.loads(info.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, json.JSONDecodeError):
        return None


def _noop_progress(stage: str, done: int, total: int) -> None:
    pass


def build(paths: Paths, params: BuildParams = BuildParams(), progress: Progress = _noop_progress) -> BuildReport:
    """Run the whole pipeline and replace the tables in paths.processed atomically.

    Bad documents are skipped with one problem line each (or fail the build with params.strict).
    Raises BuildError when nothing usable remains or the inputs as a whole are unusable.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    recovered = store.recover(paths.processed)
    try:
        rows, problems = manifest.validate(manifest.read_manifest(paths.manifest), paths.raw)
    except manifest.ManifestError as exc:
        raise BuildError(str(exc)) from exc
    problem_lines = [str(p) for p in problems]
    if not paths.themes.is_file():
        raise BuildError(f"{paths.themes}: theme lexicon not found")
    shas = file_shas(paths.raw, list(rows["file"]), paths.interim / "file_shas.json")
    duplicate = rows.assign(sha=rows["file"].map(shas)).duplicated("sha")
    for row in rows.loc[duplicate].itertuples(index=False):
        problem_lines.append(f"{row.file}: same content as another document in the manifest; skipped")
    rows = rows.loc[~duplicate]
    fingerprint = inputs_fingerprint(rows, shas, sha256_file(paths.themes), params)
    lap("inputs")
    if params.strict and problem_lines:
        raise BuildError("strict build stopped: " + " | ".join(problem_lines))
    if not params.force and _previous_fingerprint(paths.processed) == fingerprint:
        return BuildReport(True, tuple(problem_lines), {}, timings)

    # Imported only when there is work to do: a no-change rebuild must not pay for sklearn and the NLP data.
    from . import themes, topics, trends

    try:
        lexicon = themes.load_lexicon(paths.themes)
    except (OSError, ValueError) as exc:
        raise BuildError(f"{paths.themes.name}: {exc}") from exc

    stage_hash = code_hash(PER_DOCUMENT_MODULES)
    lexicon_key = hashlib.sha256(paths.themes.read_bytes() + code_hash(("themes",)).encode()).hexdigest()[:16]
    results: dict[str, DocumentResult] = {}
    tags: dict[str, pd.DataFrame] = {}
    tag_files: dict[str, Path] = {}
    todo = []
    for row in rows.itertuples(index=False):
        cache_file = _cache_path(paths.interim, shas[row.file], row.doc_id, row.organisation, stage_hash)
        tag_files[row.doc_id] = _tags_path(cache_file, lexicon_key)
        cached = None if params.force else _load_cached(cache_file)
        if cached is not None:
            results[row.doc_id] = cached
            cached_tags = _load_cached(tag_files[row.doc_id])
            if cached_tags is not None:
                tags[row.doc_id] = cached_tags
        else:
            todo.append((paths.raw / row.file, row.doc_id, row.organisation, cache_file, tag_files[row.doc_id], lexicon))
    progress("documents", len(results), len(rows))
    if len(todo) >= PARALLEL_THRESHOLD and params.workers > 1:
        with ProcessPoolExecutor(max_workers=params.workers) as pool:
            outcomes = pool.map(_process_cached, todo, chunksize=max(1, len(todo) // (params.workers * 8)))
            for args, outcome in zip(todo, outcomes):
                _collect(args, outcome, results, tags, problem_lines)
                progress("documents", len(results), len(rows))
    else:
        for args in todo:
            _collect(args, _process_cached(args), results, tags, problem_lines)
            progress("documents", len(results), len(rows))
    lap("documents")
    if params.strict and problem_lines:
        raise BuildError("strict build stopped: " + " | ".join(problem_lines))
    rows = rows.loc[rows["doc_id"].isin(results)]
    if rows.empty:
        raise BuildError("no readable documents: " + " | ".join(problem_lines))

    documents = documents_table(rows, shas, results)
    passages = schema.conform(pd.concat([results[d].passages for d in rows["doc_id"]], ignore_index=True), "passages")
    lemmas: dict[str, list[str]] = {}
    for doc_id in rows["doc_id"]:
        lemmas.update(results[doc_id].lemmas)
    lap("assemble")

    progress("themes", 0, 1)
    untagged = [d for d in rows["doc_id"] if d not in tags]
    if untagged:  # documents from the cache whose tags under this lexicon are not cached yet
        fresh = themes.tag_passages(passages.loc[passages["doc_id"].isin(untagged)], lexicon)
        fresh_doc = fresh["passage_id"].str.rsplit(":", n=1).str[0]
        for doc_id in untagged:
            tags[doc_id] = fresh.loc[fresh_doc == doc_id].reset_index(drop=True)
            store.atomic_write_bytes(tag_files[doc_id], pickle.dumps(tags[doc_id], protocol=pickle.HIGHEST_PROTOCOL))
    passage_themes = schema.conform(pd.concat([tags[d] for d in rows["doc_id"]], ignore_index=True), "passage_themes")
    theme_table = themes.themes_table(lexicon)
    evaluation = evaluate_themes(lexicon)
    lap("themes")

    progress("topics", 0, 1)
    topic_params = topics.TopicParams(**params.topic_params)
    model = topics.fit_topics(passages, lemmas, topic_params)
    lap("topics")

    progress("trends", 0, 1)
    counts = trends.term_counts(passages, lemmas)
    lap("trends")

    progress("search", 0, 1)
    paths.processed.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".search.", suffix=".tmp", dir=paths.processed)
    os.close(fd)
    tmp_db = Path(tmp_name)
    try:
        build_search_index(passages, tmp_db)
        lap("search")
        tables = {
            "documents": documents,
            "passages": passages,
            "themes": theme_table,
            "passage_themes": passage_themes,
            "topics": model.topics,
            "topic_terms": model.topic_terms,
            "passage_topics": model.passage_topics,
            "term_counts": counts,
        }
        row_counts = {name: len(df) for name, df in tables.items()}
        info = {
            "version": __version__,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "fingerprint": fingerprint,
            "parameters": {**asdict(params), "topic_params": asdict(topic_params)},
            "inputs": {"manifest": sha256_file(paths.manifest), "themes": sha256_file(paths.themes), **shas},
            "n_documents": len(documents),
            "row_counts": row_counts,
            "timings": timings,
            "problems": problem_lines,
            "recovered": recovered,
            "warnings": {d: list(results[d].warnings) for d in rows["doc_id"] if results[d].warnings},
            "theme_evaluation": evaluation,
            "topic_model": model.diagnostics,
        }
        progress("write", 0, 1)
        store.write_outputs(paths.processed, tables, info, search_db=tmp_db)
    finally:
        tmp_db.unlink(missing_ok=True)
    lap("write")
    progress("done", 1, 1)
    return BuildReport(False, tuple(problem_lines), row_counts, timings)


def _collect(args, outcome, results: dict, tags: dict, problem_lines: list[str]) -> None:
    if isinstance(outcome, str):
        problem_lines.append(outcome)
    else:
        results[args[1]], tags[args[1]] = outcome
