"""The take's random draws, counter-based: a draw is a hash of the take's key, the step, who
draws and what for.

Why not a generator per kind of draw: a rule that draws once more on one side of a paired
comparison (a zombie drawn to a decoy) shifts every later draw of that kind for everyone, and
the two sides fall out of step at the change's first act. Here person ``i``'s draw for a purpose
at step ``k`` is the same on both sides whatever anyone else drew, so what a change does not
touch stays common to both sides (common random numbers per person, step and purpose, as
Starsim draws per agent slot). The hash is SplitMix64's finaliser, applied once per part of
the counter; each part enters as an odd multiple, so distinct counters give distinct inputs.

Each purpose is a named site below, grouped by kind in the hundreds (movement, contact, virus,
decisions, schedule). ``who`` is the one who draws: the person, the zombie, the room deciding,
the helicopter; a site drawn more than once by the same one in a step passes ``nth``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

WANDER = 100  # the steps to an idle zombie's first shuffle
WANDER_WAY = 101  # which of the eight ways
WANDER_NEXT = 102  # the steps to the next shuffle
BITE = 200  # a zombie next to its prey attacks
FIGHT = 201  # the attacked fights back
KILL = 202  # and kills
STRIKE = 203  # an armed person strikes first
STRIKE_KILL = 204  # and kills
HUNGER = 205  # a halfbie gives in to hunger
FOUGHT_OFF = 206  # the halfbie's prey fights
HALFBIE_KILL = 207  # and kills the halfbie
BLOOD = 300  # a killer gets blood in a wound
SCRATCH = 301  # a scratch rather than a bite
SEVERITY = 302  # how bad the wound is
TURN = 303  # the log-normal time to turn (two uniforms a normal)
WILL_HALFBIE = 304  # the infected will keep their mind
HIDES = 305  # the infected hides the wound
NOTICE = 400  # a person takes in the outbreak
ANSWER = 401  # follow, stay or go alone
LEAVE = 402  # a hiding room decides to leave this step
WAY_OUT = 403  # roof, gate or hills
HOLD_OFF = 404  # the leader waits
LET_IN = 405  # a room opens to a knock
EXPEL = 406  # a room pushes out the infected
KEEP = 407  # or keeps them, a friend among them
WATCH_KILL = 408  # and destroys them as they turn
ADMIT = 500  # the soldiers take someone in this step
CAUGHT = 501  # a look finds a halfbie
SHOOT = 502  # the refused are shot
CORDON_KILL = 503  # soldiers shoot a zombie at the gate
NO_LANDING = 504  # a helicopter fails to land
SEAT = 505  # who gets a seat when there are more than seats

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(cache=True, inline="always")
def _mix(x):
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


@njit(cache=True, inline="always")
def _absorb(h, part):
    return _mix(h + (np.uint64(part) * np.uint64(2) + np.uint64(1)) * _GOLDEN)


@njit(cache=True)
def at_step(rng, k):
    """Draw for step ``k`` from now on."""
    rng.step[0] = k
    rng.base[0] = _absorb(rng.key[0], k)


@njit(cache=True)
def turn(t, p, lay, folk, world, census, log, rng):
    """Phase ``draws``: the step's draws are counted from its number."""
    at_step(rng, int(round(t / p.dt)))


@njit(cache=True, inline="always")
def uniform_nth(rng, site, who, nth):
    """The ``nth`` uniform in [0, 1) of ``who`` for ``site`` at the current step."""
    h = _absorb(rng.base[0], who)
    h = _absorb(h, site * 65536 + nth)
    return float(h >> np.uint64(11)) * _UNIT


@njit(cache=True, inline="always")
def uniform(rng, site, who):
    """A uniform in [0, 1) of ``who`` for ``site`` at the current step."""
    return uniform_nth(rng, site, who, 0)


@njit(cache=True, inline="always")
def normal_nth(rng, site, who, nth):
    """A standard normal (Box–Muller from draws ``2 nth`` and ``2 nth + 1``)."""
    u = 1.0 - uniform_nth(rng, site, who, 2 * nth)
    v = uniform_nth(rng, site, who, 2 * nth + 1)
    return math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * v)


@njit(cache=True, inline="always")
def wait(rng, site, who, p):
    """Steps until the first success of a coin with chance ``p`` tossed each step (geometric,
    at least 1; never, 2⁶², when ``p`` ≤ 0)."""
    if p <= 0.0:
        return 1 << 62
    if p >= 1.0:
        return 1
    u = 1.0 - uniform_nth(rng, site, who, 0)
    return int(math.log(u) / math.log1p(-p)) + 1


@njit(cache=True, inline="always")
def below(rng, site, who, n):
    """An integer in ``0 .. n-1``."""
    return int(uniform_nth(rng, site, who, 0) * n)
