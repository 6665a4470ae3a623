"""Words for places and facilities: place nouns and the kind each names, facility nouns and the words in
facilities' names, the parts and edges of a place, compass and locating words. Lemmas are lowercase."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
        "sub-district",
        "subdistrict",
        "fort",
        "fortress",
        "castle",
        "citadel",
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
    "sub-district": "District",
    "subdistrict": "District",
    "neighborhood": "District",
    "neighbourhood": "District",
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
    "bridge": "Facility",
    "refinery": "Facility",
    "oilfield": "Facility",
    "station": "Facility",
    "plant": "Facility",
    "camp": "MilitaryBase",
    "office": "Facility",
    "prison": "Prison",
    "jail": "Prison",
    "facility": "Facility",
    "compound": "Facility",
    "palace": "Facility",
    "fort": "MilitaryBase",
    "fortress": "MilitaryBase",
    "castle": "Facility",
    "citadel": "Facility",
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
        "bridge",
        "refinery",
        "oilfield",
        "building",
        "hall",
        "site",
        "station",
        "plant",
        "camp",
        "office",
        "outpost",
        "fort",
        "fortress",
        "castle",
        "citadel",
    }
)
# Words before "camp" that make it no military camp: "a camp for displaced people" is not taken.
CIVILIAN_CAMP_WORDS = frozenset(
    {"refugee", "displacement", "displaced", "idp", "idps", "migrant", "tent", "relief", "transit"}
)


def facility_noun(token: Token) -> str | None:
    """The facility noun a token is, in the singular ("bases" -> "base", which spaCy lemmatises as
    "basis"), or None."""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma == "field" and any(c.lower_ in ("oil", "gas") for c in token.lefts):
        return "field"  # "the Bai oil field"; a field alone is no facility
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


def noun_fits(noun_kind: str | None, entity_kind: str) -> bool:
    """Whether a place noun of ``noun_kind`` ("city": City, "base": MilitaryBase) can describe a place of
    ``entity_kind``; ``None`` (no noun) fits any."""
    if noun_kind is None:
        return True
    if noun_kind == "City":
        return entity_kind in ("City", "Place", "District")
    if noun_kind in FACILITY_KINDS:
        return entity_kind in FACILITY_KINDS or entity_kind == "Place"
    return noun_kind == entity_kind or entity_kind == "Place"


# The Arabic article as names spell it, written apart from the name: "Ad Durayhimi", "At Tuhayta".
ARABIC_ARTICLES = frozenset({"Al", "Ad", "Ar", "As", "At", "Az", "An", "Ash", "Adh", "Ath", "El"})
# Nouns for a stretch of land that names no kind of place: "the locations include A and B", "the area, the
# village of X".
AREA_NOUNS = frozenset({"location", "area", "place", "position", "locality", "region", "territory", "zone"})
# Last words of a site's own name, seldom of an organisation's ("Bayji Oil Refinery", "Mosul Dam"; an airport
# operator is the exception the rule accepts).
NAMED_SITE_NOUNS = frozenset(
    {
        "refinery",
        "dam",
        "airport",
        "airfield",
        "prison",
        "jail",
        "barracks",
        "airbase",
        "base",
        "castle",
        "fortress",
        "citadel",
    }
)
# The eight points of the compass, and the adjectives of the regions they name.
# Nouns of lives lost: "the loss of the soldiers and X" lists people, not places.
LOSS_OF_LIFE_NOUNS = frozenset({"loss", "death", "killing", "sacrifice", "funeral", "memory"})
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
COMPASS_ADJECTIVES = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    }
)
# Words kept in a facility's name besides its nouns: "Badghis provincial prison", "the presidential palace".
FACILITY_NAME_ADJECTIVES = frozenset(
    {"provincial", "central", "national", "presidential", "military", "international", "civil", "main"}
)
PRISON_MODIFIERS = frozenset({"detention", "prison", "correctional", "jail"})
# Words a Title Case headline capitalises that describe a facility without naming it ("Major Iraqi Port").
DESCRIPTIVE_WORDS = COMPASS_ADJECTIVES | frozenset(
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
# Nouns for a side of a place: "the east coast of X", "the west bank of the river".
SIDE_NOUNS = frozenset({"coast", "bank", "shore", "side", "coastline"})
# Words that make the place after them a point of reference, not the place meant: "150 km southwest
# of Kabul", "less than 100 kilometers from the capital, Tripoli".
LOCATING_WORDS = COMPASS_POINTS | frozenset(
    {
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "outskirts",
        "edge",
        "away",
    }
)
# A city this large is never "the town" or "the village".
LARGE_CITY_POPULATION = 500_000
# Units of a distance that locates a place: "X, 10 miles northeast of Y".
DISTANCE_UNITS = frozenset({"miles", "mile", "kilometers", "kilometres", "km", "kms", "kilometer", "kilometre"})
# Prepositions after which a name the small model took for a person is a place, when the gazetteer
# agrees: "fighting in Goma", "retreated towards Gao".
LOCATIVE_CUES = frozenset(
    {"in", "near", "outside", "into", "towards", "toward", "around", "inside", "from", "at", "across"}
)
# The edges of a place, which a side reaching them has not taken: "entered the outskirts of X", "a flag raised
# on the outskirts of X".
EDGE_WORDS = frozenset({"outskirts", "suburbs", "edge", "edges", "periphery"})
# First words of landforms' names, which the small model reads as persons' titles: "Mount Hermon".
LANDFORM_WORDS = frozenset({"mount", "mt", "mt.", "lake", "cape", "jebel", "jabal"})
# Nouns whose "of" names a place, when the gazetteer agrees (as after LOCATIVE_CUES): "the governor of Gwoza".
PLACE_OF_WORDS = frozenset(
    {"governor", "mayor", "outskirts", "resident", "street", "centre", "center", "people", "population"}
)
# Modifiers that make a capital or city a province's, not the nation's: "the provincial capital".
SUBNATIONAL = frozenset({"provincial", "regional", "district", "state", "local", "county", "departmental"})
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
        "sub-district",
        "subdistrict",
        "neighborhood",
        "neighbourhood",
    }
)
# Words that end the name of an administrative division, never a person's ("Quang Tri Province").
DIVISION_DESIGNATORS = frozenset({"province", "district", "governorate", "county", "oblast", "prefecture"})
# Place nouns the tokenizer would split at their hyphen.
HYPHENATED_PLACE_NOUNS = ("sub-district",)
# Compass words are no place names by themselves ("the Southern province", "Northern Region").
COMPASS_WORDS = (
    COMPASS_POINTS
    | COMPASS_ADJECTIVES
    | frozenset(
        {
            "upper",
            "lower",
            "middle",
        }
    )
)
# Nouns that make a name a route, not a place one takes: "Highway 47", "the Kabul-Kandahar road".
ROUTE_NOUNS = frozenset({"highway", "road", "route", "motorway", "expressway", "corridor", "freeway"})
