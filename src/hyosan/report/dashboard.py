"""The dashboard: a small local web app over the run directories.

Why FastAPI and one hand-written page, rather than Solara or Panel: the app only needs JSON and
the report's own PNG panels, so every figure looks exactly as in the HTML report; the page is
plain HTML and JavaScript served by the app itself, so nothing is fetched from a CDN and it
works offline; and FastAPI + uvicorn are two small, well-known dependencies that tests can
drive end to end.

The app reads results only through :func:`hyosan.report.load.load_any` and runs scenarios only
through :func:`hyosan.simulate`. It trusts nothing it is sent: every path it is given is resolved
inside the runs directory and refused if it points outside, itself or through a symbolic link
anywhere inside a run; it runs only shipped scenarios, catalog models and scenario files under the
runs directory, and every file a scenario names (floor plan, map, places) must be shipped or lie
under the runs directory too; requests must carry a Host header naming this machine's loopback
address and the bound port (so a web page cannot reach the app by DNS rebinding); a malformed
request is a 400 with a one-line message, never a stack trace.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import threading
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hyosan.errors import HyosanError
from hyosan.result import RESULT_FILE, Result
from hyosan.scenario import Scenario

DRAW_LOCK = threading.Lock()  # pyplot is not thread-safe; requests are served from a pool
MAX_TAKES = 500
MAX_FRAMES = 300
DASHBOARD_DIR = "dashboard"
MAX_TEXT = 1000
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
FILE_KEYS = frozenset({"plan", "npy", "csv", "geotiff", "places", "file", "path", "data"})
OUTSIDE = "outside the run directories"
log = logging.getLogger("hyosan.dashboard")


@dataclass
class Job:
    """A run started from the page: how far it got, and where its result went."""

    id: str
    scenario: str
    total: int
    done: int = 0
    status: str = "queued"
    error: str = ""
    run: str = ""


@dataclass
class Runs:
    """The runs directory the app serves, the jobs it started and a cache of drawn panels."""

    root: Path
    jobs: dict[str, Job] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[tuple[str, float, str], bytes] = field(default_factory=dict)

    def inside(self, rel: str, where: str = "run") -> Path:
        """``rel`` resolved inside the runs directory; HyosanError if it leads outside."""
        root = self.root.resolve()
        text = plain_text(rel, where)
        candidate = (root / text).resolve()
        if text.startswith("~") or Path(text).is_absolute() or not candidate.is_relative_to(root):
            raise HyosanError.one(
                f"path {OUTSIDE}",
                where=where,
                value=text,
                allowed=f"a path under {root}",
            )
        return candidate

    def own_file(self, path: Path, where: str, value: str) -> Path:
        """``path`` (already inside the runs directory by name) when it is a regular file with
        no other name: a hard link may be a file from outside put under the root, and what
        the page is told of it (an error quoting a line) would let its text out."""
        found = path.stat()
        if not stat.S_ISREG(found.st_mode) or found.st_nlink > 1:
            raise HyosanError.one(
                f"a file that is not only under the runs directory (a hard link, {OUTSIDE} too)"
                if found.st_nlink > 1
                else "not a regular file",
                where=where,
                value=value,
                allowed=f"a regular file of its own under {self.root.resolve()} (a copy)",
            )
        return path

    def run_dir(self, rel: str) -> Path:
        """A run directory inside the runs directory, refused if any link inside it leads out."""
        where = self.inside(rel)
        root = self.root.resolve()
        for folder, dirs, files in os.walk(where, followlinks=False):
            for name in dirs + files:
                entry = Path(folder) / name
                if entry.is_symlink() and not entry.resolve().is_relative_to(root):
                    raise HyosanError.one(
                        f"a symbolic link in this run leads {OUTSIDE}",
                        where="run",
                        value=f"{rel}/{entry.relative_to(where).as_posix()}",
                        allowed=f"files under {root}",
                    )
        return where

    def listing(self) -> list[dict[str, Any]]:
        """Every result or run directory under the root that can be served, newest first."""
        root = self.root.resolve()
        found = []
        if root.is_dir():
            for marker in ("result.json", "manifest.json"):
                for file in root.rglob(marker):
                    where = file.parent
                    if any(
                        p.startswith(".") or p == "chunks" for p in where.relative_to(root).parts
                    ):
                        continue
                    found.append((file.stat().st_mtime, where.relative_to(root).as_posix()))
        seen: dict[str, float] = {}
        for mtime, rel in found:
            if not any(rel.startswith(other + "/") for _, other in found if other != rel):
                seen[rel] = max(mtime, seen.get(rel, 0.0))
        newest = sorted(seen.items(), key=lambda kv: -kv[1])
        return [{"run": rel} for rel, _ in newest if self._servable(rel)]

    def _servable(self, rel: str) -> bool:
        """Whether a run would be served (no link inside it leads out): only those are listed."""
        try:
            self.run_dir(rel)
        except HyosanError:
            return False
        return True


INTERESTING: dict[str, tuple[str, ...]] = {
    "building": (
        "duration",
        "world.storm_from",
        "world.storm_hours",
        "world.cordon_at",
        "world.roof_after",
        "world.strike_at",
        "world.strike_warning",
        "outbreak.turns_after",
        "population.students_per_class",
    ),
}
"""The settings people come to change, shown first in the form (the rest follow)."""


def scenario_choices() -> list[dict[str, Any]]:
    """Shipped scenarios and catalog models, one entry each (a catalog model a shipped scenario
    already runs — munz_basic beside munz-basic — is left out), each with its editable numbers,
    their units and meaning, and the story's settings that are not numbers (decoys, named
    characters) in words."""
    from hyosan.compartmental.catalog import CATALOG
    from hyosan.scenario import load_scenario
    from hyosan.scenario.load import shipped_scenarios

    out = []
    shipped = sorted(shipped_scenarios())
    same = {n.replace("_", "-") for n in shipped}
    names = [(n, "shipped") for n in shipped]
    names += [(n, "model") for n in CATALOG if n.replace("_", "-") not in same]
    for name, kind in names:
        try:
            scenario = load_scenario(name)
        except HyosanError:
            continue
        out.append(
            {
                "name": name,
                "kind": kind,
                "engine": scenario.engine,
                "description": scenario.description,
                "story": story_settings(scenario.spec),
                "takes": min(scenario.takes, 20),
                "seed": scenario.seed,
                "parameters": editable(scenario.spec, scenario.engine),
            }
        )
    return out


def story_settings(spec: Any) -> str:
    """The settings of a building scenario that are not numbers, in words: its noise decoys
    and named characters, with how to change them."""
    decoys, characters = getattr(spec, "decoys", None), getattr(spec, "characters", None)
    if decoys is None or characters is None:
        return ""
    rooms = ", ".join(f"{d.room} at {d.at:g} h" for d in decoys) or "none"
    named = ", ".join(c.name for c in characters[:16]) or "none"
    more = f" and {len(characters) - 16} more" if len(characters) > 16 else ""
    return (
        f"Noise decoys: {rooms} (building.decoys=[] for none). Named characters: {named}{more} "
        "(building.characters.NAME.survival=0.9 changes one)."
    )


def editable(spec: Any, prefix: str, limit: int = 40) -> list[dict[str, Any]]:
    """Numeric settings of a scenario table as ``--set`` keys, the interesting ones first
    (:data:`INTERESTING`; one left unset, such as the strike, as an empty box), each with its
    unit and what it means (the scenario schema's description)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any, path: str, about: str) -> None:
        if hasattr(type(node), "model_fields"):
            for key, field in type(node).model_fields.items():
                walk(getattr(node, key), f"{path}.{key}", field.description or "")
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}", "")
        elif (isinstance(node, int | float) and not isinstance(node, bool)) or (
            node is None and path.removeprefix(prefix + ".") in INTERESTING.get(prefix, ())
        ):
            found[path] = {"key": path, "value": node, "unit": unit_of(about), "help": about}

    from hyosan.ensemble.compare import unit_of

    walk(spec, prefix, "")
    first = [f"{prefix}.{k}" for k in INTERESTING.get(prefix, ()) if f"{prefix}.{k}" in found]
    rest = [k for k in found if k not in first]
    return [found[k] for k in [*first, *rest][:limit]]


def run_job(runs: Runs, job: Job, scenario: Scenario, seed: int | None) -> None:
    """Run a job's takes one at a time (so the page sees progress), then store the result."""
    import hyosan

    with runs.lock:
        job.status = "running"
        try:
            parts = []
            for k in range(1, job.total + 1):
                parts.append(hyosan.simulate(scenario, takes=[k], seed=seed))
                job.done = k
            result = Result.concat(parts)
            slug = re.sub(r"[^A-Za-z0-9_-]+", "-", scenario.name)
            rel = f"{DASHBOARD_DIR}/{slug}-{job.id}"
            result.to_parquet(runs.root / rel)
            job.run = rel
            job.status = "done"
        except HyosanError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # shown on the page; the server keeps serving
            log.error("job %s (%s) failed: %s", job.id, job.scenario, type(exc).__name__)
            job.status, job.error = "failed", f"internal error ({type(exc).__name__})"


def stored(runs: Runs, rel: str) -> Result:
    """The Result of a run under the root; a damaged one (a table or an array that cannot be
    read, a result of the wrong shape) is a 400 naming the run, not a 500."""
    from hyosan.report.load import load_any

    where = runs.run_dir(rel)
    try:
        result = load_any(where)
        missing = {"take", "t"} - set(result.series.columns) or {"take"} - set(result.final.columns)
        if missing:
            raise KeyError(f"no column {sorted(missing)[0]!r}")
        return result
    except HyosanError:
        raise
    except Exception as exc:  # pyarrow, numpy and zipfile raise many types for damage
        raise HyosanError.one(
            f"a damaged run ({type(exc).__name__})",
            where="run",
            value=rel,
            allowed="a run that `hyosan report` can read",
        ) from None


def panel_png(runs: Runs, rel: str, name: str) -> bytes:
    """A report panel of a stored run, as PNG bytes (cached until the run changes)."""
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.html import figure_png
    from hyosan.report.panels import get_panel

    where = runs.run_dir(rel)
    markers = [where / RESULT_FILE, where / "manifest.json"]
    stamp = max((m.stat().st_mtime for m in markers if m.is_file()), default=0.0)
    key = (rel, stamp, name)
    if key not in runs.cache:
        result = stored(runs, rel)
        chosen = get_panel(name)
        if not chosen.fits(result):
            raise HyosanError.one(
                "this panel does not fit the run", where="panel", value=name, allowed="see panels"
            )
        with DRAW_LOCK:
            try:
                runs.cache[key] = figure_png(chosen.figure(result), dpi=90)
            except (KeyError, ValueError, TypeError, IndexError) as exc:
                raise HyosanError.one(
                    f"this run's tables cannot be drawn ({type(exc).__name__})",
                    where="run",
                    value=rel,
                    allowed="a run that `hyosan report` can read",
                ) from None
    return runs.cache[key]


def describe(runs: Runs, rel: str, versus: str | None = None) -> dict[str, Any]:
    """What the page needs to know about a run: its engine, takes, panels and final state;
    with ``versus`` (the other run of a comparison), ``differs``: this run's own values of the
    settings in which the two differ, so each side is named by what it changed."""
    from hyosan.report.html import ensemble_summary
    from hyosan.report.panels import panels_for
    from hyosan.report.shown import shown_take

    result = stored(runs, rel)
    try:
        summary = ensemble_summary(result)
        shown = shown_take(result).take
    except (KeyError, ValueError, TypeError) as exc:
        raise HyosanError.one(
            f"a malformed result ({type(exc).__name__}: {str(exc)[:80]})",
            where="run",
            value=rel,
            allowed="a run that `hyosan report` can read",
        ) from None
    return {
        "run": rel,
        "engine": result.engine,
        "scenario": result.provenance.get("scenario", ""),
        "takes": len(result.takes),
        "panels": [{"name": p.name, "title": p.heading(shown)} for p in panels_for(result)],
        "frames": "frames_pos" in result.arrays and bool(result.meta.get("plan")),
        "summary": summary.round(2).to_dict(orient="records"),
        "differs": differs(result, stored(runs, versus)) if versus else [],
    }


def differs(mine: Result, other: Result, limit: int = 6) -> list[str]:
    """``key = value`` for each setting of ``mine`` that ``other`` sets otherwise (from the
    scenario text each run stored), then the seed and takes if they differ."""
    import tomllib

    from hyosan.ensemble.compare import flatten, short

    def settings(result: Result) -> dict[str, object]:
        text = result.provenance.get("scenario_text")
        try:
            return flatten(tomllib.loads(text)) if isinstance(text, str) else {}
        except tomllib.TOMLDecodeError:
            return {}

    a, b = settings(mine), settings(other)
    keys = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k) and k != "description"]
    keys.sort(key=lambda k: (k not in a, k.count("."), k))  # its own settings first, top first
    out = [f"{k} = {short(a.get(k), 30)}" for k in keys]
    for fact in ("seed",):
        if mine.provenance.get(fact) != other.provenance.get(fact):
            out.append(f"{fact} {mine.provenance.get(fact)}")
    if len(mine.takes) != len(other.takes):
        out.append(f"{len(mine.takes)} takes")
    return out[:limit] + ([f"… {len(out) - limit} more"] if len(out) > limit else [])


def frames(runs: Runs, rel: str, take: int | None = None) -> dict[str, Any]:
    """A building run's floor plan and agents, for the page's player (at most 300 frames)."""
    from hyosan.report.animate import building_picks
    from hyosan.report.building import cell_colour, floor_names, take_index
    from hyosan.report.style import colour_for, state_label

    result = stored(runs, rel)
    if "frames_pos" not in result.arrays or not result.meta.get("plan"):
        raise HyosanError.one("this run has no floor plan frames", where="run", value=rel)
    i = take_index(result, take)
    legend = result.meta.get("legend") or {}
    plan = [rows.splitlines() if isinstance(rows, str) else rows for rows in result.meta["plan"]]
    chars = sorted({c for floor in plan for row in floor for c in row})
    picked = building_picks(result, result.takes[i], MAX_FRAMES)  # dense where things happen
    pos = np.asarray(result.arrays["frames_pos"][i][picked], dtype=int)
    state = np.asarray(result.arrays["frames_state"][i][picked], dtype=int)
    codes = [str(c) for c in result.meta["state_codes"]]
    times = result.meta.get("frame_times") or list(range(result.arrays["frames_pos"].shape[1]))
    return {
        "plan": plan,
        "names": floor_names(result),
        "cells": {c: cell_colour(c, legend) for c in chars},
        "codes": codes,
        "labels": [state_label(c, "building") for c in codes],
        "colours": [colour_for(c) for c in codes],
        "times": [float(times[j]) for j in picked],
        "unit": result.meta.get("time_unit", "h"),
        "pos": pos.tolist(),
        "state": state.tolist(),
        "take": result.takes[i],
    }


def plain_text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    """A short string without NUL or control characters, or a 400 naming ``where``."""
    if not isinstance(value, str) or not value or len(value) > limit:
        raise HyosanError.one(
            "not a text of the right length",
            where=where,
            value=str(value)[:80],
            allowed=f"a non-empty text of at most {limit} characters",
        )
    if any(ord(c) < 32 for c in value):
        raise HyosanError.one(
            "control characters are not allowed",
            where=where,
            value=value.encode("unicode_escape").decode()[:80],
            allowed="printable text",
        )
    return value


def whole_number(value: Any, where: str, low: int, high: int) -> int:
    """An integer in [low, high] from JSON (a number, or digits as text), or a 400."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*\d{1,19}\s*", value)
    ):
        number = int(value)
    if number is None or not low <= number <= high:
        raise HyosanError.one(
            "not a whole number in range",
            where=where,
            value=str(value)[:80],
            allowed=f"{low} … {high}",
        )
    return number


@dataclass
class RunRequest:
    """A checked request to run a scenario from the page."""

    scenario: Scenario
    takes: int
    seed: int | None


def run_request(runs: Runs, body: Any) -> RunRequest:
    """Check everything the page sent; any problem is a HyosanError naming the field."""
    if not isinstance(body, dict):
        raise HyosanError.one("the request body must be a JSON object", where="body")
    name = plain_text(body.get("scenario", ""), "scenario", 300)
    takes = whole_number(body.get("takes", 1), "takes", 1, MAX_TAKES)
    raw_seed = body.get("seed")
    seed = None if raw_seed in (None, "") else whole_number(raw_seed, "seed", 0, 2**63 - 1)
    given = body.get("set") or {}
    extra = body.get("extra") or []
    if not isinstance(given, dict) or not isinstance(extra, list):
        raise HyosanError.one(
            "set must be an object and extra a list of lines",
            where="set" if not isinstance(given, dict) else "extra",
            allowed='{"set": {"beta": 0.01}, "extra": ["compartmental.method=ssa"]}',
        )
    overrides = [
        f"{plain_text(k, 'set')}={plain_text(str(v), 'set.' + k)}" for k, v in given.items()
    ]
    for line in extra:
        if not isinstance(line, str):
            raise HyosanError.one("each extra line must be text", where="extra", value=line)
        if line.strip():
            overrides.append(plain_text(line.strip(), "extra"))
    return RunRequest(confined_scenario(runs, name, overrides), takes, seed)


def confined_scenario(runs: Runs, name: str, overrides: list[str]) -> Scenario:
    """A shipped scenario, catalog model or scenario file under the runs directory, with the
    overrides applied, whose every file (plan, map, places) is shipped or under the runs
    directory; it is validated only once that is checked, so no outside file is ever read."""
    from hyosan.compartmental.catalog import CATALOG
    from hyosan.scenario.load import apply_overrides, resolve, shipped_scenarios, validate

    shipped = shipped_scenarios()
    if name in shipped or name in CATALOG:
        table, label, path = resolve(name)
        home: Path | None = None
    else:
        path = runs.inside(name, "scenario")
        if path.suffix != ".toml" or not path.is_file():
            raise HyosanError.one(
                "not a shipped scenario, catalog model or scenario file under the runs directory",
                where="scenario",
                value=name,
                allowed=", ".join(sorted(shipped) + sorted(CATALOG)) + ", or a .toml file",
            )
        table, label, _ = resolve(runs.own_file(path, "scenario", name))
        home = path.parent
    merged = apply_overrides(table, overrides) if overrides else table
    _confine_files(runs, merged, table, home, ())
    return validate(merged, label, path)


def _confine_files(
    runs: Runs, node: Any, base: Any, home: Path | None, key: tuple[str, ...]
) -> None:
    """Check (and make absolute) each file a scenario table names: a file key, or any text
    that looks like a path. Unchanged values of a shipped scenario are its own files."""
    if isinstance(node, dict):
        for name, value in node.items():
            below = base.get(name) if isinstance(base, dict) else None
            if isinstance(value, dict | list):
                _confine_files(runs, value, below, home, (*key, str(name)))
            elif isinstance(value, str) and _names_a_file(str(name), value):
                if home is None and value == below:
                    continue
                node[name] = _file_inside(runs, value, home, ".".join((*key, str(name))))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            below = base[i] if isinstance(base, list) and i < len(base) else None
            _confine_files(runs, value, below, home, (*key, str(i)))


def _names_a_file(key: str, value: str) -> bool:
    if key in FILE_KEYS:
        return True
    return value.startswith(("/", "~", "\\")) or "../" in value or "..\\" in value


def _file_inside(runs: Runs, value: str, home: Path | None, key: str) -> str:
    """The absolute path of a file a scenario names, if it is under the runs directory (or a
    shipped file named by its bare name); HyosanError otherwise. The file is not opened."""
    from hyosan.scenario.load import shipped_scenarios

    bare = "/" not in value and "\\" not in value and value not in (".", "..")
    shipped_dir = next(iter(shipped_scenarios().values())).parent
    if bare and home is None and (shipped_dir / value).is_file():
        return value
    if home is not None and not Path(value).is_absolute():
        relative = (home / value).resolve()
        root = runs.root.resolve()
        if relative.is_relative_to(root) and relative.is_file():
            return str(runs.own_file(relative, key, value))
    where = runs.inside(value, key)
    if not where.is_file():
        raise HyosanError.one(
            "no such file under the runs directory",
            where=key,
            value=value,
            allowed=f"a file under {runs.root.resolve()} (a path relative to it)",
        )
    return str(runs.own_file(where, key, value))


def host_allowed(host: str, server: Any) -> bool:
    """Whether a Host header names this server: localhost, 127.0.0.1 or [::1] (or the address
    the connection came in on, written as an IP) with the bound port. A DNS-rebinding page
    sends its own domain name, which is refused."""
    if not isinstance(server, tuple | list) or len(server) != 2:
        return False
    address, port = str(server[0]), int(server[1])
    found = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?", host.strip())
    if found is None:
        return False
    name = found[1].strip("[]").lower()
    given = int(found[2]) if found[2] else 80
    return given == port and (name in LOCAL_NAMES or name == address.lower())


def page() -> str:
    """The dashboard's single page (HTML, CSS and JavaScript, no outside resources)."""
    return resources.files("hyosan.report").joinpath("dashboard.html").read_text("utf-8")


def create_app(root: str | Path) -> Any:
    """The FastAPI app serving the runs under ``root``."""
    try:
        from fastapi import FastAPI
    except ImportError:
        raise HyosanError.one(
            "the dashboard needs FastAPI and uvicorn",
            where="install",
            allowed="pip install 'hyosan[dashboard]'",
        ) from None

    runs = Runs(Path(root))
    runs.root.mkdir(parents=True, exist_ok=True)
    app = FastAPI(title="hyosan dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.runs = runs
    _add_guards(app)
    _add_routes(app, runs)
    return app


def _add_guards(app: Any) -> None:
    """Refusals as JSON messages (400, 403; 500 naming only the exception's type), and the
    Host header checked on every request (421)."""
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    @app.exception_handler(HyosanError)
    async def _refuse(_request: Any, exc: HyosanError) -> JSONResponse:
        status = 403 if OUTSIDE in str(exc) else 400
        return JSONResponse({"error": str(exc)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _malformed(_request: Any, exc: RequestValidationError) -> JSONResponse:
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:3])
        return JSONResponse({"error": f"malformed request: {where}"}, status_code=400)

    @app.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Any:
        if not host_allowed(request.headers.get("host", ""), request.scope.get("server")):
            return JSONResponse(
                {"error": "Host header must name this machine (localhost) and port"},
                status_code=421,
            )
        try:
            return await call_next(request)
        except Exception as exc:  # one line in the log and to the page, never a stack
            log.error("%s %s: %s", request.method, request.url.path, type(exc).__name__)
            return JSONResponse(
                {"error": f"internal error ({type(exc).__name__})"}, status_code=500
            )


def _add_routes(app: Any, runs: Runs) -> None:
    """The page and the API: scenarios, results, figures, frames, and runs started and
    followed."""
    from fastapi import Body, Query
    from fastapi.responses import HTMLResponse, Response

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return page()

    @app.get("/api/scenarios")
    def scenarios() -> list[dict[str, Any]]:
        return scenario_choices()

    @app.get("/api/results")
    def results() -> list[dict[str, Any]]:
        return runs.listing()

    @app.get("/api/result")
    def result(run: str = Query(...), versus: str | None = None) -> dict[str, Any]:
        return describe(runs, run, versus or None)

    @app.get("/api/figure")
    def figure(run: str = Query(...), panel: str = Query(...)) -> Response:
        return Response(panel_png(runs, run, panel), media_type="image/png")

    @app.get("/api/frames")
    def player(run: str = Query(...), take: int | None = None) -> dict[str, Any]:
        return frames(runs, run, take)

    @app.post("/api/runs")
    def start(body: Any = Body(None)) -> dict[str, Any]:  # noqa: B008 (FastAPI's idiom)
        asked = run_request(runs, body)  # fail now, with a message, rather than in the thread
        job = Job(uuid.uuid4().hex[:8], asked.scenario.name, asked.takes)
        runs.jobs[job.id] = job
        threading.Thread(
            target=run_job, args=(runs, job, asked.scenario, asked.seed), daemon=True
        ).start()
        return {"id": job.id}

    @app.get("/api/runs/{job_id}")
    def status(job_id: str) -> dict[str, Any]:
        job = runs.jobs.get(job_id)
        if job is None:
            raise HyosanError.one("no such job", where="job", value=job_id)
        return job.__dict__.copy()
