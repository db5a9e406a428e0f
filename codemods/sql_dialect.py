"""SQL inside the strings, made to work on PostgreSQL.

For every query call whose SQL is one literal (in place, or a constant declared earlier), the SQL is
rewritten for the wave's target (engine.sql.sqldialect) and written back into the literal, keeping its
quotes and interpolations. An INSERT whose result is read for `.lastInsertRowid` gets
`RETURNING <key>` (the adapter fills lastInsertRowid from it). What can't be rewritten safely, SQL
built from pieces among it, is listed.
"""
from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from tree_sitter import Node

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.sql.sqldialect import Rewrite, rewrite_to_fixpoint
import re

from wavemod.engine.sql.sqlschema import Schema, load_schema
from wavemod.engine.sql.sqlite_syntax import SQLITE_REFUSES, newly_refused
from wavemod.engine.analysis.sqlrecover import MARKER, QuerySite, Recovered, literal_text, query_sites
from wavemod.engine.analysis.sqlpushed import joined_array, pushed_literals
from wavemod.engine.core.syntax import text, walk
from wavemod.engine.core.types import Finding
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.repository_call import goes_to_repository
from wavemod.codemods.sql_context import may_hold_handle

RESULT_FIELD = "lastInsertRowid"
_REWRITES: dict[tuple[str, str, bool, int], object] = {}


def cached_rewrite(sql: str, target: str, schema, returning: bool = False):
    """sqldialect.rewrite is pure; passes and phases ask for the same SQL again and again, and for
    the text a rewrite produced (the next pass reads it back from the literal): that one is known
    without tokenizing, since the rewrite's last pass was its rewrite (a fixed point)."""
    key = (sql, target, returning, id(schema))
    found = _REWRITES.get(key)
    if found is None:
        if len(_REWRITES) > 50_000:
            _REWRITES.clear()
        found, fixpoint = rewrite_to_fixpoint(sql, target, schema, returning=returning)
        _REWRITES[key] = found
        if fixpoint and found.changed:
            _REWRITES.setdefault((found.sql, target, returning, id(schema)), Rewrite(found.sql, (), found.problems))
    return found
MARKER_ANY = re.compile(r"__wm_\d+__")
_LOCAL_SCHEMAS: dict[tuple[int, tuple[str, ...]], tuple[object, Schema]] = {}  # (the base kept alive, merged)
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def _result_holder(call: Node) -> Node:
    """The expression that carries the call's result: through await, parentheses and casts."""
    node = call
    while node.parent is not None and node.parent.type in {"await_expression", "parenthesized_expression", "as_expression", "non_null_expression"}:
        node = node.parent
    return node


def reads_inserted_id(ctx: FileContext, site: QuerySite) -> tuple[bool, bool]:
    """(reads .lastInsertRowid, result escapes where it can't be followed)."""
    call = site.call
    if site.kind == "prepare" and call.parent is not None and call.parent.type == "member_expression":
        call = call.parent.parent  # db.prepare(sql).run(...): the result is the run() call's
    holder = _result_holder(call)
    parent = holder.parent
    if parent is None:
        return False, False
    if parent.type == "member_expression":
        return text(parent.child_by_field_name("property")) == RESULT_FIELD, False
    if parent.type == "expression_statement":
        return False, False
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return False, True
        reads = escapes = False
        for ref in ctx.index.references(text(name), exclude=name):
            if ctx.index.declaration(ref) != parent:
                continue
            member = ref.parent
            if member is not None and member.type == "member_expression" and member.child_by_field_name("object") == ref:
                reads = reads or text(member.child_by_field_name("property")) == RESULT_FIELD
            else:
                escapes = True
        return reads, escapes
    return False, True


def _declaration_named(ctx: FileContext, at: Node, name: str) -> Node | None:
    """The variable declarator of `name` visible from `at` (scopes walked outwards)."""
    for ident in ctx.index.references(name):
        if ident.start_byte < at.start_byte and ident.parent is not None and ident.parent.type == "variable_declarator":
            if ident.parent.child_by_field_name("name") == ident:
                decl = ident.parent
                # visible: the declaration's scope encloses the call
                scope = decl.parent.parent if decl.parent is not None else None
                if scope is None or (scope.start_byte <= at.start_byte and at.end_byte <= scope.end_byte):
                    return decl
    return None


def with_tables_created_here(ctx: FileContext) -> Schema | None:
    """The schema plus the tables this file creates itself (`CREATE TABLE IF NOT EXISTS` in its
    strings, a table made on demand): an upsert into one needs its keys, and the schema files
    do not have it."""
    texts = []
    for node in ctx.index.nodes("call_expression"):
        for literal in walk(node):
            if literal.type in {"string", "template_string"}:
                found = literal_text(literal)
                if found is not None and "create table" in found.sql.lower():
                    texts.append(MARKER_ANY.sub("0", found.sql))
    if not texts:
        return ctx.schema
    # Kept alive per (schema, DDL): the rewrite cache keys schemas by identity, so one merged
    # schema per distinct DDL, never a new object per pass whose id another could take later.
    key = (id(ctx.schema), tuple(texts))
    merged = _LOCAL_SCHEMAS.get(key)
    if merged is None:
        local = load_schema(";\n".join(texts))
        base = ctx.schema or Schema()
        added = tuple(t for t in local.tables if base.table(t.name) is None)
        merged = _LOCAL_SCHEMAS[key] = (ctx.schema, replace(base, tables=base.tables + added) if added else base)
    return merged[1]


def _changes_by_piece(variant: Recovered, new_sql: str) -> list[tuple[Recovered, str]] | None:
    """The pieces of `variant` (SQL built from several literals) with their new text, when every
    span the whole-statement rewrite changed lies inside one piece that is a literal; else None."""
    pieces = variant.pieces
    if not pieces or "".join(p.sql for p in pieces) != variant.sql:
        return None
    bounds, at = [], 0
    for piece in pieces:
        bounds.append((at, at + len(piece.sql)))
        at += len(piece.sql)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, variant.sql, new_sql, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        holders = [k for k, (start, end) in enumerate(bounds) if start <= i1 and i2 <= end and pieces[k].literal is not None]
        if not holders:
            return None
        k = holders[-1] if i1 == i2 and len(holders) > 1 and bounds[holders[-1]][0] == i1 else holders[0]
        edits.setdefault(k, []).append((i1 - bounds[k][0], i2 - bounds[k][0], new_sql[j1:j2]))
    out = []
    for k, spans in sorted(edits.items()):
        piece_sql = pieces[k].sql
        for start, end, replacement in sorted(spans, reverse=True):
            piece_sql = piece_sql[:start] + replacement + piece_sql[end:]
        out.append((pieces[k], piece_sql))
    return out


def _encode(literal: Node, sql: str, parts: tuple[str, ...]) -> str:
    """The literal's new source text: same quotes when possible, interpolations restored."""
    if literal.type == "template_string" or parts:
        body = sql.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
        for i, part in enumerate(parts):
            body = body.replace(MARKER.format(i), "${" + part + "}")
        return "`" + body + "`"
    quote = text(literal)[0]
    if quote not in sql and "\n" not in sql:
        return quote + sql.replace("\\", "\\\\") + quote
    other = '"' if quote == "'" else "'"
    if other not in sql and "\n" not in sql:
        return other + sql.replace("\\", "\\\\") + other
    return "`" + sql.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${") + "`"


class SqlDialect(Codemod):
    NAME = "sql-dialect"
    DESCRIPTION = "SQL strings rewritten for PostgreSQL (portable or postgres-only), RETURNING for inserted ids."
    NEEDS = (b"prepare(", b"execute", b"exec(")
    # Its SQL notes come after the other rules' in the pass. It reads the tree only: the adapter
    # calls a pass produces, it sees on the next one.
    RUNS_LAST = True
    EXAMPLES = (
        Example(
            "import { executeRun } from '@/lib/db/adapter'\nexport async function add(t: string) {\n  const r = await executeRun(\"INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, datetime('now'))\", [t])\n  return r.lastInsertRowid\n}\n",
            "import { executeRun } from '@/lib/db/adapter'\nexport async function add(t: string) {\n  const r = await executeRun(\"INSERT INTO tags (name, created_at) VALUES (?, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING RETURNING id\", [t])\n  return r.lastInsertRowid\n}\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        # Its query sites (engine.analysis.sqlrecover) are calls on a SQLite-bound receiver, calls of names
        # imported from the adapter, and calls on the handle of a callback of a function whose
        # name ends in `executeTransaction` (by spelling, wherever it comes from).
        adapter = resolver.resolve_configured(rule.options.get("module", config.adapter_module))
        return adapter in modules or b"executeTransaction" in source or may_hold_handle(source, modules, rule.options, config, resolver)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        adapter = rule.options.get("module", ctx.config.adapter_module)
        if b"CREATE TABLE" in ctx.source or b"create table" in ctx.source:
            ctx.schema = with_tables_created_here(ctx)
        for site in query_sites(ctx, adapter):
            if site.kind == "exec":
                continue  # DDL belongs to the schema; exec-statements splits it
            if goes_to_repository(ctx, site):
                continue  # the repository module holds this SQL, already written for PostgreSQL
            if site.recovered is None:
                self.warn(ctx, rule, site.call, f"dynamic SQL ({site.reason}): check it with `wavemod sqlcheck`", "dynamic-sql")
                continue
            for variant in site.recovered.variants:
                self._rewrite_variant(ctx, rule, site, variant)
                self._rewrite_fragments(ctx, rule, site, variant)
                self._rewrite_inline_fragments(ctx, rule, variant)
                self._rewrite_joined_fragments(ctx, rule, site, variant)

    def _rewrite_inline_fragments(self, ctx: FileContext, rule: Rule, variant: Recovered) -> None:
        """String literals inside a template's `${...}` (`${all ? '' : 'AND is_internal = 0'}`) are
        SQL of the statement around them: each is rewritten in its place in the whole statement
        (its column types come from the tables named outside it), and the change kept when it
        falls inside the literal."""
        template = variant.literal
        if template is None or template.type != "template_string" or not variant.parts:
            return
        substitutions = [c for c in template.named_children if c.type == "template_substitution"]
        if len(substitutions) != len(variant.parts):
            return
        for index, substitution in enumerate(substitutions):
            marker = MARKER.format(index)
            if variant.sql.count(marker) != 1:
                continue
            before, after = variant.sql.split(marker)
            for literal in (n for n in walk(substitution) if n.type == "string"):
                self._rewrite_in_place(ctx, rule, literal, before, after)

    def _rewrite_joined_fragments(self, ctx: FileContext, rule: Rule, site: QuerySite, variant: Recovered) -> None:
        """`${conditions.join(' AND ')}` where the function pushes SQL literals onto `conditions`
        (engine.analysis.sqlpushed): each literal is rewritten in that place of the query."""
        for index, part in enumerate(variant.parts):
            name = joined_array(part)
            marker = MARKER.format(index)
            if name is None or variant.sql.count(marker) != 1:
                continue
            before, after = variant.sql.split(marker)
            for literal in pushed_literals(ctx, site.call, name):
                self._rewrite_in_place(ctx, rule, literal, before, after)

    def _rewrite_in_place(self, ctx: FileContext, rule: Rule, literal: Node, before: str, after: str) -> None:
        """A literal holding a fragment of the statement `before + <fragment> + after`: rewritten
        as part of the whole statement, its change kept when it falls inside the literal. The
        fragment's new text is a fixpoint of the same rewrite, so the next pass changes nothing."""
        fragment = literal_text(literal)
        if fragment is None or not fragment.sql.strip():
            return
        whole = before + fragment.sql + after
        result = cached_rewrite(whole, ctx.sql_target, ctx.schema)
        if not result.changed or any(p.startswith("could not parse") for p in result.problems):
            return
        pieces = (Recovered(before), Recovered(fragment.sql, fragment.parts, literal), Recovered(after))
        mapped = _changes_by_piece(Recovered(whole, (), None, pieces), result.sql)
        if mapped:
            for piece, new_sql in mapped:
                self.edit(ctx, rule, piece.literal.start_byte, piece.literal.end_byte, _encode(piece.literal, new_sql, piece.parts))
            self._note(ctx, rule, literal, result.changes)

    def _rewrite_fragments(self, ctx: FileContext, rule: Rule, site: QuerySite, variant: Recovered) -> None:
        """`${conditions}` where `conditions` is a local constant built from string literals (e.g.
        `terms.map(() => 'title LIKE ?').join(' AND ')`): those literals are SQL too."""
        for part in variant.parts:
            if not IDENTIFIER.match(part):
                continue
            decl = _declaration_named(ctx, site.call, part)
            value = decl.child_by_field_name("value") if decl is not None else None
            if value is None:
                continue
            for literal in (n for n in walk(value) if n.type == "string"):
                fragment = literal_text(literal)
                if fragment is None or not fragment.sql.strip():
                    continue
                result = cached_rewrite(fragment.sql, ctx.sql_target, ctx.schema)
                if result.changed and not any(p.startswith("could not parse") for p in result.problems):
                    self.edit(ctx, rule, literal.start_byte, literal.end_byte, _encode(literal, result.sql, fragment.parts))
                    self._note(ctx, rule, literal, result.changes)

    @staticmethod
    def _note(ctx: FileContext, rule: Rule, at: Node, changes: tuple[str, ...]) -> None:
        ctx.notes.append(Finding(ctx.path, ctx.line(at), rule.id, "; ".join(changes), "sql-change"))

    def _rewrite_variant(self, ctx: FileContext, rule: Rule, site: QuerySite, variant: Recovered) -> None:
        is_insert = variant.sql.lstrip().lower().startswith(("insert", "replace"))
        reads, escapes = reads_inserted_id(ctx, site) if is_insert else (False, False)
        if is_insert and escapes and "returning" not in variant.sql.lower():
            self.warn(ctx, rule, site.call, "INSERT result flows where the engine can't follow: if its lastInsertRowid is read, add RETURNING <key>")
        result = cached_rewrite(variant.sql, ctx.sql_target, ctx.schema, reads)
        for problem in result.problems:
            self.warn(ctx, rule, site.call, f"SQL needs a human: {problem}", "sql")
        if not result.changed:
            return
        changes = result.changes
        if ctx.sql_target == "postgres":
            refused = newly_refused(variant.sql, result.sql)
            changes += (f"{SQLITE_REFUSES} ({refused})",) if refused else ()
        if variant.literal is not None:
            self.edit(ctx, rule, variant.literal.start_byte, variant.literal.end_byte, _encode(variant.literal, result.sql, variant.parts))
            self._note(ctx, rule, site.call, changes)
            return
        # Built from pieces: rewrite each piece on its own, but only if that gives exactly what
        # rewriting the whole statement gives (a boolean fix needs the FROM clause of another piece).
        per_piece = [cached_rewrite(piece.sql, ctx.sql_target, ctx.schema) for piece in variant.pieces]
        joined = "".join(r.sql for r in per_piece)
        if variant.pieces and MARKER_ANY.sub("?", joined) == MARKER_ANY.sub("?", result.sql):
            for piece, piece_result in zip(variant.pieces, per_piece):
                if piece_result.changed and piece.literal is not None:
                    self.edit(ctx, rule, piece.literal.start_byte, piece.literal.end_byte, _encode(piece.literal, piece_result.sql, piece.parts))
            self._note(ctx, rule, site.call, changes)
            return
        # Else map each changed span of the whole statement back to the one piece holding it (a
        # boolean fix in `${c ? '' : 'AND is_internal = 0'}`, whose table is named in another piece).
        mapped = _changes_by_piece(variant, result.sql)
        if mapped is not None:
            for piece, new_sql in mapped:
                self.edit(ctx, rule, piece.literal.start_byte, piece.literal.end_byte, _encode(piece.literal, new_sql, piece.parts))
            self._note(ctx, rule, site.call, changes)
            return
        self.warn(ctx, rule, site.call, f"SQL built from several pieces needs: {'; '.join(result.changes)}; rewrite by hand", "sql")
