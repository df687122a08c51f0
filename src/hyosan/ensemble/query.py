"""Questions over takes: a small, safe expression language over one row per take.

Each take is a row of :func:`take_table`: ``take``, the final count of every state (``S``,
``Z`` …) and, when the result has a ``fates`` table, the fate of every named character. An
expression is a Python-like condition over those names, for example::

    Z == 0                                   the zombies died out
    S >= 500 and R < 100                     most survived, few were destroyed
    survives("Nam-ra") and survives("Su-hyeok")
    fate("Cheong-san") in ["Z", "D"]         turned or died
    fate("Cheong-san") == "rescued"          the same fates in words: fate("Cheong-san") == "V"
    human(`On-jo`)                           backticks quote a name that is not an identifier

Allowed: numbers, strings, lists of them, ``and or not``, comparisons (``== != < <= > >= in``,
``not in``, chained), ``+ - * /`` and three functions of a character's name: ``fate(name)`` (the
state they end in: S E Z H D V, compared with a letter or its word in :data:`FATE_WORDS` —
uninfected, infected, zombie, halfbie, dead, rescued — so ``"V"`` and ``"rescued"`` agree),
``survives(name)`` (*survived*, as :mod:`hyosan.outcomes`
defines it for the CLI and the report too: S, H or V — a halfbie keeps their mind) and
``human(name)`` (S or V: never infected). Nothing else is evaluated: no attributes, no other
calls, no imports, so an expression cannot do harm. Its cost is bounded too: at most 2,000
characters, 500 syntax nodes nested at most 50 deep, strings of at most 200 characters, lists
of at most 1,000 items, numbers within ±10^15, arithmetic on numbers only (so no string or list
can be repeated), and a time budget of a few seconds.

A division by zero has no number: ``x / 0`` with a constant 0 is an error, and in a take whose
divisor is 0 the quotient has no value, so any comparison with it does not hold in that take
(``!=`` neither) and a measure (``--outcome``) with no value in a take is an error naming it.
"""

from __future__ import annotations

import ast
import difflib
import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hyosan.ensemble.summary import wilson
from hyosan.errors import HyosanError
from hyosan.outcomes import FATE_WORDS, HUMAN, SURVIVED
from hyosan.result import Result

SURVIVES = SURVIVED
FUNCTIONS = ("fate", "survives", "human")
MAX_LENGTH = 2000
"""Longest expression, in characters."""
MAX_NODES = 500
"""Most syntax nodes of an expression."""
MAX_DEPTH = 50
"""Deepest nesting of an expression."""
MAX_STRING = 200
"""Longest string literal."""
MAX_LIST = 1000
"""Most items of a list literal."""
MAX_NUMBER = 1e15
"""Largest magnitude of a number literal."""
TIME_BUDGET = 5.0
"""Seconds an expression may take over all takes."""
LISTED_NAMES = 12
"""An error lists the run's names in full up to this many; beyond, a count and a hint."""
FATE_CODES: dict[str, str] = {
    **{letter: letter for letter in FATE_WORDS},
    **{word: letter for letter, word in FATE_WORDS.items()},
}
"""A fate as written in a condition (letter or word, any case) → its letter."""


def fate_code(text: str) -> str | None:
    """The letter of a fate written as a letter or a word ("V", "rescued"), or None."""
    key = text.strip()
    return FATE_CODES.get(key) or FATE_CODES.get(key.lower()) or FATE_CODES.get(key.upper())


def did_you_mean(name: str, choices: list[str]) -> str:
    """ " — did you mean 'X'?" for the closest of ``choices`` (difflib), or ""."""
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = [lowered[c] for c in difflib.get_close_matches(name.lower(), list(lowered), n=3)]
    return f" — did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def take_table(result: Result) -> pd.DataFrame:
    """One row per take: ``take``, final state counts, and each named character's fate."""
    table = result.final.sort_values("take", kind="stable").reset_index(drop=True)
    fates = result.tables.get("fates")
    if fates is not None and not fates.empty and "name" in fates:
        named = fates[fates["name"].fillna("").astype(str) != ""]
        if not named.empty:
            wide = named.pivot_table(
                index="take", columns="name", values="fate", aggfunc="first"
            ).reset_index()
            wide.columns = [str(c) for c in wide.columns]
            table = table.merge(wide, on="take", how="left")
    return table


def characters(table: pd.DataFrame, result: Result) -> list[str]:
    """Names of the characters with a fate column."""
    return [c for c in table.columns if c not in result.final.columns]


@dataclass
class Answer:
    """How an expression fared over the takes of a run.

    ``held`` lists the takes where it held, in take order; ``position`` is how many takes were
    run until it first held, counting that one (0 if it never held).
    """

    expression: str
    takes: int
    held: list[int]
    position: int = 0

    @property
    def count(self) -> int:
        return len(self.held)

    @property
    def first(self) -> int | None:
        """The first take (in take order) where it held."""
        return self.held[0] if self.held else None

    @property
    def takes_until(self) -> int | None:
        """How many takes were run until it first held (counting that one)."""
        return self.position if self.held else None

    @property
    def probability(self) -> float:
        return self.count / self.takes if self.takes else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """95 % Wilson interval of the probability."""
        return wilson(self.count, self.takes)


def ask(result: Result, expression: str) -> Answer:
    """Evaluate ``expression`` on every take of ``result``."""
    table = take_table(result)
    mask = evaluate(expression, table)
    held = [int(k) for k in table.loc[mask, "take"]]
    position = int(np.flatnonzero(mask.to_numpy())[0]) + 1 if held else 0
    return Answer(expression, len(table), held, position)


_BACKTICK = re.compile(r"`([^`]*)`")


def evaluate(expression: str, table: pd.DataFrame) -> pd.Series:
    """A boolean Series, one value per row of ``table``."""
    value = _value(expression, table, "--until")
    if isinstance(value, pd.Series) and value.dtype == bool:
        return value
    if isinstance(value, (bool, np.bool_)):
        return pd.Series(bool(value), index=table.index)
    raise _error(expression, "the expression is not a condition (true or false per take)", table)


def measure(expression: str, table: pd.DataFrame, where: str = "--outcome") -> pd.Series:
    """A number per row of ``table``: a count (``S``, ``S + V``) or a condition as 1 or 0
    (``survives("Nam-ra")``), for averages and differences over takes."""
    return measured(expression, table, where)[0]


def measured(
    expression: str, table: pd.DataFrame, where: str = "--outcome"
) -> tuple[pd.Series, bool]:
    """:func:`measure`, and whether the expression is a condition (its values are 1 or 0: a
    probability, whose intervals must stay within its scale)."""
    value = _value(expression, table, where)
    if isinstance(value, pd.Series) and (
        value.dtype == bool or pd.api.types.is_numeric_dtype(value)
    ):
        missing = value.isna().to_numpy()
        if missing.any():
            take = table["take"].iloc[int(np.flatnonzero(missing)[0])]
            message = f"has no value in take {take} (a division by zero)"
            raise _error(expression, message, table, where)
        return value.astype(float), value.dtype == bool
    raise _error(expression, "the expression is not a number or a condition per take", table, where)


def _value(expression: str, table: pd.DataFrame, where: str) -> Any:
    """What ``expression`` evaluates to over ``table`` (a Series or a constant)."""
    quoted: dict[str, str] = {}

    def hide(match: re.Match[str]) -> str:
        key = f"__name{len(quoted)}"
        quoted[key] = match.group(1)
        return key

    if len(expression) > MAX_LENGTH:
        shown = expression[:80] + "…"
        raise _error(
            shown,
            f"expression of {len(expression):,} characters (at most {MAX_LENGTH:,})",
            table,
            where,
        )
    source = _BACKTICK.sub(hide, expression)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise _error(expression, f"not a valid expression ({exc.msg})", table, where) from None
    except (RecursionError, MemoryError, ValueError):
        raise _error(
            expression, "not a valid expression (nested too deeply)", table, where
        ) from None
    _check_size(tree, expression, table, where)
    evaluator = _Evaluator(table, quoted, expression, where)
    try:
        value = evaluator.visit(tree.body)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, RecursionError) as exc:
        message = f"cannot be evaluated ({type(exc).__name__}: {str(exc)[:100]})"
        raise _error(expression, message, table, where) from None
    return value


def _check_size(tree: ast.AST, expression: str, table: pd.DataFrame, where: str) -> None:
    """Refuse expressions too large or too deep, and literals too large, before evaluating."""
    nodes = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _error(
                expression,
                f"expression too large (at most {MAX_NODES} parts nested {MAX_DEPTH} deep)",
                table,
                where,
            )
        if isinstance(node, ast.Constant):
            _check_literal(node.value, expression, table, where)
        if isinstance(node, ast.List | ast.Tuple) and len(node.elts) > MAX_LIST:
            raise _error(expression, f"a list of more than {MAX_LIST} items", table, where)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_literal(value: object, expression: str, table: pd.DataFrame, where: str) -> None:
    if isinstance(value, str) and len(value) > MAX_STRING:
        raise _error(expression, f"a string of more than {MAX_STRING} characters", table, where)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not abs(value) <= MAX_NUMBER  # also refuses nan and inf
    ):
        raise _error(expression, f"a number beyond ±{MAX_NUMBER:g}", table, where)


def _error(
    expression: str, message: str, table: pd.DataFrame, where: str = "--until"
) -> HyosanError:
    return HyosanError.one(message, where=where, value=expression, allowed=_allowed(table))


def _allowed(table: pd.DataFrame) -> str:
    """What a condition can use, short: the counts, and the people's names when few."""
    counts = [str(c) for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    people = [str(c) for c in table.columns if str(c) not in counts]
    if len(people) > LISTED_NAMES:
        names = f"; {len(people):,} people by name (hyosan takes RUN lists the named characters)"
    else:
        names = f"; characters {', '.join(people)}" if people else ""
    fates = ", ".join(f"{k} {v}" for k, v in FATE_WORDS.items())
    return (
        f"conditions over the counts {', '.join(counts)}{names}; functions "
        f"{', '.join(FUNCTIONS)}; fates as letters or words ({fates})"
    )


_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}
_ARITH = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
}


def _has_value(value: Any) -> Any:
    """False in each take where ``value`` has no number (a division by zero), True elsewhere:
    a comparison with no number does not hold, whichever the comparison (``!=`` too)."""
    if isinstance(value, pd.Series) and pd.api.types.is_float_dtype(value.dtype):
        return value.notna()
    return True


def _is_fate(value: Any) -> bool:
    """A column of fates (text), as ``fate(name)`` or a character's name gives."""
    return (
        isinstance(value, pd.Series)
        and not pd.api.types.is_numeric_dtype(value.dtype)
        and (value.dtype != bool)
    )


class _Evaluator:
    def __init__(
        self, table: pd.DataFrame, quoted: dict[str, str], expression: str, where: str
    ) -> None:
        self.table = table
        self.quoted = quoted
        self.expression = expression
        self.deadline = time.monotonic() + TIME_BUDGET
        self.where = where

    def fail(self, message: str) -> HyosanError:
        return _error(self.expression, message, self.table, self.where)

    def visit(self, node: ast.AST) -> Any:
        if time.monotonic() > self.deadline:
            raise self.fail(f"the expression took more than {TIME_BUDGET:g} s")
        if isinstance(node, ast.BoolOp):
            values = [self._bool(self.visit(v)) for v in node.values]
            out = values[0]
            for v in values[1:]:
                out = (out & v) if isinstance(node.op, ast.And) else (out | v)
            return out
        if isinstance(node, ast.UnaryOp):
            operand = self.visit(node.operand)
            if isinstance(node.op, ast.Not):
                return ~self._bool(operand)
            if isinstance(node.op, ast.USub):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return operand
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.BinOp) and type(node.op) in (*_ARITH, ast.Div):
            left, right = self._number(self.visit(node.left)), self._number(self.visit(node.right))
            if isinstance(node.op, ast.Div):
                return self._divide(left, right)
            return _ARITH[type(node.op)](left, right)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool)):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.visit(e) for e in node.elts]
        if isinstance(node, ast.Name):
            return self._column(self.quoted.get(node.id, node.id))
        if isinstance(node, ast.Call):
            return self._call(node)
        raise self.fail(f"{type(node).__name__} is not allowed here")

    def _number(self, value: Any) -> Any:
        """An operand of + - * /: a number or a column of numbers, never text or a list."""
        if isinstance(value, bool) or not isinstance(value, int | float | pd.Series):
            raise self.fail("+ - * / work on numbers and counts only")
        if isinstance(value, pd.Series) and not pd.api.types.is_numeric_dtype(value.dtype):
            raise self.fail("+ - * / work on numbers and counts only, not on fates")
        return value

    def _divide(self, left: Any, right: Any) -> Any:
        """``left / right``; a take whose divisor is 0 gets no number (NaN), and a constant
        divisor of 0 is an error, as it has no number in any take."""
        if isinstance(right, pd.Series):
            return left / right.where(right != 0)
        if right == 0:
            raise self.fail("division by zero: a constant divisor of 0 has no value in any take")
        return left / right

    def _bool(self, value: Any) -> Any:
        if isinstance(value, pd.Series):
            if value.dtype != bool:
                raise self.fail("and/or/not need conditions, not counts or names")
            return value
        return pd.Series(bool(value), index=self.table.index)

    def _compare(self, node: ast.Compare) -> pd.Series:
        left = self.visit(node.left)
        out: pd.Series | None = None
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.visit(right_node)
            if _is_fate(left):
                right = self._fate_literal(right)
            if _is_fate(right):
                left = self._fate_literal(left)
            if isinstance(op, (ast.In, ast.NotIn)):
                if not isinstance(right, list) or not isinstance(left, pd.Series):
                    raise self.fail("'in' needs a column on the left and a list on the right")
                part = left.isin(right)
                if isinstance(op, ast.NotIn):
                    part = ~part
            elif type(op) in _COMPARE:
                part = _COMPARE[type(op)](left, right) & _has_value(left) & _has_value(right)
            else:
                raise self.fail(f"{type(op).__name__} is not an allowed comparison")
            part = self._bool(part)
            out = part if out is None else (out & part)
            left = right
        assert out is not None
        return out

    def _fate_literal(self, value: Any) -> Any:
        """A fate written as a letter or a word, as its letter; anything else is refused with
        the closest fate, so a misspelt fate is not silently never matched."""
        if isinstance(value, list):
            return [self._fate_literal(v) for v in value]
        if not isinstance(value, str):
            return value
        code = fate_code(value)
        if code is None:
            hint = did_you_mean(value, list(FATE_WORDS.values()))
            raise self.fail(f"{value!r} is not a fate{hint}")
        return code

    def _column(self, name: str) -> pd.Series:
        if name not in self.table.columns:
            hint = did_you_mean(name, [str(c) for c in self.table.columns])
            raise self.fail(f"unknown name {name!r}{hint}")
        return self.table[name]

    def _call(self, node: ast.Call) -> pd.Series:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise self.fail("only fate(name), survives(name) and human(name) can be called")
        if node.keywords or len(node.args) != 1:
            raise self.fail(f"{node.func.id} takes one character name")
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            name = arg.value
        elif isinstance(arg, ast.Name):
            name = self.quoted.get(arg.id, arg.id)
        else:
            raise self.fail(f"{node.func.id} takes a character name in quotes")
        if name not in self.table.columns:
            people = [
                str(c)
                for c in self.table.columns
                if not pd.api.types.is_numeric_dtype(self.table[c])
            ]
            hint = did_you_mean(name, people)
            raise self.fail(f"no character named {name!r} in this run's fates{hint}")
        fate = self.table[name].astype(object)
        if node.func.id == "fate":
            return fate
        allowed = SURVIVES if node.func.id == "survives" else HUMAN
        return fate.isin(allowed).astype(bool)
