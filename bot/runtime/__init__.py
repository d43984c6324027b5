"""Wiring and running: configuration, the app factory that builds every service once, the HTTP
server or Socket Mode, the scheduler's clock, and the `strategy-coach` command. The top layer:
it may import anything; nothing of ours imports it."""
