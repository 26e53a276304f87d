"""When two organisation names denote the same organisation.

A name read from a document and the name the corpus uses often differ only in form: case
("KOMMUNESEKTORENS ORGANISASJON"), Norwegian letters lost in a file name ("Kommunedirektorforum"),
an article or a definite ending ("Den norske tannlegeforening" / "Tannlegeforeningen"), an adjective's
ending ("Nasjonalt"/"Nasjonale"), a doubled
letter ("Ideellt Nettverk"), or an acronym against the long form ("FHI" / "Folkehelseinstituttet").
`organisation_key` removes the differences of form; the alias table (data/organisation_aliases.toml,
public names only, rules in its header) equates acronyms and long forms. A part of an organisation
(a faculty, a clinic, a local branch) is not the organisation.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Shipped with the code (a lookup table, not corpus data), so it is the same for every data directory.
ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "organisation_aliases.toml"

_FOLD = str.maketrans({"ø": "o", "å": "a", "æ": "ae", "ö": "o", "ä": "a", "ü": "u"})
#: Words that do not tell organisations apart: "Den norske legeforening" = "Legeforeningen".
_FILLER = re.compile(r"\b(?:den|det|norske|norsk|stiftelsen)\b")


def organisation_key(name: str) -> str:
    """The name without the differences of form listed in the module docstring (parenthesised text dropped)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).lower().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _FILLER.sub(" ", re.sub(r"\(.*?\)", " ", text))
    # doubled letters, an adjective's -t/-e ("Nasjonalt"/"Nasjonale" fagorgan), definite and genitive endings
    words = (re.sub(r"(\w)\1+", r"\1", w) for w in re.findall(r"[^\W_]+", text))
    words = (re.sub(r"(en|et|s)$", "", re.sub(r"(al|el|ig|isk)(?:t|e)$", r"\1", w)) for w in words)
    return " ".join(w for w in words if w)


@lru_cache(maxsize=4)
def _alias_table(path: Path = ALIASES_FILE) -> dict[str, str]:
    """Key of every name in the table -> its organisation's usual (first) name."""
    with path.open("rb") as fh:
        rows = tomllib.load(fh).get("organisation", [])
    return {organisation_key(name): row["names"][0] for row in rows for name in row["names"]}


def is_acronym_of(acronym: str, name: str) -> bool:
    """Whether a bracket's text is the name's acronym: one word of 2-10 letters, at least two capitals, the
    name's first letter first and every letter found in order in the name ("Funksjonshemmedes fellesorganisasjon"
    / FFO, "Legemiddelindustrien" / LMI). "Fylkesordfører-/rådslederkollegiet (KS)" names its parent, not itself."""
    if not re.fullmatch(r"[^\W\d_]{2,10}", acronym) or sum(c.isupper() for c in acronym) < 2:
        return False
    letters = organisation_key(name).replace(" ", "")
    wanted = acronym.lower().translate(_FOLD)
    if not letters or letters[0] != wanted[0]:
        return False
    rest = iter(letters)
    return all(c in rest for c in wanted)


def _keys(name: str, path: Path = ALIASES_FILE) -> set[str]:
    """Keys of a name and of its parenthesised acronym (only when it is the name's acronym), each replaced
    by its organisation's usual name's key."""
    inner = re.search(r"\(([^)]+)\)", name)
    outer = re.sub(r"\s*\(.*?\)", "", name)
    acronym = inner is not None and is_acronym_of(inner[1].strip(), outer)
    keys = {organisation_key(name)} | ({organisation_key(inner[1])} if acronym else set())
    table = _alias_table(path)
    return {organisation_key(table[k]) if k in table else k for k in keys if k}


def same_name(a: str, b: str, path: Path = ALIASES_FILE) -> bool:
    """Whether two names are one organisation's names: equal keys, a parenthesised acronym, or the alias table."""
    return bool(a and b and _keys(a, path) & _keys(b, path))


def same_organisation(guess: str, truth: str, path: Path = ALIASES_FILE) -> bool:
    """Whether two names denote the same organisation: equal keys (form differences removed), either
    side's parenthesised acronym (when it is that name's acronym, not a parent's), the alias table, or one name inside the other as whole words with the
    shorter at least 6 letters ("KS" never matches "KS storbynettverk")."""
    if not guess or not truth:
        return False
    if same_name(guess, truth, path):
        return True
    short, long = sorted((organisation_key(guess), organisation_key(truth)), key=len)
    return len(short) >= 6 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None
