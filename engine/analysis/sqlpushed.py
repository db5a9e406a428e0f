"""SQL conditions collected in an array and joined into a query:

    const conditions = ['organization_id = ?']
    if (env) conditions.push("json_extract(attributes, '$.environment') = ?")
    db.prepare(`SELECT * FROM assets WHERE ${conditions.join(' AND ')}`)

Each string literal of the array (its initial elements and every `conditions.push(...)` argument
before the query) is SQL of the query it is joined into: codemods.sql_dialect rewrites it in that
place of the whole statement, so its columns are typed by the tables the query names.

Only arrays the function can be seen building are followed: a local `const` array literal whose
other uses before the query are `.push(...)` calls and reads (`.length`, `.join`); an array that is
reassigned, spliced or handed to another function is left (its literals may be anything). Each
literal is rewritten alone in the query, so what is pushed besides literals does not matter.
"""
from __future__ import annotations

import re

from tree_sitter import Node

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.core.syntax import text

JOINED = re.compile(r"^\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\.\s*join\s*\((.*)\)\s*$", re.S)
READS = frozenset({"join", "length", "push"})
LITERALS = frozenset({"string", "template_string"})


def joined_array(part: str) -> str | None:
    """`conditions` for an interpolation `conditions.join(' AND ')`, else None."""
    found = JOINED.match(part)
    return found.group(1) if found else None


def pushed_literals(ctx: FileContext, at: Node, name: str) -> list[Node]:
    """The string literals of the array `name` joined into the query call `at` (see the module's
    docstring for which arrays are followed); [] when the array cannot be followed."""
    decl = None
    for ident in ctx.index.references(name):
        if ident.start_byte >= at.start_byte:
            break
        parent = ident.parent
        if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("name") == ident:
            scope = parent.parent.parent if parent.parent is not None else None
            if scope is not None and scope.start_byte <= at.start_byte and at.end_byte <= scope.end_byte:
                decl = parent
    if decl is None or decl.parent is None:
        return []
    value = decl.child_by_field_name("value")
    if value is None or value.type != "array":
        return []
    literals = [element for element in value.named_children if element.type in LITERALS]
    if len(literals) != len([e for e in value.named_children if e.type != "comment"]):
        return []
    scope = decl.parent.parent
    for ref in ctx.index.references(name, exclude=decl.child_by_field_name("name")):
        if not (scope.start_byte <= ref.start_byte < scope.end_byte) or ref.start_byte >= at.end_byte or ctx.index.declaration(ref) != decl:
            continue
        member = ref.parent
        if member is None or member.type != "member_expression" or member.child_by_field_name("object") != ref:
            return []  # handed on, spread or reassigned: its contents can't be followed
        method = text(member.child_by_field_name("property"))
        if method not in READS:
            return []
        call = member.parent
        if method == "push" and call is not None and call.type == "call_expression":
            args = call.child_by_field_name("arguments")
            pushed = [a for a in args.named_children if a.type != "comment"] if args is not None else []
            # A pushed variable is SQL the query cannot show here; the literals around it still are.
            literals.extend(a for a in pushed if a.type in LITERALS)
    return literals
