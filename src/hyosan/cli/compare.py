"""``hyosan compare``: what-if, paired — two versions of a scenario on the same take seeds."""

from __future__ import annotations

import json
import math
import re
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from hyosan.cli.app import app, console
from hyosan.cli.outputs import output_file
from hyosan.files import write_whole

EPILOG = (
    "Examples:\n\n"
    "  hyosan compare a.toml b.toml --takes 40\n\n"
    "  hyosan compare alemi_szr --set method=ssa --set-b alpha=1.2 --takes 200\n\n"
    "  hyosan compare hyosan-high --set-b 'building.decoys=[]' --outcome S --outcome "
    "'survives(`Nam-ra`)'"
)


@app.command(epilog=EPILOG)
def compare(
    a: Annotated[str, typer.Argument(help="Scenario A: file, shipped scenario or model.")],
    b: Annotated[
        str | None,
        typer.Argument(help="Scenario B (default: A again, changed by --set-b)."),
    ] = None,
    takes: Annotated[int | None, typer.Option(help="Takes on each side (default: A's).")] = None,
    seed: Annotated[int | None, typer.Option(help="Run seed of both sides (default: A's).")] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a key on both sides: name=value (repeatable)."),
    ] = None,
    set_a: Annotated[
        list[str] | None, typer.Option("--set-a", help="Override a key on A only (repeatable).")
    ] = None,
    set_b: Annotated[
        list[str] | None, typer.Option("--set-b", help="Override a key on B only (repeatable).")
    ] = None,
    outcome: Annotated[
        list[str] | None,
        typer.Option(
            help="What to compare, per take: a final count (S, S + V) or a condition "
            "(survives(`Nam-ra`), Z == 0) as 1/0. Repeatable. Default: every final state "
            "and every named character surviving."
        ),
    ] = None,
    level: Annotated[float, typer.Option(help="Confidence level of the intervals.")] = 0.95,
    backend: Annotated[
        str, typer.Option(help="auto, serial, processes or dask (as for hyosan run).")
    ] = "auto",
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: all cores).")
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            help="Also write the table as CSV here, and what made it (both scenarios, the "
            "seed, the takes, the versions) beside it as NAME.provenance.json."
        ),
    ] = None,
) -> None:
    """Run A and B on the same take seeds; print B − A for each outcome, paired and unpaired.

    Take k of A and take k of B start from the same seed. The paired interval is the t
    interval of the mean of per-take differences; the unpaired one is Welch's interval from
    the two samples, as if they were independent. Where the sides share random numbers, the
    paired interval is the narrower ("narrower ×" = unpaired width / paired width).
    """
    from hyosan.ensemble.compare import compare as run_compare

    if csv is not None:
        output_file(csv, "--csv")
    table = run_compare(
        a,
        b,
        takes=takes,
        seed=seed,
        overrides=set_ or [],
        set_a=set_a or [],
        set_b=set_b or [],
        outcomes=outcome,
        level=level,
        backend=backend,
        workers=workers,
    )
    _print(table, level)
    if csv is not None:
        write_whole(csv, partial(table.to_csv, index=False))
        facts = csv.with_name(f"{csv.stem}.provenance.json")
        text = json.dumps(table.attrs, indent=1, default=str)
        write_whole(facts, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        console.print(f"table written to [bold]{csv}[/], what made it to [bold]{facts}[/]")


def _print(table: object, level: float) -> None:
    """The comparison as a terminal table that fits 80 columns: what B changed, the seed and
    takes it rests on, each state's meaning and the intervals' methods."""
    import pandas as pd
    from rich import box
    from rich.table import Table

    from hyosan.cli.legend import state_legend

    assert isinstance(table, pd.DataFrame)
    facts = table.attrs
    takes = facts.get("takes", [])
    span = f"takes {takes[0]}–{takes[-1]}" if len(takes) > 1 else f"take {takes[0]}"
    changed = facts.get("changed") or [f"{facts.get('a')} → {facts.get('b')}"]
    engine = str(facts.get("provenance", {}).get("a", {}).get("engine", ""))
    notes = [
        f"{level:.0%} intervals of B − A. Paired: take k of A against take k of B (counts: "
        "t interval of the mean difference; conditions, 1 or 0: Newcombe's paired interval, "
        "within ±1). Unpaired: Welch (counts) or Newcombe's hybrid score (conditions), as "
        "if the sides were independent. ×: unpaired width / paired width.",
        state_legend(table["outcome"], engine),
    ]
    out = Table(
        title=f"B − A, where B changes {'; '.join(changed)}\n{facts.get('a')}, seed "
        f"{facts.get('seed')}, {span}",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    out.add_column("outcome", overflow="fold", min_width=8)
    for name in ("A", "B", "B − A", "paired", "unpaired", "×"):
        out.add_column(name, justify="right", no_wrap=True)
    for row in table.itertuples(index=False):
        narrowing = float(row.narrowing)  # type: ignore[arg-type]
        out.add_row(
            _label(str(row.outcome)),
            _num(float(row.A)),  # type: ignore[arg-type]
            _num(float(row.B)),  # type: ignore[arg-type]
            _num(float(row.difference), sign=True),  # type: ignore[arg-type]
            _span(float(row.paired_low), float(row.paired_high)),  # type: ignore[arg-type]
            _span(float(row.unpaired_low), float(row.unpaired_high)),  # type: ignore[arg-type]
            f"{narrowing:.1f}" if math.isfinite(narrowing) else "—",
        )
    console.print(out)
    for note in notes:
        if note:
            console.print(note, highlight=False)


_SURVIVES = re.compile(r"""^survives\(\s*[`'"](.+)[`'"]\s*\)$""")


def _label(outcome: str) -> str:
    """An outcome as a row's name: ``survives(`Nam-ra`)`` reads "Nam-ra survives"."""
    match = _SURVIVES.match(outcome.strip())
    return f"{match.group(1)} survives" if match else outcome


def _num(value: float, *, sign: bool = False) -> str:
    """Two decimals below 10 (a probability: 0.75, not 0.0852), else three significant
    figures; with a true minus sign."""
    spec = (".2f" if abs(value) < 10 else ".3g") if math.isfinite(value) else "g"
    return format(value, ("+" if sign else "") + spec).replace("-", "−")


def _span(low: float, high: float) -> str:
    """An interval in few characters: ``−0.42…+0.42``."""
    return f"{_num(low, sign=True)}…{_num(high, sign=True)}"
