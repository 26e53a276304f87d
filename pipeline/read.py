"""Reading one document: the per-document stages composed (extract -> clean -> segment -> passage kinds ->
language -> lemmas) and its theme tags. Kept apart from build.py so that the per-document caches' code key
(build.PER_DOCUMENT_MODULES) covers exactly the code that shapes them, and an edit of the corpus-wide build does not
invalidate them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from . import lemma_codes, schema
from .caches import CachedDocument, arrow_schema


def process_document(path: Path, doc_id: str, organisation: str, language: str = "") -> CachedDocument:
    """Extract, clean, segment, tell passage kinds in, detect the language and lemmatise one document (pure apart
    from reading the file). `language` is the manifest's value (one of schema.LANGUAGES, or "" to use the
    detected one): it chooses the lemmatiser and is what short passages are taken to be written in."""
    return read_document(path, doc_id, organisation, language)[0]


def read_document(path: Path, doc_id: str, organisation: str,
                  language: str = "") -> tuple[CachedDocument, dict[str, list[str]]]:
    """process_document's result and the tokens the lemmatiser read, by passage text (language.tokenize's; passages
    whose web addresses were cut out first are left out): tag_document, which the worker runs next on the same
    passages, takes them instead of tokenising every passage again (a sixth of its time). Keyed by the text itself,
    so an entry can only ever give the tokens of an equal text.

    Columns go straight from lists to Arrow: pandas frames of ~40 rows cost more than the lemmatiser.
    """
    from . import clean, extract, lang_detect, segment
    from . import language as lemmatiser

    extracted = extract.extract(path)
    pages = clean.clean_pages(extracted.pages, extracted.kind, extracted.footnotes, extracted.note_numbers)
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
    tokens_by_text: dict[str, list[str]] = {}
    terms = []
    for text in columns["text"]:
        found, tokens = lemmatiser.content_terms_and_tokens(text, lang)
        terms.append(found)
        if tokens is not None:
            tokens_by_text[text] = tokens
    columns["lemmas"] = [lemma_codes.join([term for term, _ in found]) for found in terms]
    columns["forms"] = [lemma_codes.join_forms([form for _, form in found]) for found in terms]
    table = pa.table(columns, schema=arrow_schema("passages", forms=True))
    document = CachedDocument(table, page_count(extracted), tuple(extracted.warnings), extracted.text_source, detected)
    return document, tokens_by_text


def page_count(extracted) -> int | None:
    """The number of pages of a PDF; None for TXT and DOCX, whose text the extractor hands over as one page that the
    reader never saw (a document page of «1» for a 40-page Word file misleads)."""
    return len(extracted.pages) if extracted.kind == "pdf" else None


def tag_document(document: CachedDocument, lexicon, language: str = "",
                 known_tokens: Mapping[str, Sequence[str]] | None = None) -> pa.Table:
    """Theme tags of one document's analysed passages, schema passage_themes; language: the manifest's value, else
    the detected one (a Nynorsk document is matched on its Nynorsk lemmas, as process_document lemmatises it).
    known_tokens: read_document's tokens by passage text, when the document was just read (a cached document has
    none: its passages are tokenised again)."""
    from . import themes

    kept = document.table.filter(pc.is_in(document.table["kind"], value_set=pa.array(schema.ANALYSED_KINDS, pa.large_string())))
    rows = themes.tag_rows(kept["passage_id"].to_pylist(), kept["text"].to_pylist(), lexicon,
                           language or document.detected_language, known_tokens=known_tokens)
    return pa.table(rows, schema=arrow_schema("passage_themes"))
