"""Reading scenarios: TOML text → overrides → validation, with errors that name file and key."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
import tomllib
from pydantic import BaseModel, ValidationError

from hyosan.errors import HyosanError, KeyProblem, Problem
from hyosan.files import input_file
from hyosan.scenario.model import Scenario

SHIPPED = "hyosan.scenarios"
Model = TypeVar("Model", bound=BaseModel)
MAX_FILE_BYTES = 10 * 2**20
"""Largest scenario file: far beyond any real one, small enough to read at once."""
MAX_KEY_PARTS = 16
"""Deepest key an override may name."""


def shipped_scenarios() -> dict[str, Path]:
    """Scenario files shipped with hyosan, by name (file stem)."""
    root = resources.files(SHIPPED)
    return {
        Path(item.name).stem: Path(str(item))
        for item in root.iterdir()
        if item.name.endswith(".toml")
    }


def resolve(target: str | Path) -> tuple[dict[str, Any], str, Path | None]:
    """Find a scenario by file path, shipped scenario name or catalog model name.

    Returns the raw table, a label for messages and the file it came from (if any).
    """
    path = Path(target)
    try:
        exists, is_file = path.exists(), path.is_file()
    except (OSError, ValueError) as exc:  # a name too long for the system, a NUL byte
        raise HyosanError.one(
            f"not a usable file name ({getattr(exc, 'strerror', None) or 'a NUL byte'})",
            value=_shorten(str(target)),
            allowed="a scenario file, shipped scenario or catalog model",
        ) from None
    if path.suffix == ".toml" or exists:
        if not is_file:
            input_file(path, what="scenario file", allowed="an existing .toml file")
        return read_toml(path), str(path), path
    name = str(target)
    shipped = shipped_scenarios()
    if name in shipped:
        return read_toml(shipped[name]), name, shipped[name]
    from hyosan.compartmental.catalog import CATALOG, scenario_table

    if name in CATALOG:
        return scenario_table(name), f"model {name}", None
    allowed = ", ".join(sorted(shipped) + sorted(CATALOG))
    raise HyosanError.one(
        "not a scenario file, shipped scenario or catalog model",
        value=_shorten(name),
        allowed=allowed,
    )


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error names its line and column."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise HyosanError.one(f"cannot read: {exc.strerror}", source=str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise HyosanError.one(
            "file too large for a scenario", source=str(path), allowed=f"≤ {MAX_FILE_BYTES:,} bytes"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HyosanError.one(
            f"not a UTF-8 TOML file (byte {exc.start} cannot be read as UTF-8)",
            source=str(path),
            allowed="a TOML text file in UTF-8 (save it as UTF-8 without a byte-order mark)",
        ) from None
    return parse_toml(text, str(path))


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error names its line and column."""
    if "\x00" in text:
        raise HyosanError.one(
            "not a UTF-8 TOML file (it holds NUL bytes)", source=source, allowed="TOML text"
        )
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise HyosanError.one(
            "not valid TOML: arrays or tables nested too deeply", source=source
        ) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"line {found.group(1)}, column {found.group(2)}" if found else ""
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise HyosanError.one(f"not valid TOML: {message}", source=source, where=where) from None


def apply_overrides(table: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``key.path=value`` overrides (values in TOML syntax, else strings).

    A key without dots that is not a top-level key is looked up in the engine's table, then in
    its ``parameters`` table, so ``--set beta=0.01`` works for a compartmental model.
    """
    out = _deep_copy(table)
    for item in overrides:
        if "=" not in item:
            raise HyosanError.one(
                "an override needs a key and a value",
                source="--set",
                value=item,
                allowed="key=value, e.g. seed=3 or compartmental.parameters.beta=0.01",
            )
        key, raw = (part.strip() for part in item.split("=", 1))
        value = _parse_value(raw)
        path = _override_path(out, key)
        if len(path) > MAX_KEY_PARTS or not all(path):
            raise HyosanError.one(
                "not a key of the scenario",
                source="--set",
                value=_shorten(key),
                allowed=f"dotted names of at most {MAX_KEY_PARTS} parts, e.g. lattice.bond.rows",
            )
        node = out
        parts = iter(path[:-1])
        for part in parts:
            child = node.setdefault(part, {})
            if _is_named_list(child):
                child = _entry(child, next(parts, path[-1]), key)
            if not isinstance(child, dict):
                raise HyosanError.one(
                    "cannot set a key inside a value", source="--set", where=key, value=child
                )
            node = child
        node[path[-1]] = value
    return out


def _is_named_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(e, dict) for e in value)


def _entry(entries: list[dict[str, Any]], name: str, key: str) -> dict[str, Any]:
    """The table of a list that ``key`` names by its ``name`` field: so
    ``building.characters.On-jo.survival=0.9`` sets one character's trait."""
    for entry in entries:
        if entry.get("name") == name:
            return entry
    names = [str(e.get("name")) for e in entries if "name" in e]
    raise HyosanError.one(
        "no entry of that name in the list",
        source="--set",
        where=key,
        value=name,
        allowed=", ".join(names[:40]) or "a list whose entries have names",
    )


def _override_path(table: dict[str, Any], key: str) -> list[str]:
    if "." in key or key in Scenario.model_fields:
        return key.split(".")
    engine = table.get("engine")
    if not isinstance(engine, str):
        return [key]
    section = table.get(engine)
    if isinstance(section, dict):
        if key in section or key in _fields_of(engine):
            return [engine, key]
        params = section.get("parameters")
        if isinstance(params, dict) or "parameters" in _fields_of(engine):
            return [engine, "parameters", key]
        return [engine, key]
    return [key]


def _fields_of(engine: str) -> set[str]:
    field = Scenario.model_fields.get(engine)
    if field is None:
        return set()
    for kind in getattr(field.annotation, "__args__", ()):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return set(kind.model_fields)
    return set()


def _parse_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        if "\x00" in raw:
            raise HyosanError.one("a NUL byte in a value", source="--set") from None
        return raw
    except RecursionError:
        raise HyosanError.one(
            "value nested too deeply", source="--set", value=_shorten(raw)
        ) from None


def _shorten(text: str, size: int = 80) -> str:
    """Text for a message: at most ``size`` characters."""
    return text if len(text) <= size else text[:size] + f"… ({len(text):,} characters)"


def _deep_copy(table: Any) -> Any:
    if isinstance(table, dict):
        return {k: _deep_copy(v) for k, v in table.items()}
    if isinstance(table, list):
        return [_deep_copy(v) for v in table]
    return table


def validate(table: dict[str, Any], source: str | None, path: Path | None = None) -> Scenario:
    """Validate a raw table into a Scenario; every problem names its key and what is allowed."""
    try:
        scenario = Scenario.model_validate(table)
    except ValidationError as exc:
        raise HyosanError([_problem(err) for err in exc.errors()], source) from None
    scenario._source = path
    scenario._text = _to_toml(table)
    _check_random_zombies(scenario, source)
    return scenario


def validated(model: type[Model], table: dict[str, Any], source: str) -> Model:
    """``table`` as a ``model`` (a scenario's part, built from options), every problem named
    as a scenario's are; ``source`` says where the values came from (an option)."""
    try:
        return model.model_validate(table)
    except ValidationError as exc:
        raise HyosanError([_problem(err) for err in exc.errors()], source) from None


def _check_random_zombies(scenario: Scenario, source: str | None) -> None:
    """Random zombies must be people of the school: count them from the floor plan (read only
    when random zombies are asked for)."""
    spec = scenario.building
    if spec is None or spec.plan is None or spec.outbreak.random_zombies == 0:
        return
    from hyosan.building.plan import ROOM, load_plan

    given = Path(spec.plan)
    places = [given] if given.is_absolute() else []
    if not given.is_absolute():
        if scenario.source is not None:
            places.append(scenario.source.parent / given)
        places.append(Path(str(resources.files(SHIPPED))) / given)
    found = next((p for p in places if p.exists()), None)
    if found is None:
        return  # the engine names the missing plan
    plan = load_plan(input_file(found, what="floor plan", allowed="a floor plan text file"))
    classes = sum(
        1
        for k, name in enumerate(plan.room_names)
        if name.startswith("class ") and plan.room_kind[k] == ROOM
    )
    pop = spec.population
    people = (
        classes * (pop.students_per_class + pop.teachers_per_class)
        + pop.staff
        + len(spec.characters)
    )
    if spec.outbreak.random_zombies > people:
        raise HyosanError.one(
            "more random zombies than people in the school",
            source=source,
            where="key building.outbreak.random_zombies",
            value=spec.outbreak.random_zombies,
            allowed=f"0 to {people:,} (the people of {found.name} with this population)",
        )


def load_scenario(target: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Load a scenario from a file, a shipped name or a catalog model, with overrides applied."""
    table, label, path = resolve(target)
    try:
        if overrides:
            table = apply_overrides(table, overrides)
        return validate(table, label, path)
    except RecursionError:
        raise HyosanError.one("tables or arrays nested too deeply", source=label) from None


def _problem(err: Any) -> Problem:
    loc = [str(p) for p in err["loc"]]
    where = "key " + ".".join(loc) if loc else ""
    kind = err["type"]
    message = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        return Problem(where, "unknown key", allowed=allowed)
    if kind == "missing":
        return Problem(where, "required key is missing")
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, KeyProblem):
        key = ".".join([*loc, cause.key]) if cause.key else ".".join(loc)
        shown = cause.value is not None
        return Problem(f"key {key}", cause.message, _brief(cause.value), cause.allowed, shown)
    whole_table = isinstance(err.get("input"), dict)
    return Problem(
        where,
        _bound_message(kind, err.get("ctx") or {}) or message,
        value=_brief(err.get("input")),
        has_value="input" in err and loc != [] and not whole_table,
    )


_BOUNDS = {
    "greater_than": "gt",
    "greater_than_equal": "ge",
    "less_than": "lt",
    "less_than_equal": "le",
}


def _bound_message(kind: str, ctx: dict[str, Any]) -> str | None:
    """Pydantic's message for a number out of its bounds, with the bound written short
    (``1e-30``, not thirty decimals); None for other errors."""
    bound = ctx.get(_BOUNDS.get(kind, ""))
    if not isinstance(bound, int | float) or isinstance(bound, bool):
        return None
    words = kind.replace("_equal", " or equal to").replace("_than", " than")
    return f"Input should be {words.replace('_', ' ')} {bound:g}"


def _brief(value: Any) -> Any:
    """A value short enough to show in a message."""
    if isinstance(value, str):
        return _shorten(value)
    if isinstance(value, list | dict) and len(repr(value)) > 200:
        return _shorten(repr(value), 200)
    return value


def _allowed_keys(loc: list[str]) -> str | None:
    model: type[BaseModel] | None = Scenario
    for part in loc:
        if model is None:
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _model_in(field.annotation)
    return ", ".join(model.model_fields) if model is not None else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _to_toml(table: dict[str, Any]) -> str:
    """The raw table as TOML text, for provenance and reruns."""
    return tomli_w.dumps(table)
