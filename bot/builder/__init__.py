"""The five-step dialogue that builds a strategy in a thread: the coach's pure decisions
(`coach`, `moves`, `goals_step`, `steps`), its questions, messages and forms, and the `service`
that loads, decides, saves, then speaks. Imports the shared floors and `storage`, no capability."""
