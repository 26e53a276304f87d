"""Method: how every number is computed, the theme lexicon and how well it tags, the models and the build."""
from __future__ import annotations

import streamlit as st

from app import figures
from app.components import Page, build_report, evaluation_table, model_metrics, part_figures
from app.data import cached
from app.queries import method as q

METHOD_SECTIONS = ("corpus", "passages", "themes", "measures", "demands", "rising", "topics", "keyness", "search", "limits")
#: What blocks a tag (exclusions, vetoes) right after the terms, where a reader sees it without scrolling sideways;
#: the long definition last (the codebook below has it in full); the id only in the download.
LEXICON = {"theme_id": "hidden", "theme": None, "terms": "medium", "exclusions": "small", "vetoes": "medium",
           "description": "medium"}
DEMAND_SCORES = {"split": None, "method": None, "precision": "%.2f", "precision_interval": ("interval", None),
                 "recall": "%.2f", "recall_interval": ("interval", None), "used": "check", "decision": "medium",
                 "n_labelled": "number", "n_flagged": "number", "n_demands": "number", "n_borderline": "number",
                 "n_organisations": "number"}

page = Page.open("method")
lang = page.lang

page.heading("method.how.title", level="header")
for section in METHOD_SECTIONS:
    with st.expander(page.text(f"method.how.{section}.title"), expanded=section in ("themes", "measures")):
        st.markdown(page.text(f"method.how.{section}.body"))

page.heading("method.lexicon.title", "method.lexicon.intro", level="header")
page.table(cached(q.lexicon_table)(lang, page.text("method.lexicon.veto_unless")), LEXICON, key="method_lexicon",
           name="theme_lexicon")
if codebook := cached(q.codebook_markdown)(lang):
    with st.expander(page.text("method.codebook.title")):
        st.markdown(codebook)

page.heading("method.evaluation.title")
evaluation = cached(q.theme_evaluation)(lang)
if evaluation.empty:
    st.info(page.text("method.evaluation.none"), icon=":material/info:")
else:
    st.caption(page.text("method.evaluation.summary", **q.uncertain_count(evaluation)))
    evaluation_table(evaluation, page.filters, lang)
    # a leader reads the summary and the table; the history of every measurement stays one click away
    with st.expander(page.text("method.evaluation.details")):
        st.caption(page.text("method.evaluation.intro"))
        for part in sorted(cached(q.heldout_parts)() & set(q.CAPTIONED_PARTS)):  # the newer parts the build counts
            st.caption(page.text(f"method.evaluation.part_{part.lower()}"))
    part_figures(page, cached(q.heldout_part_figures)(lang))

page.heading("method.demands.title")
demand_scores = cached(q.demand_evaluation)(
    {s: page.text(f"method.demands.split.{s}") for s in q.DEMAND_SPLITS},
    {m: page.text(f"method.demands.method.{m}") for m in ("rules", "rescorer")},
    {m: page.text(f"method.demands.decision.{m}") for m in ("rules", "model", "veto", "rescue")},
    decimal="," if lang == "nb" else ".")
if demand_scores.empty:
    st.info(page.text("method.demands.none"), icon=":material/info:")
else:
    st.caption(page.text("method.demands.summary"))
    page.table(demand_scores, DEMAND_SCORES, key="method_demands", name="demand_evaluation")
    with st.expander(page.text("method.demands.details")):
        st.caption(page.text("method.demands.intro"))
        for caption in cached(q.demand_captions)():
            st.caption(page.text(caption))

page.heading("method.model.title", level="header")
model = cached(q.model_summary)()
model_metrics(page, model)
if not (coherence := cached(q.coherence_by_k)()).empty:
    page.chart(figures.coherence_line(coherence, chosen_k=model.k, lang=lang, title=page.text(
        "method.fig.coherence_title")), coherence, name="topic_coherence_by_k", key="method_coherence", selectable=False)
with st.expander(page.text("method.model.parameters")):
    st.json(model.parameters, expanded=2)
with st.expander(page.text("method.model.diagnostics")):
    st.json(model.diagnostics, expanded=1)

build_report(page)
