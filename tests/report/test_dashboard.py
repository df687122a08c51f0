"""The dashboard: its API keeps to the runs directory, and the page runs, shows and compares."""

from __future__ import annotations

import json
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

from hyosan.cli import main
from hyosan.result import Result

from .conftest import CHROMIUM_ARGS, chromium_or_skip


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, building_result: Result, ssa_result: Result
) -> Iterator[tuple[str, Path]]:
    from hyosan.report.dashboard import create_app

    base = tmp_path_factory.mktemp("dash")
    root = base / "runs"
    building_result.to_parquet(root / "school")
    ssa_result.to_parquet(root / "alemi")
    ssa_result.to_parquet(base / "secret")
    (root / "sneaky").symlink_to(base / "secret")
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


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"content-type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_lists_runs_and_serves_their_panels(served: tuple[str, Path]) -> None:
    url, _ = served
    status, body = get(f"{url}/api/results")
    assert status == 200
    assert {"school", "alemi"} <= {r["run"] for r in json.loads(body)}
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
            new_run = page.input_value("#runA")
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


def test_cli_binds_to_loopback_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    assert main(["dashboard", "--runs", str(tmp_path), "--port", "0"]) == 0
    assert seen["host"] == "127.0.0.1"
