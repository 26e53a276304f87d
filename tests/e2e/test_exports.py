"""Downloads in the browser: a chart's CSV (pandas.read_csv with default arguments), its Excel file (a real table and
an About sheet with the filters), its PowerPoint (a native chart with the chart's numbers), and the PNG settings."""
from __future__ import annotations

import io
import shutil
import subprocess

import pandas as pd
import pytest

from tests.e2e import expected
from tests.e2e.helpers import ROOT, UNCERTAIN_MARK, chart_data, no_exception, open_page, screenshot, wait_ready

CHART = "themes_by_org_share"
THEMES = ("practice_placements", "digital_competence")  # the Themes page's default choice
SLIDES = ROOT / "test-artifacts" / "slides"


def render_slide(path, name: str):
    """The deck's first slide rendered by LibreOffice (test-artifacts/slides/<name>.png; the last slide beside it as
    <name>_last.png), or None without soffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    import pypdfium2

    SLIDES.mkdir(parents=True, exist_ok=True)
    deck = SLIDES / f"{name}.pptx"
    shutil.copyfile(path, deck)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(SLIDES), str(deck)],
                   check=True, capture_output=True, timeout=180)
    pdf = pypdfium2.PdfDocument(str(deck.with_suffix(".pdf")))
    image = pdf[0].render(scale=1).to_pil()
    image.save(SLIDES / f"{name}.png")
    if len(pdf) > 1:
        pdf[len(pdf) - 1].render(scale=1).to_pil().save(SLIDES / f"{name}_last.png")
    return image


def download(page, key: str, kind: str):
    with page.expect_download() as event:
        page.locator(f".st-key-{key}__{kind} button").first.click()  # a button with help has a tooltip twin
    return event.value


def test_a_charts_csv_excel_and_slides_equal_the_chart(page, server, built):
    organisations = sorted(built.documents["organisation"].astype(str).unique())[:2]
    open_page(page, server, "themes", 4, org=organisations)
    no_exception(page)
    bars = {t["name"]: t for t in chart_data(page, CHART) if t["type"] == "bar"}
    assert set(bars) == set(organisations)
    shares = expected.theme_share_by_organisation(built, THEMES, organisations)
    labels = {expected.theme_label(built, t): t for t in THEMES}

    # CSV: read with pandas' defaults, the header in line 1, Norwegian column names, shares in % with one decimal.
    csv = download(page, CHART, "csv")
    assert csv.suggested_filename == f"themes_by_organisation_share_org={'+'.join(organisations)}.csv"
    table = pd.read_csv(csv.path())
    assert {"Tema", "Organisasjon", "Andel (%)", "Avsnitt", "Dokumenter"} <= set(table.columns)
    assert len(table) == len(shares)
    for row in table.itertuples(index=False):
        organisation, theme, share = row[table.columns.get_loc("Organisasjon")], row[table.columns.get_loc("Tema")], \
            row[table.columns.get_loc("Andel (%)")]
        wanted = shares[(labels[str(theme).removesuffix(UNCERTAIN_MARK)], organisation)]
        assert share == pytest.approx(round(wanted * 100, 1), abs=1e-9), (organisation, theme)

    # Excel: the same header as a real table; the About sheet names the filters and the documents behind them.
    openpyxl = pytest.importorskip("openpyxl")
    xlsx = download(page, CHART, "xlsx")
    assert xlsx.suggested_filename == csv.suggested_filename.replace(".csv", ".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.path().read_bytes()))  # the temp file has no .xlsx suffix
    assert book.sheetnames == ["Data", "Om uttrekket"]
    sheet = book["Data"]
    assert list(sheet.tables) == ["Data"]
    assert [c.value for c in sheet[1]] == list(table.columns)
    assert sheet.max_row == len(table) + 1
    about = {r[0].value: r[1].value for r in book["Om uttrekket"].iter_rows()}
    assert about["Utvalg"] == "Organisasjon: " + ", ".join(organisations)
    n_documents = int(built.documents["organisation"].isin(organisations).sum())
    assert about["Dokumenter i utvalget"] == str(n_documents)
    assert about["Kilde"].startswith(f"Kilde: Høringsradar, {n_documents} dokumenter, bygget ")

    # PowerPoint: a native clustered column chart with the chart's categories and values.
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    pptx = download(page, CHART, "pptx")
    assert pptx.suggested_filename == csv.suggested_filename.replace(".csv", ".pptx")
    deck = Presentation(pptx.path())
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1 and charts[0].chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    plot = charts[0].plots[0]
    for series in plot.series:
        drawn = dict(zip([str(x) for x in bars[series.name]["x"]], bars[series.name]["y"]))
        # chart_data reads the labels without the uncertainty mark; the slide keeps it, as the chart shows it.
        assert dict(zip([c.removesuffix(UNCERTAIN_MARK) for c in plot.categories], series.values)) == pytest.approx(drawn)
    words = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Organisasjon: " + ", ".join(organisations) in words and f"{n_documents} dokumenter" in words
    rendered = render_slide(pptx.path(), "themes_by_org_share")
    if rendered is not None:
        assert sum(rendered.convert("L").histogram()[:200]) > 5_000  # title, bars, axes, footer: not a blank page

    # PNG: Norwegian number format, filters and source under the title, named after title and filters.
    layout = page.locator(f".st-key-{CHART} .js-plotly-plot").first.evaluate(
        "gd => ({separators: gd._fullLayout.separators, subtitle: gd._fullLayout.title.subtitle.text,"
        " filename: gd._context.toImageButtonOptions.filename,"
        " buttons: Array.from(gd.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'))})")
    assert layout["separators"] == ", "
    assert f"Kilde: Høringsradar, {n_documents} dokumenter" in layout["subtitle"]
    assert layout["filename"].endswith(f"_org={'+'.join(organisations)}")
    assert not any(b and ("Zoom" in b or "Pan" in b) for b in layout["buttons"]), layout["buttons"]
    page.locator(f".st-key-{CHART}").scroll_into_view_if_needed()
    screenshot(page, "themes_chart_downloads")


def test_the_pages_slides_carry_every_chart_and_the_drilled_passages(page, server, built):
    """A click on a bar lists its passages; the page's PowerPoint has a native chart per chart drawn and those
    passages as quote slides, and the chart's own PowerPoint has them too."""
    from pptx import Presentation

    theme = THEMES[0]
    counts = {org: len(expected.theme_passage_ids(built, theme, org))
              for org in built.documents["organisation"].astype(str).unique()}
    organisation = max(sorted(counts), key=counts.get)
    wanted = built.passages.set_index("passage_id").loc[sorted(expected.theme_passage_ids(built, theme, organisation))]
    label = expected.theme_label(built, theme)
    open_page(page, server, "themes", 4)
    bars = [t for t in chart_data(page, CHART) if t["type"] == "bar"]
    curve = [t["name"] for t in bars].index(organisation)
    point = [str(x) for x in bars[curve]["x"]].index(label)
    page.locator(f".st-key-{CHART} g.trace.bars").nth(curve).locator("g.point path").nth(point).click(force=True)
    page.get_by_role("heading", name=f"{label} · {organisation}").wait_for()
    wait_ready(page)
    no_exception(page)
    n_charts = page.locator('[data-testid="stPlotlyChart"]').count()

    deck = Presentation(download(page, "page", "pptx").path())
    slides = list(deck.slides)
    charts = [shape.chart for slide in slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) >= n_charts  # small multiples give a slide per panel
    quotes = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
              for slide in slides if not any(shape.has_chart for shape in slide.shapes)]
    assert len(quotes) == min(len(wanted), 30)
    assert all(f"{organisation} · " in q and f"Temaer: {label}" in q for q in quotes)  # themes by name, not id
    texts = {t.strip() for t in wanted["text"]}
    assert all(any(f"«{t}»" in q for t in texts) for q in quotes)

    own = Presentation(download(page, CHART, "pptx").path())
    assert sum(1 for slide in own.slides if not any(shape.has_chart for shape in slide.shapes)) == len(quotes)
    render_slide(download(page, CHART, "pptx").path(), "themes_by_org_share_quotes")
