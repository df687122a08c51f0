"""The lattice engine: a bond lattice or a population grid, run take by take into a Result.

Python orchestrates — output times, snapshot times and intervention times are breakpoints —
and the Numba kernels of :mod:`hyosan.lattice.bond` and :mod:`hyosan.lattice.grid` run the
events between them. Each take draws from its own generators (the bond lattice's xoroshiro
state, the grid's named NumPy streams), passed to the kernels, and from nothing else, so a
take's result does not depend on the other takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from hyosan.lattice import bond, grid
from hyosan.lattice.interventions import hop_weights, neighbours, plan
from hyosan.lattice.maps import GridMap, load_map
from hyosan.provenance import provenance
from hyosan.result import Result
from hyosan.scenario import Scenario
from hyosan.scenario.lattice import ALEMI_CELL_KM, LatticeSpec
from hyosan.seeding import take_int_seed, take_stream

PLACE_COLUMNS = ["take", "place", "row", "col", "population", "t_reached"]


def simulate(scenario: Scenario, takes: Sequence[int], seed: int) -> Result:
    """Run the listed takes of a lattice scenario."""
    spec = scenario.lattice
    assert spec is not None
    if spec.kind == "bond":
        result = _simulate_bond(spec, list(takes), seed)
    else:
        base = scenario.source.parent if scenario.source is not None else None
        grid_map = load_map(spec.map, base) if spec.map is not None else None
        assert grid_map is not None
        result = simulate_grid(spec, grid_map, list(takes), seed)
    result.provenance = provenance(
        scenario=scenario.name, engine="lattice", seed=seed, scenario_text=scenario.text
    )
    return result


def _breakpoints(
    spec: LatticeSpec, extra: list[float]
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    t_out = np.linspace(0.0, spec.t_end, spec.points)
    snaps = spec.snapshot_times()
    stops = np.unique(np.concatenate([t_out, snaps, [t for t in extra if t <= spec.t_end]]))
    return t_out, stops, snaps


def _simulate_bond(spec: LatticeSpec, takes: list[int], seed: int) -> Result:
    b = spec.bond
    assert b is not None
    rows, cols = b.rows, b.cols
    t_out, stops, snaps = _breakpoints(spec, [])
    rate = b.beta * (1.0 + b.alpha)
    p_bite = 1.0 / (1.0 + b.alpha)
    rules = bond.BondRules(
        rate, p_bite, rows, cols, b.periodic, b.block, b.stop_at_edge, np.iinfo(np.int64).max
    )
    sites = [(rows // 2, cols // 2)] if b.zombies == "centre" else [tuple(p) for p in b.zombies]
    br, bc = -(-rows // b.block), -(-cols // b.block)
    series, finals, snapshot_list, reached_list = [], [], [], []
    memory = 0.0
    for take in takes:
        state = bond.new_lattice(rows, cols, b.periodic)
        reached = np.full((br, bc), np.nan, dtype=np.float32)
        for r, c in sites:
            state[bond.site_of(r, c, cols, b.periodic)] = bond.ZOMBIE
            reached[r // b.block, c // b.block] = 0.0
        front, n_front, tally = bond.seed_front(state, rows, cols, b.periodic)
        rng = bond.new_rng(take_int_seed(seed, take))
        t, why, shots, rows_out = 0.0, bond.STOP_TIME, [], []
        for stop in stops:
            if why == bond.STOP_TIME or why == bond.STOP_NO_BONDS:
                front, n_front, t_new, why = bond.advance(
                    state, front, n_front, tally, rng, t, stop, rules, reached
                )
                t = float(t_new)
            if np.isclose(t_out, stop).any() and why != bond.STOP_EDGE:
                rows_out.append((take, stop, *tally[:3]))
            if any(np.isclose(stop, s) for s in snaps):
                shots.append(bond.block_counts(state, rows, cols, b.periodic, b.block))
            if why == bond.STOP_EDGE:
                rows_out.append((take, t, *tally[:3]))
                break
        while len(shots) < len(snaps):
            shots.append(bond.block_counts(state, rows, cols, b.periodic, b.block))
        memory = bond.bytes_per_site(state, front, rows * cols)
        reason = {
            bond.STOP_TIME: "t_end",
            bond.STOP_NO_BONDS: "no bonds left",
            bond.STOP_EDGE: "front reached the edge",
        }[int(why)]
        series += rows_out
        finals.append((take, *tally[:3], t, int(tally[4]), reason))
        snapshot_list.append(np.stack(shots))
        reached_list.append(reached)
    return Result(
        engine="lattice",
        series=pd.DataFrame(series, columns=["take", "t", "S", "Z", "R"]),
        final=pd.DataFrame(finals, columns=["take", "S", "Z", "R", "t_stop", "events", "stopped"]),
        tables={"places": pd.DataFrame(columns=PLACE_COLUMNS)},
        arrays={"snapshots": np.stack(snapshot_list), "reached": np.stack(reached_list)},
        meta={
            "kind": "bond",
            "time_unit": "h",
            "states": ["S", "Z", "R"],
            "snapshot_times": snaps,
            "extent": [0, cols, 0, rows],
            "extent_units": "sites",
            "cell_size": b.block,
            "cell_unit": "sites",
            "map": f"bond lattice {rows} × {cols}",
            "alpha": b.alpha,
            "beta": b.beta,
            "periodic": b.periodic,
            "bytes_per_site": memory,
        },
    )


def rate_constants(spec: LatticeSpec, cell_km: float) -> tuple[np.ndarray, bool]:
    """Per-cell rate constants (see :mod:`hyosan.lattice.grid`) and whether bites make Z at once.

    q = (3.22 km / cell)² keeps a zombie's bite rate β × (people per 3.22-km cell) and the
    zombies' diffusion coefficient (a hop per ``cross_time`` on 3.22-km cells) whatever the grid.
    """
    r = spec.rates
    q = (ALEMI_CELL_KM / cell_km) ** 2
    k = np.zeros(7)
    k[grid.K_BITE] = r.beta * q
    k[grid.K_HBITE] = r.beta * q * r.halfbie_bite
    k[grid.K_KILL] = r.alpha * r.beta * q
    direct = r.latent == "none"
    k[grid.K_TURN] = 0.0 if direct else float(r.latent)
    k[grid.K_HALF] = 0.0 if direct else r.halfbie
    k[grid.K_DECAY] = r.decay
    k[grid.K_HOP] = q / r.cross_time
    return k, direct


HOP_PER_STEP = 0.1
"""Error control: a tau-leap lets a zombie hop at most once, so the step is capped to keep the
expected hops per zombie per step at 0.1 (two hops in one step: under 0.5 % of zombies)."""


def tau_step(requested: float, k: np.ndarray) -> float:
    """The tau-leap step: the scenario's ``tau``, capped by :data:`HOP_PER_STEP`."""
    hop = k[grid.K_HOP]
    return min(requested, HOP_PER_STEP / hop) if hop > 0 else requested


def initial_counts(population: np.ndarray) -> np.ndarray:
    """People per cell as integers (S column), summing to the rounded total."""
    flat = population.ravel()
    whole = np.floor(flat).astype(np.int64)
    missing = int(round(flat.sum())) - int(whole.sum())
    if missing > 0:
        order = np.argsort(-(flat - whole), kind="stable")[:missing]
        whole[order] += 1
    x = np.zeros((flat.size, 5), dtype=np.int64)
    x[:, grid.S] = whole
    return x


def simulate_grid(spec: LatticeSpec, grid_map: GridMap, takes: list[int], seed: int) -> Result:
    """Run a population-grid scenario on a map."""
    rows, cols = grid_map.shape
    n = rows * cols
    starts = [
        (grid_map.cell_at(o.at, f"lattice.outbreaks.{i}.at"), o.zombies)
        for i, o in enumerate(spec.outbreaks)
    ]
    resolved = plan(spec, grid_map)
    t_out, stops, snaps = _breakpoints(spec, resolved.times())
    k, direct = rate_constants(spec, grid_map.cell_km)
    tau = tau_step(spec.tau, k)
    nbr = neighbours(rows, cols)
    x0 = initial_counts(grid_map.population)
    passable = grid_map.walkable().ravel().copy()
    for (r, c), _ in starts:
        passable[r * cols + c] = True
    places = grid_map.places[grid_map.places["row"] >= 0].reset_index(drop=True)
    place_cells = (places["row"] * cols + places["col"]).to_numpy(np.int64)
    series, finals, shots_all, reached_all, place_tables = [], [], [], [], []
    for take in takes:
        x = x0.copy()
        reached = np.full(n, np.nan)
        for (r, c), count in starts:
            x[r * cols + c, grid.Z] += count
            reached[r * cols + c] = 0.0
        rng = take_stream(seed, take, "grid")
        strikes = take_stream(seed, take, "strike")
        w, wsum = hop_weights(nbr, passable, resolved, 0.0)
        inflow = np.zeros(n, dtype=np.int64)
        t, events, shots = 0.0, 0, []
        for stop in stops:
            if spec.method == "exact":
                tree, leaves = grid.build_tree(x, k, wsum)
                t, done = grid.advance_exact(
                    x, nbr, w, wsum, k, direct, tree, leaves, t, stop, reached, rng
                )
            else:
                t, done = grid.advance_tau(
                    x, nbr, w, wsum, k, direct, tau, t, stop, reached, inflow, rng
                )
            t = float(stop)
            events += int(done)
            for when, cells, zombies, people in resolved.strikes:
                if np.isclose(when, t):
                    grid.strike(x, cells, zombies, people, strikes)
            if np.isclose(resolved.times(), t).any():
                w, wsum = hop_weights(nbr, passable, resolved, t + 1e-9)
            if np.isclose(t_out, t).any():
                series.append((take, t, *x.sum(axis=0)))
            if any(np.isclose(t, s) for s in snaps):
                shots.append(x.T.reshape(5, rows, cols).astype(np.float32))
        reached_grid = reached.reshape(rows, cols).astype(np.float32)
        t_places = reached[place_cells]
        table = _place_table(take, places, t_places)
        place_tables.append(table)
        last = _last_reached(table)
        finals.append((take, *x.sum(axis=0), events, float(np.isfinite(reached).mean()), *last))
        shots_all.append(np.stack(shots))
        reached_all.append(reached_grid)
    columns = ["take", "t", *grid.STATES]
    return Result(
        engine="lattice",
        series=pd.DataFrame(series, columns=columns),
        final=pd.DataFrame(
            finals,
            columns=["take", *grid.STATES, "steps", "share_reached", "last_place", "t_last"],
        ),
        tables={"places": pd.concat(place_tables, ignore_index=True)},
        arrays={"snapshots": np.stack(shots_all), "reached": np.stack(reached_all)},
        meta=_grid_meta(spec, grid_map, tau, k, direct, x0, snaps),
    )


def _place_table(take: int, places: pd.DataFrame, t_reached: np.ndarray) -> pd.DataFrame:
    """When a take reached each named place (NaN: never)."""
    return pd.DataFrame(
        {
            "take": take,
            "place": places["name"],
            "row": places["row"].astype(np.int64),
            "col": places["col"].astype(np.int64),
            "population": places["population"],
            "t_reached": t_reached,
        }
    )


def _grid_meta(
    spec: LatticeSpec,
    grid_map: GridMap,
    tau: float,
    k: np.ndarray,
    direct: bool,
    x0: np.ndarray,
    snaps: list[float],
) -> dict[str, Any]:
    """What a population-grid result says of its map, method and rates."""
    return {
        "kind": "grid",
        "time_unit": "h",
        "states": list(grid.STATES),
        "snapshot_times": snaps,
        "extent": list(grid_map.extent),
        "extent_units": grid_map.units,
        "cell_size": grid_map.cell_km,
        "cell_unit": "km",
        "map": grid_map.name,
        "method": spec.method,
        "tau": tau if spec.method == "tau" else None,
        "rate_constants": dict(
            zip(
                ["bite", "halfbie_bite", "kill", "turn", "halfbie", "decay", "hop"],
                k.tolist(),
                strict=True,
            )
        ),
        "direct_bites": direct,
        "people": int(x0[:, grid.S].sum()),
    }


def _last_reached(table: pd.DataFrame) -> tuple[str, float]:
    reached = table[table["t_reached"].notna()]
    if reached.empty:
        return "", float("nan")
    at = int(np.argmax(reached["t_reached"].to_numpy()))
    return str(reached["place"].iloc[at]), float(reached["t_reached"].iloc[at])


def where_to_hide(result: Result, take: int | None = None, n: int = 10) -> pd.DataFrame:
    """The places reached last in one take: where to hide.

    Places never reached come first (largest first), then the rest, latest first.
    """
    places = result.tables["places"]
    chosen = take if take is not None else int(places["take"].min())
    one = places[places["take"] == chosen].copy()
    one["never"] = one["t_reached"].isna()
    ordered = one.sort_values(
        ["never", "t_reached", "population"], ascending=[False, False, False], kind="stable"
    )
    return ordered.drop(columns="never").head(n).reset_index(drop=True)


__all__ = ["simulate", "simulate_grid", "where_to_hide"]
