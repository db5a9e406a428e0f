"""`db.prepare(SQL).get|all|run(args)` -> `await executeQueryOne|executeQuery|executeRun(SQL, [args])`,
or `await someRepository.method(args)` when a repository rule of the wave maps the statement (not
inside a transaction callback: a repository method runs on its own connection, outside it)."""
from __future__ import annotations

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.core.syntax import text
from wavemod.codemods import repository_call
from wavemod.codemods.adapter_call import Calls, call_values, rewrite_execution
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.sql_context import may_hold_handle, placement

REVIEW_METHODS = {
    "iterate": "`.iterate()` streams rows synchronously; the adapter has no cursor: load with executeQuery or page through results by hand",
    "pluck": "`.pluck()` changes the row shape: rewrite by hand",
    "raw": "`.raw()` returns arrays instead of objects: rewrite by hand",
    "expand": "`.expand()` nests columns by table: rewrite by hand",
}


class PrepareCall(Codemod):
    NAME = "prepare-call"
    DESCRIPTION = "Inline prepare chains become awaited adapter calls, casts become type arguments."
    NEEDS = (b"prepare(",)
    USES_QUERY = True
    EXAMPLES = (
        Example(
            "import db from '@/lib/db/connection'\nexport function f(id: number) {\n  return db.prepare('SELECT 1').get(id) as { n: number } | undefined\n}\n",
            "import { executeQueryOne } from '@/lib/db/adapter'\nexport async function f(id: number) {\n  return await executeQueryOne<{ n: number }>('SELECT 1', [id])\n}\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        return may_hold_handle(source, modules, rule.options, config, resolver)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        calls = Calls.of(ctx, rule)
        methods, tx_helper = calls.methods, calls.tx_helper
        for match in matches:
            call, method_node, sql = match["call"], match["method"], match["sql"]
            method = text(method_node)
            if method in REVIEW_METHODS:
                self.warn(ctx, rule, call, REVIEW_METHODS[method])
                continue
            if method not in methods:
                continue
            prepare_args = sql.parent
            if len([a for a in prepare_args.named_children if a.type != "comment"]) != 1:
                self.warn(ctx, rule, call, "prepare() with other than one argument: rewrite by hand")
                continue
            verdict, handle, reason = placement(ctx, call, tx_helper)
            if verdict == "wait":
                continue
            if verdict == "stop":
                self.warn(ctx, rule, call, f"not rewritten: {reason}")
                continue
            if verdict == "ok" and ctx.repositories:
                found = repository_call.plan(ctx, call, method, repository_call.static_sql(ctx, sql))
                if found is not None:
                    repository_call.rewrite(ctx, call, method, found)
                    continue
            target = calls.on_handle(handle, method) if verdict == "tx" else calls.helper(method)
            if target is None:
                self.warn(ctx, rule, call, calls.missing_member(method))
                continue
            refused = target.refuses(len(call_values(call)))
            if refused:
                self.warn(ctx, rule, call, refused)
                continue
            rewrite_execution(ctx, rule, call, method, target, sql.start_byte, None)
