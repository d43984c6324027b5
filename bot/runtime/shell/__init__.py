"""strategy-coach shell: a terminal stand-in for Slack that drives the same app in-process."""
