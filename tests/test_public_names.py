"""No two public classes of the package share a name: a reader who sees ``Plan`` or ``Problem``
in a signature knows which one it is without looking up the import."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

import hyosan


def public_classes() -> dict[str, list[str]]:
    """Each public class name (no leading underscore) and the modules that define one."""
    found: dict[str, list[str]] = defaultdict(list)
    for info in pkgutil.walk_packages(hyosan.__path__, "hyosan."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            defined_here = inspect.isclass(value) and value.__module__ == module.__name__
            if defined_here and not name.startswith("_"):
                found[name].append(module.__name__)
    return found


def test_no_two_public_classes_share_a_name() -> None:
    found = public_classes()
    assert len(found) > 40, "the walk found the package's classes"
    shared = {name: modules for name, modules in found.items() if len(modules) > 1}
    assert shared == {}
