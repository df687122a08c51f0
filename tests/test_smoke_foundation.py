"""The foundation holds: a catalog model loads, runs and round-trips through Parquet."""

from pathlib import Path

import numpy as np

import hyosan
from hyosan.result import Result


def test_catalog_model_runs_and_round_trips(tmp_path: Path) -> None:
    result = hyosan.simulate("alemi_szr")
    n = 1000.0
    total = result.series[["S", "Z", "R"]].sum(axis=1).to_numpy()
    np.testing.assert_allclose(total, n, rtol=1e-9)
    back = Result.from_parquet(result.to_parquet(tmp_path / "r"))
    assert back.series.equals(result.series)
    assert back.provenance["seed"] == result.provenance["seed"]
