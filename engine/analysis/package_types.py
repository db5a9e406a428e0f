"""What a package's type declarations say about a wrapper it exports: whether `pRetry(cb, ...)`
accepts a callback that returns a Promise, and returns a Promise itself.

A callback handed to a function of a package may turn async only when the package says so: the
parameter it is passed to is typed as a function (directly, or through a type alias the file
declares) whose return type mentions `Promise<...>` or `PromiseLike<...>` (`(attempt: number) =>
PromiseLike<T> | T`, as p-retry declares it), and the function returns `Promise<...>`, so its callers already wait for a Promise whatever the callback
returns. Anything else (memoize-one's `TFunc extends (...args: any[]) => any`, returning the
memoized function; no declarations found) says nothing of the kind: the callback stays listed.

Declarations are read from the target's `node_modules` (the package's `types`/`typings`, the
`types` of its `exports`, `index.d.ts`, or `@types/<package>`), looked up from the importing
file's directory upwards as Node does. node_modules is not among the target's tracked files: the
files are read through the resolver's reader (ModuleResolver.package_file), which records each
read, so a cached analysis that depended on a declaration is reused only while it is unchanged
(engine.run.analysis_cache).
"""
from __future__ import annotations

import json
import posixpath
import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.core.syntax import text

if TYPE_CHECKING:
    from wavemod.engine.core.workspace import ModuleResolver

_PROMISE = re.compile(r"(?<![\w$.])(?:Promise|PromiseLike)\s*<")


def package_name(specifier: str) -> str | None:
    """`p-retry` of `p-retry`, `@scope/pkg` of `@scope/pkg/sub`; None for a relative specifier or
    a runtime module (`node:fs`)."""
    if specifier.startswith((".", "/")) or ":" in specifier:
        return None
    parts = specifier.split("/")
    if specifier.startswith("@"):
        return "/".join(parts[:2]) if len(parts) >= 2 else None
    return parts[0] or None


def _package_dirs(from_file: str, package: str) -> list[str]:
    """`node_modules/<package>` and `node_modules/@types/<package>` in the importing file's
    directory and each one above it, nearest first."""
    types_name = package[1:].replace("/", "__") if package.startswith("@") else package
    out: list[str] = []
    directory = posixpath.dirname(from_file)
    while True:
        base = posixpath.join(directory, "node_modules") if directory else "node_modules"
        out += [posixpath.join(base, package), posixpath.join(base, "@types", types_name)]
        if not directory:
            return out
        directory = posixpath.dirname(directory)


def _declared_types(resolver: "ModuleResolver", directory: str) -> str | None:
    """The declaration file of the package in `directory`, when it has one."""
    manifest = resolver.package_file(posixpath.join(directory, "package.json"))
    if manifest is None:
        return None
    try:
        data = json.loads(manifest)
    except ValueError:
        data = {}
    candidates: list[str] = []
    if isinstance(data, dict):
        exports = data.get("exports")
        main = exports.get(".", exports) if isinstance(exports, dict) else None
        # (`exports` conditions: `{"types": ...}`, or nested `{"import": {"types": ...}}`)
        conditions = [main] + [main.get(c) for c in ("import", "require", "default")] if isinstance(main, dict) else []
        for holder, key in ((data, "types"), (data, "typings"), *((c, "types") for c in conditions)):
            value = holder.get(key) if isinstance(holder, dict) else None
            if isinstance(value, str):
                candidates.append(value)
    candidates.append("index.d.ts")
    for candidate in candidates:
        path = posixpath.normpath(posixpath.join(directory, candidate))
        if resolver.package_file(path) is not None:
            return path
    return None


def _signatures(root: Node, exported: str) -> list[Node]:
    """The function signatures `exported` ("default" or a name) stands for in a declaration file:
    `export default function f(...)`, `export declare function f(...)`, or a local `declare
    function f` exported by `export default f`, `export = f` or `export { f as exported }`."""
    local: str | None = None
    direct: list[Node] = []
    declared: dict[str, list[Node]] = {}
    for node in root.named_children:
        inner = node.child_by_field_name("declaration") if node.type == "export_statement" else node
        is_default = node.type == "export_statement" and any(c.type == "default" for c in node.children)
        if inner is not None and inner.type == "ambient_declaration":
            inner = next((c for c in inner.named_children if c.type == "function_signature"), inner)
        if inner is not None and inner.type in {"function_signature", "function_declaration"}:
            name = text(inner.child_by_field_name("name"))
            declared.setdefault(name, []).append(inner)
            if node.type == "export_statement" and (("default" if is_default else name) == exported):
                direct.append(inner)
            continue
        if node.type != "export_statement":
            continue
        value = node.child_by_field_name("value")
        bare = next((c for c in node.named_children if c.type == "identifier"), None)  # `export = f`
        if exported == "default" and (value is not None or bare is not None):
            local = text(value if value is not None else bare)
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is not None and node.child_by_field_name("source") is None:
            for spec in clause.named_children:
                alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                if alias is not None and text(alias) == exported:
                    local = text(spec.child_by_field_name("name"))
    return direct or (declared.get(local, []) if local is not None else [])


def _aliases(root: Node) -> dict[str, list[Node]]:
    """The file's type aliases by name, namespaces' included (`AsyncRetry.RetryFunction<T>`, as
    @types/async-retry declares its callback): name -> their types."""
    out: dict[str, list[Node]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "type_alias_declaration":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and value is not None:
                out.setdefault(text(name), []).append(value)
        elif node.type in {"program", "ambient_declaration", "internal_module", "module", "statement_block", "export_statement"}:
            stack.extend(node.named_children)
    return out


def _callback_returns(declared: Node | None, aliases: dict[str, list[Node]]) -> list[Node] | None:
    """The return types of the function type `declared` stands for (through aliases of the file:
    every alias of that name must be one), or None when it is not one."""
    while declared is not None and declared.type == "parenthesized_type" and declared.named_children:
        declared = declared.named_children[0]
    if declared is None:
        return None
    if declared.type == "function_type":
        returned = declared.child_by_field_name("return_type")
        return [returned] if returned is not None else None
    name = declared.child_by_field_name("name") if declared.type == "generic_type" else declared
    if name is not None and name.type == "nested_type_identifier":
        name = name.child_by_field_name("name")
    found = aliases.get(text(name)) if name is not None and name.type == "type_identifier" else None
    if not found:
        return None
    out: list[Node] = []
    for value in found:
        returns = _callback_returns(value, {}) if value.type != "type_identifier" else None
        if returns is None:
            return None
        out += returns
    return out


def _accepts(signature: Node, position: int, aliases: dict[str, list[Node]]) -> bool:
    params = signature.child_by_field_name("parameters")
    items = [p for p in params.named_children if p.type != "comment"] if params is not None else []
    if position >= len(items):
        return False
    annotation = items[position].child_by_field_name("type")
    declared = annotation.named_children[-1] if annotation is not None and annotation.named_children else None
    callback_returns = _callback_returns(declared, aliases)
    returned = signature.child_by_field_name("return_type")
    returned = returned.named_children[-1] if returned is not None and returned.named_children else None
    return (
        callback_returns is not None
        and all(_PROMISE.search(text(r)) is not None for r in callback_returns)
        and returned is not None
        and returned.type == "generic_type"
        and text(returned.child_by_field_name("name")) == "Promise"
    )


def accepts_async_callback(resolver: "ModuleResolver", specifier: str, exported: str, position: int, from_file: str) -> bool:
    """Whether the package's export `exported` takes a Promise-returning callback at `position` and
    returns a Promise, by its declarations (every overload must say so). False when no
    declarations are found."""
    package = package_name(specifier)
    if package is None or specifier != package:
        return False  # (a subpath's declarations are laid out per package: not looked up)
    key = ("package-types", specifier, exported, position, posixpath.dirname(from_file))
    cached = resolver._tables.get(key)  # type: ignore[arg-type]
    if cached is None:
        outer, resolver.reads = resolver.reads, set()
        try:
            answer = _answer(resolver, package, exported, position, from_file)
            cached = (answer, frozenset(resolver.reads))
        finally:
            resolver.reads = outer
        resolver._tables[key] = cached  # type: ignore[index]
    answer, read = cached  # type: ignore[misc]
    resolver.reads |= read
    return answer


def _answer(resolver: "ModuleResolver", package: str, exported: str, position: int, from_file: str) -> bool:
    for directory in _package_dirs(from_file, package):
        path = _declared_types(resolver, directory)
        if path is None:
            continue
        # Files in many directories find the same declarations: each file is parsed once.
        key = ("package-declaration", path, exported, position)
        found = resolver._tables.get(key)  # type: ignore[arg-type]
        if found is None:
            source = resolver.package_file(path)
            lang = language_for(path)
            if source is None or lang is None:
                found = False
            else:
                root = parse(source, lang).root_node
                signatures = _signatures(root, exported)
                aliases = _aliases(root)
                found = bool(signatures) and all(_accepts(s, position, aliases) for s in signatures)
            resolver._tables[key] = found  # type: ignore[index]
        resolver.reads.add(path)
        return bool(found)
    return False
