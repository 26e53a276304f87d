"""The same number agrees wherever the seed build shows it: across pages, with the drill-down under a chart, with the
chart's CSV, and with the processed tables counted directly (pandas here, not the query functions).

The strongest checks of the consistency audit of 2026-12-07 (consistency12: 171 filter combinations on the
development build, 49 on the seeds), kept as regressions on a build of the shipped seed corpus. Every expected value
is computed from the tables, so a rule change in the pipeline moves both sides and never breaks these tests; a query
that starts counting differently from its chart, its list or another page does.
"""
from __future__ import annotations

import io
import sqlite3

import pandas as pd
import pytest

from app import exports
from app.data import _read_tables
from app.queries import demands, documents, search, terms, themes, topics
from app.state import Filters, filters_from
from pipeline import build, config
from tests.conftest import copy_seed


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    data = copy_seed(tmp_path_factory.mktemp("seed_numbers") / "data")
    paths = config.paths(data)
    build.build(paths)
    return _read_tables(str(paths.processed), "seed-numbers")


@pytest.fixture(scope="module")
def body(tables) -> pd.DataFrame:
    """The analysed passages with their documents' columns, joined here, not by the app."""
    passages = tables.passages.loc[tables.passages["kind"] == "body"]
    return passages.merge(tables.documents[["doc_id", "organisation", "year", "doc_type"]], on="doc_id")


def every_filter(tables, combined: bool = True) -> list[Filters]:
    """No filter, each organisation, year and document type; with combined, each organisation's each year too."""
    docs = tables.documents
    return ([Filters()] + [filters_from([o]) for o in sorted(docs["organisation"].unique())]
            + [filters_from(years=[int(y)]) for y in sorted(docs["year"].unique())]
            + [filters_from(doc_types=[d]) for d in sorted(docs["doc_type"].unique())]
            + ([filters_from([o], [int(y)]) for o, y in docs[["organisation", "year"]].drop_duplicates().values]
               if combined else []))


def kept(tables, frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for column, values in (("organisation", filters.organisations), ("year", filters.years),
                           ("doc_type", filters.doc_types)):
        if values:
            keep &= frame[column].isin(values)
    return frame.loc[keep]


def test_corpus_figures_are_the_tables_counted(tables, body):
    for filters in every_filter(tables):
        docs = kept(tables, tables.documents, filters)
        passages = kept(tables, body, filters)
        assert documents.corpus_figures(tables, filters) == {
            "documents": len(docs), "organisations": docs["organisation"].nunique(), "years": docs["year"].nunique(),
            "passages": len(passages), "words": int(passages["n_words"].sum())}


def test_a_themes_passages_are_the_same_on_overview_themes_compare_and_the_drill_down(tables, body):
    """Per theme and organisation: the Overview matrix, the Themes bars (chosen themes only), the Compare profile
    (narrowed to the compared organisations), the organisation × year grid summed over years, the passages listed
    under a click and the tags counted from the tables are one number."""
    tags = tables.passage_themes.merge(body[["passage_id", "doc_id", "organisation", "year", "doc_type"]],
                                       on="passage_id")
    chosen = ["practice_placements", "digital_competence"]
    organisations = sorted(tables.documents["organisation"].unique())
    for filters in every_filter(tables, combined=False):
        counted = kept(tables, tags, filters).groupby(["theme_id", "organisation"])["passage_id"].nunique()
        overview = themes.theme_by_organisation(tables, filters, "nb", max_organisations=30)
        themes_page = themes.theme_by_organisation(tables, filters, "nb", chosen)
        compare = themes.theme_measures(tables, filters_from(organisations, filters.years, filters.doc_types),
                                        "organisation", "nb")
        grid = themes.theme_organisation_year(tables, filters, "nb", chosen, max_organisations=30)
        grid = grid.groupby(["theme_id", "organisation"])["n_tagged"].sum()
        assert len(overview) == 18 * kept(tables, body, filters)["organisation"].nunique()
        for row in overview.itertuples():
            expected = int(counted.get((row.theme_id, row.group), 0))
            assert row.n_tagged == expected, (filters, row.theme_id, row.group)
            if row.theme_id in chosen:
                listed = themes.theme_passages_at(tables, filters, [(row.theme_id, row.group)], by="organisation")
                assert len(listed) == expected
                assert int(listed["n_hits"].sum()) == row.n_hits
                same = themes_page.loc[(themes_page["theme_id"] == row.theme_id) & (themes_page["group"] == row.group)]
                assert same["n_tagged"].tolist() == [expected]
                assert int(grid.get((row.theme_id, row.group), 0)) == expected
            if not filters.organisations:
                same = compare.loc[(compare["theme_id"] == row.theme_id) & (compare["group"] == row.group)]
                assert same[["n_tagged", "n_passages"]].values.tolist() == [[expected, row.n_passages]]
        for theme_id in chosen:  # the Themes page's list under the charts: every passage the bars count, once
            listed = themes.theme_passages(tables, filters, [theme_id])
            assert len(listed) == int(counted.loc[theme_id].sum()) if theme_id in counted.index else listed.empty


def test_the_csv_of_a_chart_holds_its_numbers(tables):
    frame = themes.theme_measures(tables, Filters(), "organisation", "en")
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(frame, "en")), encoding="utf-8-sig")
    assert len(back) == len(frame)
    named = exports._named_group(frame)
    columns = dict(zip(named.columns, back.columns))
    assert back[columns["n_tagged"]].tolist() == frame["n_tagged"].tolist()
    assert back[columns["n_passages"]].tolist() == frame["n_passages"].tolist()
    assert back[columns["share"]].tolist() == (frame["share"] * 100).round(1).tolist()
    assert back[columns["per_10k"]].tolist() == frame["per_10k"].round(1).tolist()


def test_the_lemma_search_finds_the_passages_the_keywords_page_counts(tables, body):
    """For every lemma of the seeds: the Search page's «all inflections» total and list are the passages the
    Keywords page lists behind the word. The index splits hyphenated lemmas, so a bare MATCH would find more for
    some of them (ingeniør: 33 passages against the 28 counting it, before the search asked for whole lemmas)."""
    counts = tables.term_counts.loc[tables.term_counts["kind"] == "lemma"].groupby("term")["count"].sum()
    words = [t for t in counts.index if counts[t] >= 10 and t.isalpha()]
    assert len(words) > 50
    con = sqlite3.connect(f"file:{tables.search_db}?mode=ro", uri=True)
    wider = 0
    for word in words:
        listed = terms.passages_with_term(tables, Filters(), word)
        total = search.search_count(tables, Filters(), [word], column="lemmas")
        assert total == {"passages": len(listed), "documents": listed["doc_id"].nunique()}, word
        bare = con.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ? AND kind = 'body'",
                           [f'{{lemmas}} : ("{word}")']).fetchone()[0]
        wider += bare > len(listed)
    con.close()
    assert wider > 0  # the seeds have hyphenated lemmas holding a counted word: the case is exercised
    hits = search.search_passages(tables, filters_from(["NITO"]), ["ingeniør"], column="lemmas", page_size=None)
    assert set(hits["passage_id"]) == set(terms.passages_with_term(tables, filters_from(["NITO"]), "ingeniør")[
        "passage_id"])


def test_a_demand_cell_lists_its_distinct_demands(tables):
    docs = tables.documents
    for filters in [Filters()] + [filters_from([o]) for o in sorted(docs["organisation"].unique())] + [
            filters_from(years=[int(y)]) for y in sorted(docs["year"].unique())]:
        for theme_id in (None, "digital_competence"):
            for soft in (False, True):
                counts = demands.demand_counts(tables, filters, theme_id=theme_id, include_soft=soft)
                assert demands.demand_organisations(tables, filters, theme_id=theme_id, include_soft=soft) == sorted(
                    counts["organisation"].unique())
                occurrences = kept(tables, tables.demands.merge(
                    tables.documents[["doc_id", "year", "doc_type"]], on="doc_id"), filters)
                occurrences = occurrences.loc[occurrences["kind"].isin(("demand", "soft") if soft else ("demand",))]
                if theme_id:
                    occurrences = occurrences.loc[[theme_id in str(t).split("|") for t in occurrences["theme_ids"]]]
                distinct = occurrences.groupby(["organisation", "year"])["group_id"].nunique()
                assert dict(zip(zip(counts["organisation"], counts["year"]), counts["n_distinct"])) == distinct.to_dict()
                for row in counts.itertuples():
                    listed = demands.distinct_demands(tables, filters, "nb", theme_id=theme_id, include_soft=soft,
                                                      cells=((row.organisation, int(row.year)),))
                    assert len(listed) == row.n_distinct


def test_a_topic_cell_lists_the_weights_it_averages(tables, body):
    assert topics.topic_reliability(tables)[1] == len(tables.topics) == tables.build_info["topic_model"]["k"]
    for filters in every_filter(tables):
        for by in ("organisation", "year"):
            prevalence = topics.topic_prevalence(tables, filters, by=by)
            groups = kept(tables, body, filters).groupby(by)["passage_id"].size()
            for row in prevalence.itertuples():
                group = getattr(row, by)
                assert row.n_passages == groups[group]
                listed = topics.topic_passages_at(tables, filters, [(row.topic_id, group)], by)
                assert listed["weight"].sum() == pytest.approx(row.mean_weight * row.n_passages, abs=1e-9)
