"""Calls of the connection module's own query helpers -> the adapter's helpers.

`queryAll<T>(sql, params)` -> `await executeQuery<T>(sql, params)`, `queryOne` -> `executeQueryOne`,
`run` -> `executeRun` (which helper is which is read from the connection module:
engine.analysis.connection_helpers), and `transaction(() => { ... })` -> `await executeTransaction(async (tx)
=> { ... })`. Inside such a transaction the helper calls go through the handle (`tx.executeRun`,
or what the adapter's handle type offers): a helper of the module would run on the pool, outside
the transaction, once the database is PostgreSQL. The SQL and the values stay where they are, so
SQL fixes of the same pass compose with the rewrite.
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.analysis.connection_helpers import ConnectionHelper
from wavemod.engine.core.syntax import needs_parens_when_awaited, text, unwrap_parens
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.codemods.adapter_call import Calls, Target
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.sql_context import connection_helper, may_hold_handle, placement
from wavemod.codemods.transactions import _handle_name


class ConnectionHelpers(Codemod):
    NAME = "connection-helpers"
    DESCRIPTION = "Calls of the connection module's own query helpers become awaited adapter calls."
    EXAMPLES = (
        Example(
            "import { queryOne } from '@/lib/db/connection'\nexport function f(id: number) {\n  return queryOne<{ n: number }>('SELECT 1 AS n WHERE ? > 0', [id])\n}\n",
            "import { executeQueryOne } from '@/lib/db/adapter'\nexport async function f(id: number) {\n  return await executeQueryOne<{ n: number }>('SELECT 1 AS n WHERE ? > 0', [id])\n}\n",
            context=((
                "lib/db/connection.ts",
                "import Database from 'better-sqlite3'\nconst db = new Database('app.db')\nexport function queryOne<T>(sql: string, params: unknown[] = []): T | undefined {\n  return db.prepare(sql).get(...params) as T | undefined\n}\n",
            ),),
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        return may_hold_handle(source, modules, rule.options, config, resolver)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        if not any(ctx.connection_helpers.values()):
            return
        calls = Calls.of(ctx, rule)
        for call in ctx.index.nodes("call_expression"):
            helper = connection_helper(ctx, call)
            if helper is None:
                continue
            if helper.terminal == "transaction":
                self._transaction(ctx, rule, calls, call)
            else:
                self._statement(ctx, rule, calls, call, helper)

    def _statement(self, ctx: FileContext, rule: Rule, calls: Calls, call: Node, helper: ConnectionHelper) -> None:
        verdict, handle, reason = placement(ctx, call, calls.tx_helper)
        if verdict == "wait":
            return  # inside a transaction of the helper's: that rewrite comes first
        if verdict == "stop":
            self.warn(ctx, rule, call, f"not rewritten: {reason}")
            return
        target = calls.on_handle(handle, helper.terminal) if verdict == "tx" and handle else calls.helper(helper.terminal)
        if target is None:
            self.warn(ctx, rule, call, calls.missing_member(helper.terminal))
            return
        callee = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        values = [a for a in args.named_children if a.type != "comment"][1:] if args is not None else []
        refused = target.refuses(len(values))
        if refused:
            self.warn(ctx, rule, call, refused)
            return
        parens = needs_parens_when_awaited(call)
        imports = ((target.name, target.module),) if target.module else ()
        self.edit(ctx, rule, call.start_byte, callee.end_byte, f"{'(' if parens else ''}await {target.name}", awaits=True, imports=imports, site="adapter")
        self._values(ctx, rule, helper, target, values)
        if parens:
            self.edit(ctx, rule, call.end_byte, call.end_byte, ")")

    def _values(self, ctx: FileContext, rule: Rule, helper: ConnectionHelper, target: Target, values: list[Node]) -> None:
        """The values as the adapter's helper takes them: one array, or rest arguments."""
        if not values or helper.rest == target.signature.rest:
            return
        if helper.rest:  # queryAll(sql, a, b) -> executeQuery(sql, [a, b])
            self.edit(ctx, rule, values[0].start_byte, values[0].start_byte, "[")
            self.edit(ctx, rule, values[-1].end_byte, values[-1].end_byte, "]")
            return
        only = unwrap_parens(values[0])
        if only.type == "array":  # queryAll(sql, [a, b]) -> executeQuery(sql, a, b)
            items = [i for i in only.named_children if i.type != "comment"]
            self.edit(ctx, rule, values[0].start_byte, values[0].end_byte, b", ".join(ctx.bytes_of(i) for i in items))
        else:
            self.edit(ctx, rule, values[0].start_byte, values[0].start_byte, "...")

    def _transaction(self, ctx: FileContext, rule: Rule, calls: Calls, call: Node) -> None:
        tx = calls.helper("transaction", calls.tx_helper)
        if tx is None:
            return  # the adapter has no transaction helper: checked before the run (engine.run.pipeline)
        args = call.child_by_field_name("arguments")
        items = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        fn = unwrap_parens(items[0]) if len(items) == 1 else None
        params = fn.child_by_field_name("parameters") if fn is not None else None
        if fn is None or fn.type != "arrow_function" or any(c.type == "async" for c in fn.children) or (params is not None and params.named_children):
            self.warn(ctx, rule, call, "transaction whose callback is not a plain arrow function without parameters: rewrite by hand")
            return
        verdict, _, reason = placement(ctx, call, calls.tx_helper)
        if verdict == "stop":
            self.warn(ctx, rule, call, f"transaction not rewritten: {reason}")
            return
        if verdict != "ok":
            if verdict == "tx":
                self.warn(ctx, rule, call, "transaction inside a transaction: the adapter's transactions do not nest here; rewrite by hand")
            return
        body = fn.child_by_field_name("body")
        handle = _handle_name(fn, rule.options.get("handle", "tx"))
        parens = needs_parens_when_awaited(call)
        open_text = f"{'(' if parens else ''}await {tx.name}(async ({handle}) => "
        self.edit(ctx, rule, call.start_byte, body.start_byte, open_text, awaits=True, imports=((tx.name, tx.module),))
        self.edit(ctx, rule, body.end_byte, call.end_byte, ")" + (")" if parens else ""))

