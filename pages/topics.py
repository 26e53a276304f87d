"""Topics: what the topic model found, where each topic is strong, and the passages behind it."""
from __future__ import annotations

import streamlit as st

from app import figures
from app.components import Page, cells_label, selected_cells
from app.data import cached
from app.escape import markdown
from app.queries.documents import values_in
from app.queries.terms import term_forms_of
from app.queries.topics import (
    topic_overview, topic_passages, topic_passages_at, topic_prevalence, topic_reliability, topic_terms_ranked,
)

TOPIC_KEY = "topics_topic"
LAMBDA_KEY = "topics_lambda"
BY_KEY = "topics_by"
MAX_GROUPS = 30  # rows of the prevalence matrix

page = Page.open("topics")
lang, filters = page.lang, page.filters
n_shown, n_topics = cached(topic_reliability)()
if n_topics and not n_shown:
    st.warning(page.text("topics.unreliable", n=n_topics), icon=":material/warning:")
    st.stop()
if n_shown < n_topics:
    st.caption(page.text("topics.hidden", shown=n_shown, total=n_topics))
overview = cached(topic_overview)(filters)
page.require(not overview.empty and int(overview["n_documents"].sum()) > 0)

labels = dict(zip(overview["topic_id"].astype(int), overview["label"].astype(str)))
left, right = st.columns([1, 1], gap="large")
with right:
    topic_id = page.setting("selectbox", TOPIC_KEY, "topics.choose", list(labels), default=next(iter(labels)),
                            format_func=labels.get)
    chosen = overview.set_index("topic_id").loc[topic_id]
    st.caption(page.text("topics.example", example=markdown(str(chosen["example"])),
                         stability=float(chosen["stability"])))
    lam = page.setting("slider", LAMBDA_KEY, "topics.lambda", default=0.6, min_value=0.0, max_value=1.0, step=0.1,
                       help=page.text("topics.lambda_help"))
    ranked = cached(topic_terms_ranked)(topic_id, lam)
    page.chart(figures.topic_terms_bars(ranked, title=page.text("topics.terms_title"), subtitle=labels[topic_id],
                                        lang=lang), ranked, name=f"topic_{topic_id}_terms", key="topics_terms",
               selectable=False)
with left:
    page.chart(figures.topic_map(overview, title=page.text("topics.map_title"), lang=lang, chosen=topic_id),
               overview, name="topic_map", key="topics_map", selectable=False, note=page.text("topics.map_note"))

page.heading("topics.prevalence_heading")
by = page.setting("segmented_control", BY_KEY, "topics.by", ["organisation", "year"], default="organisation",
                  required=True, format_func=lambda b: page.text(f"topics.by_{b}"))
page.capped("topics.prevalence_capped", len(cached(values_in)(filters, by)), MAX_GROUPS)
prevalence = cached(topic_prevalence)(filters, by=by, max_groups=MAX_GROUPS)
cells = selected_cells(page.chart(
    figures.prevalence_matrix(prevalence, by=by, title=page.text(f"topics.prevalence_title_{by}"), lang=lang),
    prevalence, name=f"topic_prevalence_by_{by}", key=f"topics_prevalence_{by}",
    note=page.text("topics.prevalence_note")))[:1]
# The passages behind a clicked cell, else the chosen topic's strongest passages; its top terms marked.
shown_topic = int(cells[0][0]) if cells else topic_id
highlight = cached(term_forms_of)(cached(topic_terms_ranked)(shown_topic, lam, n=10)["term"].tolist())
if cells:
    page.behind(cells_label(cells, lambda t: labels.get(int(t), str(t))),
                cached(topic_passages_at)(filters, cells, by), key="topics_passages", highlight=highlight)
else:
    page.heading("topics.passages_heading", topic=markdown(labels[topic_id]))
    # Every passage the topic is strongest in (the list shows the first and says how many there are, as the map's
    # n_passages), not a top 20 that read «Viser 20 av 20 avsnitt» for a topic of hundreds.
    page.passages(cached(topic_passages)(filters, topic_id, limit=None, dominant=True), key="topics_passages",
                  highlight=highlight)
