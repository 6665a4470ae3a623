"""Casualty statements: how many people were killed, wounded, captured, surrendered, went missing or
were displaced, as a (low, high) range read from the figure's words, with who suffered it, who caused
it, where, and whether it is an incident, a cumulative total or a hypothetical."""

from kg.extract.casualties.figures import Range, figure_range, number_value
from kg.extract.casualties.statements import CasualtyFinder, RawCasualty

__all__ = ["CasualtyFinder", "Range", "RawCasualty", "figure_range", "number_value"]
