"""Data sets shipped with hyosan (package data, read with importlib.resources)."""
