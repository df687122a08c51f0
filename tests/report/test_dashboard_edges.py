"""The dashboard at the edges, without a server: a file hard-linked into the runs directory
from outside is refused before it is read (its text never comes back), and a malformed stored
result is a clean error (a 400) instead of a crash of the request (a 500)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import hyosan
from hyosan.errors import HyosanError
from hyosan.report.dashboard import OUTSIDE, Runs, confined_scenario, describe, panel_png
from hyosan.result import Result

MARKER = "SECRET-TEXT-OF-AN-OUTSIDE-FILE"


def test_a_hard_link_from_outside_is_refused_unread(tmp_path: Path) -> None:
    root = tmp_path / "runs"
    root.mkdir()
    outside = tmp_path / "secret.plan"
    outside.write_text(f"{MARKER}\n#####\n#...#\n#####\n")
    os.link(outside, root / "linked.plan")
    (tmp_path / "outside.toml").write_text(f'name = "{MARKER}"\nengine = "compartmental"\n')
    os.link(tmp_path / "outside.toml", root / "linked.toml")
    for name, overrides in (
        ("hyosan-high", ["building.plan='linked.plan'"]),
        ("linked.toml", []),
    ):
        with pytest.raises(HyosanError) as refused:
            confined_scenario(Runs(root), name, overrides)
        assert "hard link" in str(refused.value) and OUTSIDE in str(refused.value)
        assert MARKER not in str(refused.value)
    # a copy of its own under the root is fine
    shipped = Path(hyosan.__file__).parent / "scenarios" / "hyosan-high.plan"
    (root / "mine.plan").write_text(shipped.read_text())
    scenario = confined_scenario(Runs(root), "hyosan-high", ["building.plan='mine.plan'"])
    assert scenario.spec.plan == str((root / "mine.plan").resolve())


def small_result() -> Result:
    final = pd.DataFrame({"take": [1, 2], "S": [3, 0], "Z": [1, 4]})
    series = pd.concat([final.assign(t=0.0), final.assign(t=1.0)])[["take", "t", "S", "Z"]]
    return Result("compartmental", series.reset_index(drop=True), final)


@pytest.mark.parametrize(
    "damage",
    [
        lambda run: (run / "final.parquet").write_bytes(b"PAR1 not a table PAR1"),
        lambda run: pd.DataFrame({"x": ["a"]}).to_parquet(run / "final.parquet"),
        lambda run: (run / "result.json").write_text('{"format": 1, "engine": 5, "tables": 7}'),
    ],
    ids=["garbage table", "table of other columns", "facts of the wrong types"],
)
def test_a_malformed_result_is_a_clean_error(tmp_path: Path, damage) -> None:  # noqa: ANN001
    root = tmp_path / "runs"
    small_result().to_parquet(root / "bad")
    damage(root / "bad")
    runs = Runs(root)
    for ask in (lambda: describe(runs, "bad"), lambda: panel_png(runs, "bad", "curves")):
        with pytest.raises(HyosanError, match="bad"):
            ask()


def test_a_half_sent_request_is_closed_at_its_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request that never arrives whole (its headers cut short) is closed when its deadline
    passes; a whole request on the same server is answered as before."""
    import socket
    import threading
    import time

    uvicorn = pytest.importorskip("uvicorn")
    from hyosan.report import serve
    from hyosan.report.dashboard import create_app

    monkeypatch.setattr(serve, "REQUEST_SECONDS", 0.5)
    config = uvicorn.Config(
        create_app(tmp_path),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        http=serve.RequestDeadline,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as half:
            half.sendall(b"GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line
            start = time.monotonic()
            assert half.recv(1024) == b"", "the server answered a request it never got whole"
            assert time.monotonic() - start < 5, "the connection was held past its deadline"
        with socket.create_connection(("127.0.0.1", port), timeout=10) as whole:
            whole.sendall(f"GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert whole.recv(64).startswith(b"HTTP/1.1 200")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
