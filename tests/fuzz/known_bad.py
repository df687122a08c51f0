"""Known-bad inputs over every input path: scenario files of each engine, ``--set``, floor
plans, map rasters, calibration data, ``--until`` and command-line options.

Each case is a command line for :func:`hyosan.cli.main` plus the files it reads. ``{dir}`` in an
argument or a file stands for the case's own directory; the command runs in ``{dir}/work``, so a
run without ``--out`` lands in ``{dir}/work/runs``. A file ``{dir}/PWNED`` appearing means a
scenario ran code. Every case is wrong or too big on purpose: the only good outcome is a clean
error (exit 2 and a message), or, for the few usage cases marked ``ok``, a clean exit 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Case:
    """One bad input: a command line and the files it reads."""

    name: str
    argv: tuple[str, ...]
    files: dict[str, str | bytes] = field(default_factory=dict)
    ok: int | None = None
    """The exit code a correct hyosan gives (None: 2, a clean error)."""
    setup: Callable[[Path, Path], None] | None = None
    """Called with the case's directory and the small finished run once the files are written
    (FIFOs, links, a copy of the run)."""
    env: dict[str, str] = field(default_factory=dict)
    """Environment variables of the command."""
    stream: str = ""
    """Standard output: "" a file, "closed", "full" (/dev/full) or "ascii" (ASCII-only)."""
    timeout: float | None = None
    """Seconds the command may take at most (None: the survey's limit)."""


RUN = ("run", "{dir}/s.toml", "--no-plot", "--no-progress")
VALIDATE = ("validate", "{dir}/s.toml")

MODEL = """name = "m"
engine = "compartmental"
[compartmental]
model = "munz_basic"
t_end = 5
[compartmental.initial]
S = 500
Z = 1
"""

NETWORK = """name = "n"
engine = "compartmental"
[compartmental]
method = "ssa"
t_end = 5
[compartmental.network]
species = {species}
reactions = [{{name = "bite", reaction = "S + Z -> 2 Z", rate = "beta"}}]
[compartmental.parameters]
beta = 0.001
[compartmental.initial]
S = 50
Z = 1
"""

BOND = """name = "b"
engine = "lattice"
[lattice]
kind = "bond"
t_end = "10 h"
points = 11
snapshots = 2
[lattice.bond]
rows = 16
cols = 16
"""

GRID = """name = "g"
engine = "lattice"
[lattice]
kind = "grid"
t_end = "10 h"
points = 11
snapshots = 2
[lattice.map]
npy = "map.npy"
extent = [0, 10, 0, 10]
units = "km"
[[lattice.outbreaks]]
at = {x = 5, y = 5}
"""

BUILDING = """name = "h"
engine = "building"
[building]
plan = "hyosan-high.plan"
duration = "1 h"
"""

REPAST = """name = "r"
engine = "building"
[building.repast]
width = 20
height = 20
humans = 50
zombies = 5
ticks = 5
"""

PLAN_TWO_WINGS = """[rooms]
a = class 1-1
b = class 1-2
[floor 1]
#######   #######
#aaaa.#   #.bbbb#
#aaaa+#   #+bbbb#
#######   #######
"""

CSV_OK = "t,Z\n0,1\n1,3\n2,9\n"


def npy_header(shape: tuple[int, ...]) -> bytes:
    """A .npy file whose header claims ``shape`` but whose data is a few bytes."""
    header = f"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + b"\0" * 64


def npy_array(values: np.ndarray) -> bytes:
    """The bytes of a .npy file holding ``values``."""
    import io

    buffer = io.BytesIO()
    np.save(buffer, values, allow_pickle=False)
    return buffer.getvalue()


GOOD_MAP = npy_array(np.full((8, 8), 100.0))


def scen(text: str, *extra: str, argv: tuple[str, ...] = RUN, **files: str | bytes) -> tuple:
    """argv and files of a run of scenario ``text``."""
    return (*argv, *extra), {"s.toml": text, **files}


def _set(base: str, *sets: str, argv: tuple[str, ...] = RUN, **files: str | bytes) -> tuple:
    extra: list[str] = []
    for item in sets:
        extra += ["--set", item]
    return scen(base, *extra, argv=argv, **files)


def _case(name: str, spec: tuple, ok: int | None = None) -> Case:
    argv, files = spec
    return Case(name, tuple(argv), files, ok)


PAYLOAD = "Z\\nimport os; open('{dir}/PWNED', 'w').write('x')\\n#"


def cases() -> list[Case]:
    """Every known-bad case."""
    c = _case
    out = [
        # --- code in a name
        c("species name runs code", scen(NETWORK.format(species=f'["S", "Z", "{PAYLOAD}"]'))),
        c("species named take", scen(NETWORK.format(species='["S", "Z", "take"]'))),
        c("species named t", scen(NETWORK.format(species='["S", "Z", "t"]'))),
        c("species is a keyword", scen(NETWORK.format(species='["S", "Z", "lambda"]'))),
        c("empty species name", scen(NETWORK.format(species='["S", "Z", ""]'))),
        c("10,000-char species", scen(NETWORK.format(species=f'["S", "Z", "{"x" * 10000}"]'))),
        c("unicode species", scen(NETWORK.format(species='["S", "Z", "좀비"]'))),
        # --- compartmental values
        c("t_end inf", _set(MODEL, "compartmental.t_end=inf")),
        c("t_end 1e999 d", _set(MODEL, "compartmental.t_end='1e999 d'")),
        c("t_end nan", _set(MODEL, "compartmental.t_end=nan")),
        c("t_end bool", _set(MODEL, "compartmental.t_end=true")),
        c("rate inf", _set(MODEL, "beta=inf")),
        c("rate 1e999", _set(MODEL, "beta=1e999")),
        c("rate string 1e999", _set(MODEL, "beta='1e999 /d'")),
        c("rate bool", _set(MODEL, "beta=true")),
        c(
            "initial S inf ssa",
            _set(MODEL, "compartmental.method='ssa'", "compartmental.initial.S=inf"),
        ),
        c(
            "initial S 1e300 ssa",
            _set(MODEL, "compartmental.method='ssa'", "compartmental.initial.S=1e300"),
        ),
        c("initial S nan", _set(MODEL, "compartmental.initial.S=nan")),
        c("initial bool", _set(MODEL, "compartmental.initial.S=true")),
        c("impulse nan time", _set(MODEL, "impulses=[{species='Z', times=[nan], fractions=0.5}]")),
        c("impulse inf time", _set(MODEL, "impulses=[{species='Z', times=[inf], fractions=0.5}]")),
        c("change nan time", _set(MODEL, "changes=[{time=nan, set={beta=0.1}}]")),
        c("points 1e9", _set(MODEL, "compartmental.points=1000000000")),
        c("tau 1e-12 h", _set(MODEL, "compartmental.method='tau'", "compartmental.tau='1e-12 h'")),
        c(
            "ssa huge population",
            _set(MODEL, "compartmental.method='ssa'", "compartmental.initial.S=4e18"),
        ),
        c("atol inf", _set(MODEL, "compartmental.atol=inf")),
        c(
            "rate expression huge power",
            _set(
                NETWORK.format(species='["S", "Z"]'),
                "compartmental.network.reactions=[{name='b', reaction='S + Z -> 2 Z', rate='10**10**10'}]",
                "compartmental.parameters={}",
            ),
        ),
        c(
            "rate complex",
            _set(
                NETWORK.format(species='["S", "Z"]'),
                "compartmental.network.reactions=[{name='b', reaction='S + Z -> 2 Z', rate='(-beta)**0.5'}]",
            ),
        ),
        c(
            "huge coefficient",
            _set(
                NETWORK.format(species='["S", "Z"]'),
                "compartmental.network.reactions=[{name='b', reaction='S + 99999999999999999999 Z -> 2 Z', rate='beta'}]",
            ),
        ),
        c(
            "source at 1e12 per day ssa",
            _set(
                NETWORK.format(species='["S", "Z"]'),
                "compartmental.network.reactions=[{name='b', reaction='-> S', rate='beta'}]",
                "beta=1e12",
            ),
        ),
        # --- top level
        c("takes 10^12", _set(MODEL, "takes=1000000000000")),
        c("takes 2^62", _set(MODEL, "takes=4611686018427387904")),
        c("takes bool", _set(MODEL, "takes=true")),
        c("seed bool", _set(MODEL, "seed=true")),
        c("seed 2^70", _set(MODEL, "seed=1180591620717411303424")),
        c("name escapes runs", _set(MODEL, "name='../../escaped'")),
        c("name absolute", _set(MODEL, "name='/tmp/hyosan-escaped-abs'")),
        c("name empty", _set(MODEL, "name=''")),
        c("name with newline", _set(MODEL, "name='a\\nb'")),
        c("name dot", _set(MODEL, "name='.'")),
        # --- options
        c("--takes two", scen(MODEL, "--takes", "two")),
        c("--takes 10^9", scen(MODEL, "--takes", "1000000000")),
        c("--takes 0", scen(MODEL, "--takes", "0")),
        c("--takes -1", scen(MODEL, "--takes", "-1")),
        c("--seed -1", scen(MODEL, "--seed", "-1")),
        c("--seed 2^70", scen(MODEL, "--seed", "1180591620717411303424")),
        c("--workers 0", scen(MODEL, "--workers", "0")),
        c("--workers 10^6", scen(MODEL, "--workers", "1000000")),
        c("--out empty", scen(MODEL, "--out", "")),
        c("--take 0", scen(MODEL, "--take", "0")),
        c("--bogus", scen(MODEL, "--bogus")),
        c("bogus command", (("bogus",), {})),
        c("no arguments", ((), {}), ok=0),
        c("--version", (("--version",), {}), ok=0),
        c("--set without =", scen(MODEL, "--set", "beta")),
        c("--set deep nesting", scen(MODEL, "--set", "a." * 2000 + "b=1")),
        c("--set into a value", scen(MODEL, "--set", "engine.x=1")),
        # --- scenario files
        c("binary file", scen("\x00\xff\xfe" * 30)),
        c(
            "latin-1 file",
            ((*RUN,), {"s.toml": MODEL.replace('"m"', '"caf\xe9"').encode("latin-1")}),
        ),
        c("utf-16 file", ((*RUN,), {"s.toml": MODEL.encode("utf-16")})),
        c("deeply nested toml", scen("x = " + "[" * 5000 + "]" * 5000 + "\n" + MODEL)),
        c("deeply nested tables", scen("x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n" + MODEL)),
        c("no such file", (("run", "{dir}/missing.toml"), {})),
        c("directory as scenario", (("run", "{dir}/dir.toml"), {"dir.toml/x": "1"})),
        c("huge description", _set(MODEL, "description='" + "x" * 2_000_000 + "'")),
        # --- lattice
        c("bond 46000^2", _set(BOND, "lattice.bond.rows=46000", "lattice.bond.cols=46000")),
        c("bond t_end inf", _set(BOND, "lattice.t_end=inf")),
        c("bond beta inf", _set(BOND, "lattice.bond.beta=inf")),
        c("bond alpha nan", _set(BOND, "lattice.bond.alpha=nan")),
        c("bond rows bool", _set(BOND, "lattice.bond.rows=true")),
        c("snapshots 10^7", _set(BOND, "lattice.snapshots=10000000")),
        c("snapshots nan time", _set(BOND, "lattice.snapshots=[nan]")),
        c("grid tau 1e-12 h", _set(GRID, "lattice.tau='1e-12 h'", **{"map.npy": GOOD_MAP})),
        c("grid dt 1e-9 s", _set(GRID, "lattice.tau='1e-9 s'", **{"map.npy": GOOD_MAP})),
        c("npy header 10^6 x 10^6", scen(GRID, **{"map.npy": npy_header((10**6, 10**6))})),
        c("npy garbage", scen(GRID, **{"map.npy": b"\x93NUMPY garbage"})),
        c("npy 3-d", scen(GRID, **{"map.npy": npy_array(np.ones((2, 2, 2)))})),
        c("npy object", scen(GRID, **{"map.npy": b"\x93NUMPY\x01\x00v\x00{'descr': '|O'"})),
        c("npy missing", scen(GRID)),
        c("npy escapes", _set(GRID, "lattice.map.npy='/etc/passwd'")),
        c("cell_km 1e-4", _set(GRID, "lattice.map.cell_km=1e-4", **{"map.npy": GOOD_MAP})),
        c(
            "csv map cell_km 1e-4",
            _set(
                GRID,
                "lattice.map={csv='p.csv', units='km', cell_km=1e-4, extent=[0,10,0,10]}",
                **{"p.csv": "name,population,x,y\na,1000,5,5\n"},
            ),
        ),
        c("extent inf", _set(GRID, "lattice.map.extent=[0, inf, 0, 10]", **{"map.npy": GOOD_MAP})),
        c(
            "outbreak zombies 10^12",
            _set(
                GRID,
                "lattice.outbreaks=[{at={x=5,y=5}, zombies=1000000000000}]",
                **{"map.npy": GOOD_MAP},
            ),
        ),
        c(
            "lure stops before start",
            _set(
                GRID,
                "lattice.lures=[{at={x=5,y=5}, radius=1, start=10, stop=5}]",
                **{"map.npy": GOOD_MAP},
            ),
        ),
        c(
            "strike time nan",
            _set(
                GRID,
                "lattice.strikes=[{area={at={x=5,y=5}, radius=1}, time=nan}]",
                **{"map.npy": GOOD_MAP},
            ),
        ),
        c(
            "point x inf",
            _set(GRID, "lattice.outbreaks=[{at={x=inf,y=5}}]", **{"map.npy": GOOD_MAP}),
        ),
        c("grid beta inf", _set(GRID, "lattice.rates.beta=inf", **{"map.npy": GOOD_MAP})),
        # --- building
        c("duration 1e9 h", _set(BUILDING, "building.duration='1e9 h'")),
        c("duration inf", _set(BUILDING, "building.duration=inf")),
        c("dt 1e-9 s", _set(BUILDING, "building.dt='1e-9 s'")),
        c("max_events 10^12", _set(BUILDING, "building.max_events=1000000000000")),
        c("random zombies 10^9", _set(BUILDING, "building.outbreak.random_zombies=1000000000")),
        c("negative rescue", _set(BUILDING, "building.world.rescue_at=[-5]")),
        c("nan rescue", _set(BUILDING, "building.world.rescue_at=[nan]")),
        c("detour past its bound", _set(BUILDING, "building.moving.detour=7")),
        c("detour not a number", _set(BUILDING, "building.moving.detour='far'")),
        c("memory negative", _set(BUILDING, "building.moving.memory='-1 min'")),
        c("memory nan", _set(BUILDING, "building.moving.memory=nan")),
        c("memory past three days", _set(BUILDING, "building.moving.memory='4 d'")),
        c(
            "empty character name",
            _set(
                BUILDING,
                "building.characters=[{name='', klass='2-5'}]",
                "building.outbreak.patient_zero=''",
            ),
        ),
        c(
            "character name 10k",
            _set(
                BUILDING,
                "building.characters=[{name='" + "x" * 10000 + "', klass='2-5'}]",
                "building.outbreak.patient_zero=''",
            ),
        ),
        c(
            "character name newline",
            _set(
                BUILDING,
                'building.characters=[{name="a\\nb", klass="2-5"}]',
                "building.outbreak.patient_zero=''",
            ),
        ),
        c("students 10^9", _set(BUILDING, "building.population.staff=1000000000")),
        c("decoy at inf", _set(BUILDING, "building.decoys=[{room='music room', at=inf}]")),
        c(
            "plan two wings",
            _set(
                BUILDING,
                "building.plan='two.plan'",
                "building.outbreak.infected_in='class 1-1'",
                **{"two.plan": PLAN_TWO_WINGS},
            ),
        ),
        c("plan escapes", _set(BUILDING, "building.plan='/etc/passwd'")),
        c(
            "plan binary",
            _set(BUILDING, "building.plan='b.plan'", **{"b.plan": b"\xff\xfe\x00\x01" * 10}),
        ),
        c("plan empty", _set(BUILDING, "building.plan='e.plan'", **{"e.plan": ""})),
        c("repast 10^9 humans", _set(REPAST, "building.repast.humans=1000000000")),
        c(
            "repast width 10^9",
            _set(REPAST, "building.repast.width=1000000000", "building.repast.height=1000000000"),
        ),
        c("repast ticks 10^12", _set(REPAST, "building.repast.ticks=1000000000000")),
        # --- sweep
        c(
            "sweep grid 10^8",
            scen(
                MODEL,
                "--grid",
                "beta=0:1:100000000",
                argv=("sweep", "{dir}/s.toml", "--no-progress"),
            ),
        ),
        c(
            "sweep grid product",
            scen(
                MODEL,
                "--grid",
                "beta=0:1:10000",
                "--grid",
                "alpha=0:1:10000",
                argv=("sweep", "{dir}/s.toml", "--no-progress"),
            ),
        ),
        c(
            "sweep lhs 10^9",
            scen(
                MODEL,
                "--lhs",
                "1000000000",
                "--range",
                "beta=0:1",
                argv=("sweep", "{dir}/s.toml", "--no-progress"),
            ),
        ),
        c(
            "sweep lhs 0",
            scen(
                MODEL,
                "--lhs",
                "0",
                "--range",
                "beta=0:1",
                argv=("sweep", "{dir}/s.toml", "--no-progress"),
            ),
        ),
        c(
            "sweep grid inf",
            scen(MODEL, "--grid", "beta=0:inf:3", argv=("sweep", "{dir}/s.toml", "--no-progress")),
        ),
        c(
            "sweep range nan",
            scen(
                MODEL,
                "--lhs",
                "3",
                "--range",
                "beta=nan:1",
                argv=("sweep", "{dir}/s.toml", "--no-progress"),
            ),
        ),
        c(
            "sweep --out empty",
            scen(
                MODEL,
                "--grid",
                "beta=0.1,0.2",
                "--out",
                "",
                argv=("sweep", "{dir}/s.toml", "--no-progress"),
            ),
        ),
        # --- calibrate
        c(
            "calibrate starts 10^9",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                "--starts",
                "1000000000",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": CSV_OK},
            ),
        ),
        c(
            "calibrate starts 0",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                "--starts",
                "0",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": CSV_OK},
            ),
        ),
        c(
            "calibrate one row",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": "t,Z\n0,1\n"},
            ),
        ),
        c(
            "calibrate inf time",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": "t,Z\n0,1\n1,2\ninf,3\n"},
            ),
        ),
        c(
            "calibrate inf count",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": "t,Z\n0,1\n1,inf\n2,3\n"},
            ),
        ),
        c(
            "calibrate binary data",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": b"\xff\xfe\x00t\x00,"},
            ),
        ),
        c(
            "calibrate unknown species",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": "t,Q\n0,1\n1,2\n2,3\n"},
            ),
        ),
        c(
            "calibrate fit nothing",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                ",",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": CSV_OK},
            ),
        ),
        c(
            "calibrate out empty",
            scen(
                MODEL,
                "--data",
                "{dir}/d.csv",
                "--fit",
                "beta",
                "--out",
                "",
                argv=("calibrate", "{dir}/s.toml", "--no-plot"),
                **{"d.csv": CSV_OK},
            ),
        ),
        # --- --until ({run} is a small finished run)
        *(c(f"until {expr[:40]}", (("takes", "{run}", "--until", expr), {})) for expr in UNTIL),
        c("10,000-char target", (("run", "x" * 10000), {})),
        c("10,000-char toml target", (("run", "x" * 10000 + ".toml"), {})),
    ]
    from known_bad_edges import edge_cases

    return out + edge_cases()


UNTIL = [
    "'ab' * 99999999 * 99999999 == 'x'",
    "S * 'x' * 99999999 == 'x'",
    "[0] * 99999999 * 99999999 == []",
    "S.__class__ == 1",
    "__import__('os').system('touch PWNED') == 0",
    "(" * 5000 + "S" + ")" * 5000 + " > 0",
    "not " * 100000 + "S > 0",
    "S " + "+ 1 " * 200000 + "> 0",
    "1 / 0 == 1",
    "S > 'a'",
    "S in 'abc'",
    "10 ** 10 ** 10 > 0",
    "9" * 100000 + " > S",
    "lambda: 1",
    "[x for x in [1]]",
    "fate(" + "'a'" + ")",
    "",
    "S > 0 if 1 else 0",
    "{1: 2} == S",
    "S[0] > 1",
]
