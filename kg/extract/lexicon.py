"""Word lists the event rules use: trigger verbs and nouns and the event kind each names, verb forms the
lemmatiser leaves alone, entry, withdrawal and flag words, ordinals and pronouns. The words for places, actors
and speech are in :mod:`kg.extract.place_words`, :mod:`kg.extract.actor_words` and
:mod:`kg.extract.speech_words`. Lemmas are lowercase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.vocab import EventKind

if TYPE_CHECKING:
    from spacy.tokens import Token

# A flag raised over a place: "raised their flag over the town hall".
FLAG_VERBS = frozenset({"raise", "hoist", "plant", "fly", "unfurl"})
FLAG_NOUNS = frozenset({"flag", "banner", "standard"})


def verb_lemma(token: Token) -> str:
    """A verb's lemma, with the forms the lemmatiser leaves alone mended ("retook" -> "retake",
    "reentered" -> "enter", "re-taken" -> "retake")."""
    lower = token.lower_
    lemma = (
        CAPTURE_VERB_FORMS.get(lower)
        or ENTRY_VERB_FORMS.get(lower)
        or HYPHENATED_VERB_FORMS.get(lower)
        or token.lemma_.lower()
    )
    if lower.endswith("ied") and lemma.endswith("ie") and lemma[:-2] + "y" in CAPTURE_VERBS:
        return lemma[:-2] + "y"  # "reoccupied" -> "reoccupie" by the rules for unknown words: "reoccupy"
    return lemma


# Verbs whose object is a place taken over: "captured Kunduz", "seized the district of Panjwai".
CAPTURE_VERBS = frozenset(
    {
        "capture",
        "seize",
        "overrun",
        "conquer",
        "occupy",
        "overtake",
        "retake",
        "recapture",
        "liberate",
        "grab",
        "annex",
        "reclaim",
        "regain",
        "reconquer",
        "reoccupy",
        "wrest",
    }
)


def capture_verb_form(word: str) -> bool:
    """ "retook", "retake", "retakes", "captured": a capture verb, however the model tagged it (a Title
    Case headline read as one name holds one)."""
    return word in CAPTURE_VERB_FORMS or any(
        word.removesuffix(ending) in CAPTURE_VERBS for ending in ("", "s", "d", "ed", "es")
    )


# Verbs that take over a place when their object is "control" or with the particle "over":
# "took control of", "seized control of", "wresting control of", "took over".
CONTROL_VERBS = frozenset(
    {
        "take",
        "seize",
        "gain",
        "wrest",
        "assume",
        "regain",
        "retake",
        "establish",
        "win",
        "grab",
        "reclaim",
        "reinstate",
        "restore",
        "reestablish",
        "reassert",
    }
)
# Inflected forms of capture verbs the tagger sometimes takes for nouns or names ("the Taliban
# overran Kohsan" tagged PROPN, "was overrun by" tagged NOUN): read them as the verb anyway.
CAPTURE_VERB_FORMS = {
    "captured": "capture",
    "seized": "seize",
    "overran": "overrun",
    "overrun": "overrun",
    "conquered": "conquer",
    "occupied": "occupy",
    "retook": "retake",
    "retaken": "retake",
    "recaptured": "recapture",
}
# "re-taken", "re-entered", "over-run": hyphenated forms of verbs of taking, kept one word by the tokenizer.
HYPHENATED_VERB_FORMS = {
    f"{prefix}-{form}": lemma
    for prefix, lemma, forms in (
        ("re", "retake", ("take", "takes", "took", "taken", "taking")),
        ("re", "recapture", ("capture", "captures", "captured", "capturing")),
        ("re", "reoccupy", ("occupy", "occupies", "occupied", "occupying")),
        ("re", "enter", ("enter", "enters", "entered", "entering")),
        ("over", "overrun", ("run", "runs", "ran", "running")),
    )
    for form in forms
}


def unhyphenated(form: str) -> str:
    """How the tagger should read a hyphenated verb form: "over-ran" as "overran" (a form it knows); the
    "re-" forms as they are, which it already reads as verbs."""
    return form.replace("-", "", 1) if form.startswith("over-") else form


# Marks that open a list entry: bullets, and dashes too.
BULLETS = frozenset({"•", "◦", "▪", "‣", "·", "*"})
LIST_MARKS = BULLETS | {"-", "–", "—"}
# Intransitive "a place falls": "Kunduz fell", "fell to the Taliban", "fell into the hands of".
FALL_VERBS = frozenset({"fall", "collapse"})
# Nouns for a capture: "the capture of Kandahar", "the taking of Taloqan", "the fall of Kabul".
CAPTURE_NOUNS = frozenset(
    {
        "capture",
        "seizure",
        "taking",
        "takeover",
        "fall",
        "conquest",
        "occupation",
        "loss",
        "overrunning",
        "recapture",
        "handover",
        "liberation",
        "retaking",
        "clearance",
        "take-over",
    }
)
# Copular nouns: "Kunduz remains the Taliban's biggest prize".
PRIZE_NOUNS = frozenset({"prize", "trophy", "conquest", "gain", "acquisition"})

# Other event types: lemma -> kg class. Verbs and nouns.
ATTACK_TRIGGERS = {
    "attack": EventKind.ATTACK,
    "assault": EventKind.ASSAULT,
    "ambush": EventKind.AMBUSH,
    "raid": EventKind.ASSAULT,
    "storm": EventKind.ASSAULT,
    "besiege": EventKind.SIEGE,
    "siege": EventKind.SIEGE,
    "shell": EventKind.SHELLING,
    "shelling": EventKind.SHELLING,
    "bomb": EventKind.BOMBING,
    "bombing": EventKind.BOMBING,
    "blast": EventKind.BOMBING,
    "explosion": EventKind.BOMBING,
    "airstrike": EventKind.AIRSTRIKE,
    "strike": EventKind.ATTACK,
    "bombardment": EventKind.AIRSTRIKE,
    "battle": EventKind.ATTACK,
    "clash": EventKind.ATTACK,
    "fight": EventKind.ATTACK,
    "fighting": EventKind.ATTACK,
    "offensive": EventKind.ATTACK,
    "target": EventKind.ATTACK,
    "pound": EventKind.SHELLING,
    "kill": EventKind.ATTACK,
    "assassinate": EventKind.ASSASSINATION,
    "assassination": EventKind.ASSASSINATION,
    "shoot": EventKind.ATTACK,
    "invade": EventKind.ASSAULT,
    "invasion": EventKind.ASSAULT,
    "enter": EventKind.ASSAULT,
}
SURRENDER_TRIGGERS = frozenset({"surrender", "capitulate", "capitulation"})
WITHDRAWAL_TRIGGERS = {
    "withdraw": EventKind.WITHDRAWAL,
    "withdrawal": EventKind.WITHDRAWAL,
    "retreat": EventKind.WITHDRAWAL,
    "flee": EventKind.WITHDRAWAL,
    "flight": EventKind.WITHDRAWAL,
    "leave": EventKind.WITHDRAWAL,
    "departure": EventKind.WITHDRAWAL,
    "abandon": EventKind.WITHDRAWAL,
    "evacuate": EventKind.EVACUATION,
    "evacuation": EventKind.EVACUATION,
    "pull": EventKind.WITHDRAWAL,
}
VISIT_TRIGGERS = frozenset({"visit", "fly", "travel", "arrive", "arrival"})
RELEASE_TRIGGERS = frozenset({"release", "free", "escape", "rescue"})
APPOINTMENT_TRIGGERS = frozenset({"appoint", "replace", "name", "nominate", "appointment"})
ADVANCE_TRIGGERS = frozenset({"approach", "advance", "inch", "close", "encircle", "surround", "push", "march"})
THREAT_TRIGGERS = frozenset({"threaten", "threat", "vow", "warn"})


# Adjectives that make a title a past one: "the former capital of X" is not its capital now.
FORMER_WORDS = frozenset({"former", "old", "ancient", "historic", "onetime", "erstwhile"})
# Main verbs after "After they took X, ..." whose subject carries on what "they" did: "the militants moved south".
ONWARD_VERBS = frozenset(
    {
        "move",
        "head",
        "advance",
        "push",
        "march",
        "continue",
        "press",
        "turn",
        "proceed",
        "go",
        "capture",
        "seize",
        "take",
        "overrun",
        "enter",
        "attack",
        "launch",
        "set",
    }
)
# Occasions a town is "secured" for, not taken: "secured X ahead of the election".
CIVIC_OCCASIONS = frozenset(
    {
        "election",
        "vote",
        "visit",
        "ceremony",
        "summit",
        "celebration",
        "talks",
        "meeting",
        "festival",
        "parade",
        "match",
        "game",
        "tournament",
        "concert",
        "pilgrimage",
    }
)
# Pronouns and their referent class.
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})

ORDINAL_WORDS = frozenset(
    {
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
    }
)
# Words that rank a thing among others: "the first city to fall", "the latest town".
RANK_WORDS = ORDINAL_WORDS | {"latest", "last", "next"}
ORDINALS = {
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
}
# Words in an entry's clause that say the entry gave control: "entered Kabul unopposed, completing
# their takeover".
ENTRY_CONTROL_CUES = frozenset(
    {
        "effectively",
        "unopposed",
        "unchallenged",
        "takeover",
        "control",
        "uncontested",
        "peacefully",
        "consolidating",
        "consolidated",
    }
)
# Forms of "enter" again that the lemmatiser leaves alone ("reentered" -> "reentere").
ENTRY_VERB_FORMS = {"reentered": "enter", "reenter": "enter", "reenters": "enter", "reentering": "enter"}
# Verbs of moving into a place: "troops moved into the town", "rebels swept into X".
ENTRY_MOTION_VERBS = frozenset({"move", "march", "roll", "sweep", "pour", "push", "drive", "advance", "walk", "stride"})
# Verbs whose "to X" names where someone went: "the rebels returned to X", "advanced to X", "retreated to X".
MOTION_TO_VERBS = ENTRY_MOTION_VERBS | {"return", "head", "go", "come"} | frozenset(WITHDRAWAL_TRIGGERS)
# Of those, the ones civilians do as often: an entry only by a side ("aid workers moved into X" is none).
CIVILIAN_MOTION_VERBS = frozenset({"walk", "stride", "move", "pour"})
# Verbs that give a place up to another side: "handed X over to", "surrendered X to".
HANDOVER_VERBS = frozenset({"hand", "surrender", "cede", "yield", "abandon"})
# Participles and adjectives that, said of a place, declare it taken: "declared the city liberated".
DECLARED_TAKEN_WORDS = frozenset(
    {"liberated", "freed", "free", "captured", "cleared", "retaken", "recaptured", "secured"}
)
# Words that say an entry was contested, in its sentence or the next: "entered X, but were repelled".
ENTRY_CONTRAST_WORDS = frozenset({"but", "however", "although", "though", "yet", "while"})
FIGHT_VERBS = frozenset({"clash", "fight", "battle", "engage", "exchange", "skirmish"})
ENTRY_REPULSION_LEMMAS = frozenset(
    {"repel", "repulse", "counterattack", "counter-attack", "encircle", "surround", "ambush"}
)
# Capture verbs whose object is a place whatever it is called: "retook Awdhegle and Mubarak".
PLACE_ONLY_CAPTURE_VERBS = frozenset(
    {"retake", "recapture", "liberate", "overrun", "occupy", "reoccupy", "conquer", "reconquer", "reclaim", "regain"}
)
# Verbs that dislodge a side from a place: "drove the militants out of X", "were driven from X".
DISLODGE_VERBS = frozenset(
    {"drive", "push", "expel", "oust", "evict", "chase", "flush", "kick", "force", "rout", "throw", "dislodge"}
)
# Verbs whose object is mostly a place: a name the model mistyped there is a place when a gazetteer
# place of that name lies in a country the article names ("entered X", "stormed X").
ENTRY_VERBS = frozenset(
    {"enter", "storm", "besiege", "shell", "bomb", "raid", "encircle", "surround", "infiltrate", "attack"}
)
# Capture verbs for taking a place back: no default captor (the group an article is about is more
# often the one that lost it).
RETAKE_VERBS = frozenset({"retake", "recapture", "liberate", "regain", "reclaim", "free"})
# Their nouns: a place "liberated" or "recaptured" was most often taken back from the group the article is about.
RETAKE_NOUNS = frozenset({"recapture", "liberation", "retaking", "recovery", "reconquest"})
# Words of place names the tokeniser splits off an apostrophe and "s" as if possessives: the Arabic "Ra's" (a
# cape) in "Ra's Lanuf", "Ra's al-Khaimah".
APOSTROPHE_NAME_OPENINGS = frozenset({"ra"})
