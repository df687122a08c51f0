"""How the suite is spread over pytest-xdist workers (``--dist loadgroup``, see pyproject.toml).

A module-scoped fixture is made once per worker that runs a test needing it, and several are
ensembles of takes: the tests of a module that use one are kept together on one worker
(``xdist_group``). Workers hand out tests in collection order, so each worker collects the slow
tests (and the groups holding one) first: the long ones start early and the many quick ones
fill the gaps at the end, and both workers finish together. A run without workers keeps the
order of the files.

Known gap: with pytest 9.2 and pytest-xdist 3.8 the ``xdist_group`` marks do not take, because
xdist renames ``item._nodeid`` and pytest 9 reads ``item._id``: such a module's tests may still
go to both workers (checked with ``-n 2 -v`` on tests/cli/test_outcomes.py: the module fixture is
set up on each). The slow-first order does take.
"""

from __future__ import annotations

import os

import pytest

SHARED_SCOPES = ("module", "class")


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture made once for its module or class."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs and defs[-1].scope in SHARED_SCOPES for defs in info.name2fixturedefs.values())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group the tests sharing a module's fixture; on a worker, hand out slow units first."""
    unit: dict[str, str] = {}
    for item in items:
        if _shares_a_fixture(item):
            group = item.nodeid.split("::", 1)[0]
            item.add_marker(pytest.mark.xdist_group(group))
            unit[item.nodeid] = group
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    slow_units = {unit.get(i.nodeid, i.nodeid) for i in items if i.get_closest_marker("slow")}
    first = {}
    for index, item in enumerate(items):
        first.setdefault(unit.get(item.nodeid, item.nodeid), index)

    def order(item: pytest.Item) -> tuple[bool, int]:
        key = unit.get(item.nodeid, item.nodeid)
        return key not in slow_units, first[key]

    items.sort(key=order)
