"""How the goals stand, for anyone who asks: the status message and its chart, the App Home tab,
and the export. Pure builders (`status_messages`, `chart`, `home_view`, `export_files`, `choice`)
and the services that read one snapshot and post. Imports the shared floors and `storage` only."""
