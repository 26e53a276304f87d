"""Tables on a PDF page, found from where the words stand: rows of cells instead of flattened text.

pdfium gives a table row as one text line with the cells run together ("Menn 0,078*** 0,077*** 0,077***") or as
several lines at one height (a wrapped label cell, then the figures), and the header cells one column at a time.
`clean` would join all of it into one paragraph of numbers and fragments. Here the words' boxes decide: a gap
much wider than a word space splits a line into cells, lines at one height are one visual row, and rows that
follow each other closely and leave the same vertical channels free of text (the white columns between the
cells) are a table. Its rows come out as "| Menn | 0,078*** | 0,077*** |", one row per line, the form DOCX
table rows take too (table_row_line), so that clean keeps them whole and segment gives them kind "table".
A table reports figures: rows side by side without them (signatures, a diagram's labels, body text beside a
box) stay text, and so do a letter's fields and contact box, which segment reads as letterhead.

Pure functions over (left, right, text) boxes in PDF points, so they can be tested on boxes read from real pages.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

#: A table row as extract writes it for DOCX and PDF tables: "| cell | cell |", one row per line (clean keeps
#: such lines whole, segment gives them kind "table").
TABLE_ROW_PREFIX = "| "
#: A gap between words at least this share of the line's height separates two cells (a justified word space
#: stays under it: word spaces are 0.2-0.5 of the height in the development corpus, table gaps 1-30).
CELL_GAP_RATIO = 1.0
#: Visual rows of one table follow each other within this many line heights (a table's row pitch is 1.1-2.5).
ROW_PITCH_RATIO = 3.0
#: A table has at least this many rows of two or more cells.
MIN_GRID_ROWS = 3
#: A table of two columns (one channel) needs more rows and short cells: a two-column letter field, a signature
#: block or a list of names is short, and prose in two columns has long lines.
MIN_TWO_COLUMN_ROWS = 4
MAX_TWO_COLUMN_CELL_WORDS = 4.0
#: A channel is at least this share of the line height wide.
MIN_CHANNEL_RATIO = 0.5
#: Rows in a run of single-cell lines (a group label, a wrapped cell) before the table is taken as ended.
MAX_SINGLE_LINES = 3

#: A list marker or a section number before its text ("•", "1.", "a)", "2.3.1"): the gap after it is an
#: indent, not a column.
_LIST_MARKER = re.compile(r"^(?:[•●▪■◦‣∙·\uf0b7\uf0a7\uf02d\uf076\uf0d8*o–—-]|\d{1,2}(?:\.\d{1,2})*[.):]?|"
                          r"[A-Za-z][.)]|[ivxIVX]{1,4}[.)])$")
#: A table of contents without dot leaders: a title, then its page number in a column of its own.
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


class Cell(NamedTuple):
    """Text standing together on one line, with its left and right edge."""

    left: float
    right: float
    text: str


class TextLine(NamedTuple):
    """A text line as pdfium gives it: its top and bottom edge and its cells, left to right."""

    top: float
    bottom: float
    cells: tuple[Cell, ...]

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def split_cells(words: Sequence[Cell], height: float) -> tuple[Cell, ...]:
    """Words of one line (each a Cell) -> its cells: words closer than CELL_GAP_RATIO × height are one cell.
    The gap after a list marker or section number opening the line is an indent, never a column."""
    cells: list[Cell] = []
    for word in words:
        if cells and (word.left - cells[-1].right < CELL_GAP_RATIO * height
                      or len(cells) == 1 and _LIST_MARKER.match(cells[0].text)):
            last = cells[-1]
            cells[-1] = Cell(last.left, max(last.right, word.right), f"{last.text} {word.text}")
        else:
            cells.append(word)
    return tuple(cells)


def table_row_line(cells: Sequence[str]) -> str:
    """'| Helse Sør-Øst | Akuttbygg ved Sørlandet sykehus HF |': a table row on one readable line."""
    return TABLE_ROW_PREFIX + " | ".join(cells) + " |"


class _Row(NamedTuple):
    """A visual row: the pdfium lines at one height and their cells, left to right."""

    top: float
    height: float
    members: tuple[int, ...]
    cells: tuple[Cell, ...]


def visual_rows(lines: Sequence[TextLine]) -> list[_Row]:
    """Lines at one height (tops within a third of a line) are one row, top of the page first; the cells of its
    lines merge left to right, and two that nearly touch are one cell."""
    order = sorted(range(len(lines)), key=lambda i: -lines[i].top)
    groups: list[list[int]] = []
    for i in order:
        if groups and lines[groups[-1][0]].top - lines[i].top <= lines[i].height / 3:
            groups[-1].append(i)
        else:
            groups.append([i])
    rows = []
    for group in groups:
        height = max(lines[i].height for i in group)
        words = sorted((c for i in group for c in lines[i].cells), key=lambda c: c.left)
        rows.append(_Row(lines[group[0]].top, height, tuple(sorted(group)), split_cells(words, height)))
    return rows


def _channels(rows: Sequence[_Row]) -> list[tuple[float, float]]:
    """The vertical strips left free of text by every row (the white between a table's columns), at least
    MIN_CHANNEL_RATIO of a line height wide, between the leftmost and the rightmost text."""
    spans = sorted((c.left, c.right) for row in rows for c in row.cells)
    min_width = MIN_CHANNEL_RATIO * min(row.height for row in rows)
    channels, reach = [], spans[0][1]
    for left, right in spans[1:]:
        if left - reach >= min_width:
            channels.append((reach, left))
        reach = max(reach, right)
    return channels


def _is_grid(rows: Sequence[_Row]) -> bool:
    """Rows of two or more cells that read as a table: at least MIN_GRID_ROWS of them leave two channels free
    (three columns), or MIN_TWO_COLUMN_ROWS of short cells leave one, and half of them hold a figure (a table
    reports figures; names side by side under a letter are its signatures, and a diagram's labels no table).
    Not a table of contents (a title and its page number), and not a letter's fields or contact box: labels
    with a colon ("Dato: | 20.03.2026"), "Vår referanse", an address with phone and e-mail (segment and clean
    give those their kind as letterhead, from the text as it was)."""
    from .clean import is_letterhead
    from .segment import is_letter_field

    grid = [row for row in rows if len(row.cells) >= 2]
    if len(grid) < MIN_GRID_ROWS:
        return False
    if sum(any(c.isdigit() for c in _text(row)) for row in grid) < 0.5 * len(grid):
        return False
    if sum(any(c.text.endswith(":") for c in row.cells) for row in grid) >= 0.5 * len(grid):
        return False
    text = "\n".join(_text(row) for row in rows)
    if is_letter_field(text) or is_letterhead(text):
        return False
    channels = _channels(grid)
    if not channels:
        return False
    if len(channels) == 1:
        cells = [c for row in grid for c in row.cells]
        words = sum(len(c.text.split()) for c in cells) / len(cells)
        if len(grid) < MIN_TWO_COLUMN_ROWS or words > MAX_TWO_COLUMN_CELL_WORDS:
            return False
        if sum(bool(_PAGE_NUMBER.match(row.cells[-1].text)) for row in grid) >= 0.8 * len(grid):
            return False  # "Innledning      3": a table of contents
    return True


def _text(row: _Row) -> str:
    return " ".join(c.text for c in row.cells)


def _runs(rows: Sequence[_Row]) -> list[list[int]]:
    """Indices of rows that follow each other closely: from a row of two or more cells to the last such row,
    with at most MAX_SINGLE_LINES single-cell rows in between (a group label "Alder", a wrapped label)."""
    runs: list[list[int]] = []
    current: list[int] = []
    singles = 0
    for k, row in enumerate(rows):
        close = current and rows[current[-1]].top - row.top <= ROW_PITCH_RATIO * row.height
        if current and (not close or singles >= MAX_SINGLE_LINES and len(row.cells) < 2):
            runs.append(current)
            current, singles = [], 0
        if len(row.cells) >= 2:
            current.append(k)
            singles = 0
        elif current:
            current.append(k)
            singles += 1
    if current:
        runs.append(current)
    # A run ends on its last row of several cells.
    out = []
    for run in runs:
        while run and len(rows[run[-1]].cells) < 2:
            run.pop()
        out.append(run)
    return out


def _without_letter_fields(rows: Sequence[_Row], run: list[int]) -> list[int]:
    """The run without the letter's fields right above the table, in fewer columns than it ("Arkivsak-dok.  26/06946",
    "Saksbehandler  Kristina Forsberg" over "Behandlet av  Møtedato  Saknr" in troms-fylkeskommune-2026): segment
    reads those as letterhead. A row as wide as the widest is the table's own, whatever it holds."""
    from .segment import is_letter_furniture

    widest = max(len(rows[k].cells) for k in run)
    start = 0
    while start < len(run) and len(rows[run[start]].cells) < widest and is_letter_furniture(_text(rows[run[start]])):
        start += 1
    return run[start:]


def _in_later_column(row: _Row, channels: Sequence[tuple[float, float]], column_left: float) -> bool:
    """A single-cell row that stands right of the table's first column (a wrapped header or last cell)."""
    return len(row.cells) == 1 and bool(channels) and row.cells[0].left >= channels[0][1] - 1.0 \
        and row.cells[0].left > column_left


def _extend(rows: Sequence[_Row], run: list[int]) -> list[int]:
    """The run with the single-cell rows right above and below it up to the farthest one that stands in a later
    column than the first (a header cell over the figures, "M: Kontrollert for kjønn, alder …", above a group
    label "Alder"; the rest of a wrapped last cell), at most MAX_SINGLE_LINES rows each way."""
    grid = [rows[k] for k in run if len(rows[k].cells) >= 2]
    channels = _channels(grid)
    column_left = min(c.left for row in grid for c in row.cells)

    def farthest(edge: int, step: int) -> int:
        best, k = edge, edge
        for _ in range(MAX_SINGLE_LINES + 1):
            nxt = k + step
            if not 0 <= nxt < len(rows) or len(rows[nxt].cells) != 1:
                break
            upper, lower = (rows[nxt], rows[k]) if step < 0 else (rows[k], rows[nxt])
            if upper.top - lower.top > ROW_PITCH_RATIO * lower.height:
                break
            k = nxt
            if _in_later_column(rows[k], channels, column_left):
                best = k
        return best

    return list(range(farthest(run[0], -1), farthest(run[-1], 1) + 1))


def find_tables(lines: Sequence[TextLine]) -> list[tuple[tuple[int, ...], list[str]]]:
    """The tables on one page: for each, the indices of the lines it takes (in `lines`) and its rows as
    "| cell | cell |" lines, top first. Lines of no table are not named."""
    rows = visual_rows(lines)
    if sum(len(row.cells) >= 2 for row in rows) < MIN_GRID_ROWS:
        return []  # most pages: no table, decided before any run is looked at
    tables = []
    used: set[int] = set()  # rows of a table found above: the next one's extension stops short of them
    for run in _runs(rows):
        run = _without_letter_fields(rows, run)
        if not _is_grid([rows[k] for k in run]):
            continue
        run = [k for k in _extend(rows, run) if k not in used]
        used.update(run)
        taken = tuple(sorted(i for k in run for i in rows[k].members))
        tables.append((taken, [table_row_line([c.text for c in rows[k].cells]) for k in run]))
    return tables
