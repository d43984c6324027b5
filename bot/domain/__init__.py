"""The strategy as the coach sees it: the model, the limits it keeps, progress maths, standings
and check-in slots. Pure (no Slack, no database, no clock); imports nothing of ours."""
