"""The ``[building]`` table: a floor plan, the people in it, the virus and how everyone behaves.

Lengths are in metres (one plan cell is one metre), times in seconds unless a field says hours;
a string with a unit (``"72 h"``, ``"30 min"``) is converted. Every default below says where it
comes from: the series (*All of Us Are Dead*) where it shows something, a plain physical figure
(walking speed, hearing) where it does not, and otherwise a stated guess made to be edited.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from hyosan.scenario.base import Strict
from hyosan.scenario.limits import MAX_STEPS
from hyosan.scenario.repast import RepastSpec
from hyosan.scenario.units import Hours, Seconds


def _label(text: str) -> str:
    if not text.isprintable() or len(text) > 100:
        raise ValueError("allowed: printable text of at most 100 characters")
    return text


def _person(text: str) -> str:
    if not text.strip():
        raise ValueError("a name cannot be empty")
    return _label(text)


Label = Annotated[str, AfterValidator(_label)]
"""A room, class or place name: printable, at most 100 characters."""
Name = Annotated[str, AfterValidator(_person)]
"""A character's name: printable, not empty, at most 100 characters."""
NonNegativeHours = Annotated[Hours, Field(ge=0)]


class PopulationSpec(Strict):
    """Who is in the school when the day starts."""

    students_per_class: int = Field(
        24,
        ge=0,
        le=5000,
        description="students (count) in each room named 'class …' — a Korean high-school class "
        "of the 2020s holds 20–30 students (a lecture hall or a crowd test, thousands)",
    )
    teachers_per_class: int = Field(
        1, ge=0, le=10, description="homeroom teachers (count) per class, in the class at start"
    )
    staff: int = Field(
        18,
        ge=0,
        le=10_000,
        description="other staff (count): office, nurse, cooks, guards — 'a few dozen' staff in all",
    )
    friends_per_student: float = Field(
        3.0, ge=0, le=30, description="mean friends (count) per student, drawn within the class"
    )
    couples: float = Field(
        0.04, ge=0, le=0.5, description="share of students in a couple (fraction), within a grade"
    )
    strength_sd: float = Field(
        0.2, ge=0, le=1, description="spread of strength (relative, 1 = average adult)"
    )
    weapon_share: float = Field(
        0.25,
        ge=0,
        le=1,
        description="share who pick up an improvised weapon (fraction): mops, bats, extinguishers",
    )


class CharacterSpec(Strict):
    """A named character: who they are, where they start, what they are like."""

    name: Name = Field(description="name used in the event log and the narrative")
    role: Literal["student", "teacher", "staff"] = Field("student", description="role")
    klass: Label = Field("", description="class, e.g. '2-5' (students and homeroom teachers)")
    room: Label | None = Field(None, description="room at start (default: the class room)")
    status: float = Field(0.5, ge=0, le=1, description="social status (0 lowest, 1 highest)")
    strength: float = Field(1.0, gt=0, le=5, description="strength (relative; 1 = average adult)")
    speed: float = Field(1.0, gt=0, le=2, description="running speed (relative to average)")
    weapon: float = Field(0.0, ge=0, le=1, description="weapon skill (0 none, 1 expert: a bow)")
    leader: bool = Field(False, description="others follow them")
    survival: float = Field(
        0.5, ge=0, le=1, description="survival sense (0–1): how soon they hide and barricade"
    )
    halfbie: bool | Annotated[float, Field(ge=0, le=1)] = Field(
        False,
        description="immunity: true carries the raised propensity halfbies.trait_propensity (a "
        "halfbie in the series); a number is their own chance (0–1) to become a halfbie if "
        "infected; false draws it from the population (halfbies.immunity_sd)",
    )
    self_control: float = Field(
        0.8, ge=0, le=1, description="as a halfbie, how well the hunger is held back (0–1)"
    )
    couple: Name | None = Field(None, description="name of their partner")
    friends: list[Name] = Field(
        default_factory=list, max_length=1000, description="names of their friends"
    )
    bully_of: list[Name] = Field(
        default_factory=list, max_length=1000, description="names of those they prey on"
    )


class OutbreakSpec(Strict):
    """Patient zero: who, where they were infected, and when they turn."""

    patient_zero: Label = Field(
        "Hyeon-ju",
        description="name of a character, the first infected ('' for none; without characters, "
        "someone whose room is infected_in)",
    )
    infected_in: Label = Field("science lab", description="room where the first bite happened")
    route: Literal["bite", "scratch", "animal"] = Field(
        "animal", description="how patient zero was infected — the lab animal bit Hyeon-ju"
    )
    infected_before: Hours = Field(
        14.0, ge=0, description="hours before the start of the run that patient zero was infected"
    )
    turns_after: Seconds | None = Field(
        None,
        gt=0,
        description="seconds after the start when patient zero turns — Hyeon-ju collapses in "
        "the nurse's office during the first period; unset: drawn from the virus's time to "
        "turn by route (animal_median, animal_sd for an animal bite), given not turned by the start",
    )
    random_zombies: int = Field(
        0,
        ge=0,
        le=1_000_000,
        description="people (count) drawn at random who are zombies at the start, beside "
        "patient zero — for 'what if' runs and scale tests",
    )
    zombies: list[str] = Field(
        default_factory=list,
        description="characters who are zombies from the start (for 'what if' scenes and tests)",
    )
    halfbies: list[str] = Field(
        default_factory=list,
        description="characters who are halfbies from the start (the second season begins so)",
    )


class VirusSpec(Strict):
    """The Jonas virus: routes, times to turn (log-normal: median and log-sd), halfbies."""

    bite_median: Seconds = Field(
        60.0, gt=0, description="median seconds from a bite to turning — seconds to minutes"
    )
    bite_sd: float = Field(
        0.8, gt=0, le=5, description="log-sd (dimensionless) of the time to turn after a bite"
    )
    severity_effect: float = Field(
        1.5,
        ge=0,
        le=5,
        description="how much a worse bite speeds turning: median × exp(-effect × (severity-0.5))",
    )
    scratch_median: Seconds = Field(
        3600.0, gt=0, description="median seconds after a scratch or blood in a wound — slower"
    )
    scratch_sd: float = Field(0.7, gt=0, le=5, description="log-sd of the time after a scratch")
    animal_median: Hours = Field(
        20.0, gt=0, description="median hours after an animal bite — Hyeon-ju took hours to days"
    )
    animal_sd: float = Field(0.6, gt=0, le=5, description="log-sd after an animal bite")
    signs_at: float = Field(
        0.8,
        gt=0,
        lt=1,
        description="fraction of the time to turn at which signs show (nosebleed, convulsions)",
    )
    halfbie_chance: float = Field(
        0.003,
        ge=0,
        le=1,
        description="chance an ordinary person infected becomes a halfbie — 'a handful in a city'",
    )
    halfbie_bite_halfbie: float = Field(
        0.3,
        ge=0,
        le=1,
        description="chance a halfbie's bite makes a halfbie (else a zombie) — the series shows both",
    )
    scratch_chance: float = Field(
        0.2, ge=0, le=1, description="chance a successful attack is a scratch, not a bite"
    )
    blood_chance: float = Field(
        0.02,
        ge=0,
        le=1,
        description="chance that killing a zombie in melee gets blood into a wound",
    )
    hide_chance: float = Field(
        0.3,
        ge=0,
        le=1,
        description="chance an infected person hides the bite or scratch: only signs give them "
        "away — in the series several students hide a bite from their class",
    )
    expel_rate: float = Field(
        0.01,
        ge=0,
        le=1,
        description="chance per second the people of a room push out someone they know is "
        "infected (a bite seen, or signs); 0: they never do (the rule before)",
    )
    keep_chance: float = Field(
        0.5,
        ge=0,
        le=1,
        description="chance, for each friend or partner of theirs in the room, that the room "
        "keeps someone it knows is infected instead of pushing them out, and watches them — "
        "friends do not throw a friend to the zombies (the group keeps Nam-ra); 0: everyone "
        "known is pushed out (the rule before)",
    )
    watch_kill: float = Field(
        0.6,
        ge=0,
        le=1,
        description="chance those watching a kept person destroy them the moment they turn (a "
        "bat held ready, a door shut on them); else a zombie rises among them",
    )


class ZombieSpec(Strict):
    """Zombies: fast, strong, hear and smell well, see poorly, cannot open doors."""

    run_speed: float = Field(
        4.0, gt=0, le=12, description="m/s when chasing — faster than people in the series"
    )
    wander_chance: float = Field(
        0.1,
        ge=0,
        le=1,
        description="chance per step an idle zombie shuffles one metre (0–1): ~0.05 m/s at 2 s",
    )
    sight: float = Field(4.0, ge=0, le=100, description="m they see by day — they see poorly")
    night_sight: float = Field(
        1.0, ge=0, le=100, description="m they see at night — in the dark they are nearly blind"
    )
    smell: float = Field(6.0, ge=0, le=100, description="m they smell a person within a room")
    hearing: float = Field(
        1.0,
        ge=0,
        le=100,
        description="loudness (a normal step = 1) they hear in their own room; less is ignored",
    )
    bite_chance: float = Field(
        0.6, ge=0, le=1, description="chance per step a zombie next to a person attacks"
    )
    strength: float = Field(
        2.0, gt=0, le=20, description="strength relative to the person it was (×) — much stronger"
    )
    bash: float = Field(
        1.0,
        ge=0,
        le=100,
        description="barricade points per second one zombie of strength 1 takes off a door",
    )


class PeopleSpec(Strict):
    """People: walk, run, hide, barricade, fight, let others in or not."""

    walk_speed: float = Field(1.3, gt=0, le=5, description="m/s walking — an adult's pace")
    run_speed: float = Field(3.5, gt=0, le=10, description="m/s running for their lives")
    noise_walk: float = Field(1.0, ge=0, description="loudness of a walking person (the unit)")
    noise_run: float = Field(4.0, ge=0, description="loudness of a running person")
    noise_hide: float = Field(
        0.05, ge=0, description="loudness of a person hiding — whispers, a phone"
    )
    noise_scream: float = Field(20.0, ge=0, description="loudness of a person being bitten")
    fight_chance: float = Field(
        0.15, ge=0, le=1, description="chance an attacked person (unarmed, strength 1) fights back"
    )
    kill_chance: float = Field(
        0.03,
        ge=0,
        le=1,
        description="chance a fight destroys the zombie (armed ×3, capped at 0.9) — the brain stem",
    )
    barricade_rate: float = Field(
        2.0, ge=0, description="barricade points per second one person adds (desks, chairs)"
    )
    barricade_max: float = Field(
        1500.0, ge=0, description="points of a full barricade (a door jammed with desks)"
    )
    door_strength: float = Field(
        150.0, ge=0, description="points of a closed door alone (a sliding classroom door)"
    )
    glass_strength: float = Field(
        60.0, ge=0, description="points of a closed window — glass breaks in time"
    )
    let_in: float = Field(
        0.05,
        ge=0,
        le=1,
        description="chance per second a stranger of status 0.5 is let in (bonds: always)",
    )
    aware_chance: float = Field(
        0.2,
        ge=0,
        le=1,
        description="chance per second a person learns of the outbreak from a "
        "scream or panic in their room",
    )
    ledge_chance: float = Field(
        0.5,
        ge=0,
        le=1,
        description="share of the trapped who dare the window ledge (the rest wait)",
    )


class WorldSpec(Strict):
    """Clock, night, storm, the alarm, the cordon and the rescue."""

    start_hour: float = Field(8.5, ge=0, lt=24, description="hour of day when the run starts")
    night_from: float = Field(19.0, ge=0, lt=24, description="hour night falls")
    night_to: float = Field(6.0, ge=0, lt=24, description="hour day breaks")
    storm_from: Hours = Field(
        30.0, ge=0, description="hours after start a storm begins (it rains hard in the series)"
    )
    storm_hours: Hours = Field(6.0, ge=0, description="hours the storm lasts (0: no storm)")
    storm_masking: float = Field(
        0.2, ge=0, le=1, description="fraction of sound zombies still hear in the storm"
    )
    alarm_zombies: int = Field(
        6,
        ge=0,
        description="zombies (count) before the school speakers call the alarm — it comes late",
    )
    cordon_at: Hours = Field(
        4.0, ge=0, description="hours after start soldiers hold the cordon at the front gate"
    )
    cordon_kill: float = Field(
        0.05, ge=0, le=1, description="chance per second soldiers shoot a zombie at the gate"
    )
    cordon_admit: float = Field(
        0.02,
        ge=0,
        le=1,
        description="chance per second the soldiers take in a person at the gate (checks first)",
    )
    roof_after: Hours = Field(
        20.0, ge=0, description="hours after which hiding groups start to leave for the rooftop"
    )
    roof_rate: float = Field(
        0.05,
        ge=0,
        le=10,
        description="per hour: rate a hiding group leaves for the rooftop (hunger and thirst)",
    )
    gate_share: float = Field(
        0.3, ge=0, le=1, description="share of leaving groups that make for the gate instead"
    )
    hills_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of leaving groups that set out on foot for the hills (role hills) — "
        "the way the group leaves in the series, through the grounds past the construction "
        "site; gate_share + hills_share is at most 1 (0: no one leaves on foot, the rule before)",
    )
    camp_admit: float = Field(
        0.0005,
        ge=0,
        le=1,
        description="chance per second someone on the hills walks on to the quarantine camp, "
        "where soldiers look at them as at the gate (about half an hour on the hills on average)",
    )
    drill_at: NonNegativeHours | None = Field(
        None,
        description="hours after start a fire alarm sends everyone out by the nearest way to "
        "the gate (the assembly point), each for themselves (unset: no drill)",
    )
    strike_at: NonNegativeHours | None = Field(
        None,
        description="hours after start the city is struck to destroy the outbreak: everyone "
        "not yet taken out (humans, halfbies, zombies) dies (unset: no strike)",
    )
    strike_warning: NonNegativeHours | None = Field(
        None,
        description="hours before strike_at that word of the strike reaches those in the zone "
        "(phones, the soldiers' loudspeakers): from then hiding groups propose to leave at "
        "warned_rate, by night as by day, on foot for the hills (else the gate, else the roof), "
        "and each member weighs decisions.warned_push towards leaving — in the series the "
        "survivors leave the school before the strike; unset: no one knows (the rule before)",
    )
    warned_rate: float = Field(
        2.0,
        ge=0,
        le=100,
        description="per hour: rate a hiding group proposes to leave once warned of the strike "
        "(about every half hour: staying means death)",
    )
    rescue_at: list[NonNegativeHours] = Field(
        default_factory=lambda: [48.0, 60.0, 70.0],
        description="hours a helicopter comes to the rooftop and takes everyone on it",
    )
    screening: bool = Field(
        True,
        description="soldiers and helicopter crews look: the visibly infected (a bite seen, or "
        "signs) are refused, a halfbie is caught with chance halfbies.detect; false: they take "
        "everyone who is not a zombie (the rule before)",
    )
    cordon_shoot: float = Field(
        0.8,
        ge=0,
        le=1,
        description="chance soldiers shoot someone refused at the gate (else they are sent "
        "back) — under orders to stop the infection",
    )
    rescue_seats: int = Field(
        12,
        ge=0,
        le=1_000_000,
        description="people (count) one helicopter takes — a transport helicopter seats about "
        "a dozen; those left wait for the next",
    )
    rescue_fail: float = Field(
        0.2,
        ge=0,
        le=1,
        description="chance a helicopter does not land (zombies on the roof, weather, orders); "
        "0: every one lands (the rule before)",
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> WorldSpec:
        if self.gate_share + self.hills_share > 1.0:
            raise ValueError(
                f"gate_share + hills_share = {self.gate_share + self.hills_share:g}: the shares "
                "of leaving groups that make for the gate and for the hills add up to at most 1"
            )
        if self.strike_warning is not None and self.strike_at is None:
            raise ValueError(
                f"strike_warning = {self.strike_warning:g} h needs strike_at: a warning of a "
                "strike that never falls; set strike_at, or leave strike_warning unset"
            )
        return self


class DecoySpec(Strict):
    """A noise that draws zombies: the broadcasting room (every hallway), the music room, a phone."""

    room: Label = Field(description="room it plays in; 'broadcasting room' plays in every hallway")
    at: Hours = Field(ge=0, description="hours after start it begins")
    lasts: Seconds = Field(600.0, gt=0, description="seconds it plays")
    loudness: float = Field(50.0, ge=0, description="loudness (a walking person = 1)")


# Rules of behaviour that used to be numbers inside the kernel: each with a unit, a default (the
# value the kernel used) and a reason. Sub-tables [building.sound], [building.moving],
# [building.fighting], [building.trust], [building.halfbies], [building.decisions] and the room
# roles [building.roles].


class SoundSpec(Strict):
    """How loud the alarm is, how screams fade, and how much sound passes each kind of portal."""

    alarm_loudness: float = Field(
        30.0,
        ge=0,
        description="loudness (a walking person = 1) the alarm adds to every hallway once — the "
        "speakers are loud but the call is short",
    )
    scream_decay: float = Field(
        0.5, ge=0, lt=1, description="fraction of a room's screams left after each step (fading)"
    )
    panic_loudness: float = Field(
        0.5,
        ge=0,
        description="screams left in a room (loudness) above which its people panic",
    )
    through_opening: float = Field(
        0.6, ge=0, le=1, description="fraction of sound through an open archway between regions"
    )
    through_stairs: float = Field(
        0.3, ge=0, le=1, description="fraction of sound up or down a flight of stairs"
    )
    through_open_door: float = Field(
        0.5, ge=0, le=1, description="fraction through an open or broken door or window"
    )
    through_door: float = Field(
        0.1, ge=0, le=1, description="fraction through a shut door — muffled, still heard"
    )
    through_window: float = Field(
        0.05, ge=0, le=1, description="fraction through a shut window (double glazing)"
    )
    sound_hops: int = Field(
        8,
        ge=0,
        le=1000,
        description="portals (count) sound is carried through each step — far enough to cross a "
        "floor and two flights of stairs",
    )


class MovingSpec(Strict):
    """Stairs, windows, fleeing and waiting."""

    stair_cost: float = Field(
        6.0, gt=0, description="metres of walking a flight of stairs costs (a storey of stairs)"
    )
    window_cost: float = Field(
        3.0, ge=0, description="extra metres of effort to climb through a window"
    )
    flee_look: int = Field(
        16, ge=0, le=1000, description="metres: the doors and windows a fleeing person considers"
    )
    flee_radius: int = Field(
        12, ge=0, le=1000, description="metres: a zombie this close in the room makes one flee"
    )
    flee_zombie_weight: float = Field(
        0.5,
        ge=0,
        description="weight of the zombie's distance to an exit when choosing where to flee "
        "(metres per metre): exits far from it are better",
    )
    flee_crowd_weight: float = Field(
        50.0,
        ge=0,
        description="metres of detour worth taking per zombie in the room an exit leads to",
    )
    door_flow: float = Field(
        1.3,
        ge=0,
        le=1000,
        description="people per second a doorway a metre wide lets through (a door two cells "
        "wide passes twice as many): 1.3, the SFPE Handbook's design value (laboratory "
        "bottlenecks reach about 1.9, Seyfried et al. 2009); the crowd behind waits its turn "
        "(crowds jam); 0: no limit (the rule before bodies)",
    )
    detour: int = Field(
        1,
        ge=-1,
        le=3,
        description="rooms more than the shortest way that an aware person accepts, to go round "
        "a way they know is blocked: zombies in the next room on it (heard next door), its door "
        "barricaded from the far side, or jammed by a crowd; -1: never (the rule before: the "
        "shortest way, whatever is on it)",
    )
    memory: Seconds = Field(
        0.0,
        ge=0,
        le=259200,
        description="seconds a person remembers a room they found blocked (zombies, a barricade "
        "held against them, a refusal) and plans their whole way round it, within ``detour`` "
        "rooms more than the shortest; acts only with ``detour`` 0 or more. 0: they know only "
        "what is next door, one door at a time (the rule before)",
    )
    patience: Seconds = Field(
        60.0, ge=0, description="seconds a person knocks at a barricaded door before giving up"
    )
    retry: Seconds = Field(
        30.0, ge=0, description="seconds before someone with nowhere to go looks again"
    )
    survival_reference: float = Field(
        0.5,
        gt=0,
        le=1,
        description="survival sense (0–1) at which one takes in the outbreak at aware_chance; "
        "the chance scales with survival / this (the generated people's mean)",
    )
    flee_pace: bool = Field(
        True,
        description="a fleeing person weighs who reaches an exit first by their running speeds "
        "(people.run_speed × speed against zombies.run_speed × the zombie's): the fast make for "
        "exits a zombie is nearer to, the slow do not try the ones it would beat them to; false: "
        "by distance alone, as if both ran alike (the rule before)",
    )


class BodiesSpec(Strict):
    """Bodies take room: crowds jam, slow down and push (pedestrian dynamics, docs/building.md
    "Bodies")."""

    on: bool = Field(
        True,
        description="people, halfbies and zombies take up room; false turns every rule of this "
        "block off (any number per cell, no slowing, doors, windows and stairs pass any crowd, "
        "every basher counts, stairs as fast up as down): the engine before bodies, for "
        "comparison only",
    )
    jam_density: float = Field(
        5.4,
        ge=1,
        le=10,
        description="persons per m² at which a crowd stands still (Weidmann 1993); a plan "
        "cell of 1 m² holds at most floor(this) people, zombies or halfbies",
    )
    gamma: float = Field(
        1.913,
        gt=0,
        le=100,
        description="m⁻²: how fast walking slows as the crowd thickens, Weidmann's fundamental "
        "diagram v(ρ) = v0 · (1 − exp(−γ (1/ρ − 1/ρ_jam))) (Weidmann 1993, the curve most "
        "pedestrian simulators use for the level)",
    )
    ledge_cap: int = Field(
        1,
        ge=1,
        le=10,
        description="people on one metre of an outside ledge: nobody passes anyone there",
    )
    window_flow: float = Field(
        0.5,
        ge=0,
        le=1000,
        description="people per second a window a metre wide lets through: climbing over a "
        "sill takes about two seconds a person, against 1.3 a second through a door (0: no "
        "limit)",
    )
    stair_flow: float = Field(
        1.0,
        ge=0,
        le=1000,
        description="people per second a metre of stairs passes from one floor to the next: "
        "about three quarters of a level doorway's 1.3 (SFPE Handbook's specific flow on "
        "stairs; 0: no limit)",
    )
    stair_up_cost: float = Field(
        8.0,
        gt=0,
        description="metres of level walking a storey of stairs costs going up (moving."
        "stair_cost going down): people climb at about three quarters of their descending "
        "speed (Fruin 1971; SFPE Handbook)",
    )
    hold: float = Field(
        0.5,
        ge=0,
        le=10,
        description="how hard a person holding a door or barricade from their side pushes back, "
        "against a zombie's strength of 1: the bashing of those that fit against it, less the "
        "holding of those behind it",
    )


class FightingSpec(Strict):
    """How weapons, strength and a zombie's strength weigh in a fight."""

    weapon_bonus: float = Field(
        2.0,
        ge=0,
        description="a weapon skill of 1 multiplies the chances to fight and to kill by "
        "(1 + this) — a bow or a bat beats bare hands",
    )
    fight_cap: float = Field(
        0.95, ge=0, le=1, description="highest chance an attacked person fights back"
    )
    kill_cap: float = Field(0.9, ge=0, le=1, description="highest chance a fight kills the zombie")
    armed_skill: float = Field(
        0.6,
        ge=0,
        le=1,
        description="weapon skill from which a person strikes first at a zombie next to them",
    )
    zombie_toughness: float = Field(
        0.5,
        ge=0,
        description="a zombie resists a kill by its strength × this (a strength-2 zombie: 1)",
    )
    toughness_floor: float = Field(
        0.5, gt=0, description="the least resistance of any zombie (a weak person's zombie)"
    )
    stun: Seconds = Field(
        6.0,
        ge=0,
        le=600,
        description="seconds a zombie fought off but not destroyed is down (a shove, a blow with "
        "a bat or a fire extinguisher): it neither chases nor attacks, so the one who fought "
        "gains a few metres to flee — Su-hyeok knocks them back and runs; 0: it attacks again "
        "the next step (the rule before, where a won fight only put off the bite)",
    )


class TrustSpec(Strict):
    """Whether a barricaded room opens to a knock (on top of people.let_in)."""

    empty_room: float = Field(
        0.2,
        ge=0,
        description="an empty barricaded room 'opens' (the knocker squeezes past) at this × let_in",
    )
    bonded_in_danger: float = Field(
        0.3,
        ge=0,
        le=1,
        description="chance per step a friend or partner is let in with zombies on their side "
        "(else always)",
    )
    stranger_in_danger: float = Field(
        0.1,
        ge=0,
        le=1,
        description="factor on a stranger's chance when zombies are on their side (fear)",
    )
    status_reference: float = Field(
        0.5,
        gt=0,
        le=1,
        description="status at which a stranger is let in at let_in; the chance scales with "
        "status / this",
    )


class HalfbieSpec(Strict):
    """Halfbies: who becomes one, their strength and hunger, their choices, how they are found."""

    hunger: float = Field(
        0.001,
        ge=0,
        le=1,
        description="chance per second a halfbie with no self-control bites a person next to "
        "them (× (1 - self_control)) — rare: Nam-ra holds back for days",
    )
    immunity_sd: float = Field(
        0.01,
        ge=0,
        lt=0.5,
        description="spread (sd, fraction) of the immunity propensity across people: each "
        "draws a Beta with mean virus.halfbie_chance and this sd — a few carry strong immunity, "
        "most none; 0: everyone the mean (the rule before)",
    )
    trait_propensity: float = Field(
        0.5,
        ge=0,
        le=1,
        description="chance a character with halfbie = true becomes a halfbie if infected — "
        "raised, not certain: the series shows three, a take may show fewer",
    )
    certain: bool = Field(
        False,
        description="true: a character with halfbie = true becomes a halfbie with certainty "
        "once infected (the rule before; asked for explicitly)",
    )
    strength: float = Field(
        2.0,
        gt=0,
        le=20,
        description="a halfbie's strength against those who fight them (×) — as strong as a "
        "zombie: Nam-ra throws a grown man",
    )
    hunger_growth: float = Field(
        0.05,
        ge=0,
        le=10,
        description="per hour: the hunger grows by this share of itself each hour as a halfbie "
        "(× (1 + growth × hours)) — Nam-ra fights it harder each day; 0: it stays (the rule before)",
    )
    fight_back: float = Field(
        1.0,
        ge=0,
        le=10,
        description="factor on an attacked person's chance to fight a halfbie off (1: as "
        "against a zombie); a fight may kill the halfbie; 0: nobody does (the rule before)",
    )
    leave_at: float = Field(
        0.35,
        ge=0,
        le=1000,
        description="urge ((1 - self_control) × (1 + hunger_growth × hours as a halfbie)) at "
        "which a halfbie keeps away from their friends, leaving a room they share — Nam-ra leaves the group on the roof; "
        "above any urge (e.g. 1000 with no growth): never (the rule before)",
    )
    hunt_at: float = Field(
        0.6,
        ge=0,
        le=1000,
        description="urge at which a halfbie hunts: runs at the nearest person in their room — "
        "Gwi-nam chases On-jo; above any urge: never (the rule before)",
    )
    detect: float = Field(
        0.3,
        ge=0,
        le=1,
        description="chance soldiers or a helicopter crew see through a halfbie (eyes, strength) "
        "when they check them: shot at the gate, left on the roof",
    )


class DecisionSpec(Strict):
    """How each member of a hiding room answers a leader who proposes to leave: a multinomial
    logit over follow / stay hidden / go alone (docs/building.md, "How people choose").
    Utilities are in logit units relative to staying; who leads a room is the one with the
    highest lead score."""

    individual: bool = Field(
        True,
        description="each member chooses for themselves when a leader proposes to leave "
        "(false: the whole room follows, the rule before choices)",
    )
    follow_base: float = Field(
        -1.0,
        ge=-20,
        le=20,
        description="logit units: following rather than staying, all else equal — leaving a "
        "barricaded room is frightening",
    )
    alone_base: float = Field(
        -2.5,
        ge=-20,
        le=20,
        description="logit units: making for the other way out alone rather than staying — few "
        "dare to go on their own",
    )
    trust: float = Field(
        1.0,
        ge=0,
        le=20,
        description="logit units per unit of lead score the leader has above the member: one "
        "follows those who seem more able than oneself",
    )
    bond_leader: float = Field(
        1.5,
        ge=0,
        le=20,
        description="logit units for following a leader who is one's friend or partner",
    )
    friend_pull: float = Field(
        0.7,
        ge=0,
        le=20,
        description="logit units per friend already going (towards following) or already "
        "staying (towards staying): friends stick together",
    )
    couple_pull: float = Field(
        3.0,
        ge=0,
        le=20,
        description="logit units for doing as one's partner did (follow, stay or go alone): "
        "couples rarely part",
    )
    bully_push: float = Field(
        2.0,
        ge=0,
        le=20,
        description="logit units against following a leader who bullies one",
    )
    survival_push: float = Field(
        3.0,
        ge=0,
        le=20,
        description="logit units per unit of survival sense above moving.survival_reference, "
        "towards leaving (either way), divided by 1 + the zombies reckoned with on that way: "
        "the sharp know that hiding without food ends badly, and go when the way is clear",
    )
    strength_alone: float = Field(
        1.5,
        ge=0,
        le=20,
        description="logit units per unit of strength above 1 (an average adult) towards going "
        "alone: the strong trust themselves",
    )
    leader_alone: float = Field(
        1.0,
        ge=0,
        le=20,
        description="logit units towards going alone for one who is a leader themselves",
    )
    hunger_push: float = Field(
        0.03,
        ge=0,
        le=5,
        description="logit units per hour since the start towards leaving (either way): hunger "
        "and thirst grow",
    )
    warned_push: float = Field(
        3.0,
        ge=0,
        le=20,
        description="logit units towards leaving (either way) once word of the strike has come "
        "(world.strike_warning): whoever stays dies, so hiding loses its pull",
    )
    danger_push: float = Field(
        1.0,
        ge=0,
        le=20,
        description="logit units against leaving (either way) per e-fold of zombies in the "
        "rooms and halls next door (× ln(1 + count)): one hears them outside",
    )
    lead_status: float = Field(
        1.0, ge=0, le=20, description="lead score per unit of status (the rule before: 1)"
    )
    lead_leader: float = Field(
        1.0, ge=0, le=20, description="lead score of the leader trait (the rule before: 1)"
    )
    lead_survival: float = Field(
        1.0,
        ge=0,
        le=20,
        description="lead score per unit of survival sense — the sharp take charge (the rule "
        "before: 0)",
    )
    lead_strength: float = Field(
        0.2,
        ge=0,
        le=20,
        description="lead score per unit of strength — the strong are listened to (the rule "
        "before: 0)",
    )
    look_ahead: float = Field(
        1.0,
        ge=0,
        le=10,
        description="zombies further along the way (the halls, stairs and the goal past the "
        "room next door) a member reckons with, per zombie × their survival sense — the sharp "
        "look before they go, the dull go blindly (with it the sharp of class 2-5 survive whole "
        "takes more than the dull, without it less: docs/building.md); 0: only the rooms next "
        "door count (the rule before)",
    )
    danger_sense: float = Field(
        0.0,
        ge=0,
        le=2,
        description="factor per unit of survival sense above moving.survival_reference on the "
        "weight of danger_push (× max(0, 1 + this × (survival − reference))): the sharp take "
        "the zombies they know of seriously, the dull go blindly; and survival_push is divided "
        "by 1 + the zombies reckoned with, so the sharp leave when the way is clear (2 with the "
        "others); 0: danger weighs alike for all and survival_push does not look (the rule "
        "before, and the default — see leader_look)",
    )
    leader_look: float = Field(
        0.0,
        ge=0,
        le=20,
        description="per zombie reckoned with (× the leader's survival sense): a leader about to "
        "propose leaving holds off with chance 1 − exp(−this × survival × zombies) and proposes "
        "again later — On-jo waits for the hall to clear (1 with the others); 0: the leader goes "
        "whatever waits outside (the rule before, and the default: with danger_sense 2 and "
        "this 1, Hyosan High's class 2-5 mostly stays together over 72 h — the ten split in "
        "25 of 100 takes, seed 1, against 74 on the defaults: docs/building.md)",
    )


class RolesSpec(Strict):
    """Rooms with a part in the story, by name in the floor plan (unset: no such room)."""

    roof: str | None = Field(
        None, description="room where helicopters take everyone (rescue_at) — the rooftop"
    )
    gate: str | None = Field(
        None,
        description="room where soldiers hold the cordon, shoot zombies and take people in",
    )
    broadcast: str | None = Field(
        None,
        description="room whose speakers reach every hallway: a decoy played there sounds in "
        "all hallways",
    )
    hills: str | None = Field(
        None,
        description="open ground beyond the school where people on foot leave the zone; from "
        "there they walk on to the quarantine camp (world.camp_admit)",
    )


class BuildingSpec(Strict):
    """A floor plan, its people, the virus and the rules of behaviour."""

    plan: str | None = Field(
        None,
        max_length=4096,
        description="floor plan file, relative to the scenario file (shipped plans by file name); "
        "required for a building scenario with a floor plan",
    )
    repast: RepastSpec | None = Field(
        None,
        description="the Repast4Py Zombies rules on an open floor, instead of a floor plan "
        "(docs/repast.md)",
    )
    duration: Hours = Field(72.0, gt=0, description="hours simulated — three days, as the issue")
    dt: Seconds = Field(
        2.0,
        gt=0,
        le=30,
        description="seconds per step: a zombie covers ~8 m, so a chase takes several steps",
    )
    record_every: Seconds = Field(300.0, gt=0, description="seconds between rows of the series")
    rooms_every: Seconds = Field(900.0, gt=0, description="seconds between per-room counts")
    frame_every: Seconds = Field(600.0, gt=0, description="seconds between animation frames")
    max_events: int = Field(
        100_000,
        ge=100,
        le=10_000_000,
        description="events kept per take (the log stops growing after)",
    )
    population: PopulationSpec = Field(default_factory=lambda: PopulationSpec.model_validate({}))
    characters: list[CharacterSpec] = Field(default_factory=list, max_length=10_000)
    outbreak: OutbreakSpec = Field(default_factory=lambda: OutbreakSpec.model_validate({}))
    virus: VirusSpec = Field(default_factory=lambda: VirusSpec.model_validate({}))
    zombies: ZombieSpec = Field(default_factory=lambda: ZombieSpec.model_validate({}))
    people: PeopleSpec = Field(default_factory=lambda: PeopleSpec.model_validate({}))
    world: WorldSpec = Field(default_factory=lambda: WorldSpec.model_validate({}))
    decoys: list[DecoySpec] = Field(default_factory=list, max_length=1000)
    # Rules that used to live in the kernel, and the rooms' roles.
    sound: SoundSpec = Field(default_factory=lambda: SoundSpec.model_validate({}))
    moving: MovingSpec = Field(default_factory=lambda: MovingSpec.model_validate({}))
    bodies: BodiesSpec = Field(default_factory=lambda: BodiesSpec.model_validate({}))
    fighting: FightingSpec = Field(default_factory=lambda: FightingSpec.model_validate({}))
    trust: TrustSpec = Field(default_factory=lambda: TrustSpec.model_validate({}))
    halfbies: HalfbieSpec = Field(default_factory=lambda: HalfbieSpec.model_validate({}))
    decisions: DecisionSpec = Field(default_factory=lambda: DecisionSpec.model_validate({}))
    roles: RolesSpec = Field(default_factory=lambda: RolesSpec.model_validate({}))

    @model_validator(mode="after")
    def _names(self) -> BuildingSpec:
        if self.repast is not None and self.plan is not None:
            raise ValueError(
                "give a floor plan (plan) or the open-floor Repast rules ([building.repast]), "
                "not both"
            )
        names = [c.name for c in self.characters]
        doubles = sorted({n for n in names if names.count(n) > 1})
        if doubles:
            raise ValueError(f"characters named twice: {doubles}")
        known = set(names)
        for c in self.characters:
            for other in [c.couple, *c.friends, *c.bully_of]:
                if other is not None and other not in known:
                    raise ValueError(
                        f"character {c.name!r} names {other!r}, who is not a character; "
                        f"allowed: {sorted(known)}"
                    )
        for other in [*self.outbreak.zombies, *self.outbreak.halfbies]:
            if other not in known:
                raise ValueError(
                    f"outbreak names {other!r}, who is not a character; allowed: {sorted(known)}"
                )
        if self.characters and self.outbreak.patient_zero not in known | {""}:
            raise ValueError(
                f"patient zero {self.outbreak.patient_zero!r} is not a character; "
                f"allowed: {sorted(known)}"
            )
        self._immunity()
        if self.dt > self.record_every:
            raise ValueError("dt must not exceed record_every")
        steps = self.duration * 3600.0 / self.dt
        if self.repast is None and steps > MAX_STEPS:
            raise ValueError(
                f"duration / dt = {steps:.3g} steps per take; allowed: at most {MAX_STEPS:,} "
                f"(dt ≥ {self.duration * 3600.0 / MAX_STEPS:.3g} s for this duration)"
            )
        return self

    def _immunity(self) -> None:
        """A Beta with mean m has an sd below sqrt(m (1 - m)); a mean of 0 or 1 has no spread,
        whatever sd says (no halfbies, or all of them)."""
        m, sd = self.virus.halfbie_chance, self.halfbies.immunity_sd
        if sd > 0 and 0 < m < 1 and sd * sd >= m * (1 - m):
            raise ValueError(
                f"halfbies.immunity_sd = {sd} is too wide for virus.halfbie_chance = {m}; "
                f"allowed: 0, or below sqrt(m (1 - m)) = {(m * (1 - m)) ** 0.5:.4g}"
            )
