"""Words for actors: nouns for forces and armed groups, the words in the names of groups, governments and
international bodies, the modifiers that make forces a state's, and persons' titles. Lemmas are lowercase."""

from __future__ import annotations

# Actors that fight: who can take a place by "securing" it.
ARMED_ACTOR_KINDS = frozenset({"MilitaryForce", "ForeignForce", "ArmedGroup"})
# Actors on a state's side: a capture by them is a retaking, which "routed the militants" bears out.
STATE_ACTOR_KINDS = frozenset({"MilitaryForce", "ForeignForce", "GovernmentBody", "Country"})
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
# Of those, the ones that bare ("the forces", "the troops") stand for a state's or foreign forces; not "the
# brigade" or "the unit", which an armed group's name may end in.
BARE_FORCE_NOUNS = frozenset({"force", "troop", "army", "military", "soldier"})
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
        "vigilante",
    }
)
# Acronyms UN reports use for armed groups they do not name: "an NSAG took control of X".
UNNAMED_ARMED_GROUP_ACRONYMS = frozenset({"nsag", "nsags", "nsaa", "nsaas"})
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
# Words that make "the town of X" a description of its people: "the town of mostly ethnic Yazidis".
PEOPLE_DESCRIPTION_WORDS = frozenset({"mostly", "mainly", "largely", "predominantly", "ethnic", "majority"})
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
