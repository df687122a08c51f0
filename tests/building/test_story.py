"""The canon score reads STORY.md's season-1 endings off a take's fates and events.

Takes are written by hand from the series' table (STORY.md): one take that ends as the series
does, and takes that each differ from it in one way the story cares about.
"""

from __future__ import annotations

import pandas as pd

from hyosan.result import Result
from hyosan.story import all_alike, canon_scores, endings, summary_line, why

SEASON_1 = {
    "On-jo": "V",
    "Su-hyeok": "S",
    "Dae-su": "V",
    "Ha-ri": "S",
    "Mi-jin": "S",
    "Hyo-ryung": "V",
    "Nam-ra": "H",
    "Cheong-san": "D",
    "Gyeong-su": "Z",
    "Na-yeon": "Z",
    "Gwi-nam": "D",
    "Eun-ji": "H",
    "Hyeon-ju": "Z",
    "Lee Byeong-chan": "E",
    "Cheol-su": "S",
}
"""Final states of one take that ends as season 1 does (Cheol-su is not in STORY.md's table)."""
HALFBIES = ["Nam-ra", "Gwi-nam", "Eun-ji"]


def _result(takes: dict[int, tuple[dict[str, str], list[str]]]) -> Result:
    fates, events = [], []
    for take, (final, halfbies) in takes.items():
        for name, fate in final.items():
            klass = "2-3" if name in ("Gwi-nam", "Eun-ji", "Cheol-su") else "2-5"
            room = "rooftop" if fate == "V" else "class 2-5"
            fates.append({"take": take, "name": name, "klass": klass, "fate": fate, "room": room})
        events += [
            {"take": take, "t": 30.0, "event": "halfbie", "who": n, "whom": "", "room": "library"}
            for n in halfbies
        ]
    return Result(
        engine="building",
        series=pd.DataFrame(),
        final=pd.DataFrame(),
        tables={"fates": pd.DataFrame(fates), "events": pd.DataFrame(events)},
        meta={"characters": list(SEASON_1)},
    )


def test_the_series_ending_scores_full_and_each_departure_costs_one() -> None:
    nam_ra_human = {**SEASON_1, "Nam-ra": "S"}
    gwi_nam_never_halfbie = dict(SEASON_1)
    on_jo_turns = {**SEASON_1, "On-jo": "Z"}
    result = _result(
        {
            1: (SEASON_1, HALFBIES),
            2: (nam_ra_human, ["Gwi-nam", "Eun-ji"]),
            3: (gwi_nam_never_halfbie, ["Nam-ra", "Eun-ji"]),
            4: (on_jo_turns, HALFBIES),
        }
    )
    scores = canon_scores(result)
    assert scores["of"].tolist() == [14] * 4  # Cheol-su is not scored
    assert scores["score"].tolist() == [14, 13, 13, 13]
    assert scores["full"].tolist() == [True, False, False, False]
    assert "the whole season-1 ending in 1 of 4 takes" in summary_line(result)


def test_why_names_the_event_that_decided_an_ending() -> None:
    result = _result({1: (SEASON_1, HALFBIES), 2: (SEASON_1, HALFBIES), 3: (SEASON_1, [])})
    extra = [
        {"take": k, "t": 1.5, "event": "bite", "who": "Hyeon-ju", "whom": "Na-yeon", "room": r}
        for k, r in ((1, "nurse's office"), (2, "nurse's office"), (3, "library"))
    ]
    extra.append(
        {"take": 1, "t": 48.0, "event": "rescue", "who": "", "whom": "On-jo", "room": "rooftop"}
    )
    result.tables["events"] = pd.concat([result.tables["events"], pd.DataFrame(extra)])
    told = why(result).set_index("name")
    assert told.loc["Na-yeon", "because"] == "a bite from Hyeon-ju in the nurse's office"
    assert told.loc["Na-yeon", "of those"] == 2 / 3
    assert told.loc["On-jo", "because"] == "lifted from the rooftop at 48 h"
    assert told.loc["Su-hyeok", "because"] == "hid in class 2-5"


def test_a_class_ends_all_alike_only_when_every_member_shares_the_state() -> None:
    everyone_out = dict.fromkeys(SEASON_1, "V")
    result = _result({1: (SEASON_1, HALFBIES), 2: (everyone_out, [])})
    alike = all_alike(result, "2-5")
    assert alike.to_dict() == {1: False, 2: True}
    shares = endings(result, klass="2-5")
    assert shares.loc["On-jo", "rescued"] == 1.0
    assert shares.loc["Gyeong-su", "zombie"] == 0.5
