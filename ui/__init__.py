"""Streamlit helpers shared by the pages: the shell and the widgets that edit parts of a plan."""
