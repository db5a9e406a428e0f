"""Grammars by file extension, parsing, and counting parse errors."""
from __future__ import annotations

from functools import lru_cache

import tree_sitter_typescript as tst
from tree_sitter import Language, Node, Parser, Tree

from wavemod.engine.core.misparses import mask

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
    """The syntax tree of `source`, read through `misparses.mask`: byte offsets are the source's,
    but a node's own `.text` may hold a mask; edits pass through `edits.apply`, which unmasks."""
    return _parser(lang).parse(mask(source))


def _point(text: bytes, offset: int) -> tuple[int, int]:
    return text.count(b"\n", 0, offset), offset - (text.rfind(b"\n", 0, offset) + 1)


def reparse(tree: Tree, old: bytes, new: bytes, splices: list[tuple[int, int, bytes]], lang: str) -> Tree:
    """Parse `new`, which is `old` with `splices` (start, end, replacement; not overlapping)
    applied, reusing the subtrees of `tree` (the parse of `old`) that the splices leave alone.

    Incremental parsing costs what the edited regions cost instead of the whole file: after the
    first pass a rewrite pass mostly inserts `await ` and `async `. `tree` is edited in place and
    must not be used afterwards. A result with parse errors is confirmed by a full parse, because
    error recovery is the one place where an incremental parse may settle differently."""
    # From the last splice to the first: each one's offsets and points are then still those of
    # `old`, since only text after it has changed so far.
    for start, end, text in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
        row, column = _point(old, start)
        lines = text.count(b"\n")
        new_end = (row + lines, len(text) - text.rfind(b"\n") - 1) if lines else (row, column + len(text))
        tree.edit(start, end, start + len(text), (row, column), _point(old, end), new_end)
    result = _parser(lang).parse(mask(new), tree)
    return parse(new, lang) if result.root_node.has_error else result


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
