"""The text every match of a rule's query holds, and the part of a file its matches can be in.

A rule's query runs over the whole tree of each file that may hold a match, and a query walks
every node of the tree: it costs about as much as the parse (0.8 ms for a 10 KB file). But a
pattern with a mandatory capture that `#eq?` compares with a literal, `(property_identifier)
@prepare (#eq? @prepare "prepare")`, only matches where that literal is in the source: at the
captured node, inside the match. Every match then intersects the span from the literal's first
occurrence in the file to its last one, and tree-sitter's query cursor, limited to a byte range,
returns exactly the matches that intersect it, in the same order, without descending into the
subtrees outside it. On the real-shaped benchmark corpus the prepare rule's query took a quarter
of its time over the 295 files that hold `prepare(`, with the same matches.

Only what tree-sitter itself says is mandatory counts (`Query.capture_quantifier`: a capture inside
an alternative or under `?`/`*` may be absent from a match); a query with one pattern that has no
such anchor runs over the whole tree, as before.
"""
from __future__ import annotations

import re

from tree_sitter import Query

# `(#eq? @capture "literal")`; a literal with an escape is left alone (its bytes are not spelled out).
_EQ = re.compile(rb'\(#eq\?\s+@([\w.-]+)\s+"([^"\\]+)"\s*\)')
_MANDATORY = frozenset({"", "+"})  # one, one or more (tree-sitter's quantifiers as py-tree-sitter spells them)


def anchors(source: str, query: Query) -> tuple[bytes, ...]:
    """One literal per pattern of `query` (compiled from `source`) that every match of the pattern
    holds; () when some pattern has none (its matches can be anywhere)."""
    text = source.encode()
    index = {query.capture_name(i): i for i in range(query.capture_count)}
    found: list[bytes] = []
    for pattern in range(query.pattern_count):
        own = text[query.start_byte_for_pattern(pattern) : query.end_byte_for_pattern(pattern)]
        literal = next((m.group(2) for m in _EQ.finditer(own) if _mandatory(query, pattern, index.get(m.group(1).decode()))), None)
        if literal is None:
            return ()
        found.append(literal)
    return tuple(found)


def _mandatory(query: Query, pattern: int, capture: int | None) -> bool:
    if capture is None:
        return False
    try:
        return query.capture_quantifier(pattern, capture) in _MANDATORY
    except SystemError:  # py-tree-sitter's answer for a capture the pattern does not have
        return False


def span(source: bytes, literals: tuple[bytes, ...]) -> tuple[int, int] | None:
    """The bytes from the first occurrence of any of `literals` to the end of the last one; None
    when none occurs (no match is possible)."""
    starts = [at for at in (source.find(literal) for literal in literals) if at != -1]
    if not starts:
        return None
    end = max(at + len(literal) for literal in literals for at in [source.rfind(literal)] if at != -1)
    return min(starts), end
