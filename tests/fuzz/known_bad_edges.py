"""Known-bad inputs at the edges: special files where a file is read or written, extreme
magnitudes reaching the solvers, run-store metadata too large to read, closed and full output
streams, an ASCII-only output, paths longer than the system allows, bad environment values,
a run inside another run's chunks and ``--until`` arithmetic without a value.

Cases use the conventions of :mod:`known_bad`; a case's ``setup`` runs after its files are
written, with the case's directory and the small finished run, to make FIFOs, links or a copy
of that run under ``{dir}/work/runs/copy`` (where a resume may write). A device is only ever
named through a link in the case's directory, never by its own path: a hyosan that replaced
the file it was given would replace the link, not the machine's /dev/null.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
from known_bad import (
    BOND,
    CSV_OK,
    GOOD_MAP,
    GRID,
    MODEL,
    NETWORK,
    RUN,
    Case,
    _set,
    npy_array,
    scen,
)

COPY = "{dir}/work/runs/copy"
"""A copy of the small finished run (made by :func:`copy_run`)."""
CALIBRATE = ("calibrate", "{dir}/s.toml", "--no-plot")


def fifo(*names: str) -> Callable[[Path, Path], None]:
    """A setup that makes each name (relative to the case's directory) a FIFO."""

    def make(where: Path, run: Path) -> None:
        for name in names:
            target = where / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            os.mkfifo(target)

    return make


def link(name: str, target: str) -> Callable[[Path, Path], None]:
    """A setup that makes ``name`` a symbolic link to ``target`` (a device)."""

    def make(where: Path, run: Path) -> None:
        (where / name).symlink_to(target)

    return make


def copy_run(change: Callable[[Path], None] | None = None) -> Callable[[Path, Path], None]:
    """A setup that copies the small run to ``{dir}/work/runs/copy`` and then changes it."""

    def make(where: Path, run: Path) -> None:
        copy = where / "work" / "runs" / "copy"
        shutil.copytree(run, copy)
        if change is not None:
            change(copy)

    return make


def fifo_in_run(name: str) -> Callable[[Path, Path], None]:
    """A copy of the small run with its file ``name`` replaced by a FIFO."""

    def change(copy: Path) -> None:
        (copy / name).unlink()
        os.mkfifo(copy / name)

    return copy_run(change)


def manifest_edit(edit: Callable[[dict], str]) -> Callable[[Path, Path], None]:
    """A copy of the small run whose manifest is rewritten by ``edit`` (manifest → text)."""

    def change(copy: Path) -> None:
        file = copy / "manifest.json"
        file.write_text(edit(json.loads(file.read_text())))

    return copy_run(change)


def _huge_requested(manifest: dict) -> str:
    manifest["requested"] = "1-999999999999"
    return json.dumps(manifest)


def _huge_chunk(manifest: dict) -> str:
    manifest["chunks"]["takes-000001-999999999999"] = {"takes": "1-999999999999", "status": "done"}
    return json.dumps(manifest)


def _deep_manifest(manifest: dict) -> str:
    text = json.dumps(manifest)
    return text[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"


def _deep_result(copy: Path) -> None:
    (copy / "result.json").write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}")


def _nested_run(copy: Path) -> None:
    """Nothing to change: the case writes a run inside the copy's chunks/."""


PLACES_MAP = "lattice.map={csv='p.csv', units='km', extent=[0,10,0,10]}"
SWEEP = ("sweep", "{dir}/s.toml", "--no-progress", "--takes", "1")
TAU_NETWORK = NETWORK.format(species='["S", "Z"]')


def _c(name: str, spec: tuple, *, ok: int | None = None, **extra: object) -> Case:
    argv, files = spec
    return Case(name, tuple(argv), files, ok, **extra)  # type: ignore[arg-type]


def special_files() -> list[Case]:
    """FIFOs, devices and directories where a file is read or written."""
    plan = "building.plan='f.plan'"
    return [
        _c("fifo scenario", (RUN, {}), setup=fifo("s.toml")),
        _c("fifo npy map", scen(GRID), setup=fifo("map.npy")),
        _c("fifo places csv", _set(GRID, PLACES_MAP), setup=fifo("p.csv")),
        _c("fifo geotiff map", _set(GRID, "lattice.map={geotiff='m.tif'}"), setup=fifo("m.tif")),
        _c("dev zero npy map", _set(GRID, "lattice.map.npy='/dev/zero'")),
        _c("directory npy map", scen(GRID, **{"map.npy/x": "1"})),
        _c(
            "fifo plan",
            _set(
                '[building]\nplan = "f.plan"\nduration = "1 h"\n',
                plan,
                argv=("validate", "{dir}/s.toml"),
            ),
            setup=fifo("f.plan"),
        ),
        _c(
            "fifo plan random zombies",
            _set(
                'name = "h"\nengine = "building"\n[building]\nduration = "1 h"\n',
                plan,
                "building.outbreak.random_zombies=2",
                argv=("validate", "{dir}/s.toml"),
            ),
            setup=fifo("f.plan"),
        ),
        _c(
            "fifo calibration data",
            scen(MODEL, "--data", "{dir}/d.csv", "--fit", "beta", argv=CALIBRATE),
            setup=fifo("d.csv"),
        ),
        _c(
            "dev zero calibration data",
            scen(MODEL, "--data", "/dev/zero", "--fit", "beta", argv=CALIBRATE),
        ),
        _c("fifo manifest: takes", (("takes", COPY), {}), setup=fifo_in_run("manifest.json")),
        _c(  # the run's combined tables are whole, and the manifest is not opened
            "fifo manifest: report",
            (("report", COPY, "--no-progress"), {}),
            setup=fifo_in_run("manifest.json"),
            ok=0,
        ),
        _c("fifo manifest: show", (("show", COPY), {}), setup=fifo_in_run("manifest.json")),
        _c(
            "fifo chunk table: until",
            (("takes", COPY, "--until", "Z > 0"), {}),
            setup=fifo_in_run("chunks/takes-000001-000001/final.parquet"),
        ),
        _c(
            "fifo combined table: export",
            (("export", COPY, "--format", "csv"), {}),
            setup=fifo_in_run("series.parquet"),
        ),
        _c(
            "fifo manifest: resume",
            (("run", "munz-basic", "--out", COPY, "--takes", "3", "--no-plot"), {}),
            setup=fifo_in_run("manifest.json"),
        ),
        _c(
            "report --out fifo",
            (("report", "{run}", "--out", "{dir}/out.html", "--no-progress"), {}),
            setup=fifo("out.html"),
        ),
        _c(
            "report --out /dev/null link",
            (("report", "{run}", "--out", "{dir}/null.html", "--no-progress"), {}),
            setup=link("null.html", "/dev/null"),
        ),
        _c(
            "export csv --out fifo",
            (("export", "{run}", "--format", "csv", "--out", "{dir}/csv"), {}),
            setup=fifo("csv"),
        ),
        _c(
            "export netcdf --out device link",
            (("export", "{run}", "--out", "{dir}/grids.nc", "--no-progress"), {}),
            setup=link("grids.nc", "/dev/null"),
        ),
        _c("run --out fifo", scen(MODEL, "--out", "{dir}/o"), setup=fifo("o")),
        _c(
            "calibrate --out fifo",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                "--out",
                "{dir}/o",
                argv=CALIBRATE,
                **{"d.csv": CSV_OK},
            ),
            setup=fifo("o"),
        ),
        _c(
            "maps --out device link",
            (("maps", "hyosan", "--out", "{dir}/null"), {}),
            setup=link("null", "/dev/null"),
        ),
    ]


def extreme_numbers() -> list[Case]:
    """Magnitudes that reach a solver or an allocation."""
    tau = "compartmental.method='tau'"
    growth = "compartmental.network.reactions=[{name='split', reaction='S -> S + S', rate='beta'}]"
    return [
        _c("rtol 1e-300", _set(MODEL, "compartmental.rtol=1e-300")),
        _c("atol 1e-300", _set(MODEL, "compartmental.atol=1e-300")),
        _c("rtol 1e300", _set(MODEL, "compartmental.rtol=1e300")),
        _c("tau growth at 1e6", _set(TAU_NETWORK, tau, growth, "beta=1e6"), timeout=15.0),
        _c(
            "ode growth at 1e6", _set(TAU_NETWORK, "compartmental.method='ode'", growth, "beta=1e6")
        ),
        _c("ode initial S 1e300", _set(MODEL, "compartmental.initial.S=1e300")),
        _c(
            "sweep initial S 1e300",
            scen(MODEL, "--grid", "compartmental.initial.S=1e300,2e300", argv=SWEEP),
        ),
        _c("sweep beta 1e300", scen(MODEL, "--grid", "beta=1e300,2e300", argv=SWEEP)),
        _c(
            "places population 1e300",
            _set(GRID, PLACES_MAP, **{"p.csv": "name,population,x,y\na,1e300,5,5\n"}),
        ),
        _c("npy map 1e300 people", scen(GRID, **{"map.npy": npy_array(np.full((8, 8), 1e300))})),
        _c(
            "calibration counts 1e308",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=CALIBRATE,
                **{"d.csv": "t,Z\n0,1\n1,1e308\n2,1e308\n"},
            ),
        ),
        _c(
            "calibration times 1e300",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=CALIBRATE,
                **{"d.csv": "t,Z\n0,1\n1e300,2\n"},
            ),
        ),
        _c(
            "maps --cell-km 0",
            (("maps", "hyosan", "--cell-km", "0", "--out", "{dir}/work/runs"), {}),
        ),
        _c(
            "maps --cell-km 1e-300",
            (("maps", "hyosan", "--cell-km", "1e-300", "--out", "{dir}/work/runs"), {}),
        ),
        _c(
            "maps --cell-km nan",
            (("maps", "hyosan", "--cell-km", "nan", "--out", "{dir}/work/runs"), {}),
        ),
        _c(
            "analyse beta 0",
            (("analyse", "munz-basic", "--set", "beta=0"), {}),
            ok=0,
            timeout=15.0,
        ),
        _c("analyse beta 1e300", (("analyse", "munz-basic", "--set", "beta=1e300"), {})),
        _c("bond beta 1e300", _set(BOND, "lattice.bond.beta=1e300")),
        _c("bond alpha 1e-300", _set(BOND, "lattice.bond.alpha=1e-300"), ok=0),  # a valid ratio
        _c("grid beta 1e300", _set(GRID, "lattice.rates.beta=1e300", **{"map.npy": GOOD_MAP})),
        _c(
            "grid cross_time 1e-300",
            _set(GRID, "lattice.rates.cross_time=1e-300", **{"map.npy": GOOD_MAP}),
        ),
    ]


def run_store_metadata() -> list[Case]:
    """Run-store metadata that asks for more than can be held, or nests too deep."""
    return [
        _c(
            "manifest takes 1..10^12: takes",
            (("takes", COPY), {}),
            setup=manifest_edit(_huge_requested),
        ),
        _c(
            "manifest takes 1..10^12: resume",
            (("run", "munz-basic", "--out", COPY, "--no-plot"), {}),
            setup=manifest_edit(_huge_requested),
        ),
        _c("manifest chunk 1..10^12: show", (("show", COPY), {}), setup=manifest_edit(_huge_chunk)),
        _c(
            "manifest nested 10^5: takes",
            (("takes", COPY), {}),
            setup=manifest_edit(_deep_manifest),
        ),
        _c("manifest nested 10^5: show", (("show", COPY), {}), setup=manifest_edit(_deep_manifest)),
        _c(  # the run's combined tables are whole, and the manifest is not opened
            "manifest nested 10^5: report",
            (("report", COPY, "--no-progress"), {}),
            setup=manifest_edit(_deep_manifest),
            ok=0,
        ),
        _c(
            "result.json nested 10^5: export",
            (("export", COPY, "--format", "csv"), {}),
            setup=copy_run(_deep_result),
        ),
    ]


def streams_and_environment() -> list[Case]:
    """Closed and full output, an ASCII-only output, long paths and bad environment values."""
    long_name = "{dir}/" + "n" * 300 + "/run"
    long_path = "{dir}/" + "d/" * 2100 + "run"
    return [
        _c("models, stdout closed", (("models",), {}), stream="closed"),
        _c("run, stdout closed", scen(MODEL), stream="closed"),
        _c("models, stdout full", (("models",), {}), stream="full"),
        _c("run, stdout full", scen(MODEL), stream="full"),
        _c("models, ascii output", (("models",), {}), stream="ascii", ok=0),
        _c("maps, ascii output", (("maps",), {}), stream="ascii", ok=0),
        _c("run, ascii output", scen(MODEL), stream="ascii", ok=0),
        _c("bad value, ascii output", _set(MODEL, "beta=-1"), stream="ascii"),
        _c("run --out name too long", scen(MODEL, "--out", long_name)),
        _c("run --out path too long", scen(MODEL, "--out", long_path)),
        _c("report --out name too long", (("report", "{run}", "--out", long_name + ".html"), {})),
        _c("takes of a path too long", (("takes", long_path), {})),
        _c("scenario path too long", (("run", long_path + ".toml"), {})),
        _c("HYOSAN_MEMORY_GB=abc", scen(MODEL), env={"HYOSAN_MEMORY_GB": "abc"}),
        _c("HYOSAN_MEMORY_GB=-1", scen(MODEL), env={"HYOSAN_MEMORY_GB": "-1"}),
        _c("HYOSAN_MEMORY_GB=nan", scen(MODEL), env={"HYOSAN_MEMORY_GB": "nan"}),
        _c("HYOSAN_MEMORY_GB=1e300", scen(MODEL), env={"HYOSAN_MEMORY_GB": "1e300"}),
    ]


def nesting_and_until() -> list[Case]:
    """A run inside another run's chunks, and ``--until`` arithmetic without a value."""
    inner = COPY + "/chunks/inner"
    return [
        _c(
            "run inside a run's chunks",
            (("run", "munz-basic", "--out", inner, "--takes", "2", "--no-plot"), {}),
            setup=copy_run(_nested_run),
        ),
        _c(
            "run inside a run",
            (("run", "munz-basic", "--out", COPY + "/inner", "--takes", "2", "--no-plot"), {}),
            setup=copy_run(_nested_run),
        ),
        _c(
            "sweep inside a run's chunks",
            scen(MODEL, "--grid", "beta=0.1,0.2", "--out", inner, argv=SWEEP),
            setup=copy_run(_nested_run),
        ),
        _c("until constant division by zero", (("takes", "{run}", "--until", "Z / 0 > 1"), {})),
        *(  # a quotient with no value in a take: the comparison does not hold (docs/ensembles.md)
            _c(f"until {expr}", (("takes", "{run}", "--until", expr), {}), ok=0)
            for expr in ("S / (S - S) > 0", "S / (S - S) != 1", "(S - S) / (S - S) == 0")
        ),
    ]


def edge_groups() -> dict[str, list[Case]]:
    """The cases of this module by kind."""
    return {
        "special files": special_files(),
        "extreme numbers": extreme_numbers(),
        "run-store metadata": run_store_metadata(),
        "streams and environment": streams_and_environment(),
        "nesting and --until": nesting_and_until(),
    }


def edge_cases() -> list[Case]:
    """Every case of this module."""
    return [case for group in edge_groups().values() for case in group]
