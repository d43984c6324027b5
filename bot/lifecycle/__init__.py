"""Workspace lifecycle: uninstall, token revocation, reinstall and the grace period before a
team's data is deleted (`service`). Imports the shared floors and `storage`, no other
capability."""
