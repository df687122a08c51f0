"""The HTML report: self-contained, complete, and shown whole by a real browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from hyosan.cli import main
from hyosan.report.html import write_report
from hyosan.report.load import Loaded, load_any
from hyosan.result import Result

from .conftest import CHROMIUM_ARGS, chromium_or_skip

pytestmark = pytest.mark.filterwarnings("error::UserWarning")

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?!data:|#)([^"']+)""", re.IGNORECASE)


@pytest.fixture(scope="module")
def reports(
    tmp_path_factory: pytest.TempPathFactory, all_results: dict[str, Result]
) -> dict[str, tuple[Path, int]]:
    root = tmp_path_factory.mktemp("reports")
    out = {}
    for kind, result in all_results.items():
        path, report = write_report(Loaded(result, [], root / kind), root / f"{kind}.html")
        out[kind] = (path, report.figures)
    return out


def test_reports_need_no_network(reports: dict[str, tuple[Path, int]]) -> None:
    for path, _ in reports.values():
        text = path.read_text()
        assert EXTERNAL.findall(text) == []
        assert "<script" not in text


def test_building_report_tells_the_story(
    reports: dict[str, tuple[Path, int]], building_result: Result
) -> None:
    path, figures = reports["building"]
    text = path.read_text()
    assert figures == 7  # six panels and the animation
    assert text.count("<img ") == figures
    story = building_result.tables["narrative"]
    alive = building_result.final[["S", "H", "V"]].sum(axis=1).tolist()
    typical = building_result.final["take"].iloc[sorted(range(2), key=lambda i: alive[i])[0]]
    shown = story[story["take"] == typical]
    assert text.count("<li><span class='t'>") == len(shown)
    assert f"What happened in take {typical}" in text
    assert "the lab animal infects Hyeon-ju" in text
    for name in building_result.meta["characters"]:
        assert name in text
    assert 'id="fig-animation"' in text and "image/gif" in text
    assert "How each named character's takes ended, and why" in text


def test_the_report_says_which_take_it_shows_and_why(
    tmp_path: Path, building_result: Result
) -> None:
    survivors = building_result.final.set_index("take")[["S", "H", "V"]].sum(axis=1)
    typical = int(survivors.sort_values(kind="stable").index[(len(survivors) - 1) // 2])
    path, _ = write_report(Loaded(building_result, [], tmp_path), tmp_path / "r.html")
    text = path.read_text()
    assert f"take {typical}, the typical take: its {int(survivors[typical])} survivors" in text
    assert f"The school at the end of take {typical}</h3>" in text
    assert f"Transmission tree of take {typical}</h3>" in text
    other = 3 - typical
    path, _ = write_report(
        Loaded(building_result, [], tmp_path), tmp_path / "k.html", take=other, animate=False
    )
    text = path.read_text()
    assert f"take {other}, as asked" in text
    for heading in ("The school at the end of take", "What happened in take"):
        assert f"{heading} {other}<" in text and f"{heading} {typical}<" not in text


def test_a_run_of_one_take_is_headed_by_that_take(tmp_path: Path, building_result: Result) -> None:
    """hyosan run --take 2 alone: the figures were headed "take 1" above a picture of take 2."""
    alone = building_result.take(2)
    assert alone.takes == [2]
    path, _ = write_report(Loaded(alone, [], tmp_path), tmp_path / "r.html", animate=False)
    text = path.read_text()
    for heading in ("The school at the end of take", "Transmission tree of take"):
        assert f"{heading} 2<" in text and f"{heading} 1<" not in text


def test_the_story_is_told_on_the_school_clock(tmp_path: Path, building_result: Result) -> None:
    path, _ = write_report(
        Loaded(building_result, [], tmp_path), tmp_path / "r.html", animate=False
    )
    story = path.read_text().split("<ol class='story'>")[1].split("</ol>")[0]
    times = re.findall(r"<span class='t'>([^<]*)</span>([^<]*)</li>", story)
    assert times
    for when, line in times:
        assert re.fullmatch(r"day \d+, \d\d:\d\d|the day before, \d\d:\d\d", when), when
        assert not re.match(r"-?\d+:\d\d — ", line), line  # one time format, not two


def test_compartmental_report_has_summary_scenario_and_provenance(
    reports: dict[str, tuple[Path, int]], ssa_result: Result
) -> None:
    text = reports["compartmental-ssa"][0].read_text()
    for section in ("figures", "summary", "scenario", "provenance"):
        assert f"<section id='{section}'>" in text
    assert "alemi_szr" in text and "S + Z → 2 Z" in text
    mean_z = ssa_result.final["Z"].mean()
    assert f"{mean_z:,.2f}" in text


def test_lattice_report_says_where_to_hide(
    reports: dict[str, tuple[Path, int]], lattice_result: Result
) -> None:
    text = reports["lattice"][0].read_text()
    assert "<section id='places'>" in text
    section = text.split("<section id='places'>")[1].split("</section>")[0]
    # safest first: reached in the fewest takes, then latest (docs/report.md)
    places = lattice_result.tables["places"]
    hits = places.groupby("place")["t_reached"].count()
    late = places.groupby("place")["t_reached"].median()
    names = sorted(hits.index, key=lambda p: (hits[p], -late[p]))
    assert names == ["Hyosan High", "harbour", "Seoul station"]
    positions = [section.index(n) for n in names]
    assert positions == sorted(positions), "places are not listed safest first"
    assert "nan" not in section and ".00" not in section
    assert f"{hits['harbour']} of 3 takes" in section
    assert reports["lattice"][1] == 6  # five panels and the animation
    assert "Take 3: the spread over the map" in text  # the take that reached most cells


def test_make_run_path_alemi_ssa_fifty_takes(tmp_path: Path) -> None:
    out = tmp_path / "alemi"
    assert (
        main(["run", "alemi_szr", "--set", "method=ssa", "--takes", "50", "--out", str(out)]) == 0
    )
    assert main(["report", str(out)]) == 0
    text = (out / "report.html").read_text()
    assert "50 take(s)" in text
    assert text.count("<img ") == 3
    assert len(load_any(out).takes) == 50


def _open(page: Any, path: Path) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on(
        "request",
        lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert requests == [], f"the report asked the network for {requests}"
    return errors


def test_reports_open_in_chromium_with_every_figure_shown(
    reports: dict[str, tuple[Path, int]], tmp_path: Path
) -> None:
    executable = chromium_or_skip()
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            for kind, (path, figures) in reports.items():
                errors = _open(page, path)
                assert errors == [], f"{kind}: console errors {errors}"
                widths = page.eval_on_selector_all(
                    "figure img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
                )
                assert len(widths) == figures, kind
                assert all(w > 100 for w in widths), f"{kind}: an image did not load: {widths}"
                shot = tmp_path / f"{kind}.png"
                page.screenshot(path=str(shot), full_page=True)
                pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
                assert pixels.shape[0] > 2000, f"{kind}: page too short to hold its figures"
                assert pixels.std() > 20, f"{kind}: screenshot is blank"
                assert (pixels < 128).mean() > 0.01, f"{kind}: screenshot has no ink"
        finally:
            browser.close()


def test_every_figure_fits_its_page_with_its_title_and_caption(
    reports: dict[str, tuple[Path, int]],
) -> None:
    """In Chromium at 1200 × 900 and at a phone's 400 px: no figure runs past the page's
    column, the page never scrolls sideways, and each figure has its heading and caption; the
    building report says above its figures which take they show."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    measure = """() => {
        const main = document.querySelector('main').getBoundingClientRect();
        return {
            sideways: document.documentElement.scrollWidth - window.innerWidth,
            figures: [...document.querySelectorAll('figure')].map(f => {
                const img = f.querySelector('img').getBoundingClientRect();
                return {id: f.id, left: img.left - main.left, right: main.right - img.right,
                        title: (f.querySelector('h3') || {}).textContent || '',
                        caption: (f.querySelector('figcaption') || {}).textContent || ''};
            }),
        };
    }"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for width in (1200, 400):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for kind, (path, _) in reports.items():
                    assert _open(page, path) == []
                    seen = page.evaluate(measure)
                    assert seen["sideways"] <= 0, (kind, width, seen["sideways"])
                    for figure in seen["figures"]:
                        assert figure["left"] >= 0 and figure["right"] >= 0, (kind, figure)
                        assert figure["caption"].strip(), (kind, figure)
                        if figure["id"] != "fig-animation":  # the section's heading names it
                            assert figure["title"].strip(), (kind, figure)
                    if kind == "building":
                        said = page.text_content("#shown-take") or ""
                        assert "the typical take" in said and "survivors" in said
                page.close()
        finally:
            browser.close()


def test_write_html_takes_a_result_or_a_run(tmp_path: Path, ssa_result: Result) -> None:
    from hyosan import report

    from_result = report.write_html(ssa_result, tmp_path / "a.html")
    run = ssa_result.to_parquet(tmp_path / "run")
    from_run = report.write_html(run, tmp_path / "b.html")
    for path in (from_result, from_run):
        assert path.read_text().count("<img ") == 3


def test_endings_count_the_takes(ssa_result: Result) -> None:
    from hyosan.report.html import outcomes

    ends = outcomes(ssa_result).set_index("ending")
    gone = int((ssa_result.final["Z"] <= 0).sum())
    assert ends.loc["no zombie left at the end", "takes"] == gone
    share = gone / len(ssa_result.final)
    expected = f"once every {1 / share:.3g} takes" if gone else f"none of {len(ssa_result.final)}"
    assert ends.loc["no zombie left at the end", "odds"] == expected


def test_a_take_left_with_only_a_halfbie_counts_as_survived() -> None:
    """docs/results.md: survived means S, H or V at the end — a lone halfbie survived."""
    from types import SimpleNamespace

    from hyosan.report.html import outcomes

    final = pd.DataFrame(
        {"take": [1, 2, 3], "S": [0, 0, 2], "E": [0, 1, 0], "Z": [5, 4, 0]}
        | {"H": [1, 0, 0], "D": [9, 10, 3], "V": [0, 0, 1]}
    )
    ends = outcomes(SimpleNamespace(final=final, engine="building")).set_index("ending")  # type: ignore[arg-type]
    assert ends.loc["someone survived (S, H or V)", "takes"] == 2
