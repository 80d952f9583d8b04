"""The prospection-plan domain: plan document, storage, simulation; never imports streamlit."""
