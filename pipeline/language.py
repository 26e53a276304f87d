"""Norwegian tokens, lemmas, stopwords and compounds (Bokmål, and Nynorsk lemmas), backed by maintained packages.

* Lemmas: simplemma 2.0 (``lang="nb"``; 0.97 on 167 hand-checked types of the seed corpus,
  see research/NLP-NOTES.md) with a few fixes for its known misses:
  output is lower-case; acronyms stay one form ("KI" -> "ki", "AI" -> "ai": both kept as
  written, lower-cased, never lemmatised, so the two are handled the same way);
  possessive -s on names and acronyms is dropped ("NITOs" -> "nito",
  "Helsepersonellkommisjonens" -> "helsepersonellkommisjon"); hyphenated compounds keep
  their first parts and lemmatise the last ("IKT-ingeniører" -> "ikt-ingeniør"); genitive
  -s on unknown words is dropped ("heltids" -> "heltid"); an unknown compound lemmatises its
  known head only, so "prøvesvar" no longer becomes the verb "prøvesvære" and a noun head
  stays a noun ("behandlingsanlegg"), and a head in a definite noun form is that noun
  ("audiografforbundet" -> "audiografforbund", "pasientforløpet" -> "pasientforløp", where
  simplemma reads the verbs "forbinde", "forløpe"); a compound modifier may itself be a compound
  ("helsereformutvalgets" -> "helsereformutvalg"); acronyms with inflection endings fold
  ("RHF-ene", "RHFenes" -> "rhf"); plural nouns in -er are not read as imperatives
  ("funksjoner" -> "funksjon", not "funksjonere"); one override ("sykepleier").
  Measured on 300 hand-judged content tokens of the development corpus (bench/lemma_eval):
  0.980 (95 % Wilson 0.957-0.991), simplemma alone 0.977.
* Terms (content_lemmas): web addresses and DOIs are cut out before tokenising, NON_TERMS
  (reference parts, English function words) never count, TERM_FOLDS folds abbreviations and
  their long forms ("regionale helseforetak", "RHF" -> "rhf"; "AI", "kunstig intelligens" -> "ki").
* Stopwords: the Snowball Norwegian list (package ``stop-words``) plus STOPWORD_ADDITIONS.
  ANALYSIS_STOPWORDS are generic policy words removed only for topics and keywords.
* Compounds: a modifier|head splitter over wordfreq's Norwegian frequencies.

* Nynorsk: a document detected (or declared) as Nynorsk is lemmatised with simplemma's Nynorsk dictionary,
  falling back to Bokmål for the Bokmål forms Nynorsk texts mix in (``lang=("nn", "nb")``): "kommunane" ->
  "kommune", "tenestene" -> "teneste", where the Bokmål dictionary leaves both as written. The fixes above
  apply to both; the compound splitter and the theme lexicon stay Bokmål (wordfreq has no Nynorsk list).
  Nynorsk stopwords: the Snowball list already holds them (ikkje, eg, dei, kva, korleis …) plus
  STOPWORD_ADDITIONS.

Everything is cached per word type (functools.lru_cache), so a corpus of millions of
tokens pays for simplemma and the splitter once per distinct word. No network.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from operator import itemgetter

import simplemma
import wordfreq
from stop_words import get_stop_words

LANG = "nb"
#: simplemma's dictionaries per document language: Nynorsk first, then Bokmål for the Bokmål forms that
#: Nynorsk texts mix in ("utfordringer", "helsetjenesten"). English text is never lemmatised for terms
#: (lang_detect makes it kind "other_language"); its odd token in a Norwegian passage is read as Bokmål.
_SIMPLEMMA_LANG: dict[str, str | tuple[str, ...]] = {"nb": "nb", "nn": ("nn", "nb"), "en": "nb"}

#: Words missing from the Snowball list that carry no content in these texts. Modal verbs
#: and their lemmas (simplemma maps "må" -> "måtte", "bør" -> "burde"), prepositions and
#: connectives that NLP-NOTES found among the most frequent "content" lemmas of the seeds.
STOPWORD_ADDITIONS = frozenset(
    {
        "må", "måtte", "bør", "burde",  # modal verbs (Snowball has kan/skal/vil but not these)
        "blant", "gjennom", "innen", "innenfor", "utenfor", "samt", "hos", "ifølge", "via", "per",
        "dersom", "derfor", "dermed", "dessuten", "imidlertid", "likevel", "herunder",
        "fram", "frem", "bl.a", "osv", "mv", "eks",
        # "hele"/"helt"/"hel" lemmatise to "hel", which topped topic terms on real inputs as a content
        # word; it is a quantifier/degree word here ("hele landet", "helt nødvendig")
        "hel", "hele", "helt", "allerede", "gjerne", "ofte", "ganske", "nok", "mest",
        # abbreviations of function words, with and without the full stop simplemma keeps
        "ca", "ca.", "jf", "jf.", "pga", "pga.", "mht", "ift", "iht", "dvs", "evt", "f.eks", "ref",
        # the Nynorsk forms of the words above that the Snowball list lacks
        "heil", "heile", "heilt", "difor", "berre", "òg", "gjennom", "ifølgje", "utanfor", "innanfor", "innan",
    }
)

#: Snowball base (172 words) plus the documented additions; used wherever stopwords are removed.
STOPWORDS: frozenset[str] = frozenset(get_stop_words("norwegian")) | STOPWORD_ADDITIONS

#: Generic policy vocabulary and organisation names that dominate every topic and keyword
#: list without telling topics apart. Only for topic models and keywords (content_lemmas);
#: theme matching sees all lemmas. Lemma forms.
ANALYSIS_STOPWORDS: frozenset[str] = frozenset(
    {
        # stance and obligation
        "mene", "viktig", "sikre", "behov", "ønske", "støtte", "bidra", "mulig", "nødvendig",
        "avgjørende", "sentral", "vesentlig", "gjelde", "legge", "rette", "ivareta", "sørge",
        "styrke", "økt", "øke", "bedre", "god", "stor", "ny", "mange", "flere", "mer", "mye",
        "annen", "ulik", "del", "grad", "tiltak", "blant", "annet", "både", "enkelt", "slik",
        "samtidig", "fortsatt", "stadig", "også", "få", "gi", "gjøre", "kunne", "komme", "se",
        "ta", "vise", "måte", "mål", "tilstrekkelig", "tydelig", "særlig",
        "spesielt", "eksempel", "tilfelle", "bruk", "bruke", "form", "sammenheng", "dag",
        "videre", "positiv", "enig", "glad", "peke", "trenge", "kreve", "heller", "dessverre",
        "be", "norsk",  # "ber om" / "norsk" topped every keyword list on the seeds without saying anything
        # the submitting organisations and the addressees, named in nearly every passage
        "nito", "tekna", "ntnu", "kommisjon", "regjering", "stortinget", "norge",
        # the Nynorsk lemmas of the words above (simplemma "nn": "meiner" -> "meine", "gjev" -> "gje")
        "meine", "ønskje", "gje", "gjere", "kome", "sjå", "auke", "fleire", "meir", "mykje", "naudsynt",
        "tydeleg", "særleg", "mogleg", "anna", "ein", "eit",
    }
)

#: Tokens that are never terms although no Norwegian stopword list holds them: parts of web and
#: literature references (URL pieces, DOI, "et al.", page and volume marks) and the English function
#: words of reference lists and English titles. A short list, not an English stopword list: the
#: package's English list (1,333 words) holds Norwegian content words ("by", "fire", "side", "system").
NON_TERMS = frozenset(
    {
        "http", "https", "www", "html", "htm", "pdf", "doi", "org", "com", "no", "net", "url", "isbn", "issn",
        "pp", "vol", "ed", "eds", "al", "ale", "etc", "ibid", "nr",
        "the", "of", "and", "in", "on", "to", "from", "with", "a", "an", "is", "are", "be", "as", "or",
        "this", "that", "these", "it", "its", "their", "we", "our", "was", "were", "has", "have", "not",
        "at", "into", "between", "among", "about", "using", "based", "how", "what", "which", "who",
    }
)

#: Written forms of one concept folded to one term for topics and keywords (content_lemmas only; theme
#: matching keeps every form, its lexicon lists them). The short form is the term when the long form
#: is two words; a one-word long form is the term otherwise.
TERM_FOLDS: dict[tuple[str, ...], str] = {
    ("regional", "helseforetak"): "rhf",
    ("kunstig", "intelligens"): "ki",
    ("ai",): "ki",
    ("hf",): "helseforetak",
}

# Web addresses, e-mail addresses and DOIs: removed before tokenising for terms, so their parts
# ("https", "www", "helsedirektoratet", "no") never count as words of the passage.
_REFERENCE_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|\bdoi:\s*\S+|\b10\.\d{4,}/\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:no|com|org|net|eu|gov|int)(?:/\S*)?(?![\w-])",
    re.IGNORECASE,
)
#: What every match of _REFERENCE_RE holds (a scheme's "://" or "www.", "@", "doi:", a doi's "10.NNNN/", a dot before
#: a top-level domain), under the same flags: a text without any of them has no match, and is left as it is.
#: That is ://|www\.|@|doi:|10\.\d{4,}/|\.(?:no|com|org|net|eu|gov|int) ignoring case, written to open with a class of
#: the first characters matched case-sensitively (every character the case-insensitive class takes), so that re skips
#: to them in C instead of trying six alternatives at every position (a fifth of content_terms); each alternative
#: checks its first character with a look-behind. Same matches (tests/pipeline/test_language.py).
_MAYBE_REFERENCE = re.compile(r"(?-i:[.1:@DWdw])(?:(?<=:)//|(?<=w)ww\.|(?<=@)|(?<=d)oi:|(?<=1)0\.\d{4,}/|"
                              r"(?<=\.)(?:no|com|org|net|eu|gov|int))", re.IGNORECASE)

# Letters and digits, with internal hyphens kept ("IKT-kompetanse", "UH-sektoren");
# a suspended hyphen ("helse- og") ends the token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")
_UNICODE_HYPHENS = ("\u2010", "\u2011")
_ACRONYM_RE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9]+")
#: An acronym with an inflection ending or a possessive -s, with or without a hyphen: "NITOs",
#: "RHF-ene", "RHFenes", "HF-et". Norwegian writes inflected acronyms this way; the lemma is the acronym.
_ACRONYM_INFLECTED_RE = re.compile(r"([A-ZÆØÅ][A-ZÆØÅ0-9]+)-?(s|en|ens|et|ets|ene|enes|er|erne|ernes|a)")
#: All-caps words longer than this are read as ordinary words in capitals ("UTDANNING").
_ACRONYM_MAX_LEN = 4

# Compound splitter parameters (Zipf scale: 3 = once per million words).
_MIN_PART = 3  # shortest modifier or head
_MIN_HEAD_ZIPF = 2.5
_MIN_MODIFIER_ZIPF = 3.0
_LINKS = ("s", "e")
#: A linking -s-/-e- costs this much Zipf, so "prøve|svar" beats "prøve|s|var".
_LINK_PENALTY = 0.5
#: A head this long makes a chance split unlikely, so its modifier may be rare.
_LONG_HEAD = 9
#: The shortest head after a modifier that is itself a compound ("helsereform|utvalgets").
_MIN_COMPOUND_HEAD = 6


def _ascii_hyphens(text: str) -> str:
    for hyphen in _UNICODE_HYPHENS:
        if hyphen in text:
            text = text.replace(hyphen, "-")
    return text


def tokenize(text: str) -> list[str]:
    """Word tokens as written: letters/digits with internal hyphens kept, punctuation dropped."""
    # Unicode hyphens become "-" one character for one, so offsets stay those of the text.
    return _TOKEN_RE.findall(_ascii_hyphens(text))


def token_matches(text: str) -> Iterator[re.Match[str]]:
    """Regex matches of the tokens of `text` (same tokens and offsets as token_spans)."""
    return _TOKEN_RE.finditer(_ascii_hyphens(text))


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for each token of `text`, the same tokens as tokenize()."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(_ascii_hyphens(text))]


def token_offsets(text: str, tokens: Sequence[str], count: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the first `count` (default all) of `tokens` = tokenize(text): the offsets token_matches gives.

    Found with str.find from the end of the token before, at about half the cost of the regex's match objects: every
    letter or digit starts a token, so the pattern's next match starts at the first one after the previous token,
    which is where the next token's text first occurs."""
    text = _ascii_hyphens(text)
    offsets, position = [], 0
    for token in tokens[:count]:
        position = text.find(token, position)
        offsets.append((position, position + len(token)))
        position += len(token)
    return offsets


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's Norwegian word -> frequency table, loaded once.

    Same data as wordfreq.zipf_frequency(w, "nb") / iter_wordlist("nb"), but a dict lookup
    instead of zipf_frequency's per-call tokenisation (~100x faster for the splitter).
    """
    return wordfreq.get_frequency_dict(LANG)


def zipf(word: str) -> float:
    """Zipf frequency of `word` in wordfreq's Norwegian list (0.0 if absent)."""
    f = _frequencies().get(word)
    return round(math.log10(f * 1e9), 2) if f else 0.0


@lru_cache(maxsize=None)
def _known(word: str, lang: str = LANG) -> bool:
    """simplemma.is_known, cached: a dictionary probe costs ~20 µs and heads recur."""
    return simplemma.is_known(word, lang=_SIMPLEMMA_LANG[lang])


def _is_known(token: str, lang: str = LANG) -> bool:
    # simplemma's lookup already retries a capitalised token in lower case.
    return _known(token, lang)


def _simplemma(token: str, lang: str) -> str:
    return simplemma.lemmatize(token, lang=_SIMPLEMMA_LANG[lang]).lower()


def _is_compound(word: str) -> bool:
    """True if `word` splits into known parts ("helsereform" = helse|reform): a modifier may be a compound."""
    return len(word) >= 2 * _MIN_PART and len(_split_lemma(word)) > 1


@lru_cache(maxsize=None)
def _compound_lemma(lower: str, lang: str = LANG) -> str | None:
    """Lemma of an unknown compound: modifier as written + lemma of the longest known head."""
    for i in range(_MIN_PART, len(lower) - _MIN_PART + 1):
        head, modifier = lower[i:], lower[:i]
        base = modifier[:-1] if modifier[-1] in _LINKS and len(modifier) > _MIN_PART else modifier
        # Cheap frequency test first; the dictionary probe only for plausible splits.
        # A rare modifier is accepted before a compound modifier ("helsereform|utvalgets") or a long
        # head, where a chance split is unlikely ("korona|kommisjonens").
        rare = zipf(modifier) < _MIN_MODIFIER_ZIPF and zipf(base) < _MIN_MODIFIER_ZIPF
        # (a short head after a compound modifier is a chance split: "førstelinjetjene|ste", "utfordingsbil|det")
        if rare and len(head) < _LONG_HEAD and not (len(head) >= _MIN_COMPOUND_HEAD and _is_compound(base)):
            continue
        if _known(head, lang):
            return modifier + _head_lemma(head, lang)
        if head.endswith("s") and len(head) > _MIN_PART + 1 and _known(head[:-1], lang):  # genitive head
            return modifier + _head_lemma(head[:-1], lang)
    return None


def _dictionary_lemma(token: str, lang: str = LANG) -> str:
    """simplemma's lemma, lower-cased, except its imperative reading of plural nouns."""
    lemma = _simplemma(token, lang)
    lower = token.lower()
    if lemma == lower + "e" and lower.endswith("er"):
        # "funksjoner" -> "funksjonere" (imperative); the plural noun is far more likely here.
        for stem in (lower[:-2], lower[:-1]):  # funksjon, subsidie
            if _known(stem, lang) and _simplemma(stem, lang) == stem:
                return stem
        compound = _compound_lemma(lower, lang)  # "ekstremistparter": the head "parter" -> "part"
        if compound is not None:
            return compound
    return lemma


#: Definite endings of nouns (neuter -et, masculine -en, plural -ene, feminine -a) and their genitives.
_DEFINITE_ENDINGS = ("enes", "ene", "ets", "ens", "et", "en", "a")
#: Heads in -et that are participles in adjective compounds ("pasientrettet", "konfliktpreget").
_PARTICIPLE_HEADS = frozenset({"rettet", "preget", "ledet", "styrt", "basert", "festet"})  # forskriftsfestet


def _definite_noun(head: str, lang: str = LANG) -> str | None:
    """The noun a definite head form belongs to ("forbundet" -> "forbund"), or None.

    simplemma gives one lemma per form, and for a form shared by a noun and a verb it often gives
    the verb ("forbundet" -> "forbinde", "forløpet" -> "forløpe", "arbeidet" -> "arbeide"). After a
    modifier the noun is the reading ("audiografforbundet" is the association), so a head that is a
    known base form plus a definite ending is that base form.
    """
    if head in _PARTICIPLE_HEADS:
        return None
    for ending in _DEFINITE_ENDINGS:
        stem = head[: -len(ending)]
        if head.endswith(ending) and len(stem) >= _MIN_PART and _known(stem, lang):
            if _simplemma(stem, lang) == stem:
                return stem
    return None


def _head_lemma(head: str, lang: str = LANG) -> str:
    """Lemma of a compound's head; a noun stays a noun ("anlegg", "forbund", not the verbs "anlegge", "forbinde")."""
    lemma = _dictionary_lemma(head, lang)
    if lemma == head + "e" and zipf(head) >= zipf(lemma):
        return head
    if lemma.endswith("e") and lemma != head:  # perhaps a verb reading of a definite noun form
        noun = _definite_noun(head, lang)
        # the noun is the reading when it is the more frequent word: forløp 3.3 > forløpe 1.9, arbeid > arbeide,
        # forbund > forbinde; not for nouns in -e: lege 4.8 > leg 3.3, fase > fas, rolle > roll
        if noun is not None and zipf(noun) > zipf(lemma):
            return noun
    return lemma


#: simplemma errors on frequent words of this domain (checked by hand on the seeds).
_LEMMA_OVERRIDES = {
    "sykepleier": "sykepleier",  # simplemma: "sykepleie" (the nursing, not the nurse)
}


@lru_cache(maxsize=None)
def lemmatize(token: str, lang: str = LANG) -> str:
    """Lower-case lemma of one token in a text of language `lang` ("nb" or "nn"; cached per token type)."""
    if not token:
        return token
    override = _LEMMA_OVERRIDES.get(token.lower())
    if override is not None:
        return override
    inflected = _ACRONYM_INFLECTED_RE.fullmatch(token)
    if inflected:
        return inflected.group(1).lower()  # "NITOs", "RHF-ene", "RHFenes" -> "nito", "rhf"
    if "-" in token:
        # Lemmatise the last part only: the first parts are modifiers ("IKT-", "UH-").
        first, _, last = token.rpartition("-")
        if not first or not last:
            return lemmatize(first or last, lang)
        return first.lower() + "-" + lemmatize(last, lang)
    if _ACRONYM_RE.fullmatch(token):
        if len(token) > _ACRONYM_MAX_LEN and _is_known(token.lower(), lang):
            return _simplemma(token.lower(), lang)
        return token.lower()
    lower = token.lower()
    if _is_known(token, lang):
        return _dictionary_lemma(token, lang)
    if lower.endswith("s") and len(lower) > _MIN_PART + 1:
        # Genitive -s on a known word or name: "samfunnets", "Norges", "heltids".
        base = token[:-1]
        if _is_known(base, lang):
            return _dictionary_lemma(base, lang)
        if token[0].isupper() or lower.endswith(("ets", "ens", "enes")):
            # A capitalised compound or a name: "Helsepersonellkommisjonens", "Teknas".
            compound = _compound_lemma(base.lower(), lang)
            if compound is not None:
                return compound
            if zipf(base.lower()) > zipf(lower):
                return base.lower()
    compound = _compound_lemma(lower, lang)
    if compound is not None:
        return compound
    return _simplemma(token, lang)


def lemmas(text: str, lang: str = LANG) -> list[str]:
    """Lemmas of all tokens of `text`, stopwords included (for phrase matching)."""
    return [lemmatize(token, lang) for token in tokenize(text)]


def _has_letter(token: str) -> bool:
    return any(c.isalpha() for c in token)


@lru_cache(maxsize=None)
def _content_lemma(token: str, lang: str = LANG) -> str | None:
    """The token's lemma if it is a content word, else None (one cached call per token type)."""
    if len(token) < 2 or not _has_letter(token):
        return None
    lower = token.lower()
    if lower in STOPWORDS or lower in NON_TERMS:
        return None
    lemma = lemmatize(token, lang)
    if len(lemma) < 2 or lemma in STOPWORDS or lemma in ANALYSIS_STOPWORDS or lemma in NON_TERMS:
        return None
    if lemma.endswith(".") or not _has_letter(lemma):  # an abbreviation simplemma knows ("kap.")
        return None
    return TERM_FOLDS.get((lemma,), lemma)


_FOLD_PAIRS = {key: term for key, term in TERM_FOLDS.items() if len(key) == 2}
#: The first terms of _FOLD_PAIRS: a passage holding none of them has no pair to fold (most passages).
_FOLD_FIRST = frozenset(first for first, _ in _FOLD_PAIRS)


def _fold_pairs(terms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two-word long forms replaced by their one term ("regional helseforetak" -> "rhf"); (term, form) pairs,
    the folded pair's form is both written words joined by a space."""
    if _FOLD_FIRST.isdisjoint(map(itemgetter(0), terms)):  # a C-level test instead of a dict probe per term
        return terms
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(terms):
        term = _FOLD_PAIRS.get((terms[i][0], terms[i + 1][0])) if i + 1 < len(terms) else None
        out.append((term, f"{terms[i][1]} {terms[i + 1][1]}") if term else terms[i])
        i += 2 if term else 1
    return out


def content_terms(text: str, lang: str = LANG) -> list[tuple[str, str]]:
    """(term, written form in lower case) of each content word of `text`, in order: the terms are
    content_lemmas(text), the forms what the text wrote ("praksisplassene" for "praksisplass"), so the app
    can say which written words a count came from."""
    return content_terms_and_tokens(text, lang)[0]


#: (term, lower-case form) of each token type that is a content word, () for one that is not, per language: what
#: _content_lemma gives, looked up for all tokens of a passage by one C-level map instead of a cached call per token.
_TERM_OF_TOKEN: dict[str, dict[str, tuple[str, str] | tuple[()]]] = {}


def content_terms_and_tokens(text: str, lang: str = LANG) -> tuple[list[tuple[str, str]], list[str] | None]:
    """content_terms(text, lang) and the tokens it read: tokenize(text), or None where web addresses were cut out
    first (then its tokens are not those of the text)."""
    tokens: list[str] | None = None
    if _MAYBE_REFERENCE.search(text):  # most passages hold no address: the full pattern is costly, a third of this
        text = _REFERENCE_RE.sub(" ", text)
        found = tokenize(text)
    else:
        found = tokens = tokenize(text)
    table = _TERM_OF_TOKEN.setdefault(lang, {})
    entries = list(map(table.get, found))
    if None in entries:  # a token type seen for the first time
        for i, entry in enumerate(entries):
            if entry is None:
                token = found[i]
                lemma = _content_lemma(token, lang)
                entries[i] = table[token] = () if lemma is None else (lemma, token.lower())
    return _fold_pairs([entry for entry in entries if entry]), tokens


def content_lemmas(text: str, lang: str = LANG) -> list[str]:
    """Lemmas minus stopwords, ANALYSIS_STOPWORDS, NON_TERMS, web addresses, numbers and 1-character
    tokens, with the forms of TERM_FOLDS folded to one term."""
    return [term for term, _ in content_terms(text, lang)]


def bigrams(lemmas: Sequence[str]) -> list[str]:
    """Adjacent pairs of a passage's content lemmas as "lemma lemma" ("digital kompetanse")."""
    return [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


@lru_cache(maxsize=None)
def _split_lemma(lemma: str) -> tuple[str, ...]:
    """Best modifier|head split of a lemma, or (lemma,) for a simple or established word."""
    if "-" in lemma:
        parts = tuple(p for p in lemma.split("-") if p)
        return parts if len(parts) > 1 else (lemma,)
    best: tuple[float, str, str, float] | None = None
    for i in range(_MIN_PART, len(lemma) - _MIN_PART + 1):
        modifier, head = lemma[:i], lemma[i:]
        head_z = zipf(head)
        # Function words are neither heads nor modifiers: "over|alt", "prøve|s|var".
        if head_z < _MIN_HEAD_ZIPF or head in STOPWORDS or not _known(head):
            continue
        candidates = [(modifier, 0.0)]
        if modifier[-1] in _LINKS and len(modifier) > _MIN_PART:
            candidates.append((modifier[:-1], _LINK_PENALTY))  # digitalisering|s|kompetanse
        for base, penalty in candidates:
            base_z = zipf(base)
            # Modifiers are base forms; an inflected one is a misreading ("kandidatmålt|all").
            if base in STOPWORDS or simplemma.lemmatize(base, lang=LANG).lower() != base:
                continue
            if base_z < _MIN_MODIFIER_ZIPF:
                # The modifier may itself be a compound: helsefag|utdanning, bioingeniør|fag.
                inner = _split_lemma(base) if len(base) >= 2 * _MIN_PART else (base,)
                if len(inner) < 2:
                    continue
                base_z = min(zipf(p) for p in inner)
            score = base_z + head_z - penalty
            if best is None or score > best[0]:
                best = (score, base, head, min(base_z, head_z))
    if best is None:
        return (lemma,)
    _, modifier, head, rarer_part = best
    # An established word is at least as frequent as its rarer part: undervisning, dessverre.
    if zipf(lemma) >= rarer_part:
        return (lemma,)
    return (modifier, head)


def split_compound(word: str) -> tuple[str, ...]:
    """Lemma-level constituents: "praksisplassene" -> ("praksis", "plass"); ("undervisning",) if not a compound."""
    return _split_lemma(lemmatize(word))


def is_word(part: str) -> bool:
    """True if `part` is a Norwegian word or a compound of words (used for constituent matching)."""
    if len(part) < _MIN_PART or part in STOPWORDS:  # "lønn|s|om" is no compound
        return False
    if zipf(part) >= _MIN_HEAD_ZIPF or _known(part):
        return True
    return len(_split_lemma(part)) > 1
