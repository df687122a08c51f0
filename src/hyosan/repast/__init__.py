"""The open-floor engine: the Repast4Py Zombies model, rule for rule (docs/repast.md)."""
