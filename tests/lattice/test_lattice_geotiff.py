"""A GeoTIFF population raster reads as the same map as the equivalent NumPy raster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine

from hyosan.errors import HyosanError
from hyosan.lattice.maps import load_map
from hyosan.scenario.lattice import MapSpec


def write_geotiff(path: Path, raster: np.ndarray, extent: list[float]) -> Path:
    west, east, south, north = extent
    rows, cols = raster.shape
    transform = Affine((east - west) / cols, 0.0, west, 0.0, -(north - south) / rows, north)
    profile = {
        "driver": "GTiff",
        "height": rows,
        "width": cols,
        "count": 1,
        "dtype": "float64",
        "crs": "EPSG:4326",
        "transform": transform,
    }
    with rasterio.open(path, "w", **profile) as out:
        out.write(raster, 1)
    return path


def test_a_geotiff_map_equals_the_same_numpy_raster(tmp_path: Path) -> None:
    raster = np.random.default_rng(4).integers(0, 500, size=(9, 13)).astype(float)
    extent = [126.0, 127.3, 37.0, 37.9]
    tif = write_geotiff(tmp_path / "people.tif", raster, extent)
    np.save(tmp_path / "people.npy", raster)
    from_tif = load_map(MapSpec(geotiff=tif))
    from_npy = load_map(MapSpec(npy=tmp_path / "people.npy", extent=extent))
    np.testing.assert_array_equal(from_tif.population, from_npy.population)
    np.testing.assert_allclose(from_tif.extent, extent)
    assert from_tif.cell_km == pytest.approx(from_npy.cell_km)


def test_a_negative_cell_in_a_geotiff_names_the_file(tmp_path: Path) -> None:
    raster = np.ones((4, 4))
    raster[2, 1] = -3.0
    tif = write_geotiff(tmp_path / "bad.tif", raster, [0.0, 1.0, 0.0, 1.0])
    with pytest.raises(HyosanError, match="bad.tif"):
        load_map(MapSpec(geotiff=tif))


def test_a_file_that_is_not_a_geotiff_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.tif"
    fake.write_text("not an image")
    with pytest.raises(HyosanError, match="cannot read GeoTIFF"):
        load_map(MapSpec(geotiff=fake))
