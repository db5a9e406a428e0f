"""Handle-typed parameters that only ever receive a database other than the application's.

A module that reads another program's SQLite file (`new Database(path, { readonly: true })`) often
passes it to small helpers typed `db: Database.Database`. The type names the SQLite handle, but the
helpers do not run on the application's database: rewriting them to the adapter would query the
wrong database and leave their callers passing an argument the helper no longer takes. When every
call of a helper the file keeps to itself passes such a database, its parameter is not the handle.
Exported helpers are called from files this one cannot see, so they keep the type's meaning.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from wavemod.engine.core.syntax import text

if TYPE_CHECKING:
    from wavemod.engine.analysis.bindings import FileIndex

# Packages whose default export opens a SQLite database file.
SQLITE_PACKAGES = frozenset({"better-sqlite3", "bun:sqlite", "node:sqlite", "sqlite3"})
_WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "non_null_expression", "await_expression", "satisfies_expression"})
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})


def only_other_databases(index: FileIndex, param: Node) -> bool:
    """Whether the parameter's function is private to the file, is called, and every call passes
    a database the file opens itself (never the application's connection)."""
    key = ("other-db-param", param.id)
    found = index.memo.get(key)
    if found is None:
        index.memo[key] = False  # cycle guard: a helper passing its own parameter on
        found = index.memo[key] = _only_other_databases(index, param)
    return bool(found)


def _only_other_databases(index: FileIndex, param: Node) -> bool:
    params = param.parent
    fn = params.parent if params is not None else None
    if params is None or fn is None or params.type != "formal_parameters":
        return False
    position = [p for p in params.named_children if p.type != "comment"].index(param)
    name, declaring = _private_name(fn)
    if name is None:
        return False
    calls = [
        call for call in index.nodes("call_expression")
        if (callee := call.child_by_field_name("function")) is not None and callee.type == "identifier"
        and text(callee) == name and index.declaration(callee) == declaring
    ]
    if not calls:
        return False
    for call in calls:
        args = call.child_by_field_name("arguments")
        items = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        if position >= len(items) or not _opens_other_database(index, items[position], 0):
            return False
    return True


def holds_other_database(index: FileIndex, receiver: Node) -> bool:
    """Whether a receiver is a database the file opens itself rather than the application's: a
    variable whose value, or every value assigned to it (`let db: Database | null = null` then
    `db = new Database(path, { readonly: true })`), opens one, or a parameter only ever passed one
    (for the audit: such queries are left on purpose, not missed)."""
    while receiver.type in _WRAPPERS and receiver.named_children:
        receiver = receiver.named_children[0]
    if receiver.type != "identifier":
        return False
    if _opens_other_database(index, receiver, 0):
        return True
    decl = index.declaration(receiver)
    if decl is None or decl.type != "variable_declarator":
        return False
    value = decl.child_by_field_name("value")
    if value is not None and text(value) not in {"null", "undefined"}:
        return False
    name = text(receiver)
    assigned = [
        a.child_by_field_name("right") for a in index.nodes("assignment_expression")
        if (left := a.child_by_field_name("left")) is not None and left.type == "identifier" and text(left) == name and index.declaration(left) == decl
    ]
    return bool(assigned) and all(r is not None and _opens_other_database(index, r, 0) for r in assigned)


def passes_other_database(index: FileIndex, node: Node) -> bool:
    """Whether an argument is a database the file opens itself: `new Database(path)`, or a
    variable or parameter holding one (engine.analysis.handle_callers: its callee runs on that database)."""
    return _opens_other_database(index, node, 0) or holds_other_database(index, node)


def _private_name(fn: Node) -> tuple[str | None, Node | None]:
    """The name a function is called by in its file, and the node declaring it; (None, None) for
    exported or anonymous functions."""
    if fn.type == "function_declaration":
        name = fn.child_by_field_name("name")
        if name is None or (fn.parent is not None and fn.parent.type == "export_statement"):
            return None, None
        return text(name), fn
    if fn.type in _FUNCTION_VALUES and fn.parent is not None and fn.parent.type == "variable_declarator":
        declarator = fn.parent
        statement = declarator.parent
        name = declarator.child_by_field_name("name")
        if name is None or name.type != "identifier" or (statement is not None and statement.parent is not None and statement.parent.type == "export_statement"):
            return None, None
        return text(name), declarator
    return None, None


def _opens_other_database(index: FileIndex, node: Node, depth: int) -> bool:
    """`new Database(path)`, a variable holding one, or a call of a function of this file that
    returns one (or nothing: `openDatabase(path): Database | null`)."""
    if depth > 4:
        return False
    while node.type in _WRAPPERS and node.named_children:
        node = node.named_children[0]
    if node.type == "new_expression":
        return _sqlite_constructor(index, node.child_by_field_name("constructor"))
    if node.type == "identifier":
        decl = index.declaration(node)
        if decl is None:
            return False
        if decl.type == "variable_declarator":
            value = decl.child_by_field_name("value")
            return value is not None and _opens_other_database(index, value, depth + 1)
        if decl.type in {"required_parameter", "optional_parameter"}:
            return only_other_databases(index, decl)
        return False
    if node.type == "call_expression":
        callee = node.child_by_field_name("function")
        decl = index.declaration(callee) if callee is not None and callee.type == "identifier" else None
        if decl is None or decl.type != "function_declaration":
            return False
        returned = [r.named_children[0] for r in _returns(decl) if r.named_children]
        opened = [r for r in returned if text(r) not in {"null", "undefined"}]
        return bool(opened) and all(_opens_other_database(index, r, depth + 1) for r in opened)
    return False


def _sqlite_constructor(index: FileIndex, constructor: Node | None) -> bool:
    if constructor is None or constructor.type != "identifier":
        return False
    binding = index.import_of(constructor)
    return binding is not None and binding.specifier in SQLITE_PACKAGES


def _returns(fn: Node) -> list[Node]:
    """The return statements of `fn` itself (not of functions nested in it)."""
    out: list[Node] = []
    stack = [c for c in fn.children if c.type == "statement_block"]
    while stack:
        node = stack.pop()
        if node.type == "return_statement":
            out.append(node)
        elif node.type not in {"function_declaration", "arrow_function", "function_expression", "function", "method_definition", "class_declaration"}:
            stack.extend(node.children)
    return out
