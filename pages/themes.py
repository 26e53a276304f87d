"""Placeholder: replaced by the page's owner."""
import streamlit as st

from app.filters import current_language
from app.i18n import text

st.title(text("nav.themes", current_language()))
