"""Workshop and trainer mode: rooms that participants join, the facilitator's board, exercises,
and the presenter view."""
