"""``hyosan calibrate``: fit a compartmental model's rates to observed counts."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from hyosan.cli.app import app, console, console_err
from hyosan.cli.outputs import output_folder
from hyosan.ensemble.choices import LIKELIHOODS, SHIPPED_DATA
from hyosan.errors import HyosanError
from hyosan.files import read_json, write_whole

MAX_STARTS = 1000
"""Most random starts of the optimiser."""

if TYPE_CHECKING:
    import pandas as pd

    from hyosan.ensemble.calibrate import Fit

FACTS_FILE = "calibration.json"
"""The options a fit was made with, and its log-likelihood: a rerun with the same options
reads it back instead of fitting again."""


@app.command("calibrate")
def calibrate_command(
    target: Annotated[str, typer.Argument(help="Scenario file, shipped scenario or model name.")],
    data: Annotated[
        str,
        typer.Option(help=f"CSV of counts (t, then species), or {', '.join(SHIPPED_DATA)}."),
    ],
    fit: Annotated[str, typer.Option(help="Parameters to fit, comma separated: beta,zeta.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a key: name=value (repeatable).")
    ] = None,
    likelihood: Annotated[
        str, typer.Option(help=f"Counts model: {' or '.join(LIKELIHOODS)}.")
    ] = "poisson",
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output directory (default runs/NAME-calibration-LIKELIHOOD[-profile]); a fit "
            "made with other options is never overwritten."
        ),
    ] = None,
    starts: Annotated[
        int, typer.Option(help="Random starts of the optimiser (more: surer of the best).")
    ] = 8,
    seed: Annotated[int, typer.Option(help="Seed of the random starts and of the band.")] = 0,
    profile: Annotated[
        bool, typer.Option(help="Profile-likelihood intervals (slower) instead of Laplace.")
    ] = False,
    plot: Annotated[bool, typer.Option(help="Write calibration.png.")] = True,
    force: Annotated[
        bool,
        typer.Option(help="Replace an earlier fit made with other options in the --out directory."),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Maximum-likelihood fit with 95 % intervals (Laplace or profile); curve over the data."""
    from hyosan.cli.run import check_options
    from hyosan.ensemble.calibrate import calibrate, calibration_steps, read_observations
    from hyosan.ensemble.progress import steps_bar
    from hyosan.scenario import load_scenario
    from hyosan.scenario.limits import check_count

    check_options(seed=seed, out=out)
    check_count(starts, 1, MAX_STARTS, "--starts")
    scenario = load_scenario(target, set_ or [])
    observations = read_observations(data)
    names = [n.strip() for n in fit.split(",") if n.strip()]
    kind = f"{likelihood}-profile" if profile else likelihood
    where = output_folder(out or Path("runs") / f"{scenario.name}-calibration-{kind}", "--out")
    options = {
        "scenario": scenario.name,
        "set": sorted(set_ or []),
        "data": data,
        "fit": names,
        "likelihood": likelihood,
        "starts": starts,
        "seed": seed,
        "profile": profile,
    }
    earlier = None if force else _claim(where, options)
    if earlier is not None:
        import pandas

        console.print(f"already fitted with these options; --force fits again into {where}")
        _print_fit(pandas.read_csv(where / "fit.csv"), earlier, f"{scenario.name} fitted to {data}")
        return
    total = calibration_steps(likelihood, starts, len(names), profile)
    with steps_bar("fitting", total, console_err, enabled=progress, unit="steps") as step:
        result = calibrate(
            scenario,
            observations,
            names,
            likelihood=likelihood,
            starts=starts,
            seed=seed,
            profile=profile,
            step=step,
        )
    _write_fit(result, options, where, name=scenario.name, data=observations.source, plot=plot)
    console.print(f"fit written to [bold]{where}[/]")


def _write_fit(
    result: Fit, options: dict[str, object], where: Path, *, name: str, data: str, plot: bool
) -> None:
    """Scenario ``name``'s fit to ``data``: its table, curve and facts (with the options that
    made it) into ``where``; printed, and drawn when ``plot``."""
    from hyosan.ensemble.calibrate import plot_fit

    where.mkdir(parents=True, exist_ok=True)
    facts = {
        "options": options,
        "loglik": result.loglik,
        "likelihood": result.likelihood,
        "evaluations": result.evaluations,
        "converged": result.converged,
        "interval": result.interval,
    }
    fitted = result.curve.merge(result.band, on="t")
    write_whole(where / "fit.csv", partial(result.table().to_csv, index=False))
    write_whole(where / "fitted.csv", partial(fitted.to_csv, index=False))
    text = json.dumps(facts, indent=1) + "\n"
    write_whole(where / FACTS_FILE, lambda tmp: tmp.write_text(text))
    _print_fit(result.table(), facts, f"{name} fitted to {Path(data).name}")
    if plot:
        plot_fit(result, where / "calibration.png", title=f"{name}: fit to the data")


def _print_fit(fit: pd.DataFrame, facts: dict[str, Any], title: str) -> None:
    table = Table(title=title)
    for col in ("parameter", "estimate", f"95 % interval ({facts['interval']})", "se of log"):
        table.add_column(col, justify="right")
    for row in fit.itertuples(index=False):
        table.add_row(
            str(row.parameter),
            f"{row.estimate:.4g}",
            f"{row.low:.3g} – {row.high:.3g}",
            f"{row.se_log:.3g}",
        )
    console.print(table)
    console.print(
        f"log-likelihood {facts['loglik']:.3f} ({facts['likelihood']}), "
        f"{facts['evaluations']} model solves, "
        + ("converged" if facts["converged"] else "[yellow]not converged or not identifiable[/]")
    )


def _claim(where: Path, options: dict[str, object]) -> dict[str, Any] | None:
    """The facts of an earlier fit in ``where`` made with the same options (None if there is
    none); a fit made with other options is refused unless ``--force``, never silently
    replaced."""
    if not (where / "fit.csv").exists():
        return None
    try:
        earlier = read_json(where / FACTS_FILE, what=FACTS_FILE, allowed="a fit's facts")
    except HyosanError:
        earlier = None
    if not isinstance(earlier, dict) or earlier.get("options") != options:
        raise HyosanError.one(
            "the output directory holds a fit made with other options",
            where="--out",
            value=str(where),
            allowed="--force to replace it, or a new directory (--out DIR)",
        )
    return earlier
