"""Demands page: distinct demands per organisation × year from the detector's output on the planted passages,
recurring/new/dropped between two years, two organisations side by side, and the Method page's scores."""
from __future__ import annotations

import re

import pytest

from tests.app.conftest import figure_by_key, open_page


def dataframes(at) -> list:
    return [df.value for df in at.dataframe]


def test_overview_counts_distinct_demands_per_organisation_and_year(app):
    at = open_page(app, "demands")
    assert not at.exception, [e.value for e in at.exception]
    fig = figure_by_key(at, "demands_heatmap")
    cells = {(o, y): n for o, y, n, _ in fig["data"][1]["customdata"]}
    # The fixture's passages as the real detector reads them: Tekna 2024 has only a soft position.
    assert cells == {("NITO", "2022"): 2, ("NITO", "2024"): 2, ("NTNU", "2023"): 1, ("NTNU", "2024"): 1,
                     ("Tekna", "2023"): 2}
    distinct = dataframes(at)[0]
    assert len(distinct) == 7
    assert distinct["organisation"].tolist()[:3] == ["NITO"] * 3
    assert distinct["latest_year"].tolist()[:3] == [2024, 2024, 2022]  # newest first within an organisation
    # NITO's digital-competence demands of 2022 and 2024 are one distinct demand (grouped by the build).
    assert distinct["years"].tolist()[0] == "2022, 2024"
    assert "Flere praksisplasser i sykehusene må på plass." in distinct["quote"].tolist()
    # Each demand's evidence: the rule's cue words and the re-scorer's probability, in the reader's decimals.
    why = dict(zip(distinct["quote"], distinct["demand_evidence"]))["Flere praksisplasser i sykehusene må på plass."]
    assert re.fullmatch(r"regel: praksisplasser i sykehusene må på · modell 0,9\d", why), why


def test_the_page_says_how_many_demands_the_rules_miss_with_the_clean_figures_of_the_method_page(app):
    """A count of demands reads as complete unless the page says otherwise: the caption gives the two clean
    measurements (part E and the fresh submissions), the same figures the Method page states for them."""
    from app.i18n import text

    at = open_page(app, "demands")
    caption = next(c.value for c in at.caption if c.value.startswith("⚠ Kravene"))
    assert "0,66 og 0,70" in caption and "0,88 og 0,81" in caption
    part_e, fresh = text("method.demands.intro_e", "nb"), text("method.demands.intro", "nb")
    assert "0,88 [0,76–0,95] (n = 43)" in part_e and "0,66 [0,53–0,76] (n = 58)" in part_e
    assert "0,81 [0,73–0,87] (n = 122)" in fresh and "0,70 [0,57–0,80] (n = 114)" in fresh


def test_soft_positions_and_theme_narrow_or_widen_the_list(app):
    at = open_page(app, "demands")
    at.toggle(key="demand_soft").set_value(True)
    at.run()
    assert not at.exception
    assert "Digital kompetanse hos ansatte er en forutsetning for helseteknologi." in dataframes(at)[0]["quote"].tolist()
    at.selectbox(key="demand_theme").set_value("practice_placements")
    at.run()
    quotes = dataframes(at)[0]["quote"].tolist()
    assert quotes == ["Rekruttere og beholde", "Flere praksisplasser i sykehusene må på plass.",
                      "Praksisstudier i kommunene må økes, og praksisplassene må fordeles rettferdig."]


def test_sidebar_filter_narrows_every_view(app):
    at = open_page(app, "demands", org=["NTNU"])
    assert not at.exception
    assert set(dataframes(at)[0]["organisation"]) == {"NTNU"}
    assert at.info[0].value.startswith("Utvalget har krav fra bare én organisasjon")


def test_recurring_new_and_dropped_between_two_years(app):
    at = open_page(app, "demands")
    # NITO made demands in 2022 and 2024, NTNU in 2023 and 2024: one organisation each, so the later pair first.
    assert at.selectbox(key="demand_from").value == 2023 and at.selectbox(key="demand_to").value == 2024
    changes = next(df for df in dataframes(at) if "status" in df.columns)
    # Tekna wrote in 2024 too, but only a soft position: both its 2023 demands count as dropped.
    assert changes.groupby("organisation")["status"].agg(sorted).to_dict() == {
        "NTNU": ["dropped", "new"], "Tekna": ["dropped", "dropped"]}
    assert set(changes["status_label"]) == {"nytt", "borte"}
    at.selectbox(key="demand_from").set_value(2022)
    at.run()
    changes = next(df for df in dataframes(at) if "status" in df.columns)
    # Only NITO wrote in both 2022 and 2024: digital competence recurs, practice placements are dropped.
    assert set(changes["organisation"]) == {"NITO"}
    # The counts are written beside the bar: a short segment cannot be read off the axis.
    notes = [a["text"] for a in figure_by_key(at, "demands_changes_chart")["layout"]["annotations"]]
    assert notes == ["1 går igjen · 1 nye · 1 borte"]
    assert dict(zip(changes["status"], changes["quote"])) == {
        "recurring": "Sykehusene bør bygge opp digital kompetanse i alle ledd, også i ledelsen.",
        "new": "Rekruttere og beholde", "dropped": "Flere praksisplasser i sykehusene må på plass."}


def test_two_organisations_side_by_side(app):
    at = open_page(app, "demands")
    at.selectbox(key="demand_org_b").set_value("Tekna")
    at.run()
    assert not at.exception
    tables = dataframes(at)
    assert set(tables[-2]["organisation"]) == {"NITO"} and set(tables[-1]["organisation"]) == {"Tekna"}
    assert [s.value for s in at.subheader][-2:] == ["NITO: 3 ulike krav", "Tekna: 2 ulike krav"]


def test_method_page_shows_the_demand_scores_with_intervals(app):
    at = open_page(app, "method")
    assert not at.exception
    scores = next(df for df in dataframes(at) if "recall_interval" in df.columns)
    held = scores.set_index(["split", "method"]).loc[("Holdt utenfor (delvis brukt til justering 6.–7. desember)", "Reglene")]
    assert held["precision"] >= 0.9 and held["recall"] >= 0.8
    low, high = (float(x) for x in held["precision_interval"].split("–"))
    assert low < held["precision"] < high
    model = scores.set_index(["split", "method"]).loc[("Holdt utenfor (delvis brukt til justering 6.–7. desember)", "Reglene + modellen")]
    assert model["decision"] == "Modellen avgjør: krav når sannsynligheten er minst 0,50" and not model["used"]


def test_the_recurrence_downloads_say_what_they_count_in_the_readers_words(app, monkeypatch):
    """ux-review12: the recurrence chart's CSV had «Status» = recurring/new/dropped (ids, in English) beside the chart's
    «går igjen · nytt · borte» and a count column called only «Antall»; the table's CSV had «Status» = the id and
    «Endring» = the word, while the table on screen showed the word under «Status»; and both files were called
    demands_changes_2022_2024_all.csv, so the second download overwrote (or renamed) the first."""
    import io

    import pandas as pd
    from streamlit.elements.widgets import button

    from app import exports

    names: list[str] = []
    real_name = exports.file_name
    monkeypatch.setattr(exports, "file_name", lambda meta, suffix: names.append(real_name(meta, suffix)) or names[-1])
    files: list[pd.DataFrame] = []
    marshall = button.marshall_file

    def clicked(coordinates, data, *args, **kwargs):
        data = data() if callable(data) else data
        if isinstance(data, bytes) and not data.startswith(b"PK"):  # CSV, not the zipped Excel/PowerPoint files
            files.append(pd.read_csv(io.BytesIO(data)))
        return marshall(coordinates, data, *args, **kwargs)

    monkeypatch.setattr(button, "marshall_file", clicked)
    at = open_page(app, "demands")
    at.selectbox(key="demand_from").set_value(2022)
    names.clear()
    files.clear()
    at.run()
    assert not at.exception
    csv_names = [n for n in names if n.endswith(".csv")]
    assert len(csv_names) == len(set(csv_names)), csv_names
    counts = next(f for f in files if "Ulike krav" in f.columns and "Status" in f.columns)
    assert counts[["Organisasjon", "Status", "Ulike krav"]].values.tolist() == [
        ["NITO", "går igjen", 1], ["NITO", "nytt", 1], ["NITO", "borte", 1]]
    for frame in files:  # no column called «Status» holds an English id
        if "Status" in frame.columns:
            assert not set(frame["Status"]) & {"recurring", "new", "dropped"}, frame.columns.tolist()


def test_the_side_by_side_comparison_starts_with_the_organisations_with_most_demands(app):
    """ux-review12: on the 157-document build it started with the first two by the alphabet, Abelia and «Anders
    Folven: 1 ulike krav» (a private person's one demand). In 2023 Tekna made two distinct demands, NTNU one."""
    at = open_page(app, "demands", year=[2023])
    assert not at.exception
    assert (at.selectbox(key="demand_org_a").value, at.selectbox(key="demand_org_b").value) == ("Tekna", "NTNU")
    assert [s.value for s in at.subheader][-2:] == ["Tekna: 2 ulike krav", "NTNU: 1 krav"]
    # An organisation is never compared with itself: the first choice is not offered second.
    at.selectbox(key="demand_org_a").set_value("NTNU").run()
    assert at.selectbox(key="demand_org_b").value == "Tekna"
    assert "NTNU" not in at.selectbox(key="demand_org_b").options


def test_the_cap_caption_counts_the_organisations_the_chart_could_show(app, monkeypatch):
    """«The chart shows the n organisations … (of n_all)»: n_all is the organisations with demands on the chosen
    theme (and soft positions, when shown), not every organisation with demands. On the development build with the
    theme practice placements the caption said «40 … (of 120)» over a chart of 9 organisations."""
    from app.queries import demands as q

    monkeypatch.setattr(q, "MAX_CHART_ORGANISATIONS", 1)
    at = open_page(app, "demands")
    capped = [c.value for c in at.caption if c.value.startswith("Figuren viser")]
    assert capped == ["Figuren viser de 1 organisasjonene med flest ulike krav (av 3). Listen under har alle."]
    at.selectbox(key="demand_theme").set_value("practice_placements").run()  # NITO and NTNU ask for placements
    capped = [c.value for c in at.caption if c.value.startswith("Figuren viser")]
    assert capped == ["Figuren viser de 1 organisasjonene med flest ulike krav (av 2). Listen under har alle."]
    at.selectbox(key="demand_theme").set_value("recruitment").run()  # only NITO: nothing left out
    assert not [c.value for c in at.caption if c.value.startswith("Figuren viser")]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_distinct_demands_download_names_the_kind_in_the_readers_words(app, monkeypatch, lang):
    """export-review12: demands_distinct_….csv had «Type» = demand (the id, in English) in a Norwegian file. Now «Type»
    is the word (krav / demand) and «Type-id» the id, as «Status» and «Status-id» in the recurrence table."""
    import io

    import pandas as pd
    from streamlit.elements.widgets import button

    from app.i18n import text

    files: dict[str, pd.DataFrame] = {}
    marshall = button.marshall_file

    def clicked(coordinates, data, proto, mimetype, file_name=None, **kwargs):
        data = data() if callable(data) else data
        if file_name and file_name.startswith("demands_distinct") and file_name.endswith(".csv"):
            files[file_name] = pd.read_csv(io.BytesIO(data))
        return marshall(coordinates, data, proto, mimetype, file_name, **kwargs)

    monkeypatch.setattr(button, "marshall_file", clicked)
    if lang == "en":
        app.query_params["lang"] = "en"
    at = open_page(app, "demands")
    assert not at.exception
    (distinct,) = files.values()
    kind, kind_id = text("column.kind", lang), text("column.kind_id", lang)
    assert set(distinct[kind_id]) == {"demand"}  # the soft positions are off by default
    assert set(distinct[kind]) == {text("demands.kind.demand", lang)}
