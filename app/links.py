"""Every setting of every page as a language-neutral id in the URL: which parameters exist, and id <-> URL text.

A link must open the same view in either language, so the URL holds ids (theme ids, DOC_TYPES codes, measure
codes, organisation names, years, terms), never display labels. Each parameter is declared once here, under
the page that owns it (SIDEBAR for the shared filters and the language); app.widgets puts a widget's value in
the URL with encode() and reads a link with decode(). Nothing here touches Streamlit.

The URL name of a parameter is the key of its widget, so one name means one setting everywhere.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlencode

#: What an empty multi-valued setting looks like in a URL: "?theme=" (a present, empty value), so "nothing
#: chosen" survives a link even where the page's default chooses something.
EMPTY = ""
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


@dataclass(frozen=True)
class Param:
    """One setting in the URL: its value type, whether it holds several values, and a value left out of URLs.

    omit: the value a URL leaves out (the sidebar's "all" and the default language), for short links; None
    writes every value, so a link keeps a setting whose default depends on the data.
    """

    kind: type = str
    many: bool = False
    omit: Any = None


SIDEBAR: dict[str, Param] = {
    "lang": Param(str, omit="nb"),
    "org": Param(str, many=True, omit=()),
    "year": Param(int, many=True, omit=()),
    "doc_type": Param(str, many=True, omit=()),  # pipeline.schema DOC_TYPES codes
}

#: Each page's settings, by the page's url path (pages/<name>.py).
PAGES: dict[str, dict[str, Param]] = {
    "overview": {"overview_min_docs": Param(int)},
    "themes": {
        "theme": Param(str, many=True),  # theme ids
        "measure": Param(str),  # share | per_10k
        "year_view": Param(str),  # organisation | together
    },
    "topics": {"topics_topic": Param(int), "topics_lambda": Param(float), "topics_by": Param(str)},
    "keywords": {
        "kw_terms": Param(str, many=True),  # lemmas and bigrams as counted
        "kw_period_a": Param(int, many=True),  # "from" years
        "kw_period_b": Param(int, many=True),  # "to" years
        "kw_min_change": Param(int),
        "kw_min_docs_change": Param(int),
        "kw_target_by": Param(str),  # organisation | year
        "kw_target_organisation": Param(str),  # the keyness organisation
        "kw_target_year": Param(int),
        "kw_min_key": Param(int),
        "kw_min_docs_key": Param(int),
    },
    "compare": {"cmp_orgs": Param(str, many=True), "cmp_min_count": Param(int)},
    "passages": {
        "q": Param(str),
        "search_mode": Param(str),  # lemma | exact
        "search_unanalysed": Param(bool),
        "search_page": Param(int),
    },
    "demands": {
        "demand_theme": Param(str),  # a theme id, "" for all themes
        "demand_soft": Param(bool),
        "demand_from": Param(int),
        "demand_to": Param(int),
        "demand_org_a": Param(str),
        "demand_org_b": Param(str),
    },
    "documents": {},
    "document": {
        "doc": Param(str),  # doc_id
        "passage": Param(str),  # passage_id, scrolled to and marked
        "hl": Param(str, many=True),  # words to highlight (what a search found)
    },
    "method": {},
}

READER_PAGE = "document"


def param(key: str) -> Param:
    """The declared parameter named key (KeyError for a setting nobody declared: a typo fails in tests)."""
    if key in SIDEBAR:
        return SIDEBAR[key]
    for params in PAGES.values():
        if key in params:
            return params[key]
    raise KeyError(f"URL parameter {key!r} is not declared in app/links.py")


def foreign_keys(page: str, present: Iterable[str]) -> list[str]:
    """The parameters in present that belong to another page than page (a page switch leaves them behind)."""
    own = set(SIDEBAR) | set(PAGES.get(page, {}))
    declared = {key for params in PAGES.values() for key in params}
    return [key for key in present if key in declared and key not in own]


def _text(kind: type, value: Any) -> str:
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return f"{float(value):g}"
    if kind is int:
        return str(int(value))
    return str(value)


def encode(p: Param, value: Any) -> list[str] | None:
    """value as the URL's list of texts (repeated parameter), or None when the URL leaves it out."""
    if p.many:
        values = list(value or ())
        if p.omit is not None and tuple(values) == tuple(p.omit):
            return None
        return [_text(p.kind, v) for v in values] or [EMPTY]
    if value is None or (p.omit is not None and value == p.omit):
        return None
    return [_text(p.kind, value)]


def _value(kind: type, raw: str) -> Any:
    """raw as kind; ValueError when it is not one."""
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(raw)
    if kind is int:
        return int(raw.strip())
    if kind is float:
        number = float(raw.strip())
        if not math.isfinite(number):
            raise ValueError(raw)
        return number
    return raw


def _allowed(value: Any, allowed: Sequence | None, bounds: tuple | None) -> bool:
    if allowed is not None and value not in allowed:
        return False
    if bounds is not None:
        low, high = bounds
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    return True


@dataclass(frozen=True)
class Decoded:
    """What a link said about one setting: the usable value (None: nothing usable) and the texts it could not use."""

    value: Any
    unknown: tuple[str, ...] = ()


def decode(p: Param, raw: Sequence[str], allowed: Sequence | None = None, bounds: tuple | None = None) -> Decoded:
    """The URL's texts for one parameter as a value of its kind, keeping only allowed values (within bounds).

    A multi-valued setting keeps its known values in the link's order, without repeats, and reports the rest;
    a single setting takes the last text and reports it when unusable. raw == [] (absent) decodes to None.
    """
    if not raw:
        return Decoded(None)
    if p.many:
        if list(raw) == [EMPTY]:
            return Decoded([])
        values, unknown = [], []
        for text in raw:
            try:
                value = _value(p.kind, text)
            except ValueError:
                unknown.append(text)
                continue
            if not _allowed(value, allowed, bounds):
                unknown.append(text)
            elif value not in values:
                values.append(value)
        return Decoded(values, tuple(unknown))
    text = raw[-1]
    try:
        value = _value(p.kind, text)
    except ValueError:
        return Decoded(None, (text,))
    if not _allowed(value, allowed, bounds):
        return Decoded(None, (text,))
    return Decoded(value)


def valid(p: Param, value: Any, allowed: Sequence | None = None, bounds: tuple | None = None) -> bool:
    """Whether a remembered value is still a choice (options shrink when the sidebar narrows the corpus)."""
    if value is None:
        return False
    if p.many:
        return all(_allowed(v, allowed, bounds) for v in value)
    return _allowed(value, allowed, bounds)


def query_string(values: Mapping[str, Any]) -> str:
    """A query string ("doc=…&passage=…") for settings given as ids, encoded as the widgets would write them."""
    pairs: list[tuple[str, str]] = []
    for key, value in values.items():
        encoded = encode(param(key), value)
        pairs += [(key, text) for text in encoded or ()]
    return urlencode(pairs)


def reader_link(doc_id: str, passage_id: str | None = None, lang: str = "nb", highlight: Sequence[str] = ()) -> str:
    """The relative address of the document reader at a document (and passage), in lang: a shareable link."""
    values: dict[str, Any] = {"doc": doc_id}
    if passage_id:
        values["passage"] = passage_id
    if highlight:
        values["hl"] = list(dict.fromkeys(str(h) for h in highlight if str(h)))
    values["lang"] = lang
    return f"{READER_PAGE}?{query_string(values)}"
