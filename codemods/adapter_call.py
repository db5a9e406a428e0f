"""Building `await executeX<T>(SQL, [args])` from a better-sqlite3 execution `<stmt>.get|all|run(args)`.

The rewrite is a handful of boundary edits around text that stays where it is (the SQL argument and
the call's arguments), so nested rewrites inside them (an awaited call in an argument, SQL dialect
fixes) compose with it instead of overlapping.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from wavemod.engine.analysis.adapter_contract import AdapterContract, Signature, rule_helpers
from wavemod.engine.core.config import Rule
from wavemod.engine.core.syntax import needs_parens_when_awaited, text
from wavemod.engine.core.types import Edit
from wavemod.codemods.base import FileContext



@dataclass(frozen=True)
class Target:
    """What to call: a global helper imported from `module`, or a method of a transaction handle."""

    name: str
    module: str | None  # None for a handle method: nothing to import
    # How it takes the statement's values: one array after the SQL, or spread (`...params`).
    signature: Signature = field(default_factory=lambda: Signature(2))

    def refuses(self, values: int) -> str | None:
        """Why this call cannot take `values` parameter values, or None when it can."""
        if values and not self.signature.takes_params:
            return f"`{self.name}` takes no parameter values (its signature has {self.signature.max_args} parameter(s)): rewrite by hand"
        return None


def helper_names(rule: Rule) -> tuple[dict[str, str], str, str]:
    return rule_helpers(rule.options)


@dataclass(frozen=True)
class Calls:
    """The calls a rule may generate, as the target's adapter offers them (engine.analysis.adapter_contract)."""

    methods: dict[str, str]  # better-sqlite3 terminal -> module helper
    module: str
    tx_helper: str
    contract: AdapterContract | None
    overrides: dict[str, str]  # terminal -> handle member, from the rule's `transaction_methods`

    @classmethod
    def of(cls, ctx: FileContext, rule: Rule) -> "Calls":
        methods, module, tx_helper = helper_names(rule)
        return cls(methods, module, tx_helper, ctx.adapters.get(module), dict(rule.options.get("transaction_methods", {})))

    def _signature(self, signature: Signature | None) -> Signature:
        return signature if signature is not None else Signature(2)

    def helper(self, terminal: str, name: str | None = None) -> Target | None:
        """The module helper for a terminal (or the helper `name`); None when the adapter lacks it."""
        name = name or self.methods[terminal]
        if self.contract is None:
            return Target(name, self.module)  # no adapter read (an in-memory run): as configured
        if not self.contract.exported(name):
            return None
        return Target(name, self.module, self._signature(self.contract.signature(name)))

    def on_handle(self, handle: str, terminal: str, name: str | None = None) -> Target | None:
        """The member of the transaction handle `handle` for a terminal; None when its type has none."""
        helper = name or self.methods.get(terminal, "")
        override = self.overrides.get(terminal)
        if self.contract is None or self.contract.handle is None:
            # The handle's type could not be read (`any`, a package's type): trust the configuration.
            return Target(f"{handle}.{override or helper}", None)
        member = self.contract.handle_member(terminal, helper, override)
        if member is None:
            return None
        return Target(f"{handle}.{member}", None, self.contract.handle[member])

    def missing_member(self, terminal: str) -> str:
        kind = self.contract.handle_type if self.contract is not None else "the handle"
        return f"the transaction handle ({kind}) has no member for `.{terminal}()`: name one in the rule's transaction_methods, or rewrite by hand"


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


def call_values(call: Node) -> list[Node]:
    """The values an execution passes (its arguments, comments aside)."""
    args_node = call.child_by_field_name("arguments")
    return [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []


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
    args = call_values(call)
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
    if args and target.signature.rest:
        # `(sql, ...params)`: the values go in as they were written, spread arguments included.
        edits.append(Edit(_sql_end(call, head_end, sql), args[0].start_byte, sep, rule.id, rule.priority))
        edits.append(Edit(args[-1].end_byte, close_end, b")" + close_paren, rule.id, rule.priority))
    elif not args:
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
