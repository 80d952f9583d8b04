"""Streamlit parts of the pages: the shell every page starts with and the widgets that edit a
plan (here), and one package per step: plan, scripts, simulation, tracking, compliance,
workshop, workspace."""
