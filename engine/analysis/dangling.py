"""Nothing dangles: the checks every rewritten file passes before it may be written.

They look at the output, not at what the codemods meant to do, so they hold whichever codemod made
an edit: a name whose declaration or import an edit removed is not referenced any more, and an
import the wave wrote resolves to a file of the target. A file that fails one is reported as failed
(naming the rule), like a file whose output parses worse than its input.
"""
from __future__ import annotations

from bisect import bisect_right

from tree_sitter import Node

from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.syntax import line_of, text, walk
from wavemod.engine.core.types import Edit

DECLARATIONS = ("import_statement", "variable_declarator", "function_declaration", "class_declaration", "generator_function_declaration")


def _declared(index: FileIndex, node: Node) -> list[str]:
    if node.type == "import_statement":
        return [b.local for b in index.imports.values() if b.statement == node]
    name = node.child_by_field_name("name")
    if name is None:
        return []
    if name.type == "identifier":
        return [text(name)]
    return [text(n) for n in walk(name) if n.type in {"identifier", "shorthand_property_identifier_pattern"}]


def removed_declarations(index: FileIndex, edits: list[Edit]) -> dict[str, str]:
    """Names declared by nodes that lie wholly inside text the `edits` replace: name -> rule."""
    spans = sorted((e.start, e.end, e.rule) for e in edits if e.end > e.start)
    if not spans:
        return {}
    starts = [s for s, _, _ in spans]
    out: dict[str, str] = {}
    for node in index.nodes(*DECLARATIONS):
        i = bisect_right(starts, node.start_byte) - 1
        # Edits of one pass do not overlap, so the only candidate is the last one starting before.
        if i >= 0 and node.end_byte <= spans[i][1]:
            for name in _declared(index, node):
                out.setdefault(name, spans[i][2])
    return out


def dangling_references(index: FileIndex, removed: dict[str, str]) -> list[str]:
    """Problems: references to removed names that nothing in the output declares any more."""
    problems = []
    for name, rule in sorted(removed.items()):
        # (`references` gives identifiers in expression and type positions, never property names.)
        free = next((ref for ref in index.references(name) if index.declaration(ref) is None), None)
        if free is not None:
            problems.append(f"rule {rule} removed the declaration of `{name}`, which the rewritten text still uses at line {line_of(free)}")
    return problems


def unresolved_imports(index: FileIndex, original: bytes) -> list[str]:
    """Problems: imports of the output that name a module of the target (a relative or tsconfig
    path) that does not exist, and that the input did not already have."""
    problems = []
    seen: set[str] = set()
    for binding in index.imports.values():
        spec = binding.specifier
        if spec in seen or binding.resolved != spec or not index.resolver.is_local(spec):
            continue
        seen.add(spec)
        if f"'{spec}'".encode() in original or f'"{spec}"'.encode() in original:
            continue  # unresolved before the wave too: not the wave's doing
        problems.append(f"the rewritten text imports {spec} at line {line_of(binding.statement)}, which resolves to no file of the target")
    return problems
