"""One meaning for "survived": the CLI fates table, the report and survives() agree, and
``hyosan show`` lists the scenario's named characters unless asked for everyone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from tests.report.conftest import CHARACTERS, make_building_result

from hyosan.cli import main
from hyosan.cli.fates import SHARES, print_fates
from hyosan.ensemble.query import ask
from hyosan.report.building import fates_summary
from hyosan.result import Result


@pytest.fixture(scope="module")
def building() -> Result:
    return make_building_result(takes=6)


def _survived_share(result: Result, name: str) -> float:
    """The definition in docs/results.md, written out here: S, H or V at the end."""
    fates = result.tables["fates"]
    return float(fates[fates["name"] == name]["fate"].isin(["S", "H", "V"]).mean())


def test_cli_report_and_query_agree_on_survived(building: Result) -> None:
    console = Console(width=80, record=True)
    print_fates(building, console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    report = fates_summary(building).set_index("name")
    shares = [_survived_share(building, name) for name in CHARACTERS]
    assert len(set(shares)) > 2  # the characters differ, so a wrong column would show
    assert "…" not in text
    header = next(line.split() for line in text.splitlines() if line.startswith("name"))
    assert header == ["name", *SHARES, "survived"]
    rows = [line.split() for line in text.splitlines()]
    for name, share in zip(CHARACTERS, shares, strict=True):
        row = next(cells for cells in rows if cells and cells[0] == name)
        assert row[-1] == f"{share:.0%}"  # the last column, survived
        endings = [float(cell.rstrip("%")) for cell in row[1:-1]]
        assert abs(sum(endings) - 100) <= len(endings) / 2  # one per ending: adds up (rounded)
        assert sum(endings[:3]) == pytest.approx(100 * share, abs=1.5)
        assert report.loc[name, "survived"] == f"{share:.0%}"
        assert ask(building, f"survives({name!r})").probability == pytest.approx(share)


def test_show_lists_named_characters_unless_asked(
    building: Result, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    building.to_parquet(tmp_path / "run")
    assert main(["show", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    named = set(re.findall(r"^(On-jo|Cheong-san|Nam-ra|Su-hyeok|Gwi-nam|Hyeon-ju) ", out, re.M))
    assert named == set(CHARACTERS)
    console = Console(width=80, record=True)
    print_fates(building, console)
    assert console.export_text() in out  # the same fates table as after hyosan run
    assert "student 7" not in out
    assert main(["show", str(tmp_path / "run"), "--everyone"]) == 0
    assert "student 7" in capsys.readouterr().out
