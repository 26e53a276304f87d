"""User-facing text from one catalogue (app/catalogue.toml): Norwegian Bokmål by default, English available.

Each catalogue entry is a TOML table keyed by a dotted id with one string per language:

    [overview.title]
    nb = "Oversikt"
    en = "Overview"
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
CATALOGUE = Path(__file__).with_name("catalogue.toml")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Flattened catalogue: "overview.title" -> {"nb": ..., "en": ...}."""
    with CATALOGUE.open("rb") as fh:
        raw = tomllib.load(fh)
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict) -> None:
        if any(lang in node and isinstance(node[lang], str) for lang in LANGUAGES):
            flat[prefix] = node
            return
        for key, child in node.items():
            if isinstance(child, dict):
                walk(f"{prefix}.{key}" if prefix else key, child)

    walk("", raw)
    return flat


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The catalogue text for key in lang (falling back to nb), formatted with values.

    A missing key raises KeyError so that a typo fails in tests instead of showing a raw id.
    """
    entry = catalogue()[key]
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def format_timestamp(iso: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An ISO timestamp as readers write it: "22.11.2026 kl. 09:05 UTC" / "22 Nov 2026, 09:05 UTC"."""
    from datetime import datetime

    if not iso:
        return "?"
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    zone = " UTC" if moment.utcoffset() is not None and not moment.utcoffset() else ""
    if lang == "en":
        return moment.strftime("%-d %b %Y, %H:%M") + zone
    return moment.strftime("%d.%m.%Y kl. %H:%M") + zone


def format_number(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """A number as the reader writes it: 12 345,6 in Bokmål (no-break space, decimal comma), 12,345.6 in English."""
    formatted = f"{value:,.{decimals}f}"
    if lang == "nb":
        formatted = formatted.replace(",", "\u00a0").replace(".", ",")
    return formatted
