"""`db.exec(DDL)` -> one awaited executeRun per statement; `.pragma()` is listed (SQLite only)."""
from __future__ import annotations

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.core.syntax import string_value, text
from wavemod.engine.sql.sqltext import split_statements
from wavemod.codemods.adapter_call import Calls
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.sql_context import may_hold_handle, placement, sqlite_binding


def _literal(piece: str) -> str:
    if "\n" in piece or "'" in piece:
        return "`" + piece.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${") + "`"
    return "'" + piece + "'"


class ExecStatements(Codemod):
    NAME = "exec-statements"
    DESCRIPTION = "Multi-statement exec() strings become one awaited executeRun per statement; pragma() is listed."
    NEEDS = (b".exec(", b".pragma(")
    EXAMPLES = (
        Example(
            "import db from '@/lib/db/connection'\nexport function f() {\n  db.exec('DELETE FROM a; DELETE FROM b')\n}\n",
            "import { executeRun } from '@/lib/db/adapter'\nexport async function f() {\n  await executeRun('DELETE FROM a');\n  await executeRun('DELETE FROM b')\n}\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        return may_hold_handle(source, modules, rule.options, config, resolver)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        binding = sqlite_binding(ctx, rule.options)
        if binding is None:
            return
        calls = Calls.of(ctx, rule)
        tx_helper = calls.tx_helper
        script = rule.options.get("script")
        for call in ctx.index.nodes("call_expression"):
            callee = call.child_by_field_name("function")
            if callee is None or callee.type != "member_expression":
                continue
            prop = text(callee.child_by_field_name("property"))
            obj = callee.child_by_field_name("object")
            if prop not in {"exec", "pragma"} or obj is None or not ctx.index.is_bound(obj, binding):
                continue
            if prop == "pragma":
                self.warn(ctx, rule, call, f"SQLite-only `{text(call)}`: PostgreSQL has no PRAGMA; remove it or move the setting to the server configuration")
                continue
            args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
            sql = string_value(args[0]) if len(args) == 1 else None
            statement = call.parent
            if sql is None:
                # The statements are not known here: only the adapter's script helper, when it has
                # one, can run them as one batch.
                verdict, handle, reason = placement(ctx, call, tx_helper)
                if verdict == "stop":
                    self.warn(ctx, rule, call, f"exec() not rewritten: {reason}")
                    continue
                if verdict == "wait":
                    continue
                target = None
                if script and len(args) == 1:
                    target = calls.on_handle(handle, "script", script) if verdict == "tx" else calls.helper("script", script)
                if target is None:
                    self.warn(ctx, rule, call, f"exec() with SQL that is not a plain string, and the adapter has no script helper{' (' + script + ')' if script else ''}: split it into one awaited run per statement by hand")
                    continue
                imports = ((target.name, target.module),) if target.module else ()
                self.edit(ctx, rule, call.start_byte, args[0].start_byte, f"await {target.name}(", awaits=True, imports=imports)
                continue
            pieces = split_statements(sql)
            if not pieces:
                self.warn(ctx, rule, call, "exec() SQL could not be tokenized: rewrite by hand")
                continue
            verdict, handle, reason = placement(ctx, call, tx_helper)
            if verdict == "wait":
                continue
            if verdict == "stop":
                self.warn(ctx, rule, call, f"exec() not rewritten: {reason}")
                continue
            target = calls.on_handle(handle, "run") if verdict == "tx" else calls.helper("run")
            if target is None:
                self.warn(ctx, rule, call, calls.missing_member("run"))
                continue
            name, imports = target.name, (((target.name, target.module),) if target.module else ())
            if len(pieces) == 1:
                self.edit(ctx, rule, call.start_byte, call.end_byte, f"await {name}({_literal(pieces[0])})", awaits=True, imports=imports)
                continue
            if statement is None or statement.type != "expression_statement":
                self.warn(ctx, rule, call, "multi-statement exec() used as a value: split it by hand")
                continue
            line_start = ctx.source.rfind(b"\n", 0, statement.start_byte) + 1
            indent = ctx.source[line_start : statement.start_byte].decode()
            indent = indent if indent.strip() == "" else ""
            joined = f";{ctx.newline.decode()}{indent}".join(f"await {name}({_literal(p)})" for p in pieces)
            self.edit(ctx, rule, call.start_byte, call.end_byte, joined, awaits=True, imports=imports)
