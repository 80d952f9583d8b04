"""The plan's steps on their pages: Target (market, segments, BANT), Objectives (SMART, team
capacity), Channels (mix, funnels, cadence) and the cadence as a calendar to take away."""
