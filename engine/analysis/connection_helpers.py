"""The connection module's own query helpers, read from its source.

Many apps never call `.prepare(` outside their connection module: it wraps better-sqlite3 in
helpers of its own, and the rest of the app calls those.

    export function queryAll<T>(sql: string, params: unknown[] = []): T[] {
      return getDb().prepare(sql).all(...params) as T[]
    }
    export function transaction<T>(fn: () => T): T { return getDb().transaction(fn)() }

Such a helper is the adapter's helper under another name: `queryAll(sql, params)` is
`await executeQuery(sql, params)`, `transaction(() => ...)` is `await executeTransaction(async (tx)
=> ...)`. A function is taken for a helper when its body prepares its first parameter and runs it
with one of better-sqlite3's terminals (`all`, `get`, `run`), or hands its first parameter to
`.transaction(`; the terminal names the adapter helper. The values are its second parameter (one
array) or its rest parameter. What the module says is what counts: nothing is assumed by name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tree_sitter import Node

from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.core.syntax import text, walk
from wavemod.engine.core.workspace import ModuleResolver

Reader = Callable[[str], bytes | None]
TERMINALS = ("all", "get", "run")
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})


@dataclass(frozen=True)
class ConnectionHelper:
    name: str  # as the connection module exports it
    terminal: str  # "all" | "get" | "run" | "transaction"
    rest: bool = False  # values as rest arguments (`...params`) rather than one array


def read_helpers(module: str, resolver: ModuleResolver, read: Reader) -> dict[str, ConnectionHelper]:
    """The helpers the connection `module` (as configured) exports, by exported name."""
    path = resolver.resolve_configured(module)
    source = read(path) if path in resolver.files else None
    if source is None:
        return {}
    root = parse(source, language_for(path) or "typescript").root_node
    out: dict[str, ConnectionHelper] = {}
    for name, fn in _exported_functions(root):
        found = _classify(name, fn)
        if found is not None:
            out[name] = found
    return out


def _exported_functions(root: Node) -> list[tuple[str, Node]]:
    out = []
    for statement in root.named_children:
        if statement.type != "export_statement":
            continue
        decl = statement.child_by_field_name("declaration")
        if decl is None:
            continue
        if decl.type == "function_declaration" and decl.child_by_field_name("name") is not None:
            out.append((text(decl.child_by_field_name("name")), decl))
        elif decl.type == "lexical_declaration":
            for declarator in decl.named_children:
                value = declarator.child_by_field_name("value") if declarator.type == "variable_declarator" else None
                name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                if value is not None and value.type in _FUNCTION_VALUES and name is not None and name.type == "identifier":
                    out.append((text(name), value))
    return out


def _parameter_names(fn: Node) -> list[tuple[str, bool]]:
    """(name, is rest) of each simple parameter, in order."""
    params = fn.child_by_field_name("parameters")
    out = []
    for param in params.named_children if params is not None else []:
        if param.type == "comment":
            continue
        pattern = param.child_by_field_name("pattern")
        if pattern is not None and pattern.type == "rest_pattern":
            inner = pattern.named_children[0] if pattern.named_children else None
            out.append((text(inner) if inner is not None else "", True))
        else:
            out.append((text(pattern) if pattern is not None else "", False))
    return out


def _argument_names(call: Node) -> list[str]:
    args = call.child_by_field_name("arguments")
    return [text(a) for a in args.named_children if a.type != "comment"] if args is not None else []


def _classify(name: str, fn: Node) -> ConnectionHelper | None:
    params = _parameter_names(fn)
    if not params or params[0][1]:
        return None
    first = params[0][0]
    rest = len(params) > 1 and params[1][1]
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    prepared: set[str] = set()  # variables holding `x.prepare(first)`
    terminals: set[str] = set()
    for node in walk(body):
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            continue
        prop = text(callee.child_by_field_name("property"))
        obj = callee.child_by_field_name("object")
        if prop == "transaction" and _argument_names(node) == [first]:
            return ConnectionHelper(name, "transaction")
        if prop == "prepare" and _argument_names(node) == [first]:
            holder = node.parent
            if holder is not None and holder.type == "variable_declarator":
                prepared.add(text(holder.child_by_field_name("name")))
        elif prop in TERMINALS and obj is not None and (_prepares(obj, first) or text(obj) in prepared):
            terminals.add(prop)
    if len(terminals) != 1:
        return None
    return ConnectionHelper(name, terminals.pop(), rest)


def _prepares(node: Node, sql: str) -> bool:
    """`<anything>.prepare(sql)` (the statement the terminal runs is the helper's SQL parameter)."""
    if node.type != "call_expression":
        return False
    callee = node.child_by_field_name("function")
    return callee is not None and callee.type == "member_expression" and text(callee.child_by_field_name("property")) == "prepare" and _argument_names(node) == [sql]
