"""Remove imports of configured modules (and aliases made from them) once nothing uses them."""
from __future__ import annotations

import re

from wavemod.engine.core.config import BindingSet, Config, Example, Rule
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.analysis.imports import statement_span
from wavemod.engine.analysis.functions import qname_in
from wavemod.engine.analysis.project import field_read
from wavemod.engine.core.syntax import enclosing_function, string_value, text, unwrap_parens
from wavemod.engine.core.reexports import origins
from wavemod.codemods.base import Codemod, FileContext, Match


Ranges = list[tuple[int, int]]


def _gone(start: int, end: int, removed: Ranges) -> bool:
    """Inside text that an edit of this pass deletes or replaces."""
    return any(s <= start and end <= e for s, e in removed)


def _live_text_uses(ctx: FileContext, needle: bytes, within, removed: Ranges, skip=None) -> bool:
    """Does `needle` occur in `within` outside `skip` and outside the removed ranges?"""
    at = ctx.source.find(needle, within.start_byte, within.end_byte)
    while at != -1:
        in_skip = skip is not None and skip.start_byte <= at < skip.end_byte
        if not in_skip and not _gone(at, at + len(needle), removed):
            return True
        at = ctx.source.find(needle, at + 1, within.end_byte)
    return False


def _shadowed(ctx: FileContext, ref, statement) -> bool:  # type: ignore[no-untyped-def]
    """A reference to a local of the same name (a helper's own `db` parameter), not to the import."""
    decl = ctx.index.declaration(ref)
    return decl is not None and decl != statement and not (decl.type == "variable_declarator" and decl.parent == statement)


class DropUnusedImports(Codemod):
    NAME = "drop-unused-imports"
    DESCRIPTION = "Imports of the given modules, and `const db = getDb()` aliases, go once unused."
    EXAMPLES = (
        Example(
            "import db, { getDb } from '@/lib/db/connection'\nimport { executeQuery } from '@/lib/db/adapter'\nexport async function f() {\n  const conn = getDb()\n  return await executeQuery('SELECT 1')\n}\n",
            "import { executeQuery } from '@/lib/db/adapter'\nexport async function f() {\n  return await executeQuery('SELECT 1')\n}\n",
        ),
    )

    RUNS_LAST = True  # after the rewrites of the same pass: what they replace no longer counts as a use
    READS_EDITS = True

    @staticmethod
    def _targets(rule: Rule, config: Config, resolver: ModuleResolver) -> set[str]:
        return {resolver.resolve_configured(m) for m in rule.options.get("modules", [config.connection_module])}

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        targets = self._targets(rule, config, resolver)
        return bool(modules & targets) or self.acts_alone_through_barrels(modules, targets, resolver)

    def acts_alone_through_barrels(self, modules: frozenset[str], targets: set[str], resolver: ModuleResolver) -> bool:
        return any(resolver.reaches(m, frozenset(targets)) for m in modules if m in resolver.files)

    @staticmethod
    def _from_target(binding, targets: set[str], resolver: ModuleResolver) -> bool:
        """Imported from a target module, or through a barrel from one (engine.core.reexports)."""
        if binding.resolved in targets:
            return True
        if binding.resolved not in resolver.files or not resolver.reaches(binding.resolved, frozenset(targets)):
            return False
        # A namespace of such a barrel goes when unused, as the module's own import does; a name
        # goes when one of its possible origins is a target (dropping an unused import is safe).
        if binding.imported == "*":
            return True
        for module, name in origins(resolver, binding.resolved, binding.imported):
            table = resolver.export_table(module)
            factory = table.return_types.get(name) if table is not None else None  # `export type Db = ReturnType<typeof getDb>`
            if module in targets or (factory is not None and any(source in targets for source, _ in origins(resolver, *factory))):
                return True
        return False

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        targets = self._targets(rule, ctx.config, ctx.index.resolver)
        resolver = ctx.index.resolver
        dynamic = [b for found in ctx.index.dynamic_imports.values() for b in found if self._from_target(b, targets, resolver)]
        bound_locals = {b.local for b in ctx.index.imports.values() if self._from_target(b, targets, resolver)} | {b.local for b in dynamic}
        # Text that other rules replace in this same pass is gone: references inside it don't count.
        replaced = [(e.start, e.end) for e in ctx.edits if not e.is_insertion]
        aliases_removed = [(n.start_byte, n.end_byte) for n in self._drop_aliases(ctx, rule, bound_locals, replaced)] + replaced
        for statement in ctx.index.import_statements:
            source = statement.child_by_field_name("source")
            spec = string_value(source) if source is not None else None
            if spec is None:
                continue
            bindings = [b for b in ctx.index.imports.values() if b.statement == statement]
            if (resolver.resolve(spec, ctx.path) or spec) not in targets and not (bindings and all(self._from_target(b, targets, resolver) for b in bindings)):
                # A barrel import that also takes other names: the connection's names go alone.
                doomed = [b for b in bindings if b.imported != "*" and self._from_target(b, targets, resolver) and self._unused(ctx, b.local, statement, aliases_removed)]
                if doomed:
                    self._drop_names(ctx, rule, statement, {b.local for b in doomed})
                continue
            names = [b.local for b in bindings]
            if not names:
                continue  # side-effect import: keep
            unused = {name for name in names if self._unused(ctx, name, statement, aliases_removed)}
            if len(unused) == len(names):
                start, end = statement_span(ctx.source, statement)
                self.edit(ctx, rule, start, end, b"")
            elif unused & bound_locals:
                # `import { getDb, type Activity }`: the handle's names go, the types it still uses stay.
                self._drop_names(ctx, rule, statement, unused)
        # `const db = require('...connection').default` (one declarator: the statement goes whole).
        # `const { getDb } = await import('...connection')` inside a function, the same way.
        required = {b.statement.id: b.statement for b in ctx.index.imports.values() if b.resolved in targets and b.statement.type != "import_statement"}
        required.update((b.statement.id, b.statement) for b in dynamic)
        for statement in required.values():
            names = [b.local for b in [*ctx.index.imports.values(), *dynamic] if b.statement == statement]
            if len(statement.named_children) == 1 and all(self._unused(ctx, name, statement, aliases_removed) for name in names):
                start, end = statement_span(ctx.source, statement)
                self.edit(ctx, rule, start, end, b"")

    def _drop_names(self, ctx: FileContext, rule: Rule, statement, names: set[str]) -> None:
        """Remove the default import or named specifiers `names` from an import that keeps others."""
        clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
        parts = list(clause.named_children) if clause is not None else []
        named = next((p for p in parts if p.type == "named_imports"), None)
        specifiers = [c for c in named.named_children if c.type == "import_specifier"] if named is not None else []
        local = lambda spec: text(spec.child_by_field_name("alias") or spec.child_by_field_name("name"))  # noqa: E731
        gone = [spec for spec in specifiers if local(spec) in names]
        default = next((p for p in parts if p.type == "identifier"), None)
        if default is not None and text(default) in names:
            if len(gone) == len(specifiers) and named is not None:
                return  # (every name goes: the statement goes whole elsewhere)
            after = parts[parts.index(default) + 1]
            self.edit(ctx, rule, default.start_byte, after.start_byte, b"")
        if gone and len(gone) == len(specifiers):
            if default is not None and text(default) not in names:
                self.edit(ctx, rule, default.end_byte, named.end_byte, b"")
            return
        kept = [spec for spec in specifiers if spec not in gone]
        if gone:
            self.edit(ctx, rule, specifiers[0].start_byte, specifiers[-1].end_byte, b", ".join(spec.text or b"" for spec in kept))

    @staticmethod
    def _unused(ctx: FileContext, name: str, statement, removed: list[tuple[int, int]]) -> bool:
        """No reference outside text this pass replaces, nor in the text replacing it (a cast's
        type `as Activity[]` moves into a type argument `<Activity>`: still a use)."""
        for ref in ctx.index.references(name, exclude=statement):
            if _gone(ref.start_byte, ref.end_byte, removed) or _shadowed(ctx, ref, statement):
                continue
            return False
        word = re.compile(rb"(?<![\w$])" + re.escape(name.encode()) + rb"(?![\w$])")
        return not any(word.search(edit.text) for edit in ctx.edits)

    def _drop_aliases(self, ctx: FileContext, rule: Rule, bound_locals: set[str], replaced: list[tuple[int, int]]) -> list:
        """`const db = getDb()` where getDb comes from a dropped module and db is no longer used."""
        removed = []
        for binding_name in bound_locals:
            for ref in ctx.index.references(binding_name):
                call = ref.parent
                if call is None or call.type != "call_expression" or call.child_by_field_name("function") != ref:
                    continue
                declarator = call.parent
                while declarator is not None and declarator.type in {"parenthesized_expression", "as_expression", "non_null_expression"}:
                    declarator = declarator.parent
                if declarator is None or declarator.type != "variable_declarator" or unwrap_parens(declarator.child_by_field_name("value")) not in (call, call.parent):
                    continue
                name_node = declarator.child_by_field_name("name")
                declaration = declarator.parent
                if name_node is None or name_node.type != "identifier" or declaration is None or len(declaration.named_children) != 1:
                    continue
                uses = [r for r in ctx.index.references(text(name_node), exclude=name_node) if ctx.index.declaration(r) == declarator]
                if not all(_gone(r.start_byte, r.end_byte, replaced) for r in uses):
                    continue
                start, end = statement_span(ctx.source, declaration)
                self.edit(ctx, rule, start, end, b"")
                removed.append(declaration)
        removed.extend(self._drop_fields(ctx, rule, bound_locals, replaced))
        removed.extend(self._drop_parameters(ctx, rule, bound_locals, replaced))
        removed.extend(self._drop_type_aliases(ctx, rule, bound_locals, replaced))
        return removed

    def _drop_type_aliases(self, ctx: FileContext, rule: Rule, bound_locals: set[str], replaced: list[tuple[int, int]]) -> list:
        """`type Db = ReturnType<typeof getDb>` (not exported) once nothing names `Db`."""
        removed = []
        for node in ctx.tree.root_node.named_children if bound_locals else []:
            value = node.child_by_field_name("value") if node.type == "type_alias_declaration" else None
            if value is None or value.type != "generic_type" or not text(value).startswith("ReturnType"):
                continue
            args = next((c for c in value.named_children if c.type == "type_arguments"), None)
            query = args.named_children[0] if args is not None and args.named_children else None
            if query is None or query.type != "type_query" or text(query.named_children[-1]) not in bound_locals:
                continue
            name = node.child_by_field_name("name")
            if all(_gone(r.start_byte, r.end_byte, replaced) for r in ctx.index.references(text(name), exclude=node)):
                start, end = statement_span(ctx.source, node)
                # A declaration set apart by blank lines takes one of them along.
                before = ctx.source[:start].rstrip(b" \t")
                if start > 0 and before.endswith(b"\n") and before[:-1].rstrip(b"\r").endswith(b"\n") and ctx.source[end : end + 1] in {b"\n", b"\r"}:
                    end = ctx.source.find(b"\n", end) + 1
                self.edit(ctx, rule, start, end, b"")
                removed.append(node)
        return removed

    def _report_unused_handles(self, ctx: FileContext, rule: Rule, binding: BindingSet, params: list, dropping: list, replaced: list[tuple[int, int]]) -> None:
        """A SQLite handle parameter without a default that nothing reads any more: removing it means
        changing every caller, which is a human's call."""
        for param in params:
            annotation = param.child_by_field_name("type")  # few parameters have the handle's type: test that first
            if annotation is None or text(annotation).lstrip(":").strip() not in binding.type_names:
                continue
            pattern = param.child_by_field_name("pattern")
            if pattern is None or param in dropping or param.child_by_field_name("value") is not None:
                continue
            name = text(pattern)
            fn = enclosing_function(param)
            if fn is not None and any(c.type in {"accessibility_modifier", "readonly"} for c in param.children) and field_read(ctx.index, fn, name):
                continue  # a parameter property the class still reads as `this.<name>`
            uses = [r for r in ctx.index.references(name, exclude=pattern) if ctx.index.declaration(r) == param]
            if all(_gone(u.start_byte, u.end_byte, replaced) for u in uses):
                if ctx.project is not None and fn is not None and ctx.project.gid(ctx.path, qname_in(ctx.index, fn)) in ctx.project.pinned:
                    self.warn(ctx, rule, param, f"parameter `{name}` (the SQLite handle) is no longer used, but a file excluded from every wave passes it: it stays until that caller moves to the adapter")
                else:
                    self.warn(ctx, rule, param, f"parameter `{name}` (the SQLite handle) is no longer used: remove it and the argument its callers pass")

    def _drop_parameters(self, ctx: FileContext, rule: Rule, bound_locals: set[str], replaced: list[tuple[int, int]]) -> list:
        """Trailing parameters defaulting to the SQLite handle (`db = getDb()`, `private db = getDatabase()`)
        that nothing reads any more. Only trailing ones with a default: callers can't be passing them
        positionally by necessity, and if one does, tsc says so."""
        removed: list = []
        handle = ctx.config.bindings.get(rule.options.get("binding", "sqlite"))
        if handle is not None and not any(name.encode() in ctx.source for name in handle.type_names):
            handle = None  # only parameters typed as the handle are reported: this file never spells the type
        if not bound_locals and handle is None:
            return removed  # no parameter can default to a bound call, none to report
        for fn in ctx.index.nodes("method_definition", "function_declaration", "arrow_function", "function_expression"):
            params_node = fn.child_by_field_name("parameters")
            if params_node is None:
                continue
            params = [p for p in params_node.named_children if p.type in {"required_parameter", "optional_parameter"}]
            drop: list = []
            for param in reversed(params):
                value = param.child_by_field_name("value")
                value = unwrap_parens(value) if value is not None else None
                pattern = param.child_by_field_name("pattern")
                if value is None or value.type != "call_expression" or text(value.child_by_field_name("function")) not in bound_locals or pattern is None:
                    break
                name = text(pattern)
                is_property = any(c.type in {"accessibility_modifier", "readonly"} for c in param.children)
                scope = fn.parent if is_property and fn.parent is not None else fn
                needle = (f"this.{name}" if is_property else name).encode()
                if _live_text_uses(ctx, needle, scope, replaced, skip=param):
                    break
                drop.append(param)
            if handle is not None:
                self._report_unused_handles(ctx, rule, handle, params, drop, replaced)
            if not drop:
                continue
            first = drop[-1]
            keep = [p for p in params if p not in drop]
            # remove from the end of the last kept parameter (its comma) to the end of the last dropped one
            start = keep[-1].end_byte if keep else first.start_byte
            end = drop[0].end_byte
            if not keep:
                tail = ctx.source[end : params_node.end_byte - 1]
                end = end + len(tail) - len(tail.lstrip(b", \r\n\t"))
            self.edit(ctx, rule, start, end, b"")
            removed.extend(drop)
        return removed

    def _drop_fields(self, ctx: FileContext, rule: Rule, bound_locals: set[str], replaced: list[tuple[int, int]]) -> list:
        """`private db = getDb()` class fields that no `this.db` reads any more."""
        removed = []
        for field in ctx.index.nodes("public_field_definition"):
            value = field.child_by_field_name("value")
            value = unwrap_parens(value) if value is not None else None
            if value is None or value.type != "call_expression" or text(value.child_by_field_name("function")) not in bound_locals:
                continue
            body = field.parent
            name = text(field.child_by_field_name("name"))
            if body is None:
                continue
            if _live_text_uses(ctx, f"this.{name}".encode(), body, replaced):
                continue
            start, end = statement_span(ctx.source, field)
            self.edit(ctx, rule, start, end, b"")
            removed.append(field)
        return removed
