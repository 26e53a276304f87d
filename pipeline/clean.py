"""Page texts from `extract` -> cleaned paragraphs, one string per page.

Each rule is a small pure function over a line or a list of lines, so it can be tested on a
real line from the seeds. `clean_pages` composes them. A page is modelled as a list of
items: a text line (str) or BREAK (None) where the layout says a paragraph ends (a blank line
in a PDF, a line holding only spaces in the seed TXT files). The output joins wrapped lines
into running text; paragraphs are separated by "\n\n", bullet items start a new line, and a
short title line at the top of a paragraph stays on its own line so that `segment` can see it.

TXT pages: a TXT file is one page unless its "Side N av M" footers are (nearly) all present,
in which case it is split at them so passages get page numbers; the seed 004 kept only 2 of
30 footers, so it stays one page (page unknown) rather than getting wrong page numbers.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from typing import Optional

from .extract import is_known_word

Item = Optional[str]
BREAK: Item = None

#: Characters that end a sentence (closing quotes/brackets after the stop count too).
_TERMINAL = re.compile(r"[.!?:;][»”\"')\]]*$|[»”]$")
_PAGE_FOOTER = re.compile(r"^\s*(?:side|page)\s+(\d{1,4})\s+(?:av|of|/)\s+(\d{1,4})\s*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")
_TOC_LINE = re.compile(r"(?:\.\s?){5,}\s*\d+\s*$|…{3,}\s*\d+\s*$|_{5,}\s*\d+\s*$")
#: A table of contents starts under one of these titles.
TOC_TITLE = re.compile(r"^(?:innhold|innholdsfortegnelse|innhald|innhaldsliste|contents|table of contents)\s*:?$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200e\u200f\ufeff\ufdd0]")
_MULTISPACE = re.compile(r"[ \t\u00a0\u2007\u202f]{2,}|[\t\u00a0\u2007\u202f]")
#: "o" opens a line only as Word's second-level bullet ("Dette vil gi:" over "o mer likeverdige tjenester", SAFER 2026).
_BULLET = re.compile(r"^\s*(?:[•●▪■◦‣∙·\uf0b7\uf0a7\uf02d\uf076\uf0d8*]|[-–—](?=\s)|o(?=\s+[A-ZÆØÅa-zæøå]))\s*")
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
#: "7.4.1 Nok personell", "1.2. Global utvikling", "Kapittel 12 Digitalisering", "Kapittel 2: Fremtidig".
NUMBERED_HEADING = re.compile(
    r"^(?:(?:kapittel|kap\.)\s+(\d{1,2})[.:]?|(\d{1,2}(?:\.\d{1,2}){0,3})\.?)\s+([A-ZÆØÅ«\"].*)$", re.IGNORECASE
)
#: Text going on in lower case (the rest of a sentence cut above), never a lettered point ("c. Styrk …", "b) Prioriter …").
_LOWER_START = re.compile(r"^(?![a-h][.)]\s+[A-ZÆØÅ])[a-zæøå]")
_UPPER_START = re.compile(r"^[\"«“(]?[A-ZÆØÅ0-9]")
#: After a line-end hyphen these words mean a suspended hyphen: "helse- og omsorgstjenesten".
_SUSPENDED_NEXT = re.compile(r"^(?:og|eller|samt|til|enn|som|,)\b|^,")
#: Footnote body: "1 NITO Bioingeniørfaglig institutt …", "2 https://…".
#: A footnote text's number, spaced ("4 Rajka & Haugstad …") or glued to a capitalised word ("3Campbell et al., 2016 …",
#: unge-funksjonshemmede-2026-2); the number must also occur as a marker in the text (drop_footnote_bodies).
_FOOTNOTE_TEXT = r"[A-ZÆØÅ«\"]|https?://|www\."  # how a footnote's text opens
_FOOTNOTE_BODY = re.compile(rf"^(\d{{1,2}})(?:\s+(?={_FOOTNOTE_TEXT})|(?=[A-ZÆØÅ][a-zæøå]))")
#: Glued footnote markers: "bioingeniører2.", "flere.1 I", "fram mot 20601." (year + marker).
#: Each starts at a digit, and is written to open with it: re then skips to the next digit in C (a pattern that opens
#: with a look-ahead or look-behind is tried at every position), and the test of what stands before the match follows
#: as a look-behind over the character before and the digits read (`\d\d?` is `\d{1,2}`; `(?<!\w..)` after "19"/"20" is
#: the word boundary before them). Same matches and groups as (?<=[a-zæøå\)»”])(\d{1,2})…, (?<=[^\W\d_][.,;:»”)])(\d{1,2})…
#: and \b((?:19|20)\d\d)(\d{1,2})… (tests/pipeline/test_clean.py); they run over a document's whole text.
_MARKER_AFTER_WORD = re.compile(r"(\d(?<=[a-zæøå\)»”]\d)\d?)(?=[\s.,;:)»”]|$)")
_MARKER_AFTER_PUNCT = re.compile(r"(\d(?<=[^\W\d_][.,;:»”)]\d)\d?)(?=\s|$)")
_MARKER_AFTER_YEAR = re.compile(r"((?:19|20)(?<!\w..)\d\d)(\d{1,2})(?=[\s.,;:)»”]|$)")
_DIGIT = re.compile(r"\d")
_RULE_LINE = re.compile(r"^[^\w\s]*(?:[_=~*#.\-–—][\s]*){3,}[^\w\s]*$")
#: A footnote's number alone on its line, and the capitalised first word of the text below it.
_LONE_FOOTNOTE_NUMBER = re.compile(r"^(\d{1,2})$")
_FOOTNOTE_TEXT_START = re.compile(rf"^(?:{_FOOTNOTE_TEXT})")
_EMBEDDED_FOOTNOTE = re.compile(r"(?<=[.!?)] )(\d{1,2}) (?=[A-ZÆØÅ])")
#: Contact details in a letterhead or page-foot box: an e-mail address, or one of the others.
_MAIL_ADDRESS = r"\b[\w.+-]+@[\w-]+\.[\w.]+"
_CONTACT_OTHER = (r"\b(?:telefon|tlf|e-post|org\.? ?nr|organisasjonsnr|postboks|bankgiro\w*|"
                  r"fakturaadresse|besøksadresse|postadresse)\b|\bwww\.\S+|https?://\S+")
_CONTACT = re.compile(f"{_MAIL_ADDRESS}|{_CONTACT_OTHER}", re.IGNORECASE)
#: _CONTACT for text without an "@", where its first alternative cannot match, so the same matches: that alternative
#: reads every word to its end and back looking for the "@", and cost most of is_letterhead.
_CONTACT_WITHOUT_MAIL = re.compile(_CONTACT_OTHER, re.IGNORECASE)
_LETTER_SPACED = re.compile(r"^(?:[A-ZÆØÅ]{1,3} ){3,}[A-ZÆØÅ]{1,3}$")


#: clean tells segment what a paragraph is where the layout knew it ("\ufdd0footnote\ufdd0" + text).
#: U+FDD0 is a Unicode noncharacter reserved for a program's internal use; normalise_line removes it
#: from document text, so a document cannot forge a mark.
_KIND_MARK = "\ufdd0"


def mark_kind(kind: str, paragraph: str) -> str:
    """A paragraph carrying its passage kind (schema.KINDS) from clean to segment."""
    return f"{_KIND_MARK}{kind}{_KIND_MARK}{paragraph}"


def marked_kind(paragraph: str) -> tuple[str | None, str]:
    """(kind, text) of a paragraph marked by mark_kind, else (None, paragraph)."""
    if not paragraph.startswith(_KIND_MARK):
        return None, paragraph
    kind, _, text = paragraph[1:].partition(_KIND_MARK)
    return kind, text


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The Snowball Norwegian stopword list (package stop-words)."""
    from stop_words import get_stop_words

    return frozenset(get_stop_words("norwegian"))


# --- line rules -------------------------------------------------------------------------------


def normalise_line(line: str) -> str:
    """NFKC (ligatures "ﬁ" -> "fi"), drop control characters, collapse runs of spaces, strip."""
    line = unicodedata.normalize("NFKC", line)
    line = _CONTROL.sub("", line)
    return collapse_spaces(line).strip()


def collapse_spaces(text: str) -> str:
    """_MULTISPACE.sub(" ", text), skipped where it cannot match: without a tab, a no-break or narrow space there is no
    run to collapse unless two spaces meet (four substring tests cost a fifth of the substitution, run on every line)."""
    if "  " in text or "\t" in text or "\u00a0" in text or "\u2007" in text or "\u202f" in text:
        return _MULTISPACE.sub(" ", text)
    return text


def normalise_bullet(line: str) -> str:
    """'•', '', '–', '-' or 'o' at line start -> '- ' (one bullet style)."""
    match = _BULLET.match(line)
    if not match or match.end() == len(line):
        return line
    return "- " + line[match.end():]


def is_bullet(line: str) -> bool:
    """True for a normalised bullet item."""
    return line.startswith("- ")


def repair_letter_spacing(line: str) -> str:
    """'H Ø R I N G S S VA R' -> 'HØRINGSSVAR' (letter-spaced headings from PDF text)."""
    if _LETTER_SPACED.match(line):
        return line.replace(" ", "")
    return line


def is_rule_line(line: str) -> bool:
    """A drawn separator such as '______' or '* * *' (no letters or digits)."""
    return len(line) >= 3 and _RULE_LINE.match(line) is not None


def is_page_footer(line: str) -> bool:
    """'Side 23 av 30' (also 'Page 2 of 4', '  Side 4 av 30')."""
    return bool(_PAGE_FOOTER.match(line))


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry with dot leaders: '… bærebjelke ........ 2'."""
    # Every match ends in a digit and trailing space (\d+\s*$): a line ending otherwise is no entry, and the search
    # over it is skipped (asked of every line of every page).
    end = line.rstrip()[-1:]
    return end.isdecimal() and bool(_TOC_LINE.search(line))


def ends_sentence(line: str) -> bool:
    """True if the line ends with sentence-final punctuation."""
    return bool(_TERMINAL.search(line[-6:]))


def is_title_like(line: str, max_words: int = 12) -> bool:
    """A short line without final punctuation that starts with a capital or a number: a heading candidate."""
    words = line.split()
    return (
        0 < len(words) <= max_words
        and not ends_sentence(line)
        and not line.endswith((",", "-"))
        and bool(_UPPER_START.match(line))
        and not is_bullet(line)
    )


def join_lines(left: str, right: str) -> str:
    """Join a wrapped line to the next: suspended hyphens keep a space, wrapped compounds keep the hyphen."""
    if not left:
        return right
    if left.endswith("-") and len(left) > 1 and left[-2] != " ":
        if _SUSPENDED_NEXT.match(right):
            return f"{left} {right}"  # "helse- og omsorgstjenesten"
        stem = left.rsplit(" ", 1)[-1][:-1]
        head = right.split(" ", 1)[0]
        # A typesetter's split of one word ("utford-" + "ringer") loses the hyphen; a compound keeps it.
        if stem.isalpha() and stem.islower() and head.isalpha() and head.islower():
            if not is_known_word(stem) and is_known_word(stem + head):
                return left[:-1] + right
        return left + right  # "UH-" + "sektoren", "EØS-" + "avtalen"
    return f"{left} {right}"


# --- page layout ------------------------------------------------------------------------------


def _is_double_spaced(lines: Sequence[str]) -> bool:
    """Seed layout: an empty line after (nearly) every wrapped text line."""
    text_lines = [i for i, line in enumerate(lines) if line.strip()]
    if len(text_lines) < 4:
        return False
    followed = sum(1 for i in text_lines if i + 1 < len(lines) and lines[i + 1] == "")
    lengths = sorted(len(lines[i]) for i in text_lines)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    # Unwrapped paragraphs (one long line each, blank line between) are not double spacing.
    return followed > 0.5 * len(text_lines) and p90 < 160


def txt_items(text: str, double_spaced: bool) -> list[tuple[Item, bool]]:
    """Raw TXT page -> normalised items with an 'indented' flag (a one-space indent starts a new PDF page in the seeds).

    In double-spaced text empty lines are filler and lines holding only spaces end paragraphs;
    otherwise any blank line ends a paragraph.
    """
    items: list[tuple[Item, bool]] = []
    for raw in text.split("\n"):
        if raw == "" and double_spaced:
            continue
        if not raw.strip():
            items.append((BREAK, False))
            continue
        indented = raw.startswith(" ") and not raw.startswith("  ")
        items.append((normalise_line(raw), indented))
    return items


def pdf_items(text: str) -> list[tuple[Item, bool]]:
    """Extracted PDF/DOCX page (empty line = paragraph gap) -> normalised items."""
    return [((normalise_line(raw) if raw.strip() else BREAK), False) for raw in text.split("\n")]


def split_txt_at_footers(text: str) -> list[str]:
    """Split a TXT at its 'Side N av M' footers when they run 1..k with k >= 80% of M; else one page."""
    lines = text.split("\n")
    footers = [(i, _PAGE_FOOTER.match(line)) for i, line in enumerate(lines)]
    footers = [(i, int(m.group(1)), int(m.group(2))) for i, m in footers if m]
    if len(footers) < 2:
        return [text]
    numbers = [n for _, n, _ in footers]
    totals = {m for _, _, m in footers}
    if len(totals) != 1 or numbers != list(range(1, len(numbers) + 1)) or len(numbers) < 0.8 * totals.pop():
        return [text]
    pages, start = [], 0
    for index, _, _ in footers:
        pages.append("\n".join(lines[start : index + 1]))
        start = index + 1
    tail = "\n".join(lines[start:])
    if tail.strip():
        pages.append(tail)
    return pages


def _edge_keys(page: Sequence[Item], depth: int = 3) -> set[str]:
    texts = [x for x in page if x]
    return {_repeat_key(x) for x in texts[:depth] + texts[-depth:]}


_DIGITS = re.compile(r"\d+")


def _repeat_key(line: str) -> str:
    lower = line.lower()
    return _DIGITS.sub("#", lower) if _DIGIT.search(lower) else lower  # 9 of 10 lines hold no digit


def running_lines(pages: Sequence[Sequence[Item]]) -> set[str]:
    """Keys of lines at the top/bottom of at least half the pages (headers/footers such as
    'Innspill fra Legeforeningen 10.10.25'); needs two or more pages."""
    if len(pages) < 2:
        return set()
    counts = Counter(key for page in pages for key in _edge_keys(page))
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= need and len(key.split()) <= 12}


#: A line joins a running block only with this many words: a heading every chapter repeats ("Bakgrunn") under a
#: running header stays.
_MIN_BLOCK_LINE_WORDS = 4


#: A line holding nothing but a small number.
_LONE_NUMBER = re.compile(r"^\d{1,3}$")


def is_lone_number(line: str, neighbours: Sequence[str], opens_block: bool = False) -> bool:
    """A small number alone on a line between lines of text is no text: a footnote marker set on a line of its
    own ("… brukerrettighetslov." / "9" / "Lovutvalget skal …"), or a page or slide number above a page foot.
    Beside other figures it is a table's cell, and where it opens a block over the text it numbers (a gap
    above, text right below: "1" / "Utprøving av digital hjemmeoppfølging, …") it is a footnote's number: both stay."""
    if not _LONE_NUMBER.match(line) or opens_block:
        return False
    return all(sum(c.isalpha() for c in other) >= 3 for other in neighbours)


def _grow_running_block(page: Sequence[Item], text_index: Sequence[int], drop: set[int], common: set[str]) -> None:
    """Drop the run of lines at a page's top and at its foot that recur on most pages, walking inwards from the
    edge past lines already dropped: a page foot of four lines ("Oslo universitetssykehus er lokalsykehus for
    deler av Oslos befolkning, regionssykehus for innbyggere i Helse" / "Sør-Øst og har …" / "Org.nr.: …" /
    "www.…") reaches above the three edge lines, and its long first line passes no length limit of a running
    line; a partner list over a sponsor line ("Oslo kommune • Universitetet i Oslo • …" / "AbbVie • …") too.
    The walk stops at a contact box (kept once as the letterhead) and at any line that is not repeated."""
    for order in (text_index, text_index[::-1]):
        for i in order:
            line = page[i]
            if i in drop:
                continue
            if _repeat_key(line) not in common or len(line.split()) < _MIN_BLOCK_LINE_WORDS or is_letterhead(line):
                break
            drop.add(i)


def running_blocks(pages: Sequence[Sequence[Item]], dropped: Sequence[set[int]]) -> set[str]:
    """The dropped running lines of each page joined into blocks (consecutive lines, split at breaks), as
    repeat keys: the same page foot wrapped differently on one page is found by its whole text."""
    blocks: set[str] = set()
    for page, drop in zip(pages, dropped):
        current: list[str] = []
        for i, item in enumerate(page):
            if item and i in drop:
                current.append(item)
                continue
            if current and (item is BREAK or item):
                blocks.add(_repeat_key(" ".join(current)))
                current = []
        if current:
            blocks.add(_repeat_key(" ".join(current)))
    return {b for b in blocks if len(b.split()) > 12}


def drop_page_furniture(pages: Sequence[Sequence[Item]], toc: list[list[str]] | None = None,
                        blocks: set[str] | None = None) -> list[list[Item]]:
    """Remove 'Side N av M' footers, the short repeated line beside them, running headers/footers,
    bare page numbers at page edges and table-of-contents lines. Removed lines leave no break, so a
    sentence that ran across a footer is joined again. The table-of-contents lines of each page are
    appended to `toc` when given (they become a toc passage); the long running blocks removed (see
    running_blocks) are added to `blocks` when given."""
    repeated = running_lines(pages)
    line_counts = Counter(x for page in pages for x in page if x)
    need = max(2, (len(pages) + 1) // 2)
    page_counts = Counter(key for page in pages for key in {_repeat_key(x) for x in page if x})
    common = {key for key, n in page_counts.items() if n >= need and len(pages) >= 3}
    out: list[list[Item]] = []
    running_dropped: list[set[int]] = []
    for page in pages:
        drop: set[int] = set()
        text_index = [i for i, x in enumerate(page) if x]
        edges = set(text_index[:3] + text_index[-3:])
        for pos, i in enumerate(text_index):
            line = page[i]
            if is_page_footer(line):
                drop.add(i)
                # The footer's companion ("NITOs kongress 2024") sits right beside it.
                for j in (pos - 1, pos + 1):
                    if 0 <= j < len(text_index):
                        other = page[text_index[j]]
                        if line_counts[other] >= 2 and len(other.split()) <= 6 and not ends_sentence(other):
                            drop.add(text_index[j])
            elif is_toc_line(line):
                drop.add(i)
            elif i in edges and (_repeat_key(line) in repeated or _PAGE_NUMBER.match(line)):
                drop.add(i)
            elif _LONE_NUMBER.match(line) and is_lone_number(  # its first test, before the neighbours are gathered
                    line, [page[j] for j in text_index[max(0, pos - 1) : pos + 2] if j != i],
                    opens_block=(i == 0 or page[i - 1] is BREAK) and i + 1 < len(page) and bool(page[i + 1])):
                drop.add(i)
        before = set(drop)
        _grow_running_block(page, text_index, drop, common)
        running_dropped.append({i for i in drop if i not in before or _repeat_key(page[i]) in repeated})
        out.append([x for i, x in enumerate(page) if i not in drop])
        if toc is not None:
            toc.append([page[i] for i in sorted(drop) if is_toc_line(page[i])])
    if blocks is not None:
        blocks |= running_blocks(pages, running_dropped)
    return out


# --- footnotes --------------------------------------------------------------------------------


def footnote_markers(text: str) -> set[int]:
    """Numbers that occur glued to a word, after a full stop or after a year ('flere.1', 'år4', '20252')."""
    found = {int(m.group(1)) for m in _MARKER_AFTER_WORD.finditer(text)}
    found |= {int(m.group(1)) for m in _MARKER_AFTER_PUNCT.finditer(text)}
    found |= {int(m.group(2)) for m in _MARKER_AFTER_YEAR.finditer(text)}
    return found


#: A footnote block that starts without a gap is looked for only this close to the page foot (in text lines).
FOOTNOTE_FOOT_LINES = 8


def drop_footnote_bodies(
    items: Sequence[tuple[Item, bool]], markers: set[int], bodies: list[list[str]] | None = None
) -> tuple[list[tuple[Item, bool]], set[int]]:
    """Remove footnote bodies (a block starting '1 NITO …' right after a break whose number occurs as a
    marker in the text); a body runs to the next break or the next page-start indent.
    Returns the remaining items and the footnote numbers removed; the removed lines of each body
    are appended to `bodies` when given (they become footnote passages)."""
    out: list[tuple[Item, bool]] = []
    removed: set[int] = set()
    in_body = False
    number_line = False  # the line before was a footnote's number alone
    previous_break = True
    previous = ""
    text_after = [0] * len(items)  # text lines after each item on the page
    for index in range(len(items) - 2, -1, -1):
        text_after[index] = text_after[index + 1] + (items[index + 1][0] is not BREAK)
    for index, (item, indented) in enumerate(items):
        if item is BREAK:
            in_body = False
            previous_break = True
            out.append((item, indented))
            continue
        stripped = item
        match = _FOOTNOTE_BODY.match(stripped)
        # A footnote's number set on a line of its own over its text at the page foot ("1" / "Innspillet er utarbeidet
        # av …"): the text below is the footnote's first line whatever its indent. Higher up the page such a number
        # is a chapter's ("2" / "Bakgrunn").
        own_line = not match and _LONE_FOOTNOTE_NUMBER.match(stripped) is not None and index + 1 < len(items) \
            and text_after[index] < FOOTNOTE_FOOT_LINES and items[index + 1][0] is not BREAK \
            and _FOOTNOTE_TEXT_START.match(items[index + 1][0].lstrip()) is not None
        if own_line:
            match = _LONE_FOOTNOTE_NUMBER.match(stripped)
        number = int(match.group(1)) if match else 0
        # A footnote block at the page foot that the layout did not set apart: it cuts a sentence that goes
        # on on the next page ("… den kommunale organiseringen, der" / "5 Kartlegging av kostnader …").
        cuts_sentence = bool(previous) and not ends_sentence(previous) and not previous.endswith(":") \
            and text_after[index] < FOOTNOTE_FOOT_LINES
        # A new footnote: its number occurs as a marker, or it follows the one before on the next line.
        numbered_below = cuts_sentence and match is not None and any(
            (below := _FOOTNOTE_BODY.match(x or "")) and int(below.group(1)) == number + 1 for x, _ in items[index + 1:])
        # A number between two markers of the text, opening a block at the page foot: its own marker was not found
        # ("23 FoU-rapport, Norce, NKLM (2026): …" with markers 22 and 24, ks-2026-2), the notes run in sequence.
        in_sequence = previous_break and number - 1 in markers and number + 1 in markers \
            and text_after[index] < FOOTNOTE_FOOT_LINES
        if match and (previous_break or in_body or cuts_sentence and (number in markers or numbered_below)) \
                and (number in markers or numbered_below or in_sequence or (in_body and number == max(removed) + 1)):
            in_body = True
            removed.add(int(match.group(1)))
            if bodies is not None:
                bodies.append([])
            number_line = own_line
        elif in_body and indented and not number_line:
            in_body = False
        else:
            number_line = False
        if in_body:
            # Several footnotes can share one extracted line: "… bioingeniører. 2 Direktoratet for …".
            for embedded in _EMBEDDED_FOOTNOTE.finditer(stripped):
                number = int(embedded.group(1))
                if number in markers and number == max(removed) + 1:
                    removed.add(number)
        previous_break = False
        previous = stripped
        if not in_body:
            out.append((item, indented))
        elif bodies is not None:
            bodies[-1].append(stripped)
    return out, removed


#: A marker whose footnote text was not found: "veiskille.2 Et", "prosedyrer.13 Noen", "helsevesenet senere3. Det",
#: "Menn i helse,43 Inn i jobb", "«Bjørg»7 beskrives".
#: Every alternative starts at a digit: the leading (?=\d) rejects any other position before the five look-behinds
#: are tried there (same matches, ~20x faster; it was two fifths of clean_pages' time).
#: Each alternative starts at a digit, which the pattern reads first so that re skips to the next digit in C; what must
#: stand before it is a look-behind over those characters and the digit. The same matches as
#: (?<=[^\W\d_]{3}[.;:»”)])(\d{1,2})(?= [A-ZÆØÅ«])|(?<=[^\W\d_]{3},)(\d{1,2})(?= [A-ZÆØÅ])|(?<=[^\W\d_]{3}[»”)])(\d{1,2})(?= [^\W\d_])|
#: (?<=[^\W\d_]{3}\.)(\d{1,2}\.)(?= [A-ZÆØÅ«])|(?<=[^\W\d_]{3}\.)(\d{1,2})(?=\s*$) (tests/pipeline/test_clean.py).
_ORPHAN_AFTER_STOP = re.compile(r"\d(?:"
                                r"(?<=[^\W\d_]{3}[.;:»”)]\d)\d?(?= [A-ZÆØÅ«])|(?<=[^\W\d_]{3},\d)\d?(?= [A-ZÆØÅ])|"
                                r"(?<=[^\W\d_]{3}[»”)]\d)\d?(?= [^\W\d_])|"
                                r"(?<=[^\W\d_]{3}\.\d)\d?\.(?= [A-ZÆØÅ«])|(?<=[^\W\d_]{3}\.\d)\d?(?=\s*$))")
#: A number glued to a word: "senere3.", "bor1.", "teknologiinnføringen7.", "Helsereformutvalget14 i".
_ORPHAN_AFTER_WORD = re.compile(r"(?<![\w-])([A-ZÆØÅ]?[a-zæøå]{2,})(\d{1,2})(?=[\s.,;:)»”]|$)")
#: What every match of _ORPHAN_AFTER_WORD holds, a lower-case letter with a digit after it, looked for from the digits.
_LETTER_DIGIT = re.compile(r"\d(?<=[a-zæøå]\d)")
#: Abbreviations that take a number after their stop: "kap.2", "nr.3", "pkt.4".
_NUMBERED_ABBREVIATIONS = frozenset({"kap", "nr", "pkt", "jf", "side", "vol", "art", "ledd", "kl", "ca", "tlf", "s",
                                     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "des"})
#: Words written with a number of their own ("fase3", "type2", "covid19", "nivå1"): never a footnote.
_NUMBERED_WORDS = frozenset(
    "fase type nivå trinn steg modell versjon kategori gruppe sone klasse covid del punkt tabell figur kapittel "
    "vedlegg lis news windows office runde år".split()
)
#: A word this long with a number glued on is a footnote reference even where the word list does not
#: know the word (compounds: "teknologiinnføringen7", "samhandlingstilskuddet17").
_LONG_MARKED_WORD = 8


def _is_marked_word(word: str, number: str, stop_follows: bool) -> bool:
    """A word with a footnote number glued on: a long word (compounds, names of bodies: "Sykehusutvalget9"),
    or a known lower-case word of four letters or more ("senere3"), or of three before a stop ("bor1.").
    Never a word that takes a number of its own ("type2", "covid19") or a name with one ("Inven2", "News2")."""
    lower = word.lower()
    if lower in _NUMBERED_WORDS or is_known_word(word + number):
        return False
    if len(word) >= _LONG_MARKED_WORD:
        return True
    if not word.islower():
        return False  # "Inven2", "News2": short capitalised names carry their own numbers
    return is_known_word(word) and (len(word) >= 4 or stop_follows)


def strip_orphan_markers(text: str) -> str:
    """Remove footnote markers whose footnote text was not found: after a sentence stop before a capital
    ("veiskille.2 Et" -> "veiskille. Et"), after a comma or closing quote ("helse,43 Inn", "«Bjørg»7 beskrives")
    and glued to a word ("senere3." -> "senere.", "Helsereformutvalget14 i" -> "Helsereformutvalget i").
    Never touches LIS1, CO2 (capitals), 1.1, m2 or år4 (short words), type2 or covid19, or "kap.2"."""

    def after_stop(m: re.Match) -> str:
        word = re.findall(r"[^\W\d_]+", text[max(0, m.start() - 20) : m.start()])
        return m.group(0) if word and word[-1].lower() in _NUMBERED_ABBREVIATIONS else ""

    def after_word(m: re.Match) -> str:
        stop_follows = m.end() < len(text) and text[m.end()] in ".,;:"
        return m.group(1) if _is_marked_word(m.group(1), m.group(2), stop_follows) else m.group(0)

    if not _DIGIT.search(text):  # both patterns need a digit; most paragraphs have none
        return text
    text = _ORPHAN_AFTER_STOP.sub(after_stop, text)
    return _ORPHAN_AFTER_WORD.sub(after_word, text) if _LETTER_DIGIT.search(text) else text


def strip_footnote_markers(text: str, numbers: set[int]) -> str:
    """Remove glued markers whose footnote body exists; never touches LIS1, CO2 or 1.1."""
    if not numbers:
        return text

    def word(m: re.Match) -> str:
        return "" if int(m.group(1)) in numbers else m.group(0)

    def year(m: re.Match) -> str:
        return m.group(1) if int(m.group(2)) in numbers else m.group(0)

    text = _MARKER_AFTER_WORD.sub(word, text)  # lower-case before the digit: LIS1, CO2 stay
    text = _MARKER_AFTER_PUNCT.sub(word, text)
    return _MARKER_AFTER_YEAR.sub(year, text)


# --- paragraphs -------------------------------------------------------------------------------


def _fit_width(lines: Iterable[str]) -> float:
    lengths = sorted(len(x) for x in lines)
    if not lengths:
        return 0.0
    return lengths[int(0.9 * (len(lengths) - 1))]


def _breaks_before(previous: str, line: str, indented: bool, width: float, in_list: bool = False) -> bool:
    """Layout cues for a paragraph start inside a run of lines (in_list: the paragraph holds bullets)."""
    if is_bullet(line):
        # Bullets stay with their lead-in ("NITO mener:") and with each other.
        return not in_list and ends_sentence(previous) and not previous.endswith(":")
    if not ends_sentence(previous) and not is_title_like(previous, 8):
        return False
    if not _UPPER_START.match(line):
        return False
    if indented or NUMBERED_HEADING.match(line):
        return True
    if is_title_like(previous, 8) and not ends_sentence(previous):
        return False  # a heading line stays on top of its paragraph
    # The next word would have fitted on this line: the writer ended the paragraph here.
    first = line.split(" ", 1)[0]
    return bool(width) and len(previous) + 1 + len(first) < width * 0.9


def assemble_paragraphs(items: Sequence[tuple[Item, bool]], width: float, kept: bool = False) -> list[list[str]]:
    """Group lines into paragraphs (lists of normalised lines). kept: the extractor wrote the paragraphs and their
    lines as the writer typed them (a DOCX: one paragraph per Word paragraph, its lines split by soft line breaks),
    so no layout cue starts another paragraph."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    in_list = False
    for item, indented in items:
        if item is BREAK:
            if current:
                paragraphs.append(current)
                current = []
            in_list = False
            continue
        line = normalise_bullet(repair_letter_spacing(item))
        if not line or is_rule_line(line):
            continue
        if current and not kept and _breaks_before(current[-1], line, indented, width, in_list):
            paragraphs.append(current)
            current = []
            in_list = False
        in_list = in_list or is_bullet(line)
        current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def dedupe_urls(lines: Sequence[str]) -> list[str]:
    """Drop a URL line that repeats the line before it (seed footnotes print each URL twice)."""
    out: list[str] = []
    for line in lines:
        if out and _URL.match(line) and (line == out[-1] or out[-1].endswith(line)):
            continue
        out.append(line)
    return out


#: A heading named by a label and its number: "Hovedgrep 3: Etabler en samlet …", "Case 1: Når systemet …",
#: "Løsning 2: En tydelig ungdomsfaglig dreining …" (development corpus, 2026-12-06: set in the body's type, so the
#: extractor could not tell them by their look, and too long for a title line).
LABELLED_HEADING = re.compile(r"^([A-ZÆØÅ][a-zæøå]{2,20})\s+\d{1,2}\s*[:.–-]\s+[A-ZÆØÅ«\"]")
#: Labels of figures and tables: their numbered lines are captions ("Figur 2: Kulturforskjeller …"), never a section.
FIGURE_LABELS = ("figur", "tabell", "boks", "bilde", "diagram", "graf", "illustrasjon")
#: Labels that open no labelled heading: captions, notes and appendices (an appendix heads by its own rule).
CAPTION_LABELS = frozenset((*FIGURE_LABELS, "kilde", "note", "fotnote", "vedlegg", "side"))
#: How many words a labelled heading ("Hovedgrep 1: Prioriter …") may have, over its wrapped lines.
MAX_LABELLED_HEADING_WORDS = 24


def labelled_heading_lines(lines: Sequence[str]) -> int:
    """How many of the lines (1 or 2) a labelled, numbered heading on top takes: its wrapped rest starts in lower
    case ("… for helse- og" / "omsorgssektoren"), and the text under it starts anew; 0 when there is none."""
    match = LABELLED_HEADING.match(lines[0]) if lines else None
    if not match or match.group(1).lower() in CAPTION_LABELS:
        return 0
    used = 2 if len(lines) > 2 and _LOWER_START.match(lines[1]) and not ends_sentence(lines[1]) else 1
    heading = " ".join(lines[:used])
    if len(heading.split()) > MAX_LABELLED_HEADING_WORDS or ends_sentence(heading) or heading.endswith(":"):
        return 0
    below = lines[used] if len(lines) > used else ""
    return used if below and (_UPPER_START.match(below) or is_bullet(below)) else 0


def paragraph_text(lines: Sequence[str], width: float = 0.0) -> str:
    """Wrapped lines -> running text; bullets start a new line; a title line on top stays on its own line."""
    lines = dedupe_urls(lines)
    heading = labelled_heading_lines(lines)
    if heading:  # "Hovedgrep 4: Åpne opp …" as long as a wrapped line: on its own line, joined with its rest
        lines = [join_lines(lines[0], lines[1]) if heading == 2 else lines[0], *lines[heading:]]
    parts: list[str] = []
    for index, line in enumerate(lines):
        if not parts:
            parts.append(line)
        elif is_bullet(line) or (index == 1 and (heading or _is_title_line(parts[0], line, width))):
            parts.append(line)
        else:
            parts[-1] = join_lines(parts[-1], line)
    return "\n".join(parts)


def _is_title_line(line: str, following: str, width: float) -> bool:
    """A heading candidate on top of a paragraph: title-like, clearly shorter than a wrapped line,
    followed by a line that starts a sentence."""
    if not (_UPPER_START.match(following) or is_bullet(following)):
        return False
    if NUMBERED_HEADING.match(line) and is_title_like(line, 16):
        return True
    last_word = line.rsplit(" ", 1)[-1].lower()
    # A wrapped line tends to stop on a function word ("… kommunal og"); a title does not.
    return is_title_like(line) and last_word not in stopwords() and (not width or len(line) < 0.9 * width)


def is_letterhead(paragraph: str) -> bool:
    """A box of contact details (telefon, e-post, org.nr, postboks, web address): two or more of them."""
    return len((_CONTACT if "@" in paragraph else _CONTACT_WITHOUT_MAIL).findall(paragraph)) >= 2


def attach_bullets(paragraphs: Sequence[str]) -> list[str]:
    """A bullet paragraph continues the list or lead-in before it (PDFs space list items apart)."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and is_bullet(paragraph) and (out[-1].endswith(":") or is_bullet(out[-1].rsplit("\n", 1)[-1])):
            out[-1] = f"{out[-1]}\n{paragraph}"
        else:
            out.append(paragraph)
    return out


def rejoin_split_sentences(paragraphs: Sequence[str]) -> list[str]:
    """Merge a paragraph that ends mid-sentence with the next one starting in lower case
    (text that ran across a removed footer, footnote block or page break)."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and _LOWER_START.match(paragraph) and not ends_sentence(out[-1]) and not is_title_like(out[-1]):
            head, _, rest = paragraph.partition("\n")
            out[-1] = join_lines(out[-1], head) + (f"\n{rest}" if rest else "")
        else:
            out.append(paragraph)
    return out


# --- composition ------------------------------------------------------------------------------


def clean_pages(pages: Sequence[str], kind: str, separate_notes: Sequence[str] = (),
                note_numbers: Collection[int] = ()) -> list[str]:
    """Clean extracted pages; per page the paragraphs separated by "\\n\\n" (see module docstring).

    separate_notes: footnote texts the extractor read apart from the pages (a DOCX's footnotes part); they
    are kept, marked as footnotes, after the last page's running text. note_numbers: footnote numbers the
    extractor knew by their type (a PDF's raised numbers at the page foot), taken as markers found."""
    if kind == "txt":
        joined = "\f".join(pages).replace("\r\n", "\n").replace("\r", "\n")
        raw_pages = [p for page in joined.split("\f") for p in split_txt_at_footers(page)]
        double = _is_double_spaced(joined.split("\n"))
        paged = [txt_items(p, double) for p in raw_pages]
    else:
        paged = [pdf_items(p.replace("\r\n", "\n")) for p in pages]
    flags = [[flag for _, flag in page] for page in paged]
    toc_lines: list[list[str]] = []
    blocks: set[str] = set()  # long page feet removed on most pages, found again where they wrap differently
    furniture_free = drop_page_furniture([[x for x, _ in page] for page in paged], toc_lines, blocks)
    # drop_page_furniture removes items; rebuild the indent flags alongside the surviving lines.
    paged = [_realign(page, kept, flag) for page, kept, flag in zip(paged, furniture_free, flags)]
    all_text = " ".join(x for page in paged for x, _ in page if x)
    markers = footnote_markers(all_text) | set(note_numbers)
    removed: set[int] = set()
    cleaned_items = []
    footnotes: list[list[str]] = []  # per page: the footnote texts, kept as footnote passages
    for page in paged:
        bodies: list[list[str]] = []
        kept, numbers = drop_footnote_bodies(page, markers, bodies)
        removed |= numbers
        cleaned_items.append(kept)
        footnotes.append([paragraph_text(lines) for lines in bodies if lines])
    width = _fit_width(x for page in cleaned_items for x, _ in page if x)
    out_pages: list[list[str]] = []
    page_letterheads: list[list[str]] = []
    for items in cleaned_items:
        if kind == "docx":  # lines a soft line break kept apart (extract.soft_break_lines) stay lines
            paragraphs = ["\n".join(p) for p in assemble_paragraphs(items, width, kept=True)]
        else:
            paragraphs = [paragraph_text(p, width) for p in assemble_paragraphs(items, width)]
        paragraphs = [strip_orphan_markers(strip_footnote_markers(p, removed)) for p in paragraphs]
        edge = set(range(3)) | set(range(len(paragraphs) - 3, len(paragraphs)))
        paragraphs = [p for i, p in enumerate(paragraphs) if not (i in edge and _repeat_key(" ".join(p.split())) in blocks)]
        edge = set(range(3)) | set(range(len(paragraphs) - 3, len(paragraphs)))
        page_letterheads.append([p for i, p in enumerate(paragraphs) if i in edge and is_letterhead(p)])
        paragraphs = [p for i, p in enumerate(paragraphs) if not (i in edge and is_letterhead(p))]
        paragraphs = attach_bullets(rejoin_split_sentences(paragraphs))
        out_pages.append([collapse_spaces(p).strip() for p in paragraphs if p.strip()])
    out_pages = drop_repeated_edge_paragraphs(out_pages)
    _rejoin_across_pages(out_pages)
    # Contact boxes and footnote texts are kept, marked, after the page's running text (a
    # letterhead box once per document: the same box in every page foot says nothing new).
    seen_boxes: set[str] = set()
    for paragraphs, entries in zip(out_pages, toc_lines):
        if entries:
            # The entries follow the table's title ("Innhold") where the page has one, else open the page.
            at = next((i + 1 for i, p in enumerate(paragraphs) if TOC_TITLE.match(p.split("\n", 1)[0])), 0)
            paragraphs.insert(at, mark_kind("toc", "\n".join(entries)))
    for paragraphs, boxes, notes in zip(out_pages, page_letterheads, footnotes):
        for box in boxes:
            box = collapse_spaces(box).strip()
            if box and box not in seen_boxes:
                seen_boxes.add(box)
                paragraphs.append(mark_kind("letterhead", box))
        paragraphs.extend(mark_kind("footnote", collapse_spaces(note).strip()) for note in notes)
    if out_pages:
        texts = (collapse_spaces(note.replace(_KIND_MARK, "")).strip() for note in separate_notes)
        out_pages[-1].extend(mark_kind("footnote", text) for text in texts if text)
    return ["\n\n".join(paragraphs) for paragraphs in out_pages]


def drop_repeated_edge_paragraphs(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Drop a short title-like paragraph that occurs more than once in the document at a page's top or
    bottom ("Politikk- og samfunnsavdelingen" in a letterhead and again in the page foot)."""
    counts = Counter(p for page in pages for p in page if is_title_like(p, 8))
    repeated = {p for p, n in counts.items() if n >= 2}
    out: list[list[str]] = []
    for page in pages:
        edge = set(range(2)) | set(range(len(page) - 2, len(page)))
        # A line right over a list is the list's lead-in, however often the document repeats it ("Konkrete forslag
        # til tiltak er" over the points of each chapter, health2b-2026): page furniture introduces no list.
        out.append([p for i, p in enumerate(page)
                    if not (i in edge and p in repeated and not (i + 1 < len(page) and is_bullet(page[i + 1])))])
    return out


def _realign(original: Sequence[tuple[Item, bool]], kept: Sequence[Item], flags: Sequence[bool]) -> list[tuple[Item, bool]]:
    """Pair the surviving items with their indent flags (items keep their order; some were removed)."""
    out: list[tuple[Item, bool]] = []
    j = 0
    for (item, _), flag in zip(original, flags):
        if j < len(kept) and item is kept[j]:
            out.append((item, flag))
            j += 1
    return out


def _rejoin_across_pages(pages: list[list[str]]) -> None:
    """A sentence cut by a page break continues on the next page: move the continuation back to the
    cut paragraph, looking past short leftovers of page furniture at the foot of the page."""
    for i in range(len(pages) - 1):
        if not pages[i] or not pages[i + 1] or not _LOWER_START.match(pages[i + 1][0]):
            continue
        target = None
        for j in range(len(pages[i]) - 1, max(-1, len(pages[i]) - 4), -1):
            candidate = pages[i][j]
            if is_title_like(candidate) or len(candidate.split()) < 8:
                continue  # "Politikk- og samfunnsavdelingen" under the text
            if not ends_sentence(candidate):
                target = j
            break
        if target is None:
            continue
        head, _, rest = pages[i + 1][0].partition("\n")
        pages[i][target] = join_lines(pages[i][target], head)
        if rest:
            pages[i + 1][0] = rest
        else:
            pages[i + 1].pop(0)
