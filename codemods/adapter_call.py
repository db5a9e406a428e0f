"""Building `await executeX<T>(SQL, [args])` from a better-sqlite3 execution `<stmt>.get|all|run(args)`.

The rewrite is a handful of boundary edits around text that stays where it is (the SQL argument and
the call's arguments), so nested rewrites inside them (an awaited call in an argument, SQL dialect
fixes) compose with it instead of overlapping.
"""
from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from engine.config import Rule
from engine.syntax import needs_parens_when_awaited, text
from engine.types import Edit
from .base import FileContext

DEFAULT_METHODS = {"all": "executeQuery", "get": "executeQueryOne", "run": "executeRun"}
DEFAULT_MODULE = "@/lib/db/adapter"


@dataclass(frozen=True)
class Target:
    """What to call: a global helper imported from `module`, or a method of a transaction handle."""

    name: str
    module: str | None  # None for a handle method: nothing to import


def helper_names(rule: Rule) -> tuple[dict[str, str], str, str]:
    options = rule.options
    methods = dict(DEFAULT_METHODS, **options.get("methods", {}))
    return methods, options.get("module", DEFAULT_MODULE), options.get("transaction_helper", "executeTransaction")


def _union_members(type_node: Node) -> list[Node]:
    """Leaf members of a union; `| A | B` (leading bar) nests unions in the grammar."""
    if type_node.type != "union_type":
        return [type_node]
    return [leaf for child in type_node.named_children for leaf in _union_members(child)]


def _strip_undefined(type_node: Node) -> Node | None:
    """`T | undefined` -> T; anything with more than one other member stays None (keep the cast)."""
    if type_node.type != "union_type":
        return type_node
    members = [m for m in _union_members(type_node) if text(m) not in {"undefined", "null"}]
    return members[0] if len(members) == 1 else None


def cast_plan(method: str, cast: Node | None) -> tuple[str, bool]:
    """(type argument text, drop the cast?) for a result cast on a get/all/run call."""
    if cast is None:
        return "", False
    type_node = cast.named_children[-1] if cast.named_children else None
    if type_node is None:
        return "", False
    spelled = text(type_node)
    if spelled in {"any", "any[]", "Array<any>", "unknown", "unknown[]"}:
        return "", True
    if method == "all":
        if type_node.type == "array_type":
            return text(type_node.named_children[0]), True
        if type_node.type == "generic_type" and text(type_node.child_by_field_name("name")) == "Array":
            args = type_node.child_by_field_name("type_arguments")
            if args is not None and len(args.named_children) == 1:
                return text(args.named_children[0]), True
        return "", False
    if method == "get":
        inner = _strip_undefined(type_node)
        if inner is None:
            return "", False
        if type_node.type == "union_type":
            return text(inner), True
        # `as T` claimed the row exists; keep that claim as a cast on the awaited value.
        return text(inner), False
    return "", False


def result_expression(call: Node) -> tuple[Node, Node | None]:
    """The node the rewrite replaces (the call, or the cast around it) and the cast if any."""
    parent = call.parent
    if parent is not None and parent.type == "as_expression" and parent.named_children[0] == call:
        return parent, parent
    return call, None


def rewrite_execution(ctx: FileContext, rule: Rule, call: Node, method: str, target: Target, head_end: int, sql: bytes | None) -> None:
    """Rewrite the execution `call` (`<something>.method(args)`).

    Bytes [start of the result expression, head_end) are replaced by `await name<T>(` (+ `sql, ` when
    `sql` is given, for statement variables whose SQL lives elsewhere); with `sql` None, the SQL
    argument is the text that starts at head_end (inline `db.prepare(SQL)` chains).
    """
    outer, cast = result_expression(call)
    type_arg, drop_cast = cast_plan(method, cast)
    parens = needs_parens_when_awaited(outer)
    generic = f"<{type_arg}>" if type_arg else ""
    args_node = call.child_by_field_name("arguments")
    args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
    imports = ((target.name, target.module),) if target.module else ()
    open_text = f"{'(' if parens else ''}await {target.name}{generic}(".encode()
    if sql is not None:
        open_text += sql + (b", " if args else b"")
    close_end = outer.end_byte if (cast is None or drop_cast) else call.end_byte
    close_paren = b")" if parens and close_end == outer.end_byte else b""
    trailer = b""
    if parens and close_end != outer.end_byte:
        trailer = b")"
    edits = [Edit(outer.start_byte, head_end, open_text, rule.id, rule.priority, awaits=True, imports=imports, site="adapter")]
    sep = b", " if sql is None else b""
    if not args:
        edits.append(Edit(_sql_end(call, head_end, sql), close_end, b")" + close_paren, rule.id, rule.priority))
    elif len(args) == 1 and args[0].type == "spread_element":
        inner = args[0].named_children[0]
        edits.append(Edit(_sql_end(call, head_end, sql), inner.start_byte, sep, rule.id, rule.priority))
        edits.append(Edit(inner.end_byte, close_end, b")" + close_paren, rule.id, rule.priority))
    else:
        edits.append(Edit(_sql_end(call, head_end, sql), args[0].start_byte, sep + b"[", rule.id, rule.priority))
        edits.append(Edit(args[-1].end_byte, close_end, b"])" + close_paren, rule.id, rule.priority))
    if trailer:
        edits.append(Edit(outer.end_byte, outer.end_byte, trailer, rule.id, rule.priority))
    ctx.edits.extend(edits)


def _sql_end(call: Node, head_end: int, sql: bytes | None) -> int:
    """End of the SQL text kept in place (inline chains), or head_end when the SQL was moved in."""
    if sql is not None:
        return head_end
    prepare_call = call.child_by_field_name("function").child_by_field_name("object")
    sql_node = prepare_call.child_by_field_name("arguments").named_children[0]
    return sql_node.end_byte
