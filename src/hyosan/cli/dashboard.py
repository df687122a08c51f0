"""``hyosan dashboard``: the local web app (placeholder until the app module lands)."""
