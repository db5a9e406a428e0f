"""Barrels of the connection module lose the re-exports no importer uses any more.

`lib/db/index.ts` saying `export { db, getDb } from './connection'` and
`import dbConnection from './connection'` + `export default dbConnection` keeps every name some
file still imports from it (a file outside the wave, a test), and drops the others once the run's
rewrites leave them unused, so that the barrel itself no longer imports the connection when nobody
needs it to. Decided after every file's final text is known (the barrel's importers come after it
in the analysis order), on the wave's own barrels only.
"""
from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Callable

from tree_sitter import Node

from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.analysis.imports import statement_span
from wavemod.engine.core.languages import count_errors, language_for, parse
from wavemod.engine.core.reexports import origins
from wavemod.engine.core.syntax import string_value, text
from wavemod.engine.core.types import FileChange, Status
from wavemod.engine.core.workspace import ModuleResolver

ALL = "*"  # an importer that takes everything (a namespace import, `export *` of the barrel)


def _imported_names(path: str, source: bytes, barrel: str, resolver: ModuleResolver) -> set[str]:
    """The names a file takes from `barrel` (ALL for a namespace import or a star re-export)."""
    lang = language_for(path)
    if lang is None:
        return set()
    index = FileIndex(path, parse(source, lang), resolver)
    names = {ALL if b.imported == "*" else b.imported for b in index.imports.values() if b.resolved == barrel}
    for node in index.nodes("export_statement"):
        source_node = node.child_by_field_name("source")
        spec = string_value(source_node) if source_node is not None else None
        if spec is None or (resolver.resolve(spec, path) or spec) != barrel:
            continue
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is None:
            names.add(ALL)
        else:
            names |= {text(s.child_by_field_name("name")) for s in clause.named_children if s.type == "export_specifier"}
    if b"import(" in source or b"require(" in source:  # dynamic imports: what they take is not known
        names.add(ALL)
    return names


def prune(barrel: str, source: bytes, used: set[str], targets: frozenset[str], resolver: ModuleResolver) -> bytes:
    """The barrel's text without its re-exports from `targets` that no importer `used`."""
    if ALL in used:
        return source
    lang = language_for(barrel) or "typescript"
    root = parse(source, lang).root_node
    edits: list[tuple[int, int, bytes]] = []
    dropped_locals: set[str] = set()
    for node in root.named_children:
        if node.type != "export_statement":
            continue
        spec_node = node.child_by_field_name("source")
        spec = string_value(spec_node) if spec_node is not None else None
        value = node.child_by_field_name("value")
        if spec is None and value is not None and value.type == "identifier" and "default" not in used:
            if any(module in targets for module, _ in origins(resolver, barrel, "default")):
                edits.append((*_export_span(source, node), b""))
                dropped_locals.add(text(value))
            continue
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if spec is None and clause is not None:  # import { x } from the connection; export { x as y }
            items = [s for s in clause.named_children if s.type == "export_specifier"]
            gone = [
                s for s in items
                if text(s.child_by_field_name("alias") or s.child_by_field_name("name")) not in used
                and any(module in targets for module, _ in origins(resolver, barrel, text(s.child_by_field_name("alias") or s.child_by_field_name("name"))))
            ]
            dropped_locals |= {text(s.child_by_field_name("name")) for s in gone}
            if gone and len(gone) == len(items):
                edits.append((*_export_span(source, node), b""))
            elif gone:
                edits.append((items[0].start_byte, items[-1].end_byte, b", ".join(s.text or b"" for s in items if s not in gone)))
            continue
        if spec is None or (resolver.resolve(spec, barrel) or spec) not in targets:
            continue
        if clause is None:  # export * from the connection: goes when nothing taken from the barrel comes from it
            if not any(module in targets for name in used for module, _ in origins(resolver, barrel, name)):
                edits.append((*_export_span(source, node), b""))
            continue
        items = [s for s in clause.named_children if s.type == "export_specifier"]
        kept = [s for s in items if text(s.child_by_field_name("alias") or s.child_by_field_name("name")) in used]
        if not kept:
            edits.append((*_export_span(source, node), b""))
        elif len(kept) < len(items):
            edits.append((items[0].start_byte, items[-1].end_byte, b", ".join(s.text or b"" for s in kept)))
    edits += _unused_imports(root, source, dropped_locals, edits)
    if not edits:
        return source
    out = source
    for start, end, data in sorted(edits, reverse=True):
        out = out[:start] + data + out[end:]
    # Blank lines that separated what went: none at the top, one newline at the end, as before.
    if not source[:1].isspace():
        out = out.lstrip(b"\r\n")
    if source.endswith(b"\n") and not source.endswith(b"\n\n"):
        out = out.rstrip(b"\r\n") + (b"\r\n" if source.endswith(b"\r\n") else b"\n")
    if not parse(out, lang).root_node.named_children:  # nothing left: it stays a module
        out = b"export {}" + (b"\r\n" if source.endswith(b"\r\n") else b"\n")
    return out


def _export_span(source: bytes, node: Node) -> tuple[int, int]:
    """The whole lines of an export statement that goes, with the comment lines right above it
    (no blank line between): they say what the export was for, and would describe the next line
    once it is gone."""
    start, end = statement_span(source, node)
    comment = node.prev_sibling
    while comment is not None and comment.type == "comment" and comment.end_point[0] + 1 == node.start_point[0]:
        line_start = source.rfind(b"\n", 0, comment.start_byte) + 1
        if source[line_start : comment.start_byte].strip():
            break  # a comment that ends a line of code belongs to that line
        if comment.prev_sibling is None:
            break  # the file's own header: it may say what the whole module is
        start, node, comment = line_start, comment, comment.prev_sibling
    return start, end


def _unused_imports(root: Node, source: bytes, names: set[str], edits: list[tuple[int, int, bytes]]) -> list[tuple[int, int, bytes]]:
    """Imported names (`import dbConnection, { getDatabase } from './connection'`) whose only use
    was a dropped export: the names go, and the statement when none is left."""
    out = []
    rest = source
    for start, end, data in sorted(edits, reverse=True):  # the dropped exports don't count as uses
        rest = rest[:start] + data + rest[end:]
    for node in root.named_children:
        if node.type != "import_statement":
            continue
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            continue
        default = next((c for c in clause.named_children if c.type == "identifier"), None)
        named = next((c for c in clause.named_children if c.type == "named_imports"), None)
        specifiers = [c for c in named.named_children if c.type == "import_specifier"] if named is not None else []
        local = lambda n: text(n.child_by_field_name("alias") or n.child_by_field_name("name")) if n.type == "import_specifier" else text(n)  # noqa: E731
        outside = rest.replace(node.text or b"", b"", 1)
        unused = lambda n: local(n) in names and not re.search(rb"(?<![\w$])" + re.escape(local(n).encode()) + rb"(?![\w$])", outside)  # noqa: E731
        parts = ([default] if default is not None else []) + specifiers
        if not parts or not any(unused(p) for p in parts) or any(c.type == "namespace_import" for c in clause.named_children):
            continue
        kept = [p for p in parts if not unused(p)]
        if not kept:
            out.append((*statement_span(source, node), b""))
        elif default is not None and unused(default):  # `{ b }` stays
            out.append((default.start_byte, named.start_byte, b""))
            out.append((specifiers[0].start_byte, specifiers[-1].end_byte, b", ".join(s.text or b"" for s in specifiers if s in kept)))
        else:
            gone_named = [s for s in specifiers if s not in kept]
            if len(gone_named) == len(specifiers):  # `a` stays
                out.append((default.end_byte, named.end_byte, b""))
            else:
                out.append((specifiers[0].start_byte, specifiers[-1].end_byte, b", ".join(s.text or b"" for s in specifiers if s in kept)))
    return out


def prune_barrels(
    sources: dict[str, bytes],
    changes: dict[str, FileChange],
    modules_of: dict[str, frozenset[str]],
    wave_paths: set[str],
    frozen: frozenset[str],
    targets: frozenset[str],
    resolver: ModuleResolver,
    reaching: Callable[[list[str]], set[str]] | None = None,
) -> dict[str, FileChange]:
    """New outcomes for the wave's barrels of `targets` whose re-exports lost every importer.
    `reaching`: which of the candidates pass on names of `targets` (by default the resolver says;
    the analysis cache remembers its answers across runs)."""
    candidates = [p for p in sorted(wave_paths) if p not in frozen and p not in targets and p in sources and language_for(p)]
    found = reaching(candidates) if reaching is not None else {p for p in candidates if resolver.reaches(p, targets)}
    barrels = [p for p in candidates if p in found]
    out: dict[str, FileChange] = {}
    for barrel in barrels:
        text_of = lambda p: changes[p].after if p in changes and changes[p].after else sources[p]  # noqa: E731
        used: set[str] = set()
        for path, modules in modules_of.items():
            if path != barrel and barrel in modules:
                used |= _imported_names(path, text_of(path), barrel, resolver)
        before = text_of(barrel)
        after = prune(barrel, before, used, targets, resolver)
        if after == before:
            continue
        lang = language_for(barrel) or "typescript"
        if count_errors(parse(after, lang).root_node) > count_errors(parse(before, lang).root_node):
            continue  # never write a barrel worse than it was
        old = changes.get(barrel) or FileChange(barrel, sources[barrel], sources[barrel], Status.UNCHANGED)
        out[barrel] = replace(old, before=sources[barrel], after=after, status=Status.CHANGED if after != sources[barrel] else Status.UNCHANGED, in_wave=True)
    return out
