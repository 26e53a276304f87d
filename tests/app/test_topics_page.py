"""The Topics page over planted tables: map, relevance slider, prevalence, drill-down to passages, empty state."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.typing import PlotlyState

from app.i18n import text
from pipeline import schema
from tests.app.conftest import DASHBOARD, TIMEOUT, open_page
from tests.app.figure_spec import figure_titled
from tests.fixtures import tables as fixture

# Planted topic weights: every analysed passage of NITO has topic 0 at 0.9, NTNU topic 1 at 0.6, Tekna topic 2 at 0.3.
# Each organisation has 6 analysed passages (18 in all), so the topics' mean weights over all passages are
# 0.9 × 6 / 18 = 0.3, 0.2 and 0.1; the topics table's own shares (of the whole collection) are 0.4, 0.35, 0.25.
PLANTED = {"NITO": (0, 0.9), "NTNU": (1, 0.6), "Tekna": (2, 0.3)}
LABELS = {t[0]: t[1] for t in fixture.TOPICS}


def planted_data(folder, reliable: list[bool] | None = None, also: dict[str, tuple[int, float]] | None = None):
    """The fixture tables with the planted topic weights (and topics marked reliable or not) in folder/processed;
    also: organisation -> (topic_id, weight) a second, weaker topic of each of its analysed passages."""
    frames = fixture.fixture_frames()
    orgs = frames["documents"].set_index("doc_id")["organisation"]
    analysed = frames["passages"].loc[frames["passages"]["kind"] == "body"]
    rows = [(p, *PLANTED[orgs[d]]) for p, d in zip(analysed["passage_id"], analysed["doc_id"])]
    rows += [(p, *(also or {})[orgs[d]]) for p, d in zip(analysed["passage_id"], analysed["doc_id"])
             if orgs[d] in (also or {})]
    frames["passage_topics"] = schema.conform(
        pd.DataFrame(rows, columns=["passage_id", "topic_id", "weight"]), "passage_topics"
    )
    if reliable is not None:
        frames["topics"] = frames["topics"].assign(is_reliable=reliable)
    processed = folder / "processed"
    processed.mkdir(parents=True)
    for name, df in frames.items():
        df.to_parquet(processed / f"{name}.parquet", index=False)
    fixture.write_search_db(frames["passages"], frames["documents"], processed / schema.SEARCH_DB)
    (processed / schema.BUILD_INFO).write_text(json.dumps(fixture.build_info(frames)), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def topic_data(tmp_path_factory):
    return planted_data(tmp_path_factory.mktemp("topics_data"))


@pytest.fixture
def at(topic_data, monkeypatch) -> AppTest:
    monkeypatch.setenv("HORINGSRADAR_DATA", str(topic_data))
    return AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)


def map_shares(at: AppTest) -> dict[int, float]:
    """The bubble sizes: each topic's mean weight in the selection."""
    trace = figure_titled(at, text("topics.map_title"))["data"][0]
    return {int(c[0]): size for c, size in zip(trace["customdata"], trace["marker"]["size"])}


def collection_shares(at: AppTest) -> dict[int, float]:
    """The share of the whole collection each bubble's hover names."""
    trace = figure_titled(at, text("topics.map_title"))["data"][0]
    return {int(c[0]): float(c[6]) for c in trace["customdata"]}


TABLE_SHARES = {t[0]: t[3] for t in fixture.TOPICS}


def prevalence(at: AppTest) -> dict[tuple[int, str], float]:
    trace = figure_titled(at, text("topics.prevalence_title_organisation"))["data"][0]
    return {(int(c[0]), str(c[1])): float(c[2]) for c in trace["customdata"]}


def test_default_view_shows_map_terms_and_prevalence(at):
    open_page(at, "topics")
    assert not at.exception
    assert map_shares(at) == pytest.approx({0: 0.3, 1: 0.2, 2: 0.1})
    # One definition per measure: the collection share is the topics table's column, not recomputed by the app.
    assert collection_shares(at) == pytest.approx(TABLE_SHARES) == {0: 0.4, 1: 0.35, 2: 0.25}
    shares = prevalence(at)
    assert shares[(0, "NITO")] == pytest.approx(0.9)
    assert shares[(1, "NTNU")] == pytest.approx(0.6)
    assert shares[(2, "Tekna")] == pytest.approx(0.3)
    assert shares[(0, "Tekna")] == 0.0
    # Document counts are visible under each column.
    layout = figure_titled(at, text("topics.prevalence_title_organisation"))["layout"]
    assert any("2 dok." in str(c) for c in layout["xaxis"]["categoryarray"])
    # Default topic is the largest (topic 0); its typical passages are NITO's.
    assert at.subheader[-1].value == text("topics.passages_heading", topic=LABELS[0])
    assert "NITO" in at.get("html")[0].proto.body and "Tekna" not in at.get("html")[0].proto.body


def test_narrowed_filter_changes_the_shares(at):
    open_page(at, "topics", org=["NTNU", "Tekna"])
    assert not at.exception
    # Without NITO: 12 passages, topic 1 at 0.6 in NTNU's 6 and topic 2 at 0.3 in Tekna's 6.
    assert map_shares(at) == pytest.approx({0: 0.0, 1: 0.3, 2: 0.15})
    # The bubble is the prevalence matrix's measure over the whole selection: its columns averaged by passages.
    shares = prevalence(at)
    assert map_shares(at)[1] == pytest.approx((shares[(1, "NTNU")] * 6 + shares[(1, "Tekna")] * 6) / 12)
    assert {org for _, org in shares} == {"NTNU", "Tekna"}
    # The collection share is the collection's: the filters do not change it.
    assert collection_shares(at) == pytest.approx(TABLE_SHARES)


def test_relevance_slider_reranks_terms(at):
    open_page(at, "topics")
    title = text("topics.terms_title")
    # Planted topic 0 terms: weight 0.4 / r, corpus weight 0.01 r at rank r.
    at.slider(key="topics_lambda").set_value(1.0).run()
    top = figure_titled(at, title)["data"][0]["customdata"][0]
    assert top[0] == "praksisplass" and top[2] == pytest.approx(math.log(0.4))
    at.slider(key="topics_lambda").set_value(0.0).run()
    top = figure_titled(at, title)["data"][0]["customdata"][0]
    assert top[2] == pytest.approx(math.log(0.4 / 0.01))


def test_clicking_a_point_lists_the_passages_behind_it(at):
    open_page(at, "topics")
    at.session_state["topics_prevalence_organisation"] = PlotlyState(
        {"selection": {"points": [{"customdata": [1, "NTNU"], "curve_number": 0, "point_index": 4}],
                       "point_indices": [4], "box": [], "lasso": []}}
    )
    at.run()
    assert not at.exception
    assert at.subheader[-1].value == text("common.selected", what=f"{LABELS[1]} · NTNU")
    body = at.get("html")[0].proto.body
    assert "Praksisstudier i kommunene" in body and "NITO" not in body
    assert text("passages.count", shown=6, total=6) in [c.value for c in at.caption]


def test_year_view_and_empty_filter(at):
    open_page(at, "topics")
    at.segmented_control(key="topics_by").set_value("year").run()
    assert not at.exception
    trace = figure_titled(at, text("topics.prevalence_title_year"))["data"][0]
    by_year = {(int(c[0]), int(c[1])): float(c[2]) for c in trace["customdata"]}
    # 2022 holds only NITO (topic 0 at 0.9); 2023 NTNU + Tekna: topic 1 = 0.6 × 3 / 6.
    assert by_year[(0, 2022)] == pytest.approx(0.9) and by_year[(1, 2023)] == pytest.approx(0.3)

    empty = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "topics", org=["Tekna"], year=[2022])
    assert not empty.exception
    assert [i.value for i in empty.info] == [text("common.empty")]
    assert not empty.get("plotly_chart")


def test_only_reliable_topics_are_shown_and_an_unreliable_model_is_said(tmp_path, monkeypatch):
    monkeypatch.setenv("HORINGSRADAR_DATA", str(planted_data(tmp_path / "some", [True, False, True])))
    at = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "topics")
    assert not at.exception
    assert set(map_shares(at)) == {0, 2}
    assert {t for t, _ in prevalence(at)} == {0, 2}
    assert text("topics.hidden", shown=2, total=3) in [c.value for c in at.caption]
    # the chosen topic's example and stability, from the table
    assert text("topics.example", example=fixture.TOPICS[0][9], stability=1.0) in [c.value for c in at.caption]

    monkeypatch.setenv("HORINGSRADAR_DATA", str(planted_data(tmp_path / "none", [False, False, False])))
    at = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "topics")
    assert not at.exception
    assert [w.value for w in at.warning] == [text("topics.unreliable", n=3)]
    assert not at.get("plotly_chart")


def test_a_topics_typical_passages_are_those_it_is_strongest_in_and_the_list_says_how_many(tmp_path, monkeypatch):
    """The list under the map was a top 20 by weight: on the development build «Viser 20 av 20 avsnitt» for topics
    the map counts hundreds of passages for, and passages where another topic was stronger. Here NITO's passages
    also carry topic 1 at 0.1 (their strongest stays topic 0 at 0.9): topic 1's list is NTNU's 6 passages, not 12."""
    monkeypatch.setenv("HORINGSRADAR_DATA", str(planted_data(tmp_path, also={"NITO": (1, 0.1)})))
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    app.query_params["topics_topic"] = "1"  # a link to the topic
    app.switch_page("pages/topics.py")
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[-1].value == text("topics.passages_heading", topic=LABELS[1])
    assert text("passages.count", shown=6, total=6) in [c.value for c in at.caption]
    body = at.get("html")[-1].proto.body
    assert "NTNU" in body and "<b>NITO</b>" not in body
