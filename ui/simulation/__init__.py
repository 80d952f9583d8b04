"""The Simulation step: cached runs of the plan with their settings, the results (totals, fan
chart, objective chances), the activity an objective needs, tornado and scenarios, their charts."""
