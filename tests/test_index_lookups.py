"""The fast lookups of the per-pass analysis agree with the plain definitions they replace."""
from __future__ import annotations

import random

from wavemod.engine.analysis.bindings import FileIndex, collect_identifiers
from wavemod.engine.analysis.dependencies import SPECIFIER, specifier_matches
from wavemod.engine.core.languages import parse
from wavemod.engine.core.syntax import enclosing_function, text, walk
from wavemod.engine.core.workspace import ModuleResolver


def test_specifier_matches_are_exactly_the_regex_scan() -> None:
    sources = [
        b"import 'a'\nimport x from \"b\"\nconst c = require('c')\nawait import('d')",
        b"\n\n  \t import 'side-effect'\r\nimport\n'next-line'",
        b"from 'a from 'b'",  # the second `from` is inside the first match
        b"ximport('a') reimport 'b' require ( 'c' ) fromage 'd'",
    ]
    rng = random.Random(7)
    pieces = [b"from", b"import", b"require", b"(", b" ", b"\n", b"\r", b"\t", b"'", b'"', b"x"]
    sources += [b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    for source in sources:
        expected = [(m.start(), m.end(), m.groups()) for m in SPECIFIER.finditer(source)]
        assert [(m.start(), m.end(), m.groups()) for m in specifier_matches(source)] == expected, source


SOURCE = """import db, { getDb as open } from '@/lib/db/connection'
const { a, b: [c] } = require('./x')
const x = require('./y').default
function outer(db: Database.Database, cb: (db: number) => void) {
  const inner = (x) => db.prepare(x)
  for (const db of [1]) { inner(db) }
  switch (x) { case 1: let db = open(); db.exec('') }
  class K { db = open(); m() { return function named() { return this.db ?? db } } }
  return { f() { return (y => y + a + c)(db) } }
}
export default async () => { const ünï = 1; return ünï + x + outer }
let broken = (
"""


def _index(source: bytes) -> FileIndex:
    return FileIndex("lib/a.ts", parse(source, "typescript"), ModuleResolver(frozenset({"lib/a.ts", "lib/x.ts", "lib/y.ts"}), "", {"@/*": ["./*"]}))


def test_declarations_references_and_enclosing_functions_match_the_tree_walks() -> None:
    # the same with an identifier that is not UTF-8: its text has replacement characters
    for source in (SOURCE.encode(), SOURCE.encode().replace("ünï".encode(), b"\xff\xfe")):
        index = _index(source)
        identifiers = collect_identifiers(index.tree)
        assert identifiers
        for ident in identifiers:
            expected = index._walk_declaration(ident, text(ident))
            assert index.declaration(ident) == expected, (text(ident), ident.start_byte)
        for name in {text(i) for i in identifiers} | {"", "nope"}:
            assert index.references(name) == [i for i in identifiers if text(i) == name], name
        for node in walk(index.tree.root_node):
            assert index.enclosing_function(node) == enclosing_function(node), (node.type, node.start_byte)
