"""The people of a building at the start of a take, as a structure of arrays.

Students fill every room named ``class …``, with their homeroom teacher; staff fill the offices.
Friendships are drawn within a class, couples within a grade; the named characters of the
scenario join with the traits it gives them. Nothing here is a Python object per agent: every
trait is a column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hyosan.building.bodies import capacity
from hyosan.building.plan import ROOM, Plan
from hyosan.errors import HyosanError
from hyosan.scenario.building import BuildingSpec, CharacterSpec, PopulationSpec

STUDENT, TEACHER, STAFF = 0, 1, 2
ROLES = ("student", "teacher", "staff")
FRIEND, COUPLE, BULLY = 0, 1, 2
"""Bond kinds: a friend, a partner, someone this agent preys on."""


@dataclass
class Population:
    """One column per trait, one row per agent; bonds in CSR form."""

    names: list[str]
    role: np.ndarray  # int8
    klass: list[str]
    home: np.ndarray  # int32 room at start
    pos: np.ndarray  # (n, 3) int16 floor, row, col
    status: np.ndarray  # float64 0..1
    strength: np.ndarray  # float64, 1 = average adult
    speed: np.ndarray  # float64 relative running speed
    weapon: np.ndarray  # float64 0..1
    survival: np.ndarray  # float64 0..1
    leader: np.ndarray  # uint8 1: others follow
    halfbie_prone: np.ndarray  # float64 chance of becoming a halfbie if infected
    self_control: np.ndarray  # float64 0..1
    ledge_ok: np.ndarray  # uint8 1: dares the window ledge
    named: np.ndarray  # uint8 1: a named character
    bond_ptr: np.ndarray  # (n + 1,) int64
    bond_to: np.ndarray  # int64
    bond_kind: np.ndarray  # int8

    @property
    def size(self) -> int:
        return len(self.names)


def class_rooms(plan: Plan) -> dict[str, int]:
    """Class name ('2-5') → room index, for every room named 'class …'."""
    return {
        name.removeprefix("class ").strip(): k
        for k, name in enumerate(plan.room_names)
        if name.startswith("class ") and plan.room_kind[k] == ROOM
    }


def staff_rooms(plan: Plan) -> list[int]:
    """Rooms where staff start: offices and the kitchen (any plain room if there are none)."""
    found = [
        k
        for k, name in enumerate(plan.room_names)
        if plan.room_kind[k] == ROOM and ("office" in name or "kitchen" in name)
    ]
    return found or [k for k in range(plan.rooms) if plan.room_kind[k] == ROOM]


def _generic(
    plan: Plan, pop: PopulationSpec, classes: dict[str, int]
) -> tuple[list[str], list[int], list[str], list[int]]:
    """Names, roles, classes and home rooms of the generated students, teachers and staff."""
    names: list[str] = []
    role: list[int] = []
    klass: list[str] = []
    home: list[int] = []
    for name, room in classes.items():
        for s in range(pop.students_per_class):
            names.append(f"student {name}/{s + 1}")
            role.append(STUDENT)
            klass.append(name)
            home.append(room)
        for s in range(pop.teachers_per_class):
            names.append(f"teacher {name}" + (f"/{s + 1}" if pop.teachers_per_class > 1 else ""))
            role.append(TEACHER)
            klass.append(name)
            home.append(room)
    offices = staff_rooms(plan)
    for s in range(pop.staff):
        names.append(f"staff {s + 1}")
        role.append(STAFF)
        klass.append("")
        home.append(offices[s % len(offices)])
    return names, role, klass, home


def _character_home(
    c: CharacterSpec, plan: Plan, classes: dict[str, int], source: str | None
) -> int:
    """A named character's room at the start: given, else their class's room."""
    if c.room is not None:
        return plan.room(c.room) if c.room in plan.room_names else _bad_room(c, source)
    if c.klass in classes:
        return classes[c.klass]
    raise HyosanError.one(
        f"character {c.name!r} needs a room: its class has no room in the plan",
        source=source,
        where=f"building.characters.{c.name}.klass",
        value=c.klass,
        allowed=", ".join(classes) or "give room = …",
    )


def immunity(spec: BuildingSpec, n: int, rng: np.random.Generator) -> np.ndarray:
    """Each person's chance to become a halfbie if infected: a Beta with mean
    ``virus.halfbie_chance`` and sd ``halfbies.immunity_sd`` (0, or a mean of 0 or 1, which
    leaves no room to spread: everyone the mean, no draw)."""
    m, sd = spec.virus.halfbie_chance, spec.halfbies.immunity_sd
    if sd <= 0 or m <= 0 or m >= 1:
        return np.full(n, m)
    size = m * (1.0 - m) / (sd * sd) - 1.0
    return rng.beta(m * size, (1.0 - m) * size, n)


def character_propensity(c: CharacterSpec, spec: BuildingSpec, drawn: float) -> float:
    """A named character's propensity: their own number, the raised one for ``halfbie = true``
    (certainty only when ``halfbies.certain`` asks for it), else the one drawn."""
    if isinstance(c.halfbie, bool):
        if not c.halfbie:
            return drawn
        return 1.0 if spec.halfbies.certain else spec.halfbies.trait_propensity
    return float(c.halfbie)


def _traits(
    spec: BuildingSpec, role: list[int], generic: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Traits drawn for everyone, then the named characters' own."""
    pop = spec.population
    n = len(role)
    status = rng.beta(2.0, 2.0, n)
    strength = np.exp(rng.normal(0.0, pop.strength_sd, n))
    strength[np.array(role) != STUDENT] *= 1.1
    speed = np.clip(rng.normal(1.0, 0.1, n), 0.6, 1.4)
    weapon = np.where(rng.random(n) < pop.weapon_share, rng.uniform(0.2, 0.6, n), 0.0)
    survival = rng.random(n)
    leader = np.zeros(n, dtype=np.uint8)
    self_control = rng.uniform(0.3, 0.9, n)
    ledge_ok = (rng.random(n) < spec.people.ledge_chance).astype(np.uint8)
    named = np.zeros(n, dtype=np.uint8)
    for j, c in enumerate(spec.characters):
        i = generic + j
        status[i], strength[i], speed[i] = c.status, c.strength, c.speed
        weapon[i], survival[i], leader[i] = c.weapon, c.survival, int(c.leader)
        self_control[i] = c.self_control
        ledge_ok[i] = 1
        named[i] = 1
    return {
        "status": status,
        "strength": strength,
        "speed": speed,
        "weapon": weapon,
        "survival": survival,
        "leader": leader,
        "self_control": self_control,
        "ledge_ok": ledge_ok,
        "named": named,
    }


def generate(
    plan: Plan, spec: BuildingSpec, rng: np.random.Generator, source: str | None = None
) -> Population:
    """Draw a population for one take."""
    classes = class_rooms(plan)
    names, role, klass, home = _generic(plan, spec.population, classes)
    generic = len(names)
    for c in spec.characters:
        names.append(c.name)
        role.append(ROLES.index(c.role))
        klass.append(c.klass)
        home.append(_character_home(c, plan, classes, source))
    n = len(names)
    if n == 0:
        raise HyosanError.one(
            "the building is empty: no class rooms, staff or characters",
            source=source,
            where="building.population",
        )
    home_arr = np.array(home, dtype=np.int32)
    traits = _traits(spec, role, generic, rng)
    pos = _place(plan, home_arr, rng, room_for(plan, spec) if spec.bodies.on else None, source)
    bonds = _bonds(spec, names, role, klass, generic, rng)
    # Drawn last, so the rest of the population is the same whatever the spread.
    prone = immunity(spec, n, rng)
    for j, c in enumerate(spec.characters):
        prone[generic + j] = character_propensity(c, spec, prone[generic + j])
    order = np.lexsort((bonds[:, 1], bonds[:, 0])) if len(bonds) else np.zeros(0, dtype=np.int64)
    bonds = bonds[order]
    ptr = np.zeros(n + 1, dtype=np.int64)
    if len(bonds):
        ptr[1:] = np.cumsum(np.bincount(bonds[:, 0], minlength=n))
    return Population(
        names=names,
        role=np.array(role, dtype=np.int8),
        klass=klass,
        home=home_arr,
        pos=pos,
        bond_ptr=ptr,
        bond_to=bonds[:, 1].astype(np.int64) if len(bonds) else np.zeros(0, np.int64),
        bond_kind=bonds[:, 2].astype(np.int8) if len(bonds) else np.zeros(0, np.int8),
        halfbie_prone=prone,
        **traits,
    )


def _bad_room(c: object, source: str | None) -> int:
    raise HyosanError.one(
        "character's room is not in the plan",
        source=source,
        where=f"building.characters.{getattr(c, 'name', '?')}.room",
        value=getattr(c, "room", None),
    )


def room_for(plan: Plan, spec: BuildingSpec) -> np.ndarray:
    """Bodies each cell of the plan holds (as many as an int16 counts without bodies)."""
    b = spec.bodies
    return capacity(plan.cells, b.on, b.jam_density, b.ledge_cap)


def _place(
    plan: Plan,
    home: np.ndarray,
    rng: np.random.Generator,
    cap: np.ndarray | None,
    source: str | None,
) -> np.ndarray:
    """A random cell of each agent's home room (rooms in order, their cells and agents each in
    index order, so one pass sorts them all); with bodies, no cell gets more than it holds."""
    pos = np.zeros((len(home), 3), dtype=np.int16)
    cells, cell_of = _by_key(plan.region, plan.region.max() + 1)
    agents, agent_of = _by_key(home, home.max() + 1)
    for room in np.unique(home):
        flat = cells[cell_of[room] : cell_of[room + 1]]
        who = agents[agent_of[room] : agent_of[room + 1]]
        if cap is None:
            pick = flat[rng.integers(0, len(flat), len(who))]
        else:
            slots = np.repeat(flat, cap.ravel()[flat])
            if len(who) > len(slots):
                raise HyosanError.one(
                    f"room {plan.room_names[room]!r} cannot hold the {len(who)} people placed "
                    f"in it at jam density",
                    source=source,
                    where="building.population",
                    allowed=f"at most {len(slots)} (building.bodies.jam_density per m²)",
                )
            pick = slots[rng.choice(len(slots), len(who), replace=False)]
        f, r, c = np.unravel_index(pick, plan.region.shape)
        pos[who, 0], pos[who, 1], pos[who, 2] = f, r, c
    return pos


def _by_key(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The flat indices of ``keys`` sorted by key (in index order within a key), and where each
    key 0 … n-1 starts among them: key k's indices are ``order[bounds[k] : bounds[k + 1]]``."""
    order = np.argsort(keys, axis=None, kind="stable")
    return order, np.searchsorted(keys.ravel()[order], np.arange(n + 1))


def _bonds(
    spec: BuildingSpec,
    names: list[str],
    role: list[int],
    klass: list[str],
    generic: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Edges (from, to, kind): friends within a class, couples within a grade, named bonds."""
    pop = spec.population
    edges: list[np.ndarray] = [np.zeros((0, 3), dtype=np.int64)]
    roles = np.array(role[:generic], dtype=np.int8)
    klasses = np.array(klass[:generic])
    students = np.nonzero(roles == STUDENT)[0]
    names_of, which = np.unique(klasses[students], return_inverse=True)
    order, bounds = _by_key(which, len(names_of))
    grouped = students[order]
    by_class = {str(name): grouped[bounds[k] : bounds[k + 1]] for k, name in enumerate(names_of)}
    for members in by_class.values():
        if len(members) < 2:
            continue
        pairs = rng.poisson(pop.friends_per_student * len(members) / 2)
        a = rng.choice(members, pairs)
        b = rng.choice(members, pairs)
        keep = a != b
        edges.append(_both_ways(a[keep], b[keep], FRIEND))
    grades: dict[str, list[int]] = {}
    for cls, members in by_class.items():
        grades.setdefault(cls.split("-")[0], []).extend(int(m) for m in members)
    for grade in grades.values():
        shuffled = rng.permutation(grade)
        pairs = int(len(shuffled) * pop.couples / 2)
        edges.append(_both_ways(shuffled[:pairs], shuffled[pairs : 2 * pairs], COUPLE))
    index = {name: generic + j for j, name in enumerate(c.name for c in spec.characters)}
    named: list[tuple[int, int, int]] = []
    for j, c in enumerate(spec.characters):
        i = generic + j
        if c.couple is not None:
            named += [(i, index[c.couple], COUPLE), (index[c.couple], i, COUPLE)]
        for other in c.friends:
            named += [(i, index[other], FRIEND), (index[other], i, FRIEND)]
        for other in c.bully_of:
            named.append((i, index[other], BULLY))
    edges.append(np.array(named, dtype=np.int64).reshape(-1, 3))
    # Each edge once, in order (by from, to, kind).
    return np.unique(np.concatenate(edges), axis=0)


def _both_ways(a: np.ndarray, b: np.ndarray, kind: int) -> np.ndarray:
    """Edges (from, to, kind) a→b and b→a."""
    k = np.full(len(a), kind, dtype=np.int64)
    return np.concatenate(
        [np.column_stack((a, b, k)).astype(np.int64), np.column_stack((b, a, k)).astype(np.int64)]
    )
