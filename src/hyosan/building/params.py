"""The schema's numbers turned into the kernel's :class:`~hyosan.building.records.Params`.

Record fields are named as the schema's fields; :data:`RENAMED` lists the few renamed (the same
name in two blocks) and :data:`FEEDS` the schema fields that reach the kernel through another
record field or are read while setting a take up.
"""

from __future__ import annotations

import math

from hyosan.building.records import Params
from hyosan.scenario.building import BuildingSpec

RENAMED = {
    ("zombies", "run_speed"): "zombie_speed",
    ("zombies", "strength"): "zombie_strength",
    ("halfbies", "hunger"): "halfbie_hunger",
    ("halfbies", "strength"): "halfbie_strength",
    ("halfbies", "detect"): "halfbie_detect",
    ("bodies", "on"): "bodies",
}
"""(schema block, field) → Params field, where the plain name would clash or be unclear."""

FEEDS = {
    ("world", "storm_hours"): ("storm_to",),
    ("world", "rescue_at"): ("rescue_t",),
    ("world", "strike_warning"): ("warn_at",),
    ("", "duration"): ("steps",),
    ("", "record_every"): ("rec_every",),
    ("", "rooms_every"): ("rooms_every",),
    ("", "frame_every"): ("frame_every",),
    ("", "max_events"): ("ev_t",),
    ("people", "ledge_chance"): ("ledge_ok",),
    ("virus", "halfbie_chance"): ("halfbie_prone",),
    ("halfbies", "immunity_sd"): ("halfbie_prone",),
    ("halfbies", "trait_propensity"): ("halfbie_prone",),
    ("halfbies", "certain"): ("halfbie_prone",),
    ("roles", "roof"): ("roof",),
    ("roles", "gate"): ("gate",),
    ("roles", "hills"): ("hills",),
    ("roles", "broadcast"): ("decoy_room",),
    ("bodies", "ledge_cap"): ("cap",),
}
"""(schema block, field) → the record fields it becomes, when not a Params field of its name."""

BLOCKS = (
    "world",
    "zombies",
    "people",
    "virus",
    "sound",
    "moving",
    "bodies",
    "fighting",
    "trust",
    "halfbies",
    "decisions",
)
"""Schema blocks whose fields become Params fields."""


def _every(seconds: float, dt: float) -> int:
    return max(1, int(round(seconds / dt)))


def _warn_at(strike_at: float | None, warning: float | None) -> float:
    """Seconds after the start that word of the strike comes (infinity: never)."""
    if strike_at is None or warning is None:
        return math.inf
    return max(0.0, strike_at - warning) * 3600


def _without_bodies(spec: BuildingSpec) -> dict[str, float]:
    """The engine before bodies: every doorway, window and stair passes any crowd, a storey of
    stairs costs the same up as down, and nobody holds a door (capacity and slowing are off
    with ``bodies`` 0)."""
    return {
        "door_flow": 0.0,
        "window_flow": 0.0,
        "stair_flow": 0.0,
        "stair_up_cost": spec.moving.stair_cost,
        "hold": 0.0,
    }


def params_of(spec: BuildingSpec, *, rest_skip: bool = True) -> Params:
    """The kernel's parameters, in seconds and metres (hours turned into seconds); without
    ``rest_skip`` the people's phase visits everyone, for the same takes (:mod:`hyosan.
    building.rest`)."""
    values: dict[str, float | int] = {}
    for block in BLOCKS:
        model = getattr(spec, block)
        for name in type(model).model_fields:
            field = RENAMED.get((block, name), name)
            if field in Params._fields:
                values[field] = getattr(model, name)
    w, v = spec.world, spec.virus
    values.update(
        dt=spec.dt,
        steps=int(round(spec.duration * 3600 / spec.dt)),
        storm_from=w.storm_from * 3600,
        storm_to=(w.storm_from + w.storm_hours) * 3600,
        cordon_at=w.cordon_at * 3600,
        roof_after=w.roof_after * 3600,
        strike_at=math.inf if w.strike_at is None else w.strike_at * 3600,
        drill_at=math.inf if w.drill_at is None else w.drill_at * 3600,
        warn_at=_warn_at(w.strike_at, w.strike_warning),
        animal_median=v.animal_median * 3600,
        rec_every=_every(spec.record_every, spec.dt),
        rooms_every=_every(spec.rooms_every, spec.dt),
        frame_every=_every(spec.frame_every, spec.dt),
        rest_skip=int(rest_skip),
    )
    if not spec.bodies.on:
        values.update(_without_bodies(spec))
    ints = {"steps", "rec_every", "rooms_every", "frame_every", "sound_hops", "flee_look"}
    ints |= {"flee_radius", "rescue_seats", "detour", "rest_skip", "bodies"}
    return Params._make(int(values[k]) if k in ints else float(values[k]) for k in Params._fields)
