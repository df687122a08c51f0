"""The story's words: people named rather than counted, and no name the plan made up."""

from __future__ import annotations

import pandas as pd

from hyosan.building.narrative import narrate, place


def _events(rows: list[tuple[str, str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["who", "whom", "room", "t", "event"])


def test_a_helicopter_names_who_it_lifts() -> None:
    lifted = [("", w, "rooftop", 48.0, "rescue") for w in ("Ha-ri", "p1", "Su-hyeok", "p2")]
    lines = narrate(_events(lifted), {"Ha-ri", "Su-hyeok"}, 1)["text"].tolist()
    assert "48:00 — A helicopter lifts Ha-ri, Su-hyeok and 2 others off the rooftop." in lines
    unnamed = narrate(_events([("", "p", "rooftop", 60.0, "rescue")] * 3), set(), 1)
    assert unnamed["text"].tolist() == ["60:00 — A helicopter lifts 3 people off the rooftop."]


def test_a_second_part_of_an_area_is_told_by_its_name() -> None:
    assert place("ledge, floor 3 (2)") == "on the ledge, floor 3"
    broken = narrate(_events([("Z", "", "ledge, floor 3 (2)", 2.0, "break")]), set(), 1)
    assert broken["text"].tolist() == ["02:00 — Zombies break into the ledge, floor 3."]
