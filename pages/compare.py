"""Compare organisations side by side: theme profile, distinctive terms, topic profile, with the passages behind."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import figures
from app.components import Page
from app.data import cached
from app.queries import documents
from app.queries.documents import document_counts, largest_organisations, values_in
from app.queries.terms import distinctive_terms, term_passages_at
from app.queries.themes import theme_labels, theme_measures, theme_passages_at
from app.queries.topics import topic_label, topic_passages_at, topic_prevalence

page = Page.open("compare")
lang = page.lang
available = cached(values_in)(page.filters, "organisation")
page.require(available)
most = documents.MAX_COMPARED_ORGANISATIONS
default = cached(largest_organisations)(page.filters, most)
chosen = page.setting("multiselect", "cmp_orgs", "compare.organisations", available, default=default,
                      max_selections=most, placeholder=page.text("common.choose"))
if sorted(chosen) == sorted(default):  # «Forhåndsvalgt …» only while the choice is the preselection
    page.capped("compare.default_largest", len(available), most)
page.require(len(chosen) >= 2, "compare.need_two", icon=None)
# The comparison is the sidebar's corpus narrowed to the chosen organisations.
compared = replace(page, filters=replace(page.filters, organisations=tuple(sorted(chosen))))
colours = page.organisation_colours(chosen)

# 1. Theme profile (bars: theme × organisation)
compared.heading("compare.themes_heading", level="header")
themes = cached(theme_measures)(compared.filters, by="organisation", lang=lang)
if themes.empty:
    page.empty()
else:
    page.uncertain_note()
    compared.drill(compared.chart(figures.organisation_bars(
        themes, key="theme_id", label="theme", value="share", colours=colours, group="group",
        hover_columns=("n_tagged", "n_passages"), title=page.text("compare.themes_title"), lang=lang,
        value_title=page.text("compare.share_axis"), hover=page.text("compare.themes_hover"),
    ), themes, name="theme_profile", key="cmp_themes", note=page.text("compare.themes_note")),
        theme_passages_at, by="organisation", first=True, labels=cached(theme_labels)(lang), key="cmp_passages_theme")

# 2. Distinctive terms (facets: organisation)
compared.heading("compare.terms_heading", level="header")
min_count = page.setting("number_input", "cmp_min_count", "keywords.min_count", default=5, min_value=1, max_value=1000)
distinctive = cached(distinctive_terms)(compared.filters, n=10, min_count=int(min_count))
if distinctive.empty:
    page.empty()
else:
    compared.drill(compared.chart(figures.distinctive_terms_facets(
        distinctive, colours=colours, doc_counts=cached(document_counts)(compared.filters, "organisation"),
        title=page.text("compare.terms_title"), lang=lang,
    ), distinctive, name="distinctive_terms", key="cmp_terms", note=page.text("compare.terms_note")),
        term_passages_at, by="organisation", first=True, labels=lambda t: f"«{t}»", key="cmp_passages_term")

# 3. Topic profile (bars: topic × organisation)
compared.heading("compare.topics_heading", level="header")
topics = cached(topic_prevalence)(compared.filters, by="organisation")
if topics.empty:
    page.empty()
else:
    compared.drill(compared.chart(figures.organisation_bars(
        topics, key="topic_id", label="label", value="mean_weight", colours=colours, hover_columns=("n_passages",),
        wrap=True, title=page.text("compare.topics_title"), lang=lang, value_title=page.text("compare.weight_axis"),
        hover=page.text("compare.topics_hover"),
    ), topics, name="topic_profile", key="cmp_topics", note=page.text("topics.prevalence_note")),
        topic_passages_at, by="organisation", first=True, labels=lambda t: cached(topic_label)(int(t)),
        key="cmp_passages_topic")
