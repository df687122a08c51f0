"""Reaction networks: species + reactions with mass-action rate laws.

From one network come the ODE right-hand side, its Jacobian, the stoichiometry and the
propensities of the exact stochastic simulation, so the deterministic and stochastic views of a
model can never disagree about what the model is.

A reaction reads like chemistry: ``"S + Z -> 2 Z"`` (bite), ``"-> S"`` (birth, zero order),
``"Z ->"`` (removal). Its rate is an expression over the model's parameters (``"alpha * beta"``),
evaluated once per parameter set. The ODE flux of a reaction is ``k ∏ x_i^{ν_i}``; the stochastic
propensity is ``k ∏ C(x_i, ν_i) ν_i!``, the usual mass-action convention, equal to the flux for
reactions with distinct reactants.
"""

from __future__ import annotations

import ast
import keyword
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NumPy is imported where arrays are made: listing models needs none
    import numpy as np

_TERM = re.compile(r"^\s*(\d*)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NAME_LENGTH = 64
"""Longest species or parameter name."""
RESERVED = frozenset({"t", "take", "point"})
"""Column names of every result table: no species or parameter may take them."""
MAX_COEFFICIENT = 1000
"""Largest stoichiometric coefficient of a reaction term."""
EXPRESSION_LENGTH = 1000
"""Longest rate expression, in characters."""
_OPS: dict[type, Callable[..., float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def parse_side(text: str) -> dict[str, int]:
    """``"S + 2 Z"`` → ``{"S": 1, "Z": 2}``; ``""`` or ``"0"`` → ``{}``."""
    text = text.strip()
    if text in ("", "0", "∅"):
        return {}
    counts: dict[str, int] = {}
    for term in text.split("+"):
        match = _TERM.match(term)
        if match is None:
            raise ValueError(f"cannot read {term.strip()!r}; write terms like 'S' or '2 Z'")
        number, name = match.groups()
        if len(number) > 4 or int(number or 1) > MAX_COEFFICIENT:
            raise ValueError(
                f"coefficient of {name!r} is too large; allowed: 1 to {MAX_COEFFICIENT}"
            )
        counts[name] = counts.get(name, 0) + int(number or 1)
    return counts


def check_name(name: object, what: str) -> str:
    """A species or parameter name: an ASCII identifier of at most 64 characters that is
    not a Python keyword nor a result column (``t``, ``take``, ``point``).

    Names become table columns and, in generated kernels, are never pasted as code; this
    check is what makes that so for every name a scenario can give.
    """
    if not isinstance(name, str) or not _NAME.match(name) or len(name) > NAME_LENGTH:
        shown = name if not isinstance(name, str) or len(name) <= 80 else name[:80] + "…"
        raise ValueError(
            f"{what} name {shown!r} is not allowed; allowed: a letter or _ then letters, "
            f"digits or _ (ASCII, at most {NAME_LENGTH} characters)"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED:
        raise ValueError(
            f"{what} name {name!r} is reserved; allowed: any other name "
            f"(not a Python keyword, not {', '.join(sorted(RESERVED))})"
        )
    return name


def rate_names(expression: str) -> set[str]:
    """Parameter names an expression uses."""
    return {n.id for n in ast.walk(_parse_expression(expression)) if isinstance(n, ast.Name)}


def evaluate_rate(expression: str | float, parameters: Mapping[str, float]) -> float:
    """Value of a rate expression (numbers, parameter names, + - * / **, parentheses)."""
    if isinstance(expression, int | float):
        value = float(expression)
    else:
        try:
            value = float(_eval(_parse_expression(expression).body, parameters))
        except OverflowError:
            value = math.inf
        except TypeError:  # a negative base to a fractional power is a complex number
            value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"rate {expression!r} is not a finite number")
    return value


@lru_cache(maxsize=4096)
def _parse_expression(expression: str) -> ast.Expression:
    if len(expression) > EXPRESSION_LENGTH:
        raise ValueError(
            f"rate expression of {len(expression)} characters; allowed: at most {EXPRESSION_LENGTH}"
        )
    try:
        tree = ast.parse(expression, mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        raise ValueError(f"cannot read the rate expression {expression!r}") from None
    for node in ast.walk(tree):
        allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant)
        if not isinstance(node, allowed + tuple(_OPS)):
            raise ValueError(
                f"rate expression {expression!r} may use only numbers, parameter names, "
                "+ - * / ** and parentheses"
            )
        if isinstance(node, ast.Name):
            check_name(node.id, "parameter")
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ValueError(f"rate expression {expression!r} may hold only numbers and names")
    return tree


def _eval(node: ast.AST, parameters: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in parameters:
            raise KeyError(node.id)
        return float(parameters[node.id])
    if isinstance(node, ast.BinOp):
        return _OPS[type(node.op)](_eval(node.left, parameters), _eval(node.right, parameters))
    if isinstance(node, ast.UnaryOp):
        return _OPS[type(node.op)](_eval(node.operand, parameters))
    raise ValueError("unsupported expression")


@dataclass(frozen=True)
class Reaction:
    """One reaction: reactants → products at a mass-action rate."""

    name: str
    reactants: dict[str, int]
    products: dict[str, int]
    rate: str | float

    @classmethod
    def parse(cls, name: str, equation: str, rate: str | float) -> Reaction:
        """Build from ``"S + Z -> 2 Z"`` and a rate expression."""
        if "->" not in equation:
            raise ValueError(f"reaction {equation!r} needs an arrow '->'")
        left, right = equation.split("->", 1)
        return cls(name, parse_side(left), parse_side(right), rate)

    @property
    def equation(self) -> str:
        def side(counts: dict[str, int]) -> str:
            return " + ".join(f"{n} {s}" if n > 1 else s for s, n in counts.items()) or "∅"

        return f"{side(self.reactants)} → {side(self.products)}"


@dataclass(frozen=True)
class Network:
    """Species and reactions; derives everything the solvers need."""

    species: tuple[str, ...]
    reactions: tuple[Reaction, ...]

    def __post_init__(self) -> None:
        for name in self.species:
            check_name(name, "species")
        for reaction in self.reactions:
            if not isinstance(reaction.name, str) or not reaction.name.isprintable():
                raise ValueError(f"reaction name {reaction.name!r} must be printable text")
            if not 0 < len(reaction.name) <= NAME_LENGTH:
                raise ValueError(
                    f"reaction name {reaction.name[:80]!r} has {len(reaction.name)} characters; "
                    f"allowed: 1 to {NAME_LENGTH}"
                )
        known = set(self.species)
        if len(known) != len(self.species):
            raise ValueError(f"species are listed twice: {list(self.species)}")
        for reaction in self.reactions:
            unknown = (set(reaction.reactants) | set(reaction.products)) - known
            if unknown:
                raise ValueError(
                    f"reaction {reaction.name!r} uses species {sorted(unknown)} "
                    f"not among {list(self.species)}"
                )

    @property
    def parameters(self) -> set[str]:
        """Every parameter name the rates use."""
        names: set[str] = set()
        for reaction in self.reactions:
            if isinstance(reaction.rate, str):
                names |= rate_names(reaction.rate)
        return names

    def index(self, name: str) -> int:
        return self.species.index(name)

    @cached_property
    def orders(self) -> np.ndarray:
        """Reactant counts, shape (reactions, species)."""
        import numpy as np

        out = np.zeros((len(self.reactions), len(self.species)), dtype=np.int64)
        for j, reaction in enumerate(self.reactions):
            for name, n in reaction.reactants.items():
                out[j, self.index(name)] = n
        return out

    @cached_property
    def stoichiometry(self) -> np.ndarray:
        """Net change of each species per reaction, shape (reactions, species)."""
        out = -self.orders.copy()
        for j, reaction in enumerate(self.reactions):
            for name, n in reaction.products.items():
                out[j, self.index(name)] += n
        return out

    def rate_constants(self, parameters: Mapping[str, float]) -> np.ndarray:
        """Rate constant of each reaction for a parameter set."""
        import numpy as np

        return np.array([evaluate_rate(r.rate, parameters) for r in self.reactions])

    def conserved(self) -> np.ndarray:
        """A basis of conservation laws: rows w with w · stoichiometry = 0."""
        import numpy as np

        s = self.stoichiometry.astype(float)
        if s.size == 0:
            return np.eye(len(self.species))
        _, sv, vt = np.linalg.svd(s)
        rank = int((sv > 1e-12).sum())
        return vt[rank:]

    @cached_property
    def rhs_source(self) -> str:
        """Python source of the right-hand side, one line per reaction flux."""
        unpack = ", ".join(f"y{i}" for i in range(len(self.species)))
        lines = ["def rhs(t, y, k):", f"    ({unpack},) = y"]
        for j in range(len(self.reactions)):
            factors = [f"k[{j}]"] + [
                f"y{i}" for i, n in enumerate(self.orders[j]) for _ in range(int(n))
            ]
            lines.append(f"    r{j} = {' * '.join(factors)}")
        terms = []
        for i in range(len(self.species)):
            parts = [_signed(int(c), f"r{j}") for j, c in enumerate(self.stoichiometry[:, i]) if c]
            terms.append(" ".join(parts).lstrip("+ ") if parts else "0.0")
        lines.append(f"    return [{', '.join(terms)}]")
        return "\n".join(lines)

    @cached_property
    def rhs(self) -> Callable[[float, np.ndarray, np.ndarray], list[float]]:
        """The ODE right-hand side ``f(t, y, k)``, generated as plain Python from the network.

        Written out term by term, it costs what a hand-written right-hand side costs.
        """
        scope: dict[str, object] = {}
        exec(compile(self.rhs_source, f"<rhs {' '.join(self.species)}>", "exec"), scope)
        return scope["rhs"]  # type: ignore[return-value]

    def jacobian(self, y: np.ndarray, k: np.ndarray) -> np.ndarray:
        """∂f/∂y at state ``y`` for rate constants ``k`` (exact, from the mass-action form)."""
        import numpy as np

        y = np.asarray(y, dtype=float)
        n_r, n_s = self.orders.shape
        dflux = np.zeros((n_r, n_s))
        for j in range(n_r):
            for i in range(n_s):
                n = self.orders[j, i]
                if n == 0:
                    continue
                term = k[j] * n * y[i] ** (n - 1)
                for m in range(n_s):
                    if m != i and self.orders[j, m]:
                        term *= y[m] ** self.orders[j, m]
                dflux[j, i] = term
        return self.stoichiometry.T.astype(float) @ dflux

    def flux(self, y: np.ndarray, k: np.ndarray) -> np.ndarray:
        """ODE flux of each reaction at state ``y``."""
        import numpy as np

        return k * np.prod(np.asarray(y, dtype=float) ** self.orders, axis=1)

    def describe(self) -> str:
        """The reactions, one per line, with their rates."""
        return "\n".join(f"{r.name}: {r.equation}  [{r.rate}]" for r in self.reactions)


def _signed(coefficient: int, name: str) -> str:
    size = abs(coefficient)
    term = name if size == 1 else f"{size} * {name}"
    return f"+ {term}" if coefficient > 0 else f"- {term}"
