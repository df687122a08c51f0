"""The longest functions in ``hyosan.building`` and their parameter counts (house limits: about
80 lines and 12 parameters). ``repast.py`` is left out: it is its own engine's, moving out of
this package.

    python benchmarks/building_functions.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import hyosan.building

SKIP = {"repast.py"}


def functions(folder: Path) -> list[tuple[int, int, str]]:
    """(lines, parameters, 'module:function') of every function under ``folder``."""
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name in SKIP:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
                count += (args.vararg is not None) + (args.kwarg is not None)
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((lines, count, f"{path.name}:{node.name}"))
    return found


def main() -> int:
    found = functions(Path(hyosan.building.__file__).parent)
    lines, _, name = max(found)
    params, _, pname = max((c, n, f) for n, c, f in found)
    print(f"longest function in building/: {name}, {lines} lines")
    print(f"most parameters in building/: {pname}, {params} parameters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
