"""``hyosan run``: run a scenario's takes into a run directory, resumably, and summarise them."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console, console_err
from hyosan.cli.egress import print_egress
from hyosan.cli.fates import print_fates
from hyosan.cli.outputs import output_folder
from hyosan.cli.placement import AUTO, Placement, placement_options
from hyosan.errors import HyosanError, Interrupted

if TYPE_CHECKING:
    from hyosan.ensemble.ensemble import Ensemble
    from hyosan.ensemble.store import RunStore
    from hyosan.result import Result
    from hyosan.scenario import Scenario

CURVES_FILE = "curves.png"
"""The PNG of the curves that ``hyosan run --plot`` draws."""

PLOT_TAKES = 1_000
"""curves.png draws at most this many takes (the first ones): enough for the median and the
bands it shows, and quick to draw whatever the size of the run."""


@app.command()
@placement_options
def run(
    target: Annotated[str, typer.Argument(help="Scenario file, shipped scenario or model name.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a key: name=value (repeatable).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Run seed (default: the scenario's).")] = None,
    takes: Annotated[
        int | None, typer.Option(help="Number of takes (default: scenario's).")
    ] = None,
    take: Annotated[int | None, typer.Option(help="Rerun this one take alone.")] = None,
    out: Annotated[Path | None, typer.Option(help="Run directory (default runs/NAME).")] = None,
    placement: Placement = AUTO,
    plot: Annotated[
        bool,
        typer.Option(help="Also write curves.png (drawing it takes longer than a quick run)."),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Run a scenario into a run directory: rerun the same command to resume it.

    Writes each finished chunk of takes at once (Parquet), then the combined tables and summary
    tables, and prints the final state. Figures: `hyosan report RUN` (or `--plot` for a PNG of
    the curves). CSV: `hyosan export RUN`.
    """
    check_options(takes=takes, seed=seed, workers=placement.workers, out=out, take=take)
    from hyosan.engines import engine_for
    from hyosan.ensemble.backends import check_backend
    from hyosan.ensemble.ensemble import MAX_CHUNK_ROWS, Ensemble
    from hyosan.ensemble.store import RunStore, refuse_nested, select
    from hyosan.scenario import load_scenario
    from hyosan.scenario.limits import check_memory, stored_run_bytes

    check_backend(placement.backend, scheduler=placement.scheduler, cluster=placement.cluster)
    scenario = load_scenario(target, set_ or [])
    if takes is not None:
        needed = stored_run_bytes(scenario, takes, MAX_CHUNK_ROWS)
        check_memory(needed, f"{takes:,} takes", "--takes")
    engine_for(scenario.engine)
    where = out or Path("runs") / scenario.name
    refuse_nested(where)
    output_folder(where, "--out")
    run_seed = scenario.seed if seed is None else seed
    command = ["hyosan", *sys.argv[1:]] if take is None else None
    with RunStore.open(where, scenario, run_seed, command=command) as store:
        if take is not None:
            result = rerun_take(scenario, store, take, run_seed)
            write_outputs(store, where, plot=plot)  # the same top-level tables as any run
        else:
            ensemble = Ensemble.of(scenario, takes, run_seed)
            fill(store, ensemble, progress=progress, placement=placement)
            result = select(write_outputs(store, where, plot=plot), ensemble.takes)
    print_summary(result)
    print_fates(result, console)
    print_egress(result, console)
    print_warnings(result)
    console.print(f"results written to [bold]{where}[/]")
    if not plot:
        console.print(f"figures: hyosan report {where}", highlight=False)


def check_options(
    *,
    takes: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    out: Path | None = None,
    take: int | None = None,
) -> None:
    """Command-line counts within their ranges, one take or a count of takes, and an output
    directory that names one."""
    from hyosan.scenario.limits import MAX_SEED, MAX_TAKES, MAX_WORKERS, check_count

    if take is not None and takes is not None:
        raise HyosanError.one(
            "--take and --takes exclude each other", source="command line", allowed="one of them"
        )

    for value, low, high, where in (
        (takes, 1, MAX_TAKES, "--takes"),
        (take, 1, MAX_TAKES, "--take"),
        (seed, 0, MAX_SEED, "--seed"),
        (workers, 1, MAX_WORKERS, "--workers"),
    ):
        if value is not None:
            check_count(value, low, high, where)
    if out is not None and str(out).strip() in ("", "."):
        raise HyosanError.one(
            "the output directory must be named",
            where="--out",
            value=str(out),
            allowed="a directory path, e.g. runs/mine (leave --out out for runs/NAME)",
        )


def fill(
    store: RunStore,
    ensemble: Ensemble,
    *,
    progress: bool,
    placement: Placement,
) -> None:
    """Run the takes ``store`` still lacks, with a progress bar; on Ctrl-C say what is kept
    and exit 130."""
    from hyosan.ensemble.progress import progress_bar
    from hyosan.result import RESULT_FILE

    where = store.path
    todo = store.missing(ensemble.takes)
    if todo:
        # the combined result is about to fall behind the chunks: readers use the store
        (where / RESULT_FILE).unlink(missing_ok=True)
        (where / CURVES_FILE).unlink(missing_ok=True)  # redrawn only with --plot
    label = resume_label(ensemble.scenario.name, len(todo), len(ensemble.takes))
    if not todo:
        console_err.print(label)
    try:
        with progress_bar(label, console_err, enabled=progress and bool(todo)) as bar:
            ensemble.fill(store, **placement._asdict(), progress=bar)
    except (KeyboardInterrupt, Interrupted) as exc:
        stop = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
        console_err.print(
            f"[yellow]{stop.how}[/]: {len(store.done)} finished takes are kept in "
            f"{where}; run the same command again to finish"
        )
        raise typer.Exit(stop.code) from None


def print_warnings(result: Result) -> None:
    """Say, on standard error, what the user must know about the takes (``Result.warnings``)."""
    for line in result.warnings:
        console_err.print(f"[yellow]warning[/]: {line}", highlight=False)


def resume_label(name: str, todo: int, asked: int) -> str:
    """The progress bar's label: the scenario, and on a resumed run the takes still to do."""
    if todo == asked:
        return name
    if not todo:
        return f"{name}: all {asked} takes already done"
    return f"{name}: resuming, {todo} of {asked} takes still to do"


def rerun_take(scenario: Scenario, store: RunStore, take: int, seed: int) -> Result:
    """Run one take alone; if the store holds it already, check the two agree exactly."""
    from hyosan.ensemble.ensemble import Ensemble
    from hyosan.ensemble.store import select

    if take < 1:
        raise HyosanError.one("takes are numbered from 1", where="--take", value=take)
    fresh = Ensemble.of(scenario, [take], seed).run(backend="serial")
    if take in store.done:
        kept = select(store.load([take]), [take])
        same = fresh.series.equals(kept.series) and fresh.final.equals(kept.final)
        if same:
            console.print(f"take {take} rerun alone: identical to the stored take")
        else:
            console_err.print(
                f"[bold yellow]warning:[/] take {take} rerun alone differs from the stored take "
                f"(versions: {store.manifest.get('versions')})"
            )
        return fresh
    store.request([take])
    store.add(fresh)
    store.finish()
    return fresh


def write_outputs(store: RunStore, where: Path, *, plot: bool = False) -> Result:
    """The combined tables (Parquet, copied chunk by chunk), result.json, summary tables and,
    with ``plot``, the PNG of the curves, next to the chunks: a plain result directory any tool
    reads.

    They cover every finished take in the directory, as :func:`load_result` does. Memory stays
    that of one chunk: returns the combined result without its series (``final`` and the
    named characters' ``fates``). The PNG draws the first :data:`PLOT_TAKES` takes.
    """
    from hyosan.ensemble.combine import combine
    from hyosan.ensemble.summary import write_summaries

    combined = combine(store, where)
    write_summaries(combined.result, where / "summary", band_table=combined.bands)
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        done = sorted(store.done)
        store.load(done[:PLOT_TAKES]).plot()
        tmp = where / ".curves.png.tmp"
        plt.savefig(tmp, dpi=120, bbox_inches="tight", format="png")
        plt.close("all")
        tmp.replace(where / CURVES_FILE)
        if len(done) > PLOT_TAKES:
            console.print(
                f"curves.png draws the first {PLOT_TAKES:,} of {len(done):,} takes; "
                "summary/bands.parquet holds the bands over all of them"
            )
    return combined.result


def print_summary(result: Result) -> None:
    """Final state over takes: mean with its 95 % interval, and the 5–95 % range; each state
    named beside its letter, and what the columns mean under the table."""
    from hyosan.cli.legend import state_words
    from hyosan.ensemble.summary import final_summary

    summary = final_summary(result)
    n = len(result.takes)
    words = state_words(result.engine)
    table = Table(
        title=f"{result.provenance.get('scenario', '')}: final state, {n} take(s)",
        caption=_summary_caption(n),
        caption_justify="left",
    )
    table.add_column("state", style="bold")
    table.add_column("mean", justify="right", overflow="fold")
    if n > 1:
        table.add_column("95 % CI of mean", justify="right", overflow="fold")
        table.add_column("5 %", justify="right", overflow="fold")
        table.add_column("95 %", justify="right", overflow="fold")
        table.add_column("P(none)", justify="right", overflow="fold")
    big = float(summary[["mean", "q95"]].abs().to_numpy().max(initial=0.0)) >= 1000
    count = "{:,.0f}" if big else "{:,.2f}"  # people: 6,293,267, not 6,293,267.00
    for row in summary.itertuples(index=False):
        state = str(row.state)
        cells = [f"{state} {words[state]}" if state in words else state, count.format(row.mean)]
        if n > 1:
            cells += [
                f"{count.format(row.mean_low)} – {count.format(row.mean_high)}",
                count.format(row.q05),
                count.format(row.q95),
                f"{row.p_zero:.2f} ({row.p_zero_low:.2f}–{row.p_zero_high:.2f})",
            ]
        table.add_row(*cells)
    console.print(table)


def _summary_caption(takes: int) -> str:
    """What the summary's numbers are, in words."""
    if takes < 2:
        return "How many are in each state at the end of the take."
    return (
        "How many are in each state at the end: mean over takes with its 95 % CI (t, clipped "
        "to the takes' range); 5 % and 95 %: quantiles over takes; P(none): share of takes "
        "ending with none in that state (95 % Wilson CI)."
    )
