"""Themes page: recurrence by year and organisation (two measures), theme × document, co-occurrence, passages."""
from __future__ import annotations

import pytest

from tests.app.conftest import figure_by_key, html_bodies, open_page, select_points


def traces(at, key) -> dict[str, dict]:
    return {t["name"]: t for t in figure_by_key(at, key)["data"] if t.get("name")}


def together(at):
    """Switch the by-year chart to all organisations together."""
    at.segmented_control(key="year_view").set_value("together")
    at.run()
    return at


def test_by_year_shows_each_organisation_separately_by_default(app):
    at = open_page(app, "themes")
    assert not at.exception
    assert at.segmented_control(key="year_view").value == "organisation"
    data = figure_by_key(at, "themes_by_org_year_share")["data"]
    lines = {(t["customdata"][0][0], t["name"]): t for t in data if t.get("customdata")}
    # Practice placements: NITO 2 of 3 passages in 2022 and 1 of 3 in 2024 (no NITO document in 2023), NTNU 3/3
    # in 2023 and 1/3 in 2024, Tekna 0/3 in 2023 and 1/3 in 2024: no line ever joins two organisations.
    def years(line):
        return [int(c[2]) for c in line["customdata"]]

    assert years(lines[("practice_placements", "NITO")]) == [2022, 2024]
    assert lines[("practice_placements", "NITO")]["y"] == pytest.approx([2 / 3, 1 / 3])
    assert lines[("practice_placements", "NTNU")]["y"] == pytest.approx([1.0, 1 / 3])
    assert years(lines[("practice_placements", "Tekna")]) == [2023, 2024]
    # Organisations sharing a year sit side by side near it, never on one spot; NITO alone in 2022 sits on it.
    xs = [x for org in ("NITO", "NTNU", "Tekna") for x, c in zip(lines[("practice_placements", org)]["x"],
                                                                 lines[("practice_placements", org)]["customdata"])
          if int(c[2]) == 2024]
    assert len(set(xs)) == 3 and all(abs(x - 2024) < 0.3 for x in xs)
    assert lines[("practice_placements", "NITO")]["x"][0] == 2022
    assert lines[("practice_placements", "Tekna")]["text"] == ["0%", "33%"]  # zero written as zero, as elsewhere
    # The organisation × year grid: an empty cell where an organisation has no document that year.
    grid = figure_by_key(at, "themes_org_year_share")["data"][0]
    assert grid["x"] == ["2022", "2023", "2024"]
    row = grid["y"].index("Praksisplasser · NITO")
    assert grid["z"][row][0] == pytest.approx(2 / 3) and grid["z"][row][1] is None
    # NITO's budget input (2022) and hearing input (2024): two shapes, and the line between them dotted.
    nito = lines[("practice_placements", "NITO")]
    assert nito["marker"]["symbol"][0] != nito["marker"]["symbol"][1]
    dotted = [t for t in data if t.get("mode") == "lines" and t["legendgroup"] == "NITO" and t["line"].get("dash") == "dot"]
    assert dotted and dotted[0]["x"][0] == 2022 and dotted[0]["x"][1] == pytest.approx(2024, abs=0.3)
    assert not [t for t in data if t.get("mode") == "lines" and t["line"].get("dash") == "solid"]  # every line changes type
    key = {t["name"] for t in data if t.get("legendgroup") == "doc_types"}
    assert key == {"Budsjettinnspill", "Innspill til høring eller utvalg", "Høringssvar", "Prinsipprogram"}


def test_the_pooled_view_says_what_each_year_is_made_of(app):
    at = together(open_page(app, "themes"))
    assert not at.exception
    ticks = figure_by_key(at, "themes_by_year_share")["layout"]["xaxis"]["ticktext"]
    assert ticks[0] == "<b>2022</b><br><sub>1 dok.</sub><br>NITO<br><i>Budsjettinnspill</i>"
    assert ticks[1] == "<b>2023</b><br><sub>2 dok.</sub><br>NTNU<br>Tekna<br><i>Høringssvar</i>"
    # 2023 and 2024 are made of other organisations or types than the year before: two dotted lines.
    shapes = figure_by_key(at, "themes_by_year_share")["layout"]["shapes"]
    assert [s["x0"] for s in shapes] == [2022.5, 2023.5]


def test_clicking_an_organisation_year_point_lists_its_passages(app):
    at = open_page(app, "themes")
    select_points(at, "themes_by_org_year_share", [["practice_placements", "NITO", 2024]])
    at.run()
    assert not at.exception
    assert "Avsnittene bak valget: Praksisplasser · NITO · 2024" in [s.value for s in at.subheader]
    html = html_bodies(at)
    assert "For å rekruttere flere bioingeniører trengs flere <mark" in html


def test_default_themes_by_year_as_share(app):
    at = together(open_page(app, "themes"))
    assert not at.exception
    assert at.multiselect(key="theme").value == ["practice_placements", "digital_competence"]
    lines = traces(at, "themes_by_year_share")
    assert lines["Praksisplasser"]["x"] == [2022, 2023, 2024]
    assert lines["Praksisplasser"]["y"] == pytest.approx([2 / 3, 3 / 6, 3 / 9])
    assert lines["Digital kompetanse"]["y"] == pytest.approx([1 / 3, 3 / 6, 3 / 9])
    # The documents behind each year's points: once under the year, not stacked over each theme's point.
    assert "text" not in lines["Praksisplasser"]
    ticks = figure_by_key(at, "themes_by_year_share")["layout"]["xaxis"]["ticktext"]
    assert [t.split("<sub>")[1].split("</sub>")[0] for t in ticks] == ["1 dok.", "2 dok.", "3 dok."]
    bars = traces(at, "themes_by_org_share")
    assert bars["NTNU"]["y"] == pytest.approx([4 / 6, 1 / 6])
    assert figure_by_key(at, "themes_by_year_share")["layout"]["title"]["text"].startswith("Hvor stor del av avsnittene")


def test_switching_to_mentions_per_10000_words(app):
    at = together(open_page(app, "themes"))
    at.radio(key="measure").set_value("per_10k")
    at.run()
    assert not at.exception
    lines = traces(at, "themes_by_year_per_10k")
    # 2022: 3 practice-placement hits in 3 passages × 50 words
    assert lines["Praksisplasser"]["y"] == pytest.approx([3 / 150 * 10_000, 3 / 300 * 10_000, 3 / 450 * 10_000])
    assert "Hvor ofte nevnes Praksisplasser" in figure_by_key(at, "themes_by_year_per_10k")["layout"]["title"]["text"]


def test_narrowed_filters_change_the_values(app):
    at = together(open_page(app, "themes", org=["NTNU", "Tekna"], year=[2024]))
    assert not at.exception
    lines = traces(at, "themes_by_year_share")
    assert lines["Praksisplasser"]["x"] == [2024]
    assert lines["Praksisplasser"]["y"] == pytest.approx([2 / 6])
    bars = traces(at, "themes_by_org_share")
    assert set(bars) == {"NTNU", "Tekna"}


def test_theme_by_document_matrix_and_cooccurrence(app):
    at = open_page(app, "themes")
    matrix = figure_by_key(at, "themes_by_doc_share")["data"][0]
    assert matrix["x"] == ["Praksisplasser", "Digital kompetanse"]
    assert matrix["y"][1] == "NTNU 2023 · Høringssvar fra NTNU på NOU 2023:4"
    assert matrix["z"][1] == pytest.approx([1.0, 1 / 3])
    pairs = figure_by_key(at, "themes_cooc")["data"][0]
    assert pairs["z"] == [[8, 1], [1, 7]]
    # A clicked document is named by its title in the heading, never by its id.
    select_points(at, "themes_by_doc_share", [["practice_placements", "nito-2024"]])
    at.run()
    subheaders = [s.value for s in at.subheader]
    assert "Avsnittene bak valget: Praksisplasser · NITO 2024 · NITOs innspill til Meld\\. St\\. 9" in subheaders
    assert not [s for s in subheaders if "nito-2024" in s]


def test_a_capped_document_matrix_says_how_many_documents_raise_the_themes(app, monkeypatch):
    """With more documents than the matrix has room for, only documents that raise the themes are drawn, and the
    caption says how many do instead of claiming the cap's worth (ux-review12: «de 40 dokumentene der temaene fyller
    mest» while 7 of the 40 were at 0 %)."""
    from app.queries import themes

    monkeypatch.setattr(themes, "MAX_MATRIX_DOCUMENTS", 3)
    at = open_page(app, "themes")
    at.multiselect(key="theme").set_value(["recruitment"])
    at.run()
    assert not at.exception
    matrix = figure_by_key(at, "themes_by_doc_share")["data"][0]
    assert [y.replace("<br>", " ") for y in matrix["y"]] == [
        "NITO 2024 · NITOs innspill til Meld. St. 9", "Tekna 2024 · Teknas budsjettinnspill 2025"]
    assert "2 av de 6 dokumentene i utvalget tar opp temaene; bare de vises." in [c.value for c in at.caption]


def test_matched_words_are_highlighted_in_the_passages(app):
    at = open_page(app, "themes")
    html = html_bodies(at)
    assert "Viser 14 av 14 avsnitt." in [c.value for c in at.caption]
    assert 'Flere <mark title="Tagget fordi: praksisplasser">praksisplasser</mark> i sykehusene' in html
    assert 'Bioingeniørstudentene trenger <mark title="Tagget fordi: veiledet praksis">veiledet praksis</mark>' in html
    assert "&lt;script&gt;" not in html  # that passage has no theme


def test_clicking_a_point_or_a_cooccurrence_cell_drills_down(app):
    at = together(open_page(app, "themes"))
    select_points(at, "themes_by_year_share", [["digital_competence", 2022]])
    select_points(at, "themes_cooc", [["practice_placements", "digital_competence"]])
    at.run()
    assert not at.exception
    subheaders = [s.value for s in at.subheader]
    assert "Avsnittene bak valget: Digital kompetanse · 2022" in subheaders
    assert "Avsnitt med både Praksisplasser og Digital kompetanse" in subheaders
    html = html_bodies(at)
    assert 'styrket sin <mark title="Tagget fordi: digitale kompetanse">digitale kompetanse</mark>' in html
    # A passage with two themes names both reasons under the text and on every highlighted word.
    both = "Tagget fordi: praksisplasser · digital kompetanse"
    assert (f'Digitale <mark title="{both}">praksisplasser</mark> kan gi studentene <mark title="{both}">digital'
            " kompetanse</mark>") in html
    assert f'<div class="hr-why">{both}</div>' in html


def test_no_theme_chosen_is_friendly(app):
    at = open_page(app, "themes")
    at.multiselect(key="theme").set_value([])
    at.run()
    assert not at.exception and at.info[0].value == "Velg minst ett tema."


def test_empty_filter_result_shows_the_empty_state(app):
    at = open_page(app, "themes", org=["NITO"], doc_type=["position_programme"])
    assert not at.exception
    assert "Ingen treff med disse filtrene" in at.info[0].value


def test_a_link_opens_the_same_themes_and_measure(app):
    app.query_params["theme"] = ["recruitment"]  # ids, in any language
    app.query_params["measure"] = "per_10k"
    app.switch_page("pages/themes.py")
    app.run()
    at = app
    assert not at.exception
    assert at.multiselect(key="theme").value == ["recruitment"]
    assert at.radio(key="measure").value == "per_10k"
    assert set(traces(at, "themes_by_org_per_10k")) == {"NITO", "NTNU", "Tekna"}


def test_a_build_without_the_labelled_set_says_once_that_no_theme_is_measured(tmp_path, monkeypatch):
    """The planted tables with build_info's theme_evaluation emptied, as a data directory without eval/ builds them:
    the themes page marks every charted theme ⚠ and its caption names the one cause, not the generic reasons."""
    import json

    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import DASHBOARD, TIMEOUT
    from tests.fixtures.tables import write_fixture_tables

    write_fixture_tables(tmp_path)
    info_path = tmp_path / "processed" / "build_info.json"
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info_path.write_text(json.dumps({**info, "theme_evaluation": []}), encoding="utf-8")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(tmp_path))
    at = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "themes")
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("⚠ Ingen av temaene er målt i denne byggingen") for c in captions), captions
    assert not any(c.startswith("⚠ Usikkert tema") for c in captions)
    bars = figure_by_key(at, "themes_by_org_share")["data"]
    assert {x for trace in bars for x in trace["x"]} == {"Praksisplasser ⚠", "Digital kompetanse ⚠"}
