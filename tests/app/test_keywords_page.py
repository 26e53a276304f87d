"""The Keywords page over the planted tables (tests/fixtures/tables.py): trends, rising/falling, keyness, drill-down."""
from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.typing import PlotlyState

from app.escape import markdown
from app.i18n import text
from tests.app.conftest import open_page
from tests.app.figure_spec import figure_titled

TREND_TITLE = text("keywords.trend_title", terms="praksisplass, digital kompetanse")


def trend(at: AppTest, term: str) -> dict[int, float]:
    traces = figure_titled(at, TREND_TITLE)["data"]
    line = next(t for t in traces if t["name"] == term)
    return dict(zip(line["x"], line["y"]))


def select(at: AppTest, key: str, customdata: list) -> AppTest:
    at.session_state[key] = PlotlyState(
        {"selection": {"points": [{"customdata": customdata, "curve_number": 0, "point_index": 0}],
                       "point_indices": [0], "box": [], "lasso": []}}
    )
    return at.run()


def test_default_trend_is_per_10000_analysed_words(app):
    at = open_page(app, "keywords")
    assert not at.exception
    assert at.multiselect(key="kw_terms").value == ["praksisplass", "digital kompetanse"]
    # praksisplass: 6 in 150 analysed words (2022), 5 in 300 (2023), 1 + 1 in 450 (2024); sign-offs not counted.
    assert trend(at, "praksisplass") == pytest.approx({2022: 400.0, 2023: 5 / 300 * 1e4, 2024: 2 / 450 * 1e4})
    ticks = figure_titled(at, TREND_TITLE)["layout"]["xaxis"]["ticktext"]
    assert ["1 dok." in ticks[0], "2 dok." in ticks[1], "3 dok." in ticks[2]] == [True, True, True]


def test_narrowed_filter_changes_the_trend(app):
    at = open_page(app, "keywords", org=["NITO"])
    assert not at.exception
    assert trend(at, "praksisplass") == pytest.approx({2022: 400.0, 2024: 1 / 150 * 1e4})


def test_rising_and_falling_between_default_periods(app):
    at = open_page(app, "keywords")
    # Default periods split the years: 2022–2023 against 2024.
    assert at.multiselect(key="kw_period_a").value == [2022, 2023]
    assert at.multiselect(key="kw_period_b").value == [2024]
    fig = figure_titled(at, text("keywords.change_title", a="2022, 2023", b="2024"))
    rising, falling = fig["data"]
    assert rising["y"][0] == "ki"  # 0 -> 12: planted as the strongest riser
    assert "praksisplass" in falling["y"]  # 11 -> 2
    assert rising["text"][0] == "0 → 12"
    # 0 counts as 0.5: log2((12 / 450) / (0.5 / 450)) with 450 words in each period.
    assert rising["x"][0] == pytest.approx(math.log2(24))


def test_keyness_of_an_organisation_and_its_drill_down(app):
    at = open_page(app, "keywords")
    assert text("keywords.doc_type_mixed", types="Budsjettinnspill, Høringssvar, Innspill til høring eller utvalg, Prinsipprogram") in [
        i.value for i in at.info
    ]
    at.number_input(key="kw_min_key").set_value(2).run()
    assert at.selectbox(key="kw_target_organisation").value == "NITO"
    fig = figure_titled(at, text("keywords.keyness_title", target="NITO"))
    bars = fig["data"][0]
    # bioingeniør: 4 of NITO's 300 analysed words, 0 of the other 600: E1 = 4/3, G² = 2 × 4 ln 3.
    assert bars["y"] == ["bioingeniør"]
    assert bars["x"][0] == pytest.approx(8 * math.log(3))
    assert bars["text"][0] == "16×"  # Log Ratio 4: 2⁴ = 16 times as often as in the rest
    select(at, "kw_keyness", ["bioingeniør", "NITO"])
    assert not at.exception
    body = at.get("html")[0].proto.body
    # Listed by the counted lemma: "bioingeniører" is bioingeniør; "Bioingeniørstudentene" is another lemma
    # (bioingeniørstudent), which a regex on the stem would have listed too.
    assert "<mark>bioingeniører</mark>" in body and "Bioingeniørstudentene" not in body


def test_clicking_a_trend_point_lists_passages_of_that_year(app):
    at = open_page(app, "keywords")
    select(at, "kw_trend", ["praksisplass", 2022, 6, 1, 1])
    assert not at.exception
    body = at.get("html")[0].proto.body
    assert "Mangelen på <mark>praksisplasser</mark>" in body
    assert "NTNU" not in body and "Tekna" not in body
    # Two occurrences (praksisplasser twice) in one passage.
    assert text("passages.count_matches", occurrences=2, total=1, shown=1) in [c.value for c in at.caption]


def test_keyness_by_year_within_one_document_type(app):
    at = open_page(app, "keywords", doc_type=["consultation_response"])
    assert not at.exception
    assert text("keywords.doc_type_single", type="Høringssvar") in [c.value for c in at.caption]
    at.segmented_control(key="kw_target_by").set_value("year").run()
    # Both consultation responses are from 2023: one year, nothing to compare with.
    assert text("keywords.need_two_year") in [i.value for i in at.info]


def test_empty_filter_shows_the_empty_state(app):
    at = open_page(app, "keywords", org=["Tekna"], year=[2022])
    assert not at.exception
    assert [i.value for i in at.info] == [text("common.empty")]
    assert not at.get("plotly_chart")


def test_a_typed_term_is_matched_as_the_lemma_it_is_counted_as(app):
    at = open_page(app, "keywords")
    at.multiselect(key="kw_terms").set_value(["Kunstig  Intelligens", "praksisplassene", "blåbærsyltetøy"]).run()
    assert not at.exception
    assert text("keywords.mapped", pairs=markdown("Kunstig  Intelligens → ki, praksisplassene → praksisplass")) in [
        c.value for c in at.caption]
    assert text("keywords.unknown", words=markdown("blåbærsyltetøy")) in [w.value for w in at.warning]
    traces = figure_titled(at, text("keywords.trend_title", terms="ki, praksisplass"))["data"]
    # 0 in 2022 and 2023; 4 + 3 + 5 = 12 in the 450 analysed words of 2024.
    assert dict(zip(traces[0]["x"], traces[0]["y"])) == pytest.approx({2022: 0.0, 2023: 0.0, 2024: 12 / 450 * 1e4})


def test_keyness_starts_on_an_organisation_with_the_most_documents(app):
    """The first organisation in alphabetical order was the default target: on the development build Abelia, one
    document, so the section opened on «Abelia har bare ett dokument …» and no chart. In 2023–2024 NITO has one
    document here, NTNU and Tekna two: NTNU is first with the most."""
    app.query_params["year"] = ["2023", "2024"]  # a link with the years: the page opens on them
    app.switch_page("pages/keywords.py")
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="kw_target_organisation").value == "NTNU"
    assert not [i for i in at.info if "bare ett dokument" in i.value or "har bare" in i.value]


def test_a_period_the_sidebar_narrows_away_starts_again_from_the_narrowed_default(app):
    """A chosen setting none of whose values the sidebar leaves is the narrowed corpus's default, not empty
    (export-review12: Compare narrowed to NITO and Tekna in the sidebar kept its six preselected organisations,
    none of them among the two, and said «choose at least two»; the same rule here for the periods)."""
    at = open_page(app, "keywords")
    at.multiselect(key="kw_period_a").set_value([2022])
    at.run()
    at.sidebar.multiselect(key="year").set_value([2023, 2024])
    at.run()
    assert not at.exception
    assert at.multiselect(key="kw_period_a").value == [2023]  # default_periods([2023, 2024])
    assert at.multiselect(key="kw_period_b").value == [2024]  # still a choice: kept
    assert figure_titled(at, text("keywords.change_title", a="2023", b="2024"))
    assert at.query_params["kw_period_a"] in ("2023", ["2023"])  # the link says it too
