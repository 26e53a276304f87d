"""Cleaned pages -> sections and passages with stable ids (schema "passages").

A passage is a paragraph from `clean`. Headings are found at the top of paragraphs: numbered
headings ("7.4.1 Nok personell …", "Kapittel 12 …") whose numbers are small and rise through
the document, short unnumbered title lines ("Praksisplasser"), and for DOCX the paragraphs the
extractor knew were headings. Very short paragraphs (a lead-in such as "NITO mener:") are merged
with the next one in the same section; very long ones are split at sentence ends.

Page numbers: a document that arrives as a single page (TXT without usable "Side N av M"
footers, DOCX) has no page numbers (<NA>); otherwise the page index + 1.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from . import schema
from .clean import NUMBERED_HEADING, ends_sentence, is_bullet, is_title_like

#: Paragraphs below this many words are merged with the next one in the same section.
MIN_PASSAGE_WORDS = 12
#: Paragraphs above this many words are split at sentence ends.
MAX_PASSAGE_WORDS = 220
#: The largest chapter number accepted for the first numbered heading ("20 TWh …" is no chapter).
MAX_FIRST_CHAPTER = 20
#: A numbered heading may skip at most this many chapters.
MAX_CHAPTER_STEP = 3
#: Chapter numbers above this are not headings (years, amounts).
MAX_CHAPTER = 40
MAX_HEADING_WORDS = 16
#: The self-description must start within this many characters of the passage start.
SELF_DESCRIPTION_WINDOW = 400

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
#: Sentence ends: after . ! ? (optionally closing quote/bracket) before a capital, digit, quote or bullet.
_SENTENCE_END = re.compile(r"(?<=[.!?])[»”\")]?\s+(?=[A-ZÆØÅ0-9«\"-])")
_SIGN_OFF = re.compile(r"^(?:med\s+)?(?:vennlig\s+|beste\s+)?hilsen\b|^mvh\b|^vennlig hilsen\b", re.IGNORECASE)
#: Letterhead fields: "Vår ref.:", "Deres ref.:", "Dato:", "Til:", "Fra:".
_LETTER_FIELD = re.compile(r"\b(?:vår|deres)\s+ref\b|^(?:dato|til|fra|kopi|saksbehandler)\s*:", re.IGNORECASE | re.MULTILINE)
_SIGNATURE_NOTE = re.compile(r"godkjent elektronisk|har derfor ingen signatur|^sign\.?$", re.IGNORECASE)
#: Standard self-descriptions: "NITO – … er Norges største organisasjon for …", "Tekna er fagforeningen for 116 000 …".
_SELF_DESCRIPTION = re.compile(
    r"\b(?:er|,)\s+(?:Norges\s+(?:største|ledende)|(?:en|den)\s+(?:største\s+)?(?:fagforening|organisasjon|paraplyorganisasjon|"
    r"interesseorganisasjon|arbeidstakerorganisasjon)|fagforeningen\s+for|en\s+paraplyorganisasjon)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Paragraph:
    section: str
    page: int | None
    text: str


def count_words(text: str) -> int:
    """Words (letter/digit runs, hyphenated and dotted forms as one) in text."""
    return len(_WORD.findall(text))


def heading_number(line: str) -> tuple[int, ...] | None:
    """(7, 4, 1) for "7.4.1 Nok personell", (12,) for "Kapittel 12 Digitalisering", else None."""
    match = NUMBERED_HEADING.match(line)
    if not match:
        return None
    raw = match.group(1) or match.group(2)
    return tuple(int(x) for x in raw.split("."))


class _HeadingTracker:
    """Accepts numbered headings only while their numbers stay small and rise monotonically."""

    def __init__(self) -> None:
        self.last: tuple[int, ...] | None = None

    def accept(self, number: tuple[int, ...], explicit: bool = False) -> bool:
        """explicit: the line says "Kapittel N", so a response may jump to the chapters it comments on."""
        if self.last is None:
            ok = 0 < number[0] <= MAX_FIRST_CHAPTER or explicit
        elif explicit or len(number) > 1:
            ok = number > self.last and number[0] <= MAX_CHAPTER
        else:
            # A bare number ("20 TWh i …") is a heading only close to the previous chapter.
            ok = number > self.last and number[0] <= self.last[0] + MAX_CHAPTER_STEP
        if ok:
            self.last = number
        return ok


def _is_numbered_heading(line: str) -> bool:
    return (
        heading_number(line) is not None
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line.rstrip().endswith(".")
        and not is_bullet(line)
    )


def _is_plain_heading(line: str, following: str) -> bool:
    """A short unnumbered title line ("Praksisplasser") followed by running text."""
    if not is_title_like(line, 10) or _SIGN_OFF.match(line) or _LETTER_FIELD.search(line):
        return False
    letters = sum(c.isalpha() for c in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False  # dates, reference numbers, addresses
    return count_words(following) >= 8 or ends_sentence(following)


def _paragraphs(pages: Sequence[str], headings: frozenset[str]) -> list[_Paragraph]:
    """Walk the paragraphs, peel heading lines off their tops and label each with its section."""
    single = len(pages) == 1
    tracker = _HeadingTracker()
    flat = [(None if single else index + 1, p) for index, page in enumerate(pages) for p in page.split("\n\n") if p.strip()]
    out: list[_Paragraph] = []
    section = ""
    signed_off = False
    for i, (page, paragraph) in enumerate(flat):
        lines = paragraph.split("\n")
        # Names and titles under "Med vennlig hilsen" look like title lines; they are not headings.
        signed_off = signed_off or bool(_SIGN_OFF.match(paragraph))
        while lines and not signed_off:
            first = lines[0].strip()
            following = "\n".join(lines[1:]) if len(lines) > 1 else (flat[i + 1][1] if i + 1 < len(flat) else "")
            if first in headings:
                is_heading = True
                number = heading_number(first)
                if number is not None:
                    tracker.accept(number)
            elif _is_numbered_heading(first):
                number = heading_number(first)
                explicit = first.lower().startswith(("kapittel", "kap."))
                is_heading = number is not None and tracker.accept(number, explicit)
            elif not headings:
                is_heading = _is_plain_heading(first, following)
            else:
                is_heading = False
            if not is_heading:
                break
            section = first
            lines = lines[1:]
        text = "\n".join(line.strip() for line in lines if line.strip())
        if text:
            out.append(_Paragraph(section, page, text))
    return out


def _merge_short(paragraphs: Sequence[_Paragraph]) -> list[_Paragraph]:
    """Merge paragraphs under MIN_PASSAGE_WORDS with the next paragraph of the same section."""
    out: list[_Paragraph] = []
    carry: _Paragraph | None = None
    for paragraph in paragraphs:
        if carry is not None:
            if carry.section == paragraph.section:
                glue = "\n" if carry.text.endswith(":") or is_bullet(paragraph.text) else " "
                paragraph = _Paragraph(carry.section, carry.page, carry.text + glue + paragraph.text)
            else:
                out.append(carry)
            carry = None
        if count_words(paragraph.text) < MIN_PASSAGE_WORDS:
            carry = paragraph
        else:
            out.append(paragraph)
    if carry is not None:
        signs_off = bool(_SIGN_OFF.match(carry.text))
        if out and out[-1].section == carry.section and count_words(out[-1].text) < MAX_PASSAGE_WORDS and not signs_off:
            out[-1] = _Paragraph(out[-1].section, out[-1].page, out[-1].text + "\n" + carry.text)
        else:
            out.append(carry)
    return out


def split_long(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    """Split text over max_words into near-equal chunks at sentence ends (bullet lines count as sentences)."""
    total = count_words(text)
    if total <= max_words:
        return [text]
    units: list[str] = []
    for index, line in enumerate(text.split("\n")):
        pieces = _SENTENCE_END.split(line)
        units.append(("\n" if index else "") + pieces[0])
        units.extend(" " + p for p in pieces[1:])
    n_chunks = -(-total // max_words)
    target = total / n_chunks
    chunks: list[str] = []
    current, words = "", 0
    for unit in units:
        unit_words = count_words(unit)
        if current and words + unit_words > target * 1.15 and len(chunks) < n_chunks - 1:
            chunks.append(current.strip())
            current, words = unit.lstrip(), unit_words
        else:
            current += unit
            words += unit_words
    if current.strip():
        chunks.append(current.strip())
    return chunks


def segment(pages: Sequence[str], doc_id: str, headings: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Passages of one document (schema "passages"; is_boilerplate False until mark_boilerplate)."""
    records = passage_records(pages, doc_id, headings)
    if not records:
        return schema.empty("passages")
    frame = pd.DataFrame.from_records(records, columns=list(schema.TABLES["passages"].columns))
    frame["page"] = pd.array(frame["page"].tolist(), dtype="Int64")
    return schema.conform(frame, "passages")


def passage_records(pages: Sequence[str], doc_id: str, headings: frozenset[str] = frozenset()) -> list[dict]:
    """The rows of segment() as plain dicts (the build makes Arrow tables of them without pandas)."""
    records = []
    for paragraph in _merge_short(_paragraphs(pages, frozenset(h.strip() for h in headings))):
        for chunk in split_long(paragraph.text):
            position = len(records)
            records.append(
                {
                    "passage_id": f"{doc_id}:{position:04d}",
                    "doc_id": doc_id,
                    "section_title": paragraph.section,
                    "page": paragraph.page,
                    "position": position,
                    "text": chunk,
                    "n_words": count_words(chunk),
                    "is_boilerplate": False,
                }
            )
    return records


def is_self_description(text: str, organisation: str) -> bool:
    """'NITO – Norges … er Norges største organisasjon for …': the organisation presenting itself,
    near the start of the passage (a document title may come first)."""
    names = {organisation.lower(), organisation.split()[0].lower()} - {""} if organisation.strip() else set()
    if not names:
        return False
    head = text[:SELF_DESCRIPTION_WINDOW]
    for match in _SELF_DESCRIPTION.finditer(head):
        before = head[max(0, match.start() - 120) : match.start()].lower()
        if any(re.search(rf"\b{re.escape(name)}", before) for name in names):
            return True
    return False


def mark_boilerplate(passages: pd.DataFrame, organisation: str) -> pd.DataFrame:
    """Copy of passages with is_boilerplate set for sign-off blocks and the standard self-description."""
    out = passages.copy()
    out["is_boilerplate"] = pd.array(boilerplate_flags(out["doc_id"], out["text"], organisation), dtype="bool")
    return out


def boilerplate_flags(doc_ids: Sequence[str], texts: Sequence[str], organisation: str) -> list[bool]:
    """is_boilerplate of each passage (in document order) as mark_boilerplate sets it."""
    flags: list[bool] = []
    signed_off: set[str] = set()
    for doc_id, text in zip(doc_ids, texts):
        text = str(text)
        if _SIGN_OFF.match(text.lstrip()) or _SIGNATURE_NOTE.search(text):
            signed_off.add(doc_id)
            flags.append(True)
        elif doc_id in signed_off and count_words(text) < 30:
            flags.append(True)  # names and titles under the sign-off
        elif _LETTER_FIELD.search(text) and count_words(text) < 20:
            flags.append(True)  # "Vår ref.: … Dato: …" from the letterhead
        else:
            flags.append(is_self_description(text, organisation))
    return flags
