"""Mentions of actors and places in a parsed article, linked to the gazetteer where possible, and
the coreference the event and claim rules need ("the city", "they", "the facility", "who").

``registry`` holds the mentions (one over any token) and the lookups over them; ``context`` finds
the countries the article names and the one it is about; ``places``, ``persons``, ``actors`` and
``facilities`` link and type the names (``places`` with ``world_places`` for world places and capitals and
``place_cues`` for what a name's syntax says); ``coreference`` resolves pronouns and descriptions; and
``article`` puts them together as :class:`ArticleEntities`. ``refs`` makes the entity references.
"""

from kg.extract.entities.article import ArticleEntities
from kg.extract.entities.refs import entity_from_entry, local_entity

__all__ = ["ArticleEntities", "entity_from_entry", "local_entity"]
