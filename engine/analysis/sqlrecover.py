"""Finding the SQL of every query call and recovering its text.

Query calls are `<sqlite>.prepare(SQL)` / `.exec(SQL)`, the adapter helpers imported from the
adapter module, and transaction-handle methods. SQL is recovered from string and template literals
(each `${...}` becomes a marker `__wm_N__` that is restored byte for byte afterwards), from
constants declared earlier in scope, from `+` concatenations and from `let sql = ...; sql += ...`
when every piece is visible. Anything else is dynamic SQL.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.core.syntax import call_function, holds_any, line_of, occurrences, text, unwrap_parens

MARKER = "__wm_{}__"
ADAPTER_QUERY_NAMES = ("executeQuery", "executeQueryOne", "executeRun")
STATEMENT_METHODS = frozenset({"prepare", "exec"})  # of the SQLite handle
ESCAPE = re.compile(r"\\(.)", re.S)  # a backslash and the character it escapes (a newline: line continuation)
JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "'": "'", '"': '"', "\\": "\\", "`": "`", "0": "\0", "$": "$"}


@dataclass(frozen=True)
class Recovered:
    """SQL text with `${}` replaced by markers; `parts` are the interpolation sources in order."""

    sql: str
    parts: tuple[str, ...] = ()
    literal: Node | None = None  # the single literal holding the SQL, when it can be rewritten in place
    pieces: tuple["Recovered", ...] = ()  # literal pieces of SQL built with + or +=, in order
    alternatives: tuple["Recovered", ...] = ()  # `cond ? A : B`: each branch is its own SQL

    @property
    def variants(self) -> tuple["Recovered", ...]:
        return self.alternatives or (self,)


@dataclass(frozen=True)
class QuerySite:
    path: str
    line: int
    kind: str  # prepare | exec | adapter
    method: str  # get/all/run/exec or the adapter helper name
    call: Node
    sql_node: Node
    recovered: Recovered | None  # None: dynamic SQL
    reason: str = ""


def _unescape(raw: str) -> str:
    if "\\" not in raw:  # most SQL has no escapes
        return raw
    return ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else JS_ESCAPES.get(m.group(1), m.group(1)), raw)


def literal_text(node: Node, start_index: int = 0) -> Recovered | None:
    """A string or template literal's SQL, with markers for interpolations."""
    if node.type == "string":
        raw = "".join(text(c) for c in node.named_children)
        return Recovered(_unescape(raw), (), node)
    if node.type == "template_string":
        pieces: list[str] = []
        parts: list[str] = []
        cursor = node.start_byte + 1
        raw_bytes = node.text or b""
        for child in node.named_children:
            if child.type == "template_substitution":
                pieces.append(raw_bytes[cursor - node.start_byte : child.start_byte - node.start_byte].decode("utf-8", "replace"))
                pieces.append(MARKER.format(start_index + len(parts)))
                parts.append(text(child)[2:-1])
                cursor = child.end_byte
        pieces.append(raw_bytes[cursor - node.start_byte : len(raw_bytes) - 1].decode("utf-8", "replace"))
        return Recovered(_unescape("".join(pieces)), tuple(parts), node)
    return None


def recover(ctx: FileContext, node: Node, depth: int = 0) -> tuple[Recovered | None, str]:
    """The SQL an expression evaluates to, or (None, why not)."""
    node = unwrap_parens(node)
    if depth > 8:
        return None, "SQL built too indirectly"
    found = literal_text(node)
    if found is not None:
        return found, ""
    if node.type == "ternary_expression":
        branches = [recover(ctx, node.child_by_field_name(f), depth + 1) for f in ("consequence", "alternative")]
        if any(b is None for b, _ in branches):
            return None, next(why for b, why in branches if b is None)
        variants = tuple(v for b, _ in branches for v in b.variants)  # type: ignore[union-attr]
        return Recovered(variants[0].sql, variants[0].parts, None, (), variants), ""
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        left, why = recover(ctx, node.child_by_field_name("left"), depth + 1)
        right, why2 = recover(ctx, node.child_by_field_name("right"), depth + 1) if left else (None, why)
        if left is None or right is None:
            return None, why or why2
        if left.alternatives or right.alternatives:
            return None, "SQL concatenates alternatives"
        return _concat([left, right]), ""
    if node.type == "identifier":
        decl = ctx.index.declaration(node)
        if decl is None or decl.type != "variable_declarator":
            return None, f"SQL comes from `{text(node)}`, which is not a local string"
        value = decl.child_by_field_name("value")
        if value is None:
            return None, f"`{text(node)}` has no initial value"
        base, why = recover(ctx, value, depth + 1)
        if base is None:
            return None, why
        appends = _appends(ctx, decl, text(node), node)
        if appends is None:
            return None, f"`{text(node)}` is modified in ways that cannot be followed"
        pieces = [base]
        for piece in appends:
            rec, why = recover(ctx, piece, depth + 1)
            if rec is None:
                return None, why
            pieces.append(rec)
        if len(pieces) == 1:
            return base, ""
        if any(piece.alternatives for piece in pieces):
            return None, f"`{text(node)}` mixes alternatives and appends"
        return _concat(pieces), ""
    if node.type == "call_expression":
        return None, f"SQL built by `{text(node.child_by_field_name('function'))}(...)`"
    return None, f"SQL is a {node.type.replace('_', ' ')}"


def _concat(pieces: list[Recovered]) -> Recovered:
    sql, parts = "", []
    for piece in pieces:
        chunk = piece.sql
        for i in range(len(piece.parts) - 1, -1, -1):  # renumber markers
            chunk = chunk.replace(MARKER.format(i), MARKER.format(len(parts) + i))
        sql += chunk
        parts.extend(piece.parts)
    flat = tuple(p for piece in pieces for p in (piece.pieces or (piece,)))
    return Recovered(sql, tuple(parts), None, flat if all(p.literal is not None for p in flat) else ())


def _appends(ctx: FileContext, decl: Node, name: str, use: Node) -> list[Node] | None:
    """Right-hand sides of `name += ...` before `use`; None if `name` is reassigned otherwise."""
    out = []
    scope = ctx.index.enclosing_function(decl) or ctx.tree.root_node
    for node in ctx.index.within(scope, "augmented_assignment_expression", "assignment_expression"):
        if node.start_byte >= use.start_byte:
            break
        left = node.child_by_field_name("left")
        if left is None or text(left) != name or ctx.index.declaration(left) != decl:
            continue
        operator = text(node.child_by_field_name("operator")) if node.type == "augmented_assignment_expression" else "="
        if operator != "+=":
            return None
        out.append(node.child_by_field_name("right"))
    return out


def _adapter_names(ctx: FileContext, adapter_module: str) -> dict[str, str]:
    target = ctx.index.resolver.resolve_configured(adapter_module)
    return {b.local: b.imported for b in ctx.index.imports.values() if b.resolved == target and b.imported in ADAPTER_QUERY_NAMES}


def _handle_names(ctx: FileContext, adapter_module: str) -> dict[str, str]:
    """Members of the adapter's transaction handle that run SQL (`tx.run`, `tx.get`, ... for a
    `DatabaseAdapter`-style handle), each with the module helper it stands for."""
    contract = ctx.adapters.get(adapter_module)
    if contract is None or contract.handle is None:
        return {}
    out = {}
    for terminal, helper in zip(("all", "get", "run"), ADAPTER_QUERY_NAMES):
        member = contract.handle_member(terminal, helper)
        if member is not None:
            out[member] = helper
    return out


def query_sites(ctx: FileContext, adapter_module: str = "@/lib/db/adapter", binding_name: str = "sqlite") -> Iterator[QuerySite]:
    """Every query call of the file with its recovered SQL (or why it is dynamic)."""
    names = _adapter_names(ctx, adapter_module)
    members = {name: name for name in ADAPTER_QUERY_NAMES} | _handle_names(ctx, adapter_module)
    binding = ctx.config.bindings.get(binding_name)
    # Where the callee names occur in the text: a call whose bytes hold none of them is none of
    # ours, told without looking at its nodes (most calls of a file).
    at = occurrences(ctx.source, {*members, *STATEMENT_METHODS, *names})
    for call in ctx.index.nodes("call_expression"):
        if not holds_any(call, at):
            continue
        function = call_function(call)
        if function is None:
            continue
        # Most calls are none of ours: tell by the callee's spelling before looking at arguments.
        if function.type == "identifier":
            if text(function) not in names:
                continue
        elif function.type == "member_expression":
            prop = text(function.child_by_field_name("property"))
            if prop not in members and prop not in STATEMENT_METHODS:
                continue
        else:
            continue
        args_node = call.child_by_field_name("arguments")
        args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
        if not args:
            continue
        kind = method = ""
        if function.type == "identifier" and ctx.index.import_of(function) is not None:
            kind, method = "adapter", names[text(function)]
        elif function.type == "member_expression":
            obj = function.child_by_field_name("object")
            if prop in members and obj is not None and obj.type == "identifier" and _is_tx_handle(ctx, obj):
                kind, method = "adapter", members[prop]
            elif prop in STATEMENT_METHODS and obj is not None and binding is not None and ctx.index.is_bound(obj, binding):
                kind, method = prop, prop
                if prop == "prepare" and call.parent is not None and call.parent.type == "member_expression":
                    method = text(call.parent.child_by_field_name("property"))
        if not kind:
            continue
        recovered, reason = recover(ctx, args[0])
        yield QuerySite(ctx.path, line_of(call), kind, method, call, args[0], recovered, reason)


def _is_tx_handle(ctx: FileContext, ident: Node) -> bool:
    decl = ctx.index.declaration(ident)
    if decl is None:
        return False
    fn = decl.parent.parent if decl.parent is not None else None  # param -> formal_parameters -> function
    if decl.type == "identifier":
        fn = decl.parent
    if fn is None:
        return False
    args = fn.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    return call is not None and text(call_function(call)).endswith("executeTransaction")
