"""The Workspace: the open plan's actions, the list of plans and their sharing, a plan's history,
and what a user takes away (workbook, report, comparison)."""
