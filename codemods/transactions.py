"""better-sqlite3 transactions -> `executeTransaction(async (tx) => ...)`.

better-sqlite3 runs a transaction callback synchronously; an async callback would commit at its first
await. So the callback is never just marked async: it becomes the callback of the adapter's
transaction helper, and every statement inside goes through the handle it receives (the
prepare-call and statement-variables codemods see the handle on their next pass).
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.core.syntax import text, unwrap_parens, walk
from wavemod.codemods.adapter_call import Calls
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.sql_context import may_hold_handle, placement, sqlite_binding


def _handle_name(fn: Node, preferred: str) -> str:
    used = {text(n) for n in walk(fn) if n.type == "identifier"}
    for candidate in (preferred, "tx", "trx", "txn", "transaction"):
        if candidate not in used:
            return candidate
    return preferred + "_"


class Transactions(Codemod):
    NAME = "transactions"
    DESCRIPTION = "SQLite transactions (stored or immediately invoked) become awaited executeTransaction calls."
    NEEDS = (b".transaction(",)
    EXAMPLES = (
        Example(
            "import db from '@/lib/db/connection'\nexport function f() {\n  db.transaction(() => {\n    db.prepare('DELETE FROM a').run()\n  })()\n}\n",
            "import { executeTransaction } from '@/lib/db/adapter'\nexport async function f() {\n  await executeTransaction(async (tx) => {\n    await tx.executeRun('DELETE FROM a')\n  })\n}\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        return may_hold_handle(source, modules, rule.options, config, resolver)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        binding = sqlite_binding(ctx, rule.options)
        if binding is None:
            return
        calls = Calls.of(ctx, rule)
        if calls.helper("transaction", calls.tx_helper) is None:
            return  # the adapter has no transaction helper: checked before the run (engine.run.pipeline)
        module, helper = calls.module, calls.tx_helper
        preferred = rule.options.get("handle", "tx")
        for call in ctx.index.nodes("call_expression"):
            callee = call.child_by_field_name("function")
            if callee is None or callee.type != "member_expression":
                continue
            prop = text(callee.child_by_field_name("property"))
            obj = callee.child_by_field_name("object")
            if prop != "transaction" or obj is None or not ctx.index.is_bound(obj, binding):
                continue
            args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
            fn = unwrap_parens(args[0]) if len(args) == 1 else None
            if fn is None or fn.type != "arrow_function" or any(c.type == "async" for c in fn.children):
                self.warn(ctx, rule, call, "transaction whose callback is not a plain arrow function: rewrite by hand")
                continue
            body = fn.child_by_field_name("body")
            handle = _handle_name(fn, preferred)
            imports = ((helper, module),)
            parent = call.parent
            if parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == call:
                self._immediate(ctx, rule, call, parent, fn, body, handle, helper, imports)
            elif parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("value") == call:
                # const tx = db.transaction((a) => {...})  ->  const tx = async (a) => executeTransaction(async (h) => {...})
                self.edit(ctx, rule, call.start_byte, fn.start_byte, "async ", imports=imports)
                self.edit(ctx, rule, body.start_byte, body.start_byte, f"{helper}(async ({handle}) => ")
            else:
                self.warn(ctx, rule, call, "transaction that is neither stored in a const nor invoked at once: rewrite by hand")

    def _immediate(self, ctx, rule, call, invocation, fn, body, handle, helper, imports) -> None:
        invoke_args = [a for a in invocation.child_by_field_name("arguments").named_children if a.type != "comment"]
        params = fn.child_by_field_name("parameters")
        if invoke_args or (params is not None and params.named_children) or fn.child_by_field_name("parameter") is not None:
            self.warn(ctx, rule, call, "immediately invoked transaction with arguments: rewrite by hand")
            return
        verdict, _, reason = placement(ctx, invocation, helper)
        if verdict == "stop":
            self.warn(ctx, rule, call, f"transaction not rewritten: {reason}")
            return
        if verdict != "ok":
            return
        self.edit(ctx, rule, invocation.start_byte, body.start_byte, f"await {helper}(async ({handle}) => ", awaits=True, imports=imports)
        self.edit(ctx, rule, body.end_byte, invocation.end_byte, ")")
