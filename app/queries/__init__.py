"""Pure pandas over (Tables, Filters, ...): one tidy frame per chart or list, one module per page area.

    documents  the filtered corpus, headline figures, the documents table
    themes     theme measures per organisation / year / document, pairs, tagged passages
    terms      vocabulary, trends, rising/falling terms, keyness, passages behind a term
    topics     topic map, prevalence, relevance-ranked terms, representative passages
    search     FTS5 search, keyword in context
    method     lexicon, theme evaluation, topic diagnostics, build figures
    index      per-build int-coded indexes the modules above share
    stats      G², p-values, Log Ratio

No Streamlit here and no plotting: every function can be tested with plain frames, and the frame a function
returns is exactly what its chart draws and its CSV download contains. Boilerplate passages (sign-offs,
standard self-descriptions) are shown in lists but left out of measures. Pages call these through
app.data.cached (keyed by the build), never by name.
"""
