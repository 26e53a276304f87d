"""Keywords and trends: chosen terms over time, rising and falling terms, and what is distinctive (keyness)."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import figures
from app.components import Page
from app.data import cached
from app.escape import markdown
from app.queries import terms as q
from app.queries.documents import values_in
from app.sections import keyness

page = Page.open("keywords")
lang, filters = page.lang, page.filters
vocab = cached(q.vocabulary)(filters)
page.require(not vocab.empty)
quoted = lambda term: f"«{term}»"  # noqa: E731

# 1. Chosen terms over time
page.heading("keywords.trend_heading", level="header")
typed = page.setting("multiselect", "kw_terms", "keywords.terms", vocab["term"].tolist(), max_selections=8,
                     default=q.default_terms(vocab, ("praksisplass", "digital kompetanse")),
                     help=page.text("keywords.terms_help"), accept_new_options=True,
                     placeholder=page.text("keywords.terms_placeholder"))
# Typed words are counted as the lemma the pipeline read them as ("praksisplasser" -> "praksisplass").
terms, mapped, unknown = cached(q.resolve_terms)(typed)
if mapped:
    st.caption(page.text("keywords.mapped", pairs=markdown(", ".join(f"{w} → {lemma}" for w, lemma in mapped))))
if unknown:
    st.warning(page.text("keywords.unknown", words=markdown(", ".join(unknown))), icon=":material/help:")
trend = cached(q.term_trend)(filters, terms=terms)
if trend.empty:
    st.info(page.text("keywords.pick_terms"))
else:
    page.drill(page.chart(figures.term_trend_lines(trend, title=page.text("keywords.trend_title", terms=", ".join(
        terms)), lang=lang), trend, name="term_trend", key="kw_trend", note=page.text("keywords.trend_note")),
        q.term_passages_at, by="year", first=True, labels=quoted, key="kw_passages_trend")

# 2. Rising and falling terms
page.heading("keywords.change_heading", level="header")
years = cached(values_in)(filters, "year")
if len(years) < 2:
    st.info(page.text("keywords.need_two_years"))
else:
    first_half, second_half = q.default_periods(years)
    col_a, col_b, col_min, col_docs = st.columns([2, 2, 1, 1])
    period_a = page.setting("multiselect", "kw_period_a", "keywords.period_a", years, where=col_a, default=first_half,
                            placeholder=page.text("common.choose"))
    period_b = page.setting("multiselect", "kw_period_b", "keywords.period_b", years, where=col_b, default=second_half,
                            placeholder=page.text("common.choose"))
    min_change = page.setting("number_input", "kw_min_change", "keywords.min_count", where=col_min, default=5,
                              min_value=1, max_value=1000)
    docs_change = page.setting("number_input", "kw_min_docs_change", "terms.min_documents", where=col_docs, default=2,
                               min_value=1, max_value=100, help=page.text("terms.min_documents_help"))
    label_a, label_b = q.period_label(period_a), q.period_label(period_b)
    directions = tuple((d, page.text(f"keywords.fig.{d}")) for d in ("rising", "falling"))
    changes = cached(q.rising_falling)(filters, period_a=list(period_a), period_b=list(period_b),
                                       min_count=int(min_change), min_documents=int(docs_change),
                                       direction_labels=directions)
    if set(period_a) & set(period_b):
        st.warning(page.text("keywords.periods_overlap"))
    elif changes.empty:
        page.empty()
    else:
        page.drill(page.chart(
            figures.rising_falling_bars(changes, title=page.text("keywords.change_title", a=label_a, b=label_b),
                                        lang=lang), changes, name="rising_falling", key="kw_change",
            note=page.text("keywords.change_note") + " " + page.text("terms.support_note", n=int(docs_change))),
            q.term_passages_at, size=1, first=True, labels=lambda t: f"«{t}» · {label_a}, {label_b}",
            filters=replace(filters, years=tuple(sorted({*period_a, *period_b}))), key="kw_passages_change")

# 3. Keyness
page.heading("keywords.keyness_heading", level="header")
keyness(page)
