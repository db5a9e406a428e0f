"""The project's own higher-order functions that call a callback they are given: wrappers such as
`safeQuery(() => db.prepare(SQL).get(x), 'context')` (a try/catch around the call) or
`trackDatabaseQuery('name', () => ...)`.

A callback handed to such a wrapper may turn async: the wrapper then turns async too and awaits
the call (so its try/catch still catches the rejection), its callback parameter accepts
`T | Promise<T>`, and its callers await it (engine.analysis.project). A parameter is a callback parameter
when every reference to it inside the function is a direct call made by the function itself (not
stored, passed on, or called later from a nested closure: then nobody would await it).

Which wrappers a module has is read from its tree, like export tables (engine.core.reexports), so the
analysis of a caller does not depend on the order files are analysed in; the schedule puts a
wrapper's module together with the files that call its wrappers (`wrapper_edges`), since what a
wrapper becomes depends on its callers. A wrapper from a package is never changed: callbacks
handed to one stay listed, unless its declarations say it takes a Promise-returning callback and
returns a Promise (engine.analysis.package_types).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.analysis.package_types import accepts_async_callback
from wavemod.engine.core.syntax import FUNCTION_TYPES, call_function, enclosing_function, text, unwrap_parens, walk

if TYPE_CHECKING:
    from wavemod.engine.analysis.bindings import FileIndex
    from wavemod.engine.core.workspace import ModuleResolver

# A parameter typed as a function: `fn: () => T`, `(op: (db: X) => Promise<T>)`. Found from the
# type (`: (...) =>`) back to the name: a pattern that starts with the name is tried at every
# identifier character of the file, a third of the survey's time on real-sized files.
_FUNCTION_TYPE = re.compile(rb":\s*(?:<[^>]*>\s*)?\([^()]*\)\s*=>")
_TYPED_NAME = re.compile(rb"(?<![\w$])([A-Za-z_$][\w$]*)\s*\??\Z")


def _function_typed_names(source: bytes) -> set[bytes]:
    names = set()
    for m in _FUNCTION_TYPE.finditer(source):
        name = _TYPED_NAME.search(source, max(0, m.start() - 256), m.start())
        if name is not None:
            names.add(name.group(1))
    return names


def could_wrap(source: bytes) -> bool:
    """Whether the bytes may hold a wrapper: a name typed as a function that is also called
    plainly (`fn(`), which props of components (`onClick: () => void`) seldom are."""
    names = _function_typed_names(source)
    return any(re.search(rb"(?<![\w$.])" + re.escape(name) + rb"\s*\(", source) for name in names)


def _params(fn: Node) -> list[Node]:
    params = fn.child_by_field_name("parameters")
    if params is None:
        single = fn.child_by_field_name("parameter")
        return [single] if single is not None else []
    return [p for p in params.named_children if p.type != "comment"]


def callback_positions(fn: Node) -> frozenset[int]:
    """Positions of the parameters of `fn` that it only ever calls, itself."""
    body = fn.child_by_field_name("body")
    if body is None:
        return frozenset()
    named: list[tuple[int, bytes]] = []
    for position, param in enumerate(_params(fn)):
        pattern = param.child_by_field_name("pattern") if param.type != "identifier" else param
        if pattern is not None and pattern.type == "identifier":
            named.append((position, pattern.text))
    if not named:
        return frozenset()
    # One walk of the body for all the parameters (it was one each).
    wanted = {name for _, name in named}
    refs: dict[bytes, list[Node]] = {}
    for n in walk(body):
        if n.type == "identifier":
            spelled = n.text
            if spelled in wanted:
                refs.setdefault(spelled, []).append(n)
    found = set()
    for position, name in named:
        uses = refs.get(name)
        if uses and all(_direct_call(ref, fn) for ref in uses):
            found.add(position)
    return frozenset(found)


def _direct_call(ref: Node, fn: Node) -> bool:
    call = ref.parent
    return call is not None and call.type == "call_expression" and call.child_by_field_name("function") == ref and enclosing_function(ref) == fn


def _named_functions(root: Node) -> dict[str, Node]:
    """Top-level `function f(...)` and `const f = (...) => ...` (exported or not)."""
    out: dict[str, Node] = {}
    for node in root.named_children:
        inner = node.child_by_field_name("declaration") if node.type == "export_statement" else node
        if inner is None:
            continue
        if inner.type == "function_declaration":
            out[text(inner.child_by_field_name("name"))] = inner
        elif inner.type in {"lexical_declaration", "variable_declaration"}:
            for declarator in inner.named_children:
                value = declarator.child_by_field_name("value") if declarator.type == "variable_declarator" else None
                value = unwrap_parens(value) if value is not None else None
                if value is not None and value.type in FUNCTION_TYPES:
                    out[text(declarator.child_by_field_name("name"))] = value
    return out


def module_wrappers(resolver: "ModuleResolver", path: str) -> dict[str, frozenset[int]]:
    """The module's top-level functions with callback parameters: name -> positions."""
    key = ("wrappers", path)
    resolver.reads.add(path)
    found = resolver._tables.get(key)  # type: ignore[arg-type]
    if found is None:
        found = {}
        source = resolver.reader(path) if resolver.reader is not None and path in resolver.files else None
        lang = language_for(path)
        if source is not None and lang is not None and could_wrap(source):
            for name, fn in _named_functions(parse(source, lang).root_node).items():
                positions = callback_positions(fn)
                if positions:
                    found[name] = positions
        resolver._tables[key] = found  # type: ignore[index]
    return found  # type: ignore[return-value]


def wrapper_modules(resolver: "ModuleResolver", module: str, depth: int = 0) -> dict[str, frozenset[str]]:
    """Modules with wrappers reachable from `module` (itself, or along its re-export chains): path
    -> the wrappers' names."""
    out: dict[str, frozenset[str]] = {}
    own = module_wrappers(resolver, module)
    if own:
        out[module] = frozenset(own)
    table = resolver.export_table(module) if depth < 12 else None
    if table is not None:
        for source in {s for s, _ in table.named.values()} | set(table.stars):
            if source != module:
                out.update(wrapper_modules(resolver, source, depth + 1))
    return out


def accepts_async(index: "FileIndex", fn: Node) -> bool:
    """Whether `fn` is a callback handed to a wrapper of the project (by the wrapper's own name)
    at one of its callback positions: then it may turn async, and the wrapper with it."""
    key = ("wrapped", fn.id)
    found = index.memo.get(key)
    if found is None:
        found = index.memo[key] = _accepts(index, fn)
    return found  # type: ignore[return-value]


def _handed_to(fn: Node) -> tuple[Node, Node, int] | None:
    """(the call, its callee name, the argument position) of `fn` handed to `name(...)`."""
    args = fn.parent
    while args is not None and args.type == "parenthesized_expression":
        args = args.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return None
    callee = call_function(call)
    if callee is None or callee.type != "identifier":
        return None
    items = [a for a in args.named_children if a.type != "comment"]
    position = next((i for i, a in enumerate(items) if a == fn or unwrap_parens(a) == fn), None)
    return (call, callee, position) if position is not None else None


def package_wrapper_call(index: "FileIndex", fn: Node) -> Node | None:
    """The call of a package's wrapper that `fn` is handed to, when the package takes an async
    callback there (engine.analysis.package_types); else None."""
    handed = _handed_to(fn)
    if handed is None or not accepts_async(index, fn):
        return None
    binding = index.import_of(handed[1])
    return handed[0] if binding is not None and binding.resolved not in index.resolver.files else None


def _accepts(index: "FileIndex", fn: Node) -> bool:
    handed = _handed_to(fn)
    if handed is None:
        return False
    _, callee, position = handed
    name = text(callee)
    binding = index.import_of(callee)
    if binding is not None:
        if binding.resolved not in index.resolver.files:
            # A package's wrapper is never changed: its callback may turn async only when the
            # package declares it takes one returning a Promise and returns a Promise itself.
            return accepts_async_callback(index.resolver, binding.specifier, binding.imported, position, index.path)
        from wavemod.engine.core.reexports import origins

        for module, exported in origins(index.resolver, binding.resolved, binding.imported):
            positions = module_wrappers(index.resolver, module).get(exported)
            if positions is not None and exported == name and position in positions:
                return True
        return False
    decl = index.declaration(callee)
    if decl is None:
        return False
    if decl.type == "variable_declarator":
        value = decl.child_by_field_name("value")
        decl = unwrap_parens(value) if value is not None else None
    return decl is not None and decl.type in FUNCTION_TYPES and position in callback_positions(decl)


def wrapper_edges(resolver: "ModuleResolver", modules: frozenset[str], source: bytes) -> set[str]:
    """Modules whose wrappers a file (importing `modules`, with bytes `source`) may call by name:
    those modules' analysis goes together with the file's (engine.run.schedule)."""
    out: set[str] = set()
    for module in modules:
        if module not in resolver.files:
            continue
        for path, names in wrapper_modules(resolver, module).items():
            if any(re.search(rb"\b" + re.escape(n.encode()) + rb"\s*(?:<[^>]*>)?\(", source) for n in names):
                out.add(path)
    return out
