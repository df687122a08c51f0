"""The ``[lattice]`` table: a bond lattice (one person per site) or a population grid on a map.

Times are in hours and rates per hour; a string with a unit (``"30 d"``, ``"2 /h"``) is
converted. Places are named places of the map or points: ``{lon = .., lat = ..}`` on a
geographic map, ``{x = .., y = ..}`` (km) on a map in kilometres.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from hyosan.scenario.base import Strict
from hyosan.scenario.limits import MAX_SNAPSHOTS, MAX_STEPS
from hyosan.scenario.units import Hours, PerHour

MAX_PER_HOUR = 1e6
"""Largest rate of a lattice, per hour (one event every 4 ms): beyond it an event-driven
lattice only spins its clock, and rates times counts leave the floats' exact range."""
MAX_RATIO = 1e6
"""Largest ratio of two rates (α, a halfbie's share of a bite)."""

ALEMI_CELL_KM = 3.22
"""Alemi et al.'s USA cells are 2 miles (3.22 km) wide: the reference cell of the grid rates."""


class Point(Strict):
    """A point: longitude/latitude in degrees, or x/y in km on a map in kilometres."""

    lon: float | None = Field(None, ge=-180, le=180, description="Longitude, degrees east.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude, degrees north.")
    x: float | None = Field(None, description="Easting in km (maps in km).")
    y: float | None = Field(None, description="Northing in km (maps in km).")

    @model_validator(mode="after")
    def _one_pair(self) -> Point:
        geo = self.lon is not None and self.lat is not None
        plane = self.x is not None and self.y is not None
        if geo == plane:
            raise ValueError("give either lon and lat, or x and y")
        return self

    @property
    def xy(self) -> tuple[float, float]:
        """(east, north) in the map's own units."""
        if self.lon is not None and self.lat is not None:
            return self.lon, self.lat
        assert self.x is not None and self.y is not None
        return self.x, self.y


Where = str | Point


class Area(Strict):
    """An area of the map: a circle (``at`` + ``radius``) or a box (``box``)."""

    at: Where | None = Field(None, description="Centre: a place name or a point.")
    radius: float | None = Field(None, gt=0, description="Radius of the circle, km.")
    box: list[float] | None = Field(
        None,
        min_length=4,
        max_length=4,
        description="[west, east, south, north] in map units (degrees or km).",
    )

    @model_validator(mode="after")
    def _shape(self) -> Area:
        circle = self.at is not None and self.radius is not None
        if circle == (self.box is not None):
            raise ValueError("give either at and radius (a circle) or box (a rectangle)")
        if self.box is not None and not (self.box[0] < self.box[1] and self.box[2] < self.box[3]):
            raise ValueError(
                f"box must be [west, east, south, north] with west < east, south < north; got {self.box}"
            )
        return self


class BondSpec(Strict):
    """Alemi et al.'s lattice: one person per site, each S–Z bond fires at rate β(1 + α)."""

    rows: int = Field(256, ge=1, le=46_000, description="Lattice rows (sites).")
    cols: int = Field(256, ge=1, le=46_000, description="Lattice columns (sites).")
    periodic: bool = Field(False, description="Wrap the borders (a torus); else open borders.")
    alpha: float = Field(
        0.3, ge=0, le=MAX_RATIO, description="Kill-to-bite ratio α = κ/β (Alemi's α), 0 to 10^6."
    )
    beta: PerHour = Field(
        1.0,
        gt=0,
        le=MAX_PER_HOUR,
        description="Bite rate of one S–Z bond, per hour (sets the clock), at most 10^6.",
    )
    zombies: list[list[int]] | Literal["centre"] = Field(
        "centre",
        max_length=100_000,
        description="Initial zombie sites as [row, col] pairs, or 'centre'.",
    )
    stop_at_edge: bool = Field(False, description="Stop when the first zombie reaches a border.")
    block: int = Field(
        1,
        ge=1,
        description="Output resolution: snapshots and reached times per block × block sites.",
    )

    @model_validator(mode="after")
    def _sites_inside(self) -> BondSpec:
        if isinstance(self.zombies, list):
            for pair in self.zombies:
                if len(pair) != 2 or not (0 <= pair[0] < self.rows and 0 <= pair[1] < self.cols):
                    raise ValueError(
                        f"zombie site {pair} is not a [row, col] inside {self.rows} × {self.cols}"
                    )
        return self


class MapSpec(Strict):
    """Where the people live: a shipped map, a NumPy raster, a CSV of places or a GeoTIFF."""

    builtin: Literal["hyosan", "korea", "usa"] | None = Field(
        None, description="A shipped map, built at run time from package data."
    )
    npy: Path | None = Field(
        None, description="A .npy raster of people per cell (rows north→south)."
    )
    csv: Path | None = Field(
        None, description="A CSV of places: name, population and lon/lat (or x/y in km)."
    )
    geotiff: Path | None = Field(
        None, description="A GeoTIFF of people per cell (extra 'geotiff')."
    )
    places: Path | None = Field(
        None, description="A CSV of named places (name, lon/lat or x/y) for a raster map."
    )
    extent: list[float] | None = Field(
        None,
        min_length=4,
        max_length=4,
        description="[west, east, south, north] of a raster, or the box a CSV map covers.",
    )
    units: Literal["deg", "km"] = Field("deg", description="Map coordinates: degrees or km.")
    cell_km: float | None = Field(
        None,
        ge=0.01,
        le=1000,
        description="Cell size in km, 0.01 to 1000 (CSV and shipped maps; default per map).",
    )
    kernel_km: float = Field(
        2.0,
        gt=0,
        description="Urban kernel: a place of 100,000 people spreads as a Gaussian of this width; "
        "width grows as √population.",
    )
    rural_km: float = Field(
        40.0, gt=0, description="Width of the wide kernel that spreads the rural population."
    )
    rural_share: float = Field(
        0.3, ge=0, lt=1, description="Share of the people living outside the listed places."
    )
    floor: float = Field(
        1.0, ge=0, description="Rural floor, people per km²: emptier cells are left empty."
    )
    land: float = Field(
        0.01,
        ge=0,
        description="People per km² of the kernels below which a cell is sea: zombies walk "
        "through empty wilderness, not the sea (CSV and shipped maps).",
    )
    total: float | None = Field(
        None, gt=0, le=1e12, description="Scale the map to this many people (default per map)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> MapSpec:
        given = [k for k in ("builtin", "npy", "csv", "geotiff") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of builtin, npy, csv, geotiff (got {given or 'none'})"
            )
        if self.npy is not None and self.extent is None:
            raise ValueError("a .npy raster needs extent = [west, east, south, north]")
        if self.extent is not None and not (
            self.extent[0] < self.extent[1] and self.extent[2] < self.extent[3]
        ):
            raise ValueError(f"extent must be [west, east, south, north]; got {self.extent}")
        return self


class GridRates(Strict):
    """Per-cell reactions of the population grid (rates per hour, at the reference density).

    In a cell of side ``a`` km the mass-action constants are scaled by q = (3.22 km / a)², so a
    zombie bites at β × (people per 3.22-km cell), whatever the grid's resolution.
    """

    beta: PerHour = Field(
        0.0018,
        ge=0,
        le=MAX_PER_HOUR,
        description="Bite: S + Z → E + Z at β·q·S·Z (Alemi's public simulator β), at most 10^6.",
    )
    alpha: float = Field(
        0.8,
        ge=0,
        le=MAX_RATIO,
        description="Kill-to-bite ratio: S + Z → S + R at α·β·q·S·Z (Alemi's α), 0 to 10^6.",
    )
    latent: Literal["none"] | Annotated[PerHour, Field(le=MAX_PER_HOUR)] = Field(
        2.0,
        description="Turning E → Z (or H) at this rate (Alemi's latent rate 2, read per hour: "
        "minutes after a bite, as in the series); 'none': a bite makes a zombie at once.",
    )

    @model_validator(mode="after")
    def _latent_positive(self) -> GridRates:
        if self.latent != "none" and not float(self.latent) > 0:
            raise ValueError(f"latent must be a rate > 0 or 'none', got {self.latent}")
        return self

    halfbie: float = Field(
        0.001,
        ge=0,
        le=1,
        description="Share of the turned who become halfbies H (a handful among thousands).",
    )
    halfbie_bite: float = Field(
        0.1,
        ge=0,
        le=MAX_RATIO,
        description="A halfbie bites at this fraction of a zombie's rate (rarely).",
    )
    decay: PerHour = Field(
        0.0,
        ge=0,
        le=MAX_PER_HOUR,
        description="Zombies decay or starve: Z → R at ω (none in Alemi's model).",
    )
    cross_time: Hours = Field(
        11.0,
        ge=1e-3,
        le=1e9,
        description="Hours a zombie takes to cross a 3.22-km cell (Alemi), 0.001 to 10^9 (10^9: "
        "zombies that stay where they are); on other grids the hop rate keeps the same diffusion "
        "coefficient.",
    )


class Outbreak(Strict):
    """Where the outbreak starts."""

    at: Where = Field(description="A place name or a point.")
    zombies: int = Field(
        1, ge=1, le=1_000_000_000, description="Zombies placed in that cell at t = 0."
    )


class Cordon(Strict):
    """A quarantine line: from ``start`` on, zombies cross the area's boundary only by leaking."""

    area: Area
    start: Hours = Field(0.0, ge=0, description="When the line closes, hours.")
    leak: float = Field(
        0.0, ge=0, le=1, description="Fraction of the usual crossing rate that still gets through."
    )


class Lure(Strict):
    """A sound lure: zombies within ``radius`` drift toward the point while it sounds."""

    at: Where
    radius: float = Field(gt=0, description="Reach of the sound, km.")
    start: Hours = Field(0.0, ge=0, description="When it starts, hours.")
    stop: Hours | None = Field(None, description="When it stops, hours (none: never).")
    pull: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Bias of each hop: weight 1 + pull·cos θ toward the lure (0: no drift).",
    )

    @model_validator(mode="after")
    def _stops_after_start(self) -> Lure:
        if self.stop is not None and self.stop < self.start:
            raise ValueError(f"the lure stops (at {self.stop} h) before it starts ({self.start} h)")
        return self


class Strike(Strict):
    """A strike on an area at a time: removes a fraction of zombies and of people there."""

    area: Area
    time: Hours = Field(ge=0, description="When it falls, hours.")
    zombies: float = Field(0.9, ge=0, le=1, description="Fraction of Z (and E, H) removed.")
    people: float = Field(0.1, ge=0, le=1, description="Fraction of uninfected S removed.")


class LatticeSpec(Strict):
    """A spatial outbreak: a bond lattice or a population grid, its interventions and outputs."""

    kind: Literal["bond", "grid"] = Field(
        "grid", description="bond: one person per site; grid: counts per map cell."
    )
    t_end: Hours = Field(gt=0, le=1e6, description="End of the simulation, hours (≤ 10^6).")
    points: int = Field(201, ge=2, le=100_000, description="Times of the totals series.")
    snapshots: int | list[float] = Field(
        5,
        union_mode="left_to_right",
        description="Grid snapshots: a count (evenly spaced, t = 0 to t_end) or times, hours "
        "(times after t_end are dropped, so a shorter --set t_end keeps a scenario valid).",
    )
    bond: BondSpec | None = None
    map: MapSpec | None = None
    rates: GridRates = Field(default_factory=lambda: GridRates.model_validate({}))
    method: Literal["exact", "tau"] = Field(
        "tau", description="exact: Gillespie over all cells; tau: binomial tau-leaping."
    )
    tau: Hours = Field(0.1, gt=0, description="Tau-leap step, hours (see docs/lattice.md).")
    outbreaks: list[Outbreak] = Field(default_factory=list, max_length=10_000)
    cordons: list[Cordon] = Field(default_factory=list, max_length=8)
    lures: list[Lure] = Field(default_factory=list, max_length=100)
    strikes: list[Strike] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _consistent(self) -> LatticeSpec:
        if self.kind == "bond":
            if self.bond is None:
                self.bond = BondSpec.model_validate({})
            grid_only = [
                k for k in ("map", "cordons", "lures", "strikes", "outbreaks") if getattr(self, k)
            ]
            if grid_only:
                raise ValueError(f"{', '.join(grid_only)} apply to kind = 'grid' only")
        else:
            if self.map is None:
                raise ValueError("kind = 'grid' needs a [lattice.map] table")
            if not self.outbreaks:
                raise ValueError("kind = 'grid' needs at least one [[lattice.outbreaks]] entry")
        count = self.snapshots if isinstance(self.snapshots, int) else len(self.snapshots)
        if not 1 <= count <= MAX_SNAPSHOTS:
            raise ValueError(f"snapshots: {count:,}; allowed: 1 to {MAX_SNAPSHOTS:,}")
        if isinstance(self.snapshots, list) and any(t < 0 for t in self.snapshots):
            raise ValueError(f"snapshot times must be ≥ 0, got {self.snapshots[:10]}")
        leaps = self.t_end / self.tau
        if self.kind == "grid" and self.method == "tau" and leaps > MAX_STEPS:
            raise ValueError(
                f"t_end / tau = {leaps:.3g} leaps per take; allowed: tau ≥ t_end / "
                f"{MAX_STEPS:,} = {self.t_end / MAX_STEPS:.3g} h"
            )
        return self

    def snapshot_times(self) -> list[float]:
        """The snapshot times, hours."""
        if isinstance(self.snapshots, int):
            n = self.snapshots
            return [self.t_end * i / max(n - 1, 1) for i in range(n)] if n > 1 else [self.t_end]
        kept = sorted(float(t) for t in self.snapshots if t <= self.t_end)
        return kept or [self.t_end]
