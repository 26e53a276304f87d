"""What is counted is what is listed, and search respects the filters: a planted corpus built by the real pipeline.

Planted (three TXT documents, each paragraph one passage):
    NITO 2022  "samfunnsansvar" twice in one passage (another lemma than samfunn, a regex on the stem finds it),
               "samfunnet", "samfunnets" in another (samfunn twice), 25 passages with praksisplass
    NTNU 2023  12 passages with praksisplass, one with "samfunn"
    Tekna 2024 5 passages with praksisplass
"""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from app.data import _read_tables
from app.queries import search, terms
from app.state import Filters, filters_from
from pipeline import build, config
from tests.conftest import SEED_DATA

PLACES = ["Bergen", "Tromsø", "Bodø", "Molde", "Hamar", "Gjøvik", "Ålesund", "Harstad", "Narvik", "Kristiansand",
          "Stavanger", "Haugesund", "Førde", "Skien", "Porsgrunn", "Drammen", "Kongsberg", "Lillehammer", "Elverum",
          "Steinkjer", "Levanger", "Namsos", "Mo", "Alta", "Kirkenes"]


def _placements(n: int, who: str) -> list[str]:
    return [f"{who} ser at studentene i {PLACES[i]} trenger praksisplasser i sykehusene, og praksisplassene må "
            f"finansieres over statsbudsjettet hvert år framover." for i in range(n)]


DOCUMENTS = {
    ("nito-2022", "NITO", 2022, "budget_input"): [
        "Ingeniører tar samfunnsansvar når de bygger helsetjenesten, og samfunnsansvar er en del av yrket hver dag.",
        "Samfunnet trenger flere ingeniører i sykehusene, og samfunnets behov for teknologi vokser raskt i landet.",
        *_placements(25, "Forbundet"),
    ],
    ("ntnu-2023", "NTNU", 2023, "consultation_response"): [
        "Universitetet utdanner kandidater som samfunn og arbeidsliv etterspør, både i helsetjenesten og i industrien.",
        *_placements(12, "Universitetet"),
    ],
    ("tekna-2024", "Tekna", 2024, "budget_input"): _placements(5, "Tekna"),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    data = tmp_path_factory.mktemp("planted")
    (data / "raw").mkdir()
    shutil.copy2(SEED_DATA / "themes.toml", data / "themes.toml")
    rows = []
    for (doc_id, org, year, doc_type), paragraphs in DOCUMENTS.items():
        # Two lines a paragraph: a text where every line is followed by a blank one reads as double-spaced.
        text = "\n\n".join(p.replace(", ", ",\n", 1) for p in paragraphs)
        (data / "raw" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "organisation": org, "year": year, "date": "",
                     "date_basis": "planted", "doc_type": doc_type, "title": f"{org} {year}", "language": "nb"})
    pd.DataFrame(rows).to_csv(data / "raw" / "documents.csv", index=False)
    paths = config.paths(data)
    build.build(paths, build.BuildParams(workers=1, topic_params={"k_range": (2, 3)}))
    return _read_tables(str(paths.processed), "planted")


def test_every_count_equals_the_occurrences_listed(tables):
    """For every lemma and organisation: the term_counts total equals the sum of n_matches of the drill-down."""
    counts = tables.term_counts.merge(tables.documents[["doc_id", "organisation"]], on="doc_id")
    counts = counts.loc[counts["kind"] == "lemma"].groupby(["organisation", "term"])["count"].sum()
    assert len(counts) > 50
    for (organisation, term), count in counts.items():
        listed = terms.passages_with_term(tables, Filters(), term, organisation=organisation)
        assert int(listed["n_matches"].sum()) == int(count), (organisation, term)


def test_a_regex_stem_and_the_lemma_differ_and_the_lemma_wins(tables):
    listed = terms.passages_with_term(tables, Filters(), "samfunn", organisation="NITO")
    assert listed["n_matches"].tolist() == [2]  # samfunnet, samfunnets
    assert "samfunnsansvar" not in " ".join(listed["text"])
    # The old selection, a regex on the stem, also took the samfunnsansvar passage: two passages, four matches.
    stem = re.compile(r"(?<!\w)samfunn\w*", re.IGNORECASE)
    analysed = tables.passages.loc[tables.passages["doc_id"] == "nito-2022", "text"]
    assert sum(len(stem.findall(t)) for t in analysed) == 4
    nito = tables.term_counts.loc[tables.term_counts["doc_id"] == "nito-2022"].set_index("term")["count"]
    assert nito["samfunn"] == 2 and nito["samfunnsansvar"] == 2
    assert set(terms.term_forms_of(tables, ["samfunn"])) >= {"samfunnet", "samfunnets"}


def test_a_filtered_search_pages_through_more_hits_than_a_page(tables):
    lemma_terms, mapped, unknown = search.lemma_search_terms(tables, "Praksisplassene")
    assert (lemma_terms, mapped, unknown) == (["praksisplass"], [("Praksisplassene", "praksisplass")], [])
    assert search.search_count(tables, Filters(), lemma_terms, column="lemmas") == {"passages": 42, "documents": 3}
    ntnu = filters_from(["NTNU"])
    assert search.search_count(tables, ntnu, lemma_terms, column="lemmas") == {"passages": 12, "documents": 1}
    pages = [search.search_passages(tables, ntnu, lemma_terms, column="lemmas", page=p, page_size=5) for p in range(4)]
    assert [len(p) for p in pages] == [5, 5, 2, 0]
    found = pd.concat(pages)
    assert set(found["organisation"]) == {"NTNU"} and found["passage_id"].is_unique
    assert len(search.search_passages(tables, ntnu, lemma_terms, column="lemmas", page_size=None)) == 12
    # A year and a document type filter inside the query, too; an unknown word says so.
    assert search.search_count(tables, filters_from(years=[2024]), lemma_terms, column="lemmas")["passages"] == 5
    assert search.search_count(tables, filters_from(doc_types=["budget_input"]), lemma_terms,
                               column="lemmas")["passages"] == 30
    assert search.lemma_search_terms(tables, "blåbærsyltetøy") == ([], [], ["blåbærsyltetøy"])
    # The exact written form finds fewer: only "praksisplassene", as typed.
    assert search.search_count(tables, ntnu, ["praksisplassene"])["passages"] == 12
    assert search.search_count(tables, ntnu, ["praksisplass"])["passages"] == 0
