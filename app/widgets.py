"""Widgets whose value lives in the URL as ids (app.links), so a copied link opens the same view in any language.

Streamlit's own bind="query-params" writes a widget's *display label* to the URL (?measure=Treff+per+10+000+ord)
and keeps the labels of the old language after a switch. Here the widget holds ids (labels come from
format_func), and on each run linked():

1. seeds the widget when it has no state in this session: from the link (unknown ids are dropped with a
   visible note), else from what the reader last chose on this page in this session, else the default;
2. re-seeds it with its ids when the language changed since it was drawn (Streamlit would keep the labels
   of the old language) or when its ids are no longer among the options (the sidebar narrowed the corpus);
3. writes its ids to the URL.
"""
from __future__ import annotations

from typing import Any, Sequence

import streamlit as st

from app import links
from app.escape import markdown
from app.i18n import DEFAULT_LANGUAGE, text

#: key -> (ids, language) as last drawn in this session (page settings come back when the reader returns).
MEMORY_KEY = "_linked_values"
#: key -> (texts the link named that are not choices here, the value seeded instead).
NOTES_KEY = "_linked_unknown"


def _bounds(kwargs: dict) -> tuple | None:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    return None if low is None and high is None else (low, high)


def link_value(key: str, *, allowed: Sequence | None = None, bounds: tuple | None = None) -> links.Decoded:
    """What the URL says about one declared setting (for settings that are not widgets, e.g. ?passage=)."""
    return links.decode(links.param(key), st.query_params.get_all(key), allowed, bounds)


def _seed(key: str, p: links.Param, default: Any, lang: str | None, allowed: Sequence | None, bounds: tuple | None):
    """The value to put in the widget's state before it is drawn, or None to leave its state alone."""
    state = st.session_state
    memory = state.setdefault(MEMORY_KEY, {})
    remembered = memory.get(key)
    if key not in state:
        decoded = link_value(key, allowed=allowed, bounds=bounds)
        if decoded.unknown:
            fallback = decoded.value if decoded.value is not None else default
            state.setdefault(NOTES_KEY, {})[key] = (decoded.unknown, fallback)
        if decoded.value is not None:
            return decoded.value
        if remembered is not None and links.valid(p, remembered[0], allowed, bounds):
            return remembered[0]
        return default
    if remembered is None:
        return None
    if not links.valid(p, remembered[0], allowed, bounds):
        if p.many:  # keep what is still a choice; when nothing is, start again from the narrowed corpus's default
            # (Compare narrowed to NITO and Tekna in the sidebar showed «choose at least two» instead of the two)
            kept = [v for v in remembered[0] if links.valid(p, [v], allowed, bounds)]
            return kept or default
        return default
    if lang is not None and remembered[1] != lang:
        return remembered[0]
    return None


def _write_url(key: str, p: links.Param, value: Any) -> None:
    encoded = links.encode(p, value)
    params = st.query_params
    if encoded is None:
        if key in params:
            del params[key]
    elif params.get_all(key) != encoded:
        params[key] = encoded if len(encoded) > 1 else encoded[0]


def linked(container, widget: str, key: str, label: str, options: Sequence | None = None, *, default: Any,
           lang: str | None, allowed: Sequence | None = None, **kwargs) -> Any:
    """container.<widget>(label, options, key=key, **kwargs) with its value (ids) in the URL under key.

    default: the value without a link or an earlier choice (what default=/index=/value= would have been);
    lang: the language its labels are in (None for the language switch itself, whose labels never change);
    allowed: the values a link may choose (the options, unless given or accept_new_options); min_value/max_value
    bound numbers; a link's values beyond max_selections are cut.
    """
    p = links.param(key)
    if allowed is None and options is not None and not kwargs.get("accept_new_options"):
        allowed = list(options)  # a widget that takes typed values (accept_new_options) takes any from a link too
    bounds = _bounds(kwargs)
    seed = _seed(key, p, default, lang, allowed, bounds)
    if seed is not None:
        st.session_state[key] = list(seed)[: kwargs.get("max_selections")] if p.many else seed
    args = (label,) if options is None else (label, options)
    value = getattr(container, widget)(*args, key=key, **kwargs)
    st.session_state[MEMORY_KEY][key] = (list(value) if p.many and value is not None else value, lang)
    _write_url(key, p, value)
    _note(container, key, value, lang)
    return value


def _note(container, key: str, value: Any, lang: str | None) -> None:
    """Say which ids of the link are not choices here, until the reader changes that setting."""
    notes = st.session_state.get(NOTES_KEY, {})
    if key not in notes:
        return
    unknown, seeded = notes[key]
    current = list(value) if isinstance(value, (list, tuple)) else value
    if current != (list(seeded) if isinstance(seeded, (list, tuple)) else seeded):
        del notes[key]
        return
    container.warning(text("links.unknown", lang or DEFAULT_LANGUAGE, values=markdown(", ".join(unknown))), icon=":material/link_off:")


def keep_page_params(page: str) -> None:
    """Drop the URL settings of other pages (a page switch leaves them behind) before this run's page reads its own."""
    params = st.query_params
    for key in links.foreign_keys(page, list(params.keys())):
        del params[key]
