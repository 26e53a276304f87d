"""Exports (app/exports.py): CSV read by pandas with default arguments, XLSX opened with openpyxl, PPTX opened with
python-pptx and rendered by LibreOffice; the PNG settings of the figures. Frames are planted, with the seed's names."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from app import exports
from app.exports import ExportMeta
from app.figures import (
    demand_change_bars,
    organisation_colours,
    recurrence_by_organisation,
    recurrence_by_year,
    theme_organisation_heatmap,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "slides"
FORMULA = '=HYPERLINK("http://x.invalid","klikk")'

#: Theme shares per organisation as the Themes page's query returns them (by="organisation").
BY_ORGANISATION = pd.DataFrame({
    "theme_id": ["practice_placements", "practice_placements", "digital_competence", "digital_competence"],
    "theme": ["Praksisplasser", "Praksisplasser", "Digital kompetanse", "Digital kompetanse"],
    "group": ["NITO", "Tekna", "NITO", "Tekna"],
    "n_passages": [43, 20, 43, 20],
    "n_tagged": [9, 2, 1, 0],
    "share": [9 / 43, 2 / 20, 1 / 43, 0.0],
    "n_hits": [12, 2, 1, 0],
    "n_words": [5012, 2210, 5012, 2210],
    "per_10k": [12 / 5012 * 1e4, 2 / 2210 * 1e4, 1 / 5012 * 1e4, 0.0],
    "n_documents": [3, 1, 3, 1],
    "n_documents_with_theme": [2, 1, 1, 0],
})
META = ExportMeta(name="themes_by_organisation_share", title="Hvor ofte nevnes temaene, per organisasjon?", lang="nb",
                  filters_slug="org=NITO+Tekna", filters_text="Organisasjon: NITO, Tekna", n_documents=4,
                  built_at="04.12.2026 kl. 23:40 UTC", sources=("NITO 2024: Innspill til statsbudsjettet 2025",
                                                               "Tekna 2023: Høringssvar – NOU 2023:4"))


def test_csv_has_its_header_in_line_one_in_the_readers_language():
    frame = pd.read_csv(io.BytesIO(exports.csv_bytes(BY_ORGANISATION, "nb")))  # default arguments
    assert list(frame.columns) == ["Tema-id", "Tema", "Organisasjon", "Avsnitt", "Avsnitt med temaet", "Andel (%)",
                                   "Treff", "Antall ord", "Treff per 10 000 ord", "Dokumenter", "Dokumenter med temaet"]
    # Shares as percentages with one decimal (9 / 43 = 20.93 %), rates rounded to one decimal.
    assert frame["Andel (%)"].tolist() == [20.9, 10.0, 2.3, 0.0]
    assert frame["Treff per 10 000 ord"].tolist() == [23.9, 9.0, 2.0, 0.0]
    english = pd.read_csv(io.BytesIO(exports.csv_bytes(BY_ORGANISATION, "en")))
    assert list(english.columns)[:6] == ["Theme id", "Theme", "Organisation", "Passages", "Passages with the theme",
                                         "Share (%)"]


def test_csv_keeps_full_labels_and_neutralises_formulas():
    long_title = "Innspill fra NITO til Helsepersonellkommisjonen om kapasitet i utdanningene " * 3
    data = pd.DataFrame({"title": [long_title, FORMULA, "+47 22 00 00 00", "-- tankestrek", "@navn"],
                         "n_words": [1, 2, 3, 4, -5]})
    frame = pd.read_csv(io.BytesIO(exports.csv_bytes(data, "nb")))
    assert frame["Tittel"].tolist() == [long_title, "'" + FORMULA, "'+47 22 00 00 00", "'-- tankestrek", "'@navn"]
    assert frame["Antall ord"].tolist() == [1, 2, 3, 4, -5]  # a negative number is data, not a formula
    assert data["title"].iloc[1] == FORMULA  # the caller's frame is not changed


def test_file_name_carries_query_and_filters():
    assert exports.file_name(META, "csv") == "themes_by_organisation_share_org=NITO+Tekna.csv"
    search = ExportMeta(name="passages_search", title="", query="praksis plass?", filters_slug="all")
    assert exports.file_name(search, "xlsx") == "passages_search_praksis-plass_all.xlsx"


def test_xlsx_has_a_real_table_and_an_about_sheet():
    openpyxl = pytest.importorskip("openpyxl")
    data = BY_ORGANISATION.assign(theme=[FORMULA, "Praksisplasser", "Digital kompetanse", "Digital kompetanse"])
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(data, META)))
    assert book.sheetnames == ["Data", "Om uttrekket"]
    sheet = book["Data"]
    assert list(sheet.tables) == ["Data"]
    assert sheet.tables["Data"].ref == "A1:K5"
    header = [c.value for c in sheet[1]]
    assert header == list(pd.read_csv(io.BytesIO(exports.csv_bytes(data, "nb"))).columns)
    assert [c.value for c in sheet["F"][1:]] == [20.9, 10.0, 2.3, 0.0]
    assert sheet["B2"].value == "'" + FORMULA and sheet["B2"].data_type == "s"  # text, never a formula
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    about = {row[0].value: row[1].value for row in book["Om uttrekket"].iter_rows()}
    assert about["Utvalg"] == "Organisasjon: NITO, Tekna"
    assert about["Dokumenter i utvalget"] == "4"
    assert about["Analysene bygget"] == "04.12.2026 kl. 23:40 UTC"
    assert about["Kilde"] == "Kilde: Høringsradar, 4 dokumenter, bygget 04.12.2026 kl. 23:40 UTC"
    assert about["Slik er «Andel (%)» regnet ut"].startswith("Andel av avsnittene")
    values = [row[1].value for row in book["Om uttrekket"].iter_rows()]
    assert "NITO 2024: Innspill til statsbudsjettet 2025" in values and "Tekna 2023: Høringssvar – NOU 2023:4" in values


def test_xlsx_about_sheet_in_english():
    openpyxl = pytest.importorskip("openpyxl")
    meta = ExportMeta(name="x", title="How often", lang="en", filters_text="Organisation: NITO", n_documents=3)
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(BY_ORGANISATION, meta)))
    assert book.sheetnames == ["Data", "About"]
    assert {r[0].value: r[1].value for r in book["About"].iter_rows()}["Selection"] == "Organisation: NITO"


def _open(data: bytes):
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def _charts(prs):
    return [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_pptx_bar_chart_is_native_and_equals_the_frame():
    from pptx.enum.chart import XL_CHART_TYPE

    fig = recurrence_by_organisation(BY_ORGANISATION, measure="share", lang="nb", title=META.title,
                                     colours=organisation_colours(["NITO", "Tekna"]))
    prs = _open(exports.pptx_bytes([(exports.chart_panels(fig), META)]))
    (chart,) = _charts(prs)
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == ["Praksisplasser", "Digital kompetanse"]
    for series in plot.series:
        rows = BY_ORGANISATION.loc[BY_ORGANISATION["group"] == series.name]
        assert list(series.values) == pytest.approx(rows["share"].tolist())
    assert {s.name for s in plot.series} == {"NITO", "Tekna"}
    assert chart.value_axis.tick_labels.number_format == "0%"
    words = _texts(prs.slides[0])
    assert META.title in words and "Organisasjon: NITO, Tekna" in words
    assert "Kilde: Høringsradar, 4 dokumenter, bygget 04.12.2026 kl. 23:40 UTC" in words


def test_pptx_heatmap_line_and_stacked_bars():
    from pptx.enum.chart import XL_CHART_TYPE

    heat = theme_organisation_heatmap(BY_ORGANISATION, title="Tema × organisasjon", lang="nb")
    by_year = BY_ORGANISATION.assign(group=[2022, 2024, 2022, 2024])
    line = recurrence_by_year(by_year, measure="per_10k", title="Per år", lang="nb",
                              colours={"practice_placements": "#88CCEE", "digital_competence": "#CC6677"})
    changes = pd.DataFrame({"organisation": ["NITO"] * 3 + ["Tekna"] * 3, "status": ["recurring", "new", "dropped"] * 2,
                            "n_distinct": [4, 2, 1, 0, 3, 0]})
    bars = demand_change_bars(changes, title="Går igjen, nytt, borte", lang="nb")
    prs = _open(exports.pptx_bytes([(exports.chart_panels(f), META) for f in (heat, line, bars)]))
    heat_chart, line_chart, bar_chart = _charts(prs)
    assert heat_chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(heat_chart.plots[0].categories) == ["NITO", "Tekna"]
    heat_values = {s.name: list(s.values) for s in heat_chart.plots[0].series}
    assert heat_values["Praksisplasser"] == pytest.approx([9 / 43, 0.1])
    assert heat_values["Digital kompetanse"] == pytest.approx([1 / 43, 0.0])
    assert line_chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert list(line_chart.plots[0].categories) == ["2022", "2024"]
    line_values = {s.name: list(s.values) for s in line_chart.plots[0].series}
    for theme_id, label in (("practice_placements", "Praksisplasser"), ("digital_competence", "Digital kompetanse")):
        assert line_values[label] == pytest.approx(by_year.loc[by_year["theme_id"] == theme_id, "per_10k"].tolist())
    assert line_chart.value_axis.tick_labels.number_format == "#,##0.0"
    assert bar_chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert list(bar_chart.plots[0].categories) == ["NITO", "Tekna"]
    assert [list(s.values) for s in bar_chart.plots[0].series] == [[4, 0], [2, 3], [1, 0]]


def test_pptx_quote_slides_carry_source_themes_and_words():
    passages = pd.DataFrame({
        "organisation": ["NITO"], "year": [2024], "title": ["Innspill til statsbudsjettet 2025"],
        "section_title": ["Praksis"], "page": [3], "themes": ["Praksisplasser"], "matched_forms": ["praksisplasser"],
        "text": ["NITO mener det må etableres flere praksisplasser for bioingeniørstudenter."],
    })
    prs = _open(exports.pptx_bytes([], exports.quotes_from(passages, "nb"), META))
    (slide,) = prs.slides
    words = _texts(slide)
    assert "«NITO mener det må etableres flere praksisplasser for bioingeniørstudenter.»" in words
    assert "NITO · 2024 · Innspill til statsbudsjettet 2025" in words and "del: Praksis · s. 3" in words
    assert "Temaer: Praksisplasser" in words and "Trefford: praksisplasser" in words


def test_pptx_renders_in_libreoffice():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make test` installs Debian's libreoffice-impress-nogui")
    import pypdfium2

    fig = recurrence_by_organisation(BY_ORGANISATION, measure="share", lang="nb", title=META.title,
                                     colours=organisation_colours(["NITO", "Tekna"]))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    deck = ARTIFACTS / "themes_by_organisation.pptx"
    deck.write_bytes(exports.pptx_bytes([(exports.chart_panels(fig), META)]))
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(ARTIFACTS), str(deck)],
                   check=True, capture_output=True, timeout=180)
    pdf = pypdfium2.PdfDocument(str(deck.with_suffix(".pdf")))
    assert len(pdf) == 1
    image = pdf[0].render(scale=1).to_pil()
    image.save(ARTIFACTS / "themes_by_organisation.png")
    dark = sum(image.convert("L").histogram()[:200])  # pixels darker than light grey
    # Title, bars, axis and footer: thousands of dark pixels, not a blank page.
    assert dark > 5_000, dark
    assert "Hvor ofte nevnes temaene" in pdf[0].get_textpage().get_text_range()


def test_figures_stand_alone_as_png():
    fig = recurrence_by_organisation(BY_ORGANISATION, measure="share", lang="nb", title=META.title,
                                     colours=organisation_colours(["NITO", "Tekna"]))
    exports.standalone_figure(fig, META)
    assert fig.layout.separators == ", "
    assert "Organisasjon: NITO, Tekna" in fig.layout.title.subtitle.text
    assert "Kilde: Høringsradar, 4 dokumenter, bygget 04.12.2026" in fig.layout.title.subtitle.text
    english = exports.standalone_figure(recurrence_by_year(
        BY_ORGANISATION.assign(group=[2022, 2024, 2022, 2024]), measure="share", title="t", lang="en", colours={}),
        ExportMeta(name="x", title="t", lang="en"))
    assert english.layout.separators == ".," and "Source: Høringsradar" in english.layout.title.subtitle.text
    config = exports.plotly_config(META)
    assert config["toImageButtonOptions"]["filename"] == "Hvor-ofte-nevnes-temaene-per-organisasjon_org=NITO+Tekna"
    assert "zoom2d" in config["modeBarButtonsToRemove"] and "toImage" not in config["modeBarButtonsToRemove"]


def test_subtitle_escapes_organisation_names():
    meta = ExportMeta(name="x", title="t", filters_text='Organisasjon: <a href="http://x.invalid">NITO</a>')
    fig = exports.standalone_figure(recurrence_by_year(
        BY_ORGANISATION.assign(group=[2022, 2024, 2022, 2024]), measure="share", title="t", lang="nb", colours={}), meta)
    assert "<a " not in fig.layout.title.subtitle.text and "&lt;a href" in fig.layout.title.subtitle.text


def test_pptx_small_multiples_by_organisation_and_year_are_line_charts_over_whole_years():
    """Points nudged apart where organisations share a year come back to their year; a slide per theme panel."""
    from app.figures import recurrence_by_organisation_year
    from pptx.enum.chart import XL_CHART_TYPE

    rows = pd.DataFrame({
        "theme_id": ["practice_placements"] * 4 + ["digital_competence"] * 4,
        "theme": ["Praksisplasser"] * 4 + ["Digital kompetanse"] * 4,
        "organisation": ["NITO", "NITO", "Tekna", "Tekna"] * 2, "year": [2022, 2024, 2022, 2023] * 2,
        "share": [0.2, 0.1, 0.05, 0.3, 0.02, 0.0, 0.4, 0.1], "per_10k": [1.0] * 8, "n_tagged": [1] * 8,
        "n_passages": [5] * 8, "n_documents": [1] * 8, "n_documents_with_theme": [1] * 8,
        "doc_types": ["Budsjettinnspill", "Høringssvar", "Budsjettinnspill", "Budsjettinnspill"] * 2,
        "type_changed": [False, True, False, False] * 2,
    })
    fig = recurrence_by_organisation_year(rows, measure="share", title="Per organisasjon og år", lang="nb", colours={})
    prs = _open(exports.pptx_bytes([(exports.chart_panels(fig), META)]))
    charts = _charts(prs)
    assert [c.chart_type for c in charts] == [XL_CHART_TYPE.LINE_MARKERS] * 2
    for chart, theme in zip(charts, ["Praksisplasser", "Digital kompetanse"]):
        assert list(chart.plots[0].categories) == ["2022", "2023", "2024"]
        panel = rows.loc[rows["theme"] == theme]
        for series in chart.plots[0].series:
            by_year = dict(zip(panel.loc[panel["organisation"] == series.name, "year"],
                               panel.loc[panel["organisation"] == series.name, "share"]))
            assert list(series.values) == pytest.approx([by_year.get(y) for y in (2022, 2023, 2024)], nan_ok=True)
    assert "Praksisplasser" in _texts(prs.slides[0]) and "Digital kompetanse" in _texts(prs.slides[1])


def test_csv_writes_whole_numbers_without_decimals_and_yes_no_in_words():
    """Page numbers stored as float because one is missing come out "3", not "3.0"; a measure keeps its decimals;
    a flag reads ja/nei (yes/no in English), not True/False (ux-review12 found «Side» = 1.0 and True in downloads)."""
    frame = pd.DataFrame({"page": [1.0, float("nan"), 3.0], "per_10k": [1.5, 2.25, 3.0],
                          "type_changed": [True, False, True]})
    nb = exports.csv_bytes(frame, "nb").decode("utf-8-sig").splitlines()
    assert nb[1:] == ["1,1.5,ja", ",2.2,nei", "3,3.0,ja"]  # per_10k keeps its one decimal
    en = exports.csv_bytes(frame, "en").decode("utf-8-sig").splitlines()
    assert [line.rsplit(",", 1)[1] for line in en[1:]] == ["yes", "no", "yes"]
    assert list(frame["page"].iloc[[0, 2]]) == [1.0, 3.0] and frame["type_changed"].dtype == bool  # input unchanged
