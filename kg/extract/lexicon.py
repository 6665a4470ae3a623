"""Word lists the extractor's rules use. Lemmas are lowercase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.vocab import EventKind

if TYPE_CHECKING:
    from spacy.tokens import Token

# Common nouns that name a kind of place: "the city of Zaranj", "a ninth provincial capital, Faizabad".
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "capital",
        "district",
        "province",
        "village",
        "crossing",
        "border",
        "base",
        "airbase",
        "airport",
        "airfield",
        "aerodrome",
        "prison",
        "jail",
        "facility",
        "outpost",
        "checkpoint",
        "headquarters",
        "compound",
        "barracks",
        "garrison",
        "port",
        "stronghold",
        "bastion",
        "hub",
        "territory",
        "region",
        "valley",
        "center",
        "centre",
        "county",
        "municipality",
        "settlement",
        "post",
        "oblast",
        "governorate",
        "prefecture",
        "station",
        "plant",
        "camp",
        "township",
    }
)
# Which kind of place a place noun implies (for linking names and checking appositions).
PLACE_NOUN_KIND = {
    "city": "City",
    "town": "City",
    "capital": "City",
    "village": "City",
    "settlement": "City",
    "district": "District",
    "county": "District",
    "municipality": "District",
    "township": "District",
    "province": "Province",
    "region": "Province",
    "oblast": "Province",
    "governorate": "Province",
    "prefecture": "Province",
    "crossing": "BorderCrossing",
    "border": "BorderCrossing",
    "base": "MilitaryBase",
    "airbase": "MilitaryBase",
    "garrison": "MilitaryBase",
    "barracks": "MilitaryBase",
    "outpost": "MilitaryBase",
    "post": "MilitaryBase",
    "checkpoint": "MilitaryBase",
    "headquarters": "Facility",
    "airport": "Airport",
    "airfield": "Airport",
    "aerodrome": "Airport",
    "port": "Facility",
    "seaport": "Facility",
    "dam": "Facility",
    "refinery": "Facility",
    "station": "Facility",
    "plant": "Facility",
    "camp": "MilitaryBase",
    "office": "Facility",
    "prison": "Prison",
    "jail": "Prison",
    "facility": "Facility",
    "compound": "Facility",
    "palace": "Facility",
    "building": "Facility",
    "hall": "Facility",
    "site": "Facility",
}
FACILITY_NOUNS = frozenset(
    {
        "prison",
        "jail",
        "airport",
        "airfield",
        "aerodrome",
        "base",
        "airbase",
        "barracks",
        "garrison",
        "headquarters",
        "checkpoint",
        "compound",
        "palace",
        "facility",
        "port",
        "seaport",
        "dam",
        "refinery",
        "building",
        "hall",
        "site",
        "station",
        "plant",
        "camp",
        "office",
        "outpost",
    }
)
# Words before "camp" that make it no military camp: "a camp for displaced people" is not taken.
CIVILIAN_CAMP_WORDS = frozenset(
    {"refugee", "displacement", "displaced", "idp", "idps", "migrant", "tent", "relief", "transit"}
)
# A flag raised over a place: "raised their flag over the town hall".
FLAG_VERBS = frozenset({"raise", "hoist", "plant", "fly", "unfurl"})
FLAG_NOUNS = frozenset({"flag", "banner", "standard"})


def verb_lemma(token: Token) -> str:
    """A verb's lemma, with the forms the lemmatiser leaves alone mended ("retook" -> "retake",
    "reentered" -> "enter")."""
    lower = token.lower_
    return CAPTURE_VERB_FORMS.get(lower) or ENTRY_VERB_FORMS.get(lower) or token.lemma_.lower()


def facility_noun(token: Token) -> str | None:
    """The facility noun a token is, in the singular ("bases" -> "base", which spaCy lemmatises as
    "basis"), or None."""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lower in FACILITY_NOUNS:
        return lower  # "barracks" (lemmatised "barrack")
    if lemma in FACILITY_NOUNS:
        return lemma
    if lower.endswith("s") and lower[:-1] in FACILITY_NOUNS:
        return lower[:-1]
    return None


# Last words of buildings' own names, which NER tends to read as organisations: "Marawi City Hall",
# "Mindanao State University". A named one is a facility; not one a capture noun names by itself.
BUILDING_NAME_NOUNS = frozenset(
    {"hall", "university", "hospital", "college", "school", "cathedral", "mosque", "church", "stadium", "capitol"}
)


# Modifiers that make a facility noun one of a city's institutions even without "the" ("seized
# government buildings", "overran an army base"); "building", "hall" and "site" are facilities only with one of them.
INSTITUTION_MODIFIERS = frozenset(
    {
        "government",
        "governor",
        "municipal",
        "administrative",
        "administration",
        "parliament",
        "council",
        "ministry",
        "state",
        "city",
        "town",
        "army",
        "military",
        "police",
        "security",
        "presidential",
        "naval",
        "air",
        "intelligence",
    }
)
FACILITY_KINDS = ("Facility", "Prison", "Airport", "MilitaryBase", "BorderCrossing")
# Facilities of a kind an article seldom has two of: "the base", "the airport" is the one named before.
NAMED_FACILITY_KINDS = frozenset({"Prison", "Airport", "MilitaryBase", "BorderCrossing"})
# Words kept in a facility's name besides its nouns: "Badghis provincial prison", "the presidential palace".
FACILITY_NAME_ADJECTIVES = frozenset(
    {"provincial", "central", "national", "presidential", "military", "international", "civil", "main"}
)
PRISON_MODIFIERS = frozenset({"detention", "prison", "correctional", "jail"})
# Words a Title Case headline capitalises that describe a facility without naming it ("Major Iraqi Port").
DESCRIPTIVE_WORDS = frozenset(
    {
        "major",
        "key",
        "strategic",
        "main",
        "important",
        "vital",
        "big",
        "biggest",
        "large",
        "largest",
        "second",
        "third",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "rebel",
        "militant",
        "insurgent",
        "government",
        "army",
        "military",
        "coastal",
        "border",
        "remote",
    }
)

# Event kinds that a place kind is compatible with when a name is linked by spelling similarity.
CITY_LIKE = frozenset({"City", "Province", "District", "Place"})

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

# Subjects of a copula whose complement is an aim, not an event: "the goal was the capture of X".
AIM_NOUNS = frozenset({"goal", "aim", "objective", "purpose", "intention", "target", "demand", "plan"})
# Governors that make an embedded event unreal (planned, attempted, threatened, hypothetical).
IRREALIS_GOVERNORS = frozenset(
    {
        "threaten",
        "plan",
        "want",
        "try",
        "seek",
        "aim",
        "attempt",
        "intend",
        "vow",
        "prepare",
        "hope",
        "expect",
        "fail",
        "struggle",
        "need",
        "able",
        "unable",
        "likely",
        "unlikely",
        "possible",
        "potential",
        "bid",
        "effort",
        "ability",
        "threat",
        "push",
        "set",
        "eye",
        "poise",
        "determine",
        "mean",
        "order",
        "urge",
        "refuse",
        "decide",
        "wish",
        "strive",
        "bent",
        "intent",
        "keen",
        "ready",
        # "close to capturing", "on the verge of taking", "on the brink of falling": not yet
        "close",
        "verge",
        "brink",
        "edge",
        "near",
        # a denied event is not asserted: "the ministry denied that Kunduz had fallen"
        "deny",
        "dismiss",
        "reject",
        "refute",
    }
)
DENIAL_VERBS = frozenset({"deny", "dismiss", "reject", "refute"})
# Nouns of an aim that a "for" phrase names: "an offensive for the liberation of X", "the battle for control of X".
EFFORT_NOUNS = frozenset(
    {
        "offensive",
        "operation",
        "campaign",
        "battle",
        "fight",
        "struggle",
        "push",
        "drive",
        "plan",
        "preparation",
        "bid",
        "effort",
        "attempt",
        "war",
        "assault",
        "race",
        "contest",
        "mission",
    }
)
# Governors whose embedded capture is recorded as a threat by the governor's subject.
THREAT_GOVERNORS = frozenset(
    {"threaten", "vow", "plan", "want", "aim", "intend", "seek", "prepare", "set", "eye", "determine", "poise"}
)
MODALS = frozenset({"could", "would", "might", "may", "will", "shall", "should", "must", "can", "wo", "'ll", "ca"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "without", "nor"})

# Reporting verbs for attributed speech.
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "claim",
        "confirm",
        "announce",
        "declare",
        "acknowledge",
        "assure",
        "insist",
        "deny",
        "report",
        "state",
        "write",
        "tweet",
        "post",
        "note",
        "warn",
        "explain",
        "stress",
        "argue",
        "allege",
        "indicate",
        "admit",
        "believe",
        "describe",
        "cite",
        "quote",
        "reiterate",
        "estimate",
        "predict",
        "accuse",
        "emphasize",
        "emphasise",
        "assert",
        "respond",
        "reply",
        "suggest",
        "concede",
    }
)
# Nouns for the parts of a place forces reach without taking it: "its outskirts", "the gates of".
# Parts of a place that are outside it or at its edge: taking them is not taking the place.
PERIPHERY_NOUNS = frozenset(
    {
        "outskirt",
        "outskirts",
        "gate",
        "gates",
        "edge",
        "edges",
        "perimeter",
        "suburb",
        "suburbs",
        "vicinity",
        "doorstep",
        "approach",
        "approaches",
        "environs",
    }
)
PLACE_PART_NOUNS = frozenset(
    {
        "outskirt",
        "outskirts",
        "gate",
        "gates",
        "edge",
        "perimeter",
        "suburb",
        "suburbs",
        "vicinity",
        "doorstep",
        "area",
        "part",
        "quarter",
        "neighbourhood",
        "neighborhood",
        "centre",
        "center",
        "most",
        "much",
        "half",
        "swathe",
        "swath",
        "bulk",
        "majority",
        "rest",
        "all",
        "coast",
        "side",
    }
)
# Adjectives that make a title a past one: "the former capital of X" is not its capital now.
FORMER_WORDS = frozenset({"former", "old", "ancient", "historic", "onetime", "erstwhile"})
# Nouns for a side of a place: "the east coast of X", "the west bank of the river".
SIDE_NOUNS = frozenset({"coast", "bank", "shore", "side", "coastline"})
# Words in a statement that say a place is held by the attackers (supports a capture)...
CONTROL_GAINED = frozenset({"capture", "seize", "conquer", "overrun", "fall", "takeover", "enter", "overtake"})
# Who flees without being a side: "she fled her home near the base" says nothing of who holds it.
BYSTANDER_WORDS = frozenset(
    {"i", "we", "he", "she", "you", "resident", "civilian", "family", "people", "villager", "thousand", "hundred"}
)
# ...or that they failed (disputes it).
CONTROL_DENIED = frozenset(
    {
        "flee",
        "repel",
        "repulse",
        "clear",
        "retake",
        "recapture",
        "regain",
        "rout",
        "defeat",
        "expel",
        "push",
        "beat",
        "drive",
        "clean",
        "secure",
        "hold",
    }
)
# Verbs whose subject speaks for a side: "Nairobi condemned the attack" names a government, not a town taken.
SPEAKING_VERBS = REPORTING_VERBS | {"condemn", "deny", "warn", "urge", "call", "welcome", "demand"}
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
    {"election", "vote", "visit", "ceremony", "summit", "celebration", "talks", "meeting", "festival", "parade"}
)
# Actors that fight: who can take a place by "securing" it.
ARMED_ACTOR_KINDS = frozenset({"MilitaryForce", "ForeignForce", "ArmedGroup"})
# Actors on a state's side: a capture by them is a retaking, which "routed the militants" bears out.
STATE_ACTOR_KINDS = frozenset({"MilitaryForce", "ForeignForce", "GovernmentBody", "Country"})
# Words that make the place after them a point of reference, not the place meant: "150 km southwest
# of Kabul", "less than 100 kilometers from the capital, Tripoli".
LOCATING_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "outskirts",
        "edge",
        "away",
    }
)
# Last words of organisations' names that a place name may begin: "Donetsk People's Republic",
# "Tigray Defense Forces", "Kunduz Provincial Council".
ORGANIZATION_HEAD_WORDS = frozenset(
    {
        "republic",
        "front",
        "army",
        "movement",
        "council",
        "party",
        "brigade",
        "brigades",
        "militia",
        "union",
        "forces",
        "battalion",
        "regiment",
        "corps",
        "division",
        "committee",
    }
)
# Phrases that mark a statement as unconfirmed.
UNCONFIRMED_CUES = (
    "could not be confirmed",
    "could not be independently confirmed",
    "could not be verified",
    "could not be independently verified",
    "cannot be verified",
    "not be immediately verified",
    "unconfirmed",
    "impossible to verify",
    "not independently verified",
    "was not immediately confirmed",
    "could not immediately be confirmed",
    "could not be confirmed immediately",
)
# Pronouns and their referent class.
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})

# ---- open-world actors ------------------------------------------------------------------------
# Nouns for armed forces: "Ukrainian forces", "government troops", "the army", "Syria's military".
FORCE_NOUNS = frozenset(
    {
        "force",
        "troop",
        "army",
        "military",
        "soldier",
        "police",
        "policeman",
        "navy",
        "gendarmerie",
        "guard",
        "commando",
        "paratrooper",
        "marine",
        "unit",
        "battalion",
        "brigade",
        "division",
        "personnel",
    }
)
# Modifiers that make a force the state's own: "government troops", "security forces", "national army".
STATE_FORCE_CUES = frozenset(
    {
        "government",
        "security",
        "state",
        "national",
        "regular",
        "federal",
        "army",
        "military",
        "armed",
        "defence",
        "defense",
        "police",
        "junta",
        "pro-government",
        "loyalist",
        "regime",
    }
)
# A city this large is never "the town" or "the village".
LARGE_CITY_POPULATION = 500_000
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
# Units of a distance that locates a place: "X, 10 miles northeast of Y".
DISTANCE_UNITS = frozenset({"miles", "mile", "kilometers", "kilometres", "km", "kms", "kilometer", "kilometre"})
# Words that open "X fighters" / "X troops" as common words, not names, when a sentence starts with them.
COMMON_GROUP_MODIFIERS = STATE_FORCE_CUES | frozenset(
    {
        "opposition",
        "rebel",
        "allied",
        "tribal",
        "local",
        "rival",
        "islamist",
        "jihadist",
        "militant",
        "insurgent",
        "anti-government",
        "foreign",
        "enemy",
        "pro-russian",
        "separatist",
        "coalition",
    }
)
# Nouns for members of a non-state armed group: "the rebels", "M23 fighters", "the militant group".
ARMED_GROUP_NOUNS = frozenset(
    {
        "rebel",
        "insurgent",
        "militant",
        "militia",
        "militiaman",
        "jihadist",
        "fighter",
        "guerrilla",
        "extremist",
        "separatist",
        "paramilitary",
        "terrorist",
        "mujahideen",
        "insurgency",
        "islamist",
        "gunman",
    }
)
# Nouns that name a group when a name follows or precedes them: "the rebel group M23", "the Kataib faction".
GROUP_NOUNS = frozenset(
    {"group", "movement", "faction", "organisation", "organization", "coalition", "alliance", "outfit"}
)
# Words in an organisation's own name that say what it is.
ARMED_GROUP_NAME_WORDS = frozenset(
    {
        "front",
        "movement",
        "brigade",
        "brigades",
        "militia",
        "liberation",
        "resistance",
        "mujahideen",
        "jihad",
        "islamic",
        "legion",
        "battalion",
        "rebels",
        "insurgents",
        "fighters",
        "ansar",
        "jaish",
        "liwa",
        "harakat",
        "hayat",
        "tahrir",
        "independence",
        "revolutionary",
        "popular",
        "mobilization",
        "mobilisation",
        "support",
        "free",
        "democratic",
    }
)
STATE_FORCE_NAME_WORDS = frozenset({"armed", "defence", "defense", "national", "police", "gendarmerie", "navy", "air"})
GOVERNMENT_NAME_WORDS = frozenset(
    {
        "ministry",
        "government",
        "council",
        "parliament",
        "presidency",
        "cabinet",
        "senate",
        "assembly",
        "administration",
        "department",
        "office",
        "commission",
        "junta",
        "authority",
        "authorities",
    }
)
INTERNATIONAL_NAME_WORDS = frozenset(
    {"nations", "union", "committee", "programme", "program", "fund", "court", "mission", "bank", "crescent", "cross"}
)
# Prepositions after which a name the small model took for a person is a place, when the gazetteer
# agrees: "fighting in Goma", "retreated towards Gao".
LOCATIVE_CUES = frozenset(
    {"in", "near", "outside", "into", "towards", "toward", "around", "inside", "from", "at", "across"}
)
# Words that make "the town of X" a description of its people: "the town of mostly ethnic Yazidis".
PEOPLE_DESCRIPTION_WORDS = frozenset({"mostly", "mainly", "largely", "predominantly", "ethnic", "majority"})
# First words of landforms' names, which the small model reads as persons' titles: "Mount Hermon".
LANDFORM_WORDS = frozenset({"mount", "mt", "mt.", "lake", "cape", "jebel", "jabal"})
# Nouns whose "of" names a place, when the gazetteer agrees (as after LOCATIVE_CUES): "the governor of Gwoza".
PLACE_OF_WORDS = frozenset(
    {"governor", "mayor", "outskirts", "resident", "street", "centre", "center", "people", "population"}
)
# Titles before a person's name: a name after one is never read as a place.
PERSON_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "general",
        "gen",
        "col",
        "colonel",
        "commander",
        "minister",
        "governor",
        "sheikh",
        "mullah",
        "maulvi",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "chief",
        "lt",
        "maj",
        "capt",
        "sgt",
        "prime",
        "king",
        "prince",
        "senator",
        "rep",
        "ambassador",
        "envoy",
        "secretary",
        "marshal",
        "judge",
    }
)
# Modifiers that make a capital or city a province's, not the nation's: "the provincial capital".
SUBNATIONAL = frozenset({"provincial", "regional", "district", "state", "local", "county", "departmental"})
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
# Nouns whose "in X" names a side's seat, not the place a text is about: "the government in Tripoli".
SEAT_OF_POWER_NOUNS = frozenset(
    {"government", "authority", "administration", "regime", "parliament", "leadership", "ministry"}
)
# Words whose "to X" names where a route goes: "the road junction leading to Benghazi and Tobruk".
ROUTE_LEADING_WORDS = frozenset({"lead", "road", "highway", "route", "way", "path"})
# Nouns for a number of things, whose "of" phrase says what: "a string of provincial capitals".
COLLECTION_NOUNS = frozenset(
    {
        "string",
        "series",
        "number",
        "handful",
        "clutch",
        "host",
        "succession",
        "chain",
        "raft",
        "spate",
        "couple",
        "pair",
        "dozen",
    }
)
# Forms of "enter" again that the lemmatiser leaves alone ("reentered" -> "reentere").
ENTRY_VERB_FORMS = {"reentered": "enter", "reenter": "enter", "reenters": "enter", "reentering": "enter"}
# Verbs of moving into a place: "troops moved into the town", "rebels swept into X".
ENTRY_MOTION_VERBS = frozenset({"move", "march", "roll", "sweep", "pour", "push", "drive", "advance", "walk", "stride"})
# Of those, the ones civilians do as often: an entry only with an armed subject ("aid workers walked into X").
CIVILIAN_MOTION_VERBS = frozenset({"walk", "stride"})
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
# Verbs whose perfect infinitive reports a fact as seen or believed: "appears to have fallen".
SEEMING_VERBS = frozenset({"appear", "seem", "believe", "think", "understand", "know"})
# Governors whose infinitive complement happened when they did: "allowed them to take the city".
IMPLICATIVE_GOVERNORS = frozenset(
    {"allow", "enable", "let", "help", "manage", "succeed", "force", "compel", "permit", "continue", "proceed"}
)
# Capture verbs whose object is a place whatever it is called: "retook Awdhegle and Mubarak".
PLACE_ONLY_CAPTURE_VERBS = frozenset({"retake", "recapture", "liberate", "overrun", "occupy", "reclaim", "regain"})
# Verbs that dislodge a side from a place: "drove the militants out of X", "were driven from X".
DISLODGE_VERBS = frozenset({"drive", "push", "expel", "oust", "evict", "chase", "flush", "kick", "force", "rout"})
# Lowercase words inside place names: "Mocimboa da Praia", "Ras al Ain", "Bir el Abd".
NAME_CONNECTORS = frozenset(
    {"da", "de", "do", "dos", "das", "al", "el", "ad", "as", "ash", "ar", "an", "ibn", "bin", "di", "del", "la", "le"}
)
# Nouns after a name that make the name a place of that kind: "Panjwai district", "Kherson region"
# (not "the rebel X capital", "the X stronghold": there the name is the owner).
PLACE_AFTER_NAME = frozenset(
    {
        "district",
        "province",
        "city",
        "town",
        "village",
        "valley",
        "region",
        "oblast",
        "governorate",
        "county",
        "municipality",
        "prefecture",
        "township",
    }
)
# Verbs whose object is mostly a place: a name the model mistyped there is a place when a gazetteer
# place of that name lies in a country the article names ("entered X", "stormed X").
ENTRY_VERBS = frozenset(
    {"enter", "storm", "besiege", "shell", "bomb", "raid", "encircle", "surround", "infiltrate", "attack"}
)
# Compass words are no place names by themselves ("the Southern province", "Northern Region").
COMPASS_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upper",
        "lower",
        "middle",
    }
)
# Nouns that make a name a route, not a place one takes: "Highway 47", "the Kabul-Kandahar road".
ROUTE_NOUNS = frozenset({"highway", "road", "route", "motorway", "expressway", "corridor", "freeway"})
# Capture verbs for taking a place back: no default captor (the group an article is about is more
# often the one that lost it).
RETAKE_VERBS = frozenset({"retake", "recapture", "liberate", "regain", "reclaim", "free"})
