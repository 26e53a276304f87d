"""Cleaned pages -> sections and passages with stable ids and kinds (schema "passages").

A passage is a paragraph from `clean`. Headings are found at the top of paragraphs: numbered
headings ("7.4.1 Nok personell …", "Kapittel 12 …") whose numbers are small and rise through
the document, short unnumbered title lines ("Praksisplasser"), and for DOCX the paragraphs the
extractor knew were headings. Very short paragraphs (a lead-in such as "NITO mener:") are merged
with the next one in the same section; very long ones are split at sentence ends.

Every passage gets a kind (schema.KINDS): what `clean` marked (footnote texts, contact boxes),
DOCX table rows, a table of contents, reference lists and link lines, letterhead fields and
classification labels, sign-offs with the names under them; the rest is body. Paragraphs merge
only with paragraphs of the same kind. Section titles are never greetings, dates, addressees,
person names, link titles, quoted sentences or table-of-contents lines.

Page numbers: a document that arrives as a single page (TXT without usable "Side N av M"
footers, DOCX) has no page numbers (<NA>); otherwise the page index + 1.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import schema
from .clean import (
    FIGURE_LABELS,
    NUMBERED_HEADING,
    TOC_TITLE,
    ends_sentence,
    is_bullet,
    is_letterhead,
    is_title_like,
    join_lines,
    labelled_heading_lines,
    marked_kind,
    stopwords,
)
from .extract import TABLE_ROW_PREFIX, is_known_word

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
#: A heading ending on a colon is a heading only this short ("Våre anbefalinger:"); longer it is a lead-in.
MAX_LEAD_IN_TITLE_WORDS = 6
#: Where the extractor knew the document's headings by their type, an unstyled title line heads a section
#: only when it is this short ("Bioingeniører", "Systemsvikt og forbedringspotensial").
MAX_UNSTYLED_HEADING_WORDS = 6
#: The self-description must start within this many characters of the passage start.
SELF_DESCRIPTION_WINDOW = 400

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
#: Sentence ends: after . ! ? (optionally closing quote/bracket) before a capital, digit, quote or bullet.
_SENTENCE_END = re.compile(r"(?<=[.!?])[»”\")]?\s+(?=[A-ZÆØÅ0-9«\"-])")
_SIGN_OFF = re.compile(r"^(?:med\s+)?(?:vennlig\s+|beste\s+)?hilsen\b|^mvh\b|^vennlig hilsen\b", re.IGNORECASE)
#: "På vegne av Pårørendealliansen," / "På vegne av Nasjonalt forskningsnettverk … Anne Fasting, spesialist …":
#: a sign-off when no verb follows (a sentence may open so too: "På vegne av pasientene ber vi …").
_ON_BEHALF = re.compile(r"^på vegne av\b", re.IGNORECASE)
#: "For Pårørendealliansen," over the signer's name: "For" and a name, closed by a comma, alone.
_FOR_SIGN_OFF = re.compile(r"^For\s+[A-ZÆØÅ][^,\n.!?]{1,60},$")
#: Letterhead fields: "Vår ref.:", "Deres ref.:", "Dato:", "Til:", "Fra:".
#: Also a field whose value is left empty: a line that is only a label naming a number, a name, an address, an e-mail
#: or the sender ("Dokumentnr.:", "Navn på høringsinstans:", "E-post avsender:"), or "Kopi til" over the copies.
_LETTER_FIELD = re.compile(
    r"\b(?:vår|deres)\s+ref(?:\.|eranse)?(?!\w)|^(?:dato|til|fra|kopi)\s*:|\b(?:saksbehandler|arkivkode|mail|e-post)\s*:|"
    r"^(?:[\w-]+\s+){0,3}?[\w-]*(?:nr|nummer|navn|adresse|avsender|mottaker|e-?post)\.?(?:\s+[\w-]+){0,3}\s*:\s*$|"
    r"^kopi(?:\s+til)?\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def is_letter_field(text: str) -> bool:
    """Text holding a letter's field label: "Vår referanse", "Deres ref.", "Dato:", "Til:", "Saksbehandler:"."""
    return bool(_LETTER_FIELD.search(text))


#: "Følsomhet Intern (gul)", "Sensitivity: Internal", "Klassifisering: Åpen": a document classification label.
_CLASSIFICATION = re.compile(
    r"^(?:følsomhet|sensitivity|klassifisering|klassifikasjon|gradering)\b|\((?:gul|grønn|rød|hvit)\)\s*$", re.IGNORECASE
)
#: A table-of-contents entry: a title ending in a page number ("1.2 Bakgrunn 4", "Innledning ..... 3").
_TOC_ENTRY = re.compile(r"^\S.{1,120}?(?:\s|\.{2,}|…+)\d{1,3}$")
#: Reference-list sections.
_REFERENCE_TITLE = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:referanser|referanseliste|litteratur|litteraturliste|kilder|kildeliste|"
    r"kildehenvisninger|bibliografi|references|sources)"
    r"(?:\s*(?:/|og|and|&)\s*(?:vedlegg|kilder|litteratur|referanser|noter|sluttnoter))?\s*:?$", re.IGNORECASE
)
#: One reference: author-year ("Helsedirektoratet (2023).", "Smith, J., & Lee, K. (2019)"), doi, "Hentet fra".
#: Two patterns, a line being a reference when either is found: the marks that may stand anywhere, and the
#: author-year entries anchored at the line's start (matched once there). As one alternation the anchored branches
#: were tried at every position of every line, which made this the costliest test of the per-document stage.
#: _REFERENCE_MARK is \bdoi\b|\b10\.\d{4,9}/|\bhentet\s+(?:fra|frå|den)\b|\bretrieved\s+from\b|\bet\s+al\b (ignoring
#: case), written to open with the first character of its alternatives as a case-sensitive class, so that re skips to
#: the next such character in C; the word boundary before it follows as (?<!\w.), and each alternative's rest checks
#: that first character with a look-behind (same matches, tests/pipeline/test_segment.py).
_REFERENCE_MARK = re.compile(
    r"(?-i:[dDhHrReE1])(?<!\w.)(?:(?<=d)oi\b|(?<=1)0\.\d{4,9}/|(?<=h)entet\s+(?:fra|frå|den)\b|(?<=r)etrieved\s+from\b|"
    r"(?<=e)t\s+al\b)",
    re.IGNORECASE,
)
_REFERENCE_ENTRY = re.compile(
    r"[^\W\d_][\w'’-]+,\s(?:[A-ZÆØÅ]\.\s?)+.{0,400}?\((?:19|20)\d\d[a-z]?\)|"
    r"[A-ZÆØÅ][\w&.,'’ -]{1,120}\((?:19|20)\d\d[a-z]?\)[.:,]|"
    r".{2,120}?[.,]\s\((?:(?:19|20)\d\d[a-z]?(?:,[^)]{1,25})?|u\.\s?å\.|n\.d\.)\)[.,]",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|\bwww\.\S+")
#: A web address or a doi anywhere in a line ("se www.norwayhealthtech.com", "doi:10.1016/…").
#: Every alternative starts with h, w, d or 1: the leading (?=[hwd1]) rejects any other position before the word
#: boundaries and alternatives are tried there (same matches; it was the costliest pattern of segment).
_LINK = re.compile(r"(?=[hwd1])(?:https?://|\bwww\.|\bdoi:\s*10\.|\b10\.\d{4,9}/)\S+", re.IGNORECASE)
#: A sentence end, or the space between a sentence and a web address after it ("… barn og unge. https://…").
_SENTENCE_OR_LINK = re.compile(_SENTENCE_END.pattern + r"|(?<=[.!?])\s+(?=https?://|www\.)")
#: Greetings and addressees: "Hei", "Hei!", "Kjære utvalg", "Til Helsereformutvalget".
_GREETING = re.compile(r"^(?:hei|hallo|kjære|god dag)\b|^til\b(?=(?:\s+\S+){0,4}\s*$)", re.IGNORECASE)
_MONTHS = r"(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des)"
#: A month and year: "Oslo, mars 2026", "Oslo desember 2025".
_MONTH_YEAR = re.compile(r"\b(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember),?\s+"
                         r"(?:19|20)\d\d\b", re.IGNORECASE)
#: A host name without a scheme: "regjeringen.no", "sluttrapport.pdf" is no host but a file, caught as well.
_DOMAIN = re.compile(r"\b[\w-]+\.(?:no|com|org|net|eu|se|dk|pdf|docx)\b", re.IGNORECASE)
#: A web page's title as a link shows it: "Innføringsklare løsninger - Hjem".
_PAGE_TITLE = re.compile(r"\s[-–|]\s(?:hjem|forside|home)$", re.IGNORECASE)
#: The title of a linked web page as a link shows it, on a line of its own: a site's name after a bar ("Forebygging
#: reduserer ikke trykket på helsetjenestene | DN", "… in detail | Interoperable Europe Portal": up to four capitalised
#: words, or a host name) or a home page's name after a dash ("Løsninger under utvikling og utprøving - Hjem"). A table
#: row starts with its bar (TABLE_ROW_PREFIX) and is never tested here.
_LINK_TITLE = re.compile(r"^[^|]{3,200}?\s\|\s(?:[A-ZÆØÅ][\w.&’'-]*(?:\s[A-ZÆØÅ][\w.&’'-]*){0,3}|[\w-]+\.(?:no|com|org|net|eu|int))$|"
                         r"\s[-–|]\s(?:Hjem|Forside|Home)$")
#: A line that is only a linked file's name, after a footnote's number if any: ks-2026-2's footnote
#: "14 26-04-08-kriterier-til-helsereformutvalget.pdf" (its link's text).
_BARE_ADDRESS = re.compile(r"(?:\d{1,3}\s+)?[\w.-]+\.(?:pdf|docx?|xlsx?|pptx?|html?)", re.IGNORECASE)
#: A home page's title run together with the text after it ("Innføringsklare løsninger - Hjem 5. Felles journalløft"):
#: the line is cut after the title.
_PAGE_TITLE_THEN_TEXT = re.compile(r"\s[-–|]\s(?:Hjem|Forside|Home)(?=\s+\S)")
#: A source list numbered in brackets and run into one line: "(2) Styrings- og finansieringsmodeller … Den Norske
#: Legeforening 2019 (3) Suksessfaktorer for digitalisering i helsesektoren. Den Norske Legeforening 2025 (4) …".
_SOURCE_NUMBER = re.compile(r"(?:^|\s)\((\d{1,2})\)\s")
#: An entry of such a list ends on its publisher and year ("… Den Norske Legeforening 2019"); a point of a numbered
#: list does not ("(1) innen 2025").
_SOURCE_END = re.compile(r"\b[A-ZÆØÅ][\w.&’'-]*,?\s(?:19|20)\d\d[a-z]?\.?$")
#: A date line: "2. juli 2026", "Oslo, 12. mars 2026", "10.10.2025", "Dato: 15.01.2025".
_DATE = re.compile(rf"\b\d{{1,2}}\.\s*{_MONTHS}\.?\s+(?:19|20)\d\d\b|\b\d{{1,2}}\.\d{{1,2}}\.(?:19|20)?\d\d\b|"
                   r"\b\d{1,2}\.\d{1,2}\.?\s(?:19|20)\d\d\b", re.IGNORECASE)  # also "20.11 2025"
#: "Torbjørn Aamodt, Sensio", "Kari Nordmann (leder)": two or three capitalised names, then a comma or a bracket.
_PERSON = re.compile(r"^[A-ZÆØÅ][a-zæøåéü]+(?:[ -][A-ZÆØÅ]\.?[a-zæøåéü]*){1,3}\s*(?:,|\(|$)")
#: An appendix after the sign-off: its headings and text are the document's own again.
_APPENDIX = re.compile(r"^(?:vedlegg|bilag|appendiks|appendix)\b", re.IGNORECASE)
_SIGNATURE_NOTE = re.compile(r"godkjent elektronisk|elektronisk godkjent|har derfor ingen signatur|^sign\.?$", re.IGNORECASE)
#: Standard self-descriptions: "NITO – … er Norges største organisasjon for …", "Tekna er fagforeningen for 116 000 …".
_SELF_DESCRIPTION = re.compile(
    r"\b(?:er|,)\s+(?:Norges\s+(?:største|ledende)|(?:en|den)\s+(?:største\s+)?(?:fagforening|organisasjon|paraplyorganisasjon|"
    r"interesseorganisasjon|arbeidstakerorganisasjon)|fagforeningen\s+for|en\s+paraplyorganisasjon)",
    re.IGNORECASE,
)


#: Affiliation and signatory blocks without a sign-off ("Torbjørn Elvsåshagen, overlege og professor, Nevrologisk
#: avdeling, Oslo Universitetssykehus og Universitetet i Oslo"; "Ordfører, Stavanger Byrådsleder, Trondheim"), address
#: lines ("Postboks 1423 Vika 0115 Oslo") and partner lists in page footers ("Oslo kommune • Universitetet i Oslo •
#: Sør-Øst RHF • SINTEF …"): mostly capitalised names, no finite verb, and titles or institutions among the words.
#: They formed a topic of their own on the development corpus ("oslo · universitetet · sintef · rhf · postboks").
_AFFILIATION_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
#: Finite verbs and auxiliaries (nb and nn) frequent in running text: a paragraph holding one is a sentence.
_FINITE_VERBS = frozenset(
    "er var har hadde kan kunne må skal skulle vil ville bør burde blir ble vart vert gir ga gav får fikk ønsker "
    "ønskjer mener meiner ser står går kommer kjem tar gjør gjer bidrar trenger treng finnes fins gjelder viser "
    "handler betyr krever sikrer opplever erfarer foreslår anbefaler støtter takker håper legger bruker jobber "
    "arbeider representerer leveres sendes ligger skjer fører utgjør omfatter inneber ber".split()
)


def has_finite_verb(text: str) -> bool:
    """Whether text holds one of _FINITE_VERBS as a word: then it says something (a name, title or label does not)."""
    return any(t.lower() in _FINITE_VERBS for t in _AFFILIATION_TOKEN.findall(text))

#: Titles and roles of signatories, matched as word endings ("overlege", "seksjonsleder", "styreleiar").
_TITLE_ENDINGS = ("lege", "leder", "leiar", "direktør", "sjef", "rådgiver", "rådgjevar", "professor", "stipendiat",
                  "forsker", "ordfører", "rådmann", "sekretær", "president", "konsulent", "koordinator",
                  "sykepleier", "psykolog", "fysioterapeut", "ingeniør", "medlem")
#: Institutions and their parts, matched as word endings ("Nevrologisk avdeling", "Universitetet", "Helse Bergen HF").
_INSTITUTION_ENDINGS = ("avdeling", "avdelinga", "seksjon", "klinikk", "sykehus", "sjukehus", "universitetet",
                        "universitet", "institutt", "senter", "fakultet", "kommune", "hf", "rhf", "as", "postboks",
                        "divisjon", "enhet", "sintef")
#: Shares that make a paragraph a list of names: capitalised words, and title/institution words (at least one).
_AFFILIATION_CAPS = 0.4
_AFFILIATION_MARKER_EVERY = 12


#: A signatory: a name, a comma and the person's title ("Trond Diseth, avdelingsleder og professor, …").
_NAME_WITH_TITLE = re.compile(r"^[A-ZÆØÅ][a-zæøåéü]+(?:[ -][A-ZÆØÅ][a-zæøåéü.]*){1,3},\s*([^\W\d_]+)")


def affiliation_kind(text: str) -> str:
    """"signature" for names with titles or affiliations, "letterhead" for addresses and lists of institutions,
    "body" for anything else (any paragraph with a finite verb, or mostly lower-case words)."""
    # a verb, or figures ("Fastlege: 3 %"), or fewer than three tokens: body. The tokens are read only up to the first
    # verb, which running text has within its first words (reading all of them was most of this function's time).
    if "%" in text:
        return "body"
    tokens = []
    for match in _AFFILIATION_TOKEN.finditer(text):
        token = match.group()
        if token.lower().rstrip(".") in _FINITE_VERBS:
            return "body"
        tokens.append(token)
    if len(tokens) < 3:
        return "body"
    title = _NAME_WITH_TITLE.match(text)
    if title and title.group(1).lower().endswith(_TITLE_ENDINGS):
        return "signature"  # "Helene Helgeland, overlege, Avdeling for barn og unges psykiske helse på sykehus, …"
    if sum(t[0].isupper() for t in tokens) < _AFFILIATION_CAPS * len(tokens):
        return "body"
    lower = [t.lower().rstrip(".") for t in tokens]
    titles = sum(t.endswith(_TITLE_ENDINGS) for t in lower)
    institutions = sum(t.endswith(_INSTITUTION_ENDINGS) for t in lower)
    if titles + institutions < max(1, len(tokens) / _AFFILIATION_MARKER_EVERY):
        return "body"
    return "signature" if titles else "letterhead"


@dataclass(frozen=True)
class _Paragraph:
    section: str
    page: int | None
    text: str
    kind: str = "body"


@lru_cache(maxsize=4096)
def count_words(text: str) -> int:
    """Words (letter/digit runs, hyphenated and dotted forms as one) in text.

    Cached because segmenting one document counts the same paragraph some six times (headings, kinds, merging,
    splitting, the passage row); passage_records empties the cache per document, so it never carries texts over."""
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
    if not is_title_like(line, 10) or not is_section_title(line):
        return False
    letters = sum(c.isalpha() for c in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False  # dates, reference numbers, addresses
    if text_kind(following) != "body":
        return False  # an addressee over letter fields ("Helsereformutvalget" / "Vår saksbehandler: …")
    return count_words(following) >= 8 or ends_sentence(following)


#: Characters an unstyled title line never holds: figures, labels and table or figure debris
#: ("Tabell 2.1 …", "52 % av pasientene til lege", "M1: Kontrollert for kjønn", "Sivilstand *", "DHO ]").
_UNSTYLED_NOT = re.compile(r"[\d:*\[\]/|=%]")


def _is_unstyled_heading(line: str, following: str) -> bool:
    """In a document whose headings the extractor knew by their type, a title line it did not mark still
    heads a section when it is short, holds no figures or labels, is no name or affiliation and is not in
    capitals (a letterhead's "KOMMUNESEKTORENS ORGANISASJON"), and running text with a sentence end follows."""
    if count_words(line) > MAX_UNSTYLED_HEADING_WORDS or _UNSTYLED_NOT.search(line):
        return False
    letters = [c for c in line if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return False
    if affiliation_kind(line) != "body" or (_PERSON.match(line) and not _looks_like_topic(line)):
        return False
    return count_words(following) >= 8 and bool(re.search(r"[.!?][»”\")]?(?:\s|$)", following))


#: Words a lead-in sentence ends on before its colon or list, beyond the Snowball stopwords.
_LEAD_IN_ENDS = frozenset({"derfor", "må", "bør", "blant", "gjennom", "innen", "samt", "følgende", "eksempel", "bl.a."})
#: Stopwords a heading may end on: pronouns and verb particles ("… der likhet og bærekraft krever det",
#: "Utfordringsbildet slik FFO ser det", "3. Hvorfor omstilling stopper opp"); a lead-in cut at a line end
#: stops on a preposition, conjunction or auxiliary instead ("… må derfor", "… for å sikre at").
_HEADING_END_STOPWORDS = frozenset(
    "det dem oss seg meg deg dere dette disse selv sjøl henne ham han hun ho honom opp upp ut inn ned nå no "
    "alle ingen noen noe mange samme begge sin sitt sine mine min mitt våre vår vårt dykkar deira".split()
)
#: Labels of a letterhead or contact box set like headings ("Besøksadresse", "Telefon", "Organisasjonsnummer").
_CONTACT_LABEL = re.compile(
    r"^(?:telefon|tlf|mobil|sentralbord|e-?post|faks|telefaks|fakturaadresse|besøksadresse|postadresse|adresse|"
    r"org(?:anisasjons)?\.?\s?(?:nr|nummer)|organisasjonsnummer|bankkonto|kontonummer|bankgiro|nettside|"
    r"hjemmeside|web|internett)\b\.?:?$",
    re.IGNORECASE,
)


#: A caption's label and number: "Figur 2:", "Tabell 3.1", "Boks 4.10".
_CAPTION = re.compile(rf"^(?:{'|'.join(FIGURE_LABELS)})\s+\d{{1,2}}(?:\.\d{{1,2}})?\b", re.IGNORECASE)
#: Words that open a heading ending on its verb ("Hva pasientene trenger", "Slik vi ser det", "Når det haster"):
#: a question or a subordinate clause is a title; a plain statement cut after its verb is a lead-in.
_CLAUSE_OPENERS = frozenset("hva hvorfor hvordan hvem hvilke hvilken når slik der som om da dersom".split())
#: Subjects of a lead-in besides names: "Vi mener", "Eg meiner".
_LEAD_IN_PRONOUNS = frozenset("vi jeg eg me de dei".split())
#: A lead-in names its subject in at most this many words ("Norsk Tannpleierforening mener").
MAX_LEAD_IN_SUBJECT_WORDS = 4


def is_lead_in(line: str) -> bool:
    """A statement cut after its finite verb: a subject (a name or "vi") and the verb, whose object is the list
    or text below ("Psykologforeningen mener" over its points, "NTPF mener", "Vi anbefaler:"). Set in bold like
    a heading, it is the first line of the text it introduces, never a section title."""
    words = line.strip().rstrip(":").split()
    if not 2 <= len(words) <= MAX_LEAD_IN_SUBJECT_WORDS + 1 or words[-1].lower() not in _FINITE_VERBS:
        return False
    subject = words[:-1]
    if subject[0].lower() in _CLAUSE_OPENERS:
        return False
    return all(w[0].isupper() or w.lower() in _LEAD_IN_PRONOUNS for w in subject)


#: A word written like a name: a capital, then lower case ("Skyrud", "Sør-Øst" is two).
_NAME_WORD = re.compile(r"^[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?$")


def is_section_title(line: str) -> bool:
    """False for lines that look like headings but never name a section: a greeting or addressee
    ("Hei", "Til Helsereformutvalget"), a date ("2. juli 2026"), a person ("Torbjørn Aamodt, Sensio"),
    a link title ("Tackling Wasteful Spending on Health | OECD"), a quoted sentence, a web address,
    a table-of-contents title or entry, a sign-off, a letterhead field or a contact-box label."""
    line = line.strip()
    if not line or _GREETING.match(line) or _SIGN_OFF.match(line) or _LETTER_FIELD.search(line):
        return False
    if _DATE.search(line) or _URL.search(line) or " | " in line or _CLASSIFICATION.search(line):
        return False
    if _MONTH_YEAR.search(line) or _DOMAIN.search(line) or _PAGE_TITLE.search(line):
        return False  # "Oslo, mars 2026"; a web page's title "Fremtidens digitale Norge - regjeringen.no"
    if line.endswith(("–", "-", ",")) or line[0] == "(":
        return False  # cut before its last line ("… er på rett vei –"), or a bracketed note ("(ikke beregnet)")
    tokens = line.split()
    figures = sum(not any(c.isalpha() for c in t) and any(c.isdigit() or c in "%<>=" for c in t) for t in tokens)
    if figures * 3 >= len(tokens) and heading_number(line) is None:
        return False  # figures on a slide or in a table: "Fra 4,5 % til 3,2 %, ( p<0.001)"
    if line[0] in "«\"“”'‘[" or TOC_TITLE.match(line) or _TOC_ENTRY.match(line) and heading_number(line) is None:
        return False
    if _CONTACT_LABEL.match(line):
        return False
    if _CAPTION.match(line):
        return False  # a figure's or table's caption: "Figur 2: Kulturforskjeller i helsetjenesten …"
    words = line.split()
    if line.endswith(":") and len(words) > MAX_LEAD_IN_TITLE_WORDS:
        return False  # a list item or lead-in set in bold: "5. Organisering: Vurdere en mer omfattende endring …:"
    last = words[-1].lower()
    if line[-1] not in ")»\"”" and last not in _HEADING_END_STOPWORDS and (last in stopwords() or last in _LEAD_IN_ENDS):
        return False  # a lead-in cut at a line end: "En bærekraftig modell må derfor"
    if is_lead_in(line):
        return False  # "Psykologforeningen mener" over the points it introduces
    if _is_genitive_name(words[-1]):
        return False  # a line cut after a genitive: "SAFO er en paraplyorganisasjon for Norges" / "Handikapforbund …"
    if len(words) >= 4 and sum(len(w) <= 2 for w in words) > 0.6 * len(words):
        return False  # letter-spaced debris: "Sp a t t n t r"
    if is_reference_line(line):
        return False
    if len(words) >= 4 and all(_NAME_WORD.match(w) for w in words):
        return False  # names run together, every word capitalised: "Katrine Damgaard Skyrud Samera Qureshi Hege …"
    if _PERSON.match(line) and heading_number(line) is None and ("," in line or "(" in line or len(line.split()) <= 3) \
            and not _looks_like_topic(line) and not _opens_with_function_word(words):
        return False
    return True


#: A dash closing a heading line: "Pårørendes stemme må inn i styringen-", "Ulikhet i tilbud —".
_TRAILING_DASH = re.compile(r"\s*[-–—]$")
#: How many words a heading's lower-case continuation on the next line may have ("framtidig organisering …").
MAX_CONTINUATION_WORDS = 15
#: How many words a label heading ("Helseforetakene:", "Bruk av helsetjenester i Norge:") may have.
MAX_LABEL_HEADING_WORDS = 5


#: A lettered point or sub-heading: "a. Gjør …", "b) Prioriter …".
_LETTERED_POINT = re.compile(r"^[a-h][.)]\s+[A-ZÆØÅ]")


def _starts_lower(text: str) -> bool:
    """True when text goes on in lower case ("bevar og …", "- som fører til …"): it continues the line above."""
    text = text.lstrip()
    if text.startswith("- "):
        text = text[2:]
    if _LETTERED_POINT.match(text):
        return False  # "a. Gjør …": a lettered point starts anew
    return bool(text) and text[0].isalpha() and text[0].islower()


def heading_without_dash(line: str, following: str) -> str:
    """A heading with the dash it closes on removed ("Pårørendes stemme må inn i styringen-" -> "… styringen")
    when a new sentence follows; the line itself when the text below goes on in lower case (a title cut at
    a dash: "… er på rett vei –" / "bevar og forsterk …")."""
    if not _TRAILING_DASH.search(line) or _starts_lower(following):
        return line
    return _TRAILING_DASH.sub("", line)


def is_list_item_heading(line: str, following: str) -> bool:
    """A numbered line whose explanation goes on in lower case on a single line below is an item of a
    list, not a heading ("1. Fravær av nasjonale retningslinjer …" / "- som fører til stor variasjon …");
    a numbered heading over a bullet list has more than one bullet or starts its text anew."""
    if heading_number(line) is None or not _starts_lower(following):
        return False
    rest = [l for l in following.split("\n")[1:] if l.strip()]
    return not any(is_bullet(l.strip()) for l in rest)


def is_colon_sibling_heading(line: str, following: str, last: tuple[int, ...] | None) -> bool:
    """A numbered point ending on a colon over a bullet list heads a section when it is the next sibling of the
    numbered heading before it: "1. Et nasjonalt pilotprogram for simulering" was a heading, so "2. Etablere et
    nasjonalt kompetansenettverk … for å få på plass:" over its bullets is the second one, not text of the first.
    Points of a list whose first point was no heading stay text ("5. Organisering: Vurdere …:")."""
    line = line.strip()
    number = heading_number(line)
    if not line.endswith(":") or number is None or last is None or len(number) != len(last):
        return False
    if number != last[:-1] + (last[-1] + 1,) or count_words(line) > 2 * MAX_HEADING_WORDS:
        return False
    if line.count(":") > 1 or not is_bullet(following.lstrip()):
        return False  # "5. Organisering: Vurdere …:" labels its point; a heading's list follows it directly
    return is_section_title(line[:-1].rstrip())


def labelled_heading(lines: Sequence[str], next_paragraph: str = "") -> tuple[str, int] | None:
    """The labelled, numbered heading that opens a paragraph's lines (clean.labelled_heading_lines, the next
    paragraph's first line being the text under it when the paragraph has no more), joined with its wrapped rest, and
    how many lines it takes; None when the lines open with none or it names no section."""
    below = next_paragraph.strip().split("\n", 1)[0].strip()
    used = labelled_heading_lines([*(line.strip() for line in lines), *([below] if below else [])])
    if not used or used > len(lines):
        return None
    heading = join_lines(lines[0].strip(), lines[1].strip()) if used == 2 else lines[0].strip()
    return (heading, used) if is_section_title(heading) else None


def is_label_heading(line: str, following: str) -> bool:
    """A short label on its own line ending on a colon over running text ("Helseforetakene:" / "Helseforetakene
    er grunnleggende …") heads a section; a lead-in over a list ("NITO mener:" / "- …") or with a verb does not."""
    line = line.strip()
    if not line.endswith(":") or line.count(":") > 1 or count_words(line) > MAX_LABEL_HEADING_WORDS:
        return False
    label = line[:-1].strip()
    if not label or not label[0].isupper() or not is_section_title(label) or heading_number(label) is not None:
        return False
    if has_finite_verb(label):
        return False
    first = following.lstrip()
    if not first or is_bullet(first) or not first[0].isupper():
        return False
    return count_words(following) >= 8 and bool(re.search(r"[.!?][»”\")]?(?:\s|$)", following))


#: A date closing a heading line: "FFOs innspill til helsereformutvalget 20. april 2026".
_TRAILING_DATE = re.compile(rf"[\s,–-]+(?:{_DATE.pattern})\s*$", re.IGNORECASE)


def heading_without_date(line: str) -> str:
    """A heading with the date it closes on removed ("FFOs innspill til helsereformutvalget 20. april 2026"
    -> "FFOs innspill til helsereformutvalget"); the line itself when no date closes it or nothing
    but a place or a word would be left ("Oslo, 12. mars 2026" stays a date line)."""
    match = _TRAILING_DATE.search(line)
    if not match:
        return line
    head = line[: match.start()].strip(" ,–-")
    return head if len(head.split()) >= 3 else line


#: A letter's title naming its addressee first: "Til helsereformutvalget - KS sitt innspill til …".
_ADDRESSEE_LEAD = re.compile(r"^(til\s+\S+(?:\s+\S+){0,3}?)\s+[-–—:]\s+(?=\S)", re.IGNORECASE)
#: Words that make the words after "Til" a body written to in lower case ("helsereformutvalget"), not an idiom
#: ("Til slutt – …", "Til sammen – …").
_BODY_STEMS = ("utvalg", "departement", "direktorat", "kommisjon", "komit", "regjering", "storting", "tilsyn")


def heading_without_addressee(line: str) -> tuple[str, str]:
    """(addressee, title) of a title line that names its addressee before a dash or colon ("Til helsereformutvalget -
    KS sitt innspill til koordinering …" -> "Til helsereformutvalget", "KS sitt innspill til koordinering …"): the
    addressee names no section (issue #10). ("", line) when no addressee opens the line, when it is no body (an idiom:
    "Til slutt – noen betraktninger") or when fewer than three words would be left."""
    match = _ADDRESSEE_LEAD.match(line)
    if not match:
        return "", line
    addressee, title = match.group(1), line[match.end():].strip()
    named = addressee.split()[1:]
    if not any(w[0].isupper() or any(stem in w.lower() for stem in _BODY_STEMS) for w in named):
        return "", line
    return (addressee, title) if len(title.split()) >= 3 else ("", line)


def _is_genitive_name(word: str) -> bool:
    """'Norges', 'Helsedirektoratets', 'Regjeringens': a capitalised name in the genitive, which never ends a
    heading (the thing it owns follows). 'Sykehus', 'Status' and 'Kurs' are no genitives of a name."""
    word = word.strip(".,;:")
    stem = word[:-1]
    if len(word) < 5 or not word.endswith("s") or not word[0].isupper() or word.isupper():
        return False
    return (stem[-1] in "aeiouyæøå" or stem.endswith(("et", "en"))) and is_known_word(stem)


def _opens_with_function_word(words: Sequence[str]) -> bool:
    """A capitalised line that opens with a preposition or other stopword is a topic, not a name: "For Innbyggerne",
    "Om Verdighetsenteret". "Fra"/"Til" stay out: "Fra Ola Nordmann" is a sender line."""
    first = words[0].lower() if words else ""
    return first in stopwords() and first not in ("fra", "til")


#: Running text: a paragraph this long holding a sentence end.
_RUNNING_TEXT_WORDS = 25


def is_reference_entry_title(line: str, following: str) -> bool:
    """Under a reference-list heading ("Litteratur"), a line set like a heading that is numbered nowhere and stands
    over a paragraph of no running text (an author line, "Mer her: …", a link): the title of the list's next entry
    (folkehelseinstituttet-2026 lists debate articles, each title bold over its authors), not a section of its own.
    A numbered heading, an appendix, another reference-list heading or a heading over running text ends the list."""
    if heading_number(line) is not None or _REFERENCE_TITLE.match(line) or _APPENDIX.match(line):
        return False
    below = following.split("\n\n", 1)[0]
    return not (count_words(below) >= _RUNNING_TEXT_WORDS and re.search(r"[a-zæøå]{2}[.!?](?:\s|$)", below))


def _looks_like_topic(line: str) -> bool:
    """A short capitalised line that is a topic, not a name: it holds a lower-case word ("Digital samhandling")."""
    words = line.replace(",", " ").split()
    return any(w[:1].islower() for w in words)


def _reference_marked(line: str) -> bool:
    """_REFERENCE_ENTRY matches at the line's start or _REFERENCE_MARK somewhere in it. Every entry holds its year
    in brackets: a line without "(" (nine of ten) is not matched against the entry patterns."""
    return ("(" in line and _REFERENCE_ENTRY.match(line) is not None) or _REFERENCE_MARK.search(line) is not None


@lru_cache(maxsize=4096)
def is_reference_line(line: str) -> bool:
    """A line of a reference list: a bare web address, a doi, "Hentet fra …", an author-year entry.

    Cached because segmenting asks it of every line twice (the paragraph's kind, the split of link lines);
    passage_records empties the cache per document, as count_words'."""
    line = line.strip().lstrip("-•* ").strip()
    if not line:
        return False
    if _URL.fullmatch(line.rstrip(".,;)")) or _reference_marked(line):
        return True
    if _LINK_TITLE.search(line) or is_numbered_source_list(line) or _BARE_ADDRESS.fullmatch(line.rstrip(".,;)")):
        return True
    if "http" not in line and "www." not in line:  # _URL needs one of them: most lines hold no address
        return False
    # A link line: mostly address ("Les mer: https://…", "Kilde: www.ssb.no/…").
    address = sum(len(m.group()) for m in _URL.finditer(line))
    return address > 0 and (address >= 0.5 * len(line) or len(line.split()) <= 6)


def is_numbered_source_list(line: str) -> bool:
    """A line that opens with "(n)" and holds two or more entries numbered in a row, all but at most one of them
    ending on a publisher and year: sources the text cites by number (legeforeningen-2026-2's "(2) … Den Norske
    Legeforening 2019 (3) … 2025 (4) … 2021"). Points numbered "(1) … (2) …" in running text end otherwise."""
    if not line.startswith("(") or line.count("(") < 2:
        return False
    marks = list(_SOURCE_NUMBER.finditer(line))
    if len(marks) < 2 or marks[0].start() != 0:
        return False
    numbers = [int(m.group(1)) for m in marks]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return False
    ends = [m.start() for m in marks[1:]] + [len(line)]
    entries = [line[m.end():end].strip() for m, end in zip(marks, ends)]
    return sum(bool(_SOURCE_END.search(e)) for e in entries) >= max(2, len(entries) - 1)


def split_page_titles(line: str) -> list[str]:
    """A line cut after each home page's title that more text follows ("Innføringsklare løsninger - Hjem" |
    "5. Felles journalløft"), so that the title alone is a link line."""
    out, start = [], 0
    for match in _PAGE_TITLE_THEN_TEXT.finditer(line):
        out.append(line[start:match.end()])
        start = match.end() + 1
    return out + [line[start:].strip()] if out else [line]


#: An entry's year in a reference list: "(2024).", "(2024, 11. juni).", "(u.å.)."
_ENTRY_YEAR = re.compile(r"\((?:(?:19|20)\d\d[a-z]?(?:,[^)]{1,25})?|u\.\s?å\.|n\.d\.)\)\.")


def is_table_debris(text: str) -> bool:
    """A PDF table flattened into a paragraph: most tokens are numbers, marks or single letters
    ("Flere brukere får hjelp tidligere - x x - ? x", "-0,07*** -0,07*** -0,09***")."""
    tokens = text.split()
    if len(tokens) < 6:
        return False
    need, debris, kept = 0.5 * len(tokens), 0, 0
    # Running text settled without a Python loop: a token of letters only and two or more characters is never debris,
    # and there are at least as many of them as tokens of letters only less tokens of one character (C-level counts).
    # When those alone leave too few tokens for debris to reach half, the count below would say so too.
    if sum(map(str.isalpha, tokens)) - list(map(len, tokens)).count(1) > len(tokens) - need:
        return False
    # Counted until the answer is certain (running text is decided after half its tokens); t.isalpha() answers
    # "holds a letter" for most words without a generator.
    for t in tokens:
        if len(t.strip(".,;:()")) <= 1 or not (t.isalpha() or any(c.isalpha() for c in t)):
            debris += 1
            if debris >= need:
                return True
        else:
            kept += 1
            if kept > len(tokens) - need:  # too few tokens left for debris to reach half
                return False
    return debris >= need


#: An e-mail address.
_MAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: The parts of a letter's head and foot that are not running text: dates, reference and phone numbers,
#: e-mail addresses, and the labels of letter fields ("Vår ref.", "Saksbehandler", "Mobil:", "Kopi til").
_FURNITURE_PARTS = re.compile(
    rf"{_DATE.pattern}|\b\d{{1,2}}\.\s*{_MONTHS}\b|{_MAIL.pattern}|\+?\d[\d /.-]{{3,}}\d|\b\d+[a-z]?\b|"
    r"\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+\b|\b\w+(?:veien|vegen|vei|veg|gata|gate|gaten|plass|allé)\s+\d+\w?\b|"
    r"\b(?:vår|deres)\s+(?:ref(?:\.|eranse)?|dato)|\b(?:dato|referanse|ref\.|saksbehandler|saksnr\.?|arkivkode|notat|"
    r"kopi(?:\s+til)?|til|att\.?|telefon|telefonnr\.?|tlf\.?|mobil|mob\.?|e-?post|epost(?:adresse)?|kontaktperson|"
    r"medlemsnummer)\b:?",
    re.IGNORECASE,
)
#: What makes a short line furniture at all: a date, an e-mail address, a phone or reference number, a field label
#: (a bare small number does not: "Kapittel 3", "Figur 2").
_FURNITURE_SIGN = re.compile(
    rf"{_DATE.pattern}|\b\d{{1,2}}\.\s*{_MONTHS}\s+(?:19|20)\d\d\b|@[\w-]+\.|\+?\d\d[\d ]{{5,}}\d|\b\d+/\d+|"
    r"\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+\b|^(?:til|kopi til)\s|\b(?:vår|deres)\s+(?:ref|dato)|"
    r"\b(?:dato|referanse|saksbehandler|telefon(?:nr)?|tlf|mobil|e-?post(?:adresse)?)\b",
    re.IGNORECASE,
)
#: Lower-case words a date line keeps besides a place: "Oppdal, den 04.02.2026", "Oslo, tirsdag 7. april 2026".
#: "v/" (ved) of an addressee line ("Helsereformutvalget 26.03. 2026 v/Gunnar Bovim") is read as the word "v".
_FURNITURE_FILLERS = frozenset("og v den mandag tirsdag onsdag torsdag fredag lørdag søndag".split())
#: A letter-furniture line keeps at most this many words besides its dates, numbers and labels (a place, a name).
_FURNITURE_REST_WORDS = 4
#: Longer lines are never letter furniture.
_FURNITURE_MAX_WORDS = 16


def is_letter_furniture(text: str) -> bool:
    """A short paragraph of a letter's head or foot that is not running text: a date line ("22.01.2026",
    "Ål, 07.04.2026", "29. juni 2026"), a reference number ("100/23168"), an e-mail or phone line ("Mobil:
    90 15 38 90"), letter fields with their values ("Dato Referanse Notat 07.07.2026 26/13522-1 Saksbehandler
    Viktor Madsen, tlf. +47 91555581"), an addressee with a date ("Til Helsereformutvalget Trondheim 16.06.26").

    What is left after removing those parts is at most a few capitalised words (a place, a name), and
    no finite verb or sentence end: running text always keeps more."""
    words = count_words(text)
    if not words or words > _FURNITURE_MAX_WORDS or not _FURNITURE_SIGN.search(text):
        return False
    tokens = [t.lower() for t in _AFFILIATION_TOKEN.findall(text)]
    if any(t.rstrip(".") in _FINITE_VERBS for t in tokens) or re.search(r"[a-zæøå]{3}[.!?]\s*$", text):
        return False
    rest = _AFFILIATION_TOKEN.findall(_FURNITURE_PARTS.sub(" ", text))
    if len(rest) > _FURNITURE_REST_WORDS:
        return False
    if _MAIL.search(text):
        return True  # a contact line: a name with its title in lower case ("Siri Espe, interessepolitisk leder")
    return all(w[0].isupper() or w.lower() in _FURNITURE_FILLERS for w in rest)


#: A report's colophon: the labels of its publication fields ("Tittel:", "Forfattere:", "Oppdragsgiver:", "Grafisk
#: design omslag:", "Emneord (MeSH):", "Sitering:"), "Utgitt av …", an ISBN or ISSN (folkehelseinstituttet-2024).
_COLOPHON = re.compile(r"^(?:(?:tittel|forfattere?|redaktører?|oppdragsgiver|publikasjonstype|bestilling|grafisk design|"
                       r"omslag|foto|emneord|(?:anbefalt\s+)?sitering)\b[^:\n]{0,30}:|utgitt av\b)|\bIS[BS]N\b",
                       re.IGNORECASE)
#: A colophon's paragraph is short; a longer one that names an ISBN is text about a publication.
_COLOPHON_MAX_WORDS = 40


def text_kind(text: str) -> str:
    """Kind of a paragraph from its text alone: reference, table, letterhead, signature or body."""
    # A bare footnote number on its own line ("7") belongs to the reference below it.
    lines = [x for x in text.split("\n") if x.strip() and not x.strip().isdigit()]
    references = [is_reference_line(x) for x in lines]  # each line tested once
    if lines and sum(references) >= max(1, 0.6 * len(lines)):
        return "reference"
    # A reference list run together into one paragraph: it starts with an entry and holds more.
    if lines and references[0] and len(_ENTRY_YEAR.findall(text)) + len(_URL.findall(text)) >= 2:
        return "reference"
    if is_table_debris(text):
        return "table"
    words = count_words(text)
    if words < 20 and (_CLASSIFICATION.search(text) or _LETTER_FIELD.search(text) or is_letterhead(text)):
        return "letterhead"
    if is_letter_furniture(text):
        return "letterhead"
    if words < _COLOPHON_MAX_WORDS and _COLOPHON.search(text):
        return "letterhead"
    if _SIGN_OFF.match(text.lstrip()) or words < 30 and _SIGNATURE_NOTE.search(text):  # the cheap test first
        return "signature"
    if _FOR_SIGN_OFF.match(text.strip()):
        return "signature"
    if _ON_BEHALF.match(text.lstrip()) and words < 50 and not any(
            t.lower() in _FINITE_VERBS or t in ("vi", "jeg", "eg", "me") for t in _AFFILIATION_TOKEN.findall(text)):
        return "signature"
    return "body"


def sentences(line: str, ends: re.Pattern = _SENTENCE_OR_LINK) -> list[str]:
    """A line cut at sentence ends (by default also before a web address after a sentence), each piece
    as written: a closing quote or bracket stays with its sentence."""
    out, start = [], 0
    for match in ends.finditer(line):
        out.append(line[start : match.start()] + match.group().strip())
        start = match.end()
    return out + [line[start:]]


def _split_reference_lines(paragraph: str) -> list[tuple[str, str]]:
    """A paragraph's lines split into runs of body and of reference text: a link line under a
    sentence, and a sentence that carries a web address or doi ("… se www.norwayhealthtech.com.").

    A link sentence points elsewhere; its address would reach term counts and theme rules as
    words ("www", "norwayhealthtech"), so it becomes a reference passage: shown as written,
    never analysed. The other sentences of the line stay body, in their order, and so does a
    long run of text after the sentence's last address."""
    runs: list[tuple[str, str]] = []

    def add(kind: str, text: str, glue: str) -> None:
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + glue + text)
        else:
            runs.append((kind, text))

    for line in (piece for whole in paragraph.split("\n") for piece in split_page_titles(whole)):
        reference = is_reference_line(line)
        if reference or not _LINK.search(line):
            add("reference" if reference else "body", line, "\n")
            continue
        for index, sentence in enumerate(sentences(line)):
            glue = " " if index else "\n"
            links = list(_LINK.finditer(sentence))
            if not links:
                add("body", sentence, glue)
                continue
            # Running text after the last address is body again: a footnote run pdfium put inside a
            # sentence ("… 2024: https://www.helsedirektoratet.no/… avstanden mellom kunde og bruker …").
            end = links[-1].end()
            tail = sentence[end:].strip()
            if count_words(tail) >= MIN_PASSAGE_WORDS:
                add("reference", sentence[:end], glue)
                add("body", tail, "\n")
            else:
                add("reference", sentence, glue)
    return runs


def _peel_toc(lines: list[str], entries: set[str]) -> tuple[list[str], list[str]]:
    """Split a paragraph inside a table of contents into its table-of-contents lines (the title,
    entries ending in a page number) and the rest, which starts at the first other line or at a
    heading the table already listed. `entries` collects the entries' titles."""
    for index, line in enumerate(lines):
        line = line.strip()
        key = _toc_key(line)
        if TOC_TITLE.match(line):
            continue
        if not _TOC_ENTRY.match(line) or key in entries:
            return lines[:index], lines[index:]
        entries.add(key)
    return lines, []


def _toc_key(line: str) -> str:
    """'1.2 Bakgrunn ..... 4' and '1.2 Bakgrunn' -> '1.2 bakgrunn' (a TOC entry and its heading meet here)."""
    return re.sub(r"(?:\s|\.{2,}|…+)+\d{1,3}$", "", line.strip()).strip(" .…").lower()


def in_numbered_run(line: str, before: str, following: str) -> bool:
    """True when a numbered line sits in a run of numbered lines with no text between: the line above is the
    point before it or the line below the point after it ("3. Etabler en felles modell …" / "4. Åpne
    helsesektoren …" under "SINTEF foreslår fire hovedgrep:"). Such points are a list, not headings."""
    number = heading_number(line)
    if number is None or len(number) != 1:
        return False
    above = heading_number(before.strip())
    below = heading_number(following.split("\n", 1)[0].strip())
    return above == (number[0] - 1,) or below == (number[0] + 1,)


def _continues_title(line: str, next_paragraph: str) -> bool:
    """True when the next paragraph is the rest of a styled title wrapped onto its own lines: one short line,
    set as a heading too or without a sentence end, that starts in lower case ("Innspel til Helsereformutvalet
    vedrørande" / "framtidig organisering av spesialisthelseteneste tilbudet innan voksenpsykiatri …")."""
    rest = next_paragraph.strip()
    if "\n" in rest or not _starts_lower(rest) or is_bullet(rest) or count_words(rest) > MAX_CONTINUATION_WORDS:
        return False
    if _LETTERED_POINT.match(rest):
        return False  # "a. Gjør produktivitetsforbedring …" under "3. Anbefalinger …": the first sub-heading
        return False
    if ends_sentence(rest) or count_words(line) + count_words(rest) > MAX_HEADING_WORDS * 2:
        return False
    return True


#: Words a title cut at its line end stops on before the name that ends it ("LHLs innspill om rehabilitering til" /
#: "Helsereformutvalget"); a verb particle ending a title ("Nye måter å yte akuttmedisinske tjenester på") has running
#: text below, not another line set as a heading.
_TITLE_CUT_WORDS = frozenset("til om fra for av med ved mot vedrørende vedrørande".split())


def _continues_styled_title(line: str, next_paragraph: str, headings: frozenset[str]) -> bool:
    """True when a styled title stops on a preposition and the next paragraph is one short line set as a heading too,
    which ends it: "Innspill fra NSF Student til" / "Helsereformutvalget" is one title, not a title and an addressee
    (development corpus, 2026-12-06)."""
    rest = " ".join(next_paragraph.split())
    words = line.split()
    if "\n" in next_paragraph.strip() or rest not in headings or not words or words[-1].lower() not in _TITLE_CUT_WORDS:
        return False
    return count_words(rest) <= MAX_UNSTYLED_HEADING_WORDS and count_words(line) + count_words(rest) <= MAX_HEADING_WORDS * 2


#: Joins a chapter and a sub-heading in one section title: "3. Utfordringsbildet › Kapasitetsutfordringer …".
SUB_HEADING_JOIN = " › "


def opens_chapter(chapter: str, heading: str, empty: bool) -> bool:
    """True when `heading` is the first sub-heading of the numbered `chapter` right above it, with no text between
    ("3. Utfordringsbildet" over "Kapasitetsutfordringer …", "2 Metode" over "2.1 Materiale"): the section is named
    with both, or the chapter would vanish from the document's contents. A sibling ("2." after "1.") is no sub-heading."""
    above = heading_number(chapter) if empty and chapter else None
    if above is None:
        return False
    below = heading_number(heading)
    return below is None or (len(below) > len(above) and below[: len(above)] == above)


def _paragraphs(pages: Sequence[str], headings: frozenset[str]) -> list[_Paragraph]:
    """Walk the paragraphs, peel heading lines off their tops and label each with its section and kind."""
    single = len(pages) == 1
    tracker = _HeadingTracker()
    flat = [(None if single else index + 1, p) for index, page in enumerate(pages) for p in page.split("\n\n") if p.strip()]
    out: list[_Paragraph] = []
    section = ""
    section_heading, section_start = "", 0  # the heading line that opened the section, and where its text began
    chapter = ""  # the last numbered heading ("1. Vaksinasjon"), named before the sub-headings it repeats
    signed_off = False  # inside a sign-off block: short paragraphs are names and titles
    in_references = False  # under a "Referanser" heading
    toc_entries: set[str] | None = None  # inside a table of contents: the entries seen so far
    headings = frozenset(" ".join(h.split()) for h in headings)
    skip: set[int] = set()  # paragraphs joined to the heading above them
    tops = Counter(p.split("\n", 1)[0].strip() for _, p in flat)
    repeated = {line for line, count in tops.items() if count > 1}  # sub-headings every chapter has
    for i, (page, paragraph) in enumerate(flat):
        if i in skip:
            continue
        marked, paragraph = marked_kind(paragraph)
        if marked is not None:
            out.append(_Paragraph(section, page, paragraph, marked))
            continue
        if paragraph.startswith(TABLE_ROW_PREFIX):
            out.append(_Paragraph(section, page, paragraph, "table"))
            continue
        lines = paragraph.split("\n")
        if toc_entries is None and TOC_TITLE.match(lines[0].strip()):
            toc_entries = set()
        if toc_entries is not None:
            toc, lines = _peel_toc(lines, toc_entries)
            if toc:
                out.append(_Paragraph(section, page, "\n".join(toc), "toc"))
            if not lines:
                continue
            toc_entries = None  # the table of contents ends at the first line that is no entry
            paragraph = "\n".join(lines)
        if _SIGN_OFF.match(paragraph):
            signed_off = True
        rejected_heading = False  # the paragraph is one line the document set as a heading, not a section title
        before = flat[i - 1][1].rstrip().rsplit("\n", 1)[-1] if i > 0 else ""  # the line above the first
        while lines:
            first = lines[0].strip()
            following = "\n".join(lines[1:]) if len(lines) > 1 else (flat[i + 1][1] if i + 1 < len(flat) else "")
            dated, addressee = "", ""
            # Names and titles under "Med vennlig hilsen" look like title lines; only a heading the
            # document marked or numbered (an appendix) ends the sign-off block.
            if signed_off and not (_APPENDIX.match(first) or _REFERENCE_TITLE.match(first) or count_words(following) >= 30):
                is_heading = False
            elif _REFERENCE_TITLE.match(first):
                is_heading = True  # "Referanser:" heads the list below it, colon or not
            elif " ".join(first.split()) in headings:
                if len(lines) == 1 and i + 1 < len(flat) and (_continues_title(first, flat[i + 1][1])
                                                             or _continues_styled_title(first, flat[i + 1][1], headings)):
                    first = f"{first} {flat[i + 1][1].strip()}"  # "Innspel til … vedrørande" + "framtidig organisering …"
                    following = flat[i + 2][1] if i + 2 < len(flat) else ""
                    skip.add(i + 1)
                addressee, unaddressed = heading_without_addressee(first)
                titled = heading_without_dash(heading_without_date(unaddressed), following)
                list_item = is_list_item_heading(titled, following)
                # "Psykologforeningen mener" over its points: the first line of the list below. Over a sentence
                # ("Regjeringen vil" / "Regjeringen vil styrke …") it is a box's label, shown but not analysed.
                lead_in = is_lead_in(titled) and (is_bullet(following.lstrip()) or _starts_lower(following))
                is_heading = is_section_title(titled) and not list_item
                rejected_heading = not is_heading and not list_item and not lead_in and len(lines) == 1
                if is_heading and titled != first:
                    first, dated = titled, unaddressed[len(titled):].strip(" ,–—-")
                addressee = addressee if is_heading else ""
                number = heading_number(first)
                if is_heading and number is not None:
                    tracker.accept(number)
            elif not in_references and is_colon_sibling_heading(first, following, tracker.last):
                first = first.rstrip()[:-1].rstrip()  # "2. Etablere et nasjonalt kompetansenettverk … på plass:"
                is_heading = tracker.accept(heading_number(first))
            elif _is_numbered_heading(first) and not in_references:  # "2. Felles tjenestemodell …" in a source list
                number = heading_number(first)
                explicit = first.lower().startswith(("kapittel", "kap."))
                is_heading = (number is not None and is_section_title(first) and not is_list_item_heading(first, following)
                              and tracker.accept(number, explicit))
            elif not in_references and (labelled := labelled_heading(lines, flat[i + 1][1] if i + 1 < len(flat) else "")):
                first, used = labelled  # "Hovedgrep 3: Etabler … for helse- og" / "omsorgssektoren"
                lines = lines[used - 1:]  # the loop drops the heading's first line below
                is_heading = True
            elif is_label_heading(first, following):
                first, is_heading = first.strip()[:-1].strip(), True  # "Helseforetakene:" over running text
            else:
                # A short title line over running text. Where the layout already named the headings,
                # only a short one counts: the type of a heading the extractor could not tell apart
                # (a coloured line at body size, a DOCX paragraph set by hand) still makes a title line.
                is_heading = _is_plain_heading(first, following) and (not headings or _is_unstyled_heading(first, following))
            if is_heading and (_CONTACT_LABEL.match(following.split("\n", 1)[0].strip())
                               or in_numbered_run(first, before, following)):
                is_heading = False  # a letterhead's unit over "Postadresse:"; the last point of a list above
            if is_heading and in_references and is_reference_entry_title(first, following):
                is_heading = False  # the next entry of the list, set like a heading: it stays in the list
            if not is_heading:
                break
            if heading_number(first) is not None or _REFERENCE_TITLE.match(first):
                chapter = first if heading_number(first) is not None else ""
            # A sub-heading the document repeats ("Bakgrunn" in every chapter) is named with its numbered chapter.
            # A numbered chapter the document repeats (once in a summary, again over its text) is no sub-heading of
            # itself: "1. Om innholdet i modellen", never "1. Om innholdet i modellen › 1. Om innholdet i modellen".
            titled_section = f"{chapter}{SUB_HEADING_JOIN}{first}" if chapter and first in repeated and first != chapter \
                else first
            if opens_chapter(section_heading, first, empty=section_start == len(out)) and titled_section == first:
                titled_section = f"{section_heading}{SUB_HEADING_JOIN}{first}"  # keeps "3. Utfordringsbildet" in the contents
            if titled_section != section:
                section, section_heading, section_start = titled_section, first, len(out)
            if addressee:
                out.append(_Paragraph(section, page, addressee, "letterhead"))  # the addressee stays readable
            if dated:
                out.append(_Paragraph(section, page, dated, "letterhead"))  # the date stays readable
            in_references = bool(_REFERENCE_TITLE.match(first))
            signed_off = False
            before = first
            lines = lines[1:]
        text = "\n".join(line.strip() for line in lines if line.strip())
        if not text:
            continue
        if in_references:
            out.append(_Paragraph(section, page, text, "reference"))
            continue
        kind = text_kind(text)
        if kind == "body" and rejected_heading:
            kind = "heading"  # a line set as a heading that names no section ("Hei", a person): shown, not analysed
        if kind == "signature":
            signed_off = True
        elif signed_off and count_words(text) < 30 and kind == "body":
            kind = "signature"  # names and titles under the sign-off
        elif signed_off and kind == "body":
            signed_off = False  # running text after a sign-off: an appendix, analysed as body
        if kind == "body":
            kind = affiliation_kind(text)  # names and affiliations without a sign-off, addresses, partner lists
        if kind != "body":
            out.append(_Paragraph(section, page, text, kind))
            continue
        for run_kind, run in _split_reference_lines(text):
            out.append(_Paragraph(section, page, run, run_kind))
    return out


#: A body paragraph this short between two of the letter's furniture paragraphs is furniture too.
_NEIGHBOUR_MAX_WORDS = 8
_FURNITURE_KINDS = frozenset({"letterhead", "signature"})


def _settle_furniture(paragraphs: Sequence[_Paragraph]) -> list[_Paragraph]:
    """Short body passages that are a letter's furniture once short lines are merged: a date line, a name
    with a title spread over several lines ("Bergen, 18. juni 2026 Marta Ebbing Fagdirektør Forskings- og
    utviklingsavdelinga"), and a few words without a verb between furniture passages or at the
    document's edge beside one ("Helsereformutvalget" over "Vår saksbehandler: …", "Ann Kristin Evenstad,
    Sørreisa" in a list of signatories)."""
    out = list(paragraphs)
    for index, paragraph in enumerate(out):
        if paragraph.kind != "body" or count_words(paragraph.text) >= MIN_PASSAGE_WORDS * 2:
            continue
        kind = "letterhead" if is_letter_furniture(paragraph.text) else affiliation_kind(paragraph.text)
        if kind != "body":
            out[index] = _Paragraph(paragraph.section, paragraph.page, paragraph.text, kind)
    for index, paragraph in enumerate(out):
        text = paragraph.text
        # An addressee line is longer ("Til fagavdeling for bemannet og ubemannet luftfart - Wenche Olsen" between the
        # letter's fields and "Kopi til", luftfartstilsynet-2026); the verb test below still keeps "Til slutt vil vi …".
        longest = _FURNITURE_MAX_WORDS if text.startswith("Til ") else _NEIGHBOUR_MAX_WORDS
        if paragraph.kind != "body" or count_words(text) > longest or ends_sentence(text):
            continue
        if has_finite_verb(text):
            continue
        before = out[index - 1].kind if index > 0 else None
        after = out[index + 1].kind if index + 1 < len(out) else None
        sides = [k for k in (before, after) if k is not None]
        if sides and all(k in _FURNITURE_KINDS for k in sides):
            out[index] = _Paragraph(paragraph.section, paragraph.page, text, before or after)
        elif before in _FURNITURE_KINDS and is_head_addressee(out, index):
            out[index] = _Paragraph(paragraph.section, paragraph.page, text, "letterhead")
    for index, paragraph in enumerate(out):
        if paragraph.kind == "body" and is_signers_tail(out, index):
            out[index] = _Paragraph(paragraph.section, paragraph.page, paragraph.text, "signature")
    return out


#: An addressee's name alone in the letter's head is at most this many words ("Helsereformutvalget").
_ADDRESSEE_MAX_WORDS = 3


def is_head_addressee(paragraphs: Sequence[_Paragraph], index: int) -> bool:
    """A name of a few capitalised words alone, under the letter's fields and before any text of the letter: its
    addressee (fylkesordforer-radslederkollegiet-ks-2026's "Helsereformutvalget" under "Dato: 12.05.2026", below
    the logo's lines "KOMMUNESEKTORENS ORGANISASJON" / "The Norwegian Association of …", still body here)."""
    text = paragraphs[index].text.strip()
    words = text.split()
    if not words or len(words) > _ADDRESSEE_MAX_WORDS or "\n" in text or not all(w[:1].isupper() for w in words):
        return False
    return not ends_sentence(text) and not any(p.kind == "body" and is_running_text(p.text) for p in paragraphs[:index])


def is_running_text(text: str) -> bool:
    """Text that says something: a sentence end or a finite verb (a logo's line or a unit's name has neither)."""
    return ends_sentence(text) or has_finite_verb(text)


#: A line ending on a person's name: two to four capitalised name words ("… i Skien Anne Gunhild Waagsbø Kjellsen").
_ENDS_ON_NAME = re.compile(r"(?:^|\s)[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?"
                           r"(?:\s[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?){1,4}$")


def is_signers_tail(paragraphs: Sequence[_Paragraph], index: int) -> bool:
    """A body paragraph in the document's tail (nothing but furniture after it, furniture beside it) whose every line
    ends on a person's name, with no verb, bullet or sentence end: the signers (jon-hovda-2026's "Jon Hovda" over
    the e-mail's header, skien-kommune-2026's "Kommuneoverlegen i Skien Anne Gunhild Waagsbø Kjellsen" … under
    the date). A point of a list or a sentence ending on a name is not one."""
    text = paragraphs[index].text
    if count_words(text) > 2 * _FURNITURE_MAX_WORDS or ends_sentence(text):
        return False
    after = paragraphs[index + 1:]
    beside = [p.kind for p in paragraphs[max(0, index - 1):index]] + [p.kind for p in after[:1]]
    if not all(p.kind in _FURNITURE_KINDS for p in after) or not any(k in _FURNITURE_KINDS for k in beside):
        return False
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if any(is_bullet(line) or not _ENDS_ON_NAME.search(line) for line in lines):
        return False
    return not has_finite_verb(text)


#: Two or three signers' names side by side on one line ("Torbjørn Furulund Martin Langaas" over "Bransjedirektør
#: Fagdirektør"): capitalised words only, four to nine of them.
_NAMES_LINE = re.compile(r"^[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?(?:\s+(?:[A-ZÆØÅ]\.|[A-ZÆØÅ][a-zæøåéü]+"
                         r"(?:-[A-ZÆØÅ][a-zæøåéü]+)?)){3,8}$")


def _fold_signers_line(paragraphs: Sequence[_Paragraph]) -> list[_Paragraph]:
    """A line of signers' names set like a heading over the signature (NHO Geneo, development corpus) names no section:
    it goes back into the signature's text, and the signature into the section before it."""
    out = list(paragraphs)
    for index in range(1, len(out)):
        title, previous = out[index].section, out[index - 1].section
        if out[index].kind != "signature" or title == previous or not _NAMES_LINE.match(title):
            continue
        if any(w.lower() in stopwords() for w in title.split()):
            continue  # "Helse Sør-Øst Og Helse Nord" is no names line
        out[index] = _Paragraph(previous, out[index].page, f"{title}\n{out[index].text}", "signature")
        for later in range(index + 1, len(out)):
            if out[later].section != title:
                break
            out[later] = _Paragraph(previous, out[later].page, out[later].text, out[later].kind)
    # The same line rejected as a title (names run together name no section) stands as a heading line over the
    # signature: it goes into the signature's text too.
    folded: list[_Paragraph] = []
    for paragraph in out:
        above = folded[-1] if folded else None
        if paragraph.kind == "signature" and above is not None and above.kind == "heading" \
                and above.section == paragraph.section and _NAMES_LINE.match(above.text) \
                and not any(w.lower() in stopwords() for w in above.text.split()):
            folded[-1] = _Paragraph(paragraph.section, above.page, f"{above.text}\n{paragraph.text}", "signature")
            continue
        folded.append(paragraph)
    return folded


def _ends_in_list(text: str) -> bool:
    """Whether a paragraph's last line is a bullet item: the paragraph ends in a list."""
    return is_bullet(text.rsplit("\n", 1)[-1].strip())


def _list_ends_before(carry: _Paragraph, paragraph: _Paragraph) -> bool:
    """Whether a short paragraph ends in a list that the next paragraph does not go on with (it is no bullet item):
    the list is complete, and the next paragraph starts anew ("- Bedre samhandling" + "Lønner det seg for
    sykehuset?" is no bullet "- Bedre samhandling Lønner det seg for sykehuset?")."""
    return _ends_in_list(carry.text) and not is_bullet(paragraph.text.lstrip())


def _close_list(out: list[_Paragraph], carry: _Paragraph) -> None:
    """Put a short paragraph that ends in a complete list into out: after the passage before it when that one ends in
    a list or a lead-in (":") of the same section and kind (the list's tail, cut off by a page break or a blank
    line), else as a passage of its own."""
    last = out[-1] if out else None
    if last is not None and last.section == carry.section and last.kind == carry.kind \
            and (last.text.endswith(":") or _ends_in_list(last.text)) \
            and count_words(last.text) + count_words(carry.text) <= MAX_PASSAGE_WORDS:
        out[-1] = _Paragraph(last.section, last.page, last.text + "\n" + carry.text, last.kind)
    else:
        out.append(carry)


def _merge_short(paragraphs: Sequence[_Paragraph]) -> list[_Paragraph]:
    """Merge paragraphs under MIN_PASSAGE_WORDS with the next paragraph of the same section and kind, unless the short
    one ends in a list the next does not go on with (see _close_list); consecutive table rows, footnotes, references
    and table-of-contents lines become one passage each (one item per line) up to MAX_PASSAGE_WORDS."""
    out: list[_Paragraph] = []
    carry: _Paragraph | None = None
    for paragraph in paragraphs:
        if paragraph.kind in _LINE_KINDS:
            if carry is not None:
                out.append(carry)
                carry = None
            last = out[-1] if out else None
            if last is not None and last.kind == paragraph.kind and last.section == paragraph.section \
                    and count_words(last.text) + count_words(paragraph.text) <= MAX_PASSAGE_WORDS:
                out[-1] = _Paragraph(last.section, last.page, last.text + "\n" + paragraph.text, last.kind)
            else:
                out.append(paragraph)
            continue
        if carry is not None:
            if _list_ends_before(carry, paragraph):
                _close_list(out, carry)
            elif carry.section == paragraph.section and carry.kind == paragraph.kind:
                glue = "\n" if carry.text.endswith(":") or is_bullet(paragraph.text) or carry.kind != "body" \
                    or _stands_apart(carry.text, paragraph.text) else " "
                paragraph = _Paragraph(carry.section, carry.page, carry.text + glue + paragraph.text, carry.kind)
            else:
                out.append(carry)
            carry = None
        if count_words(paragraph.text) < MIN_PASSAGE_WORDS:
            carry = paragraph
        else:
            out.append(paragraph)
    if carry is not None:
        last = out[-1] if out else None
        if last is not None and last.section == carry.section and last.kind == carry.kind \
                and count_words(last.text) < MAX_PASSAGE_WORDS and not _SIGN_OFF.match(carry.text):
            out[-1] = _Paragraph(last.section, last.page, last.text + "\n" + carry.text, last.kind)
        else:
            out.append(carry)
    return out


def _stands_apart(short: str, following: str) -> bool:
    """A short paragraph without a stop that ends on a content word, before one that opens with a capital, is a
    statement of its own ("Hver kommune honorerer de fastlegene som velges til LSU" / "Kommunene finansierer …",
    a DOCX letter): joined by a space the two read as one run-on sentence. A paragraph cut on a preposition,
    conjunction or article ("… overføres til" / "Helsedirektoratet …") goes on in the next and is joined as one."""
    words = short.split()
    if not words or ends_sentence(short) or short.endswith((",", ";", "-", "–")):
        return False
    last = words[-1].lower().strip("»\"”)")
    return last not in stopwords() and following[:1].isupper()


#: Kinds whose paragraphs are lines of one list: kept one per line, merged into one passage.
_LINE_KINDS = frozenset({"table", "footnote", "reference", "toc"})


def split_long(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    """Split text over max_words into near-equal chunks at sentence ends (bullet lines count as sentences)."""
    total = count_words(text)
    if total <= max_words:
        return [text]
    units: list[str] = []
    for index, line in enumerate(text.split("\n")):
        pieces = sentences(line, _SENTENCE_END)
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
    """Passages of one document (schema "passages"; kinds from the layout and text, see mark_kinds for the rest)."""
    records = passage_records(pages, doc_id, headings)
    if not records:
        return schema.empty("passages")
    frame = pd.DataFrame.from_records(records, columns=list(schema.TABLES["passages"].columns))
    frame["page"] = pd.array(frame["page"].tolist(), dtype="Int64")
    return schema.conform(frame, "passages")


def passage_records(pages: Sequence[str], doc_id: str, headings: frozenset[str] = frozenset()) -> list[dict]:
    """The rows of segment() as plain dicts (the build makes Arrow tables of them without pandas)."""
    count_words.cache_clear()  # caches of this document's paragraphs and lines only
    is_reference_line.cache_clear()
    records = []
    paragraphs = _paragraphs(pages, frozenset(h.strip() for h in headings))
    paragraphs = _fold_signers_line(_settle_furniture(_merge_short(paragraphs)))
    for paragraph in paragraphs:
        for chunk in split_long(paragraph.text) if paragraph.kind == "body" else [paragraph.text]:
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
                    "kind": paragraph.kind,
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


def mark_kinds(passages: pd.DataFrame, organisation: str) -> pd.DataFrame:
    """Copy of passages with kind completed by passage_kinds (the organisation's self-description)."""
    out = passages.copy()
    out["kind"] = pd.array(passage_kinds(out["text"].tolist(), out["kind"].tolist(), organisation), dtype="string")
    return out


def passage_kinds(texts: Sequence[str], kinds: Sequence[str], organisation: str) -> list[str]:
    """The kind of each passage: segment's kind, with a body passage in which the organisation
    presents itself ("NITO … er Norges største organisasjon for …") counted as letterhead."""
    return [
        "letterhead" if kind == "body" and is_self_description(str(text), organisation) else str(kind)
        for text, kind in zip(texts, kinds)
    ]
