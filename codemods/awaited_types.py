"""`ReturnType<typeof f>` where `f` turned async -> `Awaited<ReturnType<typeof f>>`.

Code that names a function's result type through the function (`let rows: ReturnType<typeof
listAgents>`, `ReturnType<typeof check>[number]['result']`) means the value the function gives,
which after the rewrite is what its Promise resolves to. The type query is found by its spelling
(few files have one) and resolved like a call of the function.
"""
from __future__ import annotations

import re

from wavemod.engine.core.config import Rule
from wavemod.engine.analysis.functions import value_ref
from wavemod.engine.core.syntax import text
from wavemod.codemods.base import Codemod, FileContext

_QUERY = re.compile(rb"ReturnType\s*<\s*typeof\s+")


def await_return_types(codemod: Codemod, ctx: FileContext, rule: Rule) -> None:
    project = ctx.project
    if project is None or b"ReturnType" not in ctx.source:
        return
    root = ctx.tree.root_node
    for match in _QUERY.finditer(ctx.source):
        generic = root.descendant_for_byte_range(match.start(), match.end())
        while generic is not None and generic.type != "generic_type":
            generic = generic.parent
        if generic is None or generic.start_byte != match.start():
            continue
        args = next((c for c in generic.named_children if c.type == "type_arguments"), None)
        query = args.named_children[0] if args is not None and args.named_children else None
        ident = query.named_children[0] if query is not None and query.type == "type_query" and query.named_children else None
        if ident is None or ident.type != "identifier":
            continue
        gid = project.resolve(ctx.path, value_ref(ctx.index, ident))
        if gid is None or gid not in project.newly_async or _awaited(generic):
            continue
        codemod.edit(ctx, rule, generic.start_byte, generic.start_byte, "Awaited<")
        codemod.edit(ctx, rule, generic.end_byte, generic.end_byte, ">")


def _awaited(generic) -> bool:  # type: ignore[no-untyped-def]
    """Already the argument of `Awaited<...>`."""
    outer = generic.parent.parent if generic.parent is not None and generic.parent.type == "type_arguments" else None
    return outer is not None and outer.type == "generic_type" and text(outer.child_by_field_name("name")) == "Awaited"
