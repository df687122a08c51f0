"""Seeing results: plots, animations, the HTML report and the dashboard. Works from results alone."""
