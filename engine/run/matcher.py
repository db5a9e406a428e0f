"""Running declarative rules: query matches, filters, templates and detect-only messages."""
from __future__ import annotations

from tree_sitter import Node, QueryCursor

from wavemod.engine.analysis.context import FileContext, Match
from wavemod.engine.core.config import CAPTURE_RE, Filter, Rule
from wavemod.engine.core.query_anchors import span
from wavemod.engine.core.syntax import string_value, text
from wavemod.engine.core.types import Edit, Finding


def _passes(ctx: FileContext, f: Filter, node: Node) -> bool:
    if f.text_in and text(node) not in f.text_in:
        return False
    for name, wanted in ((f.bound_to, True), (f.not_bound_to, False)):
        if name:
            if ctx.index.is_bound(node, ctx.config.bindings[name]) != wanted:
                return False
    for modules, wanted in ((f.resolves_to, True), (f.not_resolves_to, False)):
        if modules:
            spec = string_value(node) if node.type in {"string", "template_string"} else text(node)
            if spec is None or ctx.index.resolves_to(spec, modules) != wanted:
                return False
    return True


def find_matches(ctx: FileContext, rule: Rule) -> list[Match]:
    """Matches of the rule's query that pass its filters; each capture maps to its first node."""
    if not rule.query or not rule.may_match(ctx.source):
        return []
    cursor = QueryCursor(ctx.config.query(rule, ctx.lang))
    literals = ctx.config.anchors.get((rule.id, ctx.lang), ())
    if literals:
        # Every match holds one of them (engine.core.query_anchors): the parsed text is searched,
        # the one whose bytes the query's `#eq?` compares.
        where = span(ctx.tree.root_node.text or b"", literals)
        if where is None:
            return []
        cursor.set_byte_range(*where)
    out: list[Match] = []
    for _pattern, captures in cursor.matches(ctx.tree.root_node):
        match = {name: nodes[0] for name, nodes in captures.items() if nodes}
        if all(f.capture in match and _passes(ctx, f, match[f.capture]) for f in rule.filters):
            out.append(match)
    return out


def render_template(ctx: FileContext, template: str, match: Match) -> bytes:
    parts: list[bytes] = []
    cursor = 0
    for found in CAPTURE_RE.finditer(template):
        parts.append(template[cursor : found.start()].encode("utf-8"))
        parts.append(ctx.bytes_of(match[found.group(1)]))
        cursor = found.end()
    parts.append(template[cursor:].encode("utf-8"))
    return b"".join(parts)


def _is_module_itself(ctx: FileContext, rule: Rule) -> bool:
    """A swap of import specifiers to one module (no captures in the template) never rewrites that
    module's own file: the auth service re-exporting the SQLite module would import itself."""
    if rule.replace is None or CAPTURE_RE.search(rule.replace):
        return False
    return ctx.index.resolver.resolve(rule.replace, ctx.path) == ctx.path


def run_declarative(ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
    if matches and _is_module_itself(ctx, rule):
        return
    for match in matches:
        target = match.get(rule.target or "match") or max(match.values(), key=lambda n: n.end_byte - n.start_byte)
        if rule.replace is not None:
            new = render_template(ctx, rule.replace, match)
            if new != ctx.bytes_of(target):
                ctx.edits.append(Edit(target.start_byte, target.end_byte, new, rule.id, rule.priority, imports=rule.add_imports))
        elif rule.message is not None:
            ctx.findings.append(Finding(ctx.path, ctx.line(target), rule.id, rule.message))
