"""Every state letter the CLI prints is explained on the same screen, and the compare table
says what B changed and fits 80 columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import hyosan
from hyosan.cli import main
from hyosan.cli.legend import letters_in
from hyosan.report.style import BUILDING_STATE_NAMES, STATE_NAMES

STATE_LETTERS = set(STATE_NAMES)


def unexplained(screen: str, words: dict[str, str]) -> set[str]:
    """State letters standing alone on ``screen`` with no "<letter> <word>" on it."""
    shown = {letter for line in screen.splitlines() for letter in letters_in(line)}
    return {s for s in shown & STATE_LETTERS if f"{s} {words[s]}" not in screen}


def school(tmp_path: Path) -> Path:
    """A hand-made building result directory: final counts of every state and two named
    characters' fates in three takes."""
    takes = [1, 2, 3]
    final = pd.DataFrame(
        {"take": takes, "S": [5, 3, 4], "E": [0, 1, 0], "Z": [2, 3, 2], "H": [1, 0, 0]}
        | {"D": [1, 2, 2], "V": [1, 1, 2]}
    )
    fates = pd.DataFrame(
        {
            "take": takes * 2,
            "agent": [0] * 3 + [1] * 3,
            "name": ["Nam-ra"] * 3 + ["Su-hyeok"] * 3,
            "fate": ["H", "S", "V", "V", "D", "V"],
        }
    )
    result = hyosan.Result(
        engine="building",
        series=final.assign(t=0.0)[["take", "t", "S", "E", "Z", "H", "D", "V"]],
        final=final,
        tables={"fates": fates},
        meta={"characters": ["Nam-ra", "Su-hyeok"]},
        provenance={"scenario": "tiny-school", "seed": 1},
    )
    out = tmp_path / "school"
    result.to_parquet(out)
    return out


def test_show_and_takes_explain_the_building_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = school(tmp_path)
    for args in (["show", str(run)], ["takes", str(run)]):
        assert main(args) == 0
        screen = capsys.readouterr().out
        assert letters_in(screen), screen  # it does print state letters
        assert not unexplained(screen, BUILDING_STATE_NAMES), (args, screen)


def test_takes_in_words_and_in_letters_agree_on_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = school(tmp_path)
    assert main(["takes", str(run), "--until", "fate('Su-hyeok') == 'rescued'"]) == 0
    words = capsys.readouterr().out
    assert main(["takes", str(run), "--until", "fate('Su-hyeok') == 'V'"]) == 0
    letters = capsys.readouterr().out
    assert "2 of 3 takes: 1, 3" in words and "2 of 3 takes: 1, 3" in letters
    assert main(["takes", str(run), "--until", "survives('Su-hyok')"]) == 2
    error = " ".join(capsys.readouterr().err.split())
    assert "did you mean 'Su-hyeok'" in error


def test_run_and_compare_explain_the_lattice_and_compartmental_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = tmp_path / "szr"
    ssa = ["--set", "method='ssa'"]
    common = ["--takes", "8", "--backend", "serial"]
    assert main(["run", "alemi_szr", *ssa, *common, "--out", str(out), "--no-progress"]) == 0
    screen = capsys.readouterr().out
    assert not unexplained(screen, STATE_NAMES), screen
    assert main(["compare", "alemi_szr", *ssa, "--set-b", "alpha=1.2", *common]) == 0
    screen = capsys.readouterr().out
    assert not unexplained(screen, STATE_NAMES), screen
    assert "B changes" in screen and "alpha: 0.8 → 1.2" in " ".join(screen.split())
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_compare_of_probabilities_fits_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hyosan.cli.compare import _print
    from hyosan.ensemble.compare import COLUMNS, compare_results

    monkeypatch.setenv("COLUMNS", "80")
    takes = [1, 2, 3, 4]
    sides = []
    for alive in ([0, 0, 0, 0], [1, 1, 1, 0]):
        final = pd.DataFrame({"take": takes, "S": [500, 510, 490, 505], "Z": [200] * 4})
        fates = pd.DataFrame(
            {
                "take": takes * 2,
                "name": ["Gwi-nam"] * 4 + ["Son Myung-hwan"] * 4,
                "fate": ["V" if a else "D" for a in alive] + ["Z"] * 4,
            }
        )
        meta = {"characters": ["Gwi-nam", "Son Myung-hwan"]}
        sides.append(hyosan.Result("building", final, final, {"fates": fates}, meta=meta))
    table = compare_results(*sides)
    assert list(table.columns) == COLUMNS
    table.attrs.update(
        changed=["building.decoys: [3 items] → []"],
        a="hyosan-high",
        b="hyosan-high",
        seed=17,
        takes=takes,
        provenance={"a": {"engine": "building"}},
    )
    _print(table, 0.95)
    screen = capsys.readouterr().out
    lines = screen.splitlines()
    assert max(len(line) for line in lines) <= 80, screen
    assert "B changes building.decoys: [3 items] → []" in screen
    assert "Son Myung-hwan survives" in screen  # one line, not survives(`Son Myung-hwan`) folded
    row = next(line for line in lines if "Gwi-nam survives" in line)
    assert "+0.75" in row and row.count("…") == 2  # both intervals whole, on the name's line
    for cell in row.split():
        if "…" in cell:
            low, high = (float(x.replace("−", "-")) for x in cell.split("…"))
            assert -1 <= low <= high <= 1
    assert "S uninfected" in screen and "Z zombie" in screen


def test_analyse_and_sweep_explain_their_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyse", "alemi_szr"]) == 0
    screen = capsys.readouterr().out
    assert letters_in(screen) and not unexplained(screen, STATE_NAMES), screen
    sweep = ["sweep", "alemi_szr", "--set", "method='ssa'", "--grid", "alpha=0.5:1.0:2"]
    assert main([*sweep, "--takes", "2", "--out", str(tmp_path / "sw"), "--no-progress"]) == 0
    screen = capsys.readouterr().out
    assert letters_in(screen) and not unexplained(screen, STATE_NAMES), screen
