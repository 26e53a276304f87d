"""Reading PDF pages without a text layer: Tesseract OCR on the rendered page.

Tesseract (Debian packages `tesseract-ocr` and `tesseract-ocr-nor`, installed by the
Makefile) runs as a subprocess on a page rendered by pypdfium2, so no Python binding is
needed and a hung OCR is stopped by a time limit. A page without a text layer is one of
three things, and a refusal names which: a scan (the page holds images), text printed as
vector shapes (a "Print to PDF" of outlined glyphs: many path objects), or a blank page.
Both scans and shapes can be read by OCR, since it works on the rendered pixels.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

#: Tesseract's Norwegian (Bokmål) model; English words in Norwegian text come out fine with it.
OCR_LANGUAGE = "nor"
#: Render resolution; Tesseract is trained on ~300 dpi text.
OCR_DPI = 300
#: Time limit per page; the preview's parse time limit bounds the whole file.
PAGE_TIMEOUT_S = 60.0
#: A page with at least this many vector paths and no text layer holds text drawn as shapes.
SHAPE_PATHS = 100

#: Why a page has no text layer.
SCANNED, SHAPES, BLANK = "scanned", "shapes", "blank"
CAUSE_TEXT = {
    SCANNED: "scanned images",
    SHAPES: "text printed as vector shapes, not characters",
    BLANK: "blank pages",
}


class OcrError(RuntimeError):
    """OCR could not run or failed on a page; str() says why in a few words."""


@dataclass(frozen=True)
class PageRead:
    """What OCR made of one page without a text layer: its lines, why it had no text, any error."""

    lines: tuple[str, ...]
    cause: str  # SCANNED | SHAPES | BLANK
    error: str = ""


#: HORINGSRADAR_OCR=off turns OCR off (pages without a text layer are then refused with the cause).
OCR_ENV = "HORINGSRADAR_OCR"


def unavailable_reason() -> str:
    """"" when Tesseract with the Norwegian model can run here, else why not (a few words)."""
    if os.environ.get(OCR_ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return f"OCR is turned off ({OCR_ENV}=off)"
    return _tesseract_missing()


@functools.lru_cache(maxsize=1)
def _tesseract_missing() -> str:
    binary = shutil.which("tesseract")
    if binary is None:
        return "Tesseract is not installed (Debian: tesseract-ocr, tesseract-ocr-nor)"
    try:
        done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({type(exc).__name__})"
    languages = {line.strip() for line in (done.stdout + done.stderr).splitlines()}
    if OCR_LANGUAGE not in languages:
        return "Tesseract's Norwegian model is not installed (Debian: tesseract-ocr-nor)"
    return ""


def blank_page_cause(page) -> str:
    """Why a pypdfium2 page without a text layer has none: SCANNED (images), SHAPES (many paths) or BLANK."""
    import pypdfium2.raw as pdfium_c

    images = paths = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    if paths >= SHAPE_PATHS:
        return SHAPES
    return SCANNED if images else BLANK


def page_image_pgm(page, dpi: int = OCR_DPI) -> bytes:
    """The page rendered in greyscale as a binary PGM image (Tesseract reads it from stdin; no Pillow needed)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        pixels = bitmap.to_numpy()
    finally:
        bitmap.close()
    if pixels.ndim == 3:  # some pdfium builds hand back a channel axis even for greyscale
        pixels = pixels[..., 0]
    height, width = pixels.shape
    return f"P5\n{width} {height}\n255\n".encode("ascii") + pixels.astype("uint8").tobytes()


def ocr_image(image: bytes, timeout: float = PAGE_TIMEOUT_S) -> list[str]:
    """Text lines Tesseract reads from an image (PGM/PNG bytes), "" between its paragraphs; raises OcrError."""
    reason = unavailable_reason()
    if reason:
        raise OcrError(reason)
    # One thread: the build already runs documents in parallel on a small machine.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", OCR_LANGUAGE, "--psm", "3"],
            input=image, capture_output=True, timeout=timeout, env=env,
        )
    except subprocess.TimeoutExpired:
        raise OcrError(f"OCR took over {timeout:g} s on a page") from None
    except OSError as exc:
        raise OcrError(f"Tesseract could not be started ({exc.strerror or exc})") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"Tesseract failed ({detail[-1] if detail else f'exit {done.returncode}'})")
    return layout_lines(done.stdout.decode("utf-8", "replace"))


def layout_lines(text: str) -> list[str]:
    """Tesseract's output as extract's page lines: one per text line, one "" between paragraphs, no form feed."""
    out: list[str] = []
    for raw in text.replace("\f", "\n").splitlines():
        line = raw.rstrip()
        if line.strip():
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return out


def read_page(page) -> PageRead:
    """OCR of one pypdfium2 page that has no text layer; never raises (an error is kept in PageRead.error)."""
    cause = blank_page_cause(page)
    if cause == BLANK:
        return PageRead((), cause)
    try:
        return PageRead(tuple(ocr_image(page_image_pgm(page))), cause)
    except OcrError as exc:
        return PageRead((), cause, str(exc))


def pages_without_text(path, min_chars: int) -> dict[int, str]:
    """1-based page number -> cause (SCANNED/SHAPES/BLANK) for each page of a PDF with fewer than
    min_chars characters in its text layer; reads no text and runs no OCR (for `pipeline check`)."""
    import pypdfium2 as pdfium

    out: dict[int, str] = {}
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    visible = len("".join(textpage.get_text_range().split()))
                finally:
                    textpage.close()
                if visible < min_chars:
                    out[index + 1] = blank_page_cause(page)
            finally:
                page.close()
    finally:
        document.close()
    return out


def describe_pages_without_text(name: str, n_pages: int, causes: dict[int, str]) -> str:
    """One line for `pipeline check`: how many pages lack a text layer, why, and whether OCR will read them."""
    readable = [c for c in causes.values() if c != BLANK]
    cause = max(set(readable), key=readable.count) if readable else BLANK
    what = f"{name}: {len(causes)} of {n_pages} pages have no text layer ({CAUSE_TEXT[cause]})"
    if not readable:
        return what + "; nothing to read on them."
    reason = unavailable_reason()
    if reason:
        return what + f" and OCR is unavailable ({reason}), so they cannot be read."
    return what + "; their text will be read by OCR."
