"""Questions over takes: the expression language, first take, probability and its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hyosan.ensemble.query import ask, evaluate, measure, take_table
from hyosan.ensemble.summary import fate_probabilities, wilson
from hyosan.errors import HyosanError
from hyosan.result import Result


def building_like(takes: int = 40, seed: int = 4) -> Result:
    """A result shaped like the building engine's, with known fates."""
    rng = np.random.default_rng(seed)
    fates = []
    for k in range(1, takes + 1):
        # Nam-ra survives (as herself or a halfbie) in 3 takes of 4, Su-hyeok in 1 of 2
        fates.append((k, 0, "Nam-ra", "S" if k % 4 == 1 else ("H" if k % 4 else "Z")))
        fates.append((k, 1, "Su-hyeok", "V" if k % 2 == 0 else "D"))
        fates.append((k, 2, "", rng.choice(["S", "Z"])))
    table = pd.DataFrame(fates, columns=["take", "agent", "name", "fate"])
    final = pd.DataFrame({"take": range(1, takes + 1), "S": rng.integers(0, 5, takes)})
    final["Z"] = 5 - final["S"]
    series = final.assign(t=0.0)[["take", "t", "S", "Z"]]
    meta = {"characters": ["Nam-ra", "Su-hyeok"]}
    return Result("building", series, final, tables={"fates": table}, meta=meta)


def test_both_survive_first_take_and_probability() -> None:
    result = building_like()
    answer = ask(result, "survives('Nam-ra') and survives(`Su-hyeok`)")
    # Nam-ra survives unless k % 4 == 0; Su-hyeok survives when k is even: k ≡ 2 (mod 4)
    assert answer.held == [k for k in range(1, 41) if k % 4 == 2]
    assert answer.first == 2 and answer.takes_until == 2
    assert answer.probability == pytest.approx(0.25)
    low, high = answer.interval
    assert low < 0.25 < high


def test_fate_membership_and_counts() -> None:
    result = building_like()
    table = take_table(result)
    got = evaluate('fate("Nam-ra") in ["Z", "D"] or S >= 4', table)
    expected = (table["take"] % 4 == 0) | (table["S"] >= 4)
    assert got.tolist() == expected.tolist()
    assert evaluate("not human('Nam-ra')", table).sum() == 30
    assert evaluate("1 <= S < 3", table).tolist() == ((table.S >= 1) & (table.S < 3)).tolist()


def test_condition_that_never_holds() -> None:
    answer = ask(building_like(), "S > 100")
    assert answer.first is None and answer.count == 0
    assert answer.interval[0] == 0.0 and answer.interval[1] > 0.0


@pytest.mark.parametrize(
    "expression, message",
    [
        ("__import__('os').system('true')", "can be called"),
        ("S.__class__", "Attribute is not allowed"),
        ("survives('Jun-young')", "no character named"),
        ("Q > 1", "unknown name 'Q'"),
        ("S +", "not a valid expression"),
        ("S + 1", "not a condition"),
    ],
)
def test_bad_expressions_are_clear_errors(expression: str, message: str) -> None:
    with pytest.raises(HyosanError, match=message):
        ask(building_like(), expression)


def test_division_by_zero_has_no_value_and_no_comparison_holds_on_it() -> None:
    """docs/ensembles.md: a take whose divisor is 0 has no quotient, and no comparison with it
    holds (!= neither, so `not` of one does); a constant divisor of 0 and a measure with no
    value in a take are errors naming them."""
    table = take_table(building_like())
    zero = table["S"] == 0  # the takes where Z / S has no value
    assert zero.any() and (~zero).any(), "the fixture has takes of both kinds"
    ratio = table["Z"] / table["S"]
    assert evaluate("Z / S > 1", table).tolist() == ((~zero) & (ratio > 1)).tolist()
    assert evaluate("Z / S != 1", table).tolist() == ((~zero) & (ratio != 1)).tolist()
    assert evaluate("not (Z / S >= 0)", table).tolist() == zero.tolist()
    assert not evaluate("S / (S - S) > 0", table).any()
    with pytest.raises(HyosanError, match="division by zero"):
        evaluate("Z / 0 > 1", table)
    first = int(table.loc[zero, "take"].iloc[0])
    with pytest.raises(HyosanError, match=f"no value in take {first} "):
        measure("Z / S", table)


def test_wilson_matches_its_closed_form() -> None:
    # 7 of 20, z = 1.96: the textbook values (Newcombe 1998, method 3)
    low, high = wilson(7, 20)
    assert low == pytest.approx(0.1812, abs=1e-4)
    assert high == pytest.approx(0.5671, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0


def test_fate_probabilities_of_characters() -> None:
    fates = fate_probabilities(building_like(), characters_only=True)
    assert fates is not None
    row = fates[(fates["name"] == "Su-hyeok") & (fates["fate"] == "V")].iloc[0]
    assert row["p"] == pytest.approx(0.5) and row["count"] == 20
    totals = fates.groupby("name")["p"].sum()
    assert np.allclose(totals, 1.0)


@pytest.mark.parametrize(
    "letters, words",
    [
        ("fate('Su-hyeok') == 'V'", "fate('Su-hyeok') == 'rescued'"),
        ("fate(`Nam-ra`) in ['Z', 'D']", "fate(`Nam-ra`) in ['zombie', 'Dead']"),
        ("fate('Nam-ra') != 'H' and S > 1", "fate('Nam-ra') != 'halfbie' and S > 1"),
        ("'S' == fate('Nam-ra')", "'uninfected' == fate('Nam-ra')"),
    ],
)
def test_fates_in_words_and_letters_agree(letters: str, words: str) -> None:
    result = building_like()
    by_letter, by_word = ask(result, letters), ask(result, words)
    assert by_letter.held == by_word.held
    assert by_letter.count > 0  # the condition does hold somewhere: agreement is not vacuous


def test_words_match_what_the_fates_table_holds() -> None:
    # Su-hyeok is rescued (V) in the even takes, as building_like writes the fates table
    assert ask(building_like(), "fate('Su-hyeok') == 'rescued'").held == list(range(2, 41, 2))


@pytest.mark.parametrize(
    "expression, message",
    [
        ("fate('Su-hyeok') == 'rescude'", "'rescude' is not a fate — did you mean 'rescued'"),
        ("fate('Su-hyeok') == 'survived'", "'survived' is not a fate"),
        (
            "survives('Nam-ro')",
            "no character named 'Nam-ro' in this run's fates — did you mean 'Nam-ra'",
        ),
        ("survives('nam-ra')", "did you mean 'Nam-ra'"),
        ("s > 1", "unknown name 's' — did you mean 'S'"),
    ],
)
def test_misspellings_get_the_closest_name(expression: str, message: str) -> None:
    with pytest.raises(HyosanError, match=message):
        ask(building_like(), expression)


def test_errors_do_not_list_hundreds_of_people() -> None:
    result = building_like()
    fates = result.tables["fates"]
    crowd = pd.DataFrame(
        [(k, 10 + i, f"Person {i:03d}", "S") for k in result.takes for i in range(759)],
        columns=fates.columns,
    )
    result.tables["fates"] = pd.concat([fates, crowd], ignore_index=True)
    with pytest.raises(HyosanError) as caught:
        ask(result, "survives('Nam-rah')")
    text = str(caught.value)
    assert "did you mean 'Nam-ra'" in text
    assert "Person 500" not in text and len(text) < 600
