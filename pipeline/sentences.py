"""Passages -> sentences and list items, each with the context a reader needs to quote it.

A unit is a sentence of running text, a list item (a bullet line, a numbered line, an inline
"(a) … (b) …" item) or a heading line. Each carries the section heading it sits under and, for
list items, the introductory line of its list ("Vi anbefaler:"), because "Behold
fastlegeordningen" means little without "NITO mener:" above it.

Why our own splitter: no maintained Norwegian sentence splitter runs offline without a model
download (NLTK's Punkt needs its data package), and none handles what PDF text does to
sentences here (NLP-NOTES, EXTRACTION-NOTES): headings glued to the first sentence
("1. Behovet for … forløp Tyrili tilbyr …"), sentences merged without a space ("behov.Det"),
footnote digits between sentences ("flere.1 I en nylig …"), inline lettered lists, and
abbreviations with full stops (f.eks., bl.a., jf., nr.).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .clean import NUMBERED_HEADING, is_bullet, is_title_like
from .segment import SUB_HEADING_JOIN

#: Abbreviations whose full stop does not end a sentence (lower-case, without the final stop).
ABBREVIATIONS = frozenset(
    {
        "f.eks", "eks", "bl.a", "jf", "jfr", "nr", "ca", "dvs", "mht", "evt", "osv", "etc", "pga", "inkl", "ift",
        "o.l", "m.fl", "m.m", "mv", "kr", "mill", "mrd", "st", "meld", "prop", "pkt", "kap", "s", "dr", "prof",
        "tlf", "vedr", "iht", "ifm", "henh", "ref", "nb", "ang", "bla", "vs", "fig", "tab", "sml", "mnd", "min",
        "t.o.m", "f.o.m", "m.a", "a.s", "innst", "lovf", "sak", "avd", "t.d", "høyst", "o", "a", "b", "c",
    }
)
#: Sentence end: . ! ? (with closing quote/bracket), an optional footnote digit glued or spaced
#: ("flere.1 I", "flere. 1 I"), then space and a capital, quote, or opening bracket.
_END = re.compile(r"([.!?][»”\"')\]]*)(?:\s?\d{1,2})?\s+(?=[«\"(]?[A-ZÆØÅ])")
#: Sentences merged without a space by the PDF text layer: "behov.Det", but not "f.eks.Det" (handled as abbreviation).
#: The pattern takes the end mark itself (split_sentences puts it back with the space): opening with it lets re skip to
#: the marks instead of trying the look-behind at every position of every line.
_GLUED_END = re.compile(r"[.!?](?<=[a-zæøå]{3}[.!?])(?=[A-ZÆØÅ][a-zæøå])")
#: Inline list markers: "(a) ", "b) ", "(iii) ", "1) " after a space or at the start.
_INLINE_ITEM = re.compile(r"(?:(?<=\s)|^)\(?(?:[a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\)\s+(?=\S)")
#: Numbered or lettered list lines: "1. Behold …", "2) …", "a) …".
_NUMBERED_ITEM = re.compile(r"^\(?(?:\d{1,2}|[a-hA-H])[.)]\s+(?=\S)")
_WORD = re.compile(r"[\wÆØÅæøå][\w\-ÆØÅæøå]*")
_ACRONYM = re.compile(r"^[A-ZÆØÅ0-9][A-ZÆØÅ0-9\-]+$")
#: Compiled once (re's cache lookup per call was a tenth of splitting): an initial ("a"), initials ("a.b"), and a list
#: number or letter alone ("1.", "(a").
_INITIAL = re.compile(r"[a-zæøå]")
_INITIALS = re.compile(r"(?:[a-zæøå]\.)+[a-zæøå]")
_LIST_NUMBER_ONLY = re.compile(r"\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zA-Z])")
#: Longest heading accepted when peeling a heading glued to the first sentence of a line.
MAX_GLUED_HEADING_WORDS = 12


@dataclass(frozen=True)
class Unit:
    """One sentence, list item or heading line of a passage."""

    passage_id: str
    index: int  # order within the passage, from 0
    text: str
    heading: str  # the section heading (or a sub-heading line in the passage) it sits under
    intro: str  # for list items: the list's introductory line; else ""
    is_item: bool
    is_heading: bool
    #: which sentence of its list item (0 for the first, and for units that are no item): only the first is under the
    #: list's intro, the others say what they say ("- Pasientbetaling. Legetjenester er i hovedsak gratis i Danmark …")
    item_sentence: int = 0


def _last_token(text: str) -> str:
    r"""The last whitespace-free run at the end of text (as r"(\S+)$" finds it: "$" also matches before a final
    newline), lower-cased, closing punctuation stripped; "" when text ends in other whitespace.

    Read from the end with str methods: the regex tried every position of the text before each full stop, which made
    splitting a long passage quadratic (a fifth of the demands stage's time)."""
    body = text[:-1] if text.endswith("\n") else text
    if not body or body[-1].isspace():
        return ""
    return body.rsplit(None, 1)[-1].lower().rstrip(".!?»”\"')]")


def _is_abbreviation(before: str) -> bool:
    """Whether the text before a full stop ends with an abbreviation ("f.eks", "bl.a", "nr") or an initial."""
    token = _last_token(before + ".")
    token = token.lstrip("(«\"")
    return token in ABBREVIATIONS or bool(_INITIAL.fullmatch(token)) or bool(_INITIALS.fullmatch(token))


def split_sentences(text: str) -> list[str]:
    """Sentences of one line of running text (abbreviations, footnote digits and glued ends handled)."""
    text = _GLUED_END.sub(r"\g<0> ", text.strip())
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start(1)]
        if match.group(1).startswith(".") and _is_abbreviation(text[: match.start(1)]):
            continue
        if not before.strip() or _LIST_NUMBER_ONLY.fullmatch(before.strip()):
            continue  # nothing yet, or only a list number ("1. Behold …")
        pieces.append(text[start : match.end(1)].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if _WORD.search(p)]


def split_inline_items(sentence: str) -> tuple[str, list[str]]:
    """An inline list "Vi ber om (a) X, (b) Y og (c) Z." -> ("Vi ber om", ["X", "Y", "Z"]).

    Needs at least two markers in sequence ("a)" then "b)", or "1)" then "2)"), so a lone
    "(se vedlegg 1)" or "c)" is not a list. Returns (sentence, []) when there is no list.
    """
    if ")" not in sentence:  # every marker ends with ")"; most sentences have none, and the regex is tried everywhere
        return sentence, []
    markers = list(_INLINE_ITEM.finditer(sentence))
    if len(markers) < 2:
        return sentence, []
    labels = [re.sub(r"[()\s]", "", m.group(0)) for m in markers]
    first = labels[0]
    if first not in {"a", "1", "i"} or labels[1] not in {"b", "2", "ii"}:
        return sentence, []
    intro = sentence[: markers[0].start()].strip()
    items = []
    for current, following in zip(markers, markers[1:] + [None]):
        end = following.start() if following is not None else len(sentence)
        item = sentence[current.end() : end].strip().rstrip(",;").strip()
        item = re.sub(r"\s+(?:og|samt|eller)$", "", item)
        if item:
            items.append(item)
    return intro, items


def peel_glued_heading(line: str) -> tuple[str, str]:
    """"1. Behovet for … forløp Tyrili tilbyr døgn- …" -> ("1. Behovet for … forløp", "Tyrili tilbyr …").

    Only for lines that start like a numbered heading ("1.", "2.3", "Kapittel 4"): the heading ends
    before the first capitalised word (not an acronym) after a run of lower-case words, if that comes
    within MAX_GLUED_HEADING_WORDS words and before any sentence end. Returns ("", line) otherwise.
    """
    match = NUMBERED_HEADING.match(line)
    if not match:
        return "", line
    words = line.split(" ")
    number_words = 2 if line.lower().startswith(("kapittel", "kap.")) else 1
    for position in range(number_words + 1, min(len(words), number_words + MAX_GLUED_HEADING_WORDS + 1)):
        previous, word = words[position - 1], words[position]
        if previous.endswith((".", "!", "?", ":", ";")):
            return "", line  # a sentence ended first: it is no glued heading
        if re.match(r"[A-ZÆØÅ][a-zæøå]", word) and not _ACRONYM.match(word) and re.match(r"[a-zæøå\-]", previous):
            return " ".join(words[:position]), " ".join(words[position:])
    return "", line


def _is_intro(text: str) -> bool:
    return text.rstrip().endswith(":")


def passage_units(passage_id: str, text: str, heading: str) -> list[Unit]:
    """The units of one passage in order, each with its heading and list intro."""
    units: list[Unit] = []
    current_heading = heading
    intro = ""  # the intro line of the list being read
    list_intro = ""  # the intro line above the list, where a sub-list's label has taken intro's place
    in_list = False
    lines = [line.strip() for line in str(text).split("\n") if line.strip()]

    def add(unit_text: str, *, item: bool = False, is_heading: bool = False, context: str = "",
            item_sentence: int = 0) -> None:
        unit_text = unit_text.strip()
        if unit_text and _WORD.search(unit_text):
            units.append(Unit(passage_id, len(units), unit_text, current_heading, context, item, is_heading, item_sentence))

    for number, line in enumerate(lines):
        has_next = number + 1 < len(lines)
        bullet = is_bullet(line)
        numbered = bool(_NUMBERED_ITEM.match(line)) and not bullet
        if bullet or (numbered and (in_list or intro)):
            if not in_list:
                list_intro = intro
            item = line[2:] if bullet else _NUMBERED_ITEM.sub("", line, count=1)
            item_sentences = split_sentences(item) or [item]
            for position, sentence in enumerate(item_sentences):
                add(sentence, item=True, context=intro, item_sentence=position)
            if _is_intro(item_sentences[-1]):
                # an item that ends with a colon labels the items after it: "Forventede gevinster:" after the items
                # under "Konkrete tiltak:" (Norway Health Tech, development corpus, 2026-12-07); the list's own intro
                # goes before the label
                intro = f"{list_intro} {item_sentences[-1].strip()}".strip()
            in_list = True
            continue
        if in_list:
            in_list, intro = False, ""
        if has_next and is_title_like(line) and not numbered:
            if is_bullet(lines[number + 1]):
                add(line)  # "Regjeringen vil" above a list: the list's intro, not a heading
                intro = line
            else:
                add(line, is_heading=True)
                current_heading = line
            continue
        glued, line = peel_glued_heading(line)
        if glued:
            add(glued, is_heading=True)
            current_heading = glued
        sentences = split_sentences(line)
        for position, sentence in enumerate(sentences):
            lead, items = split_inline_items(sentence)
            if items:
                add(lead, context="")
                for item in items:
                    add(item, item=True, context=lead)
                continue
            add(sentence)
        intro = sentences[-1] if sentences and _is_intro(sentences[-1]) else ""
    return units


def new_headings(section: str, previous: str) -> list[str]:
    """The heading lines a section title adds to the one before it, in order: its chapter unless the section before
    was in it already, then its own heading ("2. Utvid optikers rettigheter …", then "Bakgrunn")."""
    *chapters, own = section.split(SUB_HEADING_JOIN)
    above = previous.split(SUB_HEADING_JOIN) if previous else []
    return [c for c in chapters if c not in above] + [own]


def document_units(passages: Iterable[tuple[str, str, str]]) -> list[Unit]:
    """Units of one document's passages (passage_id, text, section_title) in order.

    A section heading is emitted once, as a heading unit of the first passage under it, so
    demand-phrased headings ("Behold fastlegeordningen") are read like any other unit. Each heading is a unit as
    printed: a section named with its chapter ("5. Økonomiske virkemidler › Rammefinansiering må …") gives the
    chapter and the sub-heading as two units, the chapter once; the whole title is the units' heading.
    """
    out: list[Unit] = []
    last_section = None
    for passage_id, text, section in passages:
        section = str(section or "")
        units = passage_units(passage_id, text, section)
        if section and section != last_section:
            headings = new_headings(section, last_section or "")
            units = [Unit(passage_id, i, h, section, "", False, True) for i, h in enumerate(headings)] + [
                Unit(u.passage_id, u.index + len(headings), u.text, u.heading, u.intro, u.is_item, u.is_heading,
                     u.item_sentence)
                for u in units
            ]
        last_section = section
        out.extend(units)
    return out


def unit_texts(units: Sequence[Unit]) -> list[str]:
    """The texts of units (a convenience for tests and evaluation)."""
    return [u.text for u in units]
