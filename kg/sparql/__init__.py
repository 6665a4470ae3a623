"""SPARQL text: one lexer (:mod:`kg.sparql.lexer`) and what is built on it — the guard run before
every query and update, running a query with kg's limits and writing its results, kg's own updates,
and the few rewrites kg makes to a client's text (pre-bound variables, USING clauses, ORDER BY)."""
