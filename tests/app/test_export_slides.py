"""PowerPoint slides as a reader presents them: one organisation's years as a line, counts without decimals, and the
unit of the numbers on the value axis (export-review12: seen on the seed build filtered to NITO, 2022 and 2024)."""
from __future__ import annotations

import pandas as pd
import pytest

from app import exports
from app.figures import demand_change_bars, recurrence_by_organisation, recurrence_by_organisation_year
from tests.app.test_exports import BY_ORGANISATION, META, _charts, _open


def _one_organisation_by_year() -> pd.DataFrame:
    """The Themes page's organisation × year frame with one organisation left by the filter (NITO 2022, 2024)."""
    return pd.DataFrame({
        "theme_id": ["practice_placements"] * 2 + ["digital_competence"] * 2,
        "theme": ["Praksisplasser"] * 2 + ["Digital kompetanse"] * 2,
        "organisation": ["NITO"] * 4, "year": [2022, 2024] * 2,
        "share": [0.182, 0.018, 0.364, 0.105], "per_10k": [1.0] * 4, "n_tagged": [2, 1, 4, 2],
        "n_passages": [11, 55] * 2, "n_documents": [1, 2] * 2, "n_documents_with_theme": [1] * 4,
        "doc_types": ["Budsjettinnspill", "Høringssvar"] * 2, "type_changed": [False, True] * 2,
    })


def test_one_organisation_over_the_years_is_a_line_over_whole_years_in_percent():
    """With one organisation the figure has one trace per panel: the slide was an XY chart with x = 2021.5 … 2024.5
    and y = 0.18 instead of 18 %."""
    from pptx.enum.chart import XL_CHART_TYPE

    rows = _one_organisation_by_year()
    fig = recurrence_by_organisation_year(rows, measure="share", title="Per organisasjon og år", lang="nb", colours={})
    charts = _charts(_open(exports.pptx_bytes([(exports.chart_panels(fig), META)])))
    assert [c.chart_type for c in charts] == [XL_CHART_TYPE.LINE_MARKERS] * 2
    for chart, theme in zip(charts, ["Praksisplasser", "Digital kompetanse"]):
        assert list(chart.plots[0].categories) == ["2022", "2024"]
        (series,) = chart.plots[0].series
        assert series.name == "NITO"
        assert list(series.values) == pytest.approx(rows.loc[rows["theme"] == theme, "share"].tolist())
        assert chart.value_axis.tick_labels.number_format == "0%"


def test_counts_have_no_decimals_and_every_value_axis_names_its_unit():
    """Distinct demands read «250,0» on the slide, and no slide said what its numbers were (share? hits per 10,000
    words?), while the app's axis says it."""
    changes = pd.DataFrame({"organisation": ["NITO"] * 3, "status": ["recurring", "new", "dropped"],
                            "n_distinct": [4, 241, 9]})
    counts = demand_change_bars(changes, title="Går igjen, nytt, borte", lang="nb")
    shares = recurrence_by_organisation(BY_ORGANISATION, measure="share", lang="nb", title=META.title, colours={})
    count_chart, share_chart = _charts(_open(exports.pptx_bytes(
        [(exports.chart_panels(f), META) for f in (counts, shares)])))
    assert count_chart.value_axis.tick_labels.number_format == "#,##0"
    assert share_chart.value_axis.tick_labels.number_format == "0%"
    for chart, fig in ((count_chart, counts), (share_chart, shares)):
        axis = fig.layout.xaxis if fig.data[0].orientation == "h" else fig.layout.yaxis
        assert chart.value_axis.has_title
        assert chart.value_axis.axis_title.text_frame.text == axis.title.text
    assert count_chart.value_axis.axis_title.text_frame.text == "Ulike krav"



def test_every_panel_of_small_multiples_names_the_unit_the_bottom_axis_carries():
    """Compare's distinctive terms (figures.distinctive_terms_facets) title only the bottom panel's axis («Hvor
    tydelig»); the slide per organisation then had no unit for all but the last."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1, subplot_titles=["NITO (1 dok.)", "Tekna (1 dok.)"])
    fig.add_trace(go.Bar(x=[10.3, 9.2], y=["teknisk", "bioingeniør"], orientation="h", name="NITO"), row=1, col=1)
    fig.add_trace(go.Bar(x=[14.6], y=["utvalg"], orientation="h", name="Tekna"), row=2, col=1)
    fig.update_xaxes(title="Hvor tydelig", row=2)
    charts = _charts(_open(exports.pptx_bytes([(exports.chart_panels(fig, "Ord"), META)])))
    assert len(charts) == 2
    assert [c.value_axis.axis_title.text_frame.text for c in charts] == ["Hvor tydelig"] * 2


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_words_rate_is_defined_as_the_words_not_a_themes(lang):
    """Keywords' term_trend Excel defined «Treff per 10 000 ord» as «Temaets treff …» (the theme charts' wording)."""
    from app.i18n import text

    trend = pd.DataFrame({"term": ["praksisplass"], "year": [2022], "n": [3], "n_words": [792], "per_10k": [37.9]})
    about = dict(exports.about_rows(trend, exports.ExportMeta(name="term_trend", title="t", lang=lang)))
    definition = about[text("export.about.definition", lang, column=exports.column_label("per_10k", lang))]
    assert definition == text("export.definition.per_10k_of_word", lang)
    themes = dict(exports.about_rows(BY_ORGANISATION, exports.ExportMeta(name="themes", title="t", lang=lang)))
    assert themes[text("export.about.definition", lang, column=exports.column_label("per_10k", lang))] == text(
        "export.definition.per_10k", lang)


def test_a_png_of_a_chart_with_a_wrapped_title_keeps_its_first_line_in_the_image():
    """Half-width charts wrap their title (figures.wrapped_title); plotly.js centres a title of several lines on its
    top anchor, so the PNG from the toolbar cut the first line in half (seed build, Themes, NITO 2022+2024:
    «Andel avsnitt per år, hver organisasjon for seg:»). The title hangs lower by half a line per extra line, and
    the plot with it; a one-line title is placed as before."""
    import plotly.graph_objects as go

    from app.figures import base_layout, wrapped_title

    one = base_layout(go.Figure(go.Bar(x=["a"], y=[1])), "Hvor mange ulike krav?")
    two = wrapped_title(base_layout(go.Figure(go.Bar(x=["a"], y=[1])), ""),
                        "Andel avsnitt per år, hver organisasjon for seg: Praksisplasser, Digital kompetanse")
    assert two.layout.title.text.count("<br>") == 1
    tops = (one.layout.margin.t, two.layout.margin.t)
    for fig in (one, two):
        exports.standalone_figure(fig, META)
    half_line = round(17 * 1.3 / 2)
    assert one.layout.title.pad.t == 12
    assert two.layout.title.pad.t == 12 + half_line
    assert two.layout.margin.t - tops[1] == one.layout.margin.t - tops[0] + half_line
