"""SQLite-handle parameters (`database: Database.Database`) that nothing reads after the rewrite are
removed, together with the argument at every call site the project index resolves, in any file.
A caller the index cannot see (a function passed as a value) is caught by `tsc`."""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.analysis.functions import callee_ref, constructor_ref, qname_in
from wavemod.engine.analysis.project import unused_handle_parameters
from wavemod.engine.core.syntax import FUNCTION_TYPES, text
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.codemods.base import Codemod, FileContext, Match


def remove_items(codemod: Codemod, ctx: FileContext, rule: Rule, container: Node, positions: tuple[int, ...]) -> None:
    """Remove the items at `positions` from a parenthesised, comma-separated list."""
    items = [n for n in container.named_children if n.type != "comment"]
    doomed = [i for i in positions if i < len(items)]
    if not doomed:
        return
    if len(doomed) == 1:
        i = doomed[0]
        if i + 1 < len(items):
            start, end = items[i].start_byte, items[i + 1].start_byte
        elif i > 0:
            start, end = items[i - 1].end_byte, items[i].end_byte
        else:
            start, end = items[i].start_byte, container.end_byte - 1
        codemod.edit(ctx, rule, start, end, b"")
        return
    kept = [ctx.bytes_of(n) for i, n in enumerate(items) if i not in doomed]
    codemod.edit(ctx, rule, items[0].start_byte, items[-1].end_byte, b", ".join(kept))


def _other_database(ctx: FileContext, node: Node, handle) -> bool:  # type: ignore[no-untyped-def]
    """A variable holding a better-sqlite3 database that is not the application's connection:
    `const db = new Database(file)`, or declared with the handle's type (a test's double)."""
    if node.type != "identifier":
        return False
    decl = ctx.index.declaration(node)
    if decl is None:
        return False
    annotation = decl.child_by_field_name("type")
    if annotation is not None and ctx.index.type_is_bound(annotation, handle):
        return True
    value = decl.child_by_field_name("value") if decl.type == "variable_declarator" else None
    if value is not None and value.type == "new_expression":
        return text(value.child_by_field_name("constructor")) in {"Database", "BetterSqlite3", "SQLite", "Sqlite"}
    if value is not None and value.type == "call_expression":
        # `const db = createTestDb()` where that function is declared to return the handle's type
        callee = value.child_by_field_name("function")
        fn = ctx.index.declaration(callee) if callee is not None and callee.type == "identifier" else None
        returns = fn.child_by_field_name("return_type") if fn is not None and fn.type == "function_declaration" else None
        return returns is not None and ctx.index.type_is_bound(returns, handle)
    return False


def _list_mixed_parameters(codemod: Codemod, ctx: FileContext, rule: Rule, handle) -> None:  # type: ignore[no-untyped-def]
    """Queries on a helper's untyped parameter that some calls pass the connection and others
    another database (engine.analysis.handle_callers): left on SQLite, listed with the calls that differ."""
    if b".prepare(" not in ctx.source:
        return
    for call in ctx.index.nodes("call_expression"):
        callee = call.child_by_field_name("function")
        receiver = callee.child_by_field_name("object") if callee is not None and callee.type == "member_expression" else None
        if receiver is None or receiver.type != "identifier" or text(callee.child_by_field_name("property")) != "prepare":
            continue
        decl = ctx.index.declaration(receiver)
        if decl is not None and decl.type in {"required_parameter", "optional_parameter"}:
            found = ctx.index.caller_verdict(decl, handle)
            if found.reason:
                codemod.warn(ctx, rule, call, f"not rewritten: {found.reason}")


def _new_expressions(ctx: FileContext) -> list[Node]:
    """`new X(...)` expressions of the file (not among the index's collected node types: few files
    construct anything, so they are found by their spelling)."""
    root = ctx.tree.root_node
    out = []
    at = ctx.source.find(b"new ")
    while at != -1:
        node = root.descendant_for_byte_range(at, at + 3)
        if node is not None and node.parent is not None and node.parent.type == "new_expression" and node.parent.start_byte == at:
            out.append(node.parent)
        at = ctx.source.find(b"new ", at + 4)
    return out


class HandleParameters(Codemod):
    NAME = "handle-parameters"
    DESCRIPTION = "Drop SQLite-handle parameters that are no longer used, and the arguments callers pass for them."
    GLOBAL = True
    READS_PROJECT = True
    EXAMPLES = (
        Example(
            "import type Database from 'better-sqlite3'\nimport { getDb } from '@/lib/db/connection'\nexport function count(database: Database.Database, table: string): number {\n  return (database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n\n}\nexport function total(): number {\n  const db = getDb()\n  return count(db, 'a') + count(db, 'b')\n}\n",
            "import { executeQueryOne } from '@/lib/db/adapter'\nexport async function count(table: string): Promise<number> {\n  return (await executeQueryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`) as { n: number }).n\n}\nexport async function total(): Promise<number> {\n  return await count('a') + await count('b')\n}\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        return False  # what it removes is decided across files (ProjectIndex.droppable)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        project = ctx.project
        handle = ctx.config.bindings.get(rule.options.get("binding", "sqlite"))
        if handle is not None and ctx.in_wave:
            _list_mixed_parameters(self, ctx, rule, handle)
        if project is None or handle is None or not project.has_droppable():
            return
        # Positions come from the analysis of the text before this phase; each removal re-checks that
        # the item still is the handle, so a second pass (or a second run) removes nothing more.
        for fn in ctx.index.nodes(*FUNCTION_TYPES):
            if not project.unused_handles(project.gid(ctx.path, qname_in(ctx.index, fn))):
                continue
            params = fn.child_by_field_name("parameters")
            current = unused_handle_parameters(ctx.index, fn, handle)
            if current and params is not None:
                remove_items(self, ctx, rule, params, current)
        calls = ctx.index.nodes("call_expression")
        if b"new " in ctx.source:  # `new Service(getDb())`: a constructor whose handle field went
            calls = calls + _new_expressions(ctx)
        for call in calls:
            ref = constructor_ref(ctx.index, call) if call.type == "new_expression" else callee_ref(ctx.index, call)
            positions = project.unused_handles(project.resolve(ctx.path, ref))
            args = call.child_by_field_name("arguments")
            if not positions or args is None:
                continue
            items = [a for a in args.named_children if a.type != "comment"]
            doomed = []
            for i in positions:
                if i >= len(items):
                    continue
                if ctx.index.is_bound(items[i], handle):
                    doomed.append(i)
                elif _other_database(ctx, items[i], handle):
                    # Another database than the application's (a script's own file, a test's
                    # double): the function runs on the application's through the adapter now,
                    # so the argument goes too (or the call would not type-check), and a human looks.
                    doomed.append(i)
                    self.warn(ctx, rule, items[i], f"`{text(items[i])}` is passed where the function no longer takes a database: it runs on the application's database through the adapter now; check this call meant that one")
            if doomed:
                remove_items(self, ctx, rule, args, tuple(doomed))
