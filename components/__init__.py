"""Plotly figure builders, reusable widgets, and the one Streamlit caching layer (resources.py)."""
