"""The Compare page over the planted tables (tests/fixtures/tables.py): theme profile, distinctive terms, topics."""
from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.typing import PlotlyState

from app.figures import organisation_colours
from app.i18n import text
from tests.app.conftest import open_page
from tests.app.figure_spec import figure_titled


def theme_shares(at: AppTest, theme_id: str = "practice_placements") -> dict[str, float]:
    """Organisation -> share of its passages tagged with the theme, read from the drawn bars."""
    shares = {}
    for trace in figure_titled(at, text("compare.themes_title"))["data"]:
        for custom in trace["customdata"]:
            if custom[0] == theme_id:
                shares[custom[1]] = custom[2]
    return shares


def test_default_compares_every_organisation(app):
    at = open_page(app, "compare")
    assert not at.exception
    assert at.multiselect(key="cmp_orgs").value == ["NITO", "NTNU", "Tekna"]
    # Planted: practice_placements in NITO 3/6, NTNU 4/6, Tekna 1/6 analysed passages.
    assert theme_shares(at) == pytest.approx({"NITO": 0.5, "NTNU": 4 / 6, "Tekna": 1 / 6})
    traces = figure_titled(at, text("compare.themes_title"))["data"]
    assert [t["name"] for t in traces] == ["NITO (2 dok.)", "NTNU (2 dok.)", "Tekna (2 dok.)"]
    colours = organisation_colours(["NITO", "NTNU", "Tekna"])
    assert [t["marker"]["color"] for t in traces] == [colours["NITO"], colours["NTNU"], colours["Tekna"]]
    topics = figure_titled(at, text("compare.topics_title"))["data"]
    assert len(topics) == 3


def test_many_themes_lie_as_rows_with_readable_names():
    import pandas as pd

    from app.figures import organisation_bars

    data = pd.DataFrame({"theme_id": [f"t{i}" for i in range(8)] * 2, "theme": [f"Tema {i}" for i in range(8)] * 2,
                         "group": ["A"] * 8 + ["B"] * 8, "share": [i / 10 for i in range(16)], "n_documents": [1] * 16,
                         "n_tagged": [1] * 16, "n_passages": [10] * 16})
    fig = organisation_bars(data, key="theme_id", label="theme", value="share", colours={"A": "#000000"}, title="t",
                            lang="nb", value_title="v", hover="h", group="group", hover_columns=("n_tagged", "n_passages"))
    assert [t.orientation for t in fig.data] == ["h", "h"]
    assert list(fig.data[1].y) == [f"Tema {i}" for i in range(8)] and list(fig.data[1].x)[:2] == [0.8, 0.9]
    assert list(fig.data[0].customdata[3]) == ["t3", "A", 0.3, "Tema 3", 1, 10]


def test_narrowed_choice_and_sidebar_filter_change_the_profile(app):
    at = open_page(app, "compare", year=[2024])
    assert not at.exception
    # 2024 only: one of three passages each.
    assert theme_shares(at) == pytest.approx({"NITO": 1 / 3, "NTNU": 1 / 3, "Tekna": 1 / 3})
    at.multiselect(key="cmp_orgs").set_value(["NITO", "Tekna"]).run()
    assert set(theme_shares(at)) == {"NITO", "Tekna"}


def test_distinctive_terms_per_organisation(app):
    at = open_page(app, "compare")
    at.number_input(key="cmp_min_count").set_value(2).run()
    assert not at.exception
    panels = figure_titled(at, text("compare.terms_title"))["data"]
    by_org = {p["name"]: dict(zip(p["y"], p["x"])) for p in panels}
    assert set(by_org) == {"NITO", "NTNU", "Tekna"}
    # bioingeniør: NITO 4 of 300 words, others 0 of 600 -> G² = 8 ln 3; helseteknologi: Tekna 3 -> 6 ln 3.
    assert by_org["NITO"]["bioingeniør"] == pytest.approx(8 * math.log(3))
    assert by_org["Tekna"]["helseteknologi"] == pytest.approx(6 * math.log(3))
    assert "praksisplass" not in by_org["NTNU"]  # 6 of 300 against 7 of 600: G² 0.9, not significant


def test_clicking_a_bar_lists_the_passages_behind_it(app):
    at = open_page(app, "compare")
    at.session_state["cmp_themes"] = PlotlyState(
        {"selection": {"points": [{"customdata": ["practice_placements", "NTNU"], "curve_number": 1, "point_index": 1}],
                       "point_indices": [1], "box": [], "lasso": []}}
    )
    at.run()
    assert not at.exception
    assert text("passages.count", shown=4, total=4) in [c.value for c in at.caption]
    body = at.get("html")[0].proto.body
    assert '<mark title="Tagget fordi: praksisplassene">praksisplassene</mark>' in body and "NITO" not in body


def test_one_organisation_or_nothing_left(app):
    at = open_page(app, "compare", org=["NITO"])
    assert not at.exception
    assert [i.value for i in at.info] == [text("compare.need_two")]
    empty = open_page(AppTest.from_file(app._script_path, default_timeout=30), "compare", org=["Tekna"], year=[2022])
    assert not empty.exception
    assert [i.value for i in empty.info] == [text("common.empty")]


def test_long_labels_wrap_and_are_never_cut():
    from app.figures import wrap_label
    from app.queries.documents import document_labels
    import pandas as pd

    title = "Innspill til Helsereformutvalget om oppgavedeling, kompetanse og rekruttering i helse- og omsorgstjenesten"
    label = document_labels(pd.DataFrame({"organisation": ["NITO"], "year": [2025], "title": [title]})).iloc[0]
    assert label == f"NITO 2025 · {title}" and "…" not in label
    wrapped = wrap_label(label, 48)
    assert wrapped.replace("<br>", " ") == label
    assert all(len(line) <= 48 for line in wrapped.split("<br>"))


def test_compared_organisations_never_share_a_colour_when_the_build_has_more_than_the_palette():
    """ux-review12: on the 157-document build (123 organisations, 18 palette colours) the Compare page's default
    Folkehelseinstituttet, Legeforeningen and Psykologforeningen were all drawn in one maroon, in the theme profile,
    the distinctive terms and the topic profile. Each chart of organisations gets colours that differ."""
    import pandas as pd

    from app.figures import PALETTE, distinctive_terms_facets, organisation_bars, organisation_colours

    build = [f"Org {i:03d}" for i in range(len(PALETTE) + 2)]
    colours = organisation_colours(build)
    a, b = build[0], build[len(PALETTE)]
    assert colours[a] == colours[b]  # the build-wide palette repeats
    data = pd.DataFrame({"theme_id": ["t1", "t1"], "theme": ["Tema 1", "Tema 1"], "group": [a, b], "share": [0.2, 0.3],
                         "n_documents": [1, 2], "n_tagged": [1, 1], "n_passages": [5, 3]})
    bars = organisation_bars(data, key="theme_id", label="theme", value="share", colours=colours, title="t", lang="nb",
                             value_title="v", hover="h", group="group")
    assert len({t.marker.color for t in bars.data}) == 2
    keyed = pd.DataFrame({"target": [a, b], "term": ["x", "y"], "g2": [20.0, 30.0], "significance": ["p<0.001"] * 2,
                          "log_ratio": [2.0, 3.0], "count_target": [5, 6], "count_rest": [1, 1], "per_10k_target": [9.0, 9.0],
                          "per_10k_rest": [1.0, 1.0], "p_value": [0.0001, 0.0001], "n_documents": [2, 2],
                          "n_organisations": [1, 1], "top_document": ["d1", "d2"], "top_share": [0.5, 0.5],
                          "one_document": [False, False]})
    facets = distinctive_terms_facets(keyed, colours=colours, doc_counts={a: 1, b: 2}, title="t", lang="nb")
    assert facets.data[0].marker.color[0] != facets.data[1].marker.color[0]


def test_organisations_drawn_together_never_get_colours_that_look_alike():
    """ux-review12: on the 157-document build the Themes page drew NITO in #CC6677 and Tekna in #CC79A7, two pinks a
    reader cannot tell apart in a legend, on the page a NITO leader uses to compare with Tekna."""
    from app.figures import MIN_COLOUR_DISTANCE, OKABE_ITO, PALETTE, colour_distance, distinct_colours

    shown = distinct_colours({"NITO": "#CC6677", "NSF": "#F0E442", "Tekna": "#CC79A7"}, ["NITO", "NSF", "Tekna"])
    assert shown["NITO"] == "#CC6677" and shown["NSF"] == "#F0E442"  # the first keep their own
    assert colour_distance(shown["NITO"], shown["Tekna"]) >= MIN_COLOUR_DISTANCE
    # Okabe–Ito's own colours are all far enough apart: eight organisations keep theirs.
    assert distinct_colours(dict(zip("abcdefgh", OKABE_ITO)), list("abcdefgh")) == dict(zip("abcdefgh", OKABE_ITO))
    # Any eight palette colours drawn together are told apart.
    many = distinct_colours({str(i): c for i, c in enumerate(PALETTE)}, [str(i) for i in range(6, 14)])
    assert min(colour_distance(a, b) for a in many.values() for b in many.values() if a != b) >= MIN_COLOUR_DISTANCE


def test_the_preselection_caption_goes_when_the_reader_chooses_others(app, monkeypatch):
    """ux-review12: a link to NITO, Tekna and Norsk Sykepleierforbund still said «Forhåndsvalgt: de 6 av 123
    organisasjonene med flest analyserte avsnitt» over the three the reader had chosen."""
    from app.queries import documents

    monkeypatch.setattr(documents, "MAX_COMPARED_ORGANISATIONS", 2)
    at = open_page(app, "compare")
    assert not at.exception
    assert at.multiselect(key="cmp_orgs").value == ["NITO", "NTNU"]
    said = "Forhåndsvalgt: de 2 av 3 organisasjonene med flest analyserte avsnitt. Velg andre i feltet over."
    assert said in [c.value for c in at.caption]
    at.multiselect(key="cmp_orgs").set_value(["NITO", "Tekna"]).run()
    assert not at.exception
    assert said not in [c.value for c in at.caption]
