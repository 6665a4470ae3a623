"""An extracted entity and a gazetteer entry of the same kind agree on whether it is a place."""

from __future__ import annotations

import pytest

from kg.extract.records import EntityRef
from kg.gazetteer import ACTOR_KINDS, PLACE_KINDS, Entry


@pytest.mark.parametrize("kind", sorted(PLACE_KINDS | ACTOR_KINDS | {"Place"}))
def test_entity_ref_and_entry_agree(kind: str) -> None:
    entity = EntityRef(key=f"{kind}:x", kind=kind, label="x")
    entry = Entry(iri=f"https://example.org/{kind}", kind=kind, label="x")
    assert entity.is_place == entry.is_place == (kind in PLACE_KINDS or kind == "Place")
