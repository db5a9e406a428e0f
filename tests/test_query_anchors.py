"""A rule's query run only over the span its `#eq?` literal occurs in (engine.core.query_anchors)
finds exactly what it finds over the whole tree."""
from __future__ import annotations

from tree_sitter import Query, QueryCursor

from wavemod.codemods.registry import CODEMODS
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.analysis.context import FileContext
from wavemod.engine.core.config import load_config
from wavemod.engine.core.languages import language, parse
from wavemod.engine.core.query_anchors import anchors, span
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.run.matcher import find_matches

CONFIG = load_config(None, CODEMODS)
TS = language("typescript")


def _anchors(source: str) -> tuple[bytes, ...]:
    return anchors(source, Query(TS, source))


def test_the_bundled_prepare_rule_is_anchored_on_its_method_name() -> None:
    assert CONFIG.anchors[("prepare-call", "typescript")] == (b"prepare",)
    # Its import swap compares no capture with a literal: it runs over the whole tree.
    assert CONFIG.anchors[("auth-import-swap", "typescript")] == ()


def test_a_literal_a_match_may_lack_is_no_anchor() -> None:
    assert _anchors('(call_expression function: (identifier) @f (#eq? @f "foo")) @c') == (b"foo",)
    assert _anchors('(call_expression function: (identifier)+ @f (#eq? @f "foo"))') == (b"foo",)
    # Inside an alternative, or optional: a match can be without it.
    assert _anchors('(call_expression function: [(identifier) @f (member_expression)] (#eq? @f "foo"))') == ()
    assert _anchors('(call_expression function: (identifier)? @f (#eq? @f "foo"))') == ()
    # Not equal, or compared with another capture, says nothing about the text.
    assert _anchors('(call_expression function: (identifier) @f (#not-eq? @f "foo"))') == ()
    assert _anchors('(call_expression function: (identifier) @f arguments: (arguments (identifier) @g) (#eq? @f @g))') == ()
    # Every pattern needs one, else some matches can be anywhere.
    two = '(call_expression function: (identifier) @f (#eq? @f "foo")) (call_expression function: (identifier) @g (#eq? @g "bar"))'
    assert _anchors(two) == (b"foo", b"bar")
    assert _anchors('(call_expression function: (identifier) @f (#eq? @f "foo")) (call_expression) @any') == ()


def test_span_covers_every_occurrence_of_every_literal() -> None:
    assert span(b"a foo b bar c foo d", (b"foo", b"bar")) == (2, 17)
    assert span(b"nothing here", (b"foo",)) is None


SOURCE = b"""import db from '@/lib/db/connection'
const early = db.prepare('SELECT 1').get()
export function list(): Row[] {
  const rows = db.prepare<Row>('SELECT * FROM t').all() as Row[]
  const prepared = 'prepare'
  return db.prepare(`SELECT * FROM t WHERE id IN (${db.prepare('SELECT 2').all().join(',')})`).all().concat(rows)
}
export const last = () => db
  .prepare('DELETE FROM t')
  .run()
"""


def _context(source: bytes) -> FileContext:
    tree = parse(source, "typescript")
    resolver = ModuleResolver(frozenset({"lib/db/connection.ts", "a.ts"}), "", {"@/*": ["./*"]})
    return FileContext("a.ts", source, tree, "typescript", FileIndex("a.ts", tree, resolver), CONFIG)


def _whole_tree(ctx: FileContext, rule_id: str) -> list[tuple[tuple[str, int, int], ...]]:
    matches = QueryCursor(CONFIG.query(CONFIG.rules[rule_id], "typescript")).matches(ctx.tree.root_node)
    return [tuple(sorted((name, nodes[0].start_byte, nodes[0].end_byte) for name, nodes in captures.items())) for _, captures in matches]


def test_matches_within_the_span_are_those_of_the_whole_tree_in_the_same_order() -> None:
    ctx = _context(SOURCE)
    rule = CONFIG.rules["prepare-call"]
    found = [tuple(sorted((name, node.start_byte, node.end_byte) for name, node in match.items())) for match in find_matches(ctx, rule)]
    assert len(found) == 5  # at the first line, nested, generic, split over lines, at the end
    assert found == _whole_tree(ctx, "prepare-call")


def test_a_file_without_the_literal_has_no_match_and_the_rest_is_unchanged() -> None:
    assert find_matches(_context(b"import db from '@/lib/db/connection'\nexport const n = db.exec('x')\n"), CONFIG.rules["prepare-call"]) == []
