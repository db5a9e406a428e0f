"""Small tree helpers shared by rules and codemods. Offsets are byte offsets into the source."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from tree_sitter import Node

FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)


def text(node: Node | None) -> str:
    if node is None:
        return ""
    # `Node.text` slices the source on every access: read it once (this runs a million times a wave).
    raw = node.text
    return "" if raw is None else raw.decode("utf-8", "replace")


def line_of(node: Node) -> int:
    return node.start_point[0] + 1


def line_at(source: bytes, offset: int) -> int:
    return source.count(b"\n", 0, offset) + 1


def walk(node: Node) -> Iterator[Node]:
    """Pre-order walk over named and anonymous nodes."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def inside(node: Node, types: Iterable[str], stop: Node | None) -> bool:
    """Whether an ancestor of `node` below `stop` (None: the root) is of one of `types`."""
    current = node.parent
    while current is not None and current != stop:
        if current.type in types:
            return True
        current = current.parent
    return False


def enclosing_function(node: Node) -> Node | None:
    current = node.parent
    while current is not None:
        if current.type in FUNCTION_TYPES:
            return current
        current = current.parent
    return None


def is_async(function: Node) -> bool:
    for child in function.children:  # a plain loop: about twice as fast as any() over a generator
        if child.type == "async":
            return True
    return False


def unwrap_parens(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def needs_parens_when_awaited(expression: Node) -> bool:
    """True when `await <expression>` would bind wrongly in the expression's position.

    `await` is a unary operator: it binds tighter than binary operators and `as`, but looser than
    member access, calls, subscripts and `!`. So the awaited value needs parentheses exactly when
    it is the object of one of those.
    """
    parent = expression.parent
    if parent is None:
        return False
    if parent.type in {"member_expression", "subscript_expression"}:
        return parent.child_by_field_name("object") == expression
    if parent.type == "call_expression":
        return parent.child_by_field_name("function") == expression
    if parent.type == "non_null_expression":
        return True
    if parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) == "**":
        return True
    return False


def call_function(call: Node) -> Node | None:
    """The callee of a call expression.

    tree-sitter-typescript parses `await f<T>(x)` as `(await f)<T>(x)` (TypeScript itself reads
    `await (f<T>(x))`), so the callee can hide inside an await expression.
    """
    function = call.child_by_field_name("function")
    if function is not None and function.type == "await_expression" and function.named_children:
        return function.named_children[0]
    return function


def is_awaited_generic_call(call: Node) -> bool:
    function = call.child_by_field_name("function")
    return function is not None and function.type == "await_expression"


def string_value(node: Node) -> str | None:
    """The value of a plain string literal (no interpolation), else None."""
    if node.type == "string":
        return "".join(text(child) for child in node.named_children if child.type in {"string_fragment", "escape_sequence"})
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return text(node)[1:-1]
    return None


def occurrences(source: bytes, names: Iterable[str]) -> list[int]:
    """Sorted offsets of every occurrence of the names in `source`: with `holds_any`, a test that
    skips the nodes whose bytes cannot mention any of them, without reading their children."""
    out: list[int] = []
    for name in set(names):
        needle = name.encode()
        found = source.find(needle)
        while found != -1:
            out.append(found)
            found = source.find(needle, found + 1)
    out.sort()
    return out


def holds_any(node: Node, offsets: list[int]) -> bool:
    """Whether one of the `occurrences` starts inside the node."""
    at = bisect_left(offsets, node.start_byte)
    return at < len(offsets) and offsets[at] < node.end_byte
