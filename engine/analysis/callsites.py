"""better-sqlite3 executions with their SQL: `db.prepare(SQL).get|all|run(args)` and the uses of
`const stmt = db.prepare(SQL)`. What `repositories suggest` counts and groups."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.analysis.placement import placement
from wavemod.engine.analysis.sqlrecover import query_sites
from wavemod.engine.core.syntax import line_of, text

EXECUTIONS = ("get", "all", "run")


@dataclass(frozen=True)
class CallSite:
    path: str
    line: int
    terminal: str  # get | all | run
    sql: str | None  # None: the SQL is dynamic (interpolated, built at run time)
    args: int  # number of arguments, -1 when one is spread (`...params`): never a repository call
    movable: bool = True  # False inside a transaction callback (or where it can't become async): stays on the adapter


def _arg_count(call: Node) -> int:
    args_node = call.child_by_field_name("arguments")
    args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
    return -1 if any(a.type == "spread_element" for a in args) else len(args)


def _static_sql(recovered) -> str | None:
    """One SQL text with no interpolation, or None."""
    if recovered is None or recovered.alternatives or recovered.parts:
        return None
    return recovered.sql


def _movable(ctx: FileContext, call: Node) -> bool:
    """Whether a repository method may take this call: not inside a transaction (a repository method
    runs outside it), and where the enclosing function can become async."""
    return placement(ctx, call, "executeTransaction")[0] == "ok"


def execution_sites(ctx: FileContext) -> Iterator[CallSite]:
    for site in query_sites(ctx, ctx.config.adapter_module):
        if site.kind != "prepare":
            continue
        sql = _static_sql(site.recovered)
        if site.method in EXECUTIONS:
            execution = site.call.parent.parent
            yield CallSite(ctx.path, line_of(execution), site.method, sql, _arg_count(execution), _movable(ctx, execution))
            continue
        for call, terminal in statement_uses(ctx, site.call) or []:
            if terminal in EXECUTIONS:
                yield CallSite(ctx.path, line_of(call), terminal, sql, _arg_count(call), _movable(ctx, call))


def statement_uses(ctx: FileContext, prepare_call: Node) -> list[tuple[Node, str]] | None:
    """For `const stmt = db.prepare(SQL)`: every `stmt.<method>(...)` call with its method; None when
    the prepare() is not such a declaration or `stmt` is used any other way (passed, returned)."""
    declarator = prepare_call.parent
    name = declarator.child_by_field_name("name") if declarator is not None and declarator.type == "variable_declarator" else None
    if name is None or name.type != "identifier":
        return None
    uses = []
    for ref in ctx.index.references(text(name), exclude=name):
        if ctx.index.declaration(ref) != declarator:
            continue
        member = ref.parent
        call = member.parent if member is not None else None
        if member is None or member.type != "member_expression" or call is None or call.type != "call_expression":
            return None
        uses.append((call, text(member.child_by_field_name("property"))))
    return uses
