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
import tempfile
from collections.abc import Callable, Mapping, Sequence, Set
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import __version__, lemma_codes, manifest, schema, snapshot, store
from .caches import (CachedDocument, cache_path, changed_since_import, code_hash, column_of, file_shas,
                     frame, import_modules, load_cached, prune_entries, save_cached, tags_path)
from .config import Paths
from .guards import sha256_file
from .progress import Progress, no_progress
from .search_index import build_search_index
from .read import page_count, process_document, read_document, tag_document
from .stages import Stages, fix_mmap_threshold

#: Stage modules whose code shapes the per-document cache.
PER_DOCUMENT_MODULES = ("read", "extract", "pdf_tables", "ocr", "clean", "segment", "lang_detect", "language",
                        "lemma_codes", "schema")
#: All modules whose code shapes the outputs.
ALL_MODULES = PER_DOCUMENT_MODULES + (
    "themes", "evaluation", "topics", "trends", "build", "schema", "sentences", "demands", "demands_model", "caches",
    "search_index", "demand_groups"
)
#: Modules whose code shapes one document's demand detections (cached per document like theme tags).
DEMAND_MODULES = ("sentences", "demands", "language")
#: Modules whose code shapes the demand re-scorer and the demand evaluation.
DEMAND_MODEL_MODULES = DEMAND_MODULES + ("demands_model",)
#: Modules whose code shapes the groups of distinct demands (demand_groups.group_labels over demand_terms' lemmas).
GROUP_MODULES = ("demand_groups", "demands", "language")
#: Modules whose code shapes the term forms' counts over the corpus (trends.form_counts, schema.ANALYSED_KINDS).
FORMS_MODULES = ("trends", "schema")
#: Modules whose code shapes what a pool worker writes into the caches: a document's passages, its theme tags (the
#: lexicon key) and its demand detections.
WORKER_MODULES = tuple(dict.fromkeys(PER_DOCUMENT_MODULES + ("themes",) + DEMAND_MODULES))
BUILD_WARNINGS = schema.BUILD_WARNINGS
#: The tables a build writes, in the order its report and build_info's row counts list them.
OUTPUT_ORDER = ("documents", "passages", "themes", "passage_themes", "topics", "topic_terms", "passage_topics",
                "term_counts", "demands", "term_forms")
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
    #: Who decides what is a demand: "rules" or "rescorer" (pipeline.demands_model.METHODS); "" = its DEFAULT_METHOD.
    demand_method: str = ""


@dataclass(frozen=True)
class BuildReport:
    """What a build did: skipped (nothing changed), problems, row counts and timings."""

    skipped: bool
    problems: tuple[str, ...]
    row_counts: Mapping[str, int]
    timings: Mapping[str, float]
    warnings: tuple[str, ...] = ()  # about the build as a whole (build_info warnings[BUILD_WARNINGS])



@dataclass(frozen=True)
class DocumentWork:
    """One uncached document for a worker: its file, its manifest identity, where its results are cached, the lexicon."""

    path: Path
    doc_id: str
    organisation: str
    language: str  # the manifest's language ("" = detect it)
    cache_file: Path
    tags_file: Path
    lexicon: object
    #: Where the document's demand detections are cached (None: not detected here, the demands stage does it).
    demands_file: Path | None = None
    #: code_hash(WORKER_MODULES) of the build: the code the cache files' names were made for.
    code: str = ""


def demand_cache_file(cache_dir: Path, key: str, code: str) -> Path:
    """The cache entry of one document's demand detections: its document cache key and the demand code."""
    return cache_dir / f"{key}-{code}.pkl"


def detect_document_demands(table: pa.Table, doc_id: str, organisation: str) -> pa.Table:
    """demands.document_table of one document's analysed passages (its passages table as process_document gives it),
    the same rows document_demand_rows detects from the assembled passages."""
    from . import demands

    kept = table.filter(pc.is_in(table["kind"], value_set=pa.array(schema.ANALYSED_KINDS, pa.large_string())))
    titles = ["" if title is None else title for title in kept["section_title"].to_pylist()]
    return demands.document_table(demands.document_demands(
        doc_id, organisation, zip(kept["passage_id"].to_pylist(), kept["text"].to_pylist(), titles)))


def _process_cached(work: DocumentWork) -> tuple[CachedDocument, pa.Table] | str:
    """Worker: process and tag one document, write both cache files; returns an error line instead of raising.
    With work.demands_file it also detects the document's demands and caches them: a per-document map like the
    tags, so it runs in the pool instead of one process of the demands stage (~40 % of a cold build's CPU there)."""
    from .extract import ExtractionError

    try:
        result, tokens = read_document(work.path, work.doc_id, work.organisation, work.language)
    except ExtractionError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on one file must not stop the corpus
        return f"{work.path.name}: could not be read ({type(exc).__name__}: {exc})"
    tags = tag_document(result, work.lexicon, work.language, tokens)
    save_cached(work.cache_file, result)
    save_cached(work.tags_file, tags)
    if work.demands_file is not None:
        try:
            save_cached(work.demands_file, detect_document_demands(result.table, work.doc_id, work.organisation))
        except Exception:  # noqa: BLE001 - the demands stage detects again and reports it there, as before
            pass
    return result, tags


def _process_in_pool(work: DocumentWork) -> str | None | bool:
    """Worker of the documents stage's pool: _process_cached, returning only its error line (None: the document's
    passages and tags are in their cache files). The main process reads them once the pool is gone: sent back as they
    were done, they piled up in the main process (~800 MiB at 10,000 documents) while both workers still held their own
    memory, the process tree's peak of a cold build. False: this worker runs other code than the build's
    (_runs_code), so it wrote nothing, and the main process processes the document itself."""
    if not _runs_code(work.code):
        return False
    outcome = _process_cached(work)
    return outcome if isinstance(outcome, str) else None


@lru_cache(maxsize=None)
def _runs_code(code: str) -> bool:
    """Whether this process runs the worker code whose hash is `code` (the build's, which names the cache files): its
    own snapshot of the sources hashes to it (a worker started by spawn or forkserver takes its own when it imports the
    package; a forked one inherits the build's), and no worker module was imported here after its file changed. Once
    per process: with every worker module imported, its code is fixed."""
    return not import_modules(WORKER_MODULES) and code_hash(WORKER_MODULES) == code


def _cached_outcome(work: DocumentWork) -> tuple[CachedDocument, pa.Table] | str:
    """A document a worker processed: its passages and tags from the cache files the worker wrote (processed again
    here if either cannot be read back)."""
    result, tags = load_cached(work.cache_file, CachedDocument), load_cached(work.tags_file, pa.Table)
    return _process_cached(work) if result is None or tags is None else (result, tags)


def inputs_fingerprint(
    rows: pd.DataFrame, shas: Mapping[str, str], themes_sha: str, params: BuildParams,
    problems: Sequence[str] = (), eval_sha: str = "", demand_eval_sha: str = "",
) -> str:
    """One hash over everything that shapes the outputs; equal fingerprints mean nothing to rebuild."""
    payload = json.dumps(
        {
            "problems": list(problems),
            "manifest": rows.to_dict("records"),
            "shas": dict(sorted(shas.items())),
            "themes": themes_sha,
            "eval": eval_sha,
            "demand_eval": demand_eval_sha,
            "code": code_hash(ALL_MODULES),
            "topic_params": params.topic_params,
            "demand_method": params.demand_method,
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



def evaluate_themes(
    lexicon, judgements: Path, cache_dir: Path | None = None, lexicon_key: str = "", problems: list | None = None,
    heldout_parts: Path | None = None, heldout_spent: Path | None = None, heldout_quoted: Path | None = None,
) -> list[dict]:
    """Every theme's precision/recall with Wilson intervals on the real-text judgements (pipeline.evaluation), held-out
    organisations and grouped CV; [] when the data directory has no judgements. heldout_parts (when the file exists)
    moves part A of the held-out organisations to tuning (evaluation.apply_heldout_parts); heldout_spent names themes
    whose held-out rows (part B, C, D, E or F) were tuned on after their measurement (evaluation.mark_spent: a spent
    fresh part drops out of the theme's pooled figure); heldout_quoted lists part-C documents and themes the issue
    quoted, whose rows are reported apart (evaluation.apply_quoted).

    With cache_dir, the scores are kept per lexicon key and judgements file: tagging ~1,200 passages costs
    seconds in a process whose lemma caches are cold, which would dominate a one-document rebuild.
    A malformed judgements file is a build problem (named in problems), not a failed build.
    """
    from . import evaluation

    if not judgements.exists():
        return []
    try:
        parts = evaluation.load_heldout_parts(heldout_parts) if heldout_parts is not None else None
        frame = evaluation.apply_heldout_parts(evaluation.load_judgements(judgements), parts)
        quoted = evaluation.load_quoted(heldout_quoted) if heldout_quoted is not None else None
        frame = evaluation.apply_quoted(frame, quoted)
        # every part the file may name (B, then the fresh parts C, D, E, F …)
        spent = evaluation.load_spent_parts(heldout_spent) if heldout_spent is not None else {}
    except evaluation.JudgementsError as exc:
        if problems is not None:
            problems.append(str(exc))
        return []
    # the evaluation code is part of the key: a score cached by older code may lack a field the contract now has
    data_key = sha256_file(judgements)[:16] + "-" + code_hash(("evaluation",))[:8]
    if parts is not None:
        data_key += "-" + sha256_file(heldout_parts)[:8]
    if any(spent.values()):
        data_key += "-" + sha256_file(heldout_spent)[:8]
    if quoted is not None:
        data_key += "-" + sha256_file(heldout_quoted)[:8]
    cached = cache_dir / f"theme_eval-{lexicon_key}-{data_key}.json" if cache_dir is not None else None
    # object dtype keeps an undefined ratio as None (null in build_info), not NaN
    return _cached_scores(cached, lambda: pd.DataFrame(evaluation.evaluate(frame, lexicon, spent_parts=spent),
                                                         dtype=object))


def theme_vetoes(lexicon: Sequence) -> dict[str, dict[str, str]]:
    """build_info theme_vetoes: each theme's veto phrases and the phrases that lift a veto, "|"-joined as the themes
    table joins terms and exclusions ({name} lists written out), so the Method page can show what blocks a tag."""
    from . import themes

    def joined(phrases: Sequence[str], groups: dict) -> str:
        return "|".join(themes._readable(phrase, groups) for phrase in phrases)

    return {t.theme_id: {"vetoes": joined(t.vetoes, dict(t.groups)), "unless": joined(t.veto_unless, dict(t.groups))}
            for t in lexicon if t.vetoes}


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
                         cache_dir: Path | None, reuse: bool = True, used: set[str] | None = None,
                         detected: Set[str] = frozenset()) -> pa.Table:
    """Demand detections of every document's analysed passages (demands.document_table's columns), cached per
    document (its cache key and the demand code): a rebuild after adding one document detects in that document only.
    reuse=False (a forced build) detects again but still writes the cache, so the next build can reuse it. The cache
    files' names go into used (when given): the entries this build needs, which a prune keeps. detected: documents
    whose entries this build's workers wrote (read even when reuse=False).

    Each document's rows are cached as columns (a pyarrow Table): as one list of dicts, the 740,000 rows of a
    10,000-document corpus held about three times their text in memory at the build's peak, and unpickling dicts
    then converting them cost more than reading the columns."""
    from . import demands

    code = code_hash(DEMAND_MODULES)
    organisations = dict(zip(rows["doc_id"], rows["organisation"]))
    analysed = schema.is_analysed(passages["kind"])
    order = pd.unique(passages["doc_id"].to_numpy()[analysed])  # the documents with analysed passages, in order
    tables: dict[str, pa.Table] = {}
    # Every document's detections in one memory-mapped file: adding one document to 10,000 read 10,000 pickles here.
    snapshot_file = demand_snapshot_file(cache_dir, code) if cache_dir is not None else None
    held, _ = snapshot.load(snapshot_file, force=not reuse) if snapshot_file is not None else ({}, {})
    for doc_id in order:
        key = keys.get(doc_id, doc_id)
        cache = demand_cache_file(cache_dir, key, code) if cache_dir is not None else None
        found = held.get(key) if doc_id not in detected else None
        if found is None and cache is not None and (reuse or doc_id in detected):
            found = load_cached(cache, pa.Table)
        if found is not None:
            tables[doc_id] = found
        if cache is not None and used is not None:
            used.add(cache.name)
    missing = [doc_id for doc_id in order if doc_id not in tables]
    if missing:  # only these documents' passages are sliced out (a groupby over 10,000 documents costs seconds)
        todo = passages.loc[analysed & passages["doc_id"].isin(missing).to_numpy(),
                            ["passage_id", "doc_id", "text", "section_title"]]
        for doc_id, part in todo.groupby("doc_id", sort=False):
            found = demands.document_table(demands.document_demands(
                str(doc_id), organisations.get(doc_id, ""),
                zip(part["passage_id"], part["text"], part["section_title"].fillna(""))))
            if cache_dir is not None:
                save_cached(demand_cache_file(cache_dir, keys.get(doc_id, doc_id), code), found)
            tables[doc_id] = found
    if snapshot_file is not None:
        snapshot.refresh(snapshot_file, held, {keys.get(doc_id, doc_id): tables[doc_id] for doc_id in order}, {})
        if used is not None:
            used.add(snapshot_file.name)
    return pa.concat_tables([tables[doc_id] for doc_id in order]) if tables else demands.document_table([])


#: The passage columns term forms are counted from, as Arrow types.
_FORM_COLUMNS = (("kind", pa.large_string()), ("lemmas", pa.large_string()), ("forms", pa.large_string()))


def corpus_term_forms(cache_dir: Path | None, doc_ids: Sequence[str], keys: Mapping[str, str],
                      tables: Mapping[str, pa.Table], reuse: bool = True, used: set[str] | None = None) -> pd.DataFrame:
    """trends.term_forms of the documents' passage tables (in doc_ids order), from the counts of the last build plus
    those of the documents added since, when every document of the last build is still there (its cache key
    unchanged): adding one document to 10,000 counted the 12M tokens of all of them again. Otherwise (a document
    withdrawn or changed, other forms code, reuse=False for a forced build) every document is counted. The counts are
    integers and the table's order depends only on them, so both ways give the same table. The counts are kept in
    cache_dir with the cache keys they cover (None: not kept); the file's name goes into used (when given)."""
    from . import trends

    def counted_in(ids: Sequence[str]) -> pa.Table:
        return trends.form_counts(*(column_of([tables[d] for d in ids], c, t) for c, t in _FORM_COLUMNS))

    wanted = [keys.get(d, d) for d in doc_ids]
    cache = cache_dir / f"counts-{code_hash(FORMS_MODULES)}.pkl" if cache_dir is not None else None
    held = load_cached(cache, tuple) if cache is not None and reuse else None
    if (held is not None and len(held) == 2 and isinstance(held[1], pa.Table)
            and set(held[0]) <= set(wanted)):
        covered = set(held[0])
        added = [d for d, key in zip(doc_ids, wanted) if key not in covered]
        counts = trends.sum_counts([held[1], counted_in(added)]) if added else held[1]
    else:
        added, counts = list(doc_ids), counted_in(doc_ids)
    if cache is not None:
        if added or held is None or set(held[0]) != set(wanted):
            save_cached(cache, (tuple(wanted), counts))
        if used is not None:
            used.add(cache.name)
    return trends.term_forms_table(counts)


def demand_snapshot_file(cache_dir: Path, code: str) -> Path:
    """The snapshot of every document's demand detections under one demand code (snapshot.refresh keeps it)."""
    return cache_dir / f"detections-{code}.arrow"


def cached_grouper(cache_dir: Path | None, reuse: bool = True,
                   used: set[str] | None = None) -> Callable[[Sequence[str]], list[int]]:
    """demand_groups.group_labels with each list it clusters at once (an organisation's sentences, or beyond
    EXACT_GROUP_MAX one block of its distinct sentences) kept per list and grouping code in cache_dir (None: not
    kept): after adding one document only its organisation's demands are clustered again, and of a large
    organisation only the block its new sentences fall in. reuse=False (a forced build) clusters again but still
    writes the cache. The names of the entries read or written go into used (when given)."""
    from . import demand_groups

    if cache_dir is None:
        return demand_groups.group_labels
    code = code_hash(GROUP_MODULES)

    def cluster(sentences: Sequence[str]) -> list[int]:
        key = hashlib.sha256("\x1f".join(sentences).encode("utf-8")).hexdigest()[:24]
        cache = cache_dir / f"groups-{key}-{code}.pkl"
        labels = load_cached(cache, list) if reuse else None
        if labels is None or len(labels) != len(sentences):
            labels = demand_groups.cluster_labels(sentences)
            save_cached(cache, labels)
        if used is not None:
            used.add(cache.name)
        return labels

    def grouper(sentences: Sequence[str]) -> list[int]:
        return demand_groups.group_labels(sentences, cluster=cluster)

    return grouper


@dataclass(frozen=True)
class DemandModel:
    """The demand re-scorer fitted on the tuning organisations and the detector's figures (rules alone and with the
    re-scorer; DemandEvaluationRow without "used"). Empty without labelled sentences."""

    evaluation: list = field(default_factory=list)
    rescorer: object = None


def demand_model(labels: Path, strata: Path, cache_dir: Path | None = None, reuse: bool = True,
                 used: set[str] | None = None) -> DemandModel:
    """The re-scorer and the evaluation from the data directory's labelled sentences (eval/demands.csv with its
    strata; pipeline.demands_model.evaluate_and_fit), if present; cached per labelled set and demand code, since
    reading ~1,500 sentences with the rules and six fits cost seconds on every cold build (reuse=False: fitted
    again, cache still written). The cache file's name goes into used (when given)."""
    from . import demands_model

    if not (labels.exists() and strata.exists()):
        return DemandModel()
    cache = None
    if cache_dir is not None:
        cache = cache_dir / f"model-{code_hash(DEMAND_MODEL_MODULES)}-{sha256_file(labels)[:16]}-{sha256_file(strata)[:8]}.pkl"
        if used is not None:
            used.add(cache.name)
        found = load_cached(cache, DemandModel) if reuse else None
        if found is not None:
            return found
    frame, rescorer = demands_model.evaluate_and_fit(
        pd.read_csv(labels, dtype={"sentence": str, "context": str, "heading": str}), pd.read_csv(strata))
    # object dtype keeps plain Python numbers (JSON-ready for build_info)
    rows = [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in frame.to_dict("records")]
    found = DemandModel(rows, rescorer)
    if cache is not None:
        save_cached(cache, found)
    return found


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



# --- the stages -------------------------------------------------------------------------------------------------


@dataclass
class Inputs:
    """What the build reads first: the manifest as listed, the rows to build, each file's hash, the problems so far,
    the judgements' hash and the fingerprint."""

    listed: pd.DataFrame
    rows: pd.DataFrame
    shas: dict[str, str]
    problems: list[str]
    fingerprint: str


@dataclass
class Documents:
    """Every readable document's passages and theme tags (cached or just processed), with their cache keys."""

    results: dict[str, CachedDocument] = field(default_factory=dict)
    tags: dict[str, pa.Table] = field(default_factory=dict)
    tag_files: dict[str, Path] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # doc_id -> cache key: the same key means the same passages
    #: The snapshots as read at the start (cache key -> table), kept to decide whether to rewrite them.
    passages_snapshot: dict[str, pa.Table] = field(default_factory=dict)
    #: cache key -> [n_pages, warnings, text_source, detected language]
    passages_snapshot_info: dict[str, list] = field(default_factory=dict)
    tags_snapshot: dict[str, pa.Table] = field(default_factory=dict)
    #: Documents whose demands the workers detected in this build (their cache entries are fresh even when forced).
    demands_detected: set[str] = field(default_factory=set)
    #: Warnings about the stage as a whole (build_info warnings[BUILD_WARNINGS]).
    warnings: list[str] = field(default_factory=list)


def read_inputs(paths: Paths, params: BuildParams) -> Inputs:
    """Stage "inputs": the validated manifest, the files' hashes, duplicates skipped, the fingerprint."""
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
    if paths.theme_heldout_parts.exists():
        eval_sha += sha256_file(paths.theme_heldout_parts)
    if paths.theme_heldout_spent.exists():
        eval_sha += sha256_file(paths.theme_heldout_spent)
    if paths.theme_heldout_quoted.exists():
        eval_sha += sha256_file(paths.theme_heldout_quoted)
    demand_eval_sha = sha256_file(paths.demand_judgements) if paths.demand_judgements.exists() else ""
    fingerprint = inputs_fingerprint(rows, shas, sha256_file(paths.themes), params, problem_lines, eval_sha,
                                     demand_eval_sha)
    return Inputs(listed, rows, shas, problem_lines, fingerprint)


def _lexicon_key(paths: Paths) -> str:
    """Changes with the lexicon file and the theme code: what a document's cached tags depend on."""
    return hashlib.sha256(paths.themes.read_bytes() + code_hash(("themes",)).encode()).hexdigest()[:16]


def _tags_snapshot_path(paths: Paths, lexicon_key: str) -> Path:
    return paths.interim / "themes" / f"tags-{lexicon_key}.arrow"


def theme_cache_entries(folder: Path, docs: Documents, lexicon_key: str) -> set[str]:
    """The names in the theme cache folder a build under lexicon_key still needs: its documents' tag files, its tag
    snapshot and the theme scores cached for this lexicon. Tags and scores of older lexicons or theme code, and of
    documents no longer served, are what the prune removes."""
    keep = {path.name for path in docs.tag_files.values()} | {f"tags-{lexicon_key}.arrow"}
    if folder.is_dir():
        keep |= {entry.name for entry in folder.glob(f"theme_eval-{lexicon_key}-*.json")}
    return keep


def read_documents(paths: Paths, params: BuildParams, inputs: Inputs, lexicon, lexicon_key: str,
                   progress: Progress) -> Documents:
    """Stage "documents": each document from the snapshot or its cache file, else processed (in a process pool
    when there are many); a document that cannot be read becomes one problem line."""
    rows, stage_hash = inputs.rows, code_hash(PER_DOCUMENT_MODULES)
    demands_cache, demand_code = paths.interim / "demands", code_hash(DEMAND_MODULES)
    worker_code = code_hash(WORKER_MODULES)
    passages_snapshot, snapshot_info = snapshot.load(paths.interim / "documents.arrow", params.force)
    tag_snapshot, _ = snapshot.load(_tags_snapshot_path(paths, lexicon_key), params.force)
    docs = Documents(passages_snapshot=passages_snapshot, passages_snapshot_info=snapshot_info,
                     tags_snapshot=tag_snapshot)
    todo = []
    for row in rows.itertuples(index=False):
        cache_file = cache_path(paths.interim, inputs.shas[row.file], row.doc_id, row.organisation, stage_hash,
                                row.language)
        key = docs.keys[row.doc_id] = cache_file.stem
        docs.tag_files[row.doc_id] = tags_path(cache_file, lexicon_key)
        cached = _cached_document(docs, cache_file, params.force)
        if cached is not None:
            docs.results[row.doc_id] = cached
            cached_tags = tag_snapshot[key] if key in tag_snapshot else load_cached(docs.tag_files[row.doc_id], pa.Table)
            if cached_tags is not None:
                docs.tags[row.doc_id] = cached_tags
        else:
            todo.append(DocumentWork(paths.raw / row.file, row.doc_id, row.organisation, row.language, cache_file,
                                     docs.tag_files[row.doc_id], lexicon,
                                     demand_cache_file(demands_cache, key, demand_code), worker_code))
    progress("documents", len(docs.results), len(rows))
    if len(todo) >= PARALLEL_THRESHOLD and params.workers > 1:
        finished = []
        with ProcessPoolExecutor(max_workers=params.workers) as pool:
            outcomes = pool.map(_process_in_pool, todo, chunksize=max(1, len(todo) // (params.workers * 8)))
            for outcome in outcomes:
                finished.append(outcome)
                progress("documents", len(docs.results) + len(finished), len(rows))
        # the workers are gone: only now are the documents' passages and tags read back from their cache files
        refused = [work for work, outcome in zip(todo, finished) if outcome is False]
        for work, outcome in zip(todo, finished):
            if outcome is False:  # the worker ran other code: processed here, by the code the cache keys describe
                outcome = _process_cached(work)
            _collect(work, _cached_outcome(work) if outcome is None else outcome, docs, inputs.problems)
        if refused:
            changed = _files(changed_since_import(WORKER_MODULES)) or "none now"
            docs.warnings.append(f"{len(refused)} documents were processed in the main process: the pool's workers "
                                 f"ran other pipeline code than this build (files changed on disk: {changed}), so "
                                 "nothing they made was kept")
    else:
        for work in todo:
            _collect(work, _process_cached(work), docs, inputs.problems)
            progress("documents", len(docs.results), len(rows))
    return docs


def _cached_document(docs: Documents, cache_file: Path, force: bool = False) -> CachedDocument | None:
    """A document's cached passages: from the snapshot, else its cache file (never when forced), else None."""
    key = cache_file.stem
    if key in docs.passages_snapshot:
        n_pages, warnings, text_source, detected = docs.passages_snapshot_info[key]
        return CachedDocument(docs.passages_snapshot[key], n_pages, tuple(warnings), text_source, detected)
    return None if force else load_cached(cache_file, CachedDocument)


def _collect(work: DocumentWork, outcome, docs: Documents, problem_lines: list[str]) -> None:
    if isinstance(outcome, str):
        problem_lines.append(outcome)
    else:
        docs.results[work.doc_id], docs.tags[work.doc_id] = outcome
        if work.demands_file is not None:
            docs.demands_detected.add(work.doc_id)


def _strict_stop(problems: Sequence[str]) -> BuildError:
    return BuildError(f"strict build stopped on {len(problems)} problems, first {problems[0]}", problems)


def _served_before(processed: Path) -> pd.DataFrame:
    """The documents table of the current build (empty when there is none)."""
    try:
        return store.read_table(processed, "documents")
    except (OSError, ValueError):
        return schema.empty("documents")


def _keep_last_good(previous: pd.DataFrame, inputs: Inputs, rows: pd.DataFrame, docs: Documents, paths: Paths,
                    lexicon_key: str) -> pd.DataFrame:
    """Keep serving the last good version of every document that was served and is still listed in the
    manifest (by doc_id or file) but whose row or file is now bad: a build never silently shrinks the corpus.

    The last good version is the previous build's metadata and the cached passages of its file's content.
    Documents removed from the manifest on purpose (withdrawn) are not kept. Adds one problem line per kept
    document to inputs.problems, so the CLI exits non-zero and the app lists it; its file's hash joins inputs.shas.
    """
    listed, stage_hash, problem_lines = inputs.listed, code_hash(PER_DOCUMENT_MODULES), inputs.problems
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
            cache_file = cache_path(paths.interim, old.sha256, old.doc_id, old.organisation, stage_hash,
                                    manifest_language)
            cached = _cached_document(docs, cache_file)
            if cached is not None:
                break
        if cached is None:
            problem_lines.append(f"{old.source_file}: its last good version could not be kept (not in the cache); "
                                 f"{old.doc_id} is left out until it is fixed")
            continue
        docs.results[old.doc_id] = cached
        docs.keys[old.doc_id] = cache_file.stem
        docs.tag_files[old.doc_id] = tags_path(cache_file, lexicon_key)
        inputs.shas[old.source_file] = old.sha256
        kept.append({"doc_id": old.doc_id, "file": old.source_file, "organisation": old.organisation,
                     "year": str(old.year), "date": "" if pd.isna(old.date) else str(old.date)[:10],
                     "date_basis": "" if pd.isna(old.date_basis) else old.date_basis, "doc_type": old.doc_type,
                     "title": "" if pd.isna(old.title) else old.title,
                     "language": manifest_language})
        problem_lines.append(f"{old.source_file}: the last good version of {old.doc_id} is still served until its "
                             "row or file is fixed")
    if not kept:
        return rows
    return pd.concat([rows, pd.DataFrame(kept, columns=list(rows.columns))], ignore_index=True)


def _files(modules: Sequence[str]) -> str:
    """Module names as the files a reader would look at: "demands.py, topics.py"."""
    return ", ".join(sorted(f"{name}.py" for name in modules))


def _check_code() -> None:
    """Import every module whose code shapes the outputs and make sure each runs the source code_hash describes
    (pipeline.IMPORTED_SOURCES): from here on this process's code is fixed, whatever happens to the files, and the
    pool's forked workers inherit it. A module whose file changed since the package was imported may run either code:
    the build stops before it writes a table or cache rather than key one code's results by the other's hash."""
    import_modules(ALL_MODULES)
    changed = changed_since_import(ALL_MODULES)
    if changed:
        raise BuildError(f"the pipeline's code changed on disk after this process imported it ({_files(changed)}); "
                         "nothing was built: run the build again")


def _code_changed_warning() -> list[str]:
    """A warning when a module's file changed while the build ran: its tables and caches are the imported code's (and
    keyed by it); the stored fingerprint is that code's too, so the next build sees the change and rebuilds."""
    changed = changed_since_import(ALL_MODULES)
    if not changed:
        return []
    return [f"the pipeline's code changed on disk while this build ran ({_files(changed)}): these tables and the "
            "caches it wrote are the code's as the build started; the next build rebuilds them with the new code"]


def build(paths: Paths, params: BuildParams = BuildParams(), progress: Progress = no_progress) -> BuildReport:
    """Run the whole pipeline as named stages and replace the tables in paths.processed atomically.

    inputs -> documents -> assemble -> themes -> demands -> topics -> trends -> search -> write; each stage's time
    and the build's peak memory at its end go into build_info (stages.Stages). Bad documents are skipped with one
    problem line each (or fail the build with params.strict). Raises BuildError when nothing usable remains or
    the inputs as a whole are unusable.
    """
    fix_mmap_threshold()  # big arrays freed by a stage go back to the system instead of staying under the next's peak
    stages = Stages(progress)
    recovered = store.recover(paths.processed)
    with stages.run("inputs", announce=False):
        inputs = read_inputs(paths, params)
    problem_lines = inputs.problems
    if params.strict and problem_lines:
        raise _strict_stop(problem_lines)
    # The fingerprint hashes the code this process imported; the tables are current only if that is still the code
    # on disk (a new process, as `make run` starts, would run the files as they are).
    if (not params.force and _previous_fingerprint(paths.processed) == inputs.fingerprint
            and not changed_since_import(ALL_MODULES)):
        return BuildReport(True, tuple(problem_lines), {}, stages.timings)

    # Imported only when there is work to do: a no-change rebuild must not pay for sklearn and the NLP data.
    from . import demand_groups, demands_model
    from . import themes, topics, trends

    _check_code()

    try:
        lexicon = themes.load_lexicon(paths.themes)
    except (OSError, ValueError) as exc:
        raise BuildError(f"{paths.themes.name}: {exc}") from exc
    lexicon_key = _lexicon_key(paths)
    with stages.run("documents", announce=False):  # reports its own progress, document by document
        docs = read_documents(paths, params, inputs, lexicon, lexicon_key, progress)
        previous = _served_before(paths.processed)
    if params.strict and problem_lines:
        raise _strict_stop(problem_lines)
    rows = inputs.rows.loc[inputs.rows["doc_id"].isin(docs.results)]
    rows = _keep_last_good(previous, inputs, rows, docs, paths, lexicon_key)
    if rows.empty:
        raise BuildError("no readable documents: " + " | ".join(problem_lines))

    paths.processed.mkdir(parents=True, exist_ok=True)
    # Each table goes into the build's own folder as soon as it is final and is then let go, so the later stages'
    # peaks do not hold it (the demands, theme tags, topic tables and term counts: ~400 MB at 10,000 documents).
    output = store.OutputWriter(paths.processed)
    fd, tmp_name = tempfile.mkstemp(prefix=".search.", suffix=".tmp", dir=paths.processed)
    os.close(fd)
    tmp_db = Path(tmp_name)
    try:
        with stages.run("assemble", announce=False):
            results, doc_ids = docs.results, rows["doc_id"].tolist()
            keys = {d: docs.keys[d] for d in doc_ids}
            documents = documents_table(rows, inputs.shas, results)
            snapshot.refresh(paths.interim / "documents.arrow", docs.passages_snapshot,
                             {keys[d]: results[d].table for d in doc_ids},
                             {keys[d]: [results[d].n_pages, list(results[d].warnings), results[d].text_source,
                                        results[d].detected_language] for d in doc_ids})
            docs.passages_snapshot = {}
            passages = frame([results[d].table for d in doc_ids], "passages")
            # Content lemmas as integer codes by passage_id, encoded once for topics and trends.
            lemmas = lemma_codes.passage_lemmas(
                passages["passage_id"].tolist(),
                column_of([results[d].table for d in doc_ids], "lemmas", pa.large_string()),
            )
            forms_cache, forms_used = paths.interim / "term_forms", set()
            forms = corpus_term_forms(forms_cache, doc_ids, keys, {d: results[d].table for d in doc_ids},
                                      not params.force, forms_used)
            warnings_by_doc = {d: list(results[d].warnings) for d in doc_ids if results[d].warnings}
            output.write("term_forms", forms)
            del forms

        with stages.run("themes"):
            tags = docs.tags
            declared = dict(zip(rows["doc_id"], rows["language"].fillna("").astype(str)))
            for doc_id in doc_ids:  # documents from the cache whose tags under this lexicon are not cached yet
                if doc_id not in tags:
                    tags[doc_id] = tag_document(results[doc_id], lexicon, declared.get(doc_id, ""))
                    save_cached(docs.tag_files[doc_id], tags[doc_id])
            del results
            docs.results = {}  # the frames above hold the same data
            passage_themes = frame([tags[d] for d in doc_ids], "passage_themes")
            snapshot.refresh(_tags_snapshot_path(paths, lexicon_key), docs.tags_snapshot,
                             {keys[d]: tags[d] for d in doc_ids}, {})
            docs.tags_snapshot = {}
            del tags
            docs.tags = {}  # passage_themes holds them
            output.write("themes", themes.themes_table(lexicon))
            codebook = (themes.parse_codebook(paths.codebook.read_text(encoding="utf-8"))
                        if paths.codebook.exists() else {})
            theme_scores = evaluate_themes(lexicon, paths.theme_judgements,
                                           None if params.force else paths.interim / "themes", lexicon_key,
                                           problem_lines, paths.theme_heldout_parts, paths.theme_heldout_spent,
                                           paths.theme_heldout_quoted)

        with stages.run("demands"):
            # a forced build reads no cache but writes them, so the build after it (adding one document) reuses them
            demands_cache, reuse = paths.interim / "demands", not params.force
            demand_entries: set[str] = set()  # the cache entries this build needs; the others pruned after the write
            trained = demand_model(paths.demand_judgements, paths.demand_strata, demands_cache, reuse, demand_entries)
            method = params.demand_method or demands_model.DEFAULT_METHOD
            demand_table = demand_groups.demands_table(
                document_demand_rows(passages, rows, keys, demands_cache, reuse, demand_entries, docs.demands_detected),
                dict(zip(rows["doc_id"], rows["organisation"])),
                passage_themes, trained.rescorer, demands_model.build_decision(method, trained.evaluation),
                cached_grouper(demands_cache, reuse, demand_entries))
            demand_evaluation = demands_model.mark_used(trained.evaluation, method)
            output.write("demands", demand_table)
            output.write("passage_themes", passage_themes)
            del demand_table, passage_themes

        with stages.run("topics"):
            topic_params = topics.TopicParams(**params.topic_params)
            previous_model = None if params.force else _previous_topic_model(paths.processed, topic_params)
            organisations = dict(zip(documents["doc_id"].astype(str), documents["organisation"].astype(str)))
            model = topics.fit_topics(passages, lemmas, topic_params, previous_model, organisations)
            for name in ("topics", "topic_terms", "passage_topics"):
                output.write(name, getattr(model, name))
            topic_diagnostics = model.diagnostics
            del model

        with stages.run("trends"):
            output.write("term_counts", trends.term_counts(passages, lemmas))
            del lemmas

        with stages.run("search"):
            previous_db = None if params.force else paths.processed / schema.SEARCH_DB
            search_method = build_search_index(passages, documents, tmp_db, keys, previous_db)
        with stages.run("write"):
            output.write("passages", passages)
            output.write("documents", documents)
            row_counts = {name: output.row_counts[name] for name in OUTPUT_ORDER}
            build_warnings = docs.warnings + _code_changed_warning()
            if build_warnings:
                warnings_by_doc[BUILD_WARNINGS] = build_warnings
            info: schema.BuildInfo = {
                "version": __version__,
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "fingerprint": inputs.fingerprint,
                "parameters": {**asdict(params), "topic_params": asdict(topic_params)},
                "inputs": {"manifest": sha256_file(paths.manifest), "themes": sha256_file(paths.themes), **inputs.shas},
                "n_documents": len(documents),
                "row_counts": row_counts,
                "timings": dict(stages.timings),  # every stage before the write (the report has the write's too)
                "peak_memory_mb": dict(stages.peak_mb),
                "problems": problem_lines,
                "recovered": recovered,
                "warnings": warnings_by_doc,
                "theme_evaluation": theme_scores,
                "demand_evaluation": demand_evaluation,
                "codebook": codebook,
                "theme_vetoes": theme_vetoes(lexicon),
                "search_index": search_method,
                "topic_model": topic_diagnostics,
                "topic_code": code_hash(("topics",)),
            }
            output.finish(info, search_db=tmp_db)
            # Only now that the new tables serve: entries of documents and sentence lists no longer in the corpus, and
            # of older demand code, would otherwise pile up build after build.
            prune_entries(demands_cache, demand_entries)
            prune_entries(paths.interim / "documents", {f"{key}.pkl" for key in docs.keys.values()})
            prune_entries(forms_cache, forms_used)
            prune_entries(paths.interim / "themes", theme_cache_entries(paths.interim / "themes", docs, lexicon_key))
    finally:
        tmp_db.unlink(missing_ok=True)
        output.discard()  # a failed build's tables; nothing once finished (the folder became the build)
    progress("done", 1, 1)
    return BuildReport(False, tuple(problem_lines), row_counts, stages.timings, tuple(build_warnings))
