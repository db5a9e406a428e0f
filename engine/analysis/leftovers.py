"""Why a `.prepare(` call is still there: every one the waves leave gets a reason in `audit`.

The reason is decided as the waves decide it, on the file as it is now:

* `other-database`: its receiver is a database the file opens itself (`new Database(path)`, often
  another program's file opened read-only), not the application's: left on SQLite on purpose;
* `not-bound`: its receiver does not resolve to the connection module (an in-memory database of a
  test helper, an untyped parameter, a helper some caller passes another database, a handle the
  engine cannot follow);
* `cannot-await`: the code around it cannot await (a predicate callback, a constructor, a timer, a
  callback handed to a package's function, module top level): the detail says which;
* `transaction`: inside a better-sqlite3 transaction callback that was not rewritten;
* `not-migrated`: the waves could rewrite it, but none has covered its file yet;
* `statement-variable`: a prepared statement kept in a variable or field whose uses the waves did
  not rewrite.
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.analysis.placement import placement, sqlite_binding
from wavemod.engine.analysis.other_databases import holds_other_database
from wavemod.engine.core.syntax import text

REASONS = ("other-database", "not-bound", "cannot-await", "transaction", "statement-variable", "not-migrated")
TRANSACTION_HELPER = "executeTransaction"


def prepare_calls(ctx: FileContext) -> list[Node]:
    """`X.prepare(...)` calls with at least one argument (Next.js `app.prepare()` takes none)."""
    out = []
    for call in ctx.index.nodes("call_expression"):
        function = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if function is not None and function.type == "member_expression" and text(function.child_by_field_name("property")) == "prepare":
            if args is not None and args.named_children:
                out.append(call)
    return out


def reason_of(ctx: FileContext, call: Node) -> tuple[str, str]:
    """(reason, detail) of one `.prepare(` call left in a file."""
    binding = sqlite_binding(ctx)
    receiver = call.child_by_field_name("function").child_by_field_name("object")
    if binding is None or receiver is None or not ctx.index.is_bound(receiver, binding):
        if receiver is not None and holds_other_database(ctx.index, receiver):
            return "other-database", f"receiver `{text(receiver)[:40]}` is a database this file opens itself, not the application's"
        decl = ctx.index.declaration(receiver) if receiver is not None and receiver.type == "identifier" else None
        if binding is not None and decl is not None and decl.type in {"required_parameter", "optional_parameter"}:
            verdict = ctx.index.caller_verdict(decl, binding)
            if verdict.reason:
                return "not-bound", verdict.reason
        return "not-bound", f"receiver `{text(receiver)[:40]}` does not resolve to the connection module"
    verdict, _, why = placement(ctx, call, TRANSACTION_HELPER)
    if verdict == "stop":
        return "cannot-await", why
    if verdict == "wait":
        return "transaction", "inside a better-sqlite3 transaction callback that was not rewritten"
    outer = call.parent
    if outer is not None and outer.type != "member_expression":
        return "statement-variable", "a prepared statement kept for later use: its executions were not rewritten"
    return "not-migrated", "no wave has rewritten this file yet"
