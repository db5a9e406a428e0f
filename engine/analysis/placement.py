"""Where a database call sits: which binding set is SQLite, transaction callbacks, the handle to use.

The codemods ask it before rewriting a call; the engine asks it too (engine.analysis.callsites,
engine.analysis.leftovers, the transaction callbacks engine.run.runner summarises), so it lives in the engine."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from wavemod.engine.core.config import BindingSet, Config
from wavemod.engine.analysis.connection_helpers import ConnectionHelper
from wavemod.engine.core.reexports import origins
from wavemod.engine.core.syntax import call_function, enclosing_function, text
from wavemod.engine.analysis.functions import becomes_async
from wavemod.engine.analysis.wrappers import accepts_async
from wavemod.engine.analysis.context import FileContext

if TYPE_CHECKING:
    from wavemod.engine.core.workspace import ModuleResolver

DEFAULT_BINDING = "sqlite"


def sqlite_binding(ctx: FileContext, options: dict | None = None) -> BindingSet | None:
    name = (options or {}).get("binding", DEFAULT_BINDING)
    return ctx.config.bindings.get(name)


def may_hold_handle(source: bytes, modules: frozenset[str], options: dict, config: Config, resolver: "ModuleResolver") -> bool:
    """Whether a file can hold a receiver bound to the SQLite binding set, judged from its bytes and
    what it imports (`modules`, resolved): every bound receiver goes back to an import of one of
    the set's modules, or to a parameter or field typed with one of its type names
    (`FileIndex.is_bound`). For `Codemod.acts_alone`: a test on an in-memory database from a test
    helper says `db.prepare(` too, and nothing in it is ever rewritten."""
    binding = config.bindings.get(options.get("binding", DEFAULT_BINDING))
    if binding is None:
        return False
    if any(name.encode() in source for name in binding.type_names):
        return True
    targets = frozenset(resolver.resolve_configured(module) for module in binding.modules)
    if not targets.isdisjoint(modules):
        return True
    # A barrel that passes the handle (or its factory) on counts as the module (engine.core.reexports).
    return any(resolver.reaches(module, targets) for module in modules if module in resolver.files)


def connection_helper(ctx: FileContext, call: Node) -> ConnectionHelper | None:
    """The connection module's query helper that `call` calls (`queryAll(sql, params)` imported
    from it, directly or through a barrel: engine.analysis.connection_helpers), or None."""
    if not ctx.connection_helpers:
        return None
    callee = call.child_by_field_name("function")
    if callee is None or callee.type != "identifier":
        return None
    binding = ctx.index.import_of(callee)
    if binding is None or binding.type_only:
        return None
    for module, name in origins(ctx.index.resolver, binding.resolved, binding.imported):
        helper = ctx.connection_helpers.get(module, {}).get(name)
        if helper is not None:
            return helper
    return None


def is_sqlite_transaction_callback(ctx: FileContext, fn: Node) -> bool:
    """`db.transaction(fn)` with `db` bound to SQLite, or `fn` handed to the connection module's
    transaction helper: statements inside wait for the transaction rewrite."""
    args = fn.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return False
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "identifier":
        helper = connection_helper(ctx, call)
        return helper is not None and helper.terminal == "transaction"
    if callee is None or callee.type != "member_expression" or text(callee.child_by_field_name("property")) != "transaction":
        return False
    binding = sqlite_binding(ctx)
    obj = callee.child_by_field_name("object")
    return binding is not None and obj is not None and ctx.index.is_bound(obj, binding)


def transaction_handle(ctx: FileContext, fn: Node, helper: str) -> str | None:
    """If `fn` is the callback of `<helper>(async (tx) => ...)`, the handle's name."""
    args = fn.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression" or text(call_function(call)) != helper:
        return None
    params = fn.child_by_field_name("parameters")
    first = params.named_children[0] if params is not None and params.named_children else fn.child_by_field_name("parameter")
    if first is None:
        return None
    pattern = first.child_by_field_name("pattern") if first.type != "identifier" else first
    return text(pattern) if pattern is not None else None


def placement(ctx: FileContext, node: Node, helper: str) -> tuple[str, str | None, str]:
    """Where a database call at `node` may be rewritten.

    Returns (verdict, handle, reason): verdict 'ok' (rewrite with the global helpers), 'tx'
    (rewrite through transaction handle `handle`), 'wait' (inside a SQLite transaction callback: the
    transaction rewrite comes first) or 'stop' (list for review with `reason`).
    """
    fn = enclosing_function(node)
    while fn is not None:
        if is_sqlite_transaction_callback(ctx, fn):
            return "wait", None, ""
        handle = transaction_handle(ctx, fn, helper)
        if handle is not None:
            return "tx", handle, ""
        target, reason = becomes_async(fn, lambda n: is_sqlite_transaction_callback(ctx, n), lambda n: accepts_async(ctx.index, n))
        if target is None:
            return "stop", None, reason
        if target == fn:
            return "ok", None, ""
        fn = enclosing_function(fn)  # hoisted forEach callback: look further out
    _, reason = becomes_async(None)
    return "stop", None, reason
