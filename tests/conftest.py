"""How the suite is spread over pytest-xdist workers (``--dist loadgroup``, see pyproject.toml).

A module-scoped fixture is made once per worker that runs a test needing it, and several are
ensembles of takes: the tests of a module that use one are kept together on one worker
(``xdist_group``). Workers hand out tests in collection order, so each worker collects the slow
tests (and the groups holding one) first: the long ones start early and the many quick ones
fill the gaps at the end, and both workers finish together. A run without workers keeps the
order of the files.

Before the workers start, the main process compiles the building kernel once
(:func:`pytest_configure`), so that they and their take processes load it from the disk cache.

The groups need pytest below 9.2 (pinned in pyproject.toml): pytest-xdist 3.8 groups a test by
renaming ``item._nodeid``, which pytest 9.2 no longer reads, so its groups would not take and a
module's fixture would be built on both workers.
"""

from __future__ import annotations

import os
import sys

import pytest

SHARED_SCOPES = ("module", "class")


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture made once for its module or class."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs and defs[-1].scope in SHARED_SCOPES for defs in info.name2fixturedefs.values())


def pytest_configure(config: pytest.Config) -> None:
    """With workers, compile the building kernel once, here in the main process, before they
    start: otherwise each worker and each of their take processes compiles it at the same time
    (over 2 minutes of CPU each on a 2-core machine). They then load it from Numba's disk cache;
    with the cache already there this takes a few seconds."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not config.getoption("numprocesses", None):
        return
    import hyosan

    print("compiling the building kernel once (cached on disk) …", file=sys.stderr, flush=True)
    hyosan.simulate("hyosan-high", takes=1, overrides=["building.duration='10 s'"], progress=False)


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
