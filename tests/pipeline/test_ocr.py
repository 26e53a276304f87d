"""OCR of PDF pages without a text layer (pipeline/ocr.py, called from extract).

The fixture tests/fixtures/scans/nito-2025-page1-scan.pdf is the top of page 1 of NITO's real
input (tests/fixtures/samples/2025-11-20_nito_…pdf) rendered at 200 dpi, thresholded to black
and white and saved as an image-only PDF (23 KB): no text layer, one image object.
"""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline import extract, ocr
from tests.conftest import development_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCAN = FIXTURES / "scans" / "nito-2025-page1-scan.pdf"
SOURCE = FIXTURES / "samples" / "2025-11-20_nito_innspill-helsereformutvalget.pdf"

needs_tesseract = pytest.mark.skipif(
    bool(ocr.unavailable_reason()), reason=f"OCR cannot run here: {ocr.unavailable_reason()} (`make test` installs it)"
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{3,}", text.lower())


def test_fixture_has_no_text_layer_and_is_a_scan():
    document = pdfium.PdfDocument(str(SCAN))
    try:
        page = document[0]
        assert page.get_textpage().get_text_range().strip() == ""
        assert ocr.blank_page_cause(page) == ocr.SCANNED
    finally:
        document.close()


@needs_tesseract
def test_scanned_page_is_read_by_ocr_with_the_words_of_the_text_layer():
    result = extract.extract(SCAN)
    assert result.text_source == "ocr"
    assert result.ocr_pages == (1,)
    assert any("OCR" in w for w in result.warnings)
    text = result.pages[0]
    assert "Innspill til Helsereformutvalget" in text
    assert "Oslo, 20.11 2025" in text
    # Word precision against the original's text layer: OCR words that are real words of the page.
    original = set(_words(extract.extract(SOURCE).pages[0]))
    read = _words(text)
    assert len(read) >= 120
    assert sum(w in original for w in read) / len(read) >= 0.97


def test_refusal_names_the_cause_when_ocr_is_unavailable(monkeypatch):
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: "Tesseract is not installed (Debian: tesseract-ocr, tesseract-ocr-nor)")
    with pytest.raises(extract.ExtractionError) as error:
        extract.extract(SCAN)
    message = str(error.value)
    assert message.startswith("nito-2025-page1-scan.pdf: the PDF has no text layer on 1 of 1 pages (scanned images)")
    assert "Tesseract is not installed" in message
    assert "\n" not in message


class _Object:
    def __init__(self, kind: int):
        self.type = kind


class _Page:
    """Stands in for a pypdfium2 page: only its page objects matter to blank_page_cause."""

    def __init__(self, images: int, paths: int):
        self.objects = [_Object(pdfium.raw.FPDF_PAGEOBJ_IMAGE)] * images + [_Object(pdfium.raw.FPDF_PAGEOBJ_PATH)] * paths

    def get_objects(self, max_depth: int = 2):
        return iter(self.objects)


def test_cause_tells_scans_from_vector_glyphs_and_blank_pages():
    # The real "Print to PDF" input of Haugesund Sanitetsforenings revmatismesykehus has 2,119 paths and 38 images on page 1.
    assert ocr.blank_page_cause(_Page(images=38, paths=2119)) == ocr.SHAPES
    assert ocr.blank_page_cause(_Page(images=4, paths=3)) == ocr.SCANNED
    assert ocr.blank_page_cause(_Page(images=0, paths=2)) == ocr.BLANK


def test_refusal_for_vector_glyphs_says_shapes():
    reads = {0: ocr.PageRead((), ocr.SHAPES, "Tesseract is not installed"), 1: ocr.PageRead((), ocr.SHAPES, "")}
    message = extract.no_text_layer_message("brev.pdf", 2, reads)
    assert message == ("brev.pdf: the PDF has no text layer on 2 of 2 pages (text printed as vector shapes, not "
                       "characters), and OCR could not read it: Tesseract is not installed.")


def test_tesseract_layout_becomes_page_lines():
    raw = "Innspill til Helsereformutvalget\n\n\nNITO — Norges ingeniør-\nog Teknologorganisasjon\n \n\f"
    assert ocr.layout_lines(raw) == ["Innspill til Helsereformutvalget", "", "NITO — Norges ingeniør-", "og Teknologorganisasjon"]


@pytest.mark.slow
@needs_tesseract
def test_corpus_scans_are_all_read_by_ocr():
    """Every image-only PDF of the development corpus (notes.csv says which) is read by OCR."""
    import csv

    corpus = development_corpus()

    with (corpus / "notes.csv").open(encoding="utf-8") as fh:
        scans = [row["file"] for row in csv.DictReader(fh) if row["text"] == "image-only"]
    assert len(scans) == 5
    for name in scans:
        result = extract.extract(corpus / "raw" / name)
        assert result.text_source == "ocr", name
        assert len(_words("\n".join(result.pages))) > 200, name
