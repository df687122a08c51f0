"""``hyosan dashboard``: a local web app to run scenarios, watch them and compare runs."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from hyosan.cli.app import app, console, console_err

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def dashboard(
    runs: Annotated[
        Path, typer.Option(help="Runs directory: the dashboard reads and writes only here.")
    ] = Path("runs"),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = 8050,
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
) -> None:
    """Serve the dashboard on this machine (http://127.0.0.1:8050 by default)."""
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.dashboard import create_app

    application = create_app(runs)
    try:
        from hyosan.report.serve import serve
    except ImportError:
        from hyosan.errors import HyosanError

        raise HyosanError.one(
            "the dashboard needs uvicorn",
            where="install",
            allowed="pip install 'hyosan[dashboard]'",
        ) from None
    if host not in LOOPBACK:
        console_err.print(
            f"[yellow]warning:[/] serving on {host}: anyone who can reach it can run scenarios"
        )
    sock = listen(host, port)
    bound = int(sock.getsockname()[1])  # --port 0: the free port the system gave
    shown = f"[{host}]" if ":" in host else host
    console.print(f"hyosan dashboard on [bold]http://{shown}:{bound}[/] (runs in {runs.resolve()})")
    serve(application, host, sock)


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` before the server starts, so the address printed is
    the one served (port 0 becomes the port the system chose); a port in use is a clear
    error."""
    from hyosan.errors import HyosanError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise HyosanError.one(
            f"cannot listen there ({exc.strerror or exc})",
            where="--host/--port",
            value=f"{host}:{port}",
            allowed="a free port (0: any free one) on an address of this machine",
        ) from None
    return sock
