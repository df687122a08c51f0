"""A take's records turned into the Result's tidy tables: series, final, events, tree, fates,
rooms, narrative, frames and meta (``docs/results.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hyosan.building import codes
from hyosan.building.codes import EV_EXIT, EVENTS, ROUTES, D, H, S, V
from hyosan.building.egress import egress_table
from hyosan.building.narrative import narrate
from hyosan.building.plan import LEGEND, Plan
from hyosan.building.population import ROLES, Population
from hyosan.building.records import Log, Params, People
from hyosan.provenance import provenance
from hyosan.result import Result

STATES = list(codes.STATES)
INFECTIONS = ["animal bite", "bite", "scratch", "blood"]


def record_steps(steps: int, every: int) -> np.ndarray:
    """The steps a record is written at: every ``every`` steps, and the last step."""
    marks = np.arange(0, steps + 1, every)
    return marks if marks[-1] == steps else np.r_[marks, steps]


@dataclass
class Outputs:
    """What one take left in its records, with what is needed to label it."""

    plan: Plan
    pop: Population
    p: Params
    take: int
    zero: int
    infected_in: int
    log: Log
    count: int
    folk: People
    lost_events: bool

    def times(self, every: int) -> np.ndarray:
        """Hours of the records written every ``every`` steps."""
        return record_steps(self.p.steps, every) * self.p.dt / 3600.0


def _label(names: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return np.where(idx >= 0, names[np.clip(idx, 0, None)], "")


def _patient_zero_row(out: Outputs) -> pd.DataFrame:
    zero, plan, where = max(out.zero, 0), out.plan, out.infected_in
    return pd.DataFrame(
        {
            "take": [out.take],
            "t": [out.folk.t_infect[zero] / 3600.0],
            "event": ["animal bite"],
            "who": [""],
            "whom": [out.pop.names[zero]],
            "room": [plan.room_names[where]],
            "floor": [int(plan.room_floor[where]) + 1],
            "route": [ROUTES[int(out.folk.route[zero])]],
            "n": [0],
        }
    )


def events_table(out: Outputs) -> pd.DataFrame:
    """The event log, patient zero's infection first."""
    log, k, plan = out.log, out.count, out.plan
    names = np.array(out.pop.names, dtype=object)
    room_names = np.array(plan.room_names, dtype=object)
    where = log.ev_room[:k]
    events = pd.DataFrame(
        {
            "take": out.take,
            "t": log.ev_t[:k] / 3600.0,
            "event": np.array(EVENTS, dtype=object)[log.ev_code[:k]],
            "who": _label(names, log.ev_who[:k]),
            "whom": _label(names, log.ev_whom[:k]),
            "room": np.where(where >= 0, room_names[np.clip(where, 0, None)], ""),
            "floor": np.where(where >= 0, plan.room_floor[np.clip(where, 0, None)] + 1, 0),
            "route": np.array(ROUTES, dtype=object)[log.ev_route[:k]],
            "n": np.where(log.ev_code[:k] == EV_EXIT, 0, log.ev_n[:k]),
        }
    )
    if out.zero >= 0:
        events = pd.concat([_patient_zero_row(out), events], ignore_index=True)
    return events


def tree_table(events: pd.DataFrame, take: int) -> pd.DataFrame:
    """Who infected whom, when, where and how."""
    infections = events[events["event"].isin(INFECTIONS)]
    return pd.DataFrame(
        {
            "take": take,
            "infector": infections["who"].to_numpy(),
            "infected": infections["whom"].to_numpy(),
            "t": infections["t"].to_numpy(),
            "route": infections["route"].to_numpy(),
            "room": infections["room"].to_numpy(),
        }
    )


def fates_table(out: Outputs) -> pd.DataFrame:
    """Each agent's fate, when and where."""
    pop, folk = out.pop, out.folk
    return pd.DataFrame(
        {
            "take": out.take,
            "agent": np.arange(pop.size),
            "name": np.array(pop.names, dtype=object),
            "role": np.array(ROLES, dtype=object)[pop.role],
            "klass": np.array(pop.klass, dtype=object),
            "status": pop.status,
            "fate": np.array(STATES, dtype=object)[folk.state],
            "t_fate": np.where(folk.state == S, np.nan, folk.t_fate / 3600.0),
            "room": np.array(out.plan.room_names, dtype=object)[folk.room],
            "halfbie": _woke_halfbie(folk),
        }
    )


def _woke_halfbie(folk: People) -> np.ndarray:
    """Whether each agent became a halfbie during the take: a halfbie now, or one before they
    died or were taken out."""
    turned = folk.t_turn <= folk.t_fate
    ended = (folk.state == D) | (folk.state == V)
    return (folk.state == H) | (
        (folk.will_halfbie == 1) & np.isfinite(folk.t_infect) & ended & turned
    )


def rooms_table(out: Outputs) -> pd.DataFrame:
    """Counts by room and state over time."""
    room_t = out.times(out.p.rooms_every)
    rooms = pd.DataFrame(out.log.rooms.reshape(-1, 6), columns=STATES)
    rooms.insert(0, "room", np.tile(np.array(out.plan.room_names, dtype=object), len(room_t)))
    rooms.insert(0, "t", np.repeat(room_t, out.plan.rooms))
    rooms.insert(0, "take", out.take)
    return rooms


def meta_of(out: Outputs, named: list[str], scenario_name: str) -> dict[str, Any]:
    """What a report needs to draw the take: the plan, legend, frame times, portals."""
    plan = out.plan
    return {
        "time_unit": "h",
        "plan": plan.text,
        "legend": {**LEGEND, **plan.room_chars},
        "rooms": plan.rooms_meta(),
        "frame_times": out.times(out.p.frame_every).tolist(),
        "state_codes": STATES,
        "characters": named,
        "floor_names": plan.floor_names,
        "portals": {
            "kind": plan.portal_kind.tolist(),
            "cell": plan.portal_cell.tolist(),
            "codes": ["open", "closed", "barricaded", "broken"],
        },
        "dt_seconds": float(out.p.dt),
        "agents": out.pop.size,
        "events_truncated": bool(out.lost_events),
        "scenario": scenario_name,
    }


def result_of(out: Outputs, scenario_name: str, seed: int) -> Result:
    """The take's Result."""
    log, take = out.log, out.take
    series = pd.DataFrame(log.series, columns=STATES)
    series.insert(0, "t", out.times(out.p.rec_every))
    series.insert(0, "take", take)
    final = pd.DataFrame([log.series[-1]], columns=STATES)
    final.insert(0, "take", take)
    events = events_table(out)
    named = [str(out.pop.names[i]) for i in np.nonzero(out.pop.named)[0]]
    result = Result(
        engine="building",
        series=series,
        final=final,
        tables={
            "events": events,
            "fates": fates_table(out),
            "tree": tree_table(events, take),
            "rooms": rooms_table(out),
            "narrative": narrate(events, set(named), take),
            "egress": egress_table(out.log, out.count, out.plan, list(out.pop.names), take),
        },
        arrays={
            "frames_pos": log.frames_pos[None],
            "frames_state": log.frames_state[None],
            "frames_portal": log.frames_portal[None],
        },
        provenance=provenance(scenario=scenario_name, engine="building", seed=seed),
        meta=meta_of(out, named, scenario_name),
    )
    if out.lost_events:
        result.warn(take, "the event log is full (building.max_events): later events are lost")
    return result
