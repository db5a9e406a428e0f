"""Modules a wave creates: a swap that points importers at a module the target does not have yet.

The auth swap moves importers of the SQLite auth module to an auth service. wavemod does not assume
that service exists: when it does not, the wave creates it from the module it replaces (a rule's
`create_from` option): the same exports with the same names and types, its relative imports
re-pointed for the new location. The new file is one of the wave's files, so the same codemods
rewrite its database calls to the adapter and make its functions async where they now await, and
every importer swapped to it resolves and type-checks.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace

from tree_sitter import Node

from wavemod.engine.core.config import Config, Rule
from wavemod.engine.core.errors import ConfigError
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.core.syntax import string_value, walk
from wavemod.engine.core.types import FileChange, Status, WaveResult
from wavemod.engine.core.workspace import ModuleResolver

MODULE_CALLS = {b"require", b"import", b"vi.mock", b"jest.mock", b"vi.doMock", b"jest.doMock", b"require.resolve"}


@dataclass(frozen=True)
class CreatedModule:
    path: str  # the new file, repository-relative
    module: str  # the specifier importers use
    source: str  # the file it is made from
    text: bytes
    rule: str  # the rule whose swap needs it


def _specifier_nodes(root: Node) -> list[Node]:
    """String nodes that name a module: import/export sources, require/import()/mock calls."""
    out = []
    for node in walk(root):
        if node.type in {"import_statement", "export_statement"}:
            source = node.child_by_field_name("source")
            if source is not None:
                out.append(source)
        elif node.type == "call_expression":
            callee = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if callee is not None and callee.text in MODULE_CALLS and args is not None and args.named_children:
                first = args.named_children[0]
                if first.type == "string":
                    out.append(first)
    return out


def relocate(source: bytes, old_path: str, new_path: str) -> bytes:
    """`source` with its relative module specifiers re-pointed from `old_path`'s folder to
    `new_path`'s (the same files are imported from the new place)."""
    old_dir, new_dir = posixpath.dirname(old_path), posixpath.dirname(new_path)
    if old_dir == new_dir:
        return source
    tree = parse(source, language_for(old_path) or "typescript")
    edits = []
    for node in _specifier_nodes(tree.root_node):
        spec = string_value(node)
        if spec is None or not spec.startswith("."):
            continue
        target = posixpath.normpath(posixpath.join(old_dir, spec))
        moved = posixpath.relpath(target, new_dir or ".")
        moved = moved if moved.startswith(".") else "./" + moved
        quote = source[node.start_byte : node.start_byte + 1]
        edits.append((node.start_byte, node.end_byte, quote + moved.encode() + quote))
    for start, end, new in sorted(edits, reverse=True):
        source = source[:start] + new + source[end:]
    return source


def new_module_path(resolver: ModuleResolver, module: str, like: str) -> str | None:
    """Where a module specifier of the target would live as a new file (with `like`'s extension)."""
    if module.startswith("."):
        return None  # a swap to a relative specifier names a different file from each importer
    candidate = resolver.mapped(module)
    if candidate is None:
        return None
    stem, ext = posixpath.splitext(candidate)
    return posixpath.normpath(candidate if ext in {".ts", ".tsx", ".mts", ".cts"} else candidate + (posixpath.splitext(like)[1] or ".ts"))


def modules_to_create(rules: list[Rule], config: Config, resolver: ModuleResolver, read) -> list[CreatedModule]:  # type: ignore[no-untyped-def]
    """The modules the wave's swaps point at that the target lacks, made from the modules they replace."""
    out: list[CreatedModule] = []
    for rule in rules:
        origin = rule.options.get("create_from")
        if not origin or rule.replace is None or "@" in rule.replace.replace("@/", ""):
            continue  # only a swap to one fixed module can name the module to create
        module = rule.replace
        if resolver.resolve(module, "_.ts") is not None:
            continue  # it exists: the target's own service is used as it is
        source_path = resolver.resolve(origin, "_.ts")
        if source_path is None:
            continue  # nothing to swap away from: the rule matches nothing either
        path = new_module_path(resolver, module, source_path)
        if path is None:
            raise ConfigError(
                f"rule '{rule.id}' points imports at {module}, which does not exist and cannot be placed in the target",
                hint="use a module path under a tsconfig `paths` alias (e.g. @/lib/auth/auth-service), or create the module first",
                path=rule.source,
                line=rule.line,
            )
        data = read(source_path)
        if data is None:
            continue
        out.append(CreatedModule(path, module, source_path, relocate(data, source_path, path), rule.id))
    return out


def with_created(resolver: ModuleResolver, created: list[CreatedModule]) -> ModuleResolver:
    """The resolver of a run in which the created modules exist."""
    if not created:
        return resolver
    return replace(resolver, files=resolver.files | {c.path for c in created}, _cache={})


def settle(result: WaveResult, created: list[CreatedModule], sources: dict[str, bytes]) -> None:
    """After the run: created files show as new, and a module one was made from is deleted when no
    file mentions it any more (a test helper that still imports it keeps it)."""
    if not created:
        return
    by_path = {c.path: c for c in result.changes}
    final = {**sources, **{c.path: c.after for c in result.changes}}
    for made in created:
        change = by_path.get(made.path)
        if change is not None:
            result.changes[result.changes.index(change)] = replace(change, before=b"", status=Status.CHANGED, created=True)
        stem = posixpath.splitext(posixpath.basename(made.source))[0].encode()
        if stem == b"index" or any(stem in text for path, text in final.items() if path != made.source and language_for(path)):
            continue
        old = by_path.get(made.source)
        gone = FileChange(made.source, sources[made.source], b"", Status.CHANGED, in_wave=True, deleted=True, rule_counts=((made.rule, 1),))
        if old is not None:
            result.changes[result.changes.index(old)] = replace(gone, findings=old.findings)
        else:
            result.changes.append(gone)
    result.changes.sort(key=lambda c: c.path)
