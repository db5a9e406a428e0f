"""Re-export chains: where a name a module exports comes from.

Real applications import the database handle through barrels (`lib/db/index.ts` saying
`export { db, getDb } from './connection'`, `export * from './queries'`, or
`import dbConnection from './connection'` + `export default dbConnection`). A receiver is bound to
the connection module when the name it was imported by goes back to one of the module's values,
followed through those chains: resolved, never guessed by spelling.

A module's export table is read from its tree, once per process, and only for modules whose bytes
could re-export at all (`could_reexport`): most modules declare what they export.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.core.syntax import string_value, text

if TYPE_CHECKING:
    from tree_sitter import Node

    from wavemod.engine.core.workspace import ModuleResolver

Origin = tuple[str, str]  # (resolved module, exported name)

# `export {` / `export *` / `export default <identifier>` (the last one only re-exports when the
# identifier is imported: the table says); `export type X = ReturnType<...>` aliases the factory's type.
# Each pattern starts with its literal word and is matched only where a word starts (`_at_word`):
# the regex engine then jumps from one occurrence of the word to the next instead of trying the
# leading `\b` at every byte of the file (a third of a run's time on an unchanged tree).
_COULD = re.compile(rb"export(?:\s*(?:type\s*)?(?:\{|\*)|\s+default\s+[A-Za-z_$][\w$]*\s*;?\s*(?:$|\n))", re.M)
_RETURN_TYPE = re.compile(rb"ReturnType\s*<")
_DEPTH = 16
_DECLARED = re.compile(rb"export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|abstract\s+class|interface|type|enum)\s+([A-Za-z_$][\w$]*)")
_DEFAULT = re.compile(rb"export\s+default\b")


def _starts_word(source: bytes, start: int) -> bool:
    """Whether no word character (what `\b` looks at: ASCII letters, digits, `_`) comes right
    before `start`."""
    return start == 0 or not (source[start - 1 : start].isalnum() or source[start - 1] == 0x5F)  # 0x5F: `_`


def _at_word(pattern: re.Pattern[bytes], source: bytes, pos: int = 0) -> re.Match[bytes] | None:
    """`pattern.search(source, pos)` as if the pattern began with `\b`: the first match where no
    word character comes right before (a match that fails that is tried again one byte on)."""
    while True:
        found = pattern.search(source, pos)
        if found is None or _starts_word(source, found.start()):
            return found
        pos = found.start() + 1


def _words(pattern: re.Pattern[bytes], source: bytes) -> list[re.Match[bytes]]:
    """`pattern.finditer(source)` as if the pattern began with `\b` (none of these patterns
    matches the empty string): finditer's matches while each starts a word, then match by match."""
    out = []
    for found in pattern.finditer(source):
        if _starts_word(source, found.start()):
            out.append(found)
            continue
        following = _at_word(pattern, source, found.start() + 1)
        while following is not None:
            out.append(following)
            following = _at_word(pattern, source, following.end())
        break
    return out


@dataclass
class ExportTable:
    """What a module passes on from other modules."""

    named: dict[str, Origin] = field(default_factory=dict)  # exported name -> where it comes from
    stars: list[str] = field(default_factory=list)  # `export * from`: resolved modules
    # exported `type X = ReturnType<typeof f>`: X -> where `f` comes from (its own module and name)
    return_types: dict[str, Origin] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)  # names it exports of its own ("default" too)


def could_reexport(source: bytes) -> bool:
    return _at_word(_COULD, source) is not None or _at_word(_RETURN_TYPE, source) is not None


def read_table(path: str, source: bytes, resolver: "ModuleResolver") -> ExportTable:
    """The export table of one module (its top-level statements only)."""
    table = ExportTable()
    table.declared = {m.group(1).decode() for m in _words(_DECLARED, source)}
    if _at_word(_DEFAULT, source):
        table.declared.add("default")
    lang = language_for(path)
    if lang is None or not could_reexport(source):
        return table
    root = parse(source, lang).root_node
    imports: dict[str, Origin] = {}
    for node in root.named_children:
        if node.type == "import_statement":
            spec = _spec(node)
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            if spec is None or clause is None:
                continue
            resolved = resolver.resolve(spec, path) or spec
            for part in clause.named_children:
                if part.type == "identifier":
                    imports[text(part)] = (resolved, "default")
                elif part.type == "namespace_import":
                    ident = next((c for c in part.named_children if c.type == "identifier"), None)
                    if ident is not None:
                        imports[text(ident)] = (resolved, "*")
                elif part.type == "named_imports":
                    for item in part.named_children:
                        if item.type == "import_specifier":
                            name, alias = item.child_by_field_name("name"), item.child_by_field_name("alias")
                            imports[text(alias or name)] = (resolved, text(name))
    for node in root.named_children:
        if node.type == "export_statement":
            _read_export(node, path, table, imports, resolver)
    return table


def _spec(node) -> str | None:
    source = node.child_by_field_name("source")
    return string_value(source) if source is not None else None


def _factory_of(value, imports: dict[str, Origin], path: str) -> Origin | None:
    """`ReturnType<typeof f>` -> where `f` comes from (this module when it is declared here)."""
    if value is None or value.type != "generic_type" or text(value.child_by_field_name("name") or value.named_children[0]) != "ReturnType":
        return None
    args = next((c for c in value.named_children if c.type == "type_arguments"), None)
    query = args.named_children[0] if args is not None and args.named_children else None
    if query is None or query.type != "type_query" or not query.named_children:
        return None
    target = query.named_children[0]
    if target.type == "identifier":
        return imports.get(text(target), (path, text(target)))
    if target.type == "member_expression":
        obj = target.child_by_field_name("object")
        found = imports.get(text(obj)) if obj is not None and obj.type == "identifier" else None
        if found is not None and found[1] == "*":
            return (found[0], text(target.child_by_field_name("property")))
    return None


def export_specifiers(node: Node) -> list[tuple[str, str]] | None:
    """(exported name, name in the module or its source) of each specifier of `export { a as b }`
    or `export { a as b } from '...'`; None for an export statement without a clause
    (`export * from`, a declaration, a default value)."""
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    if clause is None:
        return None
    out = []
    for item in clause.named_children:
        if item.type == "export_specifier":
            name = text(item.child_by_field_name("name"))
            alias = item.child_by_field_name("alias")
            out.append((text(alias) if alias is not None else name, name))
    return out


def _read_export(node, path: str, table: ExportTable, imports: dict[str, Origin], resolver: "ModuleResolver") -> None:
    spec = _spec(node)
    resolved = (resolver.resolve(spec, path) or spec) if spec else None
    declaration = node.child_by_field_name("declaration")
    if declaration is not None:
        if declaration.type == "type_alias_declaration":
            factory = _factory_of(declaration.child_by_field_name("value"), imports, path)
            if factory is not None:
                table.return_types[text(declaration.child_by_field_name("name"))] = factory
        return
    value = node.child_by_field_name("value")
    if value is not None:
        if any(c.type == "default" for c in node.children) and value.type == "identifier" and text(value) in imports:
            table.named["default"] = imports[text(value)]
        return
    specifiers = export_specifiers(node)
    if specifiers is None:
        if resolved and any(c.type == "*" for c in node.children):
            table.stars.append(resolved)
        return
    for exported, name in specifiers:
        if resolved:
            table.named[exported] = (resolved, name)
        elif name in imports:  # import x from '...'; export { x }
            table.named[exported] = imports[name]
        else:
            table.declared.add(exported)


def origins(resolver: "ModuleResolver", module: str, name: str) -> set[Origin]:
    """Where `name` as exported by `module` comes from: the ends of its re-export chains (the
    module itself when it declares the name, or when nothing says otherwise)."""
    return _find(resolver, module, name, 0) or {(module, name)}


def _find(resolver: "ModuleResolver", module: str, name: str, depth: int) -> set[Origin]:
    """Like `origins`, but empty when the module is known not to export the name."""
    if depth > _DEPTH or name == "*":
        return {(module, name)}
    table = resolver.export_table(module)
    if table is None:  # a package, or a file that cannot be read: it may export anything
        return {(module, name)}
    if name in table.named:
        source, imported = table.named[name]
        return _find(resolver, source, imported, depth + 1) or {(source, imported)}
    if name in table.declared or name in table.return_types:
        return {(module, name)}
    found: set[Origin] = set()
    if name != "default":  # `export *` never passes a default on
        for star in table.stars:
            found |= _find(resolver, star, name, depth + 1)
    return found


def reaches(resolver: "ModuleResolver", module: str, targets: frozenset[str], depth: int = 0) -> bool:
    """Whether `module` passes on any name of one of `targets` (is a barrel of one of them)."""
    if module in targets:
        return True
    if depth > _DEPTH:
        return False
    table = resolver.export_table(module)
    if table is None:
        return False
    sources = {source for source, _ in table.named.values()} | set(table.stars) | {source for source, _ in table.return_types.values()}
    return any(reaches(resolver, source, targets, depth + 1) for source in sources if source != module)
