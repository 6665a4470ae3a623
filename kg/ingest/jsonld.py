"""JSON-LD article metadata, read with the plain ``json`` module: nothing is fetched or resolved."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MAX_CHARS = 2**20
MAX_DEPTH = 64
_ARTICLE_TYPES = frozenset({"article", "blogposting", "newsarticle", "reportagenewsarticle"})
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


@dataclass(frozen=True, slots=True)
class JsonLdArticle:
    """What kg reads from an article object: its ``datePublished`` and ``publisher.name``."""

    date_published: str | None
    publisher: str | None


def find_article(scripts: Iterable[str]) -> JsonLdArticle | None:
    """The first NewsArticle/Article/ReportageNewsArticle/BlogPosting object in the given scripts."""
    for script in scripts:
        for node in _nodes(_load(script)):
            if _is_article(node):
                return JsonLdArticle(_first_str(node.get("datePublished")), _publisher(node.get("publisher")))
    return None


def _load(text: str) -> Any:
    if len(text) > MAX_CHARS or _depth(text) > MAX_DEPTH:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _depth(text: str) -> int:
    """Bracket nesting depth of JSON text, ignoring brackets inside strings (linear time)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth = depth + 1 if bracket in "[{" else depth - 1
        deepest = max(deepest, depth)
    return deepest


def _nodes(data: Any) -> list[dict[str, Any]]:
    top = data if isinstance(data, list) else [data]
    nodes: list[dict[str, Any]] = []
    for item in top:
        if isinstance(item, dict):
            nodes.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                nodes.extend(g for g in graph if isinstance(g, dict))
    return nodes


def _is_article(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() in _ARTICLE_TYPES for t in names)


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else None


def _publisher(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict | str)), None)
    if isinstance(value, dict):
        return _first_str(value.get("name"))
    return value if isinstance(value, str) else None
