"""The dashboard: its API keeps to the runs directory, and the page runs, shows and compares."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

import hyosan
from hyosan.cli import main
from hyosan.report.serve import RequestDeadline
from hyosan.result import Result

from .conftest import CHROMIUM_ARGS, chromium_or_skip

MARKER = "TOPSECRET-4711"


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, building_result: Result, ssa_result: Result
) -> Iterator[tuple[str, Path]]:
    from hyosan.report.dashboard import create_app

    base = tmp_path_factory.mktemp("dash")
    root = base / "runs"
    building_result.to_parquet(root / "school")
    ssa_result.to_parquet(root / "alemi")
    plant_secrets(base, root, ssa_result)
    server = uvicorn.Server(
        uvicorn.Config(create_app(root), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(timeout=10)


def plant_secrets(base: Path, root: Path, ssa_result: Result) -> None:
    """Files outside the runs directory, and links and scenarios inside it that lead to them."""
    ssa_result.to_parquet(base / "secret")
    (root / "sneaky").symlink_to(base / "secret")
    ssa_result.to_parquet(root / "linked")
    (root / "linked" / "final.parquet").unlink()
    (root / "linked" / "final.parquet").symlink_to(base / "secret" / "final.parquet")
    (base / "secret.plan").write_text(f"{MARKER} floor plan\n#####\n#...#\n#####\n")
    (base / "secret.csv").write_text(f"{MARKER},population,x,y\nA,10,0,0\n")
    (base / "outside.toml").write_text(f'name = "{MARKER}"\nengine = "compartmental"\n')
    (root / "escape.toml").symlink_to(base / "outside.toml")
    (root / "evil.plan").symlink_to(base / "secret.plan")
    shipped = (Path(hyosan.__file__).parent / "scenarios" / "hyosan-high.toml").read_text()
    (root / "evil.toml").write_text(
        shipped.replace('plan = "hyosan-high.plan"', 'plan = "../secret.plan"')
    )


def get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def post(url: str, body: Any, raw: bytes | None = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if raw is None else raw
    request = urllib.request.Request(url, data, {"content-type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_lists_runs_and_serves_their_panels(served: tuple[str, Path]) -> None:
    url, _ = served
    status, body = get(f"{url}/api/results")
    assert status == 200
    listed = {r["run"] for r in json.loads(body)}
    assert {"school", "alemi"} <= listed and "linked" not in listed
    status, body = get(f"{url}/api/result?run=school")
    facts = json.loads(body)
    assert facts["engine"] == "building" and facts["frames"] is True
    assert "floors" in [p["name"] for p in facts["panels"]]
    status, png = get(f"{url}/api/figure?run=school&panel=floors")
    assert status == 200 and png.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "path", ["../secret", "/etc", "sneaky", "school/../../secret", "..%2Fsecret"]
)
def test_refuses_paths_outside_the_runs_directory(served: tuple[str, Path], path: str) -> None:
    url, _ = served
    for endpoint in ("result", "figure", "frames"):
        query = f"run={path if '%' in path else urllib.parse.quote(path)}&panel=curves"
        status, body = get(f"{url}/api/{endpoint}?{query}")
        assert status == 403, (endpoint, path, body)
        assert "outside the run directories" in json.loads(body)["error"]


def test_bad_run_requests_are_clear(served: tuple[str, Path]) -> None:
    url, _ = served
    status, body = post(f"{url}/api/runs", {"scenario": "no_such_model", "takes": 1})
    assert status == 400 and "allowed" in body["error"]
    status, body = post(f"{url}/api/runs", {"scenario": "alemi_szr", "takes": 0})
    assert status == 400 and "takes" in body["error"]
    status, body = post(
        f"{url}/api/runs", {"scenario": "alemi_szr", "takes": 1, "set": {"beta": "-1"}}
    )
    assert status == 400 and "beta" in body["error"]


def test_the_page_runs_a_scenario_shows_it_and_compares(served: tuple[str, Path]) -> None:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    url, root = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            page.wait_for_function("document.querySelectorAll('#scenario option').length > 3")
            page.wait_for_function("document.getElementById('runA').options.length >= 2")
            page.select_option("#scenario", "alemi_szr")
            page.fill("#takes", "3")
            page.fill("#extra", "compartmental.method=ssa")
            page.wait_for_function("document.getElementById('figA').naturalWidth > 0")
            before = page.get_attribute("#figA", "src")
            page.click("#run")
            page.wait_for_function(
                "document.getElementById('status').textContent.startsWith('done')", timeout=90_000
            )
            page.wait_for_function(
                "(b) => { const i = document.getElementById('figA');"
                " return i.src !== b && i.complete && i.naturalWidth > 0; }",
                arg=before,
            )
            new_run = page.input_value("#runA")  # "done" is said once the new run is shown
            assert new_run.startswith("dashboard/alemi-szr-")
            assert page.eval_on_selector("#progress", "p => p.value === p.max && p.max === 3")
            made = Result.from_parquet(root / new_run)
            assert made.takes == [1, 2, 3] and made.meta["method"] == "ssa"

            page.select_option("#runB", "alemi")
            page.wait_for_function(
                "!document.getElementById('sideB').hidden"
                " && document.getElementById('figB').naturalWidth > 0"
            )
            assert page.locator("#compare.compare:not(.single)").count() == 1
            page.wait_for_function("!document.getElementById('titleB').textContent.includes('…')")
            title_a, title_b = page.text_content("#titleA"), page.text_content("#titleB")
            assert title_a and title_b and title_a != title_b  # each named by what it changed
            assert title_a.startswith(f"A — {new_run}: ") and title_b.startswith("B — alemi: ")

            page.select_option("#scenario", "hyosan-high")
            labels = page.eval_on_selector_all("#params label", "ls => ls.map(l => l.textContent)")
            assert "world.storm_hours (h)" in labels and "dt (s)" in labels
            assert "world.strike_at (h)" in labels  # unset by default, still offered
            assert "Noise decoys" in (page.text_content("#story") or "")

            page.select_option("#runB", "")
            page.select_option("#runA", "school")
            page.wait_for_function("!document.getElementById('player').hidden")
            page.click("#play")
            page.wait_for_function("document.getElementById('frame').value !== '23'")
            inked = page.evaluate(
                "() => { const c = document.getElementById('floors');"
                " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                " let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++;"
                " return n; }"
            )
            assert inked > 500, "the floor plan was not drawn"
            page.screenshot(path=str(root / "dashboard.png"))
            assert errors == []
        finally:
            browser.close()


def test_scenarios_are_listed_once_with_units_and_the_story_settings(
    served: tuple[str, Path],
) -> None:
    url, _ = served
    status, body = get(f"{url}/api/scenarios")
    assert status == 200
    choices = json.loads(body)
    names = [c["name"].replace("_", "-") for c in choices]
    assert len(names) == len(set(names)), "munz-basic and munz_basic are one scenario"
    school = next(c for c in choices if c["name"] == "hyosan-high")
    units = {p["key"]: p["unit"] for p in school["parameters"]}
    assert units["building.duration"] == "h" and units["building.dt"] == "s"
    assert units["building.record_every"] == "s" and units["building.world.storm_hours"] == "h"
    first = [p["key"] for p in school["parameters"][:7]]
    assert "building.world.storm_from" in first and "building.world.strike_at" in first
    assert "Cheong-san" in school["story"] and "building.decoys=[]" in school["story"]
    for p in school["parameters"]:  # a unit is given wherever the schema states one
        if p["help"].startswith(("hours", "seconds")):
            assert p["unit"] in ("h", "s"), p


def test_compared_runs_are_named_by_what_differs(served: tuple[str, Path]) -> None:
    url, _ = served
    status, body = get(f"{url}/api/result?run=school&versus=alemi")
    assert status == 200
    differs = json.loads(body)["differs"]
    assert "engine = building" in differs, differs
    status, body = get(f"{url}/api/result?run=school&versus=../secret")
    assert status in (400, 403) and b"TOPSECRET" not in body


def test_cli_binds_to_loopback_by_default_and_prints_the_real_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, Any] = {}

    def serve(server: uvicorn.Server, sockets: list[Any]) -> None:
        seen.update(host=server.config.host, port=sockets[0].getsockname()[1])
        seen.update(http=server.config.http)
        sockets[0].close()

    monkeypatch.setattr(uvicorn.Server, "run", serve)
    assert main(["dashboard", "--runs", str(tmp_path), "--port", "0"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] > 0
    assert seen["http"] is RequestDeadline  # the bound socket keeps the request deadline
    printed = capsys.readouterr().out
    assert f"http://127.0.0.1:{seen['port']}" in printed and ":0 " not in printed


# Every way found to make the dashboard read or run something outside its runs directory.
OUTSIDE_RUNS = [
    "../secret",
    "/etc",
    "sneaky",  # a directory link inside the runs directory that leads out
    "school/../../secret",
    "..%2Fsecret",
    "%2e%2e/secret",
    "linked",  # a run whose final.parquet is a link to a file outside
    "{base}/secret",
]
OUTSIDE_BODIES: list[dict[str, Any]] = [
    {"scenario": "/etc/passwd"},
    {"scenario": "{base}/outside.toml"},
    {"scenario": "../outside.toml"},
    {"scenario": "escape.toml"},  # a link inside the runs directory to a scenario outside
    {"scenario": "evil.toml"},  # inside, but its floor plan is outside
    {"scenario": "hyosan-high", "set": {"building.plan": "/etc/passwd"}},
    {"scenario": "hyosan-high", "set": {"building.plan": "{base}/secret.plan"}},
    {"scenario": "hyosan-high", "extra": ["building.plan='../secret.plan'"]},
    {"scenario": "hyosan-high", "extra": ["building.plan='evil.plan'"]},
    {"scenario": "hyosan-high", "extra": ['building = {plan = "/etc/passwd"}']},
    {"scenario": "hyosan-city-lattice", "extra": ['lattice.map = {csv = "{base}/secret.csv"}']},
    {"scenario": "hyosan-city-lattice", "set": {"lattice.map.places": "~/../{base}/secret.csv"}},
]
ATTEMPTS = [("get", f"{e}?run={p}") for p in OUTSIDE_RUNS for e in ("result", "figure", "frames")]
ATTEMPTS += [("post", json.dumps(b)) for b in OUTSIDE_BODIES]


def attempt(url: str, base: Path, kind: str, what: str) -> tuple[int, str]:
    """Make one attempt; its status and everything it gave back (a started job's too)."""
    what = what.replace("{base}", str(base.resolve()))
    if kind == "get":
        endpoint, _, path = what.partition("?run=")
        query = path if "%" in path else urllib.parse.quote(path)
        status, body = get(f"{url}/api/{endpoint}?run={query}&panel=curves")
        return status, body.decode("utf-8", "replace")
    status, answer = post(f"{url}/api/runs", {"takes": 1, **json.loads(what)})
    text = json.dumps(answer)
    if status == 200:  # the attack got in: read what the job says
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _, job = get(f"{url}/api/runs/{answer['id']}")
            text += job.decode()
            if json.loads(job)["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
    return status, text


def test_attempt_count() -> None:
    assert len(ATTEMPTS) == 36


@pytest.mark.parametrize("kind,what", ATTEMPTS, ids=[f"{k} {w}" for k, w in ATTEMPTS])
def test_nothing_outside_the_runs_directory_is_read_or_run(
    served: tuple[str, Path], kind: str, what: str
) -> None:
    url, root = served
    status, text = attempt(url, root.parent, kind, what)
    assert status == 403, text
    assert "outside the run directories" in text
    assert MARKER not in text and "root:x" not in text


def test_a_plan_under_the_runs_directory_is_allowed(served: tuple[str, Path]) -> None:
    from hyosan.report.dashboard import Runs, confined_scenario

    _, root = served
    shipped = Path(hyosan.__file__).parent / "scenarios" / "hyosan-high.plan"
    (root / "plans").mkdir(exist_ok=True)
    (root / "plans" / "mine.plan").write_text(shipped.read_text())
    scenario = confined_scenario(Runs(root), "hyosan-high", ["building.plan='plans/mine.plan'"])
    assert scenario.spec.plan == str((root / "plans" / "mine.plan").resolve())
    assert confined_scenario(Runs(root), "hyosan-high", []).spec.plan == "hyosan-high.plan"


MALFORMED: list[tuple[str, str, Any]] = [
    ("post", "/api/runs", {"scenario": "alemi_szr", "takes": "abc"}),
    ("post", "/api/runs", {"scenario": "alemi_szr", "takes": True}),
    ("post", "/api/runs", {"scenario": "alemi_szr", "takes": 1, "seed": "x"}),
    ("post", "/api/runs", {"scenario": "alemi_szr", "takes": 1, "set": ["beta"]}),
    ("post", "/api/runs", {"scenario": "alemi_szr", "takes": 1, "extra": [5]}),
    ("post", "/api/runs", {"scenario": "alemi\u0000szr", "takes": 1}),
    ("post", "/api/runs", {"scenario": 12}),
    ("post", "/api/runs", ["alemi_szr"]),
    ("raw", "/api/runs", b"{not json"),
    ("get", "/api/result?run=%00", None),
    ("get", "/api/figure?run=alemi%00&panel=curves", None),
    ("get", "/api/frames?run=school&take=abc", None),
    ("get", "/api/result", None),
]


@pytest.mark.parametrize("kind,path,body", MALFORMED, ids=[repr(m[2] or m[1]) for m in MALFORMED])
def test_malformed_requests_are_400_without_a_stack(
    served: tuple[str, Path], kind: str, path: str, body: Any
) -> None:
    url, _ = served
    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append  # type: ignore[method-assign]
    loggers = [logging.getLogger(n) for n in ("uvicorn.error", "hyosan.dashboard")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        if kind == "get":
            status, raw = get(f"{url}{path}")
            answer = json.loads(raw)
        else:
            status, answer = post(f"{url}{path}", body, raw=body if kind == "raw" else None)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert status == 400, answer
    assert answer["error"] and "Traceback" not in answer["error"]
    assert [r for r in seen if r.exc_info or r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(
    "host,allowed",
    [
        ("127.0.0.1:{port}", True),
        ("localhost:{port}", True),
        ("LOCALHOST:{port}", True),
        ("[::1]:{port}", True),
        ("evil.example:{port}", False),
        ("evil.example", False),
        ("localhost.evil.example:{port}", False),
        ("127.0.0.1:1", False),
        ("localhost", False),
        ("", False),
    ],
)
def test_host_header_must_name_this_machine(
    served: tuple[str, Path], host: str, allowed: bool
) -> None:
    url, _ = served
    port = url.rsplit(":", 1)[1]
    status, body = get(f"{url}/api/results", host=host.format(port=port) or " ")
    if allowed:
        assert status == 200, body
    else:
        assert status == 421 and b"Host header" in body
