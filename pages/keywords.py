"""Keywords and trends: chosen terms over time, rising and falling terms, and what is distinctive (keyness)."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import figures
from app.components import chart_with_download, empty_state, passage_list
from app.data import cached, load_tables
from app.sidebar import current_filters, current_language, doc_type_label
from app.queries.documents import document_counts, values_in
from app.queries.terms import (
    default_terms,
    keyness,
    passages_with_term,
    resolve_terms,
    rising_falling,
    term_trend,
    vocabulary,
)
from app.escape import markdown
from app.i18n import text

PREFERRED_TERMS = ("praksisplass", "digital kompetanse")

lang = current_language()
tables = load_tables()
filters = current_filters()

st.title(text("keywords.title", lang))
st.caption(text("keywords.intro", lang))

vocab = cached(vocabulary)(filters)
if vocab.empty:
    empty_state(lang)
    st.stop()


def show_term_passages(term: str, what: str, narrowed=filters, **where) -> None:
    """The passages behind a clicked term (any inflection), with the surface forms highlighted."""
    st.markdown(f"**{text('common.selected', lang, what=markdown(what))}**")
    passages = cached(passages_with_term)(narrowed, term, **where)
    passage_list(passages, highlight=[], lang=lang, key=f"kw_passages_{term}_{what}", filters=narrowed)


# 1. Chosen terms over time -------------------------------------------------------------------
st.header(text("keywords.trend_heading", lang))
terms = st.multiselect(
    text("keywords.terms", lang),
    vocab["term"].tolist(),
    default=default_terms(vocab, PREFERRED_TERMS),
    key="kw_terms",
    help=text("keywords.terms_help", lang),
    max_selections=8,
    accept_new_options=True,
)
# Typed words are counted as the lemma the pipeline read them as ("praksisplasser" -> "praksisplass").
terms, mapped, unknown = cached(resolve_terms)(terms)
if mapped:
    st.caption(text("keywords.mapped", lang, pairs=markdown(", ".join(f"{w} → {l}" for w, l in mapped))))
if unknown:
    st.warning(text("keywords.unknown", lang, words=markdown(", ".join(unknown))), icon=":material/help:")
trend = cached(term_trend)(filters, terms=terms)
if trend.empty:
    st.info(text("keywords.pick_terms", lang))
else:
    points = chart_with_download(
        figures.term_trend_lines(trend, title=text("keywords.trend_title", lang, terms=", ".join(terms)), lang=lang),
        trend, name="term_trend", filters=filters, lang=lang, key="kw_trend",
    )
    st.caption(text("keywords.trend_note", lang) + " " + text("common.select_hint", lang))
    picked = [p["customdata"] for p in points if p.get("customdata")]
    if picked:
        term, year = str(picked[0][0]), int(picked[0][1])
        show_term_passages(term, f"«{term}» · {year}", year=year)

# 2. Rising and falling terms -----------------------------------------------------------------
st.header(text("keywords.change_heading", lang))
years = cached(values_in)(filters, "year")
if len(years) < 2:
    st.info(text("keywords.need_two_years", lang))
else:
    half = (len(years) + 1) // 2
    col_a, col_b, col_min, col_docs = st.columns([2, 2, 1, 1])
    period_a = col_a.multiselect(text("keywords.period_a", lang), years, default=years[:half], key="kw_period_a")
    period_b = col_b.multiselect(text("keywords.period_b", lang), years, default=years[half:], key="kw_period_b")
    min_change = col_min.number_input(text("keywords.min_count", lang), 1, 1000, 5, key="kw_min_change")
    docs_change = col_docs.number_input(text("terms.min_documents", lang), 1, 100, 2, key="kw_min_docs_change",
                                        help=text("terms.min_documents_help", lang))
    label_a, label_b = ", ".join(map(str, sorted(period_a))), ", ".join(map(str, sorted(period_b)))
    changes = cached(rising_falling)(
        filters, period_a=list(period_a), period_b=list(period_b), min_count=int(min_change),
        min_documents=int(docs_change),
    )
    if set(period_a) & set(period_b):
        st.warning(text("keywords.periods_overlap", lang))
    elif changes.empty:
        empty_state(lang)
    else:
        points = chart_with_download(
            figures.rising_falling_bars(changes, title=text("keywords.change_title", lang, a=label_a, b=label_b), lang=lang),
            changes, name="rising_falling", filters=filters, lang=lang, key="kw_change",
        )
        st.caption(text("keywords.change_note", lang) + " " + text("terms.support_note", lang, n=int(docs_change))
                   + " " + text("common.select_hint", lang))
        picked = [p["customdata"] for p in points if p.get("customdata")]
        if picked:
            term = str(picked[0][0])
            both_periods = replace(filters, years=tuple(sorted({*period_a, *period_b})))
            show_term_passages(term, f"«{term}» · {label_a}, {label_b}", narrowed=both_periods)

# 3. Keyness ----------------------------------------------------------------------------------
st.header(text("keywords.keyness_heading", lang))
doc_types = cached(values_in)(filters, "doc_type")
if len(doc_types) > 1:
    st.info(
        text("keywords.doc_type_mixed", lang, types=", ".join(doc_type_label(d, lang) for d in doc_types)),
        icon=":material/balance:",
    )
else:
    st.caption(text("keywords.doc_type_single", lang, type=doc_type_label(doc_types[0], lang) if doc_types else "–"))
col_by, col_target, col_min, col_docs = st.columns([2, 2, 1, 1])
with col_by:
    target_by = st.segmented_control(
        text("keywords.target_by", lang), ["organisation", "year"], default="organisation", required=True,
        key="kw_target_by", format_func=lambda b: text(f"topics.by_{b}", lang),
    )
targets = cached(values_in)(filters, target_by)
target = col_target.selectbox(text(f"keywords.target_{target_by}", lang), targets, key=f"kw_target_{target_by}")
min_key = col_min.number_input(text("keywords.min_count", lang), 1, 1000, 5, key="kw_min_key")
docs_key = col_docs.number_input(text("terms.min_documents", lang), 1, 100, 2, key="kw_min_docs_key",
                                 help=text("terms.min_documents_help", lang))
if len(targets) < 2:
    st.info(text(f"keywords.need_two_{target_by}", lang))
else:
    keyed = cached(keyness)(filters, min_count=int(min_key), min_documents=int(docs_key), **{target_by: target})
    counts = cached(document_counts)(filters, target_by)
    n_target = counts.get(target, 0)
    if keyed.empty and n_target < int(docs_key):
        st.info(text("keywords.single_document_target", lang, target=markdown(target), n=int(docs_key)),
                icon=":material/info:")
    elif keyed.empty:
        empty_state(lang)
    else:
        points = chart_with_download(
            figures.keyness_bars(
                keyed, title=text("keywords.keyness_title", lang, target=target), lang=lang,
                colour=figures.organisation_colours(tables.documents["organisation"]).get(str(target), figures.PALETTE[0]),
            ),
            keyed, name=f"keyness_{target}", filters=filters, lang=lang, key="kw_keyness",
        )
        st.caption(
            text("keywords.keyness_note", lang, n_target=n_target, n_rest=sum(counts.values()) - n_target)
            + " " + text("terms.support_note", lang, n=int(docs_key)) + " " + text("common.select_hint", lang)
        )
        picked = [p["customdata"] for p in points if p.get("customdata")]
        if picked:
            term = str(picked[0][0])
            show_term_passages(term, f"«{term}» · {target}", **{target_by: target})
