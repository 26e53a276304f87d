"""Topics: what the topic model found, where each topic is strong, and the passages behind it."""
from __future__ import annotations

import streamlit as st

from app import figures
from app.components import chart_with_download, empty_state, passage_list
from app.data import cached
from app.sidebar import current_filters, current_language
from app.queries.terms import term_forms_of
from app.queries.topics import (
    topic_overview, topic_passages, topic_prevalence, topic_reliability, topic_terms_ranked,
)
from app.escape import markdown
from app.i18n import text

TOPIC_KEY = "topics_topic"
LAMBDA_KEY = "topics_lambda"
BY_KEY = "topics_by"

lang = current_language()
filters = current_filters()

st.title(text("topics.title", lang))
st.caption(text("topics.intro", lang))

n_shown, n_topics = cached(topic_reliability)()
if n_topics and not n_shown:
    st.warning(text("topics.unreliable", lang, n=n_topics), icon=":material/warning:")
    st.stop()
if n_shown < n_topics:
    st.caption(text("topics.hidden", lang, shown=n_shown, total=n_topics))
overview = cached(topic_overview)(filters)
if overview.empty or int(overview["n_documents"].sum()) == 0:
    empty_state(lang)
    st.stop()

labels = dict(zip(overview["topic_id"].astype(int), overview["label"].astype(str)))
left, right = st.columns([1, 1], gap="large")
with right:
    topic_id = st.selectbox(
        text("topics.choose", lang), list(labels), format_func=labels.get, key=TOPIC_KEY
    )
    chosen = overview.set_index("topic_id").loc[topic_id]
    st.caption(text("topics.example", lang, example=markdown(str(chosen["example"])), stability=float(chosen["stability"])))
    lam = st.slider(
        text("topics.lambda", lang), min_value=0.0, max_value=1.0, value=0.6, step=0.1, key=LAMBDA_KEY,
        help=text("topics.lambda_help", lang),
    )
    ranked = cached(topic_terms_ranked)(topic_id, lam)
    chart_with_download(
        figures.topic_terms_bars(
            ranked, title=text("topics.terms_title", lang), subtitle=labels[topic_id], lang=lang
        ),
        ranked, name=f"topic_{topic_id}_terms", filters=filters, lang=lang, key="topics_terms", selectable=False,
    )
with left:
    chart_with_download(
        figures.topic_map(overview, title=text("topics.map_title", lang), lang=lang, chosen=topic_id),
        overview, name="topic_map", filters=filters, lang=lang, key="topics_map", selectable=False,
    )
    st.caption(text("topics.map_note", lang))

st.subheader(text("topics.prevalence_heading", lang))
by = st.segmented_control(
    text("topics.by", lang), ["organisation", "year"], default="organisation", required=True, key=BY_KEY,
    format_func=lambda b: text(f"topics.by_{b}", lang),
)
prevalence = cached(topic_prevalence)(filters, by=by)
points = chart_with_download(
    figures.prevalence_matrix(prevalence, by=by, title=text(f"topics.prevalence_title_{by}", lang), lang=lang),
    prevalence, name=f"topic_prevalence_by_{by}", filters=filters, lang=lang, key=f"topics_prevalence_{by}",
)
st.caption(text("topics.prevalence_note", lang) + " " + text("common.select_hint", lang))

picked = [p["customdata"] for p in points if p.get("customdata")]
if picked:
    chosen_topic, group = int(picked[0][0]), picked[0][1]
    st.subheader(text("common.selected", lang, what=markdown(f"{labels.get(chosen_topic, chosen_topic)} · {group}")))
    passages = cached(topic_passages)(filters, chosen_topic, limit=None, **{by: group})
else:
    st.subheader(text("topics.passages_heading", lang, topic=markdown(labels[topic_id])))
    passages = cached(topic_passages)(filters, topic_id)
    chosen_topic = topic_id
highlight = cached(term_forms_of)(cached(topic_terms_ranked)(chosen_topic, lam, n=10)["term"].tolist())
passage_list(passages, highlight=highlight, lang=lang, key="topics_passages", filters=filters)
