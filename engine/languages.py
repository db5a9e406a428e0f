"""Grammars by file extension, parsing, and counting parse errors."""
from __future__ import annotations

from functools import lru_cache

import tree_sitter_typescript as tst
from tree_sitter import Language, Node, Parser, Tree

# .js/.jsx go through the TSX grammar: it is a superset of JavaScript with JSX.
EXTENSIONS: dict[str, str] = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".jsx": "tsx",
    ".js": "tsx",
}
LANGUAGE_NAMES = ("typescript", "tsx")


@lru_cache(maxsize=None)
def language(name: str) -> Language:
    if name == "typescript":
        return Language(tst.language_typescript())
    if name == "tsx":
        return Language(tst.language_tsx())
    raise KeyError(name)


def language_for(path: str) -> str | None:
    for ext, name in EXTENSIONS.items():
        if path.endswith(ext):
            return name
    return None


@lru_cache(maxsize=None)
def _parser(name: str) -> Parser:
    return Parser(language(name))


def parse(source: bytes, lang: str) -> Tree:
    return _parser(lang).parse(source)


def count_errors(node: Node) -> int:
    """Number of ERROR and MISSING nodes: the measure 'parses at least as well as before'."""
    if not node.has_error:
        return 0
    total = 0
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_error or current.is_missing:
            total += 1
        if current.has_error:
            stack.extend(current.children)
    return total


def first_error_line(node: Node) -> int | None:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_error or current.is_missing:
            return current.start_point[0] + 1
        if current.has_error:
            stack.extend(reversed(current.children))
    return None
