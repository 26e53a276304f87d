"""Krav og anbefalinger: what each organisation asks for, by theme and year, and whether it keeps asking."""
from __future__ import annotations

import streamlit as st

from app.components import chart_with_download, csv_download, empty_state, passage_list, selected_cells
from app.data import cached, load_tables
from app.escape import markdown
from app.figures import demand_change_bars, demand_heatmap
from app.i18n import text
from app.queries.demands import (
    MAX_CHART_ORGANISATIONS,
    change_counts,
    compare_organisations,
    demand_changes,
    demand_counts,
    demand_organisations,
    demand_years,
    default_year_pair,
    distinct_demands,
    group_occurrences,
)
from app.queries.themes import theme_labels
from app.sidebar import current_filters, current_language

lang = current_language()
filters = current_filters()
tables = load_tables()
labels = cached(theme_labels)(lang)


def demand_table(data, *, key: str, name: str) -> list[int]:
    """The distinct demands as a selectable table with its CSV; returns the selected row positions."""
    event = st.dataframe(
        data,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_order=["quote", "context", "organisation", "years", "n_documents", "title", "page", "themes", "cue"],
        column_config={
            "quote": st.column_config.TextColumn(text("column.quote", lang), width="large"),
            "context": st.column_config.TextColumn(text("column.context", lang), width="medium"),
            "organisation": text("column.organisation", lang),
            "years": text("column.years", lang),
            "n_documents": st.column_config.NumberColumn(text("column.n_documents", lang)),
            "title": st.column_config.TextColumn(text("column.title", lang), width="medium"),
            "page": st.column_config.NumberColumn(text("column.page", lang), format="%d"),
            "themes": text("column.themes", lang),
            "cue": text("column.cue", lang),
        },
    )
    csv_download(data, name=name, filters=filters, lang=lang, key=key, label_key="common.download_table")
    try:
        return list(event.selection.rows)
    except AttributeError:
        return []


def drill(data, rows: list[int], key: str) -> None:
    """Every occurrence of the selected distinct demand, in its passage."""
    if not rows or rows[0] >= len(data):
        st.caption(text("demands.drill.hint", lang))
        return
    chosen = data.iloc[rows[0]]
    st.markdown(text("demands.drill.title", lang, organisation=markdown(chosen["organisation"]),
                     years=markdown(chosen["years"])))
    passage_list(cached(group_occurrences)(filters, str(chosen["group_id"])), highlight=[], lang=lang, key=key,
                 filters=filters)


st.title(text("demands.title", lang))
st.caption(text("demands.intro", lang))

theme_column, soft_column = st.columns([3, 2])
theme_id = theme_column.selectbox(
    text("demands.theme_choose", lang), [""] + list(labels),
    format_func=lambda t: labels.get(t, t) if t else text("demands.theme_all", lang), key="demand_theme",
    bind="query-params",
)
include_soft = soft_column.toggle(text("demands.include_soft", lang), key="demand_soft",
                                  help=text("demands.include_soft_help", lang))

counts = cached(demand_counts)(filters, theme_id=theme_id or None, include_soft=include_soft)
if counts.empty:
    empty_state(lang)
    st.stop()
n_organisations = len(cached(demand_organisations)(filters))
if n_organisations > MAX_CHART_ORGANISATIONS:
    st.caption(text("demands.capped", lang, n=MAX_CHART_ORGANISATIONS, n_all=n_organisations))
st.caption(text("common.select_hint", lang))
points = chart_with_download(
    demand_heatmap(counts, lang=lang, title=text("demands.fig.heatmap_title", lang)),
    counts, name="demands_by_organisation_year", filters=filters, lang=lang, key="demands_heatmap",
)
cells = tuple((str(o), int(y)) for o, y in selected_cells(points))

st.header(text("demands.list.title", lang))
if cells:
    st.caption(text("common.selected", lang, what=markdown(", ".join(f"{o} · {y}" for o, y in cells))))
st.caption(text("demands.list.intro", lang))
distinct = cached(distinct_demands)(filters, lang, theme_id=theme_id or None, include_soft=include_soft, cells=cells)
drill(distinct, demand_table(distinct, key="demands_distinct", name="demands_distinct"), key="demands_drill")

st.header(text("demands.changes.title", lang))
st.caption(text("demands.changes.intro", lang))
years = cached(demand_years)(filters)
if len(years) < 2:
    st.info(text("demands.changes.one_year", lang), icon=":material/info:")
else:
    first_pair = cached(default_year_pair)(filters) or (years[0], years[-1])
    from_column, to_column = st.columns(2)
    year_from = from_column.selectbox(text("demands.changes.from", lang), years, index=years.index(first_pair[0]),
                                      key="demand_from")
    year_to = to_column.selectbox(text("demands.changes.to", lang), years, index=years.index(first_pair[1]),
                                  key="demand_to")
    status_labels = tuple((s, text(f"demands.status.{s}", lang)) for s in ("recurring", "new", "dropped"))
    changes = cached(demand_changes)(filters, lang, int(year_from), int(year_to), theme_id=theme_id or None,
                                     status_labels=status_labels)
    if changes.empty:
        st.info(text("demands.changes.none", lang, a=year_from, b=year_to), icon=":material/info:")
    else:
        chart_with_download(
            demand_change_bars(change_counts(changes), lang=lang,
                               title=text("demands.fig.changes_title", lang, a=year_from, b=year_to)),
            change_counts(changes), name=f"demands_changes_{year_from}_{year_to}", filters=filters, lang=lang,
            key="demands_changes_chart", selectable=False,
        )
        st.dataframe(
            changes, hide_index=True, key="demands_changes",
            column_order=["organisation", "status_label", "quote", "context", "title", "page"],
            column_config={
                "organisation": text("column.organisation", lang),
                "status_label": text("column.status", lang),
                "quote": st.column_config.TextColumn(text("column.quote", lang), width="large"),
                "context": st.column_config.TextColumn(text("column.context", lang), width="medium"),
                "title": text("column.title", lang),
                "page": st.column_config.NumberColumn(text("column.page", lang), format="%d"),
            },
        )
        csv_download(changes, name=f"demands_changes_{year_from}_{year_to}", filters=filters, lang=lang,
                     key="demands_changes", label_key="common.download_table")

st.header(text("demands.compare.title", lang))
st.caption(text("demands.compare.intro", lang))
organisations = cached(demand_organisations)(filters)
if len(organisations) < 2:
    st.info(text("demands.compare.one", lang), icon=":material/info:")
else:
    left, right = st.columns(2)
    first = left.selectbox(text("demands.compare.org_a", lang), organisations, index=0, key="demand_org_a")
    second = right.selectbox(text("demands.compare.org_b", lang), organisations, index=1, key="demand_org_b")
    for column, organisation, key in ((left, first, "demands_compare_a"), (right, second, "demands_compare_b")):
        with column:
            chosen = cached(compare_organisations)(filters, lang, (organisation,), theme_id=theme_id or None)
            st.subheader(text("demands.compare.heading", lang, organisation=markdown(organisation), n=len(chosen)))
            if chosen.empty:
                empty_state(lang)
            else:
                drill(chosen, demand_table(chosen, key=key, name=f"demands_{key}"), key=f"{key}_drill")
