"""The closed vocabularies extraction, RDF writing and resolution share, as string enums.

Each member is the string the graph and the JSON API carry (``EventKind.TAKE_CONTROL == "TakeControl"``), so a
member can stand wherever that string did, and a typo in a name is an error at import instead of a silent miss.
Event kinds are the local names of ``kg:Event``'s subclasses in ``ontology/kg.ttl``; a test checks both agree.
"""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """Local name of a kg event class."""

    TAKE_CONTROL = "TakeControl"
    HANDOVER = "Handover"
    ATTACK = "Attack"
    ASSAULT = "Assault"
    AMBUSH = "Ambush"
    SIEGE = "Siege"
    SHELLING = "Shelling"
    BOMBING = "Bombing"
    ASSASSINATION = "Assassination"
    AIRSTRIKE = "Airstrike"
    SURRENDER = "Surrender"
    WITHDRAWAL = "Withdrawal"
    VISIT = "Visit"
    STATEMENT = "Statement"
    PRISONER_RELEASE = "PrisonerRelease"
    PRISON_BREAK = "PrisonBreak"
    EVACUATION = "Evacuation"
    DISPLACEMENT = "Displacement"
    APPOINTMENT = "Appointment"
    THREAT = "Threat"
    ADVANCE = "Advance"


class DatePrecision(StrEnum):
    """How much of a date the text fixes: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class ClaimStance(StrEnum):
    """What a claim does to an event it is about."""

    SUPPORTS = "supports"
    DISPUTES = "disputes"


class LinkMethod(StrEnum):
    """How a mention was linked to its entity (``kg:linkMethod``)."""

    GAZETTEER = "gazetteer"
    """An exact name or alias in a region pack."""
    FUZZY = "fuzzy"
    """A spelling within edit distance of a pack name ("Dostom" for "Dostum")."""
    WORLD = "world"
    """A GeoNames place of the world gazetteer."""
    NER = "ner"
    """spaCy's entity type alone: an unlinked, article-local entity."""
    ACRONYM = "acronym"
    """An acronym introduced beside its long form ("the Rapid Support Forces (RSF)")."""
    DESCRIPTOR = "descriptor"
    """A description that names a known entity ("the Afghan capital", "government troops")."""
    DESCRIBED = "described"
    """A group known only by its description ("Kurdish fighters")."""
    COREFERENCE = "coreference"
    """A later reference to an entity named earlier ("the city", "the group")."""
    FACILITY = "facility"
    """A facility named after its city ("Kandahar airport")."""
    CONTEXT = "context"
    """A name typed by the words around it ("the town of X")."""


class CasualtyKind(StrEnum):
    """What a casualty figure counts (``kg:casualtyKind``)."""

    KILLED = "killed"
    WOUNDED = "wounded"
    CASUALTIES = "casualties"
    """Killed or wounded, not distinguished ("12 casualties", "killed or injured")."""
    CAPTURED = "captured"
    SURRENDERED = "surrendered"
    MISSING = "missing"
    DISPLACED = "displaced"


class CasualtyScope(StrEnum):
    """What a casualty figure covers (``kg:casualtyScope``)."""

    INCIDENT = "incident"
    """One attack, battle or event."""
    CUMULATIVE = "cumulative"
    """A total over a period or a toll ("since January", "the death toll rose to 50")."""
    HYPOTHETICAL = "hypothetical"
    """A threat, forecast or possibility ("could kill thousands")."""
