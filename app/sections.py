"""Page sections too long for a page to spell out: each draws one block of one page with the Page helpers.

A page stays a readable description of the UI; a block with a view switch or several charts sits here, named
for what it shows, so the page reads as a list of such blocks.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from app import figures
from app.components import Page
from app.data import cached
from app.escape import markdown
from app.queries import terms
from app.queries.demands import group_occurrences
from app.queries import themes as q
from app.queries.documents import document_counts, most_documented, values_in
from app.sidebar import doc_type_label, doc_type_labels


def theme_years(page: Page, by_year: pd.DataFrame, by_org_year: pd.DataFrame, labels: dict[str, str], names: str,
                measure: str) -> tuple[list[dict], bool]:
    """Themes over the years, one line per organisation or all the chosen organisations together; returns the
    selected points and whether they are together (cells (theme, year)) or not (theme, organisation, year)."""
    shown = {"measure": measure, "lang": page.lang}
    together = page.setting(
        "segmented_control", "year_view", "themes.year_view_label", ["organisation", "together"], default="organisation",
        required=True, format_func=lambda v: page.text(f"themes.year_view.{v}"),
        help=page.text("themes.year_view_help")) == "together"
    if not together:
        st.caption(page.text("themes.org_year.key"))
        return page.chart(figures.recurrence_by_organisation_year(
            by_org_year, **shown, colours=page.organisation_colours(),
            title=page.text(f"themes.fig.by_org_year_title.{measure}", themes=names)),
            by_org_year, name=f"themes_by_organisation_year_{measure}", key=f"themes_by_org_year_{measure}"), together
    composition = cached(q.year_composition)(page.filters, doc_type_labels(page.lang))
    points = page.chart(figures.recurrence_by_year(
        by_year, **shown, colours=figures.theme_colours(list(labels)), composition=composition,
        title=page.text(f"themes.fig.by_year_title.{measure}", themes=names)),
        by_year, name=f"themes_by_year_{measure}", key=f"themes_by_year_{measure}")
    if composition["changed"].any():
        st.caption(page.text("themes.together_note", years=markdown(q.changed_years(composition))))
    return points, together


def keyness(page: Page) -> None:
    """Keywords: what is distinctive for one organisation or year against the rest (G²), and the passages behind."""
    filters = page.filters
    doc_types = cached(values_in)(filters, "doc_type")
    if len(doc_types) > 1:
        st.info(page.text("keywords.doc_type_mixed", types=", ".join(doc_type_label(d, page.lang) for d in doc_types)),
                icon=":material/balance:")
    else:
        st.caption(page.text("keywords.doc_type_single",
                             type=doc_type_label(doc_types[0], page.lang) if doc_types else "–"))
    col_by, col_target, col_min, col_docs = st.columns([2, 2, 1, 1])
    target_by = page.setting("segmented_control", "kw_target_by", "keywords.target_by", ["organisation", "year"],
                             where=col_by, default="organisation", required=True,
                             format_func=lambda b: page.text(f"topics.by_{b}"))
    targets = cached(values_in)(filters, target_by)
    counts = cached(document_counts)(filters, target_by)
    target = page.setting("selectbox", f"kw_target_{target_by}", f"keywords.target_{target_by}", targets,
                          where=col_target, default=most_documented(targets, counts))
    min_count = int(page.setting("number_input", "kw_min_key", "keywords.min_count", where=col_min, default=5,
                                 min_value=1, max_value=1000))
    min_documents = int(page.setting("number_input", "kw_min_docs_key", "terms.min_documents", where=col_docs, default=2,
                                     min_value=1, max_value=100, help=page.text("terms.min_documents_help")))
    if len(targets) < 2:
        st.info(page.text(f"keywords.need_two_{target_by}"))
        return
    keyed = cached(terms.keyness)(filters, min_count=min_count, min_documents=min_documents, **{target_by: target})
    n_target = counts.get(target, 0)
    if keyed.empty and n_target < min_documents:
        st.info(page.text("keywords.single_document_target", target=markdown(target), n=min_documents),
                icon=":material/info:")
    elif keyed.empty:
        page.empty()
    else:
        colour = page.organisation_colours().get(str(target), figures.PALETTE[0])
        points = page.chart(
            figures.keyness_bars(keyed, title=page.text("keywords.keyness_title", target=target), lang=page.lang,
                                 colour=colour),
            keyed, name=f"keyness_{target}", key="kw_keyness",
            note=page.text("keywords.keyness_note", n_target=n_target, n_rest=sum(counts.values()) - n_target)
            + " " + page.text("terms.support_note", n=min_documents))
        page.drill(points, terms.term_passages_at, size=1, first=True, labels=lambda t: f"«{t}» · {target}",
                   key="kw_passages_keyness", **{target_by: target})


DISTINCT_DEMANDS = {"read": "link", "quote": "large", "context": "medium", "organisation": None, "years": None,
                    "n_documents": "number", "demand_evidence": "medium", "title": "medium", "page": "%d", "themes": None}


#: Two organisations side by side: half-width tables, so the years come before the quote (a cut quote opens in full
#: when its row is selected) and the documents right after it.
COMPARED_DEMANDS = {"read": "link", "years": None, "quote": "large", "n_documents": "number",
                    "demand_evidence": "small", "context": "small", "title": "small", "page": "%d", "themes": None}


def demands_with_occurrences(page: Page, data: pd.DataFrame, *, key: str,
                             columns: Mapping[str, object] = DISTINCT_DEMANDS) -> None:
    """Demands: the distinct demands as a selectable table with its CSV, and every occurrence of the selected one."""
    rows = page.table(data, columns, key=key, name=key, select=True)
    if not rows or rows[0] >= len(data):
        st.caption(page.text("demands.drill.hint"))
        return
    chosen = data.iloc[rows[0]]
    st.markdown(page.text("demands.drill.title", organisation=markdown(chosen["organisation"]),
                          years=markdown(chosen["years"])))
    page.passages(cached(group_occurrences)(page.filters, str(chosen["group_id"])), key=f"{key}_drill")
