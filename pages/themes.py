"""Themes: how often the chosen themes recur by year and organisation, in which documents, together, and where."""
from __future__ import annotations

import streamlit as st

from app.components import chart_with_download, empty_state, passage_list, selected_cells
from app.data import cached, load_tables
from app.figures import (
    cooccurrence_heatmap,
    organisation_colours,
    organisation_year_heatmap,
    recurrence_by_organisation,
    recurrence_by_organisation_year,
    recurrence_by_year,
    theme_colours,
    theme_document_heatmap,
)
from app.sidebar import current_filters, current_language, doc_type_labels
from app.queries.documents import documents_in, values_in
from app.queries.themes import (
    MAX_MATRIX_DOCUMENTS,
    MAX_ORGANISATION_LINES,
    theme_cooccurrence,
    theme_document_matrix,
    theme_labels,
    theme_measures,
    theme_organisation_year,
    theme_passages,
    theme_passages_at,
    theme_passages_in_cells,
    uncertain_labels,
    year_composition,
)
from app.escape import markdown
from app.i18n import text

DEFAULT_THEMES = ("practice_placements", "digital_competence")

lang = current_language()
filters = current_filters()
tables = load_tables()
labels = cached(theme_labels)(lang)

st.title(text("themes.title", lang))
st.caption(text("themes.intro", lang))

left, right = st.columns([3, 2])
chosen = left.multiselect(
    text("themes.choose", lang), list(labels), default=[t for t in DEFAULT_THEMES if t in labels] or list(labels)[:2],
    format_func=lambda t: labels.get(t, t), key="theme", bind="query-params",
)
measure = right.radio(
    text("themes.measure_label", lang), ["share", "per_10k"], format_func=lambda m: text(f"themes.measure.{m}", lang),
    horizontal=True, key="measure", bind="query-params", help=text("themes.measure_help", lang),
)
if not chosen:
    st.info(text("themes.none_chosen", lang), icon=":material/label_off:")
    st.stop()

chosen_names = ", ".join(labels[t] for t in chosen)
by_year = cached(theme_measures)(filters, by="year", lang=lang, theme_ids=tuple(chosen))
if by_year.empty:
    empty_state(lang)
    st.stop()
by_organisation = cached(theme_measures)(filters, by="organisation", lang=lang, theme_ids=tuple(chosen))
colours = theme_colours(list(labels))
org_colours = organisation_colours(tables.documents["organisation"].unique())

type_names = doc_type_labels(lang)
by_org_year = cached(theme_organisation_year)(filters, lang=lang, theme_ids=tuple(chosen), doc_type_labels=type_names)
composition = cached(year_composition)(filters, type_names)
st.caption(text("common.select_hint", lang))
if uncertain := cached(uncertain_labels)(lang, theme_ids=tuple(chosen)):
    st.caption(text("themes.uncertain", lang, themes=markdown(", ".join(uncertain))))
year_column, org_column = st.columns(2)
with year_column:
    year_view = st.segmented_control(
        text("themes.year_view_label", lang), ["organisation", "together"], default="organisation", required=True,
        key="year_view", bind="query-params", format_func=lambda v: text(f"themes.year_view.{v}", lang), help=text("themes.year_view_help", lang),
    )
    if year_view == "organisation":
        n_organisations = len(cached(values_in)(filters, "organisation"))
        if n_organisations > MAX_ORGANISATION_LINES:
            st.caption(text("themes.org_year.capped", lang, n=MAX_ORGANISATION_LINES, n_all=n_organisations))
        year_points = chart_with_download(
            recurrence_by_organisation_year(by_org_year, measure=measure, lang=lang, colours=org_colours, title=text(
                f"themes.fig.by_org_year_title.{measure}", lang, themes=chosen_names)),
            by_org_year, name=f"themes_by_organisation_year_{measure}", filters=filters, lang=lang,
            key=f"themes_by_org_year_{measure}",
        )
    else:
        year_points = chart_with_download(
            recurrence_by_year(by_year, measure=measure, lang=lang, colours=colours, composition=composition,
                               title=text(f"themes.fig.by_year_title.{measure}", lang, themes=chosen_names)),
            by_year, name=f"themes_by_year_{measure}", filters=filters, lang=lang, key=f"themes_by_year_{measure}",
        )
        if composition["changed"].any():
            st.caption(text("themes.together_note", lang, years=markdown("; ".join(
                label if len(label) <= 80 else label[:79] + "…" for label in composition["label"]))))
with org_column:
    org_points = chart_with_download(
        recurrence_by_organisation(by_organisation, measure=measure, lang=lang, colours=org_colours,
                                   title=text(f"themes.fig.by_org_title.{measure}", lang, themes=chosen_names)),
        by_organisation, name=f"themes_by_organisation_{measure}", filters=filters, lang=lang,
        key=f"themes_by_org_{measure}",
    )
cells = selected_cells(year_points, 3) if year_view == "organisation" else []
if cells:
    st.subheader(text("common.selected", lang, what=markdown(", ".join(f"{labels.get(t, t)} · {o} · {y}" for t, o, y in cells))))
    passage_list(cached(theme_passages_in_cells)(filters, cells), highlight=[], lang=lang, key="themes_drill_org_year",
                 filters=filters)
for points, by in ((year_points if year_view == "together" else [], "year"), (org_points, "organisation")):
    cells = selected_cells(points)
    if cells:
        st.subheader(text("common.selected", lang, what=markdown(", ".join(f"{labels.get(t, t)} · {g}" for t, g in cells))))
        passage_list(cached(theme_passages_at)(filters, cells, by), highlight=[], lang=lang,
                     key=f"themes_drill_{by}", filters=filters)

st.subheader(text("themes.org_year.title", lang))
st.caption(text("themes.org_year.intro", lang))
grid_points = chart_with_download(
    organisation_year_heatmap(by_org_year, measure=measure, lang=lang,
                              title=text("themes.fig.org_year_title", lang, themes=chosen_names)),
    by_org_year, name=f"themes_organisation_year_{measure}", filters=filters, lang=lang, key=f"themes_org_year_{measure}",
)
grid_cells = selected_cells(grid_points, 3)
if grid_cells:
    st.subheader(text("common.selected", lang, what=markdown(", ".join(f"{labels.get(t, t)} · {o} · {y}" for t, o, y in grid_cells))))
    passage_list(cached(theme_passages_in_cells)(filters, grid_cells), highlight=[], lang=lang,
                 key="themes_drill_org_year_grid", filters=filters)

st.subheader(text("themes.documents.title", lang))
matrix = cached(theme_document_matrix)(filters, lang=lang, theme_ids=tuple(chosen))
n_selected = len(cached(documents_in)(filters))
if n_selected > MAX_MATRIX_DOCUMENTS:
    st.caption(text("themes.documents.capped", lang, n=MAX_MATRIX_DOCUMENTS, n_all=n_selected))
doc_points = chart_with_download(
    theme_document_heatmap(matrix, measure=measure, lang=lang, title=text("themes.fig.doc_title", lang)),
    matrix, name=f"themes_by_document_{measure}", filters=filters, lang=lang, key=f"themes_by_doc_{measure}",
)
cells = selected_cells(doc_points)
if cells:
    st.subheader(text("common.selected", lang, what=markdown(", ".join(f"{labels.get(t, t)} · {d}" for t, d in cells))))
    passage_list(cached(theme_passages_at)(filters, cells, "doc_id"), highlight=[], lang=lang,
                 key="themes_drill_doc", filters=filters)

if len(chosen) > 1:
    st.subheader(text("themes.cooc.title", lang))
    st.caption(text("themes.cooc.intro", lang))
    pairs = cached(theme_cooccurrence)(filters, lang=lang, theme_ids=tuple(chosen))
    pair_points = chart_with_download(
        cooccurrence_heatmap(pairs, lang=lang, title=text("themes.fig.cooc_title", lang)),
        pairs, name="themes_cooccurrence", filters=filters, lang=lang, key="themes_cooc",
    )
    for theme_a, theme_b in selected_cells(pair_points):
        st.subheader(text("themes.cooc.selected", lang, a=markdown(labels.get(theme_a, theme_a)), b=markdown(labels.get(theme_b, theme_b))))
        passage_list(cached(theme_passages)(filters, [theme_a, theme_b], require_all=True), highlight=[],
                     lang=lang, key=f"themes_cooc_{theme_a}_{theme_b}", filters=filters)

st.subheader(text("themes.passages.title", lang, themes=markdown(chosen_names)))
st.caption(text("themes.passages.intro", lang))
passage_list(cached(theme_passages)(filters, chosen), highlight=[], lang=lang, key="themes_passages",
             filters=filters)
