"""Metadata read from a document's own text: organisation, date, year, title and document type.

Each guess carries its evidence: the line it was read from and which rule found it (a "Dato:"
label, a place-and-date line, the letterhead, a "Fra:" line, the sign-off …), so an admin can
see why a value was suggested. The file name is only a fallback: publishers name files by the
month they published them ("2026-01-Innspill-…-NHO.pdf"), not by the date the letter was written.

The rules work on the extracted page text before cleaning, because running headers and footers
(which cleaning removes) often hold the date and the sender ("Innspill fra Legeforeningen 10.10.25").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from urllib.parse import unquote

from . import organisations as organisations_

#: Lines from the top of the first page that count as its head (letterhead, addressee, date, title).
HEAD_LINES = 30
#: Lines from the end of the document searched for a sign-off and signature block.
TAIL_LINES = 40
#: A line longer than this is body text, not a date line, title or letterhead.
MAX_SHORT_LINE = 90


@dataclass(frozen=True)
class Guess:
    """One guessed value, the rule that found it and the text it was read from."""

    value: str
    rule: str  # e.g. "dated_label", "place_date", "from_line", "sign_off", "letterhead", "file_name"
    quote: str  # the line (or file name) the value was read from
    also: tuple[tuple[str, str], ...] = ()  # (rule, quote) of other evidence that agrees, e.g. the file name

    def evidence(self) -> str:
        """A short human-readable line: rule and quote (and any agreeing evidence after it)."""
        return "; ".join(f"{RULE_TEXT.get(rule, rule)}: «{quote[:120]}»" for rule, quote in ((self.rule, self.quote), *self.also))


RULE_TEXT = {
    "dated_label": "dato oppgitt i dokumentet",
    "place_date": "sted og dato i dokumentet",
    "date_line": "dato øverst i dokumentet",
    "running_header": "dato i topp- eller bunntekst",
    "sign_off_date": "dato ved underskriften",
    "month_line": "måned og år i dokumentet",
    "from_date": "året fra datoen",
    "from_line": "avsender («Fra:»)",
    "title_from": "tittelen («… fra X»)",
    "possessive": "tittelen («Xs innspill»)",
    "sign_off": "hilsen og underskrift",
    "approved_by": "godkjent elektronisk i",
    "letterhead": "brevhodet",
    "stance": "navnet som mener/anbefaler i teksten",
    "sign_off_person": "signatur (en person uten organisasjon)",
    "on_behalf": "«på vegne av»",
    "written_by": "«innspillet er utarbeidet av»",
    "most_named": "organisasjonen teksten nevner oftest",
    "footer": "bunnteksten",
    "known_name": "kjent organisasjon nevnt øverst eller nederst",
    "first_title": "første tittellinje",
    "heading": "første overskrift",
    "doc_type_words": "ord i tittelen",
    "file_name": "filnavnet",
    "name_in_text": "samme navn i teksten",
    "known_name_file": "kjent organisasjon",
    "running_line": "topp- eller bunnteksten",
    "file_name_prefix": "filnavnets prefiks (publiseringsmåned, ikke datoen brevet ble skrevet)",
    "self_intro": "avsenderen presenterer seg i teksten",
    "recommended_by": "«Tilråding fra …»",
    "joint": "felles innspill (den første som er nevnt)",
    "authors": "første forfatters organisasjon",
    "municipal_office": "kommunal stilling i underskriften («Kommuneoverlegen i X»)",
    "closing_block": "avslutningen (navn nederst uten hilsen)",
    "logo": "logoen øverst («X logo»)",
    "group": "avsenderen presenterer seg som gruppe («Vi er en gruppe …»)",
    "report_words": "dokumentet kaller seg en rapport",
}

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "desember": 12, "des": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag)"
#: "10.10.2025", "20.11 2025", "26.03. 2026", "13.05..2026", "23-04-2026", "16.1.2026", "05.02.26".
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s?[.\-/]\s?(\d{1,2})(?:\.{1,2}\s?|\s|[\-/])((?:19|20)\d{2}|\d{2})(?![\d/])")
#: "12. mars 2026", "2 desember 2025", "18. des 2025", "30. mars, -26".
_TEXT_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+({_MONTH})\.?,?\s+((?:19|20)\d{{2}}|-\d{{2}})(?!\d)", re.IGNORECASE)
#: "Dato 190626" (ddmmyy) only right after a date label.
_COMPACT_DATE = re.compile(r"^(?:vår\s+)?dato:?\s*(\d{2})(\d{2})(\d{2})\b", re.IGNORECASE)
#: "mars 2026", "Oslo, april 2026": a month and a year without a day.
_MONTH_YEAR = re.compile(rf"(?<![\d.])\b({_MONTH})\.?\s+((?:19|20)\d{{2}})\b", re.IGNORECASE)
#: A label right before a date inside a line: "… Sendt: fredag 10. april 2026 08:21", "Dato: 9.10.2025".
_LABEL_BEFORE = re.compile(rf"\b(?:sendt|dato|date)\s*:?\s*(?:{_WEEKDAY}\s*,?\s*)?(?:den\s+)?$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^\s*(?:vår\s+dato|dato|date|datert|sendt)\b\s*:?", re.IGNORECASE)
#: Place-and-date lines: "Oslo, 12. mars 2026", "Oslo, den 28. november 2025", "Oslo, tirsdag 7. april 2026".
#: Two places of a joint letter are joined by a slash: "Bergen / Oslo 3. juli 2026".
_PLACE_PREFIX = re.compile(rf"^\s*(?:[A-ZÆØÅ][\w\-]+(?:\s[A-ZÆØÅ][\w\-]+)?(?:\s*/\s*[A-ZÆØÅ][\w\-]+)*\.?,?\s+)?(?:den\s+)?(?:{_WEEKDAY},?\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Line:
    text: str
    page: int  # 0-based
    index: int  # line number within the page (non-empty lines)


def _lines(pages: Sequence[str]) -> list[_Line]:
    out = []
    for page_no, page in enumerate(pages):
        index = 0
        for raw in page.splitlines():
            text = " ".join(raw.split())
            if text:
                out.append(_Line(text, page_no, index))
                index += 1
    return out


# --- dates -------------------------------------------------------------------------------------


def _valid(day: int, month: int, year: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    text = text.lstrip("-")
    return int(text) if len(text) == 4 else 2000 + int(text)


def dates_in(line: str) -> list[tuple[Date, int, int]]:
    """Dates written in a line (numeric, with a month name, or "Dato 190626"), with their character span."""
    found = []
    for match in _NUMERIC_DATE.finditer(line):
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
        parsed = _valid(day, month, year)
        if parsed:
            found.append((parsed, match.start(), match.end()))
    for match in _TEXT_DATE.finditer(line):
        parsed = _valid(int(match[1]), MONTHS[match[2].lower().rstrip(".")], _year(match[3]))
        if parsed:
            found.append((parsed, match.start(), match.end()))
    compact = _COMPACT_DATE.match(line)
    if compact:
        parsed = _valid(int(compact[1]), int(compact[2]), 2000 + int(compact[3]))
        if parsed:
            found.append((parsed, compact.start(1), compact.end(3)))
    return sorted(found, key=lambda f: f[1])


def _plausible(value: Date) -> bool:
    return 1990 <= value.year <= 2100


def guess_date(pages: Sequence[str], running_lines: Sequence[str] = ()) -> Guess | None:
    """The date the document states for itself, or None.

    Ranked: a "Dato:"/"Vår dato" label; a line that is only a place and a date at the head or the
    end; a date on a short line at the head; a date in a running header or footer (repeated on the
    pages, or one of running_lines: a DOCX's page header and footer, which its body text lacks).
    Dates inside sentences are never used: "møtet 26. november 2025" is not the letter's date.
    """
    candidates = _body_date_candidates(pages)
    for order, text in enumerate(" ".join(x.split()) for x in running_lines):
        found = [(d, s) for d, s, _ in dates_in(text) if _plausible(d)]
        if found and len(text) <= MAX_SHORT_LINE:
            value, start = found[0]
            labelled = _DATE_LABEL.match(text) or _LABEL_BEFORE.search(text[:start])
            rule = "dated_label" if labelled else "running_header"
            candidates.append((100 if labelled else 40, 10**6 + order, Guess(value.isoformat(), rule, text)))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], -c[1]))[2]


def _body_date_candidates(pages: Sequence[str]) -> list[tuple[int, int, Guess]]:
    """(rank, line order, guess) for every date line of the pages that guess_date may use."""
    lines = _lines(pages)
    if not lines:
        return []
    repeated = _repeated_lines(pages)
    last_page = lines[-1].page
    candidates: list[tuple[int, int, Guess]] = []
    for order, line in enumerate(lines):
        head = line.page == 0 and line.index < HEAD_LINES
        tail = order >= len(lines) - TAIL_LINES
        found = [(d, s, e) for d, s, e in dates_in(line.text) if _plausible(d)]
        if not found:
            continue
        value, start, end = found[0]
        rest = (line.text[:start] + line.text[end:]).strip(" ,.:-–")
        labelled = (_DATE_LABEL.match(line.text) or _LABEL_BEFORE.search(line.text[:start])
                    or (order and re.search(r"dato:?\s*$", lines[order - 1].text, re.IGNORECASE)))
        early = line.page <= 1 or line.page == last_page
        if labelled:
            candidates.append((100, order, Guess(value.isoformat(), "dated_label", line.text)))
        elif re.match(r"tilråding\s+fr[aå]\s", line.text, re.IGNORECASE):
            # a white paper's formal date: "Tilråding fra Helse- og omsorgsdepartementet 1. mars 2024, godkjent i statsråd"
            candidates.append((90, order, Guess(value.isoformat(), "recommended_by", line.text)))
        elif (head or tail or early) and _PLACE_PREFIX.match(line.text[:start]) and len(rest) <= 40 \
                and not line.text[end:].strip(" .,"):
            candidates.append((80 if head else 60, order, Guess(value.isoformat(), "place_date", line.text)))
        elif head and len(line.text) <= MAX_SHORT_LINE and not re.match(r"\s*\)", line.text[end:]):
            # (a date in brackets is a cited source's: "FHI skriver i rapporten «Skader og ulykker i Norge» (22/06/2026)")
            candidates.append((50, order, Guess(value.isoformat(), "date_line", line.text)))
        elif _key(line.text) in repeated and len(line.text) <= MAX_SHORT_LINE:
            candidates.append((40, order, Guess(value.isoformat(), "running_header", line.text)))
    return candidates


def guess_year(pages: Sequence[str], date: Guess | None) -> Guess | None:
    """The year from the stated date, else from a month-and-year line ("Oslo, mars 2026") at the head or end."""
    if date is not None:
        return Guess(date.value[:4], "from_date", date.quote)
    lines = _lines(pages)
    for order, line in enumerate(lines):
        if len(line.text) > 40 or not (line.page == 0 and line.index < HEAD_LINES or order >= len(lines) - TAIL_LINES):
            continue
        match = _MONTH_YEAR.search(line.text)
        if match and _PLACE_PREFIX.match(line.text[: match.start()]):
            return Guess(match[2], "month_line", line.text)
    return None


def _key(line: str) -> str:
    """A line with digits blanked, so "Side 2 av 4" and "Side 3 av 4" are the same running line."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _repeated_lines(pages: Sequence[str]) -> set[str]:
    """Lines (digits blanked) on at least two pages and half of them: running headers and footers."""
    if len(pages) < 2:
        return set()
    counts = Counter(k for page in pages for k in {_key(x) for x in page.splitlines() if x.strip()})
    return {k for k, n in counts.items() if n >= max(2, len(pages) // 2)}


# --- organisation --------------------------------------------------------------------------------

#: Words that make a line name an organisation (Bokmål and Nynorsk, definite and indefinite forms).
_ORG_WORDS = re.compile(
    r"\b\w*(?:forening(?:en)?|forbundet|forbund|organisasjon(?:en)?|kommunen?|rådet|råd|senter|senteret|sykehus(?:et)?|"
    r"universitet(?:et)?|høgskolen?|direktorat(?:et)?|tilsyn(?:et)?|institutt(?:et)?|stiftelsen|nettverk(?:et)?|forum(?:et)?|"
    r"fakultet(?:et|ene)?|alliansen|utvalg(?:et)?|foretak(?:et)?|selskap(?:et)?|fellesskap(?:et)?|kollegiet|akademi(?:et)?|"
    r"partnerskap(?:et)?|regionråd|programmet|sekretariat(?:et)?|departementet|aksjonen|bransjen|klinikk(?:en)?|"
    r"association|council|network|society)\b|\b(?:HF|AS|ASA|SA|RHF|KS|Stiftelsen|Region)\b",
    re.IGNORECASE,
)
#: Roles and titles in a signature block ("Generalsekretær", "MD, PhD"): never the organisation.
_ROLE = re.compile(
    r"^(?:\w*(?:leder|leiar|direktør|sjef|sekretær|rådgiver|rådgjevar|president|ordfører|overlege|lege|professor|"
    r"forsker|konsulent|koordinator|fagsjef|saksbehandler|styreleiar|styreleder|dekan|rektor)|MD|PhD|dr\.?|"
    r"sign\.?|daglig leder|adm\.? dir\.?)\b",
    re.IGNORECASE,
)
#: Single words in a signature block that are not a sender ("Side 3 av 3" is cut to "Side").
_NOT_NAME = re.compile(r"^(side|page|referanser|kilder|noter|vedlegg|kopi|sign|signert|sendt|oslo|bergen|trondheim|\w*adresse|telefon|e-post|sentralbord)$", re.I)
_SIGN_OFF = re.compile(r"^(?:(?:med\s+)?(?:vennlig|venleg|beste)?\s*(?:hilsen|helsing|hilsner)\b|mvh\b)[\s,]*", re.IGNORECASE)
_FROM_LINE = re.compile(r"^\s*(?:fra|frå|avsender|from)\s*:\s*(.+)$", re.IGNORECASE)
#: "Fra Den offentlige tannhelsetjenesten i Nordland til Helsereformutvalget".
_FROM_TO = re.compile(r"^(?:fra|frå)\s+(?!og\b|med\b)(.+?)\s+til\s+\S", re.IGNORECASE)
#: The sender introducing itself: "Legemiddelindustrien (LMI) takker for …", "Mental Helse er Norges største …".
_SELF_INTRO = re.compile(
    r"^((?:[A-ZÆØÅ][\w\-/]*)(?:,?\s+(?:[A-ZÆØÅ][\w\-/]*|og|for|i|av|på|innen|(?:fylkes)?kommuner?|sykehus))*?)"
    r"(\s*\([A-ZÆØÅ][\wÆØÅæøå\-]{1,9}\))?"
    r"\s+(?:takker\b|(?:vil|sender|gir|ønsker)\s+med\s+dette\b|er\s+(?:Norges|landets|en|et)\b[^.]{0,80}"
    r"(?:organisasjon|forening|forbund|bransjeforening|interesseorganisasjon|stiftelse|nettverk|paraply))"
)
#: The sender introducing itself in a statement about this very input, its name in any case:
#: "Kommunenes samhandlingsledere i helsefellesskapene i Nord-Norge ønsker med dette å gi innspill …".
_SELF_INTRO_LOOSE = re.compile(r"^([A-ZÆØÅ][\w\-]*(?:\s+(?!har\b|er\b|vil\b|kan\b|som\b)[\w\-]+){1,7}?)()"
                               r"\s+(?:takker\s+for|(?:vil|sender|gir|ønsker)\s+med\s+dette)\b")
#: Thanks for the chance to give input: said only by the sender ("Unge funksjonshemmede takker for muligheten til å komme
#: med innspill …"; in the development corpus every one of 19 such lines that a name opens is its sender's).
_THANKS = re.compile(r"\s+takker\s+for\s+(?:muligheten|anledningen|invitasjonen?)\b")
_TITLE_FROM = re.compile(
    r"\b(?:innspil ?l|innspel|høringssvar|høringsinnspill|høringsuttalelse|uttale|uttalelse|notat|brev|kommentar(?:er)?)"
    r"\b[^.:]*?\b(?:fra|frå)\s+(?:den\s+|det\s+)?(.+?)(?:\s+(?:til|om|på|vedrørende|ang\.?|v/)\b.*)?$",
    re.IGNORECASE,
)
#: A line "Fra X" under the title (no colon, no "til …"): the sender.
_FROM_BARE = re.compile(r"^(?:Fra|Frå|FRA)\s+((?:[A-ZÆØÅ][\w\-]*)(?:\s+\S+){0,11})$")
_POSSESSIVE = re.compile(
    r"^([A-ZÆØÅ][\w\-]*(?:\s+[A-ZÆØÅ][\w\-]*){0,4}?)(?:s|'s|’s|' | sitt| sine)\s+"
    r"(?:innspill|innspel|høringssvar|forslag|kommentarer|notat|første)\b"
)
_WRITTEN_BY = re.compile(r"\b(?:innspillet|innspelet|notatet|dokumentet|brevet|uttalelsen|høringssvaret)\s+er\s+"
                         r"(?:utarbeidet|skrevet|utformet|sendt|levert)\s+av\s+(?:«([^»]{3,80})»|([A-ZÆØÅ][^.:;,]{2,80}))",
                         re.IGNORECASE)
_ON_BEHALF = re.compile(r"^(?:på\s+vegne\s+av|pva\.?|på\s+vegner\s+av)\s+(.+)$", re.IGNORECASE)
_APPROVED = re.compile(r"godkjent elektronisk (?:i|av)\s+(.+?)\s+og\s+har", re.IGNORECASE)
_CONTACT = re.compile(r"(@|www\.|https?://|\btlf\b|telefon|kontonr|vippsnr|\b\d{8}\b|\b\d{2}\s\d{2}\s\d{2}\s\d{2}\b|org\.?\s*nr|organisasjonsnummer|\bpostboks\b|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+\b|\+47)", re.IGNORECASE)
_NOT_ORG_START = re.compile(
    r"^(til|v/|att\.?|deres|vår|dato|side|ref|saksbehandler|kopi|vedlegg|innhold|notat|memo|innspil ?l|høringssvar|tema|"
    r"det|den|vi|jeg|om|i|på|med|for|og|som|\d)\b", re.IGNORECASE)
#: Addressees: a line naming the committee or a ministry is who the letter is to, not from.
_ADDRESSEE = re.compile(r"helsereformutvalg|helserefomutvalg|helse- og omsorgsdepartementet|\butvalgsleder|sekretariatsleder",
                        re.IGNORECASE)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[^\W_]+", text))


def _acronym(name: str) -> str:
    inner = re.search(r"\(([A-ZÆØÅ][A-ZÆØÅa-zæøå\-]{1,9})\)", name)
    return inner[1] if inner else ""


def _clean_org(text: str) -> str:
    """An organisation name from a matched fragment: trailing dates, punctuation, a street address
    ("FFO Mariboesgate 13") and "v/ person" cut off."""
    text = re.split(r"\s+(?:v/|v\.|ved|c/o)\s|\s[-–|•◦]\s|,\s|\s{2,}|\s\d|\s<|\s(?:sendt|dato|til)\s*:|"
                    r"\s[A-ZÆØÅ]\w*(?:gate|gata|veien|vei|vegen|veg|plass|torg)\b", text.strip(" |"), flags=re.IGNORECASE)[0]
    return text.strip(" .,:;–-«»\"'")


#: A name never ends in a function word; a line that does is a fragment of a title or sentence.
_DANGLING = re.compile(r"\s(?:for|og|i|av|til|med|på|om|fra|frå|mot|the|of|and)$", re.IGNORECASE)


#: A bare common noun in its definite form names a body by its kind, not by name: "Utvalget ber om en sak …" in a
#: slide quoting a municipal decision is that decision's committee; "Styret", "Sekretariatet", "Departementet" are
#: never a sender's name on their own ("Legeforeningen", "Helsedirektoratet" are names: a word before the noun).
_COMMON_NOUN = re.compile(
    r"(?:utvalg|utval|styr|sekretariat|departement|direktorat|kommune|fylkeskommune|forening|forbund|organisasjon|råd|"
    r"senter|sykehus|universitet|institutt|nettverk|forum|selskap|foretak|komit[eé]|regjering|storting|stat|tilsyn|gruppe|"
    r"ledelse|administrasjon|avdeling|klinikk|enhet|seksjon|fakultet|helseforetak|ledergruppe|arbeidsgruppe)"
    r"(?:et|en|ene|a|i|e|n|t)?", re.IGNORECASE)


def _common_noun(name: str) -> bool:
    """Whether a name is one common noun alone ("Utvalget", "Styret", "Kommunen"): never an organisation's name."""
    return _COMMON_NOUN.fullmatch(name.strip(" .,:;*")) is not None


#: An image's alt text that reached the text: "Drammen Kommune logo", "TEK NORGES logo", "Logo: Tekna", "NITO-logo".
_LOGO = re.compile(r"^(?:logo(?:en)?\s*(?::|\s(?:til|for|of))\s*(?P<pre>.+?)|(?P<post>.+?)(?:\s+|-)logo(?:en|type)?)\.?$",
                   re.IGNORECASE)


def _is_logo_line(text: str) -> bool:
    """Whether a short line is an image's alt text naming a logo (never a title, and not a name as it stands)."""
    return len(text.split()) <= 8 and _LOGO.match(strip_markup(text)) is not None


def _logo_name(text: str, pages: Sequence[str]) -> str:
    """The name a logo line gives ("Drammen Kommune logo" -> "Drammen kommune", "TEK NORGES logo" -> "TEK Norge"), as
    the text spells it elsewhere (its first mixed-case form), a genitive -s off when the text writes the name without
    it; "" when the line is no logo line or the name is a description ("Stylized circular logo …")."""
    match = _LOGO.match(strip_markup(text)) if len(text.split()) <= 8 else None
    if not match:
        return ""
    name = (match["pre"] or match["post"]).strip(" ,.:;'’\"")
    name = re.sub(r"(?:'s|’s)$", "", name)
    body = " ".join(" ".join(pages).split())
    forms = [name]
    if re.search(r"[sS]$", name) and len(name.split()[-1]) > 3:
        forms.insert(0, name[:-1])  # "TEK NORGES logo": the genitive of TEK Norge, when the text writes that
    for form in forms:
        found = [m[0] for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", body, re.IGNORECASE)]
        mixed = [f for f in found if not f.isupper() and f[:1].isupper()]
        if mixed or (found and form != name):
            name = mixed[0] if mixed else form
            break
    # a name: every word capitalised but a joining word ("Icon showing the NAV logo" is a description)
    words = [w for w in name.split() if w.lower() not in {"og", "i", "for", "av", "på", "&", "-", "–"}]
    if not words or len(name.split()) > 6 or not all(re.match(r"[A-ZÆØÅ0-9]", w) for w in words) or _common_noun(name):
        return ""
    return name


def _looks_like_org(text: str) -> bool:
    words = text.split()
    if _common_noun(text) or _is_logo_line(text):
        return False
    if not 1 <= len(words) <= 8 or not re.match(r"[A-ZÆØÅ]", text) or ":" in text or text.endswith("."):
        return False
    if _DANGLING.search(text):
        return False  # a title or line cut short: "Norsk Forbund for"
    if re.search(r"\s(?:har|er|var|vil|skal|kan|må|ble|blir|ser|gir|mener|takker|ønsker)\s", text):
        return False  # a sentence: "Samlet sett har Helsetilsynet definert følgende risikoområder"
    if _NOT_ORG_START.match(text) or _CONTACT.search(text) or _ADDRESSEE.search(text) or _ROLE.match(text):
        return False
    if _ORG_WORDS.search(text):
        return True
    return len(words) <= 2 and bool(re.fullmatch(r"[A-ZÆØÅ][A-ZÆØÅ0-9\-]{1,9}", words[0])) \
        and all(w[:1].isupper() for w in words)  # "NITO BFI", not "UG v" (letters of a logo read as text)


def _own_acronym(organisation: str) -> str:
    """A known name's bracketed acronym when it is the organisation's own (its acronym, or another of its names in
    the alias table: "Sanitetskvinnene (NKS)"), else "": in "Fylkesordfører-/rådslederkollegiet (KS)" the bracket
    names the parent, and KS's own input ("… sett fra KS") is not the collegium's."""
    acronym = _acronym(organisation)
    outer = re.sub(r"\s*\(.*?\)", "", organisation)
    if acronym and (organisations_.is_acronym_of(acronym, outer) or organisations_.same_name(acronym, outer)):
        return acronym
    return ""


def _known_in(text: str, organisations: Sequence[str]) -> str | None:
    """The longest known organisation named in text (by name, or by its acronym in parentheses)."""
    normal = f" {_norm(text)} "
    best = None
    for organisation in organisations:
        names = {_norm(organisation), _norm(re.sub(r"\s*\(.*?\)", "", organisation))}
        acronym = _own_acronym(organisation)
        if acronym:
            names.add(_norm(acronym))
        for name in names:
            if len(name) >= 2 and re.search(rf"(?<!\w){re.escape(name)}(?:s|en|et)?(?!\w)", normal):
                if best is None or len(organisation) > len(best):
                    best = organisation
    return best


def _resolve(name: str, organisations: Sequence[str]) -> str:
    """A name read from the text, replaced by the known spelling when it is that known organisation
    (not merely mentions it: "KS storbynettverk" is not KS), else by the alias table's usual name."""
    known = _known_in(name, organisations)
    if known is None:
        return name
    spelled = {_norm(known), _norm(re.sub(r"\s*\(.*?\)", "", known)), _norm(_own_acronym(known))}
    covered = max((len(x) for x in spelled if x and x in _norm(name)), default=0)
    return known if covered >= 0.7 * len(_norm(name)) else name


def usual_name(name: str, organisations: Sequence[str]) -> str:
    """The known organisation the name is another name of ("KOMMUNESEKTORENS ORGANISASJON" -> "KS",
    "Kommunedirektorforum" -> "Norsk Kommunedirektørforum"), so the corpus keeps one spelling; a name
    no known organisation has stays as the document writes it. A known name's bracket is not used:
    in "Fylkesordfører-/rådslederkollegiet (KS)" it names the parent, so KS is not that collegium."""
    return next((o for o in organisations if organisations_.same_name(name, re.sub(r"\s*\(.*?\)", "", o))), name)


#: Text rules that read a name from where it stands rather than from a sender's statement; a file name
#: that names another sender, and is itself written in the text or known, beats them.
_WEAK_RULES = frozenset({"known_name", "footer", "letterhead", "running_line", "sign_off_person", "stance",
                          "most_named"})


def choose_organisation(text: Guess | None, file_name: Guess | None) -> Guess | None:
    """The sender from the text's guess and the file name's: the text's when they agree (the file name added to
    its evidence) or when the file name names no one; the file name's when the text found no sender, or found one
    only by where a name stands (letterhead, footer, a known name) while the file name's is written in the text."""
    if file_name is None:
        return text
    if text is None:
        return file_name
    if organisations_.same_organisation(text.value, file_name.value):
        return Guess(text.value, text.rule, text.quote, ((file_name.rule, file_name.quote),))
    weak = text.rule in _WEAK_RULES or (text.rule == "title_from" and text.value[:1].islower())
    if weak and file_name.also:
        return file_name
    return text


def guess_organisation(pages: Sequence[str], organisations: Sequence[str] = (),
                       running_lines: Sequence[str] = ()) -> Guess | None:
    """The sender, from (strongest first) a "Fra:" line, a "Fra X til …", "… fra X" or "Xs innspill" title, the
    sign-off and signature block, an "approved electronically in X" line, the sender introducing itself
    ("X takker for …"), the letterhead, a footer or running line, or a known organisation named at the head or end.
    A name followed by its acronym in the text ("Funksjonshemmedes fellesorganisasjon (FFO)") keeps the acronym."""
    lines = _lines(pages)
    if not lines:
        return None
    guess = _organisation_guess(lines, pages, organisations, running_lines)
    if guess is None or _CONTACT.search(guess.value) or len(guess.value.split()) > 10:
        return None  # a web address, e-mail or sentence is never a sender
    value = _parent_of_part(guess.value, pages, organisations)
    return Guess(_with_acronym(usual_name(value, organisations), pages, organisations), guess.rule, guess.quote)


def _with_acronym(name: str, pages: Sequence[str], organisations: Sequence[str]) -> str:
    if name in organisations or "(" in name:
        return name
    match = re.search(rf"{re.escape(name)}\s*\(([A-ZÆØÅ][A-ZÆØÅa-zæøå\-]{{1,9}})\)", " ".join(" ".join(pages[:2]).split()))
    return f"{name} ({match[1]})" if match else name


#: A government paper states its sender formally: "Tilråding fra Helse- og omsorgsdepartementet 1. mars 2024".
_RECOMMENDED_BY = re.compile(r"^tilråding\s+fr[aå]\s+(.+?)\s+(?:\d{1,2}\.|av\b|om\b)", re.IGNORECASE)
#: Units of an organisation. The sender of a unit's input is its organisation, when the text names it
#: ("Prehospital klinikk ved Oslo universitetssykehus", "Ressursgruppen … i Norway Health Tech").
_UNIT = re.compile(r"\b(?:\w*klinikk(?:en)?|avdeling(?:en)?|seksjon(?:en)?|\w*fakultet(?:et|ene)?|enhet(?:en)?|"
                   r"\w*gruppen?|kontor(?:et)?|uteseksjon(?:en)?)\b", re.IGNORECASE)
#: A proper name after "ved"/"i"/"–": capitalised words, joined by "i/og/for" or an organisation noun in lower case
#: ("Oslo universitetssykehus", "Norway Health Tech", "UiB, UiO, UiT og NTNU").
_PARENT = (r"((?:[A-ZÆØÅ][\w\-]*)(?:(?:,\s+|\s+og\s+|\s+(?:i|for)\s+|\s+)[A-ZÆØÅ][\w\-]*|"
           r"\s+\w*(?:sykehus|universitet|kommune|forening|forbund)\w*)*)")
#: Several senders listed in a joint input: "et samarbeid mellom Unge funksjonshemmede, Barnesykepleierne NSF, …".
_JOINT = re.compile(r"\b(?:samarbeid|fellesinnspill|felles\s+innspill|samarbeidende\s+organisasjoner)\s+(?:mellom|fra|av)\s+(.+)$",
                    re.IGNORECASE)
#: Municipal offices sign for their municipality: "Kommuneoverlegen i Skien Anne …" -> "Skien kommune".
_MUNICIPAL_OFFICE = re.compile(r"^(?:kommuneoverlegen|kommunedirektøren|rådmannen|ordføreren|kommunalsjefen|helsesjefen)"
                               r"\s+i\s+([A-ZÆØÅ][\wæøå\-]+)\b", re.IGNORECASE)
#: A list of authors: the first author's organisation is the sender ("Forfattere: / Audhild Høyem, Leder RKE Helse Nord").
_AUTHORS = re.compile(r"^(?:forfattere|forfatter|skrevet\s+av|avsendere)\s*:\s*(.*)$", re.IGNORECASE)
#: Professions, not offices: a person signing with one of these alone writes for themselves, even when a workplace
#: follows ("Mvh / Ingar Strand / Kommuneoverlege og fastlege / Steigen kommune"); an office ("Fagdirektør",
#: "Generalsekretær", "Leder") signs for the organisation.
_PROFESSION = re.compile(r"(?:allmenn|fast|over|kommuneover|sykehjems|turnus)?lege|psykiater|psykolog|spesialist|"
                         r"sykepleier|fysioterapeut|ergoterapeut|jordmor|tannlege|professor|forsker|stipendiat|tillitsvalgt|"
                         r"pensjonist|pasient|pårørende|student|emerit\w*|phd|dr\.?|md", re.IGNORECASE)
_OFFICE = re.compile(r"leder|leiar|direktør|sjef|sekretær|president|ordfører|rådmann|dekan|rektor|styre|generalsekretær|"
                     r"rådgiver|rådgjevar|koordinator|konsulent|saksbehandler|kommuneoverlegen", re.IGNORECASE)


#: A group of people named by what they are, in lower case, with the place they work: "kommuneoverleger i Buskerud og
#: Akershus", "frittstående audiografer" (a plural noun last; the place's capitalised words joined by "og"/"i").
_GROUP = (r"((?:[a-zæøå][\w\-]*\s+){0,3}?(?!\w*(?:kommune|organisasjon|forening|virksomhet|bedrift|institusjon|etat)r\b)"
          r"[a-zæøå][\w\-]*(?:er|ere)"
          r"(?:\s+(?:i|fra|på|ved)\s+[A-ZÆØÅ][\w\-]*(?:(?:\s+og\s+|\s+i\s+|,\s+)[A-ZÆØÅ][\w\-]*)*)?)")
#: The senders declaring themselves a group: "Vi er en gruppe kommuneoverleger i …", "Vi er et nettverk av …".
_GROUP_DECLARED = re.compile(rf"\b[Vv]i\s+er\s+(?:en\s+gruppe|et\s+nettverk\s+av|en\s+sammenslutning\s+av)\s+{_GROUP}(?=[\s,.;:]|$)")


def _named_group(phrase: str, tail: Sequence[_Line]) -> bool:
    """Whether a declared group has a name that makes it the sender: the place it works ("kommuneoverleger i Buskerud og
    Akershus"), or the group signs with its own phrase ("Med vennlig hilsen / Frittstående audiografer"). A group only
    described ("Vi er en gruppe psykiatere i spesialisthelsetjenesten …") whose members sign by name is sent by its
    signers (the development corpus labels such a letter with its first signer, 2026-04-Til-Helsereformutvalget-ved-leder-…)."""
    if re.search(r"\s(?:i|fra|på|ved)\s+[A-ZÆØÅ]", phrase):
        return True
    return any(strip_markup(x.text).strip(" .").lower() == phrase.lower() for x in tail)


def _group_name(phrase: str) -> str:
    """A group's name from its lower-case phrase, capitalised: "kommuneoverleger i Buskerud" -> "Kommuneoverleger i
    Buskerud"."""
    return phrase[:1].upper() + phrase[1:]


#: A document word: a joint input is declared in a sentence about the input itself ("Innspillet bygger på et
#: samarbeid mellom …", "Notatet er utarbeidet i samarbeid mellom …").
_DOCUMENT_WORD = re.compile(r"\b(?:innspill|innspel|notat|dokument|brev|høringssvar|høyringssvar|uttalelse|uttale|fråsegn)\w*",
                            re.IGNORECASE)


def _joint_declared(match: re.Match) -> bool:
    """Whether a _JOINT match declares who sends the input, not a collaboration the body text tells of: "felles
    innspill fra …" and "samarbeidende organisasjoner" say so themselves; "samarbeid mellom" only in a sentence
    about the input (2026-04-Norsk-Radiografforbund…: "… nå også i samarbeid mellom Universitetssykehuset i Nord
    Norge og Finnsnes …" tells of remote scanning, and the sender is Norsk Radiografforbund)."""
    if not match[0].lower().startswith("samarbeid "):
        return True
    sentence = re.split(r"[.!?]\s", match.string[: match.start()])[-1]
    return _DOCUMENT_WORD.search(sentence) is not None


def _short_name(word: str) -> bool:
    """An acronym, also in mixed case ("NTNU", "UiB", "UiO")."""
    return bool(re.fullmatch(r"[A-ZÆØÅ][A-Za-zÆØÅæøå]{1,7}", word)) and sum(c.isupper() for c in word) >= 2


def _first_listed(text: str, organisations: Sequence[str] = ()) -> str | None:
    """The first sender of a list: "Målselv, Bardu, … og Senja kommune" -> "Målselv kommune" (the shared noun
    distributes), "UiB, UiO, UiT og NTNU" -> "UiB", "Norges Optikerforbund, Universitetet i Sørøst-Norge, og
    Optikerbransjen" -> "Norges Optikerforbund"; None when the text is not such a list (a joint input's convention:
    the first organisation listed is the sender)."""
    text = text.strip(" .:;")
    # "Norsk barne- og ungdomspsykiatrisk forening" is one name: no split at an "og" after a hyphen
    items = [x.strip() for x in re.split(r",\s*(?:og\s+)?|(?<!-)\s+og\s+", text) if x.strip()]
    if len(items) < 2 or not all(re.match(r"[A-ZÆØÅ]", x) and len(x.split()) <= 7 for x in items):
        return None
    shared = re.search(r"\s((?:fylkes)?kommuner?)$", items[-1])
    if shared and all(len(x.split()) == 1 for x in items[:-1]):
        return f"{items[0]} {shared[1].rstrip('r') if shared[1].endswith('ner') else shared[1]}"
    shaped = [x for x in items if _looks_like_org(x) or _known_in(x, organisations) or _short_name(x)]
    return items[0] if len(shaped) >= 2 and (items[0] in shaped or len(items[0].split()) >= 2) else None


def _parent_of_part(name: str, pages: Sequence[str], organisations: Sequence[str]) -> str:
    """The organisation a unit belongs to when the text names it: "Prehospital klinikk" with "Prehospital klinikk ved
    Oslo universitetssykehus" in the text -> "Oslo universitetssykehus"; "NITO BFI" (a unit written after its
    organisation's acronym, which the text uses alone) -> "NITO". Else the name unchanged."""
    acronyms = re.fullmatch(r"([A-ZÆØÅ]{2,8})\s+[A-ZÆØÅ]{2,8}", name)
    text = " ".join(" ".join(pages).split())
    if acronyms and len(re.findall(rf"(?<![\w-]){acronyms[1]}(?!\s+[A-ZÆØÅ]{{2,8}}\b)(?=s?\b)", text)) >= 3:
        return acronyms[1]
    if not _UNIT.search(name):
        return name
    for match in re.finditer(rf"(?i:{re.escape(name)})\s+(?:ved|i|[–-])\s+{_PARENT}", text):
        parent = _first_listed(match[1], organisations) or match[1]
        if _looks_like_org(parent) or _known_in(parent, organisations) or len(parent.split()) >= 2 \
                or _ACRONYM_WORD.fullmatch(parent):
            return parent
    return name


def _organisation_guess(lines: Sequence[_Line], pages: Sequence[str], organisations: Sequence[str],
                        running_lines: Sequence[str] = ()) -> Guess | None:
    head = [x for x in lines if x.page == 0 and x.index < HEAD_LINES]
    tail = lines[-TAIL_LINES:]
    for line in lines[:400]:
        match = _RECOMMENDED_BY.match(line.text)
        if match and _ORG_WORDS.search(match[1]):
            return Guess(match[1], "recommended_by", line.text)
    for i, line in enumerate(head):
        if re.fullmatch(r"(?:fra|frå)\s*:?", line.text, re.IGNORECASE) and i + 1 < len(head):
            # "fra" alone, then the senders one a line: "Birgitte Boye, professor og seksjonsleder, …"
            person = re.match(r"([^,]+),\s*\w", head[i + 1].text)
            if person and _PERSON.match(person[1].strip()):
                return Guess(person[1].strip(), "from_line", f"{line.text} {head[i + 1].text}")
        match = _FROM_LINE.match(line.text)
        if match and re.search(r"bestående av|samarbeidende|sammensatt av", match[1], re.IGNORECASE) \
                and line.text.endswith(":") and i + 1 < len(head):
            # "Fra: Terapeutisk komite, et utvalg bestående av tre samarbeidende organisasjoner:" + the list
            first = _first_listed(head[i + 1].text, organisations)
            if first:
                return Guess(_resolve(first, organisations), "joint", f"{line.text} {head[i + 1].text}")
        if match and _clean_org(match[1]):
            # "Fra: UHR-HS sitt Nasjonale fagorgan for …": the sender is the body named after "sitt"
            name = re.sub(r"^\S+(?:\s\S+)?\s(?:sitt|sin|sine)\s(?=[A-ZÆØÅ])", "", _clean_org(match[1]))
            return Guess(_resolve(name, organisations), "from_line", line.text)
    for line in head[:15]:
        if len(line.text) > 160:
            continue
        bare = _FROM_BARE.match(line.text)  # "Fra Ressursgruppen for verdibaserte helsetjenester – Norway Health Tech."
        name = _clean_org(bare[1]) if bare else ""
        if name and (_looks_like_org(name) or _UNIT.search(name)) and not _ADDRESSEE.search(name):
            return Guess(_resolve(name, organisations), "from_line", line.text)
        match = _FROM_TO.match(line.text) or _TITLE_FROM.search(line.text)
        if match:
            parts = re.match(rf"(?i:(?:de|det|den)?\s*.*?{_UNIT.pattern})\s+(?:ved|i)\s+{_PARENT}", match[1])
            parent = parts and (_first_listed(parts[1], organisations) or parts[1])
            if parent and (_looks_like_org(parent) or _known_in(parent, organisations) or _short_name(parent)):
                return Guess(_resolve(parent, organisations), "title_from", line.text)
            name = _clean_org(match[1])
            if name and re.match(r"[A-ZÆØÅ]", name) and not _ADDRESSEE.search(name) and not name.isupper() or \
                    name and _known_in(name, organisations):
                return Guess(_resolve(name, organisations), "title_from", line.text)
            group = re.fullmatch(_GROUP, name) if name else None
            if group and re.search(r"\s(?:i|fra|på|ved)\s+[A-ZÆØÅ]", name):
                # "Innspill fra kommuneoverleger i Trøndelag": a group named by its members and their place
                return Guess(_group_name(name), "group", line.text)
        match = _POSSESSIVE.match(line.text)
        if match and not _ADDRESSEE.search(match[1]):
            return Guess(_resolve(match[1], organisations), "possessive", line.text)
    for line in lines:
        match = _APPROVED.search(line.text)
        if match:
            return Guess(_resolve(_clean_org(match[1]), organisations), "approved_by", line.text)
    for line in lines:  # "Innspillet er utarbeidet av «Interregionalt brukerutvalg»: møtefora for …"
        match = _WRITTEN_BY.search(line.text)
        name = _clean_org((match[1] or match[2] or "").strip()) if match else ""
        if name and (_looks_like_org(name) or _known_in(name, organisations)):
            return Guess(_resolve(name, organisations), "written_by", line.text)
    # "På vegne av Helsefellesskapet Møre og Romsdal v. Partnerskapsmøtet" at the end, or under a foreword at the head
    # ("Fredrik Syversen (leder helse) / på vegne av TEK Norge")
    for line in [*tail, *(x for x in head if x not in tail)]:
        match = _ON_BEHALF.match(line.text)
        name = _clean_org(match[1]) if match else ""
        if name and (_looks_like_org(name) or _known_in(name, organisations)):
            return Guess(_resolve(name, organisations), "on_behalf", line.text)
    for line in head:  # "Innspillet bygger på et samarbeid mellom Unge funksjonshemmede, Barnesykepleierne NSF, …"
        match = _JOINT.search(line.text)
        first = _first_listed(re.split(r"\.\s", match[1])[0], organisations) if match and _joint_declared(match) else None
        if first:
            return Guess(_resolve(first, organisations), "joint", line.text)
    for i, line in enumerate(lines):  # "Forfattere:" then "Audhild Høyem, Leder RKE Helse Nord"
        match = _AUTHORS.match(line.text)
        author = (match[1] or (lines[i + 1].text if i + 1 < len(lines) else "")) if match else ""
        where = re.match(r"[^,]+,\s*(.+)$", author)
        if where:
            name = re.sub(rf"^(?:\w*(?:{_OFFICE.pattern})\w*|seniorrådgiver|rådgiver)\s+", "", where[1], flags=re.IGNORECASE)
            if _looks_like_org(name) or _known_in(name, organisations) or re.match(r"[A-ZÆØÅ]{2,}\b", name):
                return Guess(_resolve(name, organisations), "authors", f"{line.text} {author}"[:160])
    for line in head:  # "Vi er en gruppe kommuneoverleger i Buskerud og Akershus fylke, som med dette ønsker å gi innspill …"
        match = _GROUP_DECLARED.search(line.text)
        if match and _named_group(match[1], tail):
            return Guess(_group_name(match[1]), "group", line.text[max(0, match.start() - 20) : match.end() + 60])
    sign_off = _sign_off_org(tail, organisations)
    if sign_off is None and not any(_SIGN_OFF.match(x.text) for x in tail):
        # a letter followed by attachments: its signature stands before them; only a person's is taken from there
        # (an organisation named after some other greeting in the body is not the sender)
        sign_off = _sign_off_org(lines, organisations)
        sign_off = sign_off if sign_off and sign_off.rule == "sign_off_person" else None
    if sign_off:
        return sign_off
    for line in tail:
        match = _MUNICIPAL_OFFICE.match(line.text)
        if match:
            return Guess(f"{match[1]} kommune", "municipal_office", line.text)
    for line in head[:20]:
        match = _SELF_INTRO.match(line.text)
        loose = _SELF_INTRO_LOOSE.match(line.text) if not match else None
        if loose and (re.search(r"\s[A-ZÆØÅ]", loose[1]) or _ORG_WORDS.search(loose[1])
                      or _THANKS.match(line.text, loose.end(1))):
            # a name in any case, but a proper name or organisation noun in it ("… i Nord-Norge"), or thanking for the
            # chance to give input
            match = loose
        if match and not _NOT_ORG_START.match(match[1]) and not _ADDRESSEE.search(match[1]):
            name = _first_listed(match[1], organisations) or match[1] + (match[2] or "")
            return Guess(_resolve(name.strip(), organisations), "self_intro", line.text)
    for line in head[:10]:  # a logo's alt text at the head names the sender as a letterhead does
        logo = _logo_name(line.text, pages)
        if logo and not _ADDRESSEE.search(logo):
            return Guess(_resolve(logo, organisations), "logo", line.text)
    for line in head[:6]:
        if _LINK.search(line.text):
            continue  # a link to another text names that text's author
        if _LIST_ITEM.match(line.text):
            continue  # a list item is never a letterhead: "- Lokale hørselslag i Hørselsforbundet" under "Til alle …"
        known = _known_in(line.text, organisations)
        if known and not _ADDRESSEE.search(line.text) and len(line.text.split()) <= 8:
            return Guess(known, "letterhead", line.text)
        name = _clean_org(line.text)
        if re.match(r",\s+[a-zæøå]", line.text[len(name):].lstrip(" .:;–-«»\"'")[:0] or line.text[len(name):]):
            continue  # "Helseforetak, regionsgrenser og opptaksområder": a title's first word, not a sender
        if _looks_like_org(name) and len(line.text.split()) <= 8 and not _addressed(name, pages):
            return Guess(name, "letterhead", line.text)
        unit_of = re.fullmatch(r"([^,]{3,40}),\s+([^,]{3,60})", line.text)
        if unit_of and not _looks_like_org(unit_of[1]) and _looks_like_org(unit_of[2]) and not dates_in(line.text) \
                and len(line.text.split()) <= 8 and not _addressed(unit_of[2], pages):
            # a unit, then its organisation: "Helse og velferd, Drammen kommune" under a slide deck's title
            return Guess(_resolve(unit_of[2].strip(" ."), organisations), "letterhead", line.text)
    for text in running_lines[:8]:  # a DOCX's page header or footer: "| FFO Mariboesgate 13 0183 Oslo | +47 …"
        part = _clean_org(re.split(r"[◦•|–]", text.strip(" |"))[0])
        known = _known_in(part, organisations)
        if known and not _ADDRESSEE.search(text):
            return Guess(known, "running_line", text)
        if _looks_like_org(part):
            return Guess(part, "running_line", text)
    repeated = _repeated_lines(pages)
    for line in [*reversed(tail[-6:]), *(x for x in lines if _key(x.text) in repeated)]:
        if _CONTACT.search(line.text) or _key(line.text) in repeated:
            name = _clean_org(re.split(r"[◦•|–]", line.text)[0])
            name = re.split(r"\s+(?:notat|side|innspill|høringssvar)\b", name, flags=re.IGNORECASE)[0]
            if _looks_like_org(name) or _known_in(name, organisations):
                return Guess(_resolve(name, organisations), "footer", line.text)
    stance = _stance_subject(pages, organisations) or _closing_block(lines, organisations)
    if stance:
        return stance
    for line in [*head[:10], *tail[-10:]]:
        known = _known_in(line.text, organisations)
        if known and not _ADDRESSEE.search(line.text) and len(line.text.split()) <= 8 and not re.match(r"\[?\d", line.text) \
                and not _LINK.search(line.text):
            return Guess(known, "known_name", line.text)
    return _signing_person(tail) or _stance_subject(pages, organisations, once=True) or _most_named(pages)


#: A Markdown or HTML link is a reference to another text, never a letterhead or sign-off
#: ("[Flere leger i sykehjemmene (8/2012) legeforeningens](#)" closing a list of sources).
#: A bullet or numbered list item.
_LIST_ITEM = re.compile(r"^\s*(?:[-•*●▪◦]|\d{1,2}[.)])\s+\S")
_LINK = re.compile(r"\]\(|<a\s|^\s*\[[^\]]*\]\s*$")


def _addressed(name: str, pages: Sequence[str]) -> bool:
    """Whether the text writes the name as an addressee ("… gi innspill til rusbehandlingsutvalget"): a line at the
    head naming it is then who the letter is to, not from."""
    return re.search(rf"\btil\s+(?:den\s+|det\s+)?{re.escape(name)}\b", " ".join(" ".join(pages).split()),
                     re.IGNORECASE) is not None


def _closing_block(lines: Sequence[_Line], organisations: Sequence[str]) -> Guess | None:
    """An unsigned closing block whose last line names an organisation ("Uteseksjonen i Trondheim og SAMUR /
    Byrådsområde sosiale tjenester / Trondheim kommune."): the document's last line, short, after other short lines."""
    texts = [x.text for x in lines if not re.fullmatch(r"(?:side\s+)?\d+(?:\s+av\s+\d+)?", x.text, re.IGNORECASE)]
    if len(texts) < 3 or any(len(x.split()) > 8 for x in texts[-3:]):
        return None
    signers = [x for x in texts[-12:] if re.match(r"[^,]+,\s", x) and _PERSON.match(x.split(",")[0].strip())]
    if texts[-1] in signers:  # a list of signers "Name, Organisation": the first one's organisation (a joint input)
        first = next(x for x in texts[-12:] if x in signers)
        return Guess(_resolve(first.split(",", 1)[1].strip(" ."), organisations), "closing_block", first)
    name = texts[-1].strip(" .")
    if _looks_like_org(name) or _known_in(name, organisations) and len(name.split()) <= 6:
        return Guess(_resolve(name, organisations), "closing_block", texts[-1])
    return None


#: A name as the subject of a stance: "Norsam mener …", "Kommuneoverleger i Trøndelag anbefaler …".
_STANCE = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\n))((?:[A-ZÆØÅ][\wæøåÆØÅ\-]+)(?: +(?:i|og|for|på) +[A-ZÆØÅ][\w\-]+| +[A-ZÆØÅ][\w\-]+|"
    r" +\w*(?:sykehus|kommune|forening|forbund|universitet)\b){0,4})"
    r" +(?:mener|anbefaler|foreslår|støtter|ber|vil\s+(?:understreke|peke|anbefale|foreslå)|ønsker\s+(?:at|å)|er\s+bekymret)\b"
)
_URL = re.compile(r"\S*(?:https?://|www\.|@)\S*")


def _stance_subject(pages: Sequence[str], organisations: Sequence[str], once: bool = False) -> Guess | None:
    """The name the text states views for most often ("Norsam mener", "Psykologforeningen anbefaler"), at least
    twice and more often than any other, when it is a proper name: known, organisation-shaped, or holding a word
    the text never writes in lower case ("Pasientene mener" is no sender). With once (a last resort), a single
    stance of the only such name is enough when the name is organisation-shaped ("Diakonhjemmet sykehus ber …")."""
    text = _URL.sub(" ", "\n".join(pages))
    lower = {w for w in re.findall(r"[^\W\d_]+", text) if w.islower()}
    found: dict[str, list[str]] = {}
    for match in _STANCE.finditer(text):
        name = match[1]
        proper = any(w.lower() not in lower and len(w) > 2 for w in name.split() if w[:1].isupper())
        if _ADDRESSEE.search(name) or _NOT_ORG_START.match(name) or not (proper or _ORG_WORDS.search(name)
                                                                          or _known_in(name, organisations)):
            continue
        # "Kommuneoverleger i Trøndelag" and "Kommuneoverlegene i Trøndelag" are counted together
        found.setdefault(" ".join(w[:12] for w in organisations_.organisation_key(name).split()), []).append(name)
    ranked = sorted(found.values(), key=len, reverse=True)
    if once and len(ranked) == 1 and _looks_like_org(ranked[0][0]):
        return Guess(_resolve(ranked[0][0], organisations), "stance", f"{ranked[0][0]} mener/ber … (1 gang)")
    if once or not ranked or len(ranked[0]) < 2 or len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
        return None
    name = Counter(ranked[0]).most_common(1)[0][0]
    return Guess(_resolve(name, organisations), "stance", f"{name} mener/anbefaler … ({len(ranked[0])} ganger)")


def _most_named(pages: Sequence[str]) -> Guess | None:
    """The organisation-shaped proper name the text names most often (at least 3 times and twice as often as
    any other; "Helsetilsynet har …", "… ser Helsetilsynet at …"): a last resort when no sender is stated.
    A word the text also writes in lower case ("Kommunene", "Sykehusene") is a common noun, never a sender."""
    text = _URL.sub(" ", "\n".join(pages))
    words = re.findall(r"[^\W\d_][\w\-]*", text)
    lower = {w for w in words if w.islower()}
    # a genitive counts with its base form ("Sunnaasstiftelsens modell", "Sunnaasstiftelsen")
    words = [w[:-1] if w.endswith("s") and _ORG_WORDS.fullmatch(w[:-1]) and not _ORG_WORDS.fullmatch(w) else w
             for w in words]
    counts = Counter(w for w in words if w[:1].isupper() and len(w) > 4 and w.lower() not in lower
                     and _ORG_WORDS.fullmatch(w) and not _ADDRESSEE.search(w))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return Guess(ranked[0][0], "most_named", f"{ranked[0][0]} ({ranked[0][1]} ganger i teksten)")


def _signing_person(tail: Sequence[_Line]) -> Guess | None:
    """A person who signs with no organisation line ("Mvh / Ole Johan Bakke" at the end), or who closes the text
    with their name and a profession and no greeting ("Lise Figenschou / Fastlege og tillitsvalgt"): the sender is
    the person."""
    for i, line in enumerate(tail):
        if not _SIGN_OFF.match(line.text):
            continue
        after = _SIGN_OFF.sub("", line.text).strip()
        block = ([after] if after else []) + [x.text for x in tail[i + 1 : i + 4]]
        if block and _PERSON.match(block[0]) and not any(_ORG_WORDS.search(x) for x in block[1:]):
            return Guess(block[0], "sign_off_person", block[0])
    for before, after in zip(tail[-4:-1], tail[-3:]):
        if _PERSON.match(before.text) and _personal_role(after.text):
            return Guess(before.text, "sign_off_person", f"{before.text} / {after.text}")
    return None


def _personal_role(text: str) -> bool:
    """Whether a signature's role line names only professions ("Fastlege og tillitsvalgt", "Spesialist i
    psykiatri"), no office that signs for an organisation ("Fagdirektør", "Leder")."""
    words = [w for w in re.findall(r"[^\W\d_]+\.?", text) if w.lower() not in {"og", "i", "for", "av", "ved"}]
    return bool(words) and len(words) <= 8 and not _OFFICE.search(text) and _PROFESSION.match(words[0]) is not None \
        and not _ORG_WORDS.search(text)


def _signers(text: str) -> str | None:
    """The first person of a signature line: "Anders Folven, Fastlege" -> "Anders Folven", "Brit Haver Line Iden
    Berge Anne Halmøy" (several signers on one line) -> "Brit Haver" (their first two words: a third word may
    start the next name); None when the line is no person's name."""
    text = re.split(r",\s*", text)[0].strip()
    if _PERSON.match(text):
        return text
    words = text.split()
    if len(words) >= 4 and all(re.fullmatch(r"[A-ZÆØÅ][a-zæøåé\-]+|[A-ZÆØÅ]\.", w) for w in words):
        return " ".join(words[:2])
    return None


def _sign_off_org(tail: Sequence[_Line], organisations: Sequence[str]) -> Guess | None:
    """The organisation in the lines after "Med vennlig hilsen" (a person's name and role usually come first)."""
    for i, line in enumerate(tail):
        if not _SIGN_OFF.match(line.text):
            continue
        after = _SIGN_OFF.sub("", line.text).strip()
        block = ([after] if after else []) + [x.text for x in tail[i + 1 : i + 8]]
        person = _signers(block[0]) if block else None
        role = block[0].split(",", 1)[1] if person and "," in block[0] else (block[1] if person and len(block) > 1 else "")
        several = person is not None and person != block[0].split(",")[0].strip()
        if person and (_personal_role(role) or several and not any(_ORG_WORDS.search(x) or _OFFICE.search(x)
                                                                   for x in block[1:3])):
            # a person who signs with a profession writes for themselves; several signers and no organisation: the first
            return Guess(person, "sign_off_person", " / ".join(block[:2]))
        for text in block:
            if _CONTACT.search(text) and not _ORG_WORDS.search(text.split("◦")[0]):
                continue
            named = re.fullmatch(r"(.{6,80}?)\s[-–]\s([A-ZÆØÅ]{2,8})", text)  # "Samarbeidsforumet av … - SAFO"
            if named and _looks_like_org(named[1]):
                return Guess(f"{named[1]} ({named[2]})", "sign_off", text)
            for part in re.split(r"\s[-–|•◦]\s|,\s", text):
                known = _known_in(part, organisations)
                if known:
                    return Guess(known, "sign_off", text)
                name = _clean_org(re.sub(r"^(?:for|på vegne av|pva\.?)\s+", "", part, flags=re.IGNORECASE))
                single = name == text.strip() and re.fullmatch(r"[A-ZÆØÅ][\wæøå\-]{2,}", name)
                if _looks_like_org(name) or (single and not _ROLE.match(name) and not _NOT_NAME.match(name)):
                    return Guess(name, "sign_off", text)
    return None


# --- title -----------------------------------------------------------------------------------------

_MARKUP = re.compile(r"<[^>]{1,40}>|(?<!\w)[*_#`]+|[*_`]+(?!\w)|^\s*#{1,6}\s*|\[([^\]]*)\]\([^)]*\)")
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[a-z]\))\s+\S")
_TOC = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$|\s\d{1,3}$")
_NOT_TITLE = re.compile(
    r"^(innhold(sfortegnelse)?|forord|sammendrag|innledning|bakgrunn|notat|memo|brev|side\s+\d+.*|til\s*:.*|fra\s*:.*|"
    r"dato\b.*|vår\s+(ref|dato).*|deres\s+ref.*|saksbeh.*|kopi\b.*|vedlegg\s*:.*|ref\b.*|til\b.*|v/.*|att\.?:?\s.*|"
    r"unntatt offentlighet.*|(?:avdeling|seksjon|enhet)\b.*|følsomhet.*|intern\b.*|[\w.\-]+@[\w.\-]+|https?://.*|www\..*|hei\b.*|kjære\b.*|"
    r"notat\s+\d{4}|melding til stortinget|arkivsak.*|the\s.*)$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^[A-ZÆØÅ][a-zæøåé\-]+(?:\s+[A-ZÆØÅ]\.?)?(?:\s+[A-ZÆØÅ][a-zæøåé\-]+){1,2}$")


def strip_markup(text: str) -> str:
    """A title without Markdown or HTML markup ("## **Innspill**" -> "Innspill")."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]{1,40}>", "", text)
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)
    return " ".join(text.split()).strip(" *_#`")


_TITLE_LABEL = re.compile(r"^(?:sak|tema|emne|ang\.?|vedr\.?|vedrørende|tittel|title|re)\s*:\s*", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"innspill|innspel|høring|notat|uttal|forslag|kommentar|utfordring|\bom\b|brev|svar|reform|helse",
                          re.IGNORECASE)
_OPENS_AS_TITLE = re.compile(r"(?:innspill|innspel|høringsinnspill|høringssvar|notat|uttale|kommentar)\s+(?:til|fra|frå|om)\b",
                             re.IGNORECASE)
#: Words that make a line a title even when it names an organisation ("Innspill fra Tyrili …").
_TITLE_WORDS_STRICT = re.compile(r"innspill|innspel|høring|notat|uttal|forslag|kommentar|brev|svar|\b(?:om|til|fra|frå)\b|\?",
                                 re.IGNORECASE)
#: Body sentences open like this; a title rarely does.
#: An article, an adjective and a definite noun without a verb is a noun phrase, not a sentence ("Det regionale nivået i
#: spesialisthelsetjenesten", a heading that "Det" would otherwise mark as a sentence's start).
_NOUN_PHRASE = re.compile(r"^(?:det|den|de)\s+[a-zæøå]+e\s+[a-zæøå\-]+(?:et|en|a|ene|ane|na)\b"
                          r"(?!.*\b(?:er|var|har|vil|skal|kan|må|blir|ble|gir|ser|mener)\b)", re.IGNORECASE)
_SENTENCE_START = re.compile(
    r"^(?:vi|jeg|det|dette|den|der|denne|disse|som|i|på|med|for|etter|når|da|her|viser|takk|takker)\b|"
    r"\b(?:takker for|viser til|er en|er et|har vi|vil vi|ønsker å|ønsker med dette|vil med dette|er bedt om)\b",
    re.IGNORECASE,
)
#: A title that ends like this goes on in the next line ("LHLs innspill om rehabilitering til" / "Helsereformutvalget").
_OPEN_END = re.compile(r"(?:[–\-:,(]|\b(?:og|for|til|i|om|av|på|med|fra|frå|innen|ved|vedrørende|vedrørande|sin|sitt|sine))$", re.IGNORECASE)
#: Paragraphs of this many words are body text: the title comes before them.
BODY_WORDS = 25


def _title_text(line: str) -> str:
    text = _TITLE_LABEL.sub("", strip_markup(line))
    for _, start, end in dates_in(text)[-1:]:
        if start > 0 and not text[end:].strip(" .,") and _OPENS_AS_TITLE.search(text[:start]):
            text = text[:start].rstrip(" ,")  # "FFOs innspill til helsereformutvalget 20. april 2026": a closing date
    return text.strip(" []{}|")


def _title_candidate(text: str, organisations: Sequence[str]) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 30 or len(text) > 220:
        return False
    if _NOT_TITLE.match(text) or _NUMBERED.match(text) or _TOC.search(text) or _CONTACT.search(text):
        return False
    if _is_logo_line(text):
        return False  # an image's alt text: "TEK NORGES logo", "Drammen Kommune logo"
    if re.search(r"\sv/\s?|\batt\.\s|avdelingen$|\b(?:vår|deres)\s+(?:referanse|ref|dato|saksbehandler)\b", text, re.I):
        return False  # an address block ("… v/sekretariatet") or a reference table
    label = re.match(r"^[\w\-]+\.?\s*:\s*(.*)$", text)
    if label and len(label[1].split()) <= 2:
        return False  # "Avdeling: Fylkeskommunedirektøren", "Att: Kjetil Telle"
    if text.startswith(("«", "\"", "“")) and text.rstrip(".").endswith(("»", "\"", "”")):
        return False  # a quotation opening the document
    if text.startswith(("«", "\"", "“")) and not re.search(r"[»\"”]", text[1:]):
        return False  # the start of a quotation that runs on
    if dates_in(text) and len(text) < 60 or _MONTH_YEAR.fullmatch(text.strip(" ,.")):
        return False
    if _PERSON.match(text) and not _ORG_WORDS.search(text):
        return False
    if not re.match(r"[«\"“(]?[A-ZÆØÅ0-9]", text) or re.match(r"^\S+:\s*[\d+]", text):
        return False
    opens_as_title = _OPENS_AS_TITLE.match(text)
    if text.endswith((",", ";")) or (text.endswith(".") and len(words) > 4 and not opens_as_title) \
            or _SENTENCE_START.search(text) and not _NOUN_PHRASE.match(text):
        return False
    titled = _TITLE_WORDS.search(text)
    first = re.split(r",\s|\s[–-]\s", text)[0]
    if not _TITLE_WORDS_STRICT.search(text) and (len(words) <= 6 and (_known_in(text, organisations) or text.isupper())
                                                 or len(words) <= 8 and (_looks_like_org(first) or _looks_like_org(text))):
        return False  # a letterhead naming the sender ("Tekna – Teknisk-naturvitenskapelig forening")
    if len(words) <= 5 and re.search(r"\([A-ZÆØÅ]{2,8}\)", text) and not _TITLE_WORDS_STRICT.search(text):
        return False  # a name from a row of logos: "Utviklingshemmede (NFU), Norges"
    parts = [x for x in re.split(r",\s(?:og\s)?|\sog\s", text) if x]
    if len(parts) >= 2 and all(_looks_like_org(x) or _known_in(x, organisations) for x in parts):
        return False  # a list of senders: "Norges Optikerforbund, Universitetet i Sørøst-Norge, og Optikerbransjen"
    # "Helsereformutvalget" or "Til Helsereformutvalget" alone is the addressee; "Kommentar til Helsereformutvalget" a title
    # "Sekretariatet for Helsereformutvalget" (KS's letter) is the addressee too
    return not (len(words) <= 6 and re.match(rf"(?:til\s+)?(?:(?:sekretariatet|leder|lederen|medlemmene)\s+(?:for|i|av|til)\s+)?"
                                             rf"(?:{_ADDRESSEE.pattern})", text, re.IGNORECASE)
                and not re.search(r"innspill|innspel|høring|notat|kommentar|brev|uttal|svar|forslag|^fr[aå]\b", text, re.I)
                and not text.lower().startswith(("om ", "hvorfor", "hva ")))


#: A Markdown level-1 heading ("# Title", not "## Section").
_MARKDOWN_H1 = re.compile(r"^#\s+\S")
#: A title that addresses its readers ("Til Helsereformutvalget", "Til alle som …"), of 2-20 words, no label colon.
_ADDRESSED_TITLE = re.compile(r"^til\s+[^:]+$", re.IGNORECASE)


def guess_title(pages: Sequence[str], organisations: Sequence[str] = ()) -> Guess | None:
    """The first title line of the document: the first paragraph at the head that reads as a title.

    Never a table-of-contents line, "Innhold", a numbered section, a date or place-and-date line, a
    person's name, the addressee block, a letterhead or contact line, or a body sentence; the title
    comes before the body text starts. A title broken over lines (or paragraphs) is joined; Markdown
    and HTML markup and labels like "Sak:" are removed.
    """
    lines: list[tuple[str, int]] = []  # (line, paragraph number)
    paragraph = 0
    for page in pages[:2]:
        for block in re.split(r"\n\s*\n", page):
            block_lines = [" ".join(x.split()) for x in block.splitlines() if x.strip()]
            if block_lines:
                lines.extend((x, paragraph) for x in block_lines)
                paragraph += 1
    body_seen = 0
    words_in = Counter(n for _, n in lines for _ in range(1))
    paragraph_words = Counter()
    for text, n in lines:
        paragraph_words[n] += len(text.split())
    repeated = _repeated_lines(pages)
    signature = -1  # the last line of a signature block seen so far
    for i, (line, n) in enumerate(lines[:80]):
        if _key(line) in repeated:
            continue  # a running header ("Innspill fra Legeforeningen 10.10.25" on every page) is not the title
        if _SIGN_OFF.match(strip_markup(line)):
            signature = i + 3
        if i <= signature:
            continue  # a greeting and the name and role under it ("Med vennlig hilsen / Jorid Løkken / Autorisert audiograf")
        if _MARKDOWN_H1.match(line) and _ADDRESSED_TITLE.match(_title_text(line)) and not _CONTACT.search(line):
            # the text's own top-level heading, even when it addresses someone: "# Til Helsereformutvalget" on a slide
            # deck's first slide, "# Til alle som ønsker en bedre hørselsomsorg i Norge" (a "Til:" label is no heading)
            return Guess(_title_text(line), "first_title", line)
        if paragraph_words[n] >= BODY_WORDS * 2 and words_in[n] >= 3 and len(line.split()) >= 8:
            body_seen += 1
            if body_seen >= 2:
                break
            continue
        text = _title_text(line)
        if not _title_candidate(text, organisations):
            continue
        follow = lines[i + 1][0] if i + 1 < len(lines) and lines[i + 1][1] == n else ""
        if len(text.split()) >= 9 and follow[:1].islower() and not _OPEN_END.search(text) \
                and not _TITLE_LABEL.match(strip_markup(line)):
            continue  # a sentence wrapping onto the next line: body text
        for follow, m in lines[i + 1 : i + 3]:
            nxt = _title_text(follow)
            if follow.lstrip().startswith(("- ", "• ", "● ")):
                break  # a list item, not the rest of the title
            joinable = m == n or _OPEN_END.search(text) or nxt.startswith(("–", "-", "(", ":"))
            if not joinable or not nxt or len(text) + len(nxt) > 200 or _CONTACT.search(nxt) or dates_in(nxt) \
                    or re.match(r"v/|att\.?\s", nxt, re.IGNORECASE):
                break
            if text.endswith((".", "?", "!")) or len(nxt.split()) > 16 or _SENTENCE_START.search(nxt):
                break
            if nxt[:1].islower() or nxt.startswith(("(", "–", "-", ":")) or _OPEN_END.search(text):
                text = f"{text} {nxt}"
            else:
                break
        if not _title_candidate(text, organisations):
            continue  # the joined lines are a letterhead: "Tekna –" / "Teknisk-naturvitenskapelig forening"
        if text.endswith(".") and len(text.split()) > 12 and not _OPENS_AS_TITLE.match(text):
            continue  # the joined lines are a sentence ("Mange personer med PCS opplever … velferdssystem.")
        for _, start, _ in dates_in(text)[-1:]:
            if not text[start:].split(maxsplit=1)[1:]:  # a date closing the title line: "… Helsereformutvalget 14.04.26"
                text = text[:start]
        text = text[:-1] if text.endswith(".") and not text.endswith("..") else text  # "Innspill til X." -> "Innspill til X"
        return Guess(text.rstrip(" :–-,"), "first_title", line)
    return None


# --- document type -----------------------------------------------------------------------------------

_DOC_TYPE_RULES = (
    (re.compile(r"budsjettinnspill|innspill til (?:stats)?budsjett|budsjetthøring", re.I), "budget_input"),
    (re.compile(r"\b(prinsipprogram|politisk\s+program|handlingsprogram|meld\.\s*st\.)", re.I), "position_programme"),
    (re.compile(r"(innspill|innspel|høringssvar|uttal\w*|notat|brev)\b.*(utvalg|utval|komit)|utval\w*\b.*(innspill|innspel)",
                re.I), "hearing_input"),
    (re.compile(r"\bhøring(ssvar|suttalelse|sinnspill|snotat)?\b", re.I), "consultation_response"),
    (re.compile(r"(innspill|innspel)\b", re.I), "hearing_input"),
)


#: A document that calls itself a report, in a sentence or heading about itself at its head: "Denne scenariorapporten er
#: laget som et innspill til …", "Om denne rapporten". Another report it cites ("Til tross for denne rapporten har jeg
#: ikke …", "Riksrevisjonen påpekte i sin rapport") does not count: the phrase must open the sentence or heading.
_REPORT_SELF = re.compile(r"(?:^|[.!?]\s+)(?:#+\s*)?(?:(?:i\s+)?denne\s+\w*rapporten\s+(?:er|har|gir|beskriver|presenterer|"
                          r"oppsummerer|bygger|viser)\b|(?:\d+(?:\.\d+)*\.?\s+)?om\s+(?:denne\s+)?\w*rapporten\s*$)",
                          re.IGNORECASE | re.MULTILINE)


def guess_doc_type(title: Guess | None, pages: Sequence[str], file_name: str) -> Guess | None:
    """The document type from words in the title, then short lines at the head of the first page, then the file name.

    Input to a committee ("innspill til …utvalget") is hearing_input, a "høringssvar" without a committee a
    consultation response, "budsjettinnspill" a budget input, a programme or white paper a position programme.
    """
    first = _lines(pages[:1])
    if not (title and any(pattern.search(title.value) for pattern, _ in _DOC_TYPE_RULES)):
        for line in first[: HEAD_LINES * 2]:  # a report says so about itself; the title's own words come first
            if _REPORT_SELF.search(strip_markup(line.text)):
                return Guess("other", "report_words", line.text[:160])
    head = "\n".join(x.text for x in first[:HEAD_LINES] if len(x.text.split()) <= 14)
    for text, rule in ((title.value if title else "", "doc_type_words"), (head, "doc_type_words"),
                       (Path(file_name).stem.replace("-", " ").replace("_", " "), "file_name")):
        for pattern, doc_type in _DOC_TYPE_RULES:
            if pattern.search(text):
                line = next((x for x in text.splitlines() if pattern.search(x)), text)
                return Guess(doc_type, rule, line[:160])
    return None


# --- file name fallback ----------------------------------------------------------------------------

_PUBLISHED_PREFIX = re.compile(r"^((?:19|20)\d{2})-(0[1-9]|1[0-2])-")


#: Words of a file name that name no sender: the document's kind, its addressee (also misspelt), labels, dates.
_GENERIC_FILE_WORDS = re.compile(
    r"^(innspill|innspel|inspill|innspillsdokument|til|fra|frå|hel[sr]\w*(?:utval|kommisjon)\w*|helsreformutvalget|hru|hrfu|"
    r"høring\w*|horing\w*|notat|brev|uttale|uttalelse|final|versjon|signert|innsendt|kopi|vedlegg|skriftlig|utfordring\w*|"
    r"om|og|i|på|pa|av|the|pdf|docx|dokument|kommentar\w*|referansegruppe|problembeskrivelse|den|det|helsereform\w*|"
    r"faktaark|kortversjon|presentasjon|status|forslag|felles|sitt|sin|sine|nye|ny|x|ved|leder|"
    rf"{_MONTH}|\d+\w*)$",
    re.IGNORECASE,
)
#: A sender's name after "fra" in a file name ends at these words ("…-fra-Tyrili-til-…", "…-fra-Abelia-04.12.2025").
_FILE_NAME_STOP = re.compile(rf"^(til|om|innspill|innspel|notat|vedr\w*|ang\w*|{_MONTH}|\d+\w*)$", re.IGNORECASE)
_FILE_NAME_TO = frozenset({"til", "ved", "v", "att", "leder", "utvalgsleder"})
_ACRONYM_WORD = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9]{1,7}s?")


def _file_name_words(stem: str) -> list[str]:
    """The words of a file name without the publisher's "YYYY-MM-" prefix (nor a second date prefix)."""
    stem = _PUBLISHED_PREFIX.sub("", unquote(stem))
    return [w for w in re.split(r"[-_\s.–—]+", stem) if w]


def _name_in_file_name(stem: str) -> str:
    """A sender named in a file name: "…-Privatperson-Veronica-Berg-…" -> "Veronica Berg", "…-fra-NHO" -> "NHO",
    "Hjerneradets-innspill-…" -> "Hjerneradets", "…-SAFO" -> "SAFO"; else "" (several unrelated words, or none)."""
    words = _file_name_words(stem)
    lowered = [w.lower() for w in words]
    for marker in ("privatperson", "privatpersons"):
        if marker in lowered:
            rest = [w for w in words[lowered.index(marker) + 1 :] if not _GENERIC_FILE_WORDS.match(w)]
            person = []
            for w in rest:
                if not re.fullmatch(r"[A-ZÆØÅ][a-zæøåé]+", w):
                    break
                person.append(w)
            return " ".join(person[:3]) if len(person) >= 2 else ""
    for marker in ("fra", "frå", "from"):
        if marker in lowered:
            kept = []
            for w in words[lowered.index(marker) + 1 :]:
                if _FILE_NAME_STOP.match(w):
                    break
                kept.append(w)
            while kept and _GENERIC_FILE_WORDS.match(kept[-1]):
                kept.pop()
            if kept and re.match(r"[A-ZÆØÅ]", kept[0]) or len(kept) >= 2:
                return " ".join(kept)
    runs: list[list[str]] = [[]]
    skipping = False
    for i, w in enumerate(words):
        # the words after "til", "ved leder" … name the addressee ("Innspill-til-KS-…", "…-ved-leder-Gunnar-Bovim")
        if i > 0 and lowered[i - 1] in _FILE_NAME_TO and not runs[-1]:
            skipping = True
        if re.fullmatch(r"(?:fylkes)?kommunen?", w, re.IGNORECASE) and runs[-1] and not skipping:
            runs[-1].append(w)  # "Troms-fylkeskommune"
        elif _GENERIC_FILE_WORDS.match(w) or not re.match(r"[A-ZÆØÅ]", w) or skipping:
            skipping = skipping and not (_GENERIC_FILE_WORDS.match(w) or not re.match(r"[A-ZÆØÅ]", w))
            runs.append([])
        else:
            runs[-1].append(w)
    runs = list(dict.fromkeys(tuple(r) for r in runs if r))  # "Parorendealliansen-Status-…-Parorendealliansen"
    acronyms = [w for r in runs for w in r if _ACRONYM_WORD.fullmatch(w)]
    if len(runs) == 1 and (len(runs[0]) <= 4 and len(" ".join(runs[0])) >= 3):
        return " ".join(runs[0])
    shaped = [r for r in runs if _ORG_WORDS.search(" ".join(r)) and len(r) <= 4]
    if len(shaped) == 1:
        return " ".join(shaped[0])  # "Troms-fylkeskommune-…-Vedtak"
    return acronyms[0] if len(set(acronyms)) == 1 else ""


def _fold_word(word: str) -> str:
    """A word compared with a file name's: lower case, ø/å/æ as a file name writes them, a genitive -s off."""
    word = unicodedata.normalize("NFKC", word).lower().translate(_FILE_FOLD)
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


_FILE_FOLD = str.maketrans({"ø": "o", "å": "a", "æ": "ae", "é": "e", "ö": "o", "ä": "a"})


def _spelled_in_text(name: str, pages: Sequence[str]) -> str | None:
    """The text's own spelling of a name taken from a file name ("Hjerneradets" -> "Hjernerådet",
    "Horselsforbundet Oppdal og Rennebu" -> "Hørselsforbundet Oppdal og Rennebu"), or None when the text lacks it.
    A form without the genitive -s is preferred when the text has both."""
    target = [_fold_word(w) for w in re.findall(r"[^\W_]+", name)]
    if not target:
        return None
    text = " ".join(pages)
    spans = [(m.start(), m.end(), _fold_word(m[0])) for m in re.finditer(r"[^\W_]+", text)]
    forms: Counter[str] = Counter()
    for i in range(len(spans) - len(target) + 1):
        window = spans[i : i + len(target)]
        form = text[window[0][0] : window[-1][1]]
        # the words in a row, joined by a space or hyphen only ("SamSår-prosjektet" for "SamSar-prosjektet")
        if [w for _, _, w in window] == target and re.match(r"[A-ZÆØÅ]", form) and re.fullmatch(r"[\w\- ]+", form):
            forms[form] += 1
    if not forms:
        return None
    best = max(forms, key=lambda f: (not f.endswith("s") or f.endswith("ss"), forms[f], f[0].isupper()))
    if best.endswith("s") and not best.endswith("ss") and _fold_word(best.split()[-1]) != best.split()[-1].lower():
        best = best[:-1]  # only the genitive occurs: "Teknas innspill" -> "Tekna"
    return best


def _capitalised_count(word: str, pages: Sequence[str]) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", " ".join(pages)))


def _in_lower_case(name: str, pages: Sequence[str]) -> bool:
    """Whether the text also writes the name with a lower-case first letter (then it is a word, not a proper name);
    a web or e-mail address ("www.tekna.no", "post@tekna.no") does not count."""
    lower = name[:1].lower() + name[1:]
    return lower != name and re.search(rf"(?<![\w\-./@]){re.escape(lower)}(?!\w|[.@]\w)",
                                       " ".join(" ".join(pages).split())) is not None


def _extended_in_text(named: str, words: Sequence[str], pages: Sequence[str]) -> str:
    """A one-word name from a file name with the lower-case words that follow it there, when the text writes them
    together as a proper name (capitalised, never in lower case): "2026-05-Norsk-helsenett" -> "Norsk helsenett"."""
    if len(named.split()) != 1 or named not in words:
        return named
    i = words.index(named)
    following = []
    for w in words[i + 1 : i + 4]:
        if not re.fullmatch(r"[a-zæøå][\wæøå]+", w) or _GENERIC_FILE_WORDS.match(w) or _FILE_NAME_STOP.match(w):
            break
        following.append(w)
    for k in range(len(following), 0, -1):
        longer = " ".join([named, *following[:k]])
        spelled = _spelled_in_text(longer, pages)
        # a name the text keeps writing ("Norsk helsenett viser til …", "… har Norsk helsenett …"), not a title's words
        # written once ("Teknas første innspill")
        if spelled and spelled[:1].isupper() and not _in_lower_case(spelled, pages) and _capitalised_count(spelled, pages) >= 3:
            return longer
    return named


def organisation_from_file_name(name: str, pages: Sequence[str] = (), organisations: Sequence[str] = ()) -> Guess | None:
    """The sender a file name names, spelled as the text or a known organisation spells it, or None.

    A known organisation named in it wins; else the words left after the publisher's prefix, dates and
    common words (innspill, til, fra, helsereformutvalget, notat …). A lone word that is neither an acronym,
    nor known, nor written in the text is not taken: "Skriftlig-innspill-…" names no sender."""
    stem = Path(name).stem
    words = _file_name_words(stem)
    # the word after "til" is the addressee ("Innspill-til-KS-…"), not a sender
    known = _known_in(" ".join(w for i, w in enumerate(words) if not (i and words[i - 1].lower() == "til")), organisations)
    named = _name_in_file_name(stem)
    if not named:
        return Guess(known, "file_name", name) if known else None
    named = _extended_in_text(named, words, pages)
    spelled = _spelled_in_text(named, pages)
    if spelled and _ACRONYM_WORD.fullmatch(named) and re.search(rf"\b[a-zæøå][\w\-]+\s*\({re.escape(named)}\)", " ".join(pages)):
        spelled = None  # the text introduces it as a term's abbreviation: "digital hjemmeoppfølging (DHO)"
    if spelled and len(named.split()) == 1 and not _ACRONYM_WORD.fullmatch(named) and not _ORG_WORDS.search(named) \
            and (_capitalised_count(spelled, pages) < 3 or _in_lower_case(spelled, pages)):
        # a lone word the text writes once or twice ("Fremtidssikring" opening the title) is no name, nor one it also
        # writes in lower case (a topic word: "Vedlegg-3-Psykisk-helsevern" with "psykisk helsevern" in the text)
        spelled = None
    value = usual_name(spelled or named, organisations)
    support = (("name_in_text", spelled),) if spelled else (("known_name_file", value),) if value in organisations else ()
    # without support, an acronym the text never writes is no sender when the file name shows it is a person's initials
    # (a surname follows: "…-AK-Befring") or an event (a year follows: "…-i-Norden-NSH-2026"); a lone one stays
    # ("…-i-Norge-LHL": the file name is then the only place that names the sender)
    if not support and _ACRONYM_WORD.fullmatch(named) and named in words and words.index(named) + 1 < len(words):
        after = words[words.index(named) + 1]
        if re.fullmatch(r"(?:19|20)\d{2}", after) or re.fullmatch(r"[A-ZÆØÅ][a-zæøåé]+", after) and len(named) <= 3:
            return Guess(known, "file_name", name) if known else None
    if support or _ACRONYM_WORD.fullmatch(named) or len(named.split()) >= 2:
        return Guess(value, "file_name", name, support)
    return Guess(known, "file_name", name) if known else None


def guess_from_file_name(name: str, organisations: Sequence[str] = (), pages: Sequence[str] = ()) -> dict[str, Guess]:
    """Fallbacks from the file name: the sender it names (organisation_from_file_name), and the year of a
    "YYYY-MM-" prefix (a publisher's month of publication, so never a date)."""
    out: dict[str, Guess] = {}
    organisation = organisation_from_file_name(name, pages, organisations)
    if organisation:
        out["organisation"] = organisation
    prefix = _PUBLISHED_PREFIX.match(Path(name).stem)
    if prefix:
        out["year"] = Guess(prefix[1], "file_name_prefix", name)
    return out


def guess_metadata(pages: Sequence[str], file_name: str, organisations: Sequence[str] = (),
                   running_lines: Sequence[str] = ()) -> dict[str, Guess]:
    """organisation, date, year, title and doc_type guessed from the text (file name as fallback), each with
    evidence; running_lines are page header and footer lines kept apart from the pages (a DOCX's)."""
    guesses: dict[str, Guess] = {}
    date = guess_date(pages, running_lines)
    if date:
        guesses["date"] = date
    year = guess_year(pages, date)
    fallback = guess_from_file_name(file_name, organisations, pages)
    organisation = choose_organisation(guess_organisation(pages, organisations, running_lines),
                                       fallback.get("organisation"))
    if organisation:
        guesses["organisation"] = organisation
    if year is None:
        year = fallback.get("year")
    if year:
        guesses["year"] = year
    title = guess_title(pages, organisations)
    if title:
        guesses["title"] = Guess(title.value[:200], title.rule, title.quote)
    doc_type = guess_doc_type(title, pages, file_name)
    if doc_type:
        guesses["doc_type"] = doc_type
    return guesses
