"""The `/strategy` router: reads the subcommand (or a Home tab button) and hands it to the
capability that answers it. It sits above `builder`, `checkins` and `insights` and may call their
services; it holds no SQL and makes no decision of its own beyond the routing."""
