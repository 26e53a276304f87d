"""Høringsradar's write side: submissions in data/raw -> analysis tables in data/processed."""

__version__ = "0.1.0"
