"""The project index: per-file summaries (functions, exports, calls) and the cross-file async set.

Summaries are plain data built in worker processes; the index that joins them lives in the parent
and is handed to the workers of the rewrite phase.
"""
from __future__ import annotations

import re

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tree_sitter import Node

from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.analysis.handle_callers import declared_name
from wavemod.engine.core.config import BindingSet
from wavemod.engine.core.reexports import export_specifiers
from wavemod.engine.analysis.functions import CalleeRef, async_target, becomes_async, call_state, callee_ref, class_ref, enclosing_class, qname_in, scope_prefix_in, value_ref
from wavemod.engine.analysis.throw_assertions import throw_assertion
from wavemod.engine.analysis.wrappers import accepts_async
from wavemod.engine.core.syntax import FUNCTION_TYPES, is_async, string_value, text, unwrap_parens


@dataclass(frozen=True)
class FunctionInfo:
    qname: str
    line: int
    is_async: bool
    was_async: bool
    becomes: str | None  # qname of the function that turns async when this one must await; None = stop
    reason: str = ""
    # SQLite-handle parameters: (position, uses) where uses are the (callee, argument position) it is
    # passed on to, or None when it is used any other way (then it stays).
    handle_params: tuple[tuple[int, tuple[tuple[CalleeRef, int], ...] | None], ...] = ()
    # A callback handed to a wrapper of the project (engine.analysis.wrappers): the wrapper it is passed to.
    # When the callback turns async, so does the wrapper.
    passed_to: CalleeRef | None = None


@dataclass(frozen=True)
class CallInfo:
    ref: CalleeRef
    caller: str | None  # qname of the enclosing function; None at module top level
    line: int
    state: str = "plain"  # how the result is consumed (engine.analysis.functions.call_state)


@dataclass
class FileSummary:
    path: str
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    calls: list[CallInfo] = field(default_factory=list)
    exports: dict[str, str] = field(default_factory=dict)  # exported name -> local qname
    reexports: dict[str, tuple[str, str]] = field(default_factory=dict)  # exported -> (path, imported)
    star_exports: list[str] = field(default_factory=list)
    instances: dict[str, CalleeRef] = field(default_factory=dict)  # variable qname -> class ref


def _record_exports(summary: FileSummary, index: FileIndex, node: Node) -> None:
    source = node.child_by_field_name("source")
    spec = string_value(source) if source is not None else None
    resolved = (index.resolver.resolve(spec, index.path) or spec) if spec else None
    declaration = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    is_default = any(c.type == "default" for c in node.children)
    if declaration is not None:
        if declaration.type in {"lexical_declaration", "variable_declaration"}:
            for declarator in declaration.named_children:
                if declarator.type == "variable_declarator":
                    name = text(declarator.child_by_field_name("name"))
                    summary.exports[name] = name
        else:
            name_node = declaration.child_by_field_name("name")
            name = text(name_node) if name_node is not None else "default"
            summary.exports["default" if is_default else name] = name
        return
    if value is not None and is_default:
        inner = unwrap_parens(value)
        if inner.type == "identifier":
            summary.exports["default"] = text(inner)
        elif inner.type == "new_expression":
            summary.exports["default"] = "default"
            ctor = inner.child_by_field_name("constructor")
            ref = class_ref(index, ctor) if ctor is not None and ctor.type == "identifier" else None
            if ref:
                summary.instances["default"] = ref
        else:
            summary.exports["default"] = "default"
        return
    specifiers = export_specifiers(node)
    if specifiers is None:
        if resolved and any(c.type == "*" for c in node.children):
            summary.star_exports.append(resolved)
        return
    for exported, name in specifiers:
        if resolved:
            summary.reexports[exported] = (resolved, name)
        else:
            binding = index.imports.get(name)
            if binding is not None:
                summary.reexports[exported] = (binding.resolved, binding.imported)
            else:
                summary.exports[exported] = name


def handle_parameters(index: FileIndex, fn: Node, handle: BindingSet | None) -> tuple[tuple[int, tuple[tuple[CalleeRef, int], ...] | None], ...]:
    """Parameters typed as the SQLite handle, with where each one is passed on (see FunctionInfo)."""
    params_node = fn.child_by_field_name("parameters")
    if handle is None or params_node is None:
        return ()
    out: list[tuple[int, tuple[tuple[CalleeRef, int], ...] | None]] = []
    # Whether the callers of the function are read for its parameters (handle_callers.function_of),
    # asked once for the function rather than for each parameter.
    followed = params_node.type == "formal_parameters" and declared_name(fn) is not None
    for position, param in enumerate(p for p in params_node.named_children if p.type != "comment"):
        annotation = param.child_by_field_name("type")  # few parameters have the handle's type: test that first
        typed = annotation is not None and index.type_is_bound(annotation, handle)
        pattern = param.child_by_field_name("pattern")
        if pattern is None or pattern.type != "identifier":
            continue  # (nor does its caller_verdict ask anything of such a parameter)
        if not typed and not followed and param.child_by_field_name("value") is None:
            continue  # the handle by no type, no default, and no caller read: caller_verdict says UNKNOWN
        verdict = index.caller_verdict_of(param, pattern, annotation, typed, handle)
        if (not typed and not verdict.bound) or (typed and verdict.reason):
            continue  # not the handle, or also passed a database its caller opens itself: listed
        if any(c.type in {"accessibility_modifier", "readonly"} for c in param.children):
            # `constructor(private db: Database.Database)`: a field the class reads as `this.db`;
            # it goes when no member of the class reads it any more.
            out.append((position, () if not field_read(index, fn, text(pattern)) else None))
            continue
        uses: list[tuple[CalleeRef, int]] | None = []
        # Only a reference inside the function can be declared by its parameter (a file's helpers
        # often all name it `db`: not every `db` of the file for each of them).
        for ref in index.references_in(text(pattern), fn):
            if (pattern.start_byte <= ref.start_byte and ref.end_byte <= pattern.end_byte) or index.declaration(ref) != param:
                continue
            args = ref.parent
            call = args.parent if args is not None and args.type == "arguments" else None
            callee = callee_ref(index, call) if call is not None else None
            if callee is None:
                uses = None
                break
            uses.append((callee, [a for a in args.named_children if a.type != "comment"].index(ref)))
        out.append((position, tuple(uses) if uses is not None else None))
    return tuple(out)


def field_read(index: FileIndex, constructor: Node, name: str) -> bool:
    """Whether the class of `constructor` reads the parameter property `name`: `this.name` (or
    `this['name']`, or a destructuring of `this`) anywhere in the class, or `name` in the
    constructor's own body."""
    klass = enclosing_class(constructor)
    if klass is None or klass.text is None:
        return True
    spelled = re.escape(name.encode())
    if re.search(rb"\bthis\s*(?:\?\.|\.)\s*" + spelled + rb"(?![\w$])|\bthis\s*\[\s*['\"]" + spelled + rb"['\"]|\}\s*=\s*this\b", klass.text):
        return True
    body = constructor.child_by_field_name("body")
    return body is not None and any(
        body.start_byte <= ref.start_byte < body.end_byte for ref in index.references(name)
    )


def unused_handle_parameters(index: FileIndex, fn: Node, handle: BindingSet | None) -> tuple[int, ...]:
    """Positions of handle parameters nothing refers to any more."""
    return tuple(position for position, uses in handle_parameters(index, fn, handle) if uses == ())


def _wrapper_ref(index: FileIndex, fn: Node) -> CalleeRef | None:
    args = fn.parent
    while args is not None and args.type != "arguments":
        args = args.parent
    return callee_ref(index, args.parent) if args is not None and args.parent is not None else None


def summarize(index: FileIndex, original_async: set[str], is_transaction_callback=lambda n: False, handle: BindingSet | None = None) -> FileSummary:
    """Functions, calls, exports and instances of one file (in its current text)."""
    summary = FileSummary(index.path)
    wrapped = lambda n: accepts_async(index, n)  # noqa: E731
    for fn in index.nodes(*FUNCTION_TYPES):
        name = qname_in(index, fn)
        target, reason = becomes_async(fn, is_transaction_callback, wrapped)
        if target is not None and target is fn and fn.type != "function_declaration":
            direct = async_target(fn, is_transaction_callback(fn), wrapped(fn))
            listed = direct.reason if direct.mode == "self" else ""
            if listed:
                # A timer or event callback: nobody calls it but the runtime, so no caller waits
                # for it to turn async; it does where its own body awaits (the codemod sees that).
                target, reason = None, listed
        summary.functions.setdefault(
            name,
            FunctionInfo(
                name, fn.start_point[0] + 1, is_async(fn), name in original_async, qname_in(index, target) if target is not None else None, reason,
                handle_parameters(index, fn, handle) if handle is not None and fn.type in {"function_declaration", "arrow_function", "function_expression", "method_definition"} else (),
                _wrapper_ref(index, fn) if fn.type in {"arrow_function", "function_expression"} and wrapped(fn) else None,
            ),
        )
    for node in index.nodes("call_expression"):  # only calls add calls: no need to merge them with the rest
        ref = callee_ref(index, node)
        if ref is not None:
            fn = index.enclosing_function(node)
            summary.calls.append(CallInfo(ref, qname_in(index, fn) if fn is not None else None, node.start_point[0] + 1, call_state(node)))
        function = node.child_by_field_name("function")
        if function is not None and function.text == b"expect":
            # `expect(f).toThrow()` calls `f` (engine.analysis.throw_assertions): a call of it, not awaited
            found = throw_assertion(node)
            value = value_ref(index, found.value) if found is not None and found.value is not None else None
            if value is not None:
                fn = index.enclosing_function(node)
                summary.calls.append(CallInfo(value, qname_in(index, fn) if fn is not None else None, node.start_point[0] + 1, "plain"))
    for node in index.nodes("export_statement", "variable_declarator"):
        if node.type == "export_statement":
            _record_exports(summary, index, node)
        elif node.type == "variable_declarator":
            value = node.child_by_field_name("value")
            value = unwrap_parens(value) if value is not None else None
            if value is not None and value.type == "new_expression":
                ctor = value.child_by_field_name("constructor")
                ref = class_ref(index, ctor) if ctor is not None and ctor.type == "identifier" else None
                if ref is not None:
                    summary.instances[scope_prefix_in(index, node) + text(node.child_by_field_name("name"))] = ref
    return summary


class Summaries(dict[str, FileSummary]):
    """File summaries by path. `get` can load a summary on first use (a worker's view of the files
    analysed so far: engine.run.records) and remembers which paths it was asked for and did not have,
    with the file on whose behalf it was asked (`asking`): engine.run.schedule checks that none of
    those was analysed later."""

    def __init__(self, summaries: dict[str, FileSummary] | None = None, loader: Callable[[str], FileSummary | None] | None = None):
        super().__init__(summaries or {})
        self.loader = loader
        self.asking: str | None = None
        self.missed: set[tuple[str, str]] = set()  # (asking file, absent path)
        # Every path asked for since the last clear, found or not: what a worker task looked at
        # (engine.run.analysis_cache checks those records before reusing the task's outcome).
        self.seen: set[str] = set()

    @contextmanager
    def asking_for(self, path: str) -> Iterator[None]:
        self.asking = path
        try:
            yield
        finally:
            self.asking = None

    def get(self, path: str, default: FileSummary | None = None) -> FileSummary | None:  # type: ignore[override]
        self.seen.add(path)
        found = dict.get(self, path)
        if found is None and self.loader is not None and (self.asking, path) not in self.missed:
            found = self.loader(path)
        if found is None:
            if self.asking is not None:
                self.missed.add((self.asking, path))
            return default
        return found


class ProjectIndex:
    """Joins file summaries: resolves calls across files and computes which functions turn async."""

    def __init__(self, summaries: dict[str, FileSummary] | Summaries):
        self.summaries = summaries if isinstance(summaries, Summaries) else Summaries(summaries)
        self.newly_async: set[str] = set()  # global ids "path::qname"
        self.droppable: dict[str, tuple[int, ...]] = {}  # gid -> handle parameter positions to remove
        # Whether some file of the run drops a handle parameter, where this index holds only part
        # of the run (a worker's view): the handle-parameters codemod skips files otherwise.
        self.drops_elsewhere = False
        # Functions whose handle parameters stay: a file the run never edits (excluded) calls them,
        # and would pass an argument too many (engine.run.pipeline finds them and runs again).
        self.pinned: frozenset[str] = frozenset()

    @staticmethod
    def gid(path: str, name: str) -> str:
        return f"{path}::{name}"

    def _export(self, path: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        summary = self.summaries.get(path)
        if summary is None or depth > 12:
            return None
        if name in summary.exports:
            return path, summary.exports[name]
        if name in summary.reexports:
            source, imported = summary.reexports[name]
            return self._export(source, imported, depth + 1)
        for source in summary.star_exports:
            found = self._export(source, name, depth + 1)
            if found:
                return found
        return None

    def _class(self, path: str, ref: CalleeRef) -> tuple[str, str] | None:
        if ref[0] == "local":
            return path, ref[1]
        return self._export(ref[1], ref[2])

    def _member(self, path: str, name: str, member: str | None) -> str | None:
        summary = self.summaries.get(path)
        if summary is None:
            return None
        if member is None:
            return self.gid(path, name) if name in summary.functions else None
        if f"{name}.{member}" in summary.functions:
            return self.gid(path, f"{name}.{member}")
        instance = summary.instances.get(name)
        if instance is not None:
            klass = self._class(path, instance)
            if klass is not None:
                return self._member(klass[0], klass[1], member)
        return None

    def resolve(self, path: str, ref: CalleeRef | None) -> str | None:
        """The global id of the function a call refers to, or None when it is not ours to know."""
        if ref is None:
            return None
        if ref[0] == "local":
            name, member = ref[1], ref[2]
            # nested helpers first: "outer/inner" before "inner"
            return self._member(path, name, member)
        _, target, imported, member = ref
        if imported == "*":
            if member is None:
                return None
            found = self._export(target, member)
            return self._member(found[0], found[1], None) if found else None
        found = self._export(target, imported)
        return self._member(found[0], found[1], member) if found else None

    def calls_to_newly_async(self, summary: FileSummary, handled: frozenset[str] = frozenset({"awaited"})) -> list[tuple[int, str]]:
        """(line, function id) of the calls in `summary` to functions this run turned async whose
        result is not `handled` already (engine.analysis.functions.call_state): a file left out of the run
        (it failed, or is excluded) would leave them un-awaited."""
        out = []
        for call in summary.calls:
            target = self.resolve(summary.path, call.ref)
            if target is not None and target in self.newly_async and call.state not in handled:
                out.append((call.line, target))
        return sorted(set(out))

    def function(self, gid: str) -> FunctionInfo | None:
        path, _, name = gid.partition("::")
        summary = self.summaries.get(path)
        return summary.functions.get(name) if summary else None

    def is_async(self, gid: str | None) -> bool:
        """Async after this run: already async, or turned async by it."""
        if gid is None:
            return False
        info = self.function(gid)
        return gid in self.newly_async or (info is not None and info.is_async)

    def extend(self, paths: list[str]) -> None:
        """Propagate into the functions of `paths`, whose summaries were just added, from what the
        index knows already. Calls go from importers to what they import, so when every file
        `paths` import was added (and extended) before them, this is the whole project's fixpoint
        restricted to `paths` (engine.run.schedule adds files in that order; an import cycle's files
        come together). With every path at once, it is the whole project's fixpoint."""
        self._extend_droppable(paths)
        self._extend_async(paths)

    def _extend_async(self, paths: list[str]) -> None:
        """Fixpoint: every function that calls a function turned async turns async too (where it can)."""
        callers: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for path in paths:
            for call in self.summaries[path].calls:
                target = self.resolve(path, call.ref)
                if target is not None and call.caller is not None:
                    callers[target].append((path, call.caller))
            # A wrapper that calls a callback turning async turns async too. Its module is analysed
            # together with the callback's (engine.run.schedule), so both summaries are here.
            for info in self.summaries[path].functions.values():
                wrapper = self.resolve(path, info.passed_to) if info.passed_to is not None else None
                if wrapper is not None:
                    wrapper_path, _, wrapper_name = wrapper.partition("::")
                    callers[self.gid(path, info.qname)].append((wrapper_path, wrapper_name))
        work = [target for target in callers if target in self.newly_async]
        for path in paths:
            for info in self.summaries[path].functions.values():
                gid = self.gid(path, info.qname)
                # (`becomes` None: a timer or event callback, whose turning async no caller sees)
                if info.is_async and not info.was_async and info.becomes is not None and gid not in self.newly_async:
                    self.newly_async.add(gid)
                    work.append(gid)
        while work:
            target = work.pop()
            for path, caller in callers.get(target, []):
                owner_summary = dict.get(self.summaries, path)  # (a wrapper's module may be absent: engine.analysis.wrappers)
                info = owner_summary.functions.get(caller) if owner_summary is not None else None
                if info is None or info.becomes is None:
                    continue
                becomes = self.gid(path, info.becomes)
                owner = self.function(becomes)
                if owner is None or owner.is_async or becomes in self.newly_async:
                    continue
                self.newly_async.add(becomes)
                work.append(becomes)

    def has_droppable(self) -> bool:
        return bool(self.droppable) or self.drops_elsewhere

    def unused_handles(self, gid: str | None) -> tuple[int, ...]:
        return self.droppable.get(gid, ()) if gid is not None else ()

    def _extend_droppable(self, paths: list[str]) -> None:
        """Fixpoint: a handle parameter goes when every use passes it into a parameter that goes."""
        pending: dict[tuple[str, int], tuple[tuple[str | None, int], ...]] = {}
        for path in paths:
            for info in self.summaries[path].functions.values():
                for position, uses in info.handle_params:
                    if uses is not None:
                        pending[(self.gid(path, info.qname), position)] = tuple((self.resolve(path, ref), arg) for ref, arg in uses)
        dropped: set[tuple[str, int]] = set()
        changed = True
        while changed:
            changed = False
            for key, uses in pending.items():
                if key not in dropped and key[0] not in self.pinned and all(target is not None and ((target, arg) in dropped or arg in self.droppable.get(target, ())) for target, arg in uses):
                    dropped.add(key)
                    changed = True
        for gid, position in sorted(dropped):
            self.droppable[gid] = self.droppable.get(gid, ()) + (position,)

    def needs_rewrite(self, path: str, report_existing: bool) -> bool:
        """Whether a file has cross-file work: functions to turn async, calls to await, handle
        parameters to drop and the arguments passed to them, and, with `report_existing` (the
        wave's own files: elsewhere a run reports what it causes), un-awaited calls to functions
        that were async already, to report."""
        summary = self.summaries[path]
        if any((self.gid(path, f.qname) in self.newly_async and not f.is_async) or self.gid(path, f.qname) in self.droppable for f in summary.functions.values()):
            return True
        for call in summary.calls:
            target = self.resolve(path, call.ref)
            if target is not None and self.unused_handles(target):
                return True
            if call.state == "awaited":
                continue
            if target is not None and (target in self.newly_async or (call.state == "plain" and report_existing and self.is_async(target))):
                return True
        return False
