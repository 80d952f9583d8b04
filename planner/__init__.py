"""The prospection planner's domain: plain, typed Python that never imports Streamlit.

Packages, each building only on those after it: cli (the command line), storage (the database),
tracking (actual results), simulation and scripts, plan (the plan document), core (strings,
formatting, input problems). The layers are checked by import-linter (.importlinter).
"""
