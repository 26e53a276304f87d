"""The build: manifest + raw files + lexicon -> validated tables in processed/, written atomically.

Per-document stages (extract -> clean -> segment -> passage kinds -> lemmas) are cached in
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
import resource
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import __version__, lemma_codes, manifest, schema, store
from .config import PROJECT_ROOT, Paths
from .guards import sha256_file
from .progress import Progress, no_progress

#: Stage modules whose code shapes the per-document cache.
PER_DOCUMENT_MODULES = ("extract", "ocr", "clean", "segment", "lang_detect", "language")
#: All modules whose code shapes the outputs.
ALL_MODULES = PER_DOCUMENT_MODULES + (
    "themes", "evaluation", "topics", "trends", "build", "schema", "sentences", "demands"
)
#: Modules whose code shapes one document's demand detections (cached per document like theme tags).
DEMAND_MODULES = ("sentences", "demands", "language")
DEMAND_EVAL = PROJECT_ROOT / "data" / "eval" / "demands.csv"
DEMAND_STRATA = PROJECT_ROOT / "data" / "eval" / "demands_strata.csv"
#: Below this many uncached documents a process pool costs more than it saves.
PARALLEL_THRESHOLD = 8



class BuildError(RuntimeError):
    """The build cannot produce tables; the previous ones stay in place. `problems` lists them one by one."""

    def __init__(self, message: str, problems: Sequence[str] = ()):
        super().__init__(message)
        self.problems = tuple(problems)


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


#: Arrow types of the schema's dtypes, for the tables the cache and the build hold.
_ARROW_TYPES = {"string": pa.large_string(), "int64": pa.int64(), "Int64": pa.int64(), "bool": pa.bool_(),
                "float64": pa.float64()}


def arrow_schema(name: str, forms: bool = False) -> pa.Schema:
    """The Arrow schema of one contract table, plus a "forms" column for cached passages."""
    fields = [pa.field(c, _ARROW_TYPES[d]) for c, d in schema.TABLES[name].columns.items()]
    return pa.schema(fields + ([pa.field("forms", pa.large_string())] if forms else []))


def frame(tables: Sequence[pa.Table], name: str) -> pd.DataFrame:
    """Arrow tables of one contract table, concatenated into a conformed frame."""
    if not tables:
        return schema.empty(name)
    columns = list(schema.TABLES[name].columns)
    combined = pa.concat_tables([t.select(columns) for t in tables])
    return schema.conform(combined.to_pandas(types_mapper={pa.large_string(): pd.StringDtype()}.get), name)


@dataclass(frozen=True)
class CachedDocument:
    """One document's passages as the cache and the build hold them: an Arrow table of the schema's
    passage columns (their "lemmas": space-joined content lemmas) plus "forms" (the written form of each
    lemma, lower case, space-joined in step with the lemmas; see trends.term_forms). 10,000 of them take a fifth of
    the memory of DataFrames with lemma lists, and load without a Python object per lemma."""

    table: pa.Table
    n_pages: int
    warnings: tuple[str, ...]
    text_source: str = "text"  # schema.TEXT_SOURCES: whether OCR read the text
    detected_language: str = "nb"  # schema.LANGUAGES: detected from the body text (pipeline/lang_detect.py)

    @property
    def n_words(self) -> int:
        return sum(self.table["n_words"].to_pylist())  # pc.sum costs ~0.3 ms a call, 3 s over 10,000 documents

    @property
    def passages(self) -> pd.DataFrame:
        """The passages as a schema frame."""
        return frame([self.table], "passages")

    @property
    def lemmas(self) -> dict[str, list[str]]:
        """passage_id -> content lemmas."""
        return {pid: text.split() for pid, text in zip(self.table["passage_id"].to_pylist(), self.table["lemmas"].to_pylist())}


def process_document(path: Path, doc_id: str, organisation: str, language: str = "") -> CachedDocument:
    """Extract, clean, segment, tell passage kinds in, detect the language and lemmatise one document (pure apart
    from reading the file). `language` is the manifest's value (one of schema.LANGUAGES, or "" to use the
    detected one): it chooses the lemmatiser and is what short passages are taken to be written in.

    Columns go straight from lists to Arrow: pandas frames of ~40 rows cost more than the lemmatiser.
    """
    from . import clean, extract, lang_detect, segment
    from . import language as lemmatiser

    extracted = extract.extract(path)
    pages = clean.clean_pages(extracted.pages, extracted.kind, extracted.footnotes)
    records = segment.passage_records(pages, doc_id, extracted.headings)
    if not records:
        raise extract.ExtractionError(f"{path.name}: no text passages could be found in the document")
    columns = {c: [r[c] for r in records] for c in schema.TABLES["passages"].columns if c != "lemmas"}
    columns["kind"] = segment.passage_kinds(columns["text"], columns["kind"], organisation)
    body = [t for t, k in zip(columns["text"], columns["kind"]) if k in schema.ANALYSED_KINDS]
    detected = lang_detect.document_language(body or columns["text"])
    used = language or detected
    columns["kind"] = lang_detect.passage_kinds(columns["text"], columns["kind"], used)
    lang = used if used in schema.NORWEGIAN else "nb"  # an English document's Norwegian passages read as Bokmål
    terms = [lemmatiser.content_terms(text, lang) for text in columns["text"]]
    columns["lemmas"] = [lemma_codes.join([term for term, _ in found]) for found in terms]
    columns["forms"] = [lemma_codes.join_forms([form for _, form in found]) for found in terms]
    table = pa.table(columns, schema=arrow_schema("passages", forms=True))
    return CachedDocument(table, len(extracted.pages), tuple(extracted.warnings), extracted.text_source, detected)


def tag_document(document: CachedDocument, lexicon) -> pa.Table:
    """Theme tags of one document's analysed passages, schema passage_themes."""
    from . import themes

    kept = document.table.filter(pc.is_in(document.table["kind"], value_set=pa.array(schema.ANALYSED_KINDS, pa.large_string())))
    rows = themes.tag_rows(kept["passage_id"].to_pylist(), kept["text"].to_pylist(), lexicon)
    return pa.table(rows, schema=arrow_schema("passage_themes"))


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


#: Bumped when the cached objects change shape, so older cache files are not read.
CACHE_FORMAT = 7


def _cache_path(interim: Path, sha: str, doc_id: str, organisation: str, stage_hash: str, language: str = "") -> Path:
    """The cache file of one document: its content, the metadata that shapes its passages (organisation for the
    self-description, the manifest's language for the lemmatiser) and the stage code."""
    key = hashlib.sha256(f"{sha}|{doc_id}|{organisation}|{language}|{stage_hash}|{CACHE_FORMAT}".encode()).hexdigest()[:32]
    return interim / "documents" / f"{key}.pkl"


def _tags_path(cache_file: Path, lexicon_key: str) -> Path:
    """Theme tags of one document under one lexicon: a lexicon change re-tags without re-extracting."""
    return cache_file.parent.parent / "themes" / f"{cache_file.stem}-{lexicon_key}.pkl"


def _process_cached(args: tuple) -> tuple[CachedDocument, pa.Table] | str:
    """Worker: process and tag one document, write both cache files; returns an error line instead of raising."""
    from .extract import ExtractionError

    path, doc_id, organisation, language, cache_file, tags_file, lexicon = args
    try:
        result = process_document(path, doc_id, organisation, language)
    except ExtractionError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on one file must not stop the corpus
        return f"{path.name}: could not be read ({type(exc).__name__}: {exc})"
    tags = tag_document(result, lexicon)
    store.atomic_write_bytes(cache_file, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    store.atomic_write_bytes(tags_file, pickle.dumps(tags, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    return result, tags


#: A snapshot is rewritten when more than this share of the documents is missing from it or gone.
SNAPSHOT_SLACK = 0.02


def _snapshot_is_stale(snapshot: Mapping[str, pa.Table], keys: Sequence[str]) -> bool:
    """Whether to rewrite a snapshot: a few new documents are read from their own cache files
    instead, so adding one document to 10,000 does not rewrite 400 MB."""
    held, wanted = set(snapshot), set(keys)
    slack = SNAPSHOT_SLACK * len(wanted)
    return not held or len(wanted - held) > slack or len(held - wanted) > slack


def _load_cached(cache_file: Path, kind: type):
    """A cached object of the given type (CachedDocument, or pa.Table for tags), or None when absent or unreadable."""
    try:
        loaded = pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return loaded if isinstance(loaded, kind) else None


def inputs_fingerprint(
    rows: pd.DataFrame, shas: Mapping[str, str], themes_sha: str, params: BuildParams,
    problems: Sequence[str] = (), eval_sha: str = "",
) -> str:
    """One hash over everything that shapes the outputs; equal fingerprints mean nothing to rebuild."""
    payload = json.dumps(
        {
            "problems": list(problems),
            "manifest": rows.to_dict("records"),
            "shas": dict(sorted(shas.items())),
            "themes": themes_sha,
            "eval": eval_sha,
            "demand_eval": sha256_file(DEMAND_EVAL) if DEMAND_EVAL.exists() else "",
            "code": code_hash(ALL_MODULES),
            "topic_params": params.topic_params,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def documents_table(rows: pd.DataFrame, shas: Mapping[str, str], results: Mapping[str, CachedDocument]) -> pd.DataFrame:
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
                "language": row.language or result.detected_language,
                "detected_language": result.detected_language,
                "source_file": row.file,
                "sha256": shas[row.file],
                "n_pages": result.n_pages,
                "n_words": result.n_words,
                "n_passages": result.table.num_rows,
                "text_source": result.text_source,
            }
        )
    return schema.conform(pd.DataFrame.from_records(records, columns=list(schema.TABLES["documents"].columns)), "documents")


#: Above this share of documents added, changed or removed, the search index is built afresh.
SEARCH_REBUILD_SHARE = 0.2


#: The layout of search.sqlite; an index of another layout is never updated in place, only rebuilt.
SEARCH_FORMAT = 2


def build_search_index(
    passages: pd.DataFrame,
    documents: pd.DataFrame,
    target: Path,
    keys: Mapping[str, str] | None = None,
    previous: Path | None = None,
) -> str:
    """SQLite FTS5 index over passages, written to target; says how it was made.

    passages_fts holds passage_id, doc_id, kind (not searchable), the text (exact-word search)
    and the lemmas (lemma search: every inflection of a word, the lemmas term_counts counts). The table
    search_documents (doc_id, organisation, year, doc_type; rewritten on every build, so corrected
    metadata needs no re-indexing) lets the app filter inside the search query, before any limit.

    `keys` maps each doc_id to a key that changes whenever its passages change (the cache key).
    With `previous`, an index of an earlier build that recorded such keys, target starts as a
    copy of it and only the documents whose key differs are deleted and inserted: adding one
    document to 10,000 re-indexes ~40 passages instead of 360,000 (FTS5 keeps its BM25
    statistics exact under deletes). Each document's passages sit in one rowid range, kept in
    the table indexed_documents.
    """
    doc_ids = passages["doc_id"].astype(str).to_numpy()
    keys = dict(keys) if keys is not None else {d: "" for d in dict.fromkeys(doc_ids)}
    target.unlink(missing_ok=True)
    old = _indexed_documents(previous) if previous is not None and keys else None
    if old is not None and _search_format(previous) != SEARCH_FORMAT:
        old = None
    if old is not None:
        stale = [d for d, (key, _, _) in old.items() if keys.get(d) != key]
        fresh = [d for d, key in keys.items() if d not in old or old[d][0] != key]
        if len(set(stale) | set(fresh)) > SEARCH_REBUILD_SHARE * len(set(old) | set(keys)):
            old = None
    if old is None:
        stale, fresh = [], list(keys)
    else:
        shutil.copyfile(previous, target)
    con = sqlite3.connect(target)
    try:
        # A temporary file, moved into place only when complete: no journal or fsync is needed.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        if old is None:
            con.execute(
                "CREATE VIRTUAL TABLE passages_fts USING fts5(passage_id UNINDEXED, doc_id UNINDEXED, "
                "kind UNINDEXED, text, lemmas, tokenize = 'unicode61 remove_diacritics 0')"
            )
            con.execute("CREATE TABLE indexed_documents (doc_id TEXT PRIMARY KEY, key TEXT, first INTEGER, last INTEGER)")
            con.execute(f"PRAGMA user_version = {SEARCH_FORMAT}")
        for doc_id in stale:
            _, first, last = old[doc_id]
            con.execute("DELETE FROM passages_fts WHERE rowid BETWEEN ? AND ?", (first, last))
            con.execute("DELETE FROM indexed_documents WHERE doc_id = ?", (doc_id,))
        next_rowid = (con.execute("SELECT max(rowid) FROM passages_fts").fetchone()[0] or 0) + 1
        wanted = set(fresh)
        selected = passages.loc[pd.Series(doc_ids).isin(wanted).to_numpy()] if old is not None else passages
        ids = selected["passage_id"].astype(str).tolist()
        texts = selected["text"].astype(str).tolist()
        docs = selected["doc_id"].astype(str).tolist()
        kinds = selected["kind"].astype(str).tolist()
        lemmas = selected["lemmas"].fillna("").astype(str).tolist()
        con.executemany(
            "INSERT INTO passages_fts (rowid, passage_id, doc_id, kind, text, lemmas) VALUES (?, ?, ?, ?, ?, ?)",
            zip(range(next_rowid, next_rowid + len(ids)), ids, docs, kinds, texts, lemmas),
        )
        ranges: dict[str, list[int]] = {}
        for rowid, doc_id in enumerate(docs, start=next_rowid):
            ranges.setdefault(doc_id, [rowid, rowid])[1] = rowid
        con.executemany(
            "INSERT INTO indexed_documents (doc_id, key, first, last) VALUES (?, ?, ?, ?)",
            [(d, keys.get(d, ""), first, last) for d, (first, last) in ranges.items()],
        )
        _write_search_documents(con, documents)
        # No 'optimize' merge: it cost a third of the stage at 10,000 documents, and FTS5's automerge
        # already keeps the number of index segments logarithmic in the rows.
        con.commit()
    finally:
        con.close()
    if old is None:
        return "full"
    return f"incremental: {len(fresh)} documents indexed, {len(stale)} removed"


def _write_search_documents(con: sqlite3.Connection, documents: pd.DataFrame) -> None:
    """Replace search_documents with the build's documents (organisation, year, doc_type per doc_id)."""
    con.execute("DROP TABLE IF EXISTS search_documents")
    con.execute("CREATE TABLE search_documents (doc_id TEXT PRIMARY KEY, organisation TEXT, year INTEGER, doc_type TEXT)")
    con.executemany(
        "INSERT INTO search_documents VALUES (?, ?, ?, ?)",
        zip(documents["doc_id"].astype(str), documents["organisation"].astype(str),
            documents["year"].astype(int).tolist(), documents["doc_type"].astype(str)),
    )


def _search_format(db: Path) -> int:
    """The SEARCH_FORMAT an existing index was written with (0 when unreadable)."""
    try:
        con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _indexed_documents(db: Path) -> dict[str, tuple[str, int, int]] | None:
    """doc_id -> (key, first rowid, last rowid) of an earlier index, or None when it has none."""
    if not db.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT doc_id, key, first, last FROM indexed_documents").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return {doc_id: (key, first, last) for doc_id, key, first, last in rows}


def evaluate_themes(
    lexicon, judgements: Path, cache_dir: Path | None = None, lexicon_key: str = "", problems: list | None = None
) -> list[dict]:
    """Every theme's precision/recall with Wilson intervals on the real-text judgements (pipeline.evaluation),
    held-out organisations and grouped CV; [] when the data directory has no judgements.

    With cache_dir, the scores are kept per lexicon key and judgements file: tagging ~1,200 passages costs
    seconds in a process whose lemma caches are cold, which would dominate a one-document rebuild.
    A malformed judgements file is a build problem (named in problems), not a failed build.
    """
    from . import evaluation

    if not judgements.exists():
        return []
    try:
        frame = evaluation.load_judgements(judgements)
    except evaluation.JudgementsError as exc:
        if problems is not None:
            problems.append(str(exc))
        return []
    cached = cache_dir / f"theme_eval-{lexicon_key}-{sha256_file(judgements)[:16]}.json" if cache_dir is not None else None
    # object dtype keeps an undefined ratio as None (null in build_info), not NaN
    return _cached_scores(cached, lambda: pd.DataFrame(evaluation.evaluate(frame, lexicon), dtype=object))


def _cached_scores(cache_file: Path | None, compute: Callable[[], pd.DataFrame]) -> list[dict]:
    """compute()'s rows as plain JSON-ready dicts, kept in cache_file (when given) for the next build."""
    if cache_file is not None:
        try:
            return json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            pass
    rows = [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in compute().to_dict("records")]
    if cache_file is not None:
        store.atomic_write_text(cache_file, json.dumps(rows))
    return rows


def document_demand_rows(passages: pd.DataFrame, rows: pd.DataFrame, keys: Mapping[str, str],
                         cache_dir: Path | None) -> list[dict]:
    """Demand detections of every document's analysed passages, cached per document (its cache key and the
    demand code): a rebuild after adding one document detects in that document only."""
    from . import demands

    code = code_hash(DEMAND_MODULES)
    organisations = dict(zip(rows["doc_id"], rows["organisation"]))
    analysed = passages.loc[schema.is_analysed(passages["kind"]), ["passage_id", "doc_id", "text", "section_title"]]
    out: list[dict] = []
    for doc_id, part in analysed.groupby("doc_id", sort=False):
        cache = cache_dir / f"{keys.get(doc_id, doc_id)}-{code}.pkl" if cache_dir is not None else None
        found = _load_demand_rows(cache) if cache is not None else None
        if found is None:
            found = demands.document_demands(str(doc_id), organisations.get(doc_id, ""),
                                             zip(part["passage_id"], part["text"], part["section_title"].fillna("")))
            if cache is not None:
                store.atomic_write_bytes(cache, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        out.extend(found)
    return out


def _load_demand_rows(cache_file: Path) -> list[dict] | None:
    """One document's cached demand rows, or None when absent or unreadable."""
    try:
        loaded = pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return loaded if isinstance(loaded, list) else None


def evaluate_demands(cache_dir: Path | None = None) -> list[dict]:
    """Precision/recall of the demand rules on the labelled sentences (data/eval/demands.csv), if present;
    cached per labelled set and demand code."""
    from . import demands

    if not (DEMAND_EVAL.exists() and DEMAND_STRATA.exists()):
        return []
    cached = None
    if cache_dir is not None:
        cached = cache_dir / f"evaluation-{code_hash(DEMAND_MODULES)}-{sha256_file(DEMAND_EVAL)[:16]}.json"
    return _cached_scores(cached, lambda: demands.evaluate(
        pd.read_csv(DEMAND_EVAL, dtype={"sentence": str, "context": str, "heading": str}), pd.read_csv(DEMAND_STRATA)))


def _previous_topic_model(processed: Path, topic_params) -> dict | None:
    """The topic diagnostics of the last build if it used the same topic params and topic code."""
    from . import topics

    try:
        info = json.loads((processed / schema.BUILD_INFO).read_text(encoding="utf-8"))
        same = topics.TopicParams(**info["parameters"]["topic_params"]) == topic_params
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return info.get("topic_model") if same and info.get("topic_code") == code_hash(("topics",)) else None


def _previous_fingerprint(processed: Path) -> str | None:
    info = processed / schema.BUILD_INFO
    if not info.exists() or not all((processed / t.file_name).exists() for t in schema.TABLES.values()):
        return None
    try:
        return json.loads(info.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, json.JSONDecodeError):
        return None


def build(paths: Paths, params: BuildParams = BuildParams(), progress: Progress = no_progress) -> BuildReport:
    """Run the whole pipeline and replace the tables in paths.processed atomically.

    Bad documents are skipped with one problem line each (or fail the build with params.strict).
    Raises BuildError when nothing usable remains or the inputs as a whole are unusable.
    """
    timings: dict[str, float] = {}
    peak_mb: dict[str, int] = {}  # the main process's peak resident memory at the end of each stage
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        peak_mb[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        clock = now

    recovered = store.recover(paths.processed)
    try:
        listed = manifest.read_manifest(paths.manifest)
        rows, problems = manifest.validate(listed, paths.raw)
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
    # The problems are part of the fingerprint: correcting only a bad row rebuilds, so the list the app shows
    # is always the current manifest's.
    judgements = paths.theme_judgements
    eval_sha = sha256_file(judgements) if judgements.exists() else ""
    fingerprint = inputs_fingerprint(rows, shas, sha256_file(paths.themes), params, problem_lines, eval_sha)
    lap("inputs")
    if params.strict and problem_lines:
        raise BuildError(f"strict build stopped on {len(problem_lines)} problems, first {problem_lines[0]}", problem_lines)
    if not params.force and _previous_fingerprint(paths.processed) == fingerprint:
        return BuildReport(True, tuple(problem_lines), {}, timings)

    # Imported only when there is work to do: a no-change rebuild must not pay for sklearn and the NLP data.
    from . import demands as demands_module
    from . import themes, topics, trends

    try:
        lexicon = themes.load_lexicon(paths.themes)
    except (OSError, ValueError) as exc:
        raise BuildError(f"{paths.themes.name}: {exc}") from exc

    stage_hash = code_hash(PER_DOCUMENT_MODULES)
    lexicon_key = hashlib.sha256(paths.themes.read_bytes() + code_hash(("themes",)).encode()).hexdigest()[:16]
    results: dict[str, CachedDocument] = {}
    tags: dict[str, pa.Table] = {}
    tag_files: dict[str, Path] = {}
    doc_keys: dict[str, str] = {}  # doc_id -> cache key: the same key means the same passages
    todo = []
    documents_snapshot = paths.interim / "documents.arrow"
    tags_snapshot = paths.interim / "themes" / f"tags-{lexicon_key}.arrow"
    snapshot, snapshot_info = ({}, {}) if params.force else store.read_snapshot(documents_snapshot)
    tag_snapshot, _ = ({}, {}) if params.force else store.read_snapshot(tags_snapshot)
    for row in rows.itertuples(index=False):
        cache_file = _cache_path(paths.interim, shas[row.file], row.doc_id, row.organisation, stage_hash, row.language)
        key = doc_keys[row.doc_id] = cache_file.stem
        tag_files[row.doc_id] = _tags_path(cache_file, lexicon_key)
        if key in snapshot:
            cached = _from_snapshot(snapshot, snapshot_info, key)
        else:
            cached = None if params.force else _load_cached(cache_file, CachedDocument)
        if cached is not None:
            results[row.doc_id] = cached
            cached_tags = tag_snapshot[key] if key in tag_snapshot else _load_cached(tag_files[row.doc_id], pa.Table)
            if cached_tags is not None:
                tags[row.doc_id] = cached_tags
        else:
            todo.append((paths.raw / row.file, row.doc_id, row.organisation, row.language, cache_file,
                         tag_files[row.doc_id], lexicon))
    progress("documents", len(results), len(rows))
    previous = _served_before(paths.processed)
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
        raise BuildError(f"strict build stopped on {len(problem_lines)} problems, first {problem_lines[0]}", problem_lines)
    rows = rows.loc[rows["doc_id"].isin(results)]
    rows, shas = _keep_last_good(previous, listed, rows, shas, results, doc_keys, tag_files, snapshot, snapshot_info,
                                 paths, stage_hash, lexicon_key, problem_lines)
    if rows.empty:
        raise BuildError("no readable documents: " + " | ".join(problem_lines))

    documents = documents_table(rows, shas, results)
    doc_ids = rows["doc_id"].tolist()
    if _snapshot_is_stale(snapshot, [doc_keys[d] for d in doc_ids]):
        store.write_snapshot(documents_snapshot, {doc_keys[d]: results[d].table for d in doc_ids},
                       {doc_keys[d]: [results[d].n_pages, list(results[d].warnings), results[d].text_source,
                                      results[d].detected_language] for d in doc_ids})
    del snapshot
    passages = frame([results[d].table for d in doc_ids], "passages")
    # Content lemmas as integer codes by passage_id, encoded once for topics and trends.
    lemmas = lemma_codes.passage_lemmas(
        passages["passage_id"].tolist(),
        pa.chunked_array([results[d].table["lemmas"] for d in doc_ids], type=pa.large_string()),
    )
    forms = trends.term_forms(
        *(pa.chunked_array([results[d].table[c] for d in doc_ids], type=t)
          for c, t in (("kind", pa.large_string()), ("lemmas", pa.large_string()), ("forms", pa.large_string())))
    )
    warnings_by_doc = {d: list(results[d].warnings) for d in doc_ids if results[d].warnings}
    lap("assemble")

    progress("themes", 0, 1)
    for doc_id in doc_ids:  # documents from the cache whose tags under this lexicon are not cached yet
        if doc_id not in tags:
            tags[doc_id] = tag_document(results[doc_id], lexicon)
            store.atomic_write_bytes(
                tag_files[doc_id], pickle.dumps(tags[doc_id], protocol=pickle.HIGHEST_PROTOCOL), durable=False
            )
    del results  # the frames above hold the same data
    passage_themes = frame([tags[d] for d in doc_ids], "passage_themes")
    if _snapshot_is_stale(tag_snapshot, [doc_keys[d] for d in doc_ids]):
        store.write_snapshot(tags_snapshot, {doc_keys[d]: tags[d] for d in doc_ids}, {})
    del tag_snapshot
    theme_table = themes.themes_table(lexicon)
    codebook = themes.parse_codebook(paths.codebook.read_text(encoding="utf-8")) if paths.codebook.exists() else {}
    theme_scores = evaluate_themes(
        lexicon, judgements, None if params.force else paths.interim / "themes", lexicon_key, problem_lines
    )
    lap("themes")

    progress("demands", 0, 1)
    demand_rows = document_demand_rows(passages, rows, {d: doc_keys[d] for d in doc_ids},
                                       None if params.force else paths.interim / "demands")
    demand_table = demands_module.demands_table(demand_rows, dict(zip(rows["doc_id"], rows["organisation"])),
                                                passage_themes)
    demand_evaluation = evaluate_demands(None if params.force else paths.interim / "demands")
    lap("demands")

    progress("topics", 0, 1)
    topic_params = topics.TopicParams(**params.topic_params)
    previous_model = None if params.force else _previous_topic_model(paths.processed, topic_params)
    organisations = dict(zip(documents["doc_id"].astype(str), documents["organisation"].astype(str)))
    model = topics.fit_topics(passages, lemmas, topic_params, previous_model, organisations)
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
        previous_db = None if params.force else paths.processed / schema.SEARCH_DB
        search_method = build_search_index(passages, documents, tmp_db, {d: doc_keys[d] for d in doc_ids},
                                           previous_db)
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
            "demands": demand_table,
            "term_forms": forms,
        }
        row_counts = {name: len(df) for name, df in tables.items()}
        info: schema.BuildInfo = {
            "version": __version__,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "fingerprint": fingerprint,
            "parameters": {**asdict(params), "topic_params": asdict(topic_params)},
            "inputs": {"manifest": sha256_file(paths.manifest), "themes": sha256_file(paths.themes), **shas},
            "n_documents": len(documents),
            "row_counts": row_counts,
            "timings": timings,
            "peak_memory_mb": peak_mb,
            "problems": problem_lines,
            "recovered": recovered,
            "warnings": warnings_by_doc,
            "theme_evaluation": theme_scores,
            "demand_evaluation": demand_evaluation,
            "codebook": codebook,
            "search_index": search_method,
            "topic_model": model.diagnostics,
            "topic_code": code_hash(("topics",)),
        }
        progress("write", 0, 1)
        store.write_outputs(paths.processed, tables, info, search_db=tmp_db)
    finally:
        tmp_db.unlink(missing_ok=True)
    lap("write")
    progress("done", 1, 1)
    return BuildReport(False, tuple(problem_lines), row_counts, timings)


def _served_before(processed: Path) -> pd.DataFrame:
    """The documents table of the current build (empty when there is none)."""
    try:
        return store.read_table(processed, "documents")
    except (OSError, ValueError):
        return schema.empty("documents")


def _keep_last_good(previous: pd.DataFrame, listed: pd.DataFrame, rows: pd.DataFrame, shas: Mapping[str, str],
                    results: dict, doc_keys: dict, tag_files: dict, snapshot, snapshot_info, paths: Paths,
                    stage_hash: str, lexicon_key: str, problem_lines: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Keep serving the last good version of every document that was served and is still listed in the
    manifest (by doc_id or file) but whose row or file is now bad: a build never silently shrinks the corpus.

    The last good version is the previous build's metadata and the cached passages of its file's content.
    Documents removed from the manifest on purpose (withdrawn) are not kept. Adds one problem line per kept
    document, so the CLI exits non-zero and the app lists it.
    """
    shas = dict(shas)
    still_listed = set(listed["doc_id"]) | set(listed["file"])
    gone = previous.loc[~previous["doc_id"].isin(set(rows["doc_id"]))
                        & (previous["doc_id"].isin(still_listed) | previous["source_file"].isin(still_listed))]
    kept = []
    for old in gone.itertuples(index=False):
        # the manifest's language shaped the cache key: the served language, or "" when it was detected (a value
        # equal to the detected one may be either)
        served = "" if pd.isna(old.language) else str(old.language)
        cached, cache_file, manifest_language = None, None, ""
        for manifest_language in dict.fromkeys((served, "")):
            cache_file = _cache_path(paths.interim, old.sha256, old.doc_id, old.organisation, stage_hash,
                                     manifest_language)
            key = cache_file.stem
            cached = (_from_snapshot(snapshot, snapshot_info, key) if key in snapshot
                      else _load_cached(cache_file, CachedDocument))
            if cached is not None:
                break
        if cached is None:
            problem_lines.append(f"{old.source_file}: its last good version could not be kept (not in the cache); "
                                 f"{old.doc_id} is left out until it is fixed")
            continue
        results[old.doc_id] = cached
        doc_keys[old.doc_id] = key
        tag_files[old.doc_id] = _tags_path(cache_file, lexicon_key)
        shas[old.source_file] = old.sha256
        kept.append({"doc_id": old.doc_id, "file": old.source_file, "organisation": old.organisation,
                     "year": str(old.year), "date": "" if pd.isna(old.date) else str(old.date)[:10],
                     "date_basis": "" if pd.isna(old.date_basis) else old.date_basis, "doc_type": old.doc_type,
                     "title": "" if pd.isna(old.title) else old.title,
                     "language": manifest_language})
        problem_lines.append(f"{old.source_file}: the last good version of {old.doc_id} is still served until its "
                             "row or file is fixed")
    if not kept:
        return rows, shas
    return pd.concat([rows, pd.DataFrame(kept, columns=list(rows.columns))], ignore_index=True), shas


def _from_snapshot(snapshot: Mapping[str, pa.Table], snapshot_info: Mapping[str, list], key: str) -> CachedDocument:
    """One document as the snapshot holds it: its passages and [n_pages, warnings, text_source, detected language]."""
    n_pages, warnings, text_source, detected = snapshot_info[key]
    return CachedDocument(snapshot[key], n_pages, tuple(warnings), text_source, detected)


def _collect(args, outcome, results: dict, tags: dict, problem_lines: list[str]) -> None:
    if isinstance(outcome, str):
        problem_lines.append(outcome)
    else:
        results[args[1]], tags[args[1]] = outcome
