"""Curated theme lexicon (data/themes.toml) matched on lemmas and Norwegian compounds.

Term syntax (one string per term; see the header of data/themes.toml):

* ``praksisplass`` – a token whose lemma is exactly this; hyphens are ignored, so
  ``ikt-kompetanse`` matches both "IKT-kompetanse" and "iktkompetanse".
* ``praksisplass*`` – the lemma, or a compound whose *modifier* it is: the rest after an
  optional linking -s-/-e- or hyphen must be a word or compound (language.is_word), so
  ``praksisplass*`` matches "praksisplasskapasitet" but ``ikt*`` never matches "iktig".
* ``ki-*`` – the lemma, or a hyphenated compound starting with it ("KI-baserte"), for
  short words that would otherwise reach into unrelated words ("kiste", "kilometer").
* ``*kompetanse`` – the lemma, or a compound whose *head* it is ("ikt-kompetanse",
  "digitaliseringskompetanse"); the part before must be a word, so ``*ikt`` never matches
  "viktig" or "distrikt".
* ``studenter i praksis`` – several elements match consecutive tokens (stopwords included);
  each element may carry ``*`` as above. Elements are lemmatised when the lexicon is loaded,
  so terms may be written in any inflection.
* ``kompetanse & ny teknologi`` – both phrases in the same sentence (one hit per sentence).
* ``opplæring ~ digital*`` – both phrases in the same sentence at most NEAR_TOKENS tokens apart
  (a proximity rule: "opplæring i digitale verktøy", not "opplæring …, og digitale møteplasser" far apart).
* ``{competence} > {digital}`` – a governing rule: the first phrase comes first and governs the second through a
  preposition ("opplæring i bruk av digitale verktøy", "kompetansebehov innen helseteknologi"), at most
  NEAR_TOKENS tokens on, with no comma, no og/eller right before the second phrase and no GOVERNING_BLOCKERS word
  between ("kompetanse på tvers gjennom digitale løsninger" is competence shared by technology, not skills in it).
  Policy prose names competence and technology side by side ("kompetanse, organisering og digitale løsninger");
  a ``~`` rule fires on that, a ``>`` rule does not.
* ``{competence} ~ {digital}`` – ``{name}`` stands for any phrase of the word list ``name`` in the
  lexicon's ``[words]`` table, so one rule covers every competence word next to every digital word.

Exclusions use the same phrase syntax. A hit lying inside an exclusion is dropped, unless it
is longer than the exclusion: ``i praksis`` removes "praksis" in "I praksis betyr det …" but
keeps the term "studenter i praksis". Longer hits win over shorter overlapping ones.

Speed: each distinct token is lemmatised once (language.lemmatize is cached) and each
distinct lemma is checked against the lexicon once; terms are indexed by their first
element, so a passage costs one dict lookup per token unless something matches.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import language, schema

_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_ELEMENT_RE = re.compile(r"\*?[^\W_](?:[\w-]*[^\W_])?(?:-?\*)?")
_SENTENCE_END_RE = re.compile(r"[.!?;:]")
_REQUIRED_TEXT = ("theme_id", "label_nb", "label_en", "description", "description_en")
_ALLOWED_KEYS = frozenset(_REQUIRED_TEXT + ("terms", "exclusions", "vetoes", "veto_unless", "list_items",
                                             "list_items_unless"))
_GROUP_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_OPERATORS = ("&", "~", ">")
# Proximity rules ("a ~ b"): at most this many tokens between the two phrases (6 scored best on the dev
# organisations of data/eval, 4 and 5 lost recall at the same precision). Wide enough for
# "opplæring i bruk av digitale verktøy", narrow enough to keep "kompetansedeling … digitale møter" apart.
NEAR_TOKENS = 6
_LINKS = ("s", "e")
# ">" rules: the words that may open the stretch between the governing phrase and the governed one ("tilknyttet"
# is "knyttet til": "kompetanse tilknyttet utdanningsløpene med innhold om IT", a part-E miss).
GOVERNING_PREPOSITIONS = frozenset(
    "i innen innenfor på om til med for av rundt knyttet tilknyttet angående vedrørende ved bruk som".split()
)
# Prepositions of more than one word, matched at the start of the stretch ("kompetanse opp mot IT-sikkerhet",
# "lederutviklingsprogram rettet mot digital transformasjon": a part-D miss).
GOVERNING_PHRASES = ("opp mot", "rettet mot", "rettes mot", "rettede mot", "retta mot")
# ... and words that, anywhere in that stretch, mean the second phrase is a means or a place, not the subject.
GOVERNING_BLOCKERS = frozenset("gjennom via mellom fra tvers hjelp".split())
# A theme's list_items (see Theme): a hit is a mere list item when it stands in a run of at least LIST_MIN_ITEMS short
# items (at most LIST_ITEM_TOKENS tokens each) joined by commas and og/samt/eller, with a comma among them:
# "Rehabilitering understøtter kvalitet, likeverdighet, sammenheng, folkehelse og totalberedskapen".
LIST_MIN_ITEMS = 3
LIST_ITEM_TOKENS = 6
LIST_HEAD_TOKENS = 2  # words before the hit in its item: "god totalberedskap", "for den beredskap"
_LIST_CONJUNCTIONS = frozenset(("og", "samt", "eller"))


class LexiconError(ValueError):
    """The theme lexicon is malformed; the message names the file, the theme and the problem."""


@dataclass(frozen=True)
class Theme:
    """One curated theme: stable id, labels, one-line definitions, terms and exclusions."""

    theme_id: str
    label_nb: str
    label_en: str
    description: str
    description_en: str
    terms: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    # A passage with a veto phrase and no veto_unless phrase is not tagged with this theme at all
    # ("LIS-leger til gruppeveiledning": doctors' specialist training, not students' placements).
    vetoes: tuple[str, ...] = ()
    veto_unless: tuple[str, ...] = ()
    # A hit of a list_items phrase does not count where it is a mere item of a list of goods (LIST_MIN_ITEMS or more
    # short items, see _list_run) unless a list_items_unless phrase stands in that list: "kvalitet, kapasitet og
    # beredskap" names preparedness in passing; "sikkerhet, beredskap, innovasjonsevne og tillit" keeps it.
    list_items: tuple[str, ...] = ()
    list_items_unless: tuple[str, ...] = ()
    # The [words] lists this theme's terms refer to as {name}: ((name, (phrase, ...)), ...).
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


# --- lexicon loading -------------------------------------------------------------------


def _split_operator(phrase: str) -> tuple[str, list[str]]:
    """("&" | "~" | "", the one or two phrases of a term)."""
    for operator in _OPERATORS:
        if operator in phrase:
            return operator, [p.strip() for p in phrase.split(operator)]
    return "", [phrase.strip()]


def _check_phrase(phrase: str, where: str, groups: dict[str, tuple[str, ...]] | None = None) -> None:
    operator, parts = _split_operator(phrase)
    if not all(parts) or len(parts) > 2 or sum(phrase.count(o) for o in _OPERATORS) > 1:
        raise LexiconError(f"{where}: '{phrase}' must be a phrase, 'phrase & phrase', 'phrase ~ phrase' or 'phrase > phrase'")
    for part in parts:
        for element in part.split():
            group = _GROUP_RE.fullmatch(element)
            if group:
                if groups is None or group.group(1) not in groups:
                    raise LexiconError(f"{where}: '{phrase}' names an unknown word list {element} (see [words])")
                continue
            if not _ELEMENT_RE.fullmatch(element) or element.strip("*") != element.strip("*").lower():
                raise LexiconError(
                    f"{where}: '{phrase}' has a bad element '{element}' (lower-case word, optional * at either end)"
                )


def load_lexicon(path: Path) -> tuple[Theme, ...]:
    """Read data/themes.toml into Themes; LexiconError (file, theme, problem) if it is malformed."""
    path = Path(path)
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LexiconError(f"{name}: file not found ({path})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{name}: not valid TOML: {exc}") from exc
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise LexiconError(f"{name}: no [[theme]] tables found")
    groups = _load_groups(data.get("words", {}), name)
    themes: list[Theme] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        theme_id = entry.get("theme_id") if isinstance(entry, dict) else None
        where = f"{name}: theme '{theme_id}'" if isinstance(theme_id, str) and theme_id else f"{name}: theme #{number}"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: is not a table")
        unknown = sorted(set(entry) - _ALLOWED_KEYS)
        if unknown:
            raise LexiconError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_ALLOWED_KEYS)}")
        for key in _REQUIRED_TEXT:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise LexiconError(f"{where}: missing or empty '{key}'")
        if not _ID_RE.fullmatch(theme_id):
            raise LexiconError(f"{where}: theme_id must be snake_case (a-z, 0-9, _)")
        if theme_id in seen:
            raise LexiconError(f"{where}: duplicate theme_id (theme #{number})")
        seen.add(theme_id)
        lists = {}
        for key in ("terms", "exclusions", "vetoes", "veto_unless", "list_items", "list_items_unless"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
            for phrase in value:
                _check_phrase(phrase.strip(), where, groups)
            duplicates = sorted({v for v in value if value.count(v) > 1})
            if duplicates:
                raise LexiconError(f"{where}: duplicate {key} {duplicates}")
            lists[key] = tuple(v.strip() for v in value)
        if not lists["terms"]:
            raise LexiconError(f"{where}: 'terms' is empty")
        themes.append(
            Theme(
                theme_id=theme_id,
                label_nb=entry["label_nb"].strip(),
                label_en=entry["label_en"].strip(),
                description=entry["description"].strip(),
                description_en=entry["description_en"].strip(),
                terms=lists["terms"],
                exclusions=lists["exclusions"],
                vetoes=lists["vetoes"],
                veto_unless=lists["veto_unless"],
                list_items=lists["list_items"],
                list_items_unless=lists["list_items_unless"],
                groups=tuple(
                    (g, groups[g])
                    for g in sorted({m for key in lists for t in lists[key] for m in _GROUP_RE.findall(t)})
                ),
            )
        )
    return tuple(themes)


def _load_groups(words: object, name: str) -> dict[str, tuple[str, ...]]:
    """The [words] table: name -> phrases (plain phrases, no operators, no nested lists)."""
    if not isinstance(words, dict):
        raise LexiconError(f"{name}: [words] must be a table of word lists")
    groups = {}
    for key, value in words.items():
        where = f"{name}: word list '{key}'"
        if not _ID_RE.fullmatch(key):
            raise LexiconError(f"{where}: name must be snake_case (a-z, 0-9, _)")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise LexiconError(f"{where}: must be a non-empty list of non-empty strings")
        for phrase in value:
            if any(o in phrase for o in _OPERATORS) or _GROUP_RE.search(phrase):
                raise LexiconError(f"{where}: '{phrase}' must be a plain phrase (no &, ~ or {{list}})")
            _check_phrase(phrase.strip(), where)
        groups[key] = tuple(v.strip() for v in value)
    return groups


def _expand(side: str, groups: dict[str, tuple[str, ...]]) -> list[str]:
    """Every phrase a side of a term stands for: each {name} replaced by each phrase of that list."""
    out = [""]
    for element in side.split():
        group = _GROUP_RE.fullmatch(element)
        options = groups[group.group(1)] if group else (element,)
        out = [f"{o} {option}".strip() for o in out for option in options]
    return out


def _readable(term: str, groups: dict[str, tuple[str, ...]]) -> str:
    """A term for reading: {name} written out as (a/b/c)."""
    return _GROUP_RE.sub(lambda m: "(" + "/".join(groups[m.group(1)]) + ")", term)


def _list_item_notes(theme: Theme) -> list[str]:
    """The theme's list_items for the exclusions column: "beredskap (listepunkt, ikke med sikkerhet/forsvar)"."""
    unless = "/".join(theme.list_items_unless)
    note = f" (listepunkt, ikke med {unless})" if unless else " (listepunkt)"
    return [item + note for item in theme.list_items]


_CODEBOOK_SECTION_RE = re.compile(r"^## ([a-z][a-z0-9_]*)\s*$", re.MULTILINE)


def parse_codebook(markdown: str) -> dict[str, str]:
    """theme_id -> that theme's section of the codebook (the text under "## theme_id", trimmed)."""
    heads = list(_CODEBOOK_SECTION_RE.finditer(markdown))
    return {
        head.group(1): markdown[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(markdown)].strip()
        for i, head in enumerate(heads)
    }


def themes_table(lexicon: Sequence[Theme]) -> pd.DataFrame:
    """The lexicon as schema table "themes" (terms and exclusions "|"-joined)."""
    frame = pd.DataFrame(
        {
            "theme_id": [t.theme_id for t in lexicon],
            "label_nb": [t.label_nb for t in lexicon],
            "label_en": [t.label_en for t in lexicon],
            "description": [t.description for t in lexicon],
            "description_en": [t.description_en for t in lexicon],
            "terms": ["|".join(_readable(x, dict(t.groups)) for x in t.terms) for t in lexicon],
            "exclusions": ["|".join([_readable(x, dict(t.groups)) for x in t.exclusions] + _list_item_notes(t))
                           for t in lexicon],
        }
    )
    return schema.conform(frame, "themes")


# --- compiled matcher ------------------------------------------------------------------


@dataclass(frozen=True)
class _Element:
    word: str  # lemma form, hyphens removed
    modifier: bool  # "word*": may be the first part of a compound
    head: bool  # "*word": may be the last part of a compound
    hyphen_only: bool = False  # "ki-*": only hyphenated compounds ("KI-basert", not "kiste")
    nynorsk: str = ""  # the term's Nynorsk lemma when it differs ("ferdigheiter" -> "ferdigheit"), for nn passages

    def matches(self, lemma: str) -> bool:
        key = lemma.replace("-", "")
        word = self.word
        if key == word or (self.nynorsk and key == self.nynorsk):
            return True
        if self.hyphen_only:
            return lemma.startswith(word + "-")
        if self.head and key.endswith(word):
            if lemma.endswith("-" + word):
                return True
            rest = key[: -len(word)]
            if language.is_word(rest) or (rest[-1] in _LINKS and language.is_word(rest[:-1])):
                return True
        if self.modifier and key.startswith(word):
            if lemma.startswith(word + "-"):
                return True
            rest = key[len(word) :]
            if language.is_word(rest) or (rest[0] in _LINKS and language.is_word(rest[1:])):
                return True
        return False


def _element(text: str) -> _Element:
    modifier, head, hyphen_only = text.endswith("*"), text.startswith("*"), text.endswith("-*")
    word = text.strip("*").rstrip("-")
    nynorsk = ""
    if not (modifier or head):
        # Write terms in any inflection: the text's lemmas are compared with the term's lemmas. A Nynorsk
        # passage is lemmatised with the Nynorsk dictionary, so the term's Nynorsk lemma is kept as well.
        nynorsk = language.lemmatize(word, "nn").replace("-", "")
        word = language.lemmatize(word)
    word = word.replace("-", "")
    return _Element(word, modifier, head, hyphen_only, nynorsk if nynorsk != word else "")


@dataclass(frozen=True)
class _Phrase:
    elements: tuple[_Element, ...]


@dataclass(frozen=True)
class _Term:
    text: str  # as written in the lexicon (reported in matched_terms)
    theme: int  # index into the lexicon
    phrases: tuple[_Phrase, ...]  # every alternative phrase of every side
    exclusion: bool
    sides: tuple[int, ...] = ()
    role: str = ""  # "veto"/"unless" for a theme's vetoes / veto_unless, "list"/"list_unless" for list_items / _unless
    operator: str = ""  # "" one side; "&" both sides in one sentence; "~" near each other; ">" first governs second

    @property
    def paired(self) -> bool:
        return bool(self.operator)


def _compile_phrase(text: str) -> _Phrase:
    return _Phrase(tuple(_element(e) for e in text.split()))


class _Matcher:
    """Lexicon compiled for fast matching; classifies each distinct lemma once."""

    def __init__(self, lexicon: Sequence[Theme]):
        self.lexicon = tuple(lexicon)
        terms: list[_Term] = []
        for i, theme in enumerate(self.lexicon):
            groups = dict(theme.groups)
            entries = (
                [(t, False, "") for t in theme.terms]
                + [(e, True, "") for e in theme.exclusions]
                + [(v, False, "veto") for v in theme.vetoes]
                + [(u, False, "unless") for u in theme.veto_unless]
                + [(x, False, "list") for x in theme.list_items]
                + [(x, False, "list_unless") for x in theme.list_items_unless]
            )
            for text, exclusion, role in entries:
                operator, parts = _split_operator(text)
                alternatives = [(side, phrase) for side, part in enumerate(parts) for phrase in _expand(part, groups)]
                phrases = tuple(_compile_phrase(phrase) for _, phrase in alternatives)
                sides = tuple(side for side, _ in alternatives)
                terms.append(_Term(text, i, phrases, exclusion, sides, operator=operator, role=role))
        self.terms = tuple(terms)
        # Per term index, as tuples: the tagging loop reads them for every phrase hit.
        self.role_of = tuple(term.role for term in self.terms)
        self.theme_of = tuple(term.theme for term in self.terms)
        self._exact: dict[str, list[tuple[int, int]]] = {}
        self._wild: list[tuple[_Element, int, int]] = []
        # Each phrase is indexed by an anchor element: the first content word when there is
        # one, so that "i praksis" or "og beholde" is not tried at every "i" and "og".
        self._anchor: dict[tuple[int, int], int] = {}
        for ti, term in enumerate(self.terms):
            for pi, phrase in enumerate(term.phrases):
                anchor = next(
                    (k for k, e in enumerate(phrase.elements) if e.word not in language.STOPWORDS),
                    0,
                )
                self._anchor[(ti, pi)] = anchor
                element = phrase.elements[anchor]
                if element.modifier or element.head:
                    self._wild.append((element, ti, pi))
                else:
                    for word in filter(None, (element.word, element.nynorsk)):
                        self._exact.setdefault(word, []).append((ti, pi))
        # What to check of each (term, phrase) found at its anchor: (term, phrase, anchor, length, checks), checks being
        # (offset from the anchor, verdicts by lemma, element) of its other elements. One verdict dict per element (its
        # word, modifier, head and Nynorsk lemma, as the element cache was keyed) so a check is one dict lookup.
        self._verdicts: dict[tuple[str, bool, bool, str], dict[str, bool]] = {}
        self._plans: dict[tuple[int, int], tuple] = {}
        for (ti, pi), anchor in self._anchor.items():
            elements = self.terms[ti].phrases[pi].elements
            checks = tuple((k - anchor, self._verdicts.setdefault((e.word, e.modifier, e.head, e.nynorsk), {}), e)
                           for k, e in enumerate(elements) if k != anchor)
            self._plans[(ti, pi)] = (ti, pi, anchor, len(elements), checks)
        # lemma -> plans of the (term, phrase) pairs anchored on it; empty tuples are kept so that
        # every distinct lemma is classified once.
        self._first: dict[str, tuple[tuple, ...]] = {}
        self._starting: set[str] = set()  # lemmas with a non-empty entry in _first

    def _classify(self, lemma: str) -> None:
        key = lemma.replace("-", "")
        hits = list(self._exact.get(key, ()))
        hits += [(ti, pi) for element, ti, pi in self._wild if element.word in key and element.matches(lemma)]
        self._first[lemma] = tuple(self._plans[hit] for hit in hits)
        if hits:
            self._starting.add(lemma)

    def phrase_hits(self, lemmas: Sequence[str]) -> list[tuple[int, int, int, int]]:
        """(term, phrase, start, end) token spans of every phrase occurrence in a passage."""
        distinct = set(lemmas)
        for lemma in distinct.difference(self._first):
            self._classify(lemma)
        found = self._starting.intersection(distinct)
        if not found:
            return []
        out = []
        n = len(lemmas)
        first = self._first
        for i, lemma in enumerate(lemmas):
            if lemma not in found:
                continue
            for ti, pi, anchor, length, checks in first[lemma]:
                start = i - anchor
                end = start + length
                if start < 0 or end > n:
                    continue
                for offset, verdicts, element in checks:  # every other element, in order, until one fails
                    other = lemmas[i + offset]
                    hit = verdicts.get(other)
                    if hit is None:
                        hit = verdicts[other] = element.matches(other)
                    if not hit:
                        break
                else:
                    out.append((ti, pi, start, end))
        return out


def _sentence_ids(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Sentence number of each token: a new sentence after . ! ? ; : between two tokens."""
    ids, current = [], 0
    previous_end = None
    for start, end in spans:
        if previous_end is not None and _SENTENCE_END_RE.search(text, previous_end, start):
            current += 1
        ids.append(current)
        previous_end = end
    return ids


def _passage_matches(matcher: _Matcher, text: str, lang: str = "nb",
                     tokens: Sequence[str] | None = None) -> dict[int, list[tuple[str, list[tuple[int, int]]]]]:
    """theme index -> [(term text, [(char start, char end), ...]), ...] for one passage in language lang; tokens:
    language.tokenize(text) if the caller has them."""
    if tokens is None:
        tokens = language.tokenize(text)
    lemmas = _theme_lemmas(tokens, lang)
    raw = matcher.phrase_hits(lemmas)
    if not raw:
        return {}
    terms, role_of, theme_of = matcher.terms, matcher.role_of, matcher.theme_of
    listed: dict[int, dict[str, list[tuple[int, int]]]] = {}  # theme -> "list"/"list_unless" -> token spans
    if any(role_of[hit[0]] for hit in raw):
        # A theme whose veto phrase occurs without any of its veto_unless phrases is not tagged in this passage.
        roles: dict[int, set[str]] = {}
        for ti, _, start, end in raw:
            if role_of[ti] in ("veto", "unless"):
                roles.setdefault(theme_of[ti], set()).add(role_of[ti])
            elif role_of[ti]:
                listed.setdefault(theme_of[ti], {}).setdefault(role_of[ti], []).append((start, end))
        vetoed = {theme for theme, found in roles.items() if found == {"veto"}}
        raw = [hit for hit in raw if not role_of[hit[0]] and theme_of[hit[0]] not in vetoed]
        if not raw:
            return {}
    sentences = None
    # Phrase hits per theme as ([(start token, end token)], term index).
    by_theme: dict[int, list[tuple[list[tuple[int, int]], int]]] = {}
    exclusions: dict[int, list[tuple[int, int]]] = {}
    pairs: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for ti, pi, start, end in raw:
        term = terms[ti]
        if term.exclusion:
            exclusions.setdefault(term.theme, []).append((start, end))
        elif not term.operator:
            by_theme.setdefault(term.theme, []).append(([(start, end)], ti))
        else:
            pairs.setdefault(ti, {}).setdefault(term.sides[pi], []).append((start, end))
    # Character offsets only for the hits that can be reported (phrases, pairs with both sides found; not exclusions,
    # which are compared by token), and only up to the last token they need: most hits are one side of a pair.
    last = max((parts[0][1] for hits in by_theme.values() for parts, _ in hits), default=0)
    for found in pairs.values():
        if 0 in found and 1 in found:
            last = max(last, *(end for side in found.values() for _, end in side))
    if not last:
        return {}
    spans = language.token_offsets(text, tokens, last)
    # A pair counts once per sentence, after the phrases, and only on tokens no phrase took.
    pair_candidates: dict[int, list[tuple[int, list[tuple[int, int]], list[tuple[int, int]]]]] = {}
    for ti, found in pairs.items():
        if 0 not in found or 1 not in found:
            continue
        if sentences is None:
            sentences = _sentence_ids(text, spans)
        for sentence in sorted({sentences[s] for s, _ in found[0]} & {sentences[s] for s, _ in found[1]}):
            a = sorted(p for p in found[0] if sentences[p[0]] == sentence)
            b = sorted(p for p in found[1] if sentences[p[0]] == sentence)
            pair_candidates.setdefault(terms[ti].theme, []).append((ti, a, b))
    result = {}
    for theme in sorted(by_theme.keys() | pair_candidates.keys()):
        blocked = exclusions.get(theme, ())

        def allowed(part: tuple[int, int]) -> bool:
            return not any(xs <= part[0] and part[1] <= xe for xs, xe in blocked)

        hits = [h for h in by_theme.get(theme, ()) if allowed(h[0][0])]
        # Longest first among hits starting at the same token; a token counts for one hit only.
        hits.sort(key=lambda h: (h[0][0][0], -(h[0][0][1] - h[0][0][0])))
        taken, used = [], set()

        def free(part: tuple[int, int]) -> bool:
            return allowed(part) and not used.intersection(range(*part))

        for parts, ti in hits:
            if free(parts[0]):
                used.update(range(*parts[0]))
                taken.append((parts[0][0], terms[ti].text, parts))
        for ti, a, b in pair_candidates.get(theme, ()):
            operator = terms[ti].operator
            pair = next(
                (
                    (first, second)
                    for first in a
                    if free(first)
                    for second in b
                    if free(second)
                    and not (first[0] < second[1] and second[0] < first[1])
                    and _pair_allowed(operator, text, spans, first, second)
                ),
                None,
            )
            if pair is None:
                continue
            for part in pair:
                used.update(range(*part))
            parts = sorted(pair)
            taken.append((parts[0][0], terms[ti].text, parts))
        if taken and "list" in listed.get(theme, {}):
            taken = _drop_list_items(taken, listed[theme], text, tokens)
        if taken:
            taken.sort(key=lambda t: t[0])
            result[theme] = [(term, [(spans[s][0], spans[e - 1][1]) for s, e in parts]) for _, term, parts in taken]
    return result


def _drop_list_items(taken: list, listed: dict[str, list[tuple[int, int]]], text: str,
                     tokens: Sequence[str]) -> list:
    """taken without the one-phrase hits that are a list_items phrase standing as a mere item of a list (_list_run)
    with no list_items_unless phrase in that sentence."""
    items = set(listed["list"])
    spans = sentences = None
    kept = []
    for hit in taken:
        parts = hit[2]
        if len(parts) == 1 and any(s <= parts[0][0] and parts[0][1] <= e for s, e in items):
            if spans is None:
                spans = language.token_offsets(text, tokens)
                sentences = _sentence_ids(text, spans)
            run = _list_run(text, tokens, spans, sentences, parts[0])
            if run and not any(run[0] <= s and e <= run[1] for s, e in listed.get("list_unless", ())):
                continue
        kept.append(hit)
    return kept


def _list_run(text: str, tokens: Sequence[str], spans: Sequence[tuple[int, int]], sentences: Sequence[int],
              hit: tuple[int, int]) -> tuple[int, int] | None:
    """(first token, end token) of the sentence in which a hit is a mere list item, or None: the sentence cut into items
    at commas and og/samt/eller (not the "og" of a suspended compound, "helse- og omsorgstjenester"); the hit within
    the first LIST_HEAD_TOKENS + 1 tokens of a short item that is not the first of its run, with no verb before it in
    the item; the run of adjacent items of at most LIST_ITEM_TOKENS tokens around it holding LIST_MIN_ITEMS or more, a
    comma among them."""
    sentence = sentences[hit[0]]
    members = [k for k in range(len(tokens)) if sentences[k] == sentence]
    items: list[list[int]] = []
    commas: list[bool] = []  # commas[i]: a comma between items[i] and items[i + 1]
    current: list[int] = []
    comma = False
    for k in members:
        between = text[spans[k - 1][1] : spans[k][0]] if k > members[0] else ""
        if "," in between:
            comma = True
            if current:
                items.append(current)
                current = []
        if tokens[k].lower() in _LIST_CONJUNCTIONS and not between.rstrip().endswith("-"):
            if current:
                items.append(current)
                current = []
            continue
        if not current:
            if items:
                commas.append(comma)
            comma = False
        current.append(k)
    if current:
        items.append(current)
    where = next((i for i, item in enumerate(items) if item[0] <= hit[0] <= item[-1]), None)
    # the hit heads a short item after another ("… samt god totalberedskap i hele landet"), not a clause's subject
    # ("Beredskap handler om kompetanse, samhandling og …") or a word deep in a clause ("må bidra til at beredskap og …")
    if (where is None or where == 0 or len(items[where]) > LIST_ITEM_TOKENS or hit[1] - 1 > items[where][-1]
            or hit[0] - items[where][0] > LIST_HEAD_TOKENS
            or any(_present_verb(tokens[k]) for k in range(items[where][0], hit[0]))):
        return None
    first = last = where
    while first > 0 and len(items[first - 1]) <= LIST_ITEM_TOKENS:
        first -= 1
    while last + 1 < len(items) and len(items[last + 1]) <= LIST_ITEM_TOKENS:
        last += 1
    if last - first + 1 < LIST_MIN_ITEMS or not any(commas[first:last]) or where == first:
        return None
    return members[0], members[-1] + 1


def _present_verb(token: str) -> bool:
    """Whether a token reads as a verb in the present tense ("svekker" -> "svekke", "gir" -> "gi"): then the item it
    opens is a clause saying something of the hit ("… og svekker beredskapen", the seed: NITO), not a listed good."""
    lower = token.lower()
    return lower.endswith("r") and language.lemmatize(lower) == lower[:-1]


def _pair_allowed(operator: str, text: str, spans: Sequence[tuple[int, int]], first: tuple[int, int],
                  second: tuple[int, int]) -> bool:
    """Whether two phrase hits of one sentence make a pair under the rule's operator (see the module docstring)."""
    if operator == "&":
        return True
    if _gap(first, second) > NEAR_TOKENS:
        return False
    if operator == "~":
        return not _listed(text, spans, first, second)
    return first[1] <= second[0] and _governs(text[spans[first[1] - 1][1] : spans[second[0]][0]])


_WORD_RE = re.compile(r"\w+")
# Inflected forms that belong to a different word than the lemmatiser says: "kursen" is the masculine
# "kurs" (course, direction: "stake ut kursen"), never the neuter "kurs" of teaching ("kurset", "kurs i").
_HOMOGRAPHS = {"kursen": "kurs_retning"}


#: _theme_lemma of each token type seen, per language, looked up for a passage's tokens by one C-level map instead of a
#: cached call per token.
_THEME_LEMMA_OF: dict[str, dict[str, str]] = {}


def _theme_lemmas(tokens: Sequence[str], lang: str) -> list[str]:
    """[_theme_lemma(token, lang) for token in tokens]."""
    table = _THEME_LEMMA_OF.setdefault(lang, {})
    lemmas = list(map(table.get, tokens))
    if None in lemmas:  # a token type seen for the first time (a lemma is a string, never None)
        for i, lemma in enumerate(lemmas):
            if lemma is None:
                lemmas[i] = table[tokens[i]] = _theme_lemma(tokens[i], lang)
    return lemmas


@lru_cache(maxsize=None)
def _theme_lemma(token: str, lang: str) -> str:
    """The lemma the rules match a token by: a homograph's own reading, else language.lemmatize. Cached per token
    type as lemmatize is: one lookup per token instead of lower-casing and two lookups (a tenth of the tagging)."""
    return _HOMOGRAPHS.get(token.lower()) or language.lemmatize(token, lang)


def _governs(between: str) -> bool:
    """True when the text between two phrases lets the first govern the second: nothing but a hyphen or space
    ("IKT-kompetanse" split by the tokenizer), or a stretch opened by a preposition without a comma or bracket,
    without a GOVERNING_BLOCKERS word, and not ending in og/eller (then the second phrase is a list item:
    "kompetanse i ledelse og digitale verktøy" names two things)."""
    # "helse- og sosialfagstudenter", "helse- og velferdsteknologi": a suspended first part belongs to the
    # compound that follows, so its "og" does not make the second phrase a list item.
    between = _SUSPENDED_RE.sub(" ", between)
    words = _WORD_RE.findall(between.lower())
    if not words:
        return not re.search(r"[,;()/]", between)
    if re.search(r"[,;()]", between) or words[-1] in ("og", "eller", "samt"):
        return False
    opens = words[0] in GOVERNING_PREPOSITIONS or any(
        words[: len(p.split())] == p.split() for p in GOVERNING_PHRASES
    )
    return opens and not GOVERNING_BLOCKERS.intersection(words)


_SUSPENDED_RE = re.compile(r"\s\w+-\s+(?:og|eller)\s*$", re.IGNORECASE)


_LIST_GLUE = re.compile(r"(?:\s|,|/|\b(?:og|eller|samt|både|ny|nye)\b)*", re.IGNORECASE)


def _listed(text: str, spans: Sequence[tuple[int, int]], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two parts are items of one list ("teknologi, kompetanse og organisering", "kompetanse og
    teknologi"): only commas and og/eller/samt between them. Such siblings say nothing about skills *in*
    technology; "digital kompetanse", "kompetanse i teknologi", "lav digital eller språklig kompetanse" are kept."""
    first, second = sorted((a, b))
    between = text[spans[first[1] - 1][1] : spans[second[0]][0]]
    return bool(between.strip()) and _LIST_GLUE.fullmatch(between) is not None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two token spans that do not overlap."""
    return max(b[0] - a[1], a[0] - b[1])


def _unique(values: Sequence[str]) -> str:
    return "|".join(dict.fromkeys(values))


@lru_cache(maxsize=4)
def _matcher_for(lexicon: tuple[Theme, ...]) -> _Matcher:
    """One compiled matcher per lexicon and process, so per-document calls share its lemma classifications."""
    return _Matcher(lexicon)


def tag_passages(passages: pd.DataFrame, lexicon: Sequence[Theme]) -> pd.DataFrame:
    """One row per (passage_id, theme_id) with n_hits, matched_terms, matched_forms and evidence; schema "passage_themes".

    Input: passage_id, text and optionally kind; only analysed kinds are tagged (not sign-offs,
    reference lists, or standard self-descriptions listing "IKT-ingeniører" among the members).
    """
    if "kind" in passages.columns:
        passages = passages.loc[schema.is_analysed(passages["kind"])]
    ids = passages["passage_id"].astype(str).tolist()
    texts = passages["text"].fillna("").astype(str).tolist()
    return schema.conform(pd.DataFrame(tag_rows(ids, texts, lexicon)), "passage_themes")


def tag_rows(passage_ids: Sequence[str], texts: Sequence[str], lexicon: Sequence[Theme], lang: str = "nb",
             known_tokens: Mapping[str, Sequence[str]] | None = None) -> dict[str, list]:
    """The columns of tag_passages for passages given as two lists (all of them tagged: the caller chose them).

    lang: the document's language ("nn" lemmatises with the Nynorsk dictionary, so "studentane", "ferdigheiter"
    meet the terms "student", "ferdighet"); anything else is read as Bokmål. known_tokens: language.tokenize(text) of
    texts the caller has already tokenised, by text (the build's lemmatiser read them just before)."""
    matcher = _matcher_for(tuple(lexicon))
    lang = "nn" if lang == "nn" else "nb"
    known = known_tokens or {}
    rows: dict[str, list] = {k: [] for k in schema.TABLES["passage_themes"].columns}
    for passage_id, text in zip(passage_ids, texts):
        for theme, hits in sorted(_passage_matches(matcher, text, lang, known.get(text)).items()):
            rows["passage_id"].append(passage_id)
            rows["theme_id"].append(matcher.lexicon[theme].theme_id)
            rows["n_hits"].append(len(hits))
            rows["matched_terms"].append(_unique([term for term, _ in hits]))
            rows["matched_forms"].append(_unique([text[s:e] for _, char_spans in hits for s, e in char_spans]))
            rows["evidence"].append(_unique([evidence(text, char_spans) for _, char_spans in hits]))
    return rows


def evidence(text: str, char_spans: Sequence[tuple[int, int]]) -> str:
    """What made one hit, as the reader sees it: the words, "+"-joined for a two-part rule ("opplæring + digitale")."""
    return " + ".join(text[s:e] for s, e in char_spans)


def evaluate(labelled: pd.DataFrame, lexicon: Sequence[Theme]) -> pd.DataFrame:
    """Precision, recall, f1, n_positive, n_negative per theme with a 0/1 label column in `labelled`.

    Undefined ratios (no predicted or no true positives) are 0.0, as sklearn's zero_division=0;
    four counts do not justify importing scikit-learn into every build and test run.
    """
    ids = [theme.theme_id for theme in lexicon if theme.theme_id in labelled.columns]
    passages = pd.DataFrame({"passage_id": [str(i) for i in range(len(labelled))], "text": labelled["text"].tolist()})
    tagged = tag_passages(passages, lexicon)
    rows = []
    for theme_id in ids:
        truth = labelled[theme_id].astype(int).tolist()
        hit_ids = set(tagged.loc[tagged["theme_id"] == theme_id, "passage_id"])
        predicted = [int(pid in hit_ids) for pid in passages["passage_id"]]
        tp = sum(t and p for t, p in zip(truth, predicted))
        precision = tp / sum(predicted) if sum(predicted) else 0.0
        recall = tp / sum(truth) if sum(truth) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {
                "theme_id": theme_id,
                "precision": float(precision),
                "recall": float(recall),
                "f1": float(f1),
                "n_positive": int(sum(truth)),
                "n_negative": int(len(truth) - sum(truth)),
            }
        )
    return pd.DataFrame(rows, columns=["theme_id", "precision", "recall", "f1", "n_positive", "n_negative"])
