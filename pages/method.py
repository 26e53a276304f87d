"""Method: how every number is computed, the theme lexicon and how well it tags, the models and the build."""
from __future__ import annotations

import streamlit as st

from app.components import chart_with_download, csv_download
from app.data import cached, load_tables
from app.figures import coherence_line
from app.sidebar import current_filters, current_language
from app.queries.method import (
    build_rows, codebook_markdown, coherence_by_k, demand_evaluation, lexicon_table, theme_evaluation, topic_stability,
)
from app.escape import markdown
from app.i18n import text

METHOD_SECTIONS = ("corpus", "passages", "themes", "measures", "demands", "rising", "topics", "keyness", "search", "limits")

lang = current_language()
filters = current_filters()
tables = load_tables()
info = tables.build_info

st.title(text("method.title", lang))
st.caption(text("method.intro", lang))

st.header(text("method.how.title", lang))
for section in METHOD_SECTIONS:
    with st.expander(text(f"method.how.{section}.title", lang), expanded=section in ("themes", "measures")):
        st.markdown(text(f"method.how.{section}.body", lang))

st.header(text("method.lexicon.title", lang))
st.caption(text("method.lexicon.intro", lang))
lexicon = cached(lexicon_table)(lang)
st.dataframe(
    lexicon,
    hide_index=True,
    column_config={
        "theme_id": text("column.theme_id", lang),
        "theme": text("column.theme", lang),
        "description": st.column_config.TextColumn(text("column.description", lang), width="medium"),
        "terms": st.column_config.TextColumn(text("column.terms", lang), width="large"),
        "exclusions": st.column_config.TextColumn(text("column.exclusions", lang), width="medium"),
    },
)
csv_download(lexicon, name="theme_lexicon", filters=filters, lang=lang, key="method_lexicon",
             label_key="common.download_table")

if codebook := cached(codebook_markdown)(lang):
    with st.expander(text("method.codebook.title", lang)):
        st.markdown(codebook)

st.subheader(text("method.evaluation.title", lang))
evaluation = cached(theme_evaluation)(lang)
if evaluation.empty:
    st.info(text("method.evaluation.none", lang), icon=":material/info:")
else:
    st.caption(text("method.evaluation.intro", lang))
    number = {"format": "%.2f", "width": "small"}
    config = {"theme_id": None, "theme": text("column.theme", lang),
              "uncertain": st.column_config.CheckboxColumn(text("column.uncertain", lang))}
    for split in ("heldout", "cv"):
        for measure, n in (("precision", "n_predicted"), ("recall", "n_positive")):
            name = text(f"method.evaluation.{split}_{measure}", lang)
            config[f"{split}_{measure}"] = st.column_config.NumberColumn(name, **number)
            config[f"{split}_{measure}_ci"] = st.column_config.TextColumn(text("column.ci95", lang), width="small")
            config[f"{split}_{n}"] = st.column_config.NumberColumn("n", width="small")
    st.dataframe(evaluation, hide_index=True, column_config=config)

st.subheader(text("method.demands.title", lang))
demand_scores = cached(demand_evaluation)({s: text(f"method.demands.split.{s}", lang) for s in ("dev", "heldout")})
if demand_scores.empty:
    st.info(text("method.demands.none", lang), icon=":material/info:")
else:
    st.caption(text("method.demands.intro", lang))
    st.dataframe(
        demand_scores,
        hide_index=True,
        column_config={
            "split": text("column.split", lang),
            "precision": st.column_config.NumberColumn(text("column.precision", lang), format="%.2f"),
            "precision_interval": text("column.interval", lang),
            "recall": st.column_config.NumberColumn(text("column.recall", lang), format="%.2f"),
            "recall_interval": text("column.interval", lang),
            "n_labelled": st.column_config.NumberColumn(text("column.n_labelled", lang)),
            "n_flagged": st.column_config.NumberColumn(text("column.n_flagged", lang)),
            "n_demands": st.column_config.NumberColumn(text("column.n_demands", lang)),
            "n_borderline": st.column_config.NumberColumn(text("column.n_borderline", lang)),
            "n_organisations": st.column_config.NumberColumn(text("column.n_organisations", lang)),
        },
    )
    csv_download(demand_scores, name="demand_evaluation", filters=filters, lang=lang, key="method_demands",
                 label_key="common.download_table")

st.header(text("method.model.title", lang))
topic_model = info.get("topic_model") or {}
k_column, stability_column, topics_column = st.columns(3)
k_column.metric(text("method.model.k", lang), str(topic_model.get("k", "–")))
stability = topic_stability(info)
stability_column.metric(text("method.model.stability", lang), "–" if stability is None else f"{stability:.2f}",
                        help=text("method.model.stability_help", lang))
topics_column.metric(text("method.model.n_topics", lang), str(len(tables.topics)))
coherence = coherence_by_k(info)
if not coherence.empty:
    chart_with_download(
        coherence_line(coherence, chosen_k=topic_model.get("k"), lang=lang, title=text("method.fig.coherence_title", lang)),
        coherence, name="topic_coherence_by_k", filters=filters, lang=lang, key="method_coherence", selectable=False,
    )
with st.expander(text("method.model.parameters", lang)):
    st.json(info.get("parameters") or {}, expanded=2)
with st.expander(text("method.model.diagnostics", lang)):
    st.json(topic_model, expanded=1)

st.header(text("method.build.title", lang))
st.markdown(text("method.build.summary", lang, built_at=info.get("built_at", "?"), version=info.get("version", "?"),
                 n=info.get("n_documents", 0)))
counts_column, timings_column = st.columns(2)
with counts_column:
    st.caption(text("method.build.row_counts", lang))
    st.dataframe(build_rows(info, "row_counts", "table", "rows"), hide_index=True,
                 column_config={"table": text("column.table", lang), "rows": text("column.rows", lang)})
with timings_column:
    st.caption(text("method.build.timings", lang))
    st.dataframe(build_rows(info, "timings", "stage", "seconds"), hide_index=True,
                 column_config={"stage": text("column.stage", lang),
                                "seconds": st.column_config.NumberColumn(text("column.seconds", lang), format="%.2f")})
problems = info.get("problems") or []
st.subheader(text("method.build.problems", lang, n=len(problems)))
if problems:
    st.markdown("\n".join(f"- {markdown(problem)}" for problem in problems))
else:
    st.caption(text("method.build.no_problems", lang))
warnings = info.get("warnings") or {}
if warnings:
    with st.expander(text("method.build.warnings", lang, n=len(warnings))):
        st.json(warnings)
