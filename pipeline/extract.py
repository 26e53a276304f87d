"""TXT/PDF/DOCX -> page texts: the only module that touches file parsers.

Every refusal is an ExtractionError whose text is one sentence naming the file and the
problem, so the build can list it and move on. Text comes out with layout hints that
`clean` relies on: PDF pages have one line per text line and an empty line where the
vertical gap between lines says a paragraph ends; DOCX paragraphs are separated by an
empty line and list items start with "- ".
"""
from __future__ import annotations

import ctypes
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import guards, ocr, pdf_tables

SUPPORTED_SUFFIXES = guards.SUPPORTED_SUFFIXES

#: The limits on incoming files (pages, DOCX zip directory) are the guards' (one rule, one place).
LIMITS = guards.Limits()
#: A page with fewer visible characters than this counts as "no text" (page numbers, stray marks).
MIN_PAGE_CHARS = 20
#: Share of empty pages above which a PDF is treated as scanned images.
IMAGE_ONLY_SHARE = 0.9
#: A DOCX paragraph of at most this many words, fully bold or underlined, is a heading.
MAX_HEADING_WORDS = 14
#: A PDF line set this much larger than the body text is a heading (12 pt addressee over 11 pt body is not).
HEADING_SIZE_RATIO = 1.15
#: A PDF heading set in bold needs at least this share of its characters bold and the body's size.
HEADING_BOLD_SHARE = 0.9
#: Wrapped heading lines joined into one heading stay under this many words (else it is a bold paragraph).
MAX_PDF_HEADING_WORDS = 20


class ExtractionError(Exception):
    """A file cannot be read; str() is one sentence naming the file and the problem."""


@dataclass(frozen=True)
class Extracted:
    """Text of one document: pages in order, the parser kind, known headings and warnings."""

    pages: tuple[str, ...]
    kind: str  # "txt" | "pdf" | "docx"
    headings: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()
    #: Pages (1-based) whose text was read by OCR because they had no text layer.
    ocr_pages: tuple[int, ...] = ()
    #: Footnote and endnote texts a DOCX keeps apart from its body ("1 Helsedirektoratet (2024) …"),
    #: numbered in the order the body refers to them; PDFs have theirs on the pages.
    footnotes: tuple[str, ...] = ()
    #: Lines of a DOCX's page headers and footers (a date or the sender may stand only there);
    #: read for metadata, never part of the passages.
    running_lines: tuple[str, ...] = ()
    #: Numbers of a PDF's footnotes whose number is set raised over their text at the page foot.
    note_numbers: frozenset[int] = frozenset()

    @property
    def text_source(self) -> str:
        """How the text was read (schema.TEXT_SOURCES): "text", "ocr" (every page) or "text_and_ocr"."""
        if not self.ocr_pages:
            return "text"
        return "ocr" if len(self.ocr_pages) == len(self.pages) else "text_and_ocr"


def extract(path: Path) -> Extracted:
    """Read a TXT, PDF or DOCX file into page texts; raises ExtractionError for unusable files."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(
            f"{path.name}: unsupported file type {suffix or '(no extension)'}; only PDF, DOCX and TXT can be read."
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(f"{path.name}: the file cannot be opened ({exc.strerror or exc}).") from None
    if size == 0:
        raise ExtractionError(f"{path.name}: the file is empty.")
    if suffix == ".txt":
        return _extract_txt(path)
    if suffix == ".pdf":
        return _extract_pdf(path)
    return _extract_docx(path)


# --- TXT --------------------------------------------------------------------------------------

# C0 controls other than tab/newline/CR/form feed are a sign of binary content, not text.
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-16 (with its BOM), UTF-8 (BOM allowed), else cp1252 with a warning; refuse binary content."""
    from .guards import bom_encoding

    try:
        text = data.decode(bom_encoding(data) or "utf-8-sig")
        warnings: tuple[str, ...] = ()
    except UnicodeDecodeError:
        try:
            # cp1252 is a superset of latin-1 for printable text and is what Windows Notepad writes.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ExtractionError(f"{name}: the text is neither UTF-8 nor Windows-1252 and cannot be decoded.") from None
        warnings = ("read as cp1252 (Windows-1252), not UTF-8",)
    if len(_BINARY_CHARS.findall(text[:65536])) > 8:
        raise ExtractionError(f"{name}: the file holds binary data, not text.")
    return text, warnings


def _extract_txt(path: Path) -> Extracted:
    text, warnings = decode_text(path.read_bytes(), path.name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = tuple(text.split("\f"))
    if not any(p.strip() for p in pages):
        raise ExtractionError(f"{path.name}: the file holds no text.")
    return Extracted(pages=pages, kind="txt", warnings=warnings)


# --- PDF --------------------------------------------------------------------------------------

#: pypdfium2 marks a line-end hyphen it removed with one of these; the line break goes with it.
_BREAK_HYPHEN = re.compile(r"(\S*?)[\x02\ufffe](\S*)")
#: A glyph the font could not map ("o?entlige"): a '?' between two letters.
_GLYPH_FAULT = re.compile(r"\b(\w*[^\W\d_])\?([^\W\d_]\w*)\b")
_CONTINUATION_PUNCT = frozenset(".,;:)")
_LIGATURE_GUESSES = ("ff", "fi", "fl", "ft", "ffi", "ffl")


@lru_cache(maxsize=65536)
def is_known_word(word: str) -> bool:
    """True if wordfreq's Norwegian Bokmål list knows the word (case-insensitive)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "nb") > 0


#: A ligature the font maps to a capital letter ("eVektivt", "oVentlige", "ODentlig", "eDekt" in safer-2026):
#: one capital inside a lower-case word, or second in a capitalised one.
_CAPITAL_GLYPH = re.compile(r"\b([a-zæøå]+|[A-ZÆØÅ])([A-ZÆØÅ])([a-zæøå]{2,})\b")


def _repair_capital_glyph(match: re.Match) -> str:
    """The word with its inner capital read as the ligature that makes a known word ("eVektivt" -> "effektivt");
    a word the list knows as written, or no ligature makes known, stays ("iPad", "eHelse")."""
    left, glyph, right = match.groups()
    if is_known_word(match.group(0)):
        return match.group(0)
    for guess in _LIGATURE_GUESSES:
        if is_known_word(left + guess + right):
            return left + guess + right
    return match.group(0)


def repair_glyph_faults(text: str) -> tuple[str, int]:
    """Replace '?' inside words by the ligature that makes a known word, and a ligature read as a capital
    ("eVektivt"); returns text and the count of '?' faults left unrepaired."""
    text = _CAPITAL_GLYPH.sub(_repair_capital_glyph, text)
    unrepaired = 0

    def fix(match: re.Match) -> str:
        nonlocal unrepaired
        left, right = match.group(1), match.group(2)
        for guess in _LIGATURE_GUESSES:
            if is_known_word(left + guess + right):
                return left + guess + right
        unrepaired += 1
        return match.group(0)

    return _GLYPH_FAULT.sub(fix, text), unrepaired


def join_break_hyphen(match: re.Match) -> str:
    """A removed line-end hyphen: join a real word split, keep the hyphen in compounds (IT-systemer)."""
    left, right = match.group(1), match.group(2)
    if right in ("og", "eller"):
        return f"{left}- {right}"  # a suspended hyphen: "helse- og omsorg"
    if left and right and left[-1].islower() and right[0].islower():
        joined = left + right
        if is_known_word(joined.strip(".,;:)")) and not is_known_word(left):
            return joined
    return f"{left}-{right}"


class Line(NamedTuple):
    """A PDF text line with its type: the most common font size and the share of bold characters."""

    text: str
    size: float = 0.0
    bold: float = 0.0


_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@lru_cache(maxsize=1024)
def _is_bold_name(name: bytes) -> bool:
    """Whether a font name (as pdfium gives it) names a bold face; cached, since every glyph of a line asks (a
    document uses a few fonts)."""
    return any(x in name.decode("latin-1").lower() for x in _BOLD_NAMES)


def _line_style(textpage, start: int, raw: str, n_chars: int) -> tuple[float, float]:
    """Most common font size (pt, rounded to .5) and share of bold glyphs of one line (pdfium's
    weight, or a bold font name where the font does not state its weight)."""
    import pypdfium2.raw as pdfium_c

    sizes: Counter = Counter()
    bold = counted = 0
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    for k in range(start, min(start + len(raw), n_chars)):
        if raw[k - start].isspace():
            continue
        sizes[round(pdfium_c.FPDFText_GetFontSize(textpage.raw, k) * 2) / 2] += 1
        counted += 1
        if pdfium_c.FPDFText_GetFontWeight(textpage.raw, k) >= 600:
            bold += 1
        else:
            length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, k, name, len(name), ctypes.byref(flags))
            bold += _is_bold_name(name.raw[: max(length - 1, 0)])
    if not counted:
        return 0.0, 0.0
    return sizes.most_common(1)[0][0], bold / counted


_WORD = re.compile(r"\S+")


def _line_words(textpage, start: int, raw: str, n_chars: int) -> tuple[pdf_tables.Cell, ...]:
    """The words of one line with their left and right edge (the boxes of their first and last glyph)."""
    import pypdfium2.raw as pdfium_c

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    edges = ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
    words = []
    for match in _WORD.finditer(raw):
        first, last = start + match.start(), start + match.end() - 1
        if last >= n_chars or not pdfium_c.FPDFText_GetCharBox(textpage.raw, first, *edges):
            return ()
        x0 = left.value
        if not pdfium_c.FPDFText_GetCharBox(textpage.raw, last, *edges):
            return ()
        words.append(pdf_tables.Cell(x0, right.value, match.group()))
    return tuple(words)


def _page_tables(lines: list[tuple[Line, float, float, float]],
                 words: list[tuple[pdf_tables.Cell, ...]]) -> list[tuple[Line, float, float, float]]:
    """The page's lines with each table found by pdf_tables put in their place: its rows ("| Menn | 0,078*** |"),
    top first, where its first line stood, with the box of that line; the table's other lines are taken out."""
    text_lines = [pdf_tables.TextLine(top, bottom, pdf_tables.split_cells(w, max(top - bottom, 1.0)))
                  for (_, top, bottom, _), w in zip(lines, words)]
    tables = pdf_tables.find_tables(text_lines)
    if not tables:
        return lines
    rows_at: dict[int, list[str]] = {}
    taken: set[int] = set()
    for members, rows in tables:
        rows_at[members[0]] = rows
        taken.update(members)
    out = []
    for i, line in enumerate(lines):
        if i in rows_at:
            # The size of the table's type counts toward the body size as before; no row is bold (never a heading).
            out.extend((Line(row, line[0].size), line[1], line[2], line[3]) for row in rows_at[i])
        elif i not in taken:
            out.append(line)
    return out


def _pdf_page_lines(page) -> list[Line]:
    """Lines of one page in reading order with their type, and Line("") where the vertical gap says a paragraph ends.
    A table's rows are lines of their own ("| cell | cell |"), each set apart as a paragraph."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        # pypdfium2 numbers characters including the generated "\r\n"; use that to find each line's box.
        lines: list[tuple[Line, float, float, float]] = []  # line, top, bottom, left
        words: list[tuple[pdf_tables.Cell, ...]] = []  # the words of each line with their edges
        index = 0
        n_chars = textpage.count_chars()
        for raw in text.split("\r\n"):
            start, index = index, index + len(raw) + 2
            stripped = raw.strip()
            if not stripped:
                continue
            offset = start + (len(raw) - len(raw.lstrip()))
            if offset >= n_chars:
                lines.append((Line(raw), lines[-1][1] if lines else 0.0, lines[-1][2] if lines else 0.0, 0.0))
                words.append(())
                continue
            left, bottom, right, top = textpage.get_charbox(offset, loose=True)
            lines.append((Line(raw, *_line_style(textpage, start, raw, n_chars)), top, bottom, left))
            words.append(_line_words(textpage, start, raw, n_chars))
    finally:
        textpage.close()
    if not lines:
        return []
    lines = _page_tables(lines, words)
    # Typical line pitch from neighbouring lines going down the page.
    pitches = [a[1] - b[1] for a, b in zip(lines, lines[1:]) if 0 < a[1] - b[1] < 3 * max(a[1] - a[2], 1.0)]
    pitch = statistics.median(pitches) if pitches else 0.0
    # Blocks: runs of lines going down the page without a large jump. Text placed later in the
    # stream but higher up (a letterhead box, a sender block, a footer written first) starts a
    # new block; sorting blocks by their top edge (stable, so columns keep their order) puts
    # such boxes where the eye reads them instead of inside a sentence.
    blocks: list[list[tuple[str, float, float, float]]] = [[lines[0]]]
    for line in lines[1:]:
        previous = blocks[-1][-1]
        height = max(previous[1] - previous[2], 1.0)
        jumps_up = line[1] > previous[1] + height * 0.5
        far_below = bool(pitch) and previous[1] - line[1] > pitch * 3.5
        if jumps_up or far_below:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    blocks.sort(key=lambda block: -block[0][1])
    out: list[Line] = []
    for block in blocks:
        if out:
            out.append(Line(""))
        for previous, line in zip([None, *block], block):
            if previous is not None and pitch and previous[1] - line[1] > pitch * 1.45:
                out.append(Line(""))
            text = line[0].text.rstrip()
            is_row = text.startswith(TABLE_ROW_PREFIX)
            if out and out[-1].text and (is_row or out[-1].text.startswith(TABLE_ROW_PREFIX)):
                out.append(Line(""))  # a table row is a paragraph of its own: clean keeps it whole
            # A superscript footnote marker ends pdfium's line early ("20601" / ". Det er"): rejoin.
            if out and out[-1].text and not is_row and text.lstrip()[:1] in _CONTINUATION_PUNCT:
                out[-1] = out[-1]._replace(text=out[-1].text + text.lstrip())
            else:
                out.append(line[0]._replace(text=text))
    return out


def body_size(pages: list[list[Line]]) -> float:
    """The font size of running text: the size most characters of full lines are set in."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            if len(line.text) >= 40:
                sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading_styled(line: Line, body: float) -> bool:
    """Larger than the body text, or bold at body size, short, with letters and no final stop or colon."""
    text = line.text.strip()
    if not body or not text or len(text.split()) > MAX_HEADING_WORDS or text.endswith((".", ",", ";", ":")):
        return False
    if not any(c.isalpha() for c in text) or text[:1] in "•●▪-–*":
        return False
    larger = line.size >= body * HEADING_SIZE_RATIO
    return larger or (line.bold >= HEADING_BOLD_SHARE and line.size >= body * 0.95)


_NUMBER_START = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.):]?|[A-Za-z][.)])\s")


def _continues_heading(previous: Line, line: Line, gap: bool) -> bool:
    """A heading line continues the one before (a wrapped heading): the same type, no new number,
    and right below it, or below a gap when it starts in lower case."""
    same = previous.size == line.size and (previous.bold >= HEADING_BOLD_SHARE) == (line.bold >= HEADING_BOLD_SHARE)
    starts_lower = line.text.strip()[:1].islower()
    return same and not _NUMBER_START.match(line.text) and (not gap or starts_lower)


def _continues_sentence(previous: Line, line: Line) -> bool:
    """A line right below a heading-styled line at its size, with no gap, that goes on in lower case: the
    styled line was the start of a sentence, not a heading. The emphasis may run on ("Innsatsen må rettes
    tydeligere mot …" / "tjenester. Pasienter …"), end within the line below ("Legevakt er - sammen med bla
    fastlegene, en svært viktig aktør" / "som «portvakt» for våre spesialisthelsetjenester. Ser fra vår", bold up
    to the stop) or end with the styled line (the bold subject "Målselv, Bardu, Salangen, Lavangen, Dyrøy,
    Sørreisa og Senja kommune" / "takker for muligheten til å gi innspill …")."""
    return previous.size == line.size and line.text.strip()[:1].islower()


def _wraps_heading(previous: Line, line: Line, gap: bool, body: float) -> str:
    """How a line in the larger type of the heading line above it, which _is_heading_styled turned down, still
    belongs to that heading: "end" for a last line that goes on in lower case and closes with a stop (a heading
    written as a sentence: "Modellen understøtter at noen pasienter trenger" / "tjenesteoppfølging resten av
    livet."), "more" for a dash-led line right below it (a subtitle: "Anbefalinger til Helsereformutvalget
    (referansegruppe)" / "- Utfordringsbildet"), "" otherwise. Only larger type: a bold line at body size that goes
    on in lower case is an emphasised sentence (_continues_sentence), and a dash at body size opens a list."""
    text = line.text.strip()
    if not (body and line.size >= body * HEADING_SIZE_RATIO and previous.size == line.size
            and (previous.bold >= HEADING_BOLD_SHARE) == (line.bold >= HEADING_BOLD_SHARE)):
        return ""
    if text[:1].islower() and text.endswith(".") and not re.search(r"[.!?]\s", text) \
            and _is_heading_styled(line._replace(text=text[:-1]), body):
        return "end"
    dashed = re.match(r"^[-–]\s+(\S.*)$", text)
    if dashed and not gap and _is_heading_styled(line._replace(text=dashed.group(1)), body):
        return "more"
    return ""


#: A footnote's number alone on a line: at most three digits.
_NOTE_NUMBER = re.compile(r"\d{1,3}")
#: A raised footnote number is set at most this share of the body size.
NOTE_NUMBER_SIZE_RATIO = 0.8


def join_note_numbers(lines: list[Line], body: float) -> list[Line]:
    """A footnote's number set small and raised at the page foot comes out of pdfium as a line of its own ("2" at
    6 pt, then " https://www.riksrevisjonen.no/…" at 10 pt): one line "2 https://…", as printed, so that the
    footnote is read as a footnote and its number is no stray digit. Only where the text after it is set below
    the body size too (footnote type): a raised marker at a line start in running text stays as it was."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if previous is not None and _is_raised_note(previous, line, body):
            out[-1] = line._replace(text=f"{previous.text.strip()} {line.text.strip()}")
        else:
            out.append(line)
    return out


def _is_raised_note(number: Line, line: Line, body: float) -> bool:
    """`number` is a footnote's number set raised and small over `line`, its text in footnote type."""
    return bool(body and _NOTE_NUMBER.fullmatch(number.text.strip()) and line.text.strip()
                and 0 < number.size <= body * NOTE_NUMBER_SIZE_RATIO and number.size < line.size < body)


def raised_note_numbers(pages: list[list[Line]]) -> frozenset[int]:
    """The numbers of the footnotes whose number is set raised over their text (join_note_numbers): footnote
    numbers by their type, where the text may hold no marker clean can see ("FoU-utredninger1-6")."""
    body = body_size(pages)
    return frozenset(int(a.text) for lines in pages for a, b in zip(lines, lines[1:]) if _is_raised_note(a, b, body))


def pdf_headings(pages: list[list[Line]]) -> tuple[list[list[str]], set[str]]:
    """Page lines as text with each heading on its own paragraph, and the set of heading texts.

    A heading is a line set apart by type (see _is_heading_styled) unless the body text itself is
    bold; consecutive heading lines of one type are one wrapped heading, joined on one line.
    """
    body = body_size(pages)
    body_is_bold = sum(len(x.text) for p in pages for x in p if x.size == body and x.bold >= 0.5) > \
        0.5 * sum(len(x.text) for p in pages for x in p if x.size == body)
    out_pages: list[list[str]] = []
    headings: set[str] = set()
    for lines in pages:
        lines = join_note_numbers(lines, body)
        out: list[str] = []
        run: list[Line] = []

        def flush() -> None:
            if not run:
                return
            joined = " ".join(x.text.strip() for x in run)
            if len(joined.split()) <= MAX_PDF_HEADING_WORDS:
                if out and out[-1]:
                    out.append("")
                out.extend([joined, ""])
                headings.add(joined)
            else:
                out.extend(x.text for x in run)  # a bold paragraph, not a heading
            run.clear()

        gap = False  # a paragraph gap after the heading lines so far
        for line in lines:
            if not line.text:
                gap = gap or bool(run)
                if not run and out and out[-1]:
                    out.append("")
                continue
            styled = not body_is_bold and not line.text.startswith(TABLE_ROW_PREFIX) and _is_heading_styled(line, body)
            wraps = run and not styled and not body_is_bold and _wraps_heading(run[-1], line, gap, body)
            if wraps:
                run.append(line)
                if wraps == "end":
                    flush()  # the stop ends the heading
                gap = False
                continue
            if styled and run and _continues_heading(run[-1], line, gap):
                run.append(line)
                gap = False
                continue
            if run and not styled and not gap and _continues_sentence(run[-1], line):
                # The "heading" was the first line of a bold sentence that runs on ("Innsatsen må rettes
                # tydeligere mot pasientgrupper med størst behov for koordinerte" / "tjenester. Pasienter …").
                out.extend(x.text for x in run)
                run.clear()
            flush()
            if gap and out and out[-1]:
                out.append("")
            gap = False
            if styled:
                run.append(line)
            else:
                out.append(line.text)
        flush()
        out_pages.append(out)
    return out_pages, headings


def _extract_pdf(path: Path) -> Extracted:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == getattr(pdfium.raw, "FPDF_ERR_PASSWORD", 4):
            raise ExtractionError(f"{path.name}: the PDF is password-protected; an unlocked copy is needed.") from None
        raise ExtractionError(f"{path.name}: the PDF is damaged or incomplete and cannot be opened.") from None
    try:
        n_pages = len(document)
        if n_pages == 0:
            raise ExtractionError(f"{path.name}: the PDF has no pages.")
        if n_pages > LIMITS.max_pdf_pages:
            raise ExtractionError(f"{path.name}: the PDF has {n_pages} pages, over the limit of {LIMITS.max_pdf_pages}.")
        pages = []
        reads: dict[int, ocr.PageRead] = {}
        for index in range(n_pages):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                raise ExtractionError(f"{path.name}: page {index + 1} of the PDF is damaged and cannot be read.") from None
            try:
                lines = _pdf_page_lines(page)
                if _visible_chars([x.text for x in lines]) < MIN_PAGE_CHARS:
                    reads[index] = ocr.read_page(page)  # no text layer: a scan or text drawn as shapes
                    lines = [Line(x) for x in reads[index].lines] or lines
                pages.append(lines)
            except pdfium.PdfiumError:
                raise ExtractionError(f"{path.name}: page {index + 1} of the PDF is damaged and cannot be read.") from None
            finally:
                page.close()
    finally:
        document.close()
    page_lines, headings = pdf_headings(pages)
    return replace(_pdf_result(path.name, page_lines, headings, reads), note_numbers=raised_note_numbers(pages))


def _visible_chars(lines: list[str]) -> int:
    return sum(len(x.strip()) for x in lines)


def _pdf_result(name: str, page_lines: list[list[str]], headings: set[str] = frozenset(),
                reads: dict[int, ocr.PageRead] | None = None) -> Extracted:
    reads = reads or {}
    warnings: list[str] = []
    empty = [i for i, lines in enumerate(page_lines) if _visible_chars(lines) < MIN_PAGE_CHARS]
    if len(empty) >= max(1, IMAGE_ONLY_SHARE * len(page_lines)):
        raise ExtractionError(no_text_layer_message(name, len(page_lines), reads))
    if empty:
        warnings.append(f"{len(empty)} of {len(page_lines)} pages have no text")
    ocr_pages = tuple(i + 1 for i, read in sorted(reads.items()) if _visible_chars(list(read.lines)) >= MIN_PAGE_CHARS)
    if ocr_pages:
        warnings.append(
            f"text read by OCR (Tesseract, Norwegian) on {len(ocr_pages)} of {len(page_lines)} pages without a text "
            "layer; OCR can misread words"
        )
    pages = []
    unrepaired = 0
    for lines in page_lines:
        # A soft hyphen only marks where a word may break: it never belongs in the text.
        text = unicodedata.normalize("NFKC", "\n".join(lines)).replace("\u00ad", "")
        text = _BREAK_HYPHEN.sub(join_break_hyphen, text)
        text, missed = repair_glyph_faults(text)
        unrepaired += missed
        pages.append(text)
    if unrepaired:
        words = "word" if unrepaired == 1 else "words"
        warnings.append(f"{unrepaired} {words} with an unmapped glyph ('?') could not be repaired")
    # The headings as the page text now reads them (the same normalisation and repairs).
    known = frozenset(
        repair_glyph_faults(_BREAK_HYPHEN.sub(join_break_hyphen, " ".join(unicodedata.normalize("NFKC", h).replace("\u00ad", "").split())))[0]
        for h in headings
    )
    return Extracted(pages=tuple(pages), kind="pdf", headings=known, warnings=tuple(warnings), ocr_pages=ocr_pages)


def no_text_layer_message(name: str, n_pages: int, reads: dict[int, ocr.PageRead]) -> str:
    """The one-line refusal for a PDF whose pages have no text layer, naming the cause and why OCR did not help."""
    causes = [read.cause for read in reads.values() if read.cause != ocr.BLANK] or [ocr.BLANK]
    cause = max(set(causes), key=causes.count)
    errors = [read.error for read in reads.values() if read.error]
    if errors:
        why = f"OCR could not read it: {errors[0]}"
    elif cause == ocr.BLANK:
        why = "there is nothing to read"
    else:
        why = "OCR found no text on them"
    return f"{name}: the PDF has no text layer on {len(reads)} of {n_pages} pages ({ocr.CAUSE_TEXT[cause]}), and {why}."


# --- DOCX -------------------------------------------------------------------------------------


def check_docx_zip(path: Path) -> None:
    """Refuse a DOCX whose zip directory promises too much data (a zip bomb) or is not a zip at all
    (guards.check_docx_members, before python-docx inflates anything)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ExtractionError(f"{path.name}: the DOCX file is damaged or not a Word document.") from None
    try:
        guards.check_docx_members(members, path.name, LIMITS)
    except guards.GuardError as exc:
        raise ExtractionError(str(exc)) from None


def _run_flag(paragraph, run, attr: str) -> bool:
    """A run's bold or underline, set on the run, its character style or the paragraph's style."""
    value = getattr(run, attr)
    if value is None:
        value = getattr(run.style.font, attr) if run.style is not None else None
    if value is None and paragraph.style is not None:
        value = getattr(paragraph.style.font, attr)
    return bool(value)


def _is_emphasised(paragraph) -> bool:
    """True if every run with text is bold or every run with text is underlined (directly or by style)."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    return all(_run_flag(paragraph, r, "bold") for r in runs) or all(_run_flag(paragraph, r, "underline") for r in runs)


#: A run-in label is at most this many words ("Ressursintensive pasienter – rehabilitering som investering").
MAX_RUN_IN_WORDS = 10
#: The text after a run-in label is a sentence of its own: a capitalised word, then at least this many words.
MIN_RUN_IN_REST_WORDS = 4
_RUN_IN_REST = re.compile(r"^[A-ZÆØÅ][a-zæøå]")


def run_in_heading(paragraph, text: str) -> str:
    """The bold words opening a paragraph as the label of its text, which follows in plain type ("**Mål** Det
    overordnede målet med prosjektet er …"; "**• Samhandling mellom nivåer og aktører**", a line break, "Rehabilitering
    er per definisjon …"): read as one line they glue a title into a sentence. `text` is the paragraph's text as
    extract writes it. Returns the label as it opens `text`, or "" when the bold words are part of the sentence:
    the plain text goes on in lower case ("**Et stort antall land** har innført …"), after a colon, stop or dash
    ("**ISF:** Innsatsstyrt …", "**Første kontakt** – oppsøkende …"), or is no sentence of its own."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    lead = 0
    while lead < len(runs) and _run_flag(paragraph, runs[lead], "bold"):
        lead += 1
    if lead == 0 or lead == len(runs):
        return ""
    head = unicodedata.normalize("NFKC", " ".join("".join(r.text for r in runs[:lead]).split()))
    if not text.startswith(head) or not any(c.isalpha() for c in head) or len(head.split()) > MAX_RUN_IN_WORDS:
        return ""
    if head.endswith((".", ":", ";", ",", "!", "?", "–", "-", "—", "(")):
        return ""
    rest = text[len(head):]
    if not rest.startswith(" ") or not _RUN_IN_REST.match(rest.lstrip()) or len(rest.split()) < MIN_RUN_IN_REST_WORDS:
        return ""
    return head


_HEADING_STYLE = re.compile(r"^(heading|overskrift|title|tittel)\b", re.IGNORECASE)


def _docx_heading(paragraph, text: str) -> bool:
    style = paragraph.style.name if paragraph.style is not None else ""
    if _HEADING_STYLE.match(style or ""):
        return True
    if len(text.split()) > MAX_HEADING_WORDS or text.endswith((".", ":", ";", ",")):
        return False
    if not any(c.isalpha() for c in text):
        return False
    return _is_emphasised(paragraph)


def _is_list_item(paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = paragraph.style.name if paragraph.style is not None else ""
    return "list" in (style or "").lower()


#: A table row as extract writes it: "| cell | cell |", one row per line (clean keeps such lines whole); PDF
#: tables (pdf_tables) write theirs the same way.
TABLE_ROW_PREFIX = pdf_tables.TABLE_ROW_PREFIX


def _cell_text(paragraphs) -> str:
    return " ".join(" ".join(p.text.split()) for p in paragraphs if p.text.strip())


table_row_line = pdf_tables.table_row_line


def _block_elements(container):
    """The paragraph and table elements of the body in document order, including those inside block-level
    content controls (w:sdt/w:sdtContent), where Word puts a bibliography (rke-helse-nord-2026: the "Bibliografi"
    heading and its entries) or a table of contents; python-docx's iter_inner_content skips them."""
    for child in container.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_elements(content)


def _iter_blocks(document):
    """Body paragraphs and tables in document order: a Paragraph, or a list of row lines for a table.

    Each cell element (w:tc) is read once, walking the XML rather than python-docx's row.cells,
    which repeats a merged cell once per grid column it spans. (Skipping repeats by id(cell._tc)
    was not deterministic: lxml proxies are short-lived and their ids are reused.) A one-column
    table is a box around ordinary paragraphs and yields them as such.
    """
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    body = getattr(document, "_body", document)  # a Document's body, or a header or cell as it is
    for element in _block_elements(body._element):
        if element.tag == f"{_W}p":
            yield Paragraph(element, body)
            continue
        item = Table(element, body)
        rows = [[_Cell(tc, item) for tc in tr.tc_lst] for tr in item._tbl.tr_lst]
        if max((len(row) for row in rows), default=0) <= 1:
            for row in rows:
                for cell in row:
                    yield from cell.paragraphs
            continue
        lines = []
        for row in rows:
            cells = [_cell_text(cell.paragraphs) for cell in row]
            if any(cells):
                lines.append(table_row_line(cells))
        yield lines


#: A line a soft line break (Shift+Enter, <w:br/>) keeps apart is short: a name, a title, a letter field, a list line.
MAX_SOFT_LINE_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?][»”\"')\]]*$")
#: A new line opens with a capital, a figure, a bullet, a dash, a quote or a bracket; lower case goes on with the line.
_NEW_LINE_START = re.compile(r"^[A-ZÆØÅ0-9«\"“•\-–(\[]")
#: A line that goes on in the next: a comma, semicolon, hyphen, dash, ampersand or slash at its end.
_LINE_GOES_ON = (",", ";", "-", "–", "—", "&", "/")
#: A reference entry's author and year, its title on the next line ("Helse Bergen. (2024).", "Le, C. (2025, 28. mars)."):
#: one entry, one line.
_ENTRY_HEAD = re.compile(r"\((?:\d{4}[a-z]?|u\.\s?å\.)(?:,[^)]*)?\)\.?$")


def _keeps_soft_break(line: str, following: str) -> bool:
    """Whether a soft line break between two typed lines carries meaning: the line before is a short line of its own
    (a name over its title, «Fra: …» over «Sendt: …», a list line, a heading over its subtitle) or a lead-in ending
    on a colon, and the next line starts anew. A break inside running text (a long line, a line that ends on a
    comma or a function word, the next in lower case, sentences of full length) is the writer's layout only."""
    if not _NEW_LINE_START.match(following):
        return False
    if line.endswith(":"):
        return True
    if line.endswith(_LINE_GOES_ON) or _ENTRY_HEAD.search(line):
        return False
    from .clean import stopwords  # clean imports extract; the word list is read only here

    words = line.split()
    if len(words) > MAX_SOFT_LINE_WORDS or words[-1].lower() in stopwords():
        return False
    # two full sentences one under the other are running text; a short sentence over a short line is a list line
    return not _SENTENCE_END.search(line) or len(following.split()) <= MAX_SOFT_LINE_WORDS


def soft_break_lines(text: str) -> list[str]:
    """A DOCX paragraph's text (python-docx writes a soft line break as "\\n") as the lines to keep: each line's
    spaces collapsed, empty lines dropped, and lines the writer broke only for layout joined again."""
    typed = [" ".join(line.split()) for line in text.split("\n")]
    typed = [line for line in typed if line]
    lines: list[str] = []
    for index, line in enumerate(typed):
        if lines and not _keeps_soft_break(typed[index - 1], line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _list_lines(text: str) -> str:
    """A list item's text as bullet lines: each line a soft line break kept apart is a point of its own (the phases
    «Første kontakt – …», «Andre kontakt – …», «Tredje kontakt – …» typed in one list item, sunnaasstiftelsen-2026)."""
    return "\n".join(f"- {line}" for line in text.split("\n"))


def _extract_docx(path: Path) -> Extracted:
    check_docx_zip(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ExtractionError(f"{path.name}: the DOCX file is damaged or not a Word document.") from None
    except Exception as exc:  # lxml parse errors and friends: the package is broken inside
        raise ExtractionError(f"{path.name}: the DOCX file cannot be parsed ({type(exc).__name__}).") from None
    paragraphs: list[str] = []
    headings: set[str] = set()
    for paragraph in _iter_blocks(document):
        if isinstance(paragraph, list):
            paragraphs.extend(unicodedata.normalize("NFKC", line) for line in paragraph)
            continue
        # Lines kept apart by soft line breaks stay lines ("Karsten Popp Dideriksen" / "Rådmann"); clean keeps them.
        text = unicodedata.normalize("NFKC", "\n".join(soft_break_lines(paragraph.text)))
        if not text:
            continue
        flat = text.replace("\n", " ")  # the same length: an offset in one is an offset in the other
        if _docx_heading(paragraph, flat):
            headings.add(flat)  # a heading is one title, its subtitle line included
            text = flat
        elif head := run_in_heading(paragraph, flat):
            # The bold type that set the label apart is lost in plain text; a colon keeps it a label of its paragraph
            # or list point ("Mål: Det overordnede målet …"), as writers who type the label write it.
            text = f"{head}: {text[len(head):].strip()}"
            if _is_list_item(paragraph):
                text = _list_lines(text)
        elif _is_list_item(paragraph):
            text = _list_lines(text)
        paragraphs.append(text)
    if not paragraphs:
        raise ExtractionError(f"{path.name}: the DOCX document holds no text.")
    return Extracted(pages=("\n\n".join(paragraphs),), kind="docx", headings=frozenset(headings),
                     footnotes=docx_notes(document), running_lines=docx_running_lines(document))


def docx_running_lines(document) -> tuple[str, ...]:
    """Text lines of the page headers and footers each section defines (first page, default, even),
    in document order, each line once. A header linked to the previous section is not read again."""
    lines: list[str] = []
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            if part.is_linked_to_previous:
                continue  # no definition of its own (python-docx would add one on reading)
            for block in _iter_blocks(part):
                texts = block if isinstance(block, list) else [" ".join(block.text.split())]
                for text in texts:
                    text = unicodedata.normalize("NFKC", text)
                    if text and text not in lines:
                        lines.append(text)
    return tuple(lines)


#: WordprocessingML's namespace (footnotes.xml and endnotes.xml are parts python-docx reads as plain blobs).
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_notes(document) -> tuple[str, ...]:
    """Footnote then endnote texts, "N text", numbered 1, 2, … in the order the body refers to them
    (as Word displays them); separator notes and notes the body never refers to are left out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    body = document.element.body
    out: list[str] = []
    for reltype, tag in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
        part = next((rel.target_part for rel in document.part.rels.values()
                     if not rel.is_external and rel.reltype == reltype), None)
        if part is None:
            continue
        root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        texts = {note.get(f"{_W}id"): _note_text(note) for note in root.iter(f"{_W}{tag}")
                 if note.get(f"{_W}type") in (None, "normal")}
        order = [ref.get(f"{_W}id") for ref in body.iter(f"{_W}{tag}Reference")]
        for number, note_id in enumerate(dict.fromkeys(order), start=1):
            text = texts.get(note_id, "")
            if text:
                out.append(f"{number} {text}")
    return tuple(out)


def _note_text(note) -> str:
    """A note's paragraphs as one line of text (NFKC, whitespace collapsed)."""
    parts = []
    for paragraph in note.iter(f"{_W}p"):
        words = "".join(node.text or "" if node.tag == f"{_W}t" else " "
                        for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"))
        parts.append(" ".join(words.split()))
    return unicodedata.normalize("NFKC", " ".join(p for p in parts if p))
