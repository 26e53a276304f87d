"""Krav og anbefalinger: what each organisation asks for, by theme and year, and whether it keeps asking."""
from __future__ import annotations

import streamlit as st

from app import figures
from app.components import Page, cells_label, selected_cells
from app.data import cached
from app.escape import markdown
from app.queries import demands as q
from app.queries.themes import theme_labels
from app.sections import COMPARED_DEMANDS, demands_with_occurrences

CHANGES = {"organisation": None, "status_label": None, "quote": "large", "context": "medium", "title": None,
           "page": "%d"}

page = Page.open("demands")
lang, filters = page.lang, page.filters
labels = cached(theme_labels)(lang)
evidence_words = (page.text("demands.evidence.rule"), page.text("demands.evidence.model"))
kind_labels = tuple((k, page.text(f"demands.kind.{k}")) for k in q.KINDS)  # the downloads' «Type»: krav, mykt standpunkt


theme_column, soft_column = st.columns([3, 2])
theme_id = page.setting(
    "selectbox", "demand_theme", "demands.theme_choose", [""] + list(labels), where=theme_column, default="",
    format_func=lambda t: labels.get(t, t) if t else page.text("demands.theme_all")) or None
include_soft = page.setting("toggle", "demand_soft", "demands.include_soft", where=soft_column, default=False,
                            help=page.text("demands.include_soft_help"))
counts = cached(q.demand_counts)(filters, theme_id=theme_id, include_soft=include_soft)
page.require(not counts.empty)
st.caption(page.text("demands.accuracy"))
page.capped("demands.capped", len(cached(q.demand_organisations)(filters, theme_id=theme_id, include_soft=include_soft)),
            q.MAX_CHART_ORGANISATIONS)
st.caption(page.text("common.select_hint"))
cells = tuple((str(o), int(y)) for o, y in selected_cells(page.chart(
    figures.demand_heatmap(counts, lang=lang, title=page.text("demands.fig.heatmap_title")),
    counts, name="demands_by_organisation_year", key="demands_heatmap")))

page.heading("demands.list.title", level="header")
if cells:
    st.caption(page.text("common.selected", what=markdown(cells_label(cells, {}))))
st.caption(page.text("demands.list.intro"))
demands_with_occurrences(page, cached(q.distinct_demands)(filters, lang, theme_id=theme_id, include_soft=include_soft,
                                                    cells=cells, evidence_words=evidence_words, kind_labels=kind_labels),
                         key="demands_distinct")

page.heading("demands.changes.title", "demands.changes.intro", level="header")
years = cached(q.demand_years)(filters)
if len(years) < 2:
    st.info(page.text("demands.changes.one_year"), icon=":material/info:")
else:
    first_pair = cached(q.default_year_pair)(filters) or (years[0], years[-1])
    from_column, to_column = st.columns(2)
    year_from = page.setting("selectbox", "demand_from", "demands.changes.from", years, where=from_column,
                             default=first_pair[0])
    year_to = page.setting("selectbox", "demand_to", "demands.changes.to", years, where=to_column, default=first_pair[1])
    changes = cached(q.demand_changes)(filters, lang, int(year_from), int(year_to), theme_id=theme_id, status_labels=tuple(
        (s, page.text(f"demands.status.{s}")) for s in q.STATUSES))
    if changes.empty:
        st.info(page.text("demands.changes.none", a=year_from, b=year_to), icon=":material/info:")
    else:
        counts_by_status = q.change_counts(changes)
        page.chart(figures.demand_change_bars(counts_by_status, lang=lang, title=page.text(
            "demands.fig.changes_title", a=year_from, b=year_to)), counts_by_status,
            name=f"demands_change_counts_{year_from}_{year_to}", key="demands_changes_chart", selectable=False)
        page.table(changes, CHANGES, key="demands_changes", name=f"demands_changes_{year_from}_{year_to}")

page.heading("demands.compare.title", "demands.compare.intro", level="header")
organisations = cached(q.demand_organisations)(filters)
if len(organisations) < 2:
    st.info(page.text("demands.compare.one"), icon=":material/info:")
else:
    left, right = st.columns(2)
    largest = cached(q.organisations_by_demands)(filters)
    first = page.setting("selectbox", "demand_org_a", "demands.compare.org_a", organisations, where=left,
                         default=largest[0])
    # The second list leaves out the first choice: an organisation is never compared with itself.
    others = [o for o in organisations if o != first]
    second = page.setting("selectbox", "demand_org_b", "demands.compare.org_b", others, where=right,
                          default=next(o for o in [*largest, *others] if o != first))
    for column, organisation, key in ((left, first, "demands_compare_a"), (right, second, "demands_compare_b")):
        with column:
            chosen = cached(q.compare_organisations)(filters, lang, (organisation,), theme_id=theme_id,
                                                     evidence_words=evidence_words, kind_labels=kind_labels)
            st.subheader(page.text("demands.compare.heading_one" if len(chosen) == 1 else "demands.compare.heading",
                                   organisation=markdown(organisation), n=len(chosen)))
            if chosen.empty:
                page.empty()
            else:
                demands_with_occurrences(page, chosen, key=key, columns=COMPARED_DEMANDS)
