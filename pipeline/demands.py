"""Demands (krav og anbefalinger): which sentences and list items ask for an action or a state.

Definition (data/codebook.md, "Krav og anbefalinger / Demands"): a *demand* is a sentence or list
item in which the submitting organisation itself asks for, recommends, proposes or insists on an
action or a state. Not demands: descriptive or hedging må/bør ("pasienter må ofte vente", "det må
antas"), proposals of others that the organisation does not endorse, past forms, relative and
consequence clauses describing circumstances. *Soft* positions ("X er avgjørende for Y") are a
separate class.

The detector is a set of readable rules over one unit (pipeline.sentences.Unit) and its context;
each hit carries the rule, the cue words as written and, where named, the addressee. Blocks are
checked before rules. Rules were tuned on the development organisations only; the held-out
organisations (data/eval/demands_heldout_organisations.csv) measure them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from .sentences import Unit

DEMAND = "demand"
SOFT = "soft"

# --- word lists (lower case) -------------------------------------------------------------------
#: Present-tense verbs of asking, recommending, proposing, insisting (own voice).
_OWN_VERBS = (
    r"ber(?:\s+om)?|anbefaler|foreslår|krever|oppfordrer|forventer|etterlyser|etterspør|tilrår|fraråder|advarer\s+mot|"
    r"går\s+inn\s+for|går\s+imot|går\s+mot|støtter|vil\s+(?:sterkt\s+|derfor\s+|også\s+)*(?:anbefale|foreslå|oppfordre|be\s+om|"
    r"be\s+|kreve|tilrå|understreke\s+(?:behovet|betydningen|viktigheten)|peke\s+på\s+behovet|arbeide\s+for|jobbe\s+for)|"
    r"arbeider\s+for|jobber\s+for|kjemper\s+for|ønsker(?:\s+seg)?\s+(?:at|en|et|økt|flere|mer|bedre)|"
    r"tror\s+det\s+er\s+nødvendig|ser\s+det\s+som\s+nødvendig"
)
#: Opinion verbs: a demand when their complement directs (må/bør/behov/nødvendig), else a soft position.
_OPINION_VERBS = r"mener|synes|er\s+(?:av\s+den\s+oppfatning|enig\s+i|positive?\s+til|glad\s+for)|vurderer\s+det\s+som|ser\s+det\s+som"
#: Generic self-references of a submitting body.
_SELF = r"vi|jeg|undertegnede|foreningen|forbundet|organisasjonen|fagforeningen|rådet|styret|landsstyret|kongressen|utvalget\s+vårt"
#: Others whose proposals a submission reports ("Utvalget foreslår …"): not the submitter's own voice.
_OTHERS = (
    r"utvalget|kommisjonen|helsepersonellkommisjonen|regjeringen|departementet|meldingen|stortingsmeldingen|rapporten|nou-en|"
    r"utredningen|direktoratet|helsedirektoratet|høringsnotatet|forslaget|planen|strategien|ekspertgruppen|arbeidsgruppen|"
    r"sekretariatet|statsråden|ministeren|myndighetene|forskerne|studien|evalueringen|riksrevisjonen|oecd|who"
)
_REPORTING = r"foreslår|anbefaler|mener|påpeker|skriver|peker\s+på|legger\s+opp\s+til|vil|viser\s+til|konkluderer|tar\s+til\s+orde"
#: Addressees of directives: who must act. Matched as the subject before må/bør/skal.
ADDRESSEES = (
    "regjeringen", "stortinget", "staten", "departementet", "helse- og omsorgsdepartementet", "kunnskapsdepartementet",
    "hod", "myndighetene", "helsemyndighetene", "nasjonale myndigheter", "kommunene", "kommunen", "fylkeskommunene",
    "helseforetakene", "sykehusene", "de regionale helseforetakene", "rhf-ene", "spesialisthelsetjenesten",
    "helsedirektoratet", "direktoratet", "utvalget", "helsereformutvalget", "arbeidsgiverne", "arbeidsgiver", "arbeidsgivere",
    "universitetene", "utdanningsinstitusjonene", "uh-sektoren", "ks", "partene", "helsefellesskapene", "politikerne",
    "nav", "fastlegene", "lovgiver", "tilsynsmyndighetene",
)
_IMPERSONAL = r"det|dette|man|disse|den|alle|vi|nito"
#: Words right after må/bør that make it descriptive or hedging rather than directive.
_HEDGES = (
    r"ofte|gjerne|alltid|jo|nok|antas|forventes|påregnes|regnes|sies|nevnes|understrekes|presiseres|bemerkes|påpekes|"
    r"tas\s+forbehold|vente|reise|betale|leve|slite|forholde|dra|oppsøke|dessverre|i\s+dag|i\s+praksis|derfor\s+vente|"
    r"kunne\s+forventes|ansees|anses|tolkes|forstås|ha\s+vært|ha\s+blitt"
)
#: Subordinate markers that make a må/bør clause a circumstance ("pasienter som må reise").
_SUBORDINATE = r"som|når|hvis|dersom|fordi|der|hvor|slik\s+at|så\s+lenge|om|hvorfor|hvordan|hva|hvem|enten|ettersom|siden|mens|før|etter\s+at"
_NECESSITY = (
    r"\b(?:det\s+(?:\w+\s+){0,2}(?:er|blir)|(?:er|blir)\s+det)\s+(?:\w+\s+){0,4}?(?:behov\s+for|nødvendig\s+(?:å|med|at)|påkrevd|"
    r"på\s+tide\s+(?:å|at))|\bdet\s+trengs\b|\btrengs\s+det\b|\bdet\s+haster\s+(?:med|å)|\bvi\s+trenger\b|"
    r"\b(?:vi\s+ser|ser\s+vi)\s+(?:\w+\s+){0,3}behov\s+for"
)
_SOFT = (
    r"(?:er|blir)\s+(?:helt\s+|svært\s+|særlig\s+|spesielt\s+|derfor\s+|også\s+)*(?:avgjørende|viktig|vesentlig|sentralt?|"
    r"en\s+(?:viktig\s+|nødvendig\s+|grunnleggende\s+)?forutsetning|nødvendig\s+for|kritisk|essensielt?|fundamentalt?)\b"
)
#: Heading openers that phrase a demand ("Flere studieplasser …", "Behov for …", "Nei til …").
_HEADING_DEMAND = r"^(?:flere|økt|økte|mer|styrket|styrking\s+av|behov\s+for|krav\s+om|nei\s+til|ja\s+til|opptrapping|satsing\s+på|bedre\s+\w+ing)\b"
#: List intros that introduce demands without a verb ("Våre anbefalinger:", "Forslag til tiltak:").
_INTRO_NOUNS = r"\b(?:anbefaling(?:er|ene)?|forslag(?:ene)?|krav(?:ene)?|tiltak|innspill|råd|prioritering(?:er)?|tilrådning(?:er)?)\b"
#: Verbs read as imperatives even where the lemmatiser does not give "<word>e" (monosyllables, misreadings).
_EXTRA_IMPERATIVES = frozenset({"gi", "ta", "la", "gå", "få", "se", "øk", "lag", "sats", "skap", "legg", "still", "hev", "fjern",
                                "opprett", "støtt", "stans", "stopp", "tilby", "bygg", "gjeninnfør", "fortsett", "bevar",
                                "avvikl", "utvid", "forenkl", "samordn", "endr", "lytt", "tenk", "flytt", "hold", "tillat"})
#: Infinitives that open demand-phrased headings and list items ("Sikre nok personell").
_INFINITIVE_OPENERS = frozenset({"sikre", "styrke", "etablere", "innføre", "øke", "utvikle", "videreutvikle", "beholde",
                                 "prioritere", "gjennomføre", "opprette", "utrede", "vurdere", "fjerne", "redusere",
                                 "finansiere", "fullfinansiere", "tilrettelegge", "legge", "gi", "satse", "bygge", "utvide",
                                 "forenkle", "samordne", "endre", "investere", "øremerke", "stimulere", "bevare", "tydeliggjøre",
                                 "sørge", "ta", "heve", "bruke", "lage", "skape", "stille", "rekruttere", "utdanne", "forbedre", "fornye",
                                 "gjøre", "åpne", "jobbe", "dele", "bidra", "få", "standardisere", "modernisere",
                                 "revidere", "integrere", "samle", "flytte", "overføre", "tydeliggjøre", "innrette"})


@dataclass(frozen=True)
class Detection:
    """Why a unit is a demand: its kind, the rule that fired, the cue as written and the addressee if named."""

    kind: str  # DEMAND | SOFT
    rule: str
    cue: str
    addressee: str = ""


@lru_cache(maxsize=4096)
def _self_pattern(organisation: str) -> re.Pattern:
    """Own-voice subjects: the generic ones plus the organisation's name, its words and its acronym."""
    names = {organisation.lower().strip()} if organisation.strip() else set()
    for word in re.findall(r"[\wæøå\-]+", organisation.lower()):
        if len(word) >= 4 and word not in {"norsk", "norske", "norges", "forening", "foreningen", "forbund", "nasjonalt",
                                           "nasjonal", "senter", "for", "og", "helse", "kommune", "universitet"}:
            names.add(word)
    for acronym in re.findall(r"\(([A-ZÆØÅ]{2,})\)", organisation):
        names.add(acronym.lower())
    alternatives = [re.escape(n) + r"(?:en|et|s)?" for n in sorted(names, key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join([_SELF] + alternatives) + r")\b")


@lru_cache(maxsize=20000)
def is_imperative(word: str) -> bool:
    """'Behold', 'Styrk', 'Innfør': the bare stem of a verb whose infinitive is the word + e."""
    w = word.lower().strip(".,:;!»«\"()")
    if len(w) < 2 or not w.isalpha():
        return False
    return w in _EXTRA_IMPERATIVES or simplemma.lemmatize(w, lang="nb") == w + "e"


def _clause_before(text: str, end: int) -> str:
    """The clause that ends at position end: back to the last comma, semicolon, colon, dash or bracket."""
    start = max(text.rfind(c, 0, end) for c in ",;:–(")
    return text[start + 1 : end]


def _addressee(subject: str) -> str:
    subject = subject.strip().lower()
    for name in sorted(ADDRESSEES, key=len, reverse=True):
        if re.search(rf"(?:^|\s){re.escape(name)}$", subject):
            return name
    return ""


_MODAL = re.compile(r"\b(må|bør)\s+(ikke\s+)?(\S+)")
#: Frames that report what others proposed, decided or found ("Utvalget foreslår at …", "Stortinget vedtok at …").
_REPORTED = re.compile(
    rf"\b(?:{_OTHERS})s?\s+(?:har\s+)?(?:\S+\s+)?(?:{_REPORTING})\b|\bi\s+(?:meldingen|rapporten|utredningen|nou-en)\b|"
    r"\b(?:varslet|vedtok|foreslo|anbefalte|besluttet|bestemte|konstaterte|påpekte|pekte\s+på|understreket|fremholdt|mente|"
    r"har\s+(?:\S+\s+){0,5}?(?:foreslått|anbefalt|varslet|vedtatt|påpekt|bedt\s+om))\s+(?:\S+\s+){0,3}?(?:at|å|om)\b|\bfremholdes\b|\bheter\s+det\b|"
    r"\bdet\s+er\s+planlagt\b|\bpeker\s+(?:blant\s+annet\s+)?på\s+at\b|\ber\s+vurdert\s+som\b|\bved\s+å\s+foreslå\b"
)
#: Clauses that state a consequence or circumstance ("kan medføre at helsefagarbeidere må ha …").
_CONSEQUENCE = re.compile(r"(?<!\bdet\s)(?<!\bdette\s)\b(?:medføre|medfører|fører\s+til|gjør|innebærer|betyr|tilsier|slik)\s+at\b")
_HEDGED_FRAME = re.compile(r"\bantar\s+(?:vi|man)\b|\bkan\s+(?:\S+\s+)?medføre\b")
_PASSIVE = re.compile(r"(?:(?:det|også|derfor|i\s+større\s+grad|tydeligere|raskt|snarest|ytterligere|videre|fortsatt|"
                      r"aktivt|tidlig|bedre|nå)\s+)*[a-zæøå]{3,}s\b")
_PATIENTS = re.compile(r"\b(?:pasient\w*|bruker\w*|pårørende|innbygger\w*|eldre|mange|de|han|hun|folk|personer|familier)\b")


def _own_voice(text: str, organisation: str) -> re.Match | None:
    subject = _self_pattern(organisation).pattern
    pattern = re.compile(
        rf"(?<!\bhvor\s)(?<!\bder\s)(?<!\bsom\s)(?:{subject})(?:\s+(?:i\s+\S+|derfor|også|sterkt|videre|fortsatt|klart|tydelig|gjerne|"
        rf"likevel|primært|samtidig|generelt|særlig|spesielt|ikke|\w+s))?\s+(?:{_OWN_VERBS})\b"
        rf"|\b(?:{_OWN_VERBS})\s+(?:{subject})\b"
    )
    match = pattern.search(text)
    if match and re.search(r"\bstøtter\b", match.group(0)):
        rest = text[match.end():]
        if not re.match(r"\s*(?:\S+\s+){0,2}(?:forslag\w*|anbefaling\w*|at|tiltak\w*|intensjon\w*|målet|etablering\w*|"
                        r"innføring\w*|videreføring\w*|opprettelse\w*|økt\w*|en\s|et\s|flertallets|mindretallets|"
                        r"utvalgets|kommisjonens|regjeringens)", rest):
            return None
    return match


def _opinion(text: str, organisation: str) -> re.Match | None:
    subject = _self_pattern(organisation).pattern
    return re.search(rf"(?:{subject})(?:\s+\S+)?\s+(?:{_OPINION_VERBS})\b|\b(?:{_OPINION_VERBS})\s+(?:{subject})\b", text)


def _directive_modal(text: str) -> Detection | None:
    """'Regjeringen må …', 'det må bevilges …', 'kompetansen må styrkes': a directive må/bør."""
    for match in _MODAL.finditer(text):
        modal, negation, following = match.group(1), (match.group(2) or "").strip(), match.group(3)
        after = text[match.start(3) :] if not negation else text[match.start(2) + len("ikke ") :]
        if re.match(rf"(?:(?:det|derfor|også)\s+)?(?:{_HEDGES})\b", after):
            continue
        clause = _clause_before(text, match.start()).strip()
        words = clause.split()
        passive = bool(_PASSIVE.match(after))
        head = text[: match.start()]
        if (_CONSEQUENCE.search(head[-80:]) and not passive) or _HEDGED_FRAME.search(head):
            continue
        relative = re.search(rf"(?:^|\s)(?:{_SUBORDINATE}|da)(?:\s+\S+){{0,4}}$", clause) and not re.search(r"\bat$", clause)
        if relative:
            close = re.search(rf"(?:^|\s)(?:{_SUBORDINATE})(?:\s+\S+)?$", clause)
            cleft = re.search(r"\b(?:dette|det|disse|her)\b(?:\s+\S+){0,2}?\s+er\b|\ber\s+det\b|^(?:og|men)\s+som$", clause)
            verb_done = re.search(r"\bsom\s+(?:\S+\s+)?[a-zæøå]{3,}(?:es|er|te|de)\b(?:\s+\S+){0,3}$", clause)
            if not ((passive and (cleft or not close)) or (verb_done and not close)):
                continue  # "pasienter som må reise …", "når kommunene må …"; kept: "Dette er strukturer som bør styrkes"
        addressee = _addressee(" ".join(words[-5:])) if words else ""
        cue = f"{' '.join(words[-3:])} {modal}{' ikke' if negation else ''} {following}".strip()
        if addressee or passive or not words or (words and re.fullmatch(rf"(?:{_IMPERSONAL})", words[-1])):
            return Detection(DEMAND, "directive_modal", cue, addressee)
        if len(words) <= 12 and not _PATIENTS.search(" ".join(words[-2:])):
            return Detection(DEMAND, "directive_modal", cue, "")
    return None


_NOT_IMPERATIVE_NEXT = frozenset({"av", "for", "i", "med", "til", "på", "og", "er", "som", "var", "har", "blir", "ble", "gir",
                                  "viser", "kan", "vil", "skal", "må", "bør", "fra", "om", "ved", "mellom", "innen", "under"})
_FINITE_EARLY = re.compile(r"^\S+(?:\s+\S+){0,5}?\s+(?:er|var|har|hadde|gir|viser|blir|ble|kan|vil|skal|får|fikk|prøves|innføres)\b")


def _imperative_opening(raw: str) -> str:
    """The first word if the unit opens with an imperative ("Behold fastlegeordningen"), else ""."""
    words = raw.split()
    first = words[0]
    if not first[:1].isupper() or first.isupper() or first.endswith(".") or not is_imperative(first):
        return ""
    following = words[1].lower().strip(",.:;") if len(words) > 1 else ""
    if following in _NOT_IMPERATIVE_NEXT or _FINITE_EARLY.match(raw.lower()):
        return ""
    if re.match(r"(?:ta\s+(?:gjerne\s+)?kontakt|se\s+(?:også|omtale|kapittel|vedlegg|figur|tabell|punkt))\b", raw.lower()):
        return ""
    return first


def _infinitive_opening(raw: str) -> str:
    """'Sikre nok personell', 'bidra til …': a unit that opens with an infinitive of action (headings, list items)."""
    first = raw.split()[0]
    word = first.lower().strip(".,:;")
    if word in _INFINITIVE_OPENERS:
        return first
    if first[:1].islower() and len(word) > 3 and word.endswith(("e", "a", "å")) and simplemma.lemmatize(word, lang="nb") == word \
            and simplemma.lemmatize(word + "r", lang="nb") == word:
        return first  # "bidra til …", "jobbe fram …": lower-case item openers are verbs, not nouns
    return ""


#: Intros that announce consequences or goals rather than demands ("… vil:", "Målet er å:").
_NON_DEMAND_INTRO = re.compile(r"\bvil\s*:$|\b(?:målet|formålet|hensikten)\s+(?:med\s+\S+\s+)?er\s+(?:å|at)\b|"
                               r"\b(?:fordeler|ulemper|utfordringer|barrierer|eksempler|resultat\w*)\b")
_DIRECTIVE_INTRO = re.compile(r"\b(?:må|bør|krever|forutsetter|trengs|trenger|behov\s+for|anbefale|foreslå|sikre)\s*(?:derfor\s*)?:?$")


def _intro_strength(intro: str, organisation: str) -> str:
    """'strong' for an intro that announces demands ("Vi anbefaler:", "Det bør derfor:", "Våre forslag:"),
    'opinion' for "NITO mener:", '' otherwise."""
    intro = intro.lower().strip()
    if not intro or _NON_DEMAND_INTRO.search(intro):
        return ""
    if _DIRECTIVE_INTRO.search(intro) or re.match(r"hva\s+(?:må|bør)\b", intro):
        return "strong"
    if re.match(rf"(?:{_OTHERS})\b", intro) and not _own_voice(intro, organisation):
        return ""
    if _own_voice(intro, organisation) or re.search(_INTRO_NOUNS, intro) or _DIRECTIVE_INTRO.search(intro) \
            or _directive_modal(intro) or re.search(_NECESSITY, intro):
        return "strong"
    if _opinion(intro, organisation):
        return "opinion"
    return ""


_DECLARATIVE = re.compile(r"\b(?:er|var|kan|har|gir|spiller|utgjør|vil|blir|finnes|mangler|skaper|bidrar)\b")


def detect(unit_text: str, *, context: str = "", heading: str = "", is_item: bool = False, is_heading: bool = False,
           organisation: str = "") -> Detection | None:
    """The demand (or soft position) a unit expresses, with its evidence; None when it expresses none.

    context is the list's introductory line for list items; heading the section heading (for items
    without an intro line, a heading such as "Helsereformen må" or "Regjeringen vil" is their intro).
    """
    raw = " ".join(str(unit_text).split())
    text = raw.lower()
    if not text or text.endswith("?") or len(re.findall(r"\w+", text)) < 2 or "http" in text:
        return None
    reported = _REPORTED.search(text)
    own = _own_voice(text, organisation)
    if own and not (reported and reported.start() < own.start()):
        rest = text[own.end():].strip(" :")
        if text.endswith(":") and len(re.findall(r"\w+", rest)) <= 3 and not re.search(r"\b(?:om|at)\b", rest[:3]):
            return None  # a bare intro ("Vi anbefaler:", "Sanofi foreslår følgende tiltak:"): its items carry the demands
        return Detection(DEMAND, "own_voice", raw[own.start() : own.end()])
    if is_item:
        intro = context or (heading if heading.rstrip().endswith((":", "må", "bør")) or re.match(rf"(?:{_OTHERS})\s+vil\b",
                                                                                              heading.lower()) else "")
        strength = _intro_strength(intro, organisation) if intro else ""
        if intro and not strength and re.match(rf"(?:{_OTHERS})\b", intro.lower()):
            return None  # "Regjeringen vil:" — the items are the government's plans
        if strength == "strong":
            return Detection(DEMAND, "list_item", intro.strip())
        if strength == "opinion":
            # "NITO mener:" introduces assessments as well as demands: an item that is a full statement is
            # a demand only if it directs by itself.
            own_reading = detect(raw, heading=heading, organisation=organisation)
            if own_reading is not None and own_reading.kind == DEMAND:
                return own_reading
            if _DECLARATIVE.search(text):
                return Detection(SOFT, "list_item", intro.strip())
            return Detection(DEMAND, "list_item", intro.strip())
        if intro and not strength:
            intro_blocks = True  # a non-demand intro ("… vil:", "Målet er å:") also rules out the infinitive reading
        else:
            intro_blocks = False
    else:
        intro_blocks = False
    if reported:
        return None
    passive_ask = re.search(r"\b(?:anbefales|foreslås|tilrås)\b", text)
    if passive_ask:
        return Detection(DEMAND, "own_voice", raw[passive_ask.start() : passive_ask.end()])
    opinion = _opinion(text, organisation)
    modal = _directive_modal(text)
    if modal:
        return modal
    necessity = re.search(_NECESSITY, text)
    if necessity:
        return Detection(DEMAND, "necessity", raw[necessity.start() : necessity.end()])
    imperative = _imperative_opening(raw)
    if imperative:
        return Detection(DEMAND, "imperative", imperative)
    if (is_heading or is_item) and len(raw.split()) <= 30 and not intro_blocks:
        infinitive = _infinitive_opening(raw)
        if infinitive:
            return Detection(DEMAND, "heading" if is_heading else "list_item", infinitive)
        heading_match = re.match(_HEADING_DEMAND, text)
        if heading_match and is_heading and not text.endswith(":"):
            return Detection(DEMAND, "heading", raw[: heading_match.end()])
    if opinion:
        return Detection(SOFT, "opinion", raw[opinion.start() : opinion.end()])
    soft = re.search(_SOFT, text)
    if soft and not re.search(r"\b(?:var|ble|har\s+vært)\b", text[: soft.start()][-30:]):
        return Detection(SOFT, "soft", raw[soft.start() : soft.end()])
    return None


#: Cue words of demands, for the evaluation's stratum "unflagged with cue words" (broader than the rules).
CUE_WORDS = re.compile(
    r"\b(?:må|bør|skal|mener|ber|anbefal\w*|foresl\w*|krev\w*|oppfordr\w*|behov|nødvendig|viktig|avgjørende|ønsk\w*|"
    r"forvent\w*|støtt\w*|sikre|styrke|øke|trengs|haster|forutsetning)\b",
    re.IGNORECASE,
)


def detect_units(units: Sequence[Unit], organisation: str) -> list[Detection | None]:
    """detect() for each unit of one document."""
    return [detect(u.text, context=u.intro, heading=u.heading, is_item=u.is_item, is_heading=u.is_heading,
                   organisation=organisation) for u in units]
