"""The search's «all inflections» mode finds a word «as the analyses count it» (search.mode_help): exactly the passages
the Keywords page counts and lists for that lemma, on planted passages whose lemmas are worked by hand.

The full-text index splits words at hyphens, so before the search asked for whole lemmas a search for «nytte» also
found «kost-nytte-vurdering», a lemma of its own that term_counts counts apart (on the development corpus 274 of the
3,000 most frequent lemmas had a larger search count than the passages counting them: «system» 329 against 289,
with «epj-system», «dho-system», «it-system»), and a typed hyphenated word («EPJ-systemet») found nothing.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from app.queries import search, terms
from app.queries.index import prepare
from app.state import Filters, Tables, filters_from
from pipeline import schema
from pipeline.search_index import build_search_index

#: (doc_id, written text, counted lemmas): one body passage each.
PASSAGES = [
    ("a-2025", "Kost-nytte-vurderingen mangler.", "kost-nytte-vurdering mangle"),
    ("a-2025", "Nytten er stor.", "nytte stor"),
    ("a-2025", "EPJ-systemet er gammelt.", "epj-system gammel"),
    ("b-2026", "Systemet er nytt, og nytten av systemet er stor.", "system ny nytte system stor"),
    ("b-2026", "Digital kompetanse er viktig.", "digital kompetanse viktig"),
    ("b-2026", "Kompetanse i det digitale.", "kompetanse digital"),
]
#: (lemma, written form, count) as the pipeline saw them.
FORMS = [("kost-nytte-vurdering", "kost-nytte-vurderingen", 1), ("nytte", "nytten", 2), ("epj-system", "epj-systemet", 1),
         ("system", "systemet", 2), ("digital", "digital", 1), ("digital", "digitale", 1), ("kompetanse", "kompetanse", 2),
         ("mangle", "mangler", 1), ("stor", "stor", 2), ("gammel", "gammelt", 1), ("ny", "nytt", 1),
         ("viktig", "viktig", 1)]


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Tables:
    folder = tmp_path_factory.mktemp("search_as_counted")
    documents = pd.DataFrame({
        "doc_id": ["a-2025", "b-2026"], "organisation": ["A", "B"], "year": [2025, 2026], "date": ["", ""],
        "date_basis": ["planted", "planted"], "doc_type": ["hearing_input", "hearing_input"], "title": ["A", "B"],
        "language": ["nb", "nb"], "detected_language": ["nb", "nb"], "source_file": ["a.txt", "b.txt"],
        "sha256": ["", ""], "n_pages": [1, 1], "n_words": [10, 10], "n_passages": [3, 3], "text_source": ["text", "text"],
    })
    documents = documents.astype({c: schema.empty("documents")[c].dtype for c in documents.columns})
    position = {d: 0 for d in documents["doc_id"]}
    rows = []
    for doc_id, text, lemmas in PASSAGES:
        rows.append({"passage_id": f"{doc_id}:{position[doc_id]:04d}", "doc_id": doc_id, "section_title": "",
                     "page": 1, "position": position[doc_id], "text": text, "n_words": len(text.split()),
                     "kind": "body", "lemmas": lemmas})
        position[doc_id] += 1
    passages = pd.DataFrame(rows).astype({c: schema.empty("passages")[c].dtype for c in rows[0]})
    forms = pd.DataFrame(FORMS, columns=["term", "form", "count"]).astype(
        {c: schema.empty("term_forms")[c].dtype for c in ("term", "form", "count")})
    build_search_index(passages, documents, folder / schema.SEARCH_DB)
    frames = {name: schema.empty(name) for name in schema.TABLES}
    frames.update(documents=documents, passages=passages, term_forms=forms)
    built = Tables(**frames, build_info=json.loads("{}"), search_db=folder / schema.SEARCH_DB)
    prepare(built)
    return built


def lemma_hits(tables: Tables, query: str, filters: Filters = Filters()) -> tuple[set[str], dict[str, int]]:
    """What the Search page lists and counts for query in its «all inflections» mode."""
    plan = search.search_plan(tables, filters, query, "lemma")
    hits = search.search_passages(tables, filters, plan["terms"], column=plan["column"], page_size=None)
    return set(hits["passage_id"]), plan["total"]


@pytest.mark.parametrize("query, expected", [
    # «nytte» is counted in a-2025:0001 and b-2026:0000, not in «kost-nytte-vurdering» (a-2025:0000).
    ("nytte", {"a-2025:0001", "b-2026:0000"}),
    ("nytten", {"a-2025:0001", "b-2026:0000"}),
    # «system» is counted in b-2026:0000 only; «epj-system» is another lemma.
    ("systemet", {"b-2026:0000"}),
    # A typed hyphenated word is read as the hyphenated lemma it was counted as.
    ("EPJ-systemet", {"a-2025:0002"}),
    ("kost-nytte-vurderingen", {"a-2025:0000"}),
    # A quoted phrase is the neighbours the bigram counts; unquoted, both words anywhere.
    ('"digital kompetanse"', {"b-2026:0001"}),
    ("digitale kompetanse", {"b-2026:0001", "b-2026:0002"}),
])
def test_lemma_search_lists_the_passages_the_lemma_is_counted_in(tables, query, expected):
    found, total = lemma_hits(tables, query)
    assert found == expected
    assert total == {"passages": len(expected), "documents": len({p.split(":")[0] for p in expected})}


@pytest.mark.parametrize("query", ["nytte", "systemet", "EPJ-systemet", '"digital kompetanse"'])
def test_lemma_search_equals_the_keywords_drill_down(tables, query):
    """The Keywords page's passages behind a word (passages_with_term) are the search's, under every filter."""
    lemma = search.lemma_search_terms(tables, query)[0][0]
    for filters in (Filters(), filters_from(["A"]), filters_from(years=[2026]), filters_from(["A"], [2026])):
        found, total = lemma_hits(tables, query, filters)
        listed = terms.passages_with_term(tables, filters, lemma)
        assert found == set(listed["passage_id"])
        assert total["passages"] == len(listed)


def test_written_form_search_still_finds_a_word_inside_a_hyphenated_one(tables):
    """The exact mode searches the text as written; the index splits at hyphens there, as before."""
    # «nytte» is written only inside «Kost-nytte-vurderingen»; «nytten» twice as a word of its own.
    assert search.search_plan(tables, Filters(), "nytte", "exact")["total"]["passages"] == 1
    assert search.search_plan(tables, Filters(), "nytten", "exact")["total"]["passages"] == 2
    assert search.search_plan(tables, Filters(), "systemet", "exact")["total"]["passages"] == 2
