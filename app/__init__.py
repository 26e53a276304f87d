"""Høringsradar's read side: loads data/processed and turns it into tidy frames and plotly figures."""
