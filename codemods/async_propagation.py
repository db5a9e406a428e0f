"""Async propagation: functions that now await become async (return types wrapped in Promise), calls
to functions that became async are awaited, in every file, and what cannot be awaited is listed.

Runs after the other codemods of a pass, so it sees the awaits they introduce in the same pass.
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.analysis.functions import async_target, becomes_async, call_state, callee_ref, foreach_convertible, invocation, qname_in, value_ref
from wavemod.engine.analysis.throw_assertions import ThrowAssertion, callback_assertion, throw_assertion
from wavemod.engine.analysis.maps import map_call, map_edits
from wavemod.engine.analysis.reduces import PRIORITY as LOOP_PRIORITY, reduce_call, reduce_edits
from wavemod.engine.analysis.bindings import dynamic_import_spec
from wavemod.engine.analysis.wrappers import accepts_async, callback_positions, package_wrapper_call
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.core.syntax import FUNCTION_TYPES, call_function, holds_any, inside, is_async, occurrences, text
from wavemod.codemods.adapter_call import helper_names
from wavemod.codemods.script_main import note_wrapped, stopped_at_top, wrap_in_main
from wavemod.codemods.awaited_types import await_return_types
from wavemod.codemods.function_values import list_function_values
from wavemod.codemods.throw_assertions import rewrite_throw_assertion
from wavemod.codemods.awaiting import await_call
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.sql_context import is_sqlite_transaction_callback, transaction_handle


def _async_edits(codemod: Codemod, ctx: FileContext, rule: Rule, fn: Node) -> None:
    if fn.type == "method_definition":
        at = fn.child_by_field_name("name").start_byte
    else:
        at = fn.start_byte
    codemod.edit(ctx, rule, at, at, "async ")
    annotation = fn.child_by_field_name("return_type")
    if annotation is not None and annotation.named_children:
        type_node = annotation.named_children[-1]
        spelled = text(type_node)
        if not spelled.startswith("Promise<"):
            codemod.edit(ctx, rule, type_node.start_byte, type_node.end_byte, f"Promise<{spelled}>")


def _foreach_edits(codemod: Codemod, ctx: FileContext, rule: Rule, fn: Node) -> None:
    """`arr.forEach((x) => BODY)` as a statement -> `for (const x of arr) BODY`."""
    call = fn.parent.parent
    statement = call.parent
    iterable = text(call.child_by_field_name("function").child_by_field_name("object"))
    single = fn.child_by_field_name("parameter")
    if single is not None:
        head = f"for (const {text(single)} of {iterable}) "
    else:
        names = [text(p.child_by_field_name("pattern") or p) for p in fn.child_by_field_name("parameters").named_children]
        if len(names) == 1:
            head = f"for (const {names[0]} of {iterable}) "
        else:
            head = f"for (const [{names[1]}, {names[0]}] of {iterable}.entries()) "
    body = fn.child_by_field_name("body")
    if body.type == "statement_block":
        codemod.edit(ctx, rule, statement.start_byte, body.start_byte, head)
        codemod.edit(ctx, rule, body.end_byte, statement.end_byte, "")
    else:
        codemod.edit(ctx, rule, statement.start_byte, body.start_byte, head + "{ ")
        codemod.edit(ctx, rule, body.end_byte, statement.end_byte, "; }")


def _wrapper_edits(codemod: Codemod, ctx: FileContext, rule: Rule, fn: Node) -> None:
    """A wrapper turning async (its callback did: engine.analysis.wrappers) awaits its callback's calls, so
    a try/catch around them still catches the rejection, and its callback parameter's type accepts
    a Promise-returning callback: `() => T` becomes `() => T | Promise<T>`."""
    positions = callback_positions(fn)
    if not positions:
        return
    params = [p for p in (fn.child_by_field_name("parameters").named_children if fn.child_by_field_name("parameters") is not None else []) if p.type != "comment"]
    body = fn.child_by_field_name("body")
    for position in sorted(positions):
        if position >= len(params):
            continue
        param = params[position]
        pattern = param.child_by_field_name("pattern")
        annotation = param.child_by_field_name("type")
        function_type = annotation.named_children[-1] if annotation is not None and annotation.named_children else None
        returned = function_type.child_by_field_name("return_type") if function_type is not None and function_type.type == "function_type" else None
        if returned is not None and "Promise<" not in text(returned):
            spelled = text(returned)
            codemod.edit(ctx, rule, returned.start_byte, returned.end_byte, f"{spelled} | Promise<{spelled}>")
        for ref in ctx.index.references(text(pattern), exclude=param) if pattern is not None and body is not None else []:
            call = ref.parent
            if call is None or call.type != "call_expression" or call.child_by_field_name("function") != ref or ctx.index.enclosing_function(call) != fn:
                continue
            if call_state(call) == "awaited":
                continue
            await_call(codemod, ctx, rule, call)


def _calls_imported_name(ctx: FileContext, call: Node) -> bool:
    """`f(...)` or `x.f(...)` with `f` or `x` an imported name (statically, or bound by an
    `await import('m')`), or `(await import('m')).f(...)`: the calls whose callee reference
    (engine.analysis.functions.callee_ref) goes to another file. A cheap test: most calls of a pass go to
    locals and globals."""
    function = call_function(call)
    if function is not None and function.type == "member_expression":
        function = function.child_by_field_name("object")
        if function is not None and dynamic_import_spec(function) is not None:
            return True
    if function is None or function.type != "identifier":
        return False
    name = text(function)
    return name in ctx.index.imports or name in ctx.index.dynamic_imports


class AsyncPropagation(Codemod):
    NAME = "async-propagation"
    DESCRIPTION = "Make awaiting functions async and await every call to a function that became async, across files."
    GLOBAL = True
    RUNS_LAST = True
    READS_EDITS = True  # the awaits the other codemods of the pass insert
    READS_PROJECT = True
    EXAMPLES = (
        Example(
            "import { executeQuery } from '@/lib/db/adapter'\nexport function list(): number[] {\n  return rows().map((r) => r.n)\n}\nfunction rows(): { n: number }[] {\n  return [] as { n: number }[]\n}\nexport function g() {\n  const x = async () => 1\n  return x\n}\nexport function h(): string[] {\n  const out = [] as string[]\n  return out\n}\nexport function k() {\n  return helper()\n}\nfunction helper(): number {\n  return 1\n}\nexport const w = async () => { await executeQuery('SELECT 1') }\n",
            "import { executeQuery } from '@/lib/db/adapter'\nexport function list(): number[] {\n  return rows().map((r) => r.n)\n}\nfunction rows(): { n: number }[] {\n  return [] as { n: number }[]\n}\nexport function g() {\n  const x = async () => 1\n  return x\n}\nexport function h(): string[] {\n  const out = [] as string[]\n  return out\n}\nexport function k() {\n  return helper()\n}\nfunction helper(): number {\n  return 1\n}\nexport const w = async () => { await executeQuery('SELECT 1') }\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        # It finishes what other rules start (the awaits they insert) and what changes elsewhere
        # cause (calls to functions that turn async). Alone it would only act on an `await` in a
        # function that is not async, which does not compile in the first place.
        return False

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        _, _, tx_helper = helper_names(rule)
        is_tx = lambda fn: is_sqlite_transaction_callback(ctx, fn)  # noqa: E731
        wrapped = lambda fn: accepts_async(ctx.index, fn)  # noqa: E731
        root = ctx.tree.root_node
        needing: dict[int, Node] = {}

        def need(fn: Node | None, at: Node) -> None:
            if fn is None or is_async(fn):
                return
            needing.setdefault(fn.id, fn)

        # 1. Calls to functions that turned async (known from the project index).
        project = ctx.project
        # In the file's own passes the index holds what it imports, not the file itself (its
        # summary comes after them): only calls of imported names can resolve.
        imported_only = project is not None and project.summaries.get(ctx.path) is None
        imported = occurrences(ctx.source, [*ctx.index.imports, *ctx.index.dynamic_imports, "import("]) if imported_only else []
        for call in ctx.index.nodes("call_expression") if project is not None else []:
            if imported_only and not (holds_any(call, imported) and _calls_imported_name(ctx, call)):
                continue
            gid = project.resolve(ctx.path, callee_ref(ctx.index, call))
            if gid is None or not project.is_async(gid):
                continue
            state = call_state(call)
            fn = ctx.index.enclosing_function(call)
            newly = gid in project.newly_async
            name = text(call_function(call))
            if newly and state in {"returned", "plain"} and self._throw_assertion(ctx, rule, callback_assertion(call), is_tx, wrapped):
                continue
            if newly and self._in_transaction(ctx, call, tx_helper):
                self.warn(ctx, rule, call, f"`{name}` runs its queries through the global adapter: inside this transaction they would run outside it on PostgreSQL; pass the transaction handle down", "review")
            if state in {"awaited", "voided", "chained", "combined"}:
                if state == "awaited":
                    need(fn, call)
                continue
            target, reason = becomes_async(fn, is_tx, wrapped)
            if state == "returned" and not inside(call, ("try_statement",), fn):
                # A function that returns the Promise of a function that was async already
                # returned a Promise before: nothing about it changes.
                direct = async_target(fn, is_tx(fn), wrapped(fn)) if fn is not None else None
                if newly and direct is not None and direct.mode == "self" and direct.reason:
                    # A timer or event callback returning the Promise: nothing to await it for.
                    self.warn(ctx, rule, call, f"`{name}` is now async and its Promise is returned where nobody awaits it: {direct.reason}", "floating-promise")
                elif newly and target is not None:
                    need(fn, call)
                elif newly:
                    self.warn(ctx, rule, call, f"`{name}` is now async and its Promise is returned where nobody awaits it: {reason}", "floating-promise")
                continue
            if not newly and not (ctx.in_wave and self._in_transaction(ctx, call, tx_helper)):
                # Pre-existing fire-and-forget calls are reported, not changed, in the wave's own
                # files: elsewhere they are not this wave's doing (an earlier wave or the original
                # code listed them). Inside a transaction callback of the wave's files nothing may
                # run unawaited (it would escape the transaction), so those are awaited.
                if ctx.in_wave:
                    self.warn(ctx, rule, call, f"call to async `{name}` is neither awaited nor returned (floating promise)", "floating-promise")
                continue
            if target is None:
                self.warn(ctx, rule, call, f"`{name}` is now async but this call cannot be awaited: {reason}", "floating-promise")
                continue
            await_call(self, ctx, rule, call)
            need(fn, call)

        # `expect(f).toThrow()` names `f` without calling it: the assertion calls it.
        if project is not None and b"toThrow" in ctx.source:
            for call in ctx.index.nodes("call_expression"):
                found = throw_assertion(call) if call_function(call) is not None and call_function(call).text == b"expect" else None
                if found is not None and found.value is not None and project.resolve(ctx.path, value_ref(ctx.index, found.value)) in project.newly_async:
                    self._throw_assertion(ctx, rule, found, is_tx, wrapped)

        await_return_types(self, ctx, rule)

        # 2. Functions that contain an await (existing or introduced in this pass).
        migrated = set(helper_names(rule)[0].values())
        for node in ctx.index.nodes("await_expression"):
            fn = ctx.index.enclosing_function(node)
            need(fn, node)
            if fn is not None and is_async(fn) and self._awaits_migrated(ctx, node, migrated):
                # A timer or event callback that awaits what this migration made async stays listed
                # on every pass (findings come from the last one), not only where it turned async.
                direct = async_target(fn, is_tx(fn), wrapped(fn))
                if direct.mode == "self" and direct.reason:
                    self.warn(ctx, rule, fn, direct.reason)
        for edit in ctx.edits:
            if edit.awaits:
                at = root.descendant_for_byte_range(edit.start, max(edit.start, edit.end - 1))
                need(ctx.index.enclosing_function(at) if at is not None and at.type not in FUNCTION_TYPES else (at.parent and ctx.index.enclosing_function(at)), at)
        if project is not None and not imported_only:  # (none of the file's own is known yet)
            for fn in ctx.index.nodes(*FUNCTION_TYPES):
                if not is_async(fn) and project.gid(ctx.path, qname_in(ctx.index, fn)) in project.newly_async:
                    need(fn, fn)

        # 3. A script whose top level must await: that code moves into an async main().
        if not wrap_in_main(self, ctx, rule, stopped_at_top(ctx)):
            note_wrapped(self, ctx, rule)

        # 4. Make them async, hoisting plain forEach callbacks into for...of loops.
        done: set[int] = set()
        made_async: set[str] = set()
        for fn in sorted(needing.values(), key=lambda n: n.start_byte):
            current: Node | None = fn
            while current is not None and current.id not in done:
                done.add(current.id)
                target = async_target(current, is_tx(current), wrapped(current))
                if target.mode == "self":
                    _async_edits(self, ctx, rule, current)
                    made_async.add(qname_in(ctx.index, current))
                    _wrapper_edits(self, ctx, rule, current)
                    if target.reason:
                        self.warn(ctx, rule, current, target.reason)
                    outer = self._package_wrapper_statement(ctx, rule, current, is_tx, wrapped)
                    if outer is not None and not is_async(outer):
                        current = outer
                        continue
                    break
                if target.mode == "hoist" and map_call(current) is not None:
                    for start, end, inserted in map_edits(current, ctx.source):
                        self.edit(ctx, rule, start, end, inserted)
                    current = ctx.index.enclosing_function(current)
                    if current is not None and is_async(current):
                        break
                    continue
                if target.mode == "hoist" and reduce_call(current) is not None:
                    for start, end, inserted in reduce_edits(current, ctx.source):
                        self.edit(ctx, rule, start, end, inserted, priority=LOOP_PRIORITY)
                    current = ctx.index.enclosing_function(current)
                    if current is not None and is_async(current):
                        break
                    continue
                if target.mode == "hoist" and (invoked := invocation(current)) is not None:
                    _async_edits(self, ctx, rule, current)
                    await_call(self, ctx, rule, invoked)
                    current = ctx.index.enclosing_function(current)
                    if current is not None and is_async(current):
                        break
                    continue
                if target.mode == "hoist" and foreach_convertible(current):
                    _foreach_edits(self, ctx, rule, current)
                    current = ctx.index.enclosing_function(current)
                    if current is not None and is_async(current):
                        break
                    continue
                self.warn(ctx, rule, current, f"needs to await but cannot become async: {target.reason}")
                break

        # 5. Functions that turned async but are also stored as values (engine: the index follows
        # calls by name only).
        list_function_values(self, ctx, rule, made_async)

    def _package_wrapper_statement(self, ctx: FileContext, rule: Rule, fn: Node, is_tx, wrapped) -> Node | None:  # type: ignore[no-untyped-def]
        """A callback turning async that a package's wrapper takes (engine.analysis.package_types) in a call
        made as a statement: the wrapper ran the callback's first attempt before the statement
        ended, so the call is awaited and the function it is in is returned, to turn async as any
        function that must await. A call whose Promise is used otherwise (awaited, returned, kept)
        was a Promise before the callback turned async (the package returns one): nothing changes."""
        call = package_wrapper_call(ctx.index, fn)
        if call is None or call_state(call) != "plain" or call.parent is None or call.parent.type != "expression_statement":
            return None
        outer = ctx.index.enclosing_function(call)
        target, reason = becomes_async(outer, is_tx, wrapped)
        if target is None:
            self.warn(ctx, rule, call, f"`{text(call_function(call))}` now runs its callback asynchronously but this call cannot be awaited: {reason}", "floating-promise")
            return None
        await_call(self, ctx, rule, call)
        return outer

    def _throw_assertion(self, ctx: FileContext, rule: Rule, found: ThrowAssertion | None, is_tx, wrapped) -> bool:  # type: ignore[no-untyped-def]
        """Rewrite a throw assertion on a function that turned async (codemods.throw_assertions)."""
        if found is None:
            return False
        target, _ = becomes_async(ctx.index.enclosing_function(found.assertion), is_tx, wrapped)
        return rewrite_throw_assertion(self, ctx, rule, found, target is not None)

    @staticmethod
    def _awaits_migrated(ctx: FileContext, node: Node, helpers: set[str]) -> bool:
        """Whether an await waits for an adapter helper or a function this run made async."""
        call = node.named_children[0] if node.named_children else None
        while call is not None and call.type in {"parenthesized_expression", "as_expression", "non_null_expression"}:
            call = call.named_children[0] if call.named_children else None
        if call is None or call.type != "call_expression":
            return False
        name = text(call_function(call))
        if name.rsplit(".", 1)[-1] in helpers:
            return True
        project = ctx.project
        gid = project.resolve(ctx.path, callee_ref(ctx.index, call)) if project is not None else None
        return gid is not None and gid in project.newly_async

    @staticmethod
    def _in_transaction(ctx: FileContext, call: Node, helper: str) -> bool:
        fn = ctx.index.enclosing_function(call)
        while fn is not None:
            if transaction_handle(ctx, fn, helper) is not None:
                return True
            fn = ctx.index.enclosing_function(fn)
        return False
