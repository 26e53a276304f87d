"""Compare organisations side by side: theme profile, distinctive terms, topic profile, with the passages behind."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import figures
from app.components import chart_with_download, empty_state, passage_list
from app.data import cached, load_tables
from app.sidebar import current_filters, current_language
from app.queries.documents import document_counts, values_in
from app.queries.terms import distinctive_terms, passages_with_term
from app.queries.themes import theme_labels, theme_measures, theme_passages, uncertain_labels
from app.queries.topics import topic_label, topic_passages, topic_prevalence
from app.escape import markdown
from app.i18n import text

MAX_ORGANISATIONS = 6

lang = current_language()
tables = load_tables()
filters = current_filters()

st.title(text("compare.title", lang))
st.caption(text("compare.intro", lang))

available = cached(values_in)(filters, "organisation")
if not available:
    empty_state(lang)
    st.stop()
chosen = st.multiselect(
    text("compare.organisations", lang), available, default=available[:MAX_ORGANISATIONS],
    max_selections=MAX_ORGANISATIONS, key="cmp_orgs",
)
if len(chosen) < 2:
    st.info(text("compare.need_two", lang))
    st.stop()

# The comparison is the sidebar's corpus narrowed to the chosen organisations.
compared = replace(filters, organisations=tuple(sorted(chosen)))
colours = figures.organisation_colours(tables.documents["organisation"])
doc_counts = cached(document_counts)(compared, "organisation")


def drill_down(points: list[dict], kind: str) -> None:
    """Passages behind the first clicked bar: customdata = [theme/topic/term, organisation, …]."""
    picked = [p["customdata"] for p in points if p.get("customdata")]
    if not picked:
        return
    what, organisation = picked[0][0], str(picked[0][1])
    if kind == "theme":
        passages = cached(theme_passages)(compared, [str(what)], where={"organisation": organisation})
        label = cached(theme_labels)(lang).get(str(what), str(what))
    elif kind == "topic":
        passages = cached(topic_passages)(compared, int(what), organisation=organisation, limit=None)
        label = cached(topic_label)(int(what))
    else:
        passages = cached(passages_with_term)(compared, str(what), organisation=organisation)
        label = f"«{what}»"
    st.markdown(f"**{text('common.selected', lang, what=markdown(f'{label} · {organisation}'))}**")
    passage_list(passages, highlight=[], lang=lang, key=f"cmp_passages_{kind}", filters=compared)


# 1. Theme profile ----------------------------------------------------------------------------
st.header(text("compare.themes_heading", lang))
themes = cached(theme_measures)(compared, by="organisation", lang=lang)
if themes.empty:
    empty_state(lang)
else:
    if uncertain := cached(uncertain_labels)(lang):
        st.caption(text("themes.uncertain", lang, themes=markdown(", ".join(uncertain))))
    points = chart_with_download(
        figures.organisation_bars(
            themes, key="theme_id", label="theme", value="share", colours=colours, group="group",
            hover_columns=("n_tagged", "n_passages"), title=text("compare.themes_title", lang), lang=lang,
            value_title=text("compare.share_axis", lang), hover=text("compare.themes_hover", lang),
        ),
        themes, name="theme_profile", filters=compared, lang=lang, key="cmp_themes",
    )
    st.caption(text("compare.themes_note", lang) + " " + text("common.select_hint", lang))
    drill_down(points, "theme")

# 2. Distinctive terms ------------------------------------------------------------------------
st.header(text("compare.terms_heading", lang))
min_count = st.number_input(text("keywords.min_count", lang), 1, 1000, 5, key="cmp_min_count")
distinctive = cached(distinctive_terms)(compared, n=10, min_count=int(min_count))
if distinctive.empty:
    empty_state(lang)
else:
    points = chart_with_download(
        figures.distinctive_terms_facets(
            distinctive, colours=colours, doc_counts=doc_counts, title=text("compare.terms_title", lang), lang=lang
        ),
        distinctive, name="distinctive_terms", filters=compared, lang=lang, key="cmp_terms",
    )
    st.caption(text("compare.terms_note", lang) + " " + text("common.select_hint", lang))
    drill_down(points, "term")

# 3. Topic profile ----------------------------------------------------------------------------
st.header(text("compare.topics_heading", lang))
topics = cached(topic_prevalence)(compared, by="organisation")
if topics.empty:
    empty_state(lang)
else:
    points = chart_with_download(
        figures.organisation_bars(
            topics, key="topic_id", label="label", value="mean_weight", colours=colours,
            hover_columns=("n_passages",), wrap=True, title=text("compare.topics_title", lang), lang=lang,
            value_title=text("compare.weight_axis", lang), hover=text("compare.topics_hover", lang),
        ),
        topics, name="topic_profile", filters=compared, lang=lang, key="cmp_topics",
    )
    st.caption(text("topics.prevalence_note", lang) + " " + text("common.select_hint", lang))
    drill_down(points, "topic")
