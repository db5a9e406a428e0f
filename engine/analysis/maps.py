"""`xs.map(cb)` whose callback must await: how it becomes awaitable code.

* A callback that only reads becomes `async`, and the map's array of Promises is awaited whole:
  `await Promise.all(xs.map(async (x) => ...))` (a chain after the map, `.filter(...)`, stays after
  the await: `(await Promise.all(...)).filter(...)`). Inside `Promise.all(...)` already, only the
  callback turns async.
* A callback that writes (`.run(`, `executeRun`, a transaction, `.exec(`) would run its writes
  concurrently under Promise.all, in no fixed order: `const out = xs.map((x) => EXPR)` becomes a
  `for...of` loop that pushes, so the writes keep their order (filled under another name, then
  handed to `out`, when a nested function reads `out`: TypeScript cannot type an evolving array
  there). Other shapes that write are listed.

What the callback reads or writes is judged from its bytes: a callback that calls a function of
the project that writes is taken as reading (listed in the README).
"""
from __future__ import annotations

import re

from tree_sitter import Node

from wavemod.engine.core.syntax import FUNCTION_TYPES, call_function, inside, needs_parens_when_awaited, text, walk

WRITES = (b".run(", b"executeRun", b"transaction", b"Transaction(", b".exec(")
COMBINATORS = frozenset({"Promise.all", "Promise.allSettled"})


def map_call(fn: Node) -> Node | None:
    """The `xs.map(fn)` call `fn` is the only argument of, or None."""
    args = fn.parent
    while args is not None and args.type == "parenthesized_expression":
        args = args.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression" or len([a for a in args.named_children if a.type != "comment"]) != 1:
        return None
    callee = call_function(call)
    if callee is None or callee.type != "member_expression" or text(callee.child_by_field_name("property")) != "map":
        return None
    return call


def _combined(call: Node) -> bool:
    args = call.parent
    outer = args.parent if args is not None and args.type == "arguments" else None
    return outer is not None and outer.type == "call_expression" and text(call_function(outer)) in COMBINATORS


def writes(fn: Node) -> bool:
    body = fn.text or b""
    return any(needle in body for needle in WRITES)


def _uses_own_this(fn: Node) -> bool:
    return fn.type != "arrow_function" and any(n.type in {"this", "arguments"} for n in walk(fn))


def _loop_declaration(fn: Node, call: Node) -> Node | None:
    """`const out = xs.map((x) => EXPR)` as a statement of its own: the declaration, or None."""
    declarator = call.parent
    declaration = declarator.parent if declarator is not None else None
    if declarator is None or declarator.type != "variable_declarator" or declarator.child_by_field_name("value") != call:
        return None
    if declaration is None or declaration.type not in {"lexical_declaration", "variable_declaration"} or len(declaration.named_children) != 1:
        return None
    name = declarator.child_by_field_name("name")
    param = fn.child_by_field_name("parameter")
    params = fn.child_by_field_name("parameters")
    if param is None and params is not None and len(params.named_children) == 1:
        param = params.named_children[0].child_by_field_name("pattern")
    body = fn.child_by_field_name("body")
    if fn.type != "arrow_function" or name is None or name.type != "identifier" or param is None or body is None or body.type == "statement_block":
        return None
    return declaration


def map_plan(fn: Node) -> tuple[str | None, str]:
    """('all' | 'loop', "") for a map callback that can await, or (None, why it cannot)."""
    call = map_call(fn)
    if call is None:
        return None, "map callback with more than one argument to map: use await Promise.all(arr.map(async ...)) by hand"
    if _uses_own_this(fn):
        return None, "map callback that uses its own `this` or `arguments`: rewrite it by hand"
    if not writes(fn):
        return "all", ""
    if _combined(call):
        return None, "map callback inside Promise.all that writes: the writes would run concurrently; rewrite as a for...of loop"
    if _loop_declaration(fn, call) is not None:
        return "loop", ""
    return None, "map callback that writes, not as `const out = xs.map((x) => expr)`: rewrite as a for...of loop by hand so writes keep their order"


def _read_in_closure(declaration: Node, name: str) -> bool:
    """Whether a function nested in the declaration's block, after it, reads `name`."""
    scope = declaration.parent
    if scope is None:
        return False
    for node in walk(scope):
        if node.start_byte < declaration.end_byte or node.type != "identifier" or text(node) != name:
            continue
        if inside(node, FUNCTION_TYPES, scope):
            return True
    return False


def _unused_name(wanted: str, source: bytes) -> str:
    """`wanted`, or `wanted2`, `wanted3`... : the first the file does not spell anywhere."""
    candidate, n = wanted, 1
    while re.search(rb"(?<![\w$])" + re.escape(candidate.encode()) + rb"(?![\w$])", source):
        n += 1
        candidate = f"{wanted}{n}"
    return candidate


def map_edits(fn: Node, source: bytes) -> list[tuple[int, int, str]]:
    """The byte edits (start, end, text) turning the map around `fn` into awaitable code
    (`source`: the file's bytes, for the statement's indentation)."""
    call = map_call(fn)
    assert call is not None
    plan, _ = map_plan(fn)
    if plan == "loop":
        declaration = _loop_declaration(fn, call)
        declarator = declaration.named_children[0]
        name = text(declarator.child_by_field_name("name"))
        head = (declaration.text or b"")[: declarator.child_by_field_name("value").start_byte - declaration.start_byte].decode("utf-8", "replace")
        param = fn.child_by_field_name("parameter") or fn.child_by_field_name("parameters").named_children[0].child_by_field_name("pattern")
        iterable = text(call_function(call).child_by_field_name("object"))
        body = fn.child_by_field_name("body")
        line_start = source.rfind(b"\n", 0, declaration.start_byte) + 1
        indent = source[line_start : declaration.start_byte]
        indent = indent.decode("utf-8", "replace") if not indent.strip() else ""
        newline = "\r\n" if source[line_start - 2 : line_start] == b"\r\n" else "\n"
        semicolon = ";" if (declaration.text or b"").rstrip().endswith(b";") else ""
        if declarator.child_by_field_name("type") is None and _read_in_closure(declaration, name):
            # `const out = []` is an evolving array: TypeScript types it from the pushes, but not
            # where a nested function reads it (TS7034). Filled under another name, it is then
            # handed to `out` whole, with the type the pushes gave it.
            filled = _unused_name(f"{name}InOrder", source)
            prefix = f"const {filled} = []{semicolon}{newline}{indent}for (const {text(param)} of {iterable}) {filled}.push("
            return [(declaration.start_byte, body.start_byte, prefix), (body.end_byte, declaration.end_byte, f"){semicolon}{newline}{indent}{head}{filled}{semicolon}")]
        prefix = f"{head}[]{semicolon}{newline}{indent}for (const {text(param)} of {iterable}) {name}.push("
        return [(declaration.start_byte, body.start_byte, prefix), (body.end_byte, declaration.end_byte, ")" + semicolon)]
    edits = [(fn.start_byte, fn.start_byte, "async ")]
    if not _combined(call):
        outer = call
        while outer.parent is not None and outer.parent.type == "parenthesized_expression":
            outer = outer.parent
        if needs_parens_when_awaited(outer):
            edits += [(call.start_byte, call.start_byte, "(await Promise.all("), (call.end_byte, call.end_byte, "))")]
        else:
            edits += [(call.start_byte, call.start_byte, "await Promise.all("), (call.end_byte, call.end_byte, ")")]
    return edits
