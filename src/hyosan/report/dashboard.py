"""The dashboard: a small local web app over the run directories.

Why FastAPI and one hand-written page, rather than Solara or Panel: the app only needs JSON and
the report's own PNG panels, so every figure looks exactly as in the HTML report; the page is
plain HTML and JavaScript served by the app itself, so nothing is fetched from a CDN and it
works offline; and FastAPI + uvicorn are two small, well-known dependencies that tests can
drive end to end.

The app reads results only through :func:`hyosan.report.load.load_any` and runs scenarios only
through :func:`hyosan.simulate`. Every path it is given is resolved inside the runs directory and
refused if it points outside.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hyosan.errors import HyosanError
from hyosan.result import RESULT_FILE, Result

DRAW_LOCK = threading.Lock()  # pyplot is not thread-safe; requests are served from a pool
MAX_TAKES = 500
MAX_FRAMES = 300
DASHBOARD_DIR = "dashboard"


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

    def inside(self, rel: str) -> Path:
        """``rel`` resolved inside the runs directory; HyosanError if it leads outside."""
        root = self.root.resolve()
        candidate = (root / rel).resolve()
        if Path(rel).is_absolute() or not candidate.is_relative_to(root):
            raise HyosanError.one(
                "path outside the run directories",
                where="run",
                value=rel,
                allowed=f"a run directory under {root}",
            )
        return candidate

    def listing(self) -> list[dict[str, Any]]:
        """Every result or run directory under the root, newest first."""
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
        return [{"run": rel} for rel, _ in sorted(seen.items(), key=lambda kv: -kv[1])]


def scenario_choices() -> list[dict[str, Any]]:
    """Shipped scenarios and catalog models, each with its editable numbers."""
    from hyosan.compartmental.catalog import CATALOG
    from hyosan.scenario import load_scenario
    from hyosan.scenario.load import shipped_scenarios

    out = []
    names = [(n, "shipped") for n in sorted(shipped_scenarios())]
    names += [(n, "model") for n in CATALOG if n not in dict(names)]
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
                "takes": min(scenario.takes, 20),
                "seed": scenario.seed,
                "parameters": editable(scenario.spec.model_dump(), scenario.engine),
            }
        )
    return out


def editable(table: dict[str, Any], prefix: str, limit: int = 40) -> dict[str, float]:
    """Numeric leaves of a scenario table as ``dotted.key → value`` (``--set`` keys)."""
    out: dict[str, float] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, int | float) and not isinstance(node, bool) and len(out) < limit:
            out[path] = node

    walk(table, prefix)
    return out


def run_job(runs: Runs, job: Job, overrides: list[str], seed: int | None) -> None:
    """Run a job's takes one at a time (so the page sees progress), then store the result."""
    import hyosan
    from hyosan.scenario import load_scenario

    with runs.lock:
        job.status = "running"
        try:
            scenario = load_scenario(job.scenario, overrides)
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
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"


def panel_png(runs: Runs, rel: str, name: str) -> bytes:
    """A report panel of a stored run, as PNG bytes (cached until the run changes)."""
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.html import figure_png
    from hyosan.report.load import load_any
    from hyosan.report.panels import get_panel

    where = runs.inside(rel)
    markers = [where / RESULT_FILE, where / "manifest.json"]
    stamp = max((m.stat().st_mtime for m in markers if m.is_file()), default=0.0)
    key = (rel, stamp, name)
    if key not in runs.cache:
        result = load_any(where)
        chosen = get_panel(name)
        if not chosen.fits(result):
            raise HyosanError.one(
                "this panel does not fit the run", where="panel", value=name, allowed="see panels"
            )
        with DRAW_LOCK:
            runs.cache[key] = figure_png(chosen.draw(result), dpi=90)
    return runs.cache[key]


def describe(runs: Runs, rel: str) -> dict[str, Any]:
    """What the page needs to know about a run: its engine, takes, panels and final state."""
    from hyosan.report.html import ensemble_summary
    from hyosan.report.load import load_any
    from hyosan.report.panels import panels_for

    result = load_any(runs.inside(rel))
    summary = ensemble_summary(result)
    return {
        "run": rel,
        "engine": result.engine,
        "scenario": result.provenance.get("scenario", ""),
        "takes": len(result.takes),
        "panels": [{"name": p.name, "title": p.title} for p in panels_for(result)],
        "frames": "frames_pos" in result.arrays and bool(result.meta.get("plan")),
        "summary": summary.round(2).to_dict(orient="records"),
    }


def frames(runs: Runs, rel: str, take: int | None = None) -> dict[str, Any]:
    """A building run's floor plan and agents, for the page's player (at most 300 frames)."""
    from hyosan.report.animate import pick_frames
    from hyosan.report.building import cell_colour, floor_names, take_index
    from hyosan.report.load import load_any
    from hyosan.report.style import colour_for, state_label

    result = load_any(runs.inside(rel))
    if "frames_pos" not in result.arrays or not result.meta.get("plan"):
        raise HyosanError.one("this run has no floor plan frames", where="run", value=rel)
    i = take_index(result, take)
    legend = result.meta.get("legend") or {}
    plan = [rows.splitlines() if isinstance(rows, str) else rows for rows in result.meta["plan"]]
    chars = sorted({c for floor in plan for row in floor for c in row})
    picked = pick_frames(int(result.arrays["frames_pos"].shape[1]), MAX_FRAMES)
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


def page() -> str:
    """The dashboard's single page (HTML, CSS and JavaScript, no outside resources)."""
    return resources.files("hyosan.report").joinpath("dashboard.html").read_text("utf-8")


def create_app(root: str | Path) -> Any:
    """The FastAPI app serving the runs under ``root``."""
    try:
        from fastapi import FastAPI, Query
        from fastapi.responses import HTMLResponse, JSONResponse, Response
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

    @app.exception_handler(HyosanError)
    async def _refuse(_request: Any, exc: HyosanError) -> JSONResponse:
        status = 403 if "outside the run directories" in str(exc) else 400
        return JSONResponse({"error": str(exc)}, status_code=status)

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
    def result(run: str = Query(...)) -> dict[str, Any]:
        return describe(runs, run)

    @app.get("/api/figure")
    def figure(run: str = Query(...), panel: str = Query(...)) -> Response:
        return Response(panel_png(runs, run, panel), media_type="image/png")

    @app.get("/api/frames")
    def player(run: str = Query(...), take: int | None = None) -> dict[str, Any]:
        return frames(runs, run, take)

    @app.post("/api/runs")
    def start(body: dict[str, Any]) -> dict[str, Any]:
        from hyosan.scenario import load_scenario

        name = str(body.get("scenario", ""))
        takes = int(body.get("takes", 1))
        if not 1 <= takes <= MAX_TAKES:
            raise HyosanError.one(
                "takes out of range", where="takes", value=takes, allowed=f"1 … {MAX_TAKES}"
            )
        overrides = [f"{k}={v}" for k, v in (body.get("set") or {}).items()]
        overrides += [line.strip() for line in body.get("extra", []) if line.strip()]
        seed = body.get("seed")
        load_scenario(name, overrides)  # fail now, with a message, rather than in the thread
        job = Job(uuid.uuid4().hex[:8], name, takes)
        runs.jobs[job.id] = job
        threading.Thread(
            target=run_job,
            args=(runs, job, overrides, None if seed in (None, "") else int(seed)),
            daemon=True,
        ).start()
        return {"id": job.id}

    @app.get("/api/runs/{job_id}")
    def status(job_id: str) -> dict[str, Any]:
        job = runs.jobs.get(job_id)
        if job is None:
            raise HyosanError.one("no such job", where="job", value=job_id)
        return job.__dict__.copy()

    return app
