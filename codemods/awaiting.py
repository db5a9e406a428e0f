"""Putting `await` before a call: shared by async propagation and the throw-assertion rewrite."""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Rule
from wavemod.engine.core.syntax import needs_parens_when_awaited
from wavemod.codemods.base import Codemod, FileContext


def await_call(codemod: Codemod, ctx: FileContext, rule: Rule, call: Node) -> None:
    """`f(x)` -> `await f(x)`, parenthesised where the await would bind differently."""
    outer = call
    while outer.parent is not None and outer.parent.type == "parenthesized_expression":
        outer = outer.parent
    if needs_parens_when_awaited(outer):
        codemod.edit(ctx, rule, call.start_byte, call.start_byte, "(await ", awaits=True)
        codemod.edit(ctx, rule, call.end_byte, call.end_byte, ")")
    else:
        codemod.edit(ctx, rule, call.start_byte, call.start_byte, "await ", awaits=True)
