"""Trigger words and the rules that read events off them.

``rules`` holds :class:`~kg.extract.events.triggers.rules.TriggerRules` and the tables from a trigger's lemma to its
rules, tried in order; ``trigger`` the :class:`Trigger` the rules read; ``conditions`` the tests the tables and
the handlers share. The handlers are grouped by event family: ``capture`` (capture verbs), ``control`` (holding
a place), ``movement`` (entries, withdrawals, advances), ``attacks`` (attacks, surrenders, threats), ``persons``
(visits, releases, appointments) and ``nouns`` (noun triggers).
"""
