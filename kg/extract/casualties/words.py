"""The words casualty statements are read by: what each verb or noun counts, which nouns count people,
and the cues of a cumulative total. Lemmas are lowercase."""

from __future__ import annotations

from kg.vocab import CasualtyKind as K

# "killed 20", "20 were killed", "20 people killed": a verb whose object (or passive subject) is the victims
TRANSITIVE_VERBS: dict[str, K] = {
    "kill": K.KILLED, "execute": K.KILLED, "massacre": K.KILLED, "slaughter": K.KILLED, "murder": K.KILLED,
    "behead": K.KILLED, "slay": K.KILLED, "assassinate": K.KILLED,
    "wound": K.WOUNDED, "injure": K.WOUNDED, "hurt": K.WOUNDED, "maim": K.WOUNDED,
    "capture": K.CAPTURED, "detain": K.CAPTURED, "abduct": K.CAPTURED, "kidnap": K.CAPTURED,
    "displace": K.DISPLACED, "uproot": K.DISPLACED,
}  # fmt: skip
# "20 died", "20 soldiers surrendered", "20 fled": the subject is the victims
INTRANSITIVE_VERBS: dict[str, K] = {
    "die": K.KILLED, "perish": K.KILLED,
    "surrender": K.SURRENDERED, "capitulate": K.SURRENDERED, "defect": K.SURRENDERED,
    "flee": K.DISPLACED,
}  # fmt: skip
# "20 dead", "left 20 wounded", "20 are missing", "20 displaced people"
STATE_WORDS: dict[str, K] = {
    "dead": K.KILLED, "killed": K.KILLED, "wounded": K.WOUNDED, "injured": K.WOUNDED, "missing": K.MISSING,
    "unaccounted": K.MISSING,
    "displaced": K.DISPLACED, "captured": K.CAPTURED,
}  # fmt: skip
# "20 casualties", "20 deaths", "20 IDPs": the noun counted is the casualty itself
COUNTED_NOUNS: dict[str, K] = {
    "casualty": K.CASUALTIES, "death": K.KILLED, "fatality": K.KILLED, "dead": K.KILLED, "body": K.KILLED,
    "wounded": K.WOUNDED, "injured": K.WOUNDED, "injury": K.WOUNDED, "idp": K.DISPLACED, "idps": K.DISPLACED,
    "refugee": K.DISPLACED, "seeker": K.DISPLACED, "evacuee": K.DISPLACED,
    "prisoner": K.CAPTURED, "captive": K.CAPTURED, "hostage": K.CAPTURED, "pow": K.CAPTURED, "pows": K.CAPTURED,
}  # fmt: skip
# "a total of 20 people", "the number of displaced"
AMOUNT_NOUNS = frozenset({"total", "number", "count", "figure", "tally"})
# "holding 20 civilians", "forced 20 from their homes", "sought refuge"
HOLD_VERBS = frozenset({"hold", "abduct", "seize", "kidnap"})
FORCE_OUT_VERBS = frozenset({"force", "drive", "send", "push", "chase", "uproot"})
REFUGE_NOUNS = frozenset({"refuge", "asylum", "safety", "shelter", "sanctuary"})
# Who flees as soldiers retreat, not as civilians displaced
MILITARY_NOUNS = frozenset(
    {"soldier", "troop", "fighter", "militant", "insurgent", "rebel", "detainee", "prisoner", "inmate", "force",
     "policeman", "policemen", "police", "officer", "guard", "commander", "gunman", "gunmen", "militiamen"}
)  # fmt: skip
# "the deaths of 20 soldiers", "the surrender of 300 troops"
OF_NOUNS: dict[str, K] = {
    "death": K.KILLED, "killing": K.KILLED, "murder": K.KILLED, "execution": K.KILLED, "massacre": K.KILLED,
    "life": K.KILLED, "surrender": K.SURRENDERED, "capture": K.CAPTURED, "displacement": K.DISPLACED,
    "injury": K.WOUNDED, "wounding": K.WOUNDED,
}  # fmt: skip
# "the death toll rose to 50", "a toll of 50"
TOLL_NOUNS = frozenset({"toll", "tally"})
TOLL_VERBS = frozenset({"rise", "climb", "reach", "increase", "jump", "stand", "hit", "mount", "soar", "grow"})
# "left 20 dead", "leaving 20 wounded"
LEAVE_VERBS = frozenset({"leave"})

# Nouns that count people. Figures of other nouns (weapons, vehicles, villages, years) are not casualties.
PEOPLE_NOUNS = frozenset(
    {
        "people", "person", "civilian", "soldier", "troop", "fighter", "militant", "insurgent", "rebel",
        "policeman", "policemen", "police", "officer", "guard", "child", "children", "woman", "women", "man", "men",
        "boy", "girl", "student", "worker", "employee", "staff", "member", "resident", "villager", "citizen",
        "refugee", "migrant", "family", "families", "household", "individual", "passenger", "pilot", "crew",
        "commander", "general", "official", "leader", "journalist", "doctor", "nurse", "teacher", "farmer",
        "protester", "demonstrator", "worshipper", "pilgrim", "prisoner", "detainee", "hostage", "captive",
        "jihadist", "extremist", "gunman", "gunmen", "attacker", "assailant", "bomber", "terrorist", "combatant",
        "militiaman", "militiamen", "paramilitary", "recruit", "marine", "sailor", "airman", "commando",
        "personnel", "servicemen", "serviceman", "servicemember", "contractor", "diplomat", "peacekeeper",
        "victim", "survivor", "infant", "baby", "toddler", "teenager", "youth", "adult", "elder", "others",
        "other", "casualty", "idp", "idps", "national", "inmate", "mourner", "shopper", "driver",
        "guardsman", "guardsmen", "cadet", "volunteer", "militia", "loyalist", "defender", "separatist",
        "army", "policewoman", "ranger", "sniper", "agent", "bodyguard", "aid", "humanitarian", "dead",
        "wounded", "injured", "death", "fatality", "body", "life", "lives", "patient",
        "tribesman", "tribesmen", "elderly", "deputy", "colonel", "major", "captain", "lieutenant", "sergeant",
        "chief", "governor", "mayor", "lawmaker", "minister", "spokesman", "son", "daughter", "brother",
        "sister", "father", "mother", "relative", "kid", "pupil", "lecturer", "engineer", "trucker",
        "fisherman", "fishermen", "herder", "herdsman", "herdsmen", "shepherd", "cleric", "imam", "priest",
        "monk", "nun", "tourist", "foreigner", "conscript", "reservist", "local", "seeker", "evacuee",
    }
)  # fmt: skip
# NER types that count people when the counted noun carries them ("20 Afghans", "30 Taliban")
PEOPLE_ENTITY_TYPES = frozenset({"NORP", "PERSON", "ORG"})
# Kinds whose bare figure ("40 were killed") is read as people; others need a people noun
BARE_KINDS = frozenset({K.KILLED, K.WOUNDED, K.CASUALTIES, K.MISSING, K.DISPLACED, K.SURRENDERED, K.CAPTURED})
# Kinds whose counted noun may be any noun that is not a thing ("20 solders were wounded")
LOOSE_KINDS = frozenset({K.KILLED, K.WOUNDED, K.CASUALTIES, K.MISSING})
THING_NOUNS = frozenset(
    {"vehicle", "tank", "truck", "humvee", "weapon", "gun", "rifle", "round", "shell", "rocket", "missile", "bomb",
     "aircraft", "plane", "helicopter", "drone", "village", "town", "city", "district", "province", "house", "home",
     "building", "year", "day", "month", "week", "hour", "percent", "dollar", "km", "kilometer", "mile", "acre",
     "head", "cattle", "animal", "livestock", "camel", "goat", "sheep", "cow", "school", "hospital", "checkpoint",
     "post", "base", "position", "area", "territory", "hectare", "ton", "tonne", "boat", "ship", "car", "bus"}
)  # fmt: skip
# "20 prisoners were released", "7,000 refugees returned": people freed or back home are not casualties
UNDOING_VERBS = frozenset({"release", "free", "return", "repatriate", "rescue", "exchange", "swap", "pardon"})

# Cumulative totals: "since January", "so far", "to date", "the death toll", "in the past month"
CUMULATIVE_WORDS = frozenset(
    {"since", "toll", "tally", "so far", "to date", "thus far", "as of", "in total", "overall"}
)
WAR_NOUNS = frozenset({"war", "conflict", "insurgency", "violence", "fighting", "crisis", "campaign", "unrest"})
