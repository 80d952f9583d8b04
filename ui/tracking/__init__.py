"""The Tracking step: the stored event log (`event_log`), the import of a file (`upload`, with
its values, dates and data source), weekly entry, KPIs, A/B, against the plan, re-forecast,
contact limits and retention."""
