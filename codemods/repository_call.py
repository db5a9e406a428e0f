"""Rewriting a better-sqlite3 execution to a repository method, when a repository rule matches.

Used by the prepare-call and statement-variables codemods before they fall back to the adapter, and
by the SQL dialect codemod to leave alone the SQL that is about to move into a repository module.
"""
from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from wavemod.engine.analysis.callsites import statement_uses
from wavemod.engine.sql.repository_rules import PRIORITY, RepositoryRule
from wavemod.engine.analysis.sqlrecover import QuerySite, literal_text, recover
from wavemod.engine.sql.sqlshape import match_shape
from wavemod.engine.core.syntax import needs_parens_when_awaited
from wavemod.engine.core.types import Edit
from wavemod.codemods.adapter_call import cast_plan, result_expression
from wavemod.codemods.base import FileContext
from wavemod.codemods.sql_context import placement


@dataclass(frozen=True)
class RepositoryPlan:
    rule: RepositoryRule
    arguments: tuple[bytes, ...]  # the method call's arguments, in the method's order


def _js_literal(sql_literal: str) -> bytes:
    """A lifted SQL literal as JavaScript: 'it''s' -> 'it\\'s', numbers as they are."""
    if sql_literal.startswith("'"):
        inner = sql_literal[1:-1].replace("''", "'")
        return ("'" + inner.replace("\\", "\\\\").replace("'", "\\'") + "'").encode()
    return sql_literal.encode()


def static_sql(ctx: FileContext, sql_node: Node) -> str | None:
    """The SQL text of a literal (or a constant holding one) with no interpolation, else None."""
    recovered = literal_text(sql_node) if sql_node.type in {"string", "template_string"} else recover(ctx, sql_node)[0]
    if recovered is None or recovered.parts or recovered.alternatives:
        return None
    return recovered.sql


def plan(ctx: FileContext, call: Node, terminal: str, sql: str | None) -> RepositoryPlan | None:
    """The repository call for execution `call` (`<stmt>.terminal(args)`) of `sql`, if a rule maps it."""
    repositories = ctx.repositories
    if not repositories or sql is None:
        return None
    shape = match_shape(sql, repositories.keys, ctx.schema)
    rule = repositories.get(shape.key, terminal) if shape is not None else None
    if rule is None:
        return None
    args_node = call.child_by_field_name("arguments")
    args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
    positional = [p for p in shape.params if p.source is not None]
    if any(a.type == "spread_element" for a in args) or len(args) != len(positional):
        return None  # spread or bound as an array/object: the order can't be known statically
    texts = []
    for index in rule.args:
        param = shape.params[index]
        texts.append(ctx.bytes_of(args[param.source]) if param.source is not None else _js_literal(param.literal or "null"))
    return RepositoryPlan(rule, tuple(texts))


def rewrite(ctx: FileContext, call: Node, terminal: str, found: RepositoryPlan) -> None:
    """`<stmt>.get(a, b) as T | undefined` -> `await repo.method<T>(b, a)`.

    One edit over the whole expression (the SQL goes away and arguments may be reordered); edits
    inside the arguments lose to it and are redone on the next pass, on the new text."""
    outer, cast = result_expression(call)
    type_arg, drop_cast = cast_plan(terminal, cast)
    end = outer.end_byte if (cast is None or drop_cast) else call.end_byte
    generic = f"<{type_arg}>".encode() if type_arg and terminal != "run" else b""
    body = b"await " + found.rule.call.encode() + generic + b"(" + b", ".join(found.arguments) + b")"
    if needs_parens_when_awaited(outer):
        body = b"(" + body + b")"
    imports = ((found.rule.object_name, found.rule.module),)
    ctx.edits.append(Edit(outer.start_byte, end, body, found.rule.id, PRIORITY, awaits=True, imports=imports, site="repository"))


def goes_to_repository(ctx: FileContext, site: QuerySite, tx_helper: str = "executeTransaction") -> bool:
    """Whether the prepare() of `site` is about to become repository calls (inline chain, or a
    statement variable all of whose uses map): its SQL moves to the repository module as it is."""
    if not ctx.repositories or site.kind != "prepare":
        return False
    sql = static_sql(ctx, site.sql_node)
    if sql is None:
        return False
    if site.method in ("get", "all", "run"):
        uses = [(site.call.parent.parent, site.method)]
    else:
        uses = statement_uses(ctx, site.call) or []
    return bool(uses) and all(placement(ctx, call, tx_helper)[0] == "ok" and plan(ctx, call, method, sql) is not None for call, method in uses)

