"""A Gillespie kernel written out for one network, so its hot loop holds no array lookups.

Counts, rate constants and propensities live in local variables; after a reaction fires, only
the propensities that read a species it changed are recomputed, each as a product written out
term by term. The generated kernel draws the same random numbers in the same order as the
general :func:`hyosan.compartmental.stochastic.ssa_direct`, so both give the same takes.

The source is written to a file in the kernel cache (``$HYOSAN_KERNEL_CACHE``, else
``~/.cache/hyosan/kernels``, else a temporary directory) and imported from there, so Numba's
on-disk cache holds the compiled kernel across runs; the file name is the hash of its source.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from hyosan.compartmental.network import Network

_LOADED: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {}


def ssa_source(network: Network) -> str:
    """Python source of the SSA kernel for ``network``."""
    orders, stoich = network.orders, network.stoichiometry
    n_r, n_sp = orders.shape
    xs = [f"n{i}" for i in range(n_sp)]
    ks = [f"k{j}" for j in range(n_r)]
    props = [_propensity(orders[j], ks[j]) for j in range(n_r)]
    deps = [
        [d for d in range(n_r) if np.any(orders[d, np.nonzero(stoich[j])[0]])] for j in range(n_r)
    ]
    total = " + ".join(f"a{j}" for j in range(n_r)) if n_r else "0.0"
    lines: list[str] = []
    add = lines.append
    add("import numpy as np")
    add("from numba import njit")
    add("from hyosan.compartmental.rng import seed_state, uniform")
    add("from hyosan.compartmental.stochastic import apply_event")
    add("")
    add("")
    add("@njit(cache=True)")
    add("def ssa(x0, k_table, ev_time, ev_kind, ev_row, ev_species, ev_to, ev_frac, t_out, seeds):")
    add("    n_takes, n_out, n_ev = seeds.shape[0], t_out.shape[0], ev_time.shape[0]")
    add(f"    out = np.empty((n_takes, n_out, {n_sp}), dtype=np.int64)")
    add("    moved = np.zeros((n_takes, n_ev), dtype=np.int64)")
    add(f"    x = np.empty({n_sp}, dtype=np.int64)")
    add("    t_last = t_out[n_out - 1]")
    add("    for take in range(n_takes):")
    add("        s0, s1, s2, s3 = seed_state(seeds[take])")
    add("        if n_ev > 0:")
    add("            np.random.seed(seeds[take])")
    for i, x in enumerate(xs):
        add(f"        {x} = x0[{i}]")
    for j, k in enumerate(ks):
        add(f"        {k} = k_table[0, {j}]")
    for j, prop in enumerate(props):
        add(f"        a{j} = {prop}")
    add(f"        atot = {total}")
    add("        t = 0.0")
    add("        e = 0")
    add("        p = 0")
    add("        while p < n_out:")
    add("            if atot > 0.0:")
    add("                u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)")
    add("                t_new = t - np.log(1.0 - u) / atot")
    add("            else:")
    add("                t_new = np.inf")
    add("            t_ev = ev_time[e] if e < n_ev else np.inf")
    add("            if t_ev <= t_new and t_ev <= t_last:")
    add("                while p < n_out and t_out[p] < t_ev:")
    for i, x in enumerate(xs):
        add(f"                    out[take, p, {i}] = {x}")
    add("                    p += 1")
    add("                if ev_row[e] >= 0:")
    for j, k in enumerate(ks):
        add(f"                    {k} = k_table[ev_row[e], {j}]")
    for i, x in enumerate(xs):
        add(f"                x[{i}] = {x}")
    add("                moved[take, e] = apply_event(x, e, ev_kind, ev_species, ev_to, ev_frac)")
    for i, x in enumerate(xs):
        add(f"                {x} = x[{i}]")
    for j, prop in enumerate(props):
        add(f"                a{j} = {prop}")
    add(f"                atot = {total}")
    add("                t = t_ev")
    add("                e += 1")
    add("                continue")
    add("            while p < n_out and t_out[p] < t_new:")
    for i, x in enumerate(xs):
        add(f"                out[take, p, {i}] = {x}")
    add("                p += 1")
    add("            if p == n_out:")
    add("                break")
    add("            u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)")
    add("            target = u * atot")
    for j in range(n_r - 1):
        cumulative = " + ".join(f"a{q}" for q in range(j + 1))
        add(f"            {'if' if j == 0 else 'elif'} target < {cumulative}:")
        lines.extend(_fire(j, xs, stoich, deps, props, "                "))
    if n_r:
        # rounding may carry the target past the last firing reaction: fire the last that can
        add("            else:" if n_r > 1 else "            if True:")
        for q, r in enumerate(range(n_r - 1, -1, -1)):
            add(f"                {'if' if q == 0 else 'elif'} a{r} > 0.0:")
            lines.extend(_fire(r, xs, stoich, deps, props, "                    "))
    add(f"            atot = {total}")
    add("            t = t_new")
    add("    return out, moved")
    return "\n".join(lines) + "\n"


def _propensity(order: np.ndarray, k: str) -> str:
    factors = [k]
    for i, n in enumerate(order):
        for m in range(int(n)):
            factors.append(f"n{i}" if m == 0 else f"(n{i} - {m})")
    return " * ".join(factors)


def _fire(
    j: int,
    xs: list[str],
    stoich: np.ndarray,
    deps: list[list[int]],
    props: list[str],
    pad: str,
) -> list[str]:
    body = []
    for i, c in enumerate(stoich[j]):
        if c:
            body.append(f"{pad}{xs[i]} {'+' if c > 0 else '-'}= {abs(int(c))}")
    for d in deps[j]:
        body.append(f"{pad}a{d} = {props[d]}")
    return body or [f"{pad}pass"]


def _cache_dir() -> Path:
    for candidate in (
        os.environ.get("HYOSAN_KERNEL_CACHE"),
        str(Path.home() / ".cache" / "hyosan" / "kernels"),
        str(Path(tempfile.gettempdir()) / "hyosan-kernels"),
    ):
        if not candidate:
            continue
        path = Path(candidate)
        try:
            path.mkdir(parents=True, exist_ok=True)
            probe = path / ".probe"
            probe.write_text("")
            probe.unlink()
        except OSError:
            continue
        return path
    raise OSError("no writable directory for compiled kernels; set HYOSAN_KERNEL_CACHE")


def ssa_kernel(network: Network) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The compiled SSA kernel of ``network`` (generated, cached on disk and in memory)."""
    source = ssa_source(network)
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    if digest in _LOADED:
        return _LOADED[digest]
    path = _cache_dir() / f"ssa_{digest}.py"
    if not path.is_file() or path.read_text() != source:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(source)
        tmp.replace(path)
    spec = importlib.util.spec_from_file_location(f"hyosan_kernel_ssa_{digest}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # Numba's cache finds the kernel's globals by module name
    spec.loader.exec_module(module)
    _LOADED[digest] = module.ssa
    return module.ssa
