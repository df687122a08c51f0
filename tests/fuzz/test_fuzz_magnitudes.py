"""Extreme magnitudes in every numeric field, run: each number of a compartmental (ODE) scenario
and of a small bond lattice set to a magnitude from 1e-300 to 1e300 is refused with a message,
or the take runs and its tables hold finite counts, never NaN, never another exception. The
engines whose work grows with a rate (SSA, tau) are bounded by the same schema and are run by
the known-bad cases (tests/fuzz/known_bad_edges.py); here the runs stay cheap."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz_generated import FAST, _paths, _set

from hyosan.engines import engine_for
from hyosan.errors import HyosanError
from hyosan.scenario import validate
from hyosan.scenario.load import resolve

MAGNITUDES = st.sampled_from([1e-300, 1e-30, 1e-12, 1e-3, 0.0, 1e3, 1e12, 1e15, 1e30, 1e300])


def numeric_paths(table: dict) -> list[tuple]:
    """Key paths of the table's numbers (not its booleans)."""
    found = []
    for path in _paths(table):
        node = table
        for part in path:
            node = node[part]
        if isinstance(node, int | float) and not isinstance(node, bool):
            found.append(path)
    return found


def small_bond() -> dict:
    table = resolve("bond-lattice")[0]
    table["lattice"]["bond"].update(rows=24, cols=24, block=1)
    table["lattice"].update(t_end="40 h", points=11, snapshots=2)
    return table


BASES = {
    "compartmental ode": resolve("munz-basic")[0],
    "bond lattice": small_bond(),
}


@pytest.mark.parametrize("engine", sorted(BASES))
@settings(FAST, max_examples=50)
@given(data=st.data())
def test_an_extreme_number_is_refused_or_runs_to_finite_tables(
    engine: str, data: st.DataObject
) -> None:
    table = BASES[engine]
    path = data.draw(st.sampled_from(numeric_paths(table)))
    value = data.draw(MAGNITUDES)
    try:
        scenario = validate(_set(table, path, value), "fuzz.toml")
        result = engine_for(scenario.engine).simulate(scenario, [1], 17)
    except HyosanError as exc:
        assert str(exc).strip()
        return
    counts = result.series.drop(columns=["take", "t"]).to_numpy(dtype=float)
    assert np.isfinite(counts).all(), f"{path} = {value}: NaN or infinite counts"
    assert (counts >= -1e-6 * max(1.0, np.abs(counts).max())).all(), f"{path} = {value}"
