"""The yardstick for bench_app: a minimal one-chart Streamlit page with one sidebar filter.

    streamlit run bench/minimal_app.py

Same kind of widget (a sidebar multiselect) and the same kind of chart (a plotly bar chart) as
the dashboard, with no data loading: what Streamlit + plotly cost on this machine by themselves.
"""
import pandas as pd
import plotly.express as px
import streamlit as st

ORGANISATIONS = ("NITO", "Tekna", "NTNU", "Legeforeningen", "Fagforbundet", "Spekter")

st.set_page_config(page_title="Minimal benchmark page", layout="wide")
chosen = st.sidebar.multiselect("Organisasjon", ORGANISATIONS, key="org")
frame = pd.DataFrame(
    [(org, year, (i * 7 + year) % 13 + 1) for i, org in enumerate(ORGANISATIONS) for year in range(2015, 2027)],
    columns=["organisation", "year", "documents"],
)
shown = frame.loc[frame["organisation"].isin(chosen or ORGANISATIONS)]
st.title("Minimal page")
st.plotly_chart(px.bar(shown, x="year", y="documents", color="organisation", barmode="group"), key="chart")
