"""Themes: how often the chosen themes recur by year and organisation, in which documents, together, and where."""
from __future__ import annotations

import streamlit as st

from app import figures
from app.components import Page, selected_cells
from app.data import cached
from app.escape import markdown
from app.queries import themes as q
from app.queries.documents import document_names, documents_in
from app.sections import theme_years
from app.sidebar import doc_type_labels

page = Page.open("themes")
lang, filters = page.lang, page.filters
labels = cached(q.theme_labels)(lang)
left, right = st.columns([3, 2])
chosen = page.setting("multiselect", "theme", "themes.choose", list(labels), where=left,
                      default=cached(q.default_themes)(("practice_placements", "digital_competence")),
                      format_func=lambda t: labels.get(t, t), placeholder=page.text("common.choose"))
measure = page.setting("radio", "measure", "themes.measure_label", ["share", "per_10k"], where=right, default="share",
                       horizontal=True, format_func=lambda m: page.text(f"themes.measure.{m}"),
                       help=page.text("themes.measure_help"))
page.require(chosen, "themes.none_chosen", icon=":material/label_off:")
ids, names, shown = tuple(chosen), ", ".join(labels[t] for t in chosen), {"measure": measure, "lang": lang}
by_year = cached(q.theme_measures)(filters, by="year", lang=lang, theme_ids=ids)
page.require(not by_year.empty)
by_organisation = cached(q.theme_by_organisation)(filters, lang=lang, theme_ids=ids)
by_org_year = cached(q.theme_organisation_year)(filters, lang=lang, theme_ids=ids, doc_type_labels=doc_type_labels(lang))

st.caption(page.text("common.select_hint"))
page.uncertain_note(ids)
ranked = cached(q.organisations_by_theme)(filters, ids)
page.capped("themes.org_year.capped", len(ranked), q.MAX_ORGANISATION_LINES,
            names=markdown(", ".join(ranked[:q.MAX_ORGANISATION_LINES])))
year_column, org_column = st.columns(2)
with year_column:
    year_points, together = theme_years(page, by_year, by_org_year, labels, names, measure)
with org_column:
    org_points = page.chart(figures.recurrence_by_organisation(
        by_organisation, **shown, colours=page.organisation_colours(),
        title=page.text(f"themes.fig.by_org_title.{measure}", themes=names)),
        by_organisation, name=f"themes_by_organisation_{measure}", key=f"themes_by_org_{measure}")
if together:
    page.drill(year_points, q.theme_passages_at, by="year", labels=labels, key="themes_drill_year")
else:
    page.drill(year_points, q.theme_passages_in_cells, size=3, labels=labels, key="themes_drill_org_year")
page.drill(org_points, q.theme_passages_at, by="organisation", labels=labels, key="themes_drill_organisation")

page.heading("themes.org_year.title", "themes.org_year.intro")
page.drill(page.chart(figures.organisation_year_heatmap(by_org_year, **shown, title=page.text(
    "themes.fig.org_year_title", themes=names)), by_org_year, name=f"themes_organisation_year_{measure}",
    key=f"themes_org_year_{measure}"), q.theme_passages_in_cells, size=3, labels=labels, key="themes_drill_org_year_grid")

page.heading("themes.documents.title")
matrix = cached(q.theme_document_matrix)(filters, lang=lang, theme_ids=ids, max_documents=q.MAX_MATRIX_DOCUMENTS)
page.capped("themes.documents.capped", len(cached(documents_in)(filters)), q.MAX_MATRIX_DOCUMENTS,
            shown=matrix["doc_id"].nunique(), fewer="themes.documents.only_raising")
if not matrix.empty:
    page.drill(page.chart(figures.theme_document_heatmap(matrix, **shown, title=page.text("themes.fig.doc_title")),
                          matrix, name=f"themes_by_document_{measure}", key=f"themes_by_doc_{measure}"),
               q.theme_passages_at, by="doc_id", labels=labels, names=cached(document_names)(), key="themes_drill_doc")

if len(chosen) > 1:
    page.heading("themes.cooc.title", "themes.cooc.intro")
    pairs = cached(q.theme_cooccurrence)(filters, lang=lang, theme_ids=ids)
    for a, b in selected_cells(page.chart(figures.cooccurrence_heatmap(pairs, lang=lang, title=page.text(
            "themes.fig.cooc_title")), pairs, name="themes_cooccurrence", key="themes_cooc")):
        st.subheader(page.text("themes.cooc.selected", a=markdown(labels.get(a, a)), b=markdown(labels.get(b, b))))
        page.passages(cached(q.theme_passages)(filters, [a, b], require_all=True), key=f"themes_cooc_{a}_{b}",
                      quotes=True)

page.heading("themes.passages.title", "themes.passages.intro", themes=markdown(names))
page.passages(cached(q.theme_passages)(filters, chosen), key="themes_passages")
