"""The `/strategy` router: reads the subcommand (or a Home tab button) and hands it to the
capability that answers it. It imports `builder`, `checkins` and `insights` (their services) and
the shared floors; it holds no SQL and decides nothing beyond the routing."""
