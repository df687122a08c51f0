"""The HTML report: one self-contained file a person can open anywhere, offline.

Every figure is inlined as a base64 PNG (the animation as a GIF), the style sheet is inline and
there is no script at all, so the file needs no network and no server. Sections: what was run,
what could not be read, the figures (one per panel that fits the result), the animation, the
narrated commentary, the fates, the ensemble summary, the scenario text and the provenance.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from hyosan.files import write_whole
from hyosan.outcomes import SURVIVED
from hyosan.report.load import Loaded, load_for_report
from hyosan.report.panels import PANELS, Panel, panels_for
from hyosan.report.shown import Shown, school_clock, sentence, shown_take, start_hour
from hyosan.report.style import every, state_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hyosan.result import Result

REPORT_FILE = "report.html"
Step = Callable[[str], None]

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;
background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 4rem;background:#fff}
h1{margin:.2rem 0;font-size:1.8rem}h2{border-bottom:2px solid #0072B2;padding-bottom:.2rem;
margin-top:2.4rem}h3{margin-bottom:.3rem}
.sub{color:#555}.notes{background:#fff4e5;border-left:4px solid #E69F00;padding:.6rem 1rem}
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.92rem}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0;display:block;max-width:100%;
overflow-x:auto}p,li,h1,h2,h3,nav,figcaption{overflow-wrap:anywhere}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .7rem;text-align:left}
th{background:#f3f6fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f6f8fa;padding:.8rem;overflow-x:auto;font-size:.85rem}
ol.story{padding-left:1.2rem}ol.story li{margin:.15rem 0}ol.story .t{color:#0072B2;
font-variant-numeric:tabular-nums;margin-right:.5rem}
nav a{margin-right:.9rem;display:inline-block}
@media (max-width:600px){main{padding:1rem}}
"""


@dataclass
class Report:
    """The report's parts before they are written: sections of HTML and what went wrong."""

    title: str
    sections: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures: int = 0
    drawn: list[str] = field(default_factory=list)

    def add(self, anchor: str, heading: str, body: str) -> None:
        self.sections.append((anchor, heading, body))


def figure_png(figure: Figure, dpi: int = 110) -> bytes:
    """PNG bytes of a figure; the figure is closed."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


def _img(data: bytes, mime: str, alt: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img src="data:{mime};base64,{encoded}" alt="{html.escape(alt)}">'


def _table(df: pd.DataFrame, *, limit: int = 500) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for rec in df.head(limit).itertuples(index=False):
        cells = []
        for value in rec:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            text = f"{value:,.2f}" if isinstance(value, float) else str(value)
            cls = ' class="num"' if numeric else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p class='sub'>… {len(df) - limit} more rows</p>" if len(df) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def build_report(
    loaded: Loaded, *, animate: bool = True, step: Step | None = None, take: int | None = None
) -> Report:
    """Draw every panel that fits, and gather the tables, into a :class:`Report`; the figures
    of one take show ``take``, else the typical take (:func:`~hyosan.report.shown.shown_take`)."""
    result = loaded.result
    say = step or (lambda _name: None)
    name = str(result.provenance.get("scenario") or (loaded.source.name if loaded.source else ""))
    report = Report(title=name or "hyosan result", notes=list(loaded.notes))
    shown = shown_take(result, take)
    _figures(report, result, say, shown)
    if animate:
        _animation(report, result, say, shown)
    _narrative(report, result, shown)
    _fates(report, result)
    _places(report, result)
    _summary(report, result)
    _scenario(report, result)
    _provenance(report, result, loaded)
    return report


def _figures(report: Report, result: Result, say: Step, shown: Shown) -> None:
    parts = []
    panels = panels_for(result)
    if any(p.per_take for p in panels) and len(result.takes) > 1:
        parts.append(
            f"<p class='sub' id='shown-take'>Figures of one take show {html.escape(shown.why)}.</p>"
        )
    for panel in panels:
        title = panel.heading(shown.take)
        say(title)
        try:
            png = figure_png(panel.figure(result, shown.take))
        except Exception as exc:  # a damaged result must not cost the other panels
            report.notes.append(f"figure '{title}' could not be drawn: {exc}")
            continue
        report.figures += 1
        report.drawn.append(title)
        parts.append(
            f'<figure id="fig-{panel.name}"><h3>{html.escape(title)}</h3>'
            f"{_img(png, 'image/png', title)}"
            f"<figcaption>{html.escape(panel.caption)}</figcaption></figure>"
        )
    for panel in _unfilled(result):
        report.notes.append(
            f"figure '{panel.title}' not drawn: the result lacks {', '.join(panel.missing(result))}"
        )
    if not parts:
        report.notes.append("no figure could be drawn from this result")
    report.add("figures", "Figures", "".join(parts) or "<p>No figure could be drawn.</p>")


def _unfilled(result: Result) -> list[Panel]:
    return [p for p in PANELS.values() if p.engines and not p.fits(result) and p.missing(result)]


def _animation(report: Report, result: Result, say: Step, shown: Shown) -> None:
    from hyosan.report.animate import animation_gif, can_animate
    from hyosan.report.lattice import widest_take

    if not can_animate(result):
        return
    say("animation")
    building = result.engine == "building" or "frames_pos" in result.arrays
    take = shown.take if building else widest_take(result)
    try:
        gif = animation_gif(result, take=take, max_frames=60, dpi=85, fps=5)
    except Exception as exc:  # the rest of the report stands without it
        report.notes.append(f"animation could not be made: {exc}")
        return
    report.figures += 1
    report.drawn.append("Animation")
    what = (
        "the school, floor by floor, on the school's clock; the frames are densest where people "
        "change state, so the first hours, where most happens, get most of them"
        if building
        else "the spread over the map over time"
    )
    drawn = take if take is not None else (result.takes[0] if result.takes else 1)
    report.add(
        "animation",
        "Animation",
        f'<figure id="fig-animation">{_img(gif, "image/gif", what)}'
        f"<figcaption>Take {drawn}: {html.escape(what)}. <code>hyosan animate</code> "
        "writes it as GIF or MP4, with more frames.</figcaption></figure>",
    )


def _narrative(report: Report, result: Result, shown: Shown) -> None:
    story = result.tables.get("narrative")
    if story is None or story.empty:
        return
    mine = story[story["take"] == shown.take].sort_values("t", kind="stable")
    start = start_hour(result)
    lines = "".join(
        f"<li><span class='t'>{school_clock(float(t), start)}</span>"
        f"{html.escape(sentence(str(text)))}</li>"
        for t, text in zip(mine["t"], mine["text"], strict=True)
    )
    head = (
        f"<p class='sub'>On the school's clock (the run starts on day 1 at "
        f"{school_clock(0.0, start).split(', ')[-1]}). This is {html.escape(shown.why)}.</p>"
    )
    report.add(
        "story", f"What happened in take {shown.take}", f"{head}<ol class='story'>{lines}</ol>"
    )


def _fates(report: Report, result: Result) -> None:
    fates = result.tables.get("fates")
    if fates is None or fates.empty or "fate" not in fates:
        return
    from hyosan.report.building import fates_summary

    counts = pd.crosstab(fates["take"], fates["fate"].astype(str))
    counts.columns = [state_label(str(c), "building") for c in counts.columns]
    body = "<h3>How many ended how, per take</h3>" + _table(counts.reset_index())
    try:
        body = "<h3>Named characters</h3>" + _table(fates_summary(result)) + _why(result) + body
    except Exception as exc:  # a fates table without names still has counts
        report.notes.append(f"named characters not listed: {exc}")
    report.add("fates", "Fates", body)


def _why(result: Result) -> str:
    """How each named character's takes ended most often, and the event that decided it; and
    how often the takes tell season 1 (:mod:`hyosan.story`)."""
    if "events" not in result.tables or not result.meta.get("characters"):
        return ""
    from hyosan.story import summary_line, why

    table = why(result)
    table["share"] = [f"{x:.0%}" for x in table["share"]]
    table["of those"] = [f"{x:.0%}" for x in table["of those"]]
    line = summary_line(result)
    head = "<h3>How each named character's takes ended, and why</h3>"
    return head + _table(table) + (f"<p>{html.escape(line)}</p>" if line else "")


def _places(report: Report, result: Result) -> None:
    from hyosan.report.lattice import hiding_places

    table, note = hiding_places(result)
    if table.empty:
        return
    report.add(
        "places",
        "Where to hide",
        "<p>The safest named places first: those the outbreak reached in the fewest takes, then "
        f"latest. {html.escape(note)}</p>" + _table(table),
    )


def ensemble_summary(result: Result) -> pd.DataFrame:
    """Each state at the end over the takes: mean, 5 %, median and 95 %."""
    rows = []
    for state in result.states:
        if state not in result.final:
            continue
        values = result.final[state].astype(float)
        rows.append(
            {
                "state": state_label(state, result.engine),
                "mean": values.mean(),
                "5 %": values.quantile(0.05),
                "median": values.median(),
                "95 %": values.quantile(0.95),
            }
        )
    return pd.DataFrame(rows)


def outcomes(result: Result) -> pd.DataFrame:
    """How the takes ended, as odds: zombies gone, nobody left uninfected, survivors."""
    final = result.final
    n = len(final)
    if n == 0:
        return pd.DataFrame()
    checks = []
    if "Z" in final:
        checks.append(("no zombie left at the end", final["Z"] <= 0))
    if "S" in final:
        checks.append(("nobody left uninfected (S = 0)", final["S"] <= 0))
    alive = [s for s in sorted(SURVIVED) if s in final]
    if result.engine == "building" and alive:
        checks.append(("someone survived (S, H or V)", final[alive].sum(axis=1) > 0))
    rows = []
    for label, hit in checks:
        share = float(hit.mean())
        odds = every(share, f"none of {n}")
        rows.append(
            {"ending": label, "takes": int(hit.sum()), "share": f"{share:.0%}", "odds": odds}
        )
    return pd.DataFrame(rows)


def _summary(report: Report, result: Result) -> None:
    summary = ensemble_summary(result)
    if summary.empty:
        return
    n = len(result.takes)
    who = "people (agents)" if result.engine == "building" else "individuals"
    body = (
        f"<p>How many {who} are in each state at the end, over {n} take(s): the mean, the "
        "5 % and 95 % quantiles and the median of the takes.</p>" + _table(summary)
    )
    ends = outcomes(result)
    if n > 1 and not ends.empty:
        body += "<h3>Endings</h3><p>How many takes an ending needs, on average.</p>" + _table(ends)
    report.add("summary", "Ensemble summary", body)


def _scenario(report: Report, result: Result) -> None:
    text = result.provenance.get("scenario_text")
    meta = {k: v for k, v in result.meta.items() if k in ("model", "method", "parameters", "map")}
    body = ""
    if meta:
        body += _table(pd.DataFrame({"key": list(meta), "value": [str(v) for v in meta.values()]}))
    reactions = result.meta.get("reactions")
    if isinstance(reactions, str):
        body += f"<h3>Reactions</h3><pre>{html.escape(reactions)}</pre>"
    if text:
        body += f"<h3>Scenario file</h3><pre>{html.escape(str(text))}</pre>"
    if body:
        report.add("scenario", "Scenario", body)


def _provenance(report: Report, result: Result, loaded: Loaded) -> None:
    prov = result.provenance
    facts = {
        "scenario": prov.get("scenario", "?"),
        "engine": result.engine,
        "seed": prov.get("seed", "?"),
        "takes": ", ".join(map(str, _short(result.takes))),
        "created": prov.get("created", "?"),
        "read from": str(loaded.source or ""),
    }
    found = prov.get("versions")
    versions: dict[str, object] = found if isinstance(found, dict) else {}
    facts.update({f"version of {k}": v for k, v in versions.items()})
    table = pd.DataFrame({"what": list(facts), "value": [str(v) for v in facts.values()]})
    report.add("provenance", "Provenance", _table(table))


def _short(takes: list[int]) -> list[str]:
    if len(takes) <= 12:
        return [str(k) for k in takes]
    return [str(k) for k in takes[:5]] + ["…"] + [str(k) for k in takes[-3:]]


def render(report: Report, result: Result) -> str:
    """The whole page as one HTML string."""
    prov = result.provenance
    n = len(result.takes)
    sub = f"{result.engine} engine · {n} take(s) · seed {prov.get('seed', '?')}"
    if prov.get("created"):
        sub += f" · made {prov['created']}"
    notes = ""
    if report.notes:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in report.notes)
        notes = f"<div class='notes' id='notes'><strong>Not everything could be read or drawn:</strong><ul>{items}</ul></div>"
    nav = "".join(f"<a href='#{a}'>{html.escape(h)}</a>" for a, h, _ in report.sections)
    body = "".join(
        f"<section id='{a}'><h2>{html.escape(h)}</h2>{b}</section>" for a, h, b in report.sections
    )
    title = html.escape(report.title)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>hyosan report: {title}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{title}</h1><p class='sub'>{html.escape(sub)}</p>"
        f"{notes}<nav>{nav}</nav>{body}"
        "<p class='sub'>Made by hyosan from stored results alone.</p>"
        "</main></body></html>\n"
    )


def write_report(
    loaded: Loaded,
    out: str | Path,
    *,
    animate: bool = True,
    step: Step | None = None,
    take: int | None = None,
) -> tuple[Path, Report]:
    """Build the report of ``loaded`` and write it to ``out`` (written whole, then renamed)."""
    report = build_report(loaded, animate=animate, step=step, take=take)
    text = render(report, loaded.result)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path, report


def write_html(source: Result | str | Path, out: str | Path, *, animate: bool = True) -> Path:
    """Write the HTML report of a Result, or of a stored run (read as ``hyosan report`` does)."""
    from hyosan.result import Result

    loaded = Loaded(source) if isinstance(source, Result) else load_for_report(source)
    path, _ = write_report(loaded, out, animate=animate)
    return path
