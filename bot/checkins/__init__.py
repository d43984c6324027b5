"""The weekly check-ins: sending them exactly once at each owner's slot (`sending`), taking the
answers from the DM thread or the Report form (`answers`), the check-in subcommands, and their
pure messages and form. Imports the shared floors and `storage`, no other capability."""
