"""Column names and dtypes of every table in data/processed/: the contract with the app.

Each table is declared once here. `validate()` is called on every frame before
`store` replaces the old file, so a build that produces a malformed table fails
instead of serving it.
"""
from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import pandas as pd

#: Controlled vocabulary for documents.doc_type (labels live in the app's text catalogue).
DOC_TYPES = (
    "consultation_response",  # høringssvar
    "budget_input",  # budsjettinnspill
    "hearing_input",  # innspill til en høring eller et utvalg: Stortingets komitéhøringer (the seeds), Helsereformutvalget (the development corpus)
    "position_programme",  # prinsipp-/politisk program
    "other",
)

#: What a passage is (passages.kind). Every passage is shown; only ANALYSED_KINDS enter themes,
#: topics, term counts, keyness and search analytics, and the app shows the other kinds greyed:
#: body        running text (also appendix text after a sign-off)
#: heading     a title line standing alone (a document title, a heading with no text under it)
#: toc         a table of contents ("Innhold", "1. Innledning 3")
#: reference   reference lists, bare URLs and link lines, doi, "Hentet fra …"
#: footnote    footnote texts from the page foot
#: table       table rows ("| cell | cell |", one row per line)
#: letterhead  the sender's furniture: letterhead and contact boxes, "Vår ref./Dato:", classification
#:             labels ("Følsomhet Intern (gul)"), the organisation's standard self-description
#: signature   "Med vennlig hilsen" and the names and titles under it
#: other_language  running text in a language other than Norwegian (an English abstract, an English document):
#:             its words are not Norwegian terms (pipeline/lang_detect.py)
KINDS = ("body", "heading", "toc", "reference", "footnote", "table", "letterhead", "signature", "other_language")
ANALYSED_KINDS = ("body",)

#: Languages a document can be written in (documents.language; labels live in the app's text catalogue).
LANGUAGES = ("nb", "nn", "en")  # Bokmål, Nynorsk, English
#: The languages whose words are analysed (themes, topics, term counts); other passages are kind "other_language".
NORWEGIAN = ("nb", "nn")

#: The manifest fields a person sets or corrects for a document (add, set-metadata, the admin's forms); with
#: doc_id and file, the document's identity, they are the manifest's columns (data/raw/documents.csv).
METADATA_FIELDS = ("organisation", "year", "date", "date_basis", "doc_type", "title", "language")

#: How a document's text was read (documents.text_source; labels live in the app's text catalogue).
TEXT_SOURCES = (
    "text",  # the file's own text (PDF text layer, DOCX, TXT)
    "ocr",  # every page with text read by OCR (a scan, or text printed as shapes)
    "text_and_ocr",  # some pages from the text layer, some by OCR
)

#: Years outside this range are treated as manifest errors.
YEAR_RANGE = (1990, 2100)


@dataclass(frozen=True)
class Table:
    """One table of the contract: file name, key columns and column -> dtype."""

    name: str
    key: tuple[str, ...]
    columns: dict[str, str]

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"


# dtype names are pandas dtype strings; "string" is pandas' nullable string dtype,
# "Int64" a nullable integer (DOCX has no page numbers).
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            ("doc_id",),
            {
                "doc_id": "string",
                "organisation": "string",
                "year": "int64",
                "date": "string",  # ISO date where known, else <NA>
                "date_basis": "string",  # how the year/date was established
                "doc_type": "string",  # one of DOC_TYPES
                "title": "string",
                "language": "string",  # one of LANGUAGES: the manifest's value where given, else detected_language
                "detected_language": "string",  # one of LANGUAGES, detected from the text (pipeline/lang_detect.py)
                "source_file": "string",  # file name under raw/
                "sha256": "string",
                "n_pages": "Int64",  # <NA> where the format has no pages (TXT, DOCX)
                "n_words": "int64",
                "n_passages": "int64",
                "text_source": "string",  # one of TEXT_SOURCES: whether OCR read (some of) the text
            },
        ),
        Table(
            "passages",
            ("passage_id",),
            {
                "passage_id": "string",  # "<doc_id>:<position:04d>", stable for the same file
                "doc_id": "string",
                "section_title": "string",
                "page": "Int64",  # 1-based; <NA> where the format has no pages
                "position": "int64",  # order within the document, from 0
                "text": "string",  # as quoted, cleaned
                "n_words": "int64",
                "kind": "string",  # one of KINDS; only ANALYSED_KINDS are analysed
                # space-joined content lemmas (bigrams are neighbours): what term_counts counts for an
                # analysed passage, so a drill-down lists exactly the passages behind a count
                "lemmas": "string",
            },
        ),
        Table(
            "themes",
            ("theme_id",),
            {
                "theme_id": "string",
                "label_nb": "string",
                "label_en": "string",
                "description": "string",  # Norwegian one-line definition
                "description_en": "string",
                "terms": "string",  # "|"-joined lexicon terms
                "exclusions": "string",  # "|"-joined exclusion phrases
            },
        ),
        Table(
            "passage_themes",
            ("passage_id", "theme_id"),
            {
                "passage_id": "string",
                "theme_id": "string",
                "n_hits": "int64",
                "matched_terms": "string",  # "|"-joined lexicon terms that matched
                "matched_forms": "string",  # "|"-joined surface forms as in the text (for highlighting)
                # "|"-joined reasons, one per hit, as the reader sees them: the words of a term, the two
                # parts of a rule "+"-joined ("opplæring + digitale verktøy")
                "evidence": "string",
            },
        ),
        Table(
            "topics",
            ("topic_id",),
            {
                "topic_id": "int64",
                "label": "string",
                "coherence": "float64",  # NPMI of the top terms on this corpus
                "share": "float64",  # share of total topic weight over passages
                "x": "float64",  # 2-D topic map coordinates (computed in the pipeline)
                "y": "float64",
                "stability": "float64",  # share of refits on 80 % subsamples in which the topic reappears
                "top_doc_share": "float64",  # largest share of the topic's weight from one document
                "is_reliable": "bool",  # stable and not owned by one document: the app shows only these
                "example": "string",  # section title or first sentence of the most representative passage
            },
        ),
        Table(
            "topic_terms",
            ("topic_id", "rank"),
            {
                "topic_id": "int64",
                "rank": "int64",  # 1 = highest weight
                "term": "string",
                "weight": "float64",  # p(term | topic): the topic's row of H normalised to 1
                "corpus_weight": "float64",  # p(term) over the corpus, for LDAvis relevance
            },
        ),
        Table(
            "passage_topics",
            ("passage_id", "topic_id"),
            {
                "passage_id": "string",
                "topic_id": "int64",
                "weight": "float64",  # normalised per passage, sums to <= 1
            },
        ),
        Table(
            "demands",
            ("demand_id",),
            {
                "demand_id": "string",  # "<passage_id>:<unit:03d>"
                "passage_id": "string",
                "doc_id": "string",
                "position": "int64",  # the sentence/list item's order within the passage
                "sentence": "string",  # the sentence or list item as quoted
                "kind": "string",  # "demand" (strict) | "soft" (a position such as "X er avgjørende for Y")
                "rule": "string",  # the detector rule that fired: own_voice, directive_modal, necessity, ... ("model": the re-scorer alone)
                "cue": "string",  # the words that made it a demand, as written ("" when only the re-scorer did)
                "score": "float64",  # the re-scorer's probability of a strict demand (pipeline.demands_model); NaN without one
                "addressee": "string",  # who is asked to act, where named ("regjeringen"), else ""
                "context": "string",  # the list's introductory line ("Vi anbefaler:") for list items, else ""
                "heading": "string",  # the section heading the sentence sits under
                "theme_ids": "string",  # "|"-joined themes of its passage
                "organisation": "string",
                "group_id": "string",  # one id per distinct demand of an organisation (near-identical wording)
            },
        ),
        Table(
            "term_forms",
            ("term", "form"),
            {
                "term": "string",  # content lemma (kind "lemma" of term_counts)
                "form": "string",  # a written form read as that lemma, lower case ("praksisplassene")
                "count": "int64",  # occurrences in analysed passages
            },
        ),
        Table(
            "term_counts",
            ("doc_id", "term"),
            {
                "doc_id": "string",
                "term": "string",  # content lemma, or "lemma lemma" bigram
                "kind": "string",  # "lemma" | "bigram"
                "count": "int64",
            },
        ),
    )
}

#: The pandas dtype object of each declared dtype name.
_DTYPES = {d: pd.Series(dtype=d).dtype for d in {d for t in TABLES.values() for d in t.columns.values()}}

SEARCH_DB = "search.sqlite"
BUILD_INFO = "build_info.json"


class SchemaError(ValueError):
    """A table does not match its declaration."""


def is_analysed(kinds) -> np.ndarray:
    """Boolean mask: which passages (given their kind column) are analysed."""
    return np.asarray(pd.Series(kinds, dtype="object").isin(ANALYSED_KINDS), dtype=bool)


def empty(name: str) -> pd.DataFrame:
    """An empty frame with the declared columns and dtypes."""
    table = TABLES[name]
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in table.columns.items()})


def is_string_categorical(dtype) -> bool:
    """A categorical of strings: the build's in-memory form of a large "string" column.

    store writes it as plain strings, so the table on disk and in the app has the declared dtype;
    in the build it saves ~650 MB at 10,000 documents (term_counts: 11M rows, ~40k distinct terms).
    """
    return isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype == _DTYPES["string"]


def _has_dtype(series: pd.Series, dtype: str) -> bool:
    return series.dtype == _DTYPES[dtype] or (dtype == "string" and is_string_categorical(series.dtype))


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return a copy with exactly the declared columns, in order, cast to the declared dtypes.

    A categorical of strings counts as "string" (see is_string_categorical).
    """
    table = TABLES[name]
    missing = [c for c in table.columns if c not in df.columns]
    if missing:
        raise SchemaError(f"{name}: missing columns {missing}")
    out = df.loc[:, list(table.columns)].copy()
    for column, dtype in table.columns.items():
        if _has_dtype(out[column], dtype):
            continue  # astype costs ~0.4 ms a column even when it changes nothing; per-document frames are small
        try:
            out[column] = out[column].astype(dtype)
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"{name}.{column}: cannot be {dtype}: {exc}") from exc
    return out.reset_index(drop=True)


def _has_duplicate_keys(df: pd.DataFrame, key: list[str]) -> bool:
    """Whether two rows share a key: integer codes per column, one int64 per row, sorted and compared
    with the neighbour (term_counts at 10,000 documents: 0.3 s, where DataFrame.duplicated took 3.3 s)."""
    combined = np.zeros(len(df), dtype=np.int64)
    for column in key:
        values = df[column]
        codes = values.array.codes if isinstance(values.dtype, pd.CategoricalDtype) else pd.factorize(values)[0]
        combined = combined * (int(codes.max()) + 1 if len(codes) else 1) + codes
    combined.sort()
    return bool((combined[1:] == combined[:-1]).any())


def validate(df: pd.DataFrame, name: str) -> None:
    """Raise SchemaError unless df has the declared columns, dtypes and a unique, non-null key."""
    table = TABLES[name]
    if list(df.columns) != list(table.columns):
        raise SchemaError(f"{name}: columns {list(df.columns)} != declared {list(table.columns)}")
    for column, dtype in table.columns.items():
        if not _has_dtype(df[column], dtype):
            raise SchemaError(f"{name}.{column}: dtype {df[column].dtype} != declared {dtype}")
    key = list(table.key)
    if df[key].isna().any().any():
        raise SchemaError(f"{name}: null values in key {key}")
    if _has_duplicate_keys(df, key):
        dupes = df.loc[df.duplicated(key, keep=False), key].head(3).to_dict("records")
        raise SchemaError(f"{name}: duplicate keys {key}, e.g. {dupes}")
    if name == "passages":
        bad = df.loc[~df["kind"].isin(KINDS), "kind"].unique().tolist()
        if bad:
            raise SchemaError(f"passages.kind: unknown values {bad}")
    if name == "documents":
        bad = df.loc[~df["doc_type"].isin(DOC_TYPES), "doc_type"].unique().tolist()
        if bad:
            raise SchemaError(f"documents.doc_type: unknown values {bad}")
        bad = df.loc[~df["text_source"].isin(TEXT_SOURCES), "text_source"].unique().tolist()
        if bad:
            raise SchemaError(f"documents.text_source: unknown values {bad}")
        for column in ("language", "detected_language"):
            bad = df.loc[~df[column].isin(LANGUAGES), column].unique().tolist()
            if bad:
                raise SchemaError(f"documents.{column}: unknown values {bad}")


# --- build_info.json ------------------------------------------------------------------------------------------
# What a build read, how it was set up, what it found and how long it took. Declared here, checked by
# validate_build_info() before store writes anything, read by the app's Method page and freshness line.


class TopicStability(TypedDict, total=False):
    """How stable the chosen topics are over refits; empty when it was not measured (too few units)."""

    method: str
    mean: float  # share of refits in which a topic reappears, averaged over topics
    mean_jaccard: float  # best-match Jaccard of top-term sets, averaged over topics
    by_topic: list[float]
    jaccard_by_topic: list[float]


class TopicModelInfo(TypedDict, total=False):
    """The topic model's diagnostics (pipeline.topics.TopicModel.diagnostics); the app reads the typed keys."""

    method: str
    k: int  # the number of topics chosen; 0 when no model could be fitted (then reason says why)
    coherence_by_k: dict[str, float]  # str(k) -> mean NPMI of the top terms
    stability_by_k: dict[str, float]  # str(k) -> mean best-match Jaccard
    stability: TopicStability
    reliable: bool
    n_reliable: int
    reason: str


class _ThemeEvaluationRowBase(TypedDict):
    """One theme's precision and recall on the labelled passages of one split (pipeline.evaluation.score)."""

    theme_id: str
    split: str  # "heldout" (organisations never used for tuning), "cv" (grouped cross-validation); for reference only:
    # "heldout_b" (part B where part C replaced it), "heldout_c_quoted" (part-C documents the issue quoted for the theme),
    # "heldout_c" / "heldout_d" / "heldout_e" / "heldout_f" (each fresh part alone, where a part after C exists),
    # "fresh_known" / "fresh_known_d" / "fresh_known_e" / "fresh_known_f" (fresh submissions of corpus organisations,
    # part C's fetch / part D's / part E's and part F's pages)
    n: int
    n_positive: int
    n_predicted: int
    true_positives: int
    precision: float | None  # None when nothing was predicted
    precision_low: float | None  # 95 % Wilson interval
    precision_high: float | None
    recall: float | None  # None when nothing was positive
    recall_low: float | None
    recall_high: float | None
    uncertain: bool  # precision or recall below 0.8, or not measurable, or held-out rows tuned on (tuned_on)
    tuned_on: bool  # the rules were tuned on these rows: always for "cv"; for "heldout" once the theme is spent


class ThemeEvaluationRow(_ThemeEvaluationRowBase, total=False):
    """One theme's precision and recall on the labelled passages of one split (pipeline.evaluation.evaluate)."""

    part: str  # which held-out part(s) a held-out row counts ("C", "D", "E", "F", "C+D", "C+D+E+F", …: fresh
    # organisations; "B"), "" otherwise
    measured: str  # the pooled row's counted parts that measure the theme (a row judged about it or tagged with it
    # there; "+"-joined); a theme spent for a part stays uncertain until a later clean part measures it


#: The theme evaluation rows a theme's uncertain mark follows: the held-out figure (the fresh parts C, D, E and F of
#: organisations not in the corpus, pooled where clean, else part B) and the cross-validated one. "heldout_b" (part B
#: where C replaced it), "heldout_c" … "heldout_f" (each fresh part alone), "heldout_c_quoted" (part-C documents the
#: issue quoted) and "fresh_known" / "fresh_known_d" / "fresh_known_e" / "fresh_known_f" (fresh documents of corpus
#: organisations) are for reference only.
THEME_MARKING_SPLITS = ("heldout", "cv")
#: A theme whose measured precision or recall is below this is uncertain (⚠) wherever it is charted.
UNCERTAIN_BELOW = 0.8
#: Fewer matches or fewer passages about a theme than this cannot show either way whether it reaches UNCERTAIN_BELOW: at
#: n = 2 a perfect 2/2 has the Wilson interval 0.34–1.00, at n = 10 a perfect 10/10 still 0.72–1.00. Below it a theme
#: stays uncertain however good its figure looks (task sharing, measured clean only on part E's 2 passages, was cleared).
MIN_EVIDENCE = 10


def split_min_evidence(split: str) -> int:
    """The fewest matches and passages about a theme that let a row of this split clear it: MIN_EVIDENCE for held-out
    figures, the ones that can clear a theme; none for the cross-validated figure on the tuning organisations, which
    marks a theme only by falling below UNCERTAIN_BELOW (few tuning rows prove nothing either way, and the held-out row
    already keeps a theme uncertain until its own evidence is enough)."""
    return 0 if split == "cv" else MIN_EVIDENCE


#: The fresh held-out parts of the theme evaluation and the split of each, in the order they were measured (oldest
#: first): part C (fresh inputs, 2026-12-05), D (the reserve), E and F (hearing responses on stored public web pages,
#: data/eval/README.md fifth and sixth rounds). pipeline.evaluation pools them; the Method page lists each part's own
#: figure in this order.
THEME_FRESH_PARTS = {"C": "heldout_c", "D": "heldout_d", "E": "heldout_e", "F": "heldout_f"}


class DemandEvaluationRow(TypedDict):
    """The demand detector's precision and recall on one split of the labelled sentences, for the rules alone and for
    the rules with the re-scorer (pipeline.demands_model.evaluate)."""

    split: str  # "dev" (tuning), "heldout" (held-out organisations), "heldout_e" (part E: a census of the units of
    # hearing responses of organisations not in the corpus, weights 1; tuning rows since its errors were read, clean
    # figure in data/eval/README.md), "heldout_d" (part D: fresh submissions of
    # organisations not in the corpus; tuning rows since its errors were read, clean figure in data/eval/README.md),
    # "heldout_f" / "fresh_known_f" (part F: the same census of responses to ten other hearings; sixth round; tuning
    # rows since its errors were read, clean figure in data/eval/README.md),
    # "fresh" / "fresh_known" (2026-12-05, tuning rows since issue 16), "fresh_known_d" / "fresh_known_e" (part D's
    # document of a corpus organisation, part E's responses of known organisations: never held-out)
    method: str  # "rules" or "rescorer"
    decision: str  # how the score is used: "rules", or a demands_model.Decision label such as "model@0.50"
    used: bool  # this method makes the build's demands table
    precision: float
    precision_low: float
    precision_high: float
    recall: float
    recall_low: float
    recall_high: float
    n_flagged: int
    n_demands: int
    n_labelled: int
    n_borderline: int
    n_organisations: int


#: build_info warnings' key for warnings about the build as a whole (never a doc_id: manifest.DOC_ID_PATTERN).
BUILD_WARNINGS = "(build)"


class BuildInfo(TypedDict):
    """build_info.json."""

    version: str
    built_at: str  # ISO 8601, UTC, to the second
    fingerprint: str  # hash of code and inputs: an unchanged one makes the next build a no-op
    parameters: dict  # the build's settings (pipeline.build.BuildParams, with topic_params)
    inputs: dict[str, str]  # "manifest", "themes" and each raw file name -> sha256
    n_documents: int
    row_counts: dict[str, int]  # table name -> rows
    timings: dict[str, float]  # stage -> seconds
    peak_memory_mb: dict[str, int]  # stage -> peak resident memory of the build process at its end
    problems: list[str]  # one line per skipped or kept-back document
    recovered: str | None  # what store.recover did with an interrupted write, if anything
    warnings: dict[str, list[str]]  # doc_id -> warnings while reading it; BUILD_WARNINGS -> about the build as a whole
    theme_evaluation: list[ThemeEvaluationRow]
    demand_evaluation: list[DemandEvaluationRow]
    codebook: dict[str, str]  # theme_id -> the codebook's Markdown section
    # theme_id -> {"vetoes": phrases that stop the theme being tagged, "unless": phrases that lift the veto}, each
    # "|"-joined with {name} lists written out (themes.toml vetoes / veto_unless); themes without vetoes are absent.
    # Builds before it have none.
    theme_vetoes: typing.NotRequired[dict[str, dict[str, str]]]
    search_index: str  # how search.sqlite was made ("full" or "incremental")
    topic_model: TopicModelInfo
    topic_code: str  # hash of the topic code: a previous model is reused only under the same code


def _type_problems(value: object, hint: object, where: str) -> list[str]:
    """Where value does not match a type hint (plain types, X | None, list[X], dict[K, V], TypedDicts)."""
    if hint is float:
        hint = (int, float)  # JSON does not keep 1.0 apart from 1
    if isinstance(hint, tuple):
        ok = isinstance(value, hint) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {type(value).__name__} is not a number"]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        fits = any(not _type_problems(value, option, where) for option in typing.get_args(hint))
        return [] if fits else [f"{where}: {type(value).__name__} is not {hint}"]
    if hint is type(None):
        return [] if value is None else [f"{where}: {type(value).__name__} is not None"]
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__} is not an object"]
        missing = [f"{where}.{key}: missing" for key in sorted(hint.__required_keys__ - set(value))]
        return missing + [problem for key, sub in typing.get_type_hints(hint).items() if key in value
                          for problem in _type_problems(value[key], sub, f"{where}.{key}")]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__} is not a list"]
        (item,) = typing.get_args(hint)
        return [problem for i, v in enumerate(value) for problem in _type_problems(v, item, f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__} is not an object"]
        key_hint, value_hint = typing.get_args(hint)
        return [problem for k, v in value.items() for problem in
                _type_problems(k, key_hint, f"{where} key") + _type_problems(v, value_hint, f"{where}.{k}")]
    expected = origin or hint
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        return [f"{where}: {type(value).__name__} is not {expected.__name__}"]
    return []


def validate_build_info(info: Mapping) -> None:
    """Raise SchemaError unless info has every BuildInfo field with its declared type (store calls this before
    writing anything)."""
    problems = _type_problems(dict(info), BuildInfo, "build_info")
    if problems:
        raise SchemaError("; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""))
