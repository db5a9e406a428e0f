"""Name binding within one file: imports, declarations by scope, and 'is this bound to module M?'.

Receivers are resolved through the import they came from, never by spelling: `db` imported from the
connection module is SQLite, `db` of type IDBDatabase is not, and `getDatabase` means whichever
module it was imported from.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from tree_sitter import Node, Query, QueryCursor, Tree

from wavemod.engine.core.config import BindingSet
from wavemod.engine.analysis.handle_callers import UNKNOWN, Verdict, function_of, loosely_typed, typed_verdict, verdict
from wavemod.engine.core.languages import language, language_for, parse
from wavemod.engine.analysis.other_databases import only_other_databases
from wavemod.engine.core.reexports import origins
from wavemod.engine.core.syntax import FUNCTION_TYPES, enclosing_function, string_value, text, unwrap_parens, walk
from wavemod.engine.core.workspace import ModuleResolver

DECLARING_TYPES = (
    "import_statement",
    "variable_declarator",
    "required_parameter",
    "optional_parameter",
    "arrow_function",
    "function_declaration",
    "class_declaration",
    "generator_function_declaration",
)
# Every node type some part of the engine looks for; one query per pass collects them all.
COLLECTED_TYPES = tuple(
    sorted(
        set(DECLARING_TYPES)
        | FUNCTION_TYPES
        | {
            "call_expression",
            "await_expression",
            "export_statement",
            "public_field_definition",
            "assignment_expression",
            "augmented_assignment_expression",
        }
    )
)
_COLLECTED = frozenset(COLLECTED_TYPES)
_DECLARING = frozenset(DECLARING_TYPES)
# What a function does with a parameter that shows it is a database handle.
HANDLE_METHODS = frozenset({"prepare", "exec", "transaction", "pragma"})
IDENTIFIER_TYPES = ("identifier", "shorthand_property_identifier", "type_identifier")


@lru_cache(maxsize=None)
def _query(lang_name: str, types: tuple[str, ...]) -> tuple[Query, tuple[str, ...]]:
    """One single-node pattern per type the grammar knows, and those types by pattern index."""
    lang = language(lang_name)
    known = tuple(t for t in types if lang.id_for_node_kind(t, True))  # grammar versions differ
    return Query(lang, " ".join(f"({t}) @n" for t in known)), known


def _lang_name(tree: Tree) -> str:
    return "tsx" if tree.language == language("tsx") else "typescript"


def _matches(tree: Tree, types: tuple[str, ...]) -> tuple[list[tuple[int, dict[str, list[Node]]]], tuple[str, ...]]:
    """Single-node matches of the given types, and the types by pattern index.

    `matches` yields single-node matches in traversal order (document order, outer node first), so
    nothing needs sorting, where `captures` returns hash order. The pattern index names the type,
    which saves a `Node.type` per node."""
    query, known = _query(_lang_name(tree), types)
    return QueryCursor(query).matches(tree.root_node), known


def collect_nodes(tree: Tree) -> tuple[dict[str, list[Node]], list[tuple[Node, str]]]:
    """Nodes of the collected types by type, each list in document order; and all of them, with
    their types, in document order (an outer node before the nodes inside it)."""
    matches, known = _matches(tree, COLLECTED_TYPES)
    out: dict[str, list[Node]] = {}
    ordered: list[tuple[Node, str]] = []
    for pattern, captured in matches:
        kind = known[pattern]
        node = captured["n"][0]
        bucket = out.get(kind)
        if bucket is None:
            bucket = out[kind] = []
        bucket.append(node)
        ordered.append((node, kind))
    return out, ordered


def collect_identifiers(tree: Tree) -> list[Node]:
    """Identifier nodes in document order."""
    matches, _ = _matches(tree, IDENTIFIER_TYPES)
    return [captured["n"][0] for _, captured in matches]


_UNSET = object()  # memo miss (None is a valid answer)


def _start_byte(node: Node) -> int:
    return node.start_byte

SCOPE_TYPES = frozenset({"program", "statement_block", "for_statement", "for_in_statement", "class_body", "switch_body"}) | FUNCTION_TYPES


def _is_scope(node: Node) -> bool:
    # The root is the file's scope even when tree-sitter's error recovery makes it an ERROR node
    # (one misread construct can wrap a whole test file in ERROR; its imports still bind).
    return node.type in SCOPE_TYPES or node.parent is None


@dataclass(frozen=True)
class ImportBinding:
    local: str
    specifier: str
    resolved: str  # repository path, or the specifier itself for packages
    imported: str  # "default", "*", or the exported name
    type_only: bool
    statement: Node


def dynamic_import_spec(node: Node) -> str | None:
    """The module of `await import('m')` (in parentheses or not), else None."""
    node = unwrap_parens(node)
    if node.type != "await_expression" or not node.named_children:
        return None
    call = unwrap_parens(node.named_children[0])
    function = call.child_by_field_name("function") if call.type == "call_expression" else None
    if function is None or function.type != "import":
        return None
    args = call.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return string_value(first) if first is not None else None


class FileIndex:
    """Scopes, imports and node buckets of one parsed file (one query collects what every part needs)."""

    def __init__(self, path: str, tree: Tree, resolver: ModuleResolver):
        self.path = path
        self.tree = tree
        self.resolver = resolver
        self.imports: dict[str, ImportBinding] = {}
        # `await import('m')` inside a function: name -> bindings, each valid in its own scope only
        self.dynamic_imports: dict[str, list[ImportBinding]] = {}
        self.import_statements: list[Node] = []
        # name -> scope node id -> declaring node (variable_declarator, parameter, function, class, import)
        self._decls: dict[str, dict[int, Node]] = {}
        # scope node id -> its byte range, None for nodes that are not scopes (the parameters of a
        # function type are declared on it, but no lookup stops there)
        self._spans: dict[int, tuple[int, int] | None] = {}
        self._memo: dict[tuple[int, str], bool] = {}
        # Per-tree memo for derived facts (callee refs, qualified names, declarations). Keys are node
        # ids, which are only unique within one tree: never share this across trees or passes.
        self.memo: dict[tuple[str, int], object] = {}
        self._by_type, self._ordered = collect_nodes(tree)
        self._merged: dict[tuple[str, ...], list[Node]] = {}
        self._function_spans: tuple[list[int], list[int], list[Node]] | None = None  # see _enclosing_function
        self._references: dict[str, list[Node]] = {}
        self._source: bytes | None = None  # the text under the root node, read on first use
        self._collect()

    # ---- node buckets: one C-level query per pass instead of a Python walk per codemod ----------
    def nodes(self, *types: str) -> list[Node]:
        """Nodes of the given types, in document order. The list is shared: don't modify it."""
        if len(types) == 1:
            found = self._by_type.get(types[0])
            if found is not None:
                return found
        if not _COLLECTED.issuperset(types):
            # Asking for a type the query does not collect would silently find nothing.
            raise ValueError(f"node types {sorted(set(types) - _COLLECTED)} are not collected: add them to COLLECTED_TYPES")
        if len(types) == 1:
            return []
        # Codemods and the summary ask for the same combinations (the function types) every pass.
        # Taken from the query's own order: sorting by range costs several times as much.
        merged = self._merged.get(types)
        if merged is None:
            wanted = frozenset(types)
            merged = self._merged[types] = [n for n, kind in self._ordered if kind in wanted]
        return merged

    def within(self, node: Node, *types: str) -> list[Node]:
        """Nodes of the given types inside `node` (including `node` itself)."""
        start, end = node.start_byte, node.end_byte
        return [n for n in self.nodes(*types) if start <= n.start_byte and n.end_byte <= end]

    def enclosing_function(self, node: Node) -> Node | None:
        """`syntax.enclosing_function`, by byte range over the collected functions (see _declaration
        for why ranges decide ancestry) instead of a walk up `Node.parent`."""
        key = ("enclosing", node.id)
        found = self.memo.get(key, _UNSET)
        if found is _UNSET:
            found = self.memo[key] = self._enclosing_function(node)
        return found  # type: ignore[return-value]

    def _enclosing_function(self, node: Node) -> Node | None:
        if self._function_spans is None:
            functions = self.nodes(*FUNCTION_TYPES)
            self._function_spans = ([f.start_byte for f in functions], [f.end_byte for f in functions], functions)
        starts, ends, functions = self._function_spans
        start, end = node.start_byte, node.end_byte
        if start == end:
            return enclosing_function(node)
        # Functions come in document order, so going back from the last one starting at or before
        # `node`, the first that holds it is the innermost (at equal starts, the outer comes first).
        # Equal ranges don't tell which node is inside which: then walk.
        i = bisect_right(starts, start) - 1
        while i >= 0:
            if end <= ends[i]:
                if starts[i] == start and ends[i] == end:
                    if functions[i].id != node.id:
                        return enclosing_function(node)
                elif i > 0 and starts[i - 1] == starts[i] and ends[i - 1] == ends[i]:
                    return enclosing_function(node)
                else:
                    return functions[i]
            i -= 1
        return None

    # ---- collection -------------------------------------------------------------------------
    def _scope_of(self, node: Node) -> Node:
        current = node.parent
        while current is not None and current.type not in SCOPE_TYPES:
            current = current.parent
        return current if current is not None else self.tree.root_node

    def _declare(self, scope: Node, name: str, node: Node) -> None:
        scope_id = scope.id
        scopes = self._decls.get(name)
        if scopes is None:
            scopes = self._decls[name] = {}
        scopes.setdefault(scope_id, node)
        if scope_id not in self._spans:
            self._spans[scope_id] = (scope.start_byte, scope.end_byte) if _is_scope(scope) else None

    def _collect(self) -> None:
        # Over the query's own list, whose kinds are known: no merged list of the declaring types
        # (nothing else asks for it) and no `Node.type` per node (this runs on every pass's tree).
        declare = self._declare
        for node, kind in self._ordered:
            if kind not in _DECLARING:
                continue
            if kind == "variable_declarator":
                name = node.child_by_field_name("name")
                if name is None:
                    continue
                scope = self._scope_of(node)
                if name.type == "identifier":
                    declare(scope, text(name), node)
                else:  # destructuring: names are declared, bound to nothing we track
                    for ident in walk(name):
                        if ident.type in {"identifier", "shorthand_property_identifier_pattern"}:
                            declare(scope, text(ident), node)
                self._collect_require(node, name)
            elif kind == "required_parameter" or kind == "optional_parameter":
                pattern = node.child_by_field_name("pattern")
                if pattern is not None and pattern.type == "identifier":
                    params = node.parent
                    function = params.parent if params is not None else None
                    if function is not None:
                        declare(function, text(pattern), node)
            elif kind == "import_statement":
                self._collect_import(node)
            elif kind == "arrow_function":
                param = node.child_by_field_name("parameter")
                if param is not None and param.type == "identifier":
                    declare(node, text(param), param)
            else:  # function, generator function or class declaration
                name = node.child_by_field_name("name")
                if name is not None:
                    declare(self._scope_of(node), text(name), node)

    def _add_import(self, local: str, spec: str, imported: str, type_only: bool, statement: Node) -> None:
        resolved = self.resolver.resolve(spec, self.path) or spec
        self.imports[local] = ImportBinding(local, spec, resolved, imported, type_only, statement)
        self._declare(self.tree.root_node, local, statement)

    def _collect_import(self, node: Node) -> None:
        self.import_statements.append(node)
        source = node.child_by_field_name("source")
        spec = string_value(source) if source is not None else None
        if spec is None:
            return
        type_only = any(child.type == "type" for child in node.children)
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return
        for part in clause.named_children:
            if part.type == "identifier":
                self._add_import(text(part), spec, "default", type_only, node)
            elif part.type == "namespace_import":
                ident = next((c for c in part.named_children if c.type == "identifier"), None)
                if ident is not None:
                    self._add_import(text(ident), spec, "*", type_only, node)
            elif part.type == "named_imports":
                for spec_node in part.named_children:
                    if spec_node.type != "import_specifier":
                        continue
                    name = spec_node.child_by_field_name("name")
                    alias = spec_node.child_by_field_name("alias")
                    item_type_only = type_only or any(c.type == "type" for c in spec_node.children)
                    self._add_import(text(alias or name), spec, text(name), item_type_only, node)

    def _collect_dynamic_import(self, declarator: Node, name: Node, value: Node) -> None:
        """`const { getDatabase } = await import('m')`, `const m = await import('m')`: bound in the
        declarator's own scope (a function's), not the module's: `import_of` finds them there."""
        spec = dynamic_import_spec(value)
        if spec is None:
            return
        resolved = self.resolver.resolve(spec, self.path) or spec
        statement = declarator.parent or declarator
        found: list[tuple[str, str]] = []
        if name.type == "identifier":
            found.append((text(name), "*"))
        elif name.type == "object_pattern":
            for prop in name.named_children:
                if prop.type == "shorthand_property_identifier_pattern":
                    found.append((text(prop), text(prop)))
                elif prop.type == "pair_pattern":
                    key, local = prop.child_by_field_name("key"), prop.child_by_field_name("value")
                    if key is not None and local is not None and local.type == "identifier":
                        found.append((text(local), text(key).strip("'\"")))
        for local, imported in found:
            self.dynamic_imports.setdefault(local, []).append(ImportBinding(local, spec, resolved, imported, False, statement))

    def _collect_require(self, declarator: Node, name: Node) -> None:
        """`const x = require('m')`, `require('m').default`, `const { a } = require('m')`."""
        value = declarator.child_by_field_name("value")
        if value is None:
            return
        member_of = None
        if value.type == "member_expression":
            member_of, value = value, value.child_by_field_name("object")
        if value is not None and value.type == "await_expression" and member_of is None:
            self._collect_dynamic_import(declarator, name, value)
            return
        if value is None or value.type != "call_expression":
            return
        function = value.child_by_field_name("function")
        if function is None or function.text != b"require":  # bytes: runs for every declarator
            return
        member = text(member_of.child_by_field_name("property")) if member_of is not None else None
        args = value.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        spec = string_value(first) if first is not None else None
        if spec is None:
            return
        statement = declarator.parent or declarator
        if name.type == "identifier":
            self._add_import(text(name), spec, member or "default", False, statement)
        elif name.type == "object_pattern":
            for prop in name.named_children:
                if prop.type == "shorthand_property_identifier_pattern":
                    self._add_import(text(prop), spec, text(prop), False, statement)

    # ---- queries ----------------------------------------------------------------------------
    def declaration(self, ident: Node, name: str | None = None) -> Node | None:
        """The nearest declaration of an identifier's name, walking scopes outwards. `name`: the
        identifier's text, when the caller has read it already (it is not read again)."""
        key = ("decl", ident.id)
        found = self.memo.get(key, _UNSET)
        if found is _UNSET:
            found = self.memo[key] = self._declaration(ident, text(ident) if name is None else name)
        return found  # type: ignore[return-value]

    def _declaration(self, ident: Node, name: str) -> Node | None:
        """The declaration in the innermost scope around `ident` (or `ident` itself) declaring its name.

        Walking up `Node.parent` is slow (tree-sitter finds each parent from the root), so scopes
        are compared by byte range: a node whose range holds the non-empty range of `ident` is
        `ident` or one of its ancestors, and of nested ancestors the inner one starts later or,
        at the same start, ends earlier. Ranges that can't tell (an empty `ident`, two scopes
        with the same range) take the walk."""
        scopes = self._decls.get(name)
        if scopes is None:
            return None
        start, end = ident.start_byte, ident.end_byte
        if start == end:
            return self._walk_declaration(ident, name)
        found, found_start, found_end = None, -1, -1
        for scope_id, decl in scopes.items():
            span = self._spans[scope_id]
            if span is None:
                continue
            scope_start, scope_end = span
            if scope_start <= start and end <= scope_end:
                if scope_start > found_start or (scope_start == found_start and scope_end < found_end):
                    found, found_start, found_end = decl, scope_start, scope_end
                elif scope_start == found_start and scope_end == found_end:
                    return self._walk_declaration(ident, name)
        return found

    def _walk_declaration(self, ident: Node, name: str) -> Node | None:
        current: Node | None = ident
        while current is not None:
            if _is_scope(current):
                found = self._decls.get(name, {}).get(current.id)
                if found is not None:
                    return found
            current = current.parent
        return None

    def declared_at_top(self, name: str) -> bool:
        return self.tree.root_node.id in self._decls.get(name, {})

    def import_of(self, ident: Node, name: str | None = None) -> ImportBinding | None:
        """The import that binds an identifier here, or None. `name`: as for `declaration`."""
        if name is None:
            name = text(ident)
        binding = self.imports.get(name)  # most names are not imported: no scope lookup then
        if binding is None:
            return self._dynamic_import_of(ident, name) if self.dynamic_imports else None
        decl = self.declaration(ident, name)
        if decl is None:
            return None
        # An import statement declares its names itself; `const db = require('m').default` declares
        # its name with the declarator, inside the statement the binding records.
        if binding.statement == decl or (decl.type == "variable_declarator" and decl.parent == binding.statement):
            return binding
        return None

    def _dynamic_import_of(self, ident: Node, name: str) -> ImportBinding | None:
        decl = self.declaration(ident, name)
        for binding in self.dynamic_imports.get(name, ()):
            if decl is not None and decl.type == "variable_declarator" and decl.parent == binding.statement:
                return binding
        return None

    def _modules(self, bset: BindingSet) -> set[str]:
        return {self.resolver.resolve_configured(m) for m in bset.modules}

    def resolves_to(self, specifier: str, modules: tuple[str, ...]) -> bool:
        resolved = self.resolver.resolve(specifier, self.path) or specifier
        return resolved in {self.resolver.resolve_configured(m) for m in modules}

    def _names_one_of(self, module: str, name: str, bset: BindingSet, names: tuple[str, ...] | frozenset[str]) -> bool:
        """Whether `name` exported by `module` is one of `names` of the set's modules: directly, or
        at the end of a re-export chain (a barrel: engine.core.reexports)."""
        modules = self._modules(bset)
        if module in modules:
            return name in names
        if module not in self.resolver.files or not self.resolver.reaches(module, frozenset(modules)):
            return False
        return any(source in modules and imported in names for source, imported in origins(self.resolver, module, name))

    def is_factory(self, callee: Node, bset: BindingSet) -> bool:
        if callee.type == "member_expression":  # import * as conn from '...'; conn.getDb()
            obj = callee.child_by_field_name("object")
            spec = dynamic_import_spec(obj) if obj is not None else None
            if spec is not None:  # (await import('@/lib/db')).getDb()
                resolved = self.resolver.resolve(spec, self.path) or spec
                return self._names_one_of(resolved, text(callee.child_by_field_name("property")), bset, bset.factories)
            binding = self.import_of(obj) if obj is not None and obj.type == "identifier" else None
            return binding is not None and binding.imported == "*" and self._names_one_of(binding.resolved, text(callee.child_by_field_name("property")), bset, bset.factories)
        if callee.type != "identifier":
            return False
        binding = self.import_of(callee)
        return binding is not None and self._names_one_of(binding.resolved, binding.imported, bset, bset.factories)

    def _value_is_bound(self, value: Node | None, bset: BindingSet) -> bool:
        if value is None:
            return False
        while value.type in {"parenthesized_expression", "as_expression", "non_null_expression"}:
            value = value.named_children[0]
        if value.type == "call_expression":
            return self.is_factory(value.child_by_field_name("function"), bset)
        if value.type in {"identifier", "member_expression"}:
            return self.is_bound(value, bset)
        if value.type == "ternary_expression":
            branches = [value.child_by_field_name("consequence"), value.child_by_field_name("alternative")]
            return all(self._value_is_bound(b, bset) for b in branches)
        return False

    def type_is_bound(self, annotation: Node | None, bset: BindingSet) -> bool:
        """Whether a type annotation names the object of the binding set (the SQLite handle)."""
        return self._type_is_bound(annotation, bset)

    def _type_is_bound(self, annotation: Node | None, bset: BindingSet) -> bool:
        """The handle's type by name, `ReturnType<typeof <factory>>`, or an alias of the latter
        (declared here, or imported from a module that exports it)."""
        if annotation is None:
            return False
        spelled = text(annotation).lstrip(":").strip()
        if spelled in bset.type_names:
            return True
        node = annotation.named_children[-1] if annotation.type == "type_annotation" and annotation.named_children else annotation
        if node.type == "generic_type":
            return self._return_type_of_factory(node, bset)
        if node.type == "type_identifier":
            binding = self.imports.get(text(node))
            if binding is not None:
                modules = frozenset(self._modules(bset))
                if binding.resolved not in self.resolver.files or not self.resolver.reaches(binding.resolved, modules):
                    return False
                return self._exported_return_type(binding.resolved, binding.imported, bset)
            alias = self._type_aliases().get(text(node))
            return alias is not None and self._return_type_of_factory(alias, bset)
        return False

    def _return_type_of_factory(self, node: Node, bset: BindingSet) -> bool:
        name = node.child_by_field_name("name") or (node.named_children[0] if node.named_children else None)
        if name is None or text(name) != "ReturnType":
            return False
        args = next((c for c in node.named_children if c.type == "type_arguments"), None)
        query = args.named_children[0] if args is not None and args.named_children else None
        if query is None or query.type != "type_query" or not query.named_children:
            return False
        return self.is_factory(query.named_children[0], bset)

    def _exported_return_type(self, module: str, name: str, bset: BindingSet) -> bool:
        """An imported type alias: `export type Db = ReturnType<typeof getDb>` somewhere along its chain."""
        for source, exported in origins(self.resolver, module, name):
            table = self.resolver.export_table(source)
            factory = table.return_types.get(exported) if table is not None else None
            if factory is not None and self._names_one_of(factory[0], factory[1], bset, bset.factories):
                return True
        return False

    def _type_aliases(self) -> dict[str, Node]:
        """`type X = ...` at the top of this file (exported or not): name -> its value."""
        found = self.memo.get(("aliases", 0))
        if found is None:
            found = {}
            for node in self.tree.root_node.named_children:
                decl = node.child_by_field_name("declaration") if node.type == "export_statement" else node
                if decl is not None and decl.type == "type_alias_declaration":
                    value = decl.child_by_field_name("value")
                    if value is not None:
                        found[text(decl.child_by_field_name("name"))] = value
            self.memo[("aliases", 0)] = found
        return found  # type: ignore[return-value]

    def is_bound(self, node: Node, bset: BindingSet) -> bool:
        """Does this receiver expression denote the object of the binding set (e.g. the SQLite db)?"""
        key = (node.id, bset.name)
        if key not in self._memo:
            self._memo[key] = False  # cycle guard
            self._memo[key] = self._is_bound(node, bset)
        return self._memo[key]

    def _is_bound(self, node: Node, bset: BindingSet) -> bool:
        if node.type == "call_expression":  # getDb().prepare(...)
            return self.is_factory(node.child_by_field_name("function"), bset)
        if node.type == "identifier":
            binding = self.import_of(node)
            if binding is not None:
                return not binding.type_only and self._names_one_of(binding.resolved, binding.imported, bset, bset.values)
            decl = self.declaration(node)
            if decl is None:
                return False
            if decl.type == "variable_declarator":
                return self._value_is_bound(decl.child_by_field_name("value"), bset)
            if decl.type in {"required_parameter", "optional_parameter"}:
                if only_other_databases(self, decl):  # a helper of a file reading another program's SQLite file
                    return False
                return self.parameter_is_bound(decl, bset)
            return False
        if node.type == "member_expression":
            obj = node.child_by_field_name("object")
            prop = text(node.child_by_field_name("property"))
            if obj is not None and obj.type == "this":
                return self._field_is_bound(node, prop, bset)
            spec = dynamic_import_spec(obj) if obj is not None else None
            if spec is not None:  # (await import('@/lib/db/connection')).default
                return self._names_one_of(self.resolver.resolve(spec, self.path) or spec, prop, bset, bset.values)
            if obj is not None and obj.type == "identifier":
                binding = self.import_of(obj)  # import * as conn from '...connection'; conn.db
                return binding is not None and binding.imported == "*" and self._names_one_of(binding.resolved, prop, bset, bset.values)
        return False

    def parameter_is_bound(self, param: Node, bset: BindingSet) -> bool:
        """A parameter typed as the handle, defaulting to it, or passed it by every call of its
        function in the project (engine.analysis.handle_callers)."""
        if self._type_is_bound(param.child_by_field_name("type"), bset) or self._value_is_bound(param.child_by_field_name("value"), bset):
            return not self.caller_verdict(param, bset).reason
        return self.caller_verdict(param, bset).bound

    def caller_verdict(self, param: Node, bset: BindingSet) -> Verdict:
        """What the calls of the parameter's function pass for it (engine.analysis.handle_callers): for a
        parameter typed as the handle (or defaulting to it), whether some call passes a database
        its caller opens itself; for an untyped one, whether every call passes the handle."""
        pattern = param.child_by_field_name("pattern")
        if pattern is None or pattern.type != "identifier":
            return UNKNOWN
        annotation = param.child_by_field_name("type")
        return self.caller_verdict_of(param, pattern, annotation, self._type_is_bound(annotation, bset), bset)

    def caller_verdict_of(self, param: Node, pattern: Node, annotation: Node | None, type_bound: bool, bset: BindingSet) -> Verdict:
        """`caller_verdict` for a parameter whose identifier `pattern` and `annotation` the caller
        has read already, and knows whether the annotation is the handle's type (`type_is_bound`):
        the project summary asks this of every parameter of every function, and reads those first."""
        if type_bound or self._value_is_bound(param.child_by_field_name("value"), bset):
            if only_other_databases(self, param):
                return UNKNOWN  # a private helper of a file reading another program's SQLite file: not the handle at all
            owner = function_of(param)
            return UNKNOWN if owner is None else typed_verdict(self.resolver, self.path, owner[0], owner[1], bset, index_file)
        if not loosely_typed(annotation, bset):
            return UNKNOWN
        owner = function_of(param)
        # Callers are read only for a parameter used as a handle here, or not used at all (its
        # queries moved to the adapter in an earlier pass: it goes if its callers pass the handle).
        if owner is None or not self._used_as_handle(param, text(pattern)):
            return UNKNOWN
        return verdict(self.resolver, self.path, owner[0], owner[1], bset, index_file)

    def _used_as_handle(self, param: Node, name: str) -> bool:
        """Whether the function prepares statements on the parameter (only then are its callers read)."""
        fn = param.parent.parent if param.parent is not None else None
        if fn is None:
            return False
        used = False
        # The references come in document order: only those inside the function are looked at
        # (a file's helpers often all name their parameter `db`; a walk over all of them for each
        # one costs the square of their number).
        refs = self._references_named(name)
        start, end = fn.start_byte, fn.end_byte
        for i in range(bisect_left(refs, start, key=_start_byte), len(refs)):
            ref = refs[i]
            if ref.start_byte >= end:
                break
            if ref.start_byte == param.start_byte or self.declaration(ref, name) != param:  # (spelled `name`)
                continue
            used = True
            member = ref.parent
            if member is not None and member.type == "member_expression" and member.child_by_field_name("object") == ref:
                if text(member.child_by_field_name("property")) in HANDLE_METHODS:
                    return True
        return not used

    def _field_is_bound(self, node: Node, field_name: str, bset: BindingSet) -> bool:
        klass = node.parent
        while klass is not None and klass.type not in {"class_declaration", "class", "abstract_class_declaration"}:
            klass = klass.parent
        if klass is None:
            return False
        body = klass.child_by_field_name("body")
        if body is None:
            return False
        for member in body.named_children:
            if member.type == "public_field_definition" and text(member.child_by_field_name("name")) == field_name:
                if self._value_is_bound(member.child_by_field_name("value"), bset) or self._type_is_bound(member.child_by_field_name("type"), bset):
                    return True
            if member.type == "method_definition" and text(member.child_by_field_name("name")) == "constructor":
                params = member.child_by_field_name("parameters")
                for param in params.named_children if params is not None else []:
                    pattern = param.child_by_field_name("pattern")
                    has_modifier = any(c.type in {"accessibility_modifier", "readonly"} for c in param.children)
                    if has_modifier and text(pattern) == field_name:
                        if self._type_is_bound(param.child_by_field_name("type"), bset) or self._value_is_bound(param.child_by_field_name("value"), bset):
                            return True
                for assign in self.within(member, "assignment_expression"):
                    left = assign.child_by_field_name("left")
                    if left is not None and text(left) == f"this.{field_name}":
                        if self._value_is_bound(assign.child_by_field_name("right"), bset):
                            return True
        return False

    def references(self, name: str, exclude: Node | None = None) -> list[Node]:
        """Identifier nodes spelled `name` (outside `exclude`), in any expression or type position."""
        found = self._references_named(name)
        if exclude is None:
            return list(found)
        return [n for n in found if not (exclude.start_byte <= n.start_byte and n.end_byte <= exclude.end_byte)]

    def references_in(self, name: str, node: Node) -> list[Node]:
        """`references(name)` that start inside `node` (or at its very end: an empty node there may
        be inside it), in document order: every reference a declaration on `node` can bind."""
        found = self._references_named(name)
        end = node.end_byte
        out: list[Node] = []
        for i in range(bisect_left(found, node.start_byte, key=_start_byte), len(found)):
            ref = found[i]
            if ref.start_byte > end:
                break
            out.append(ref)
        return out

    def _references_named(self, name: str) -> list[Node]:
        """`references(name)` itself, in document order: shared, don't modify it."""
        found = self._references.get(name)
        if found is None:
            found = self._references[name] = self._identifiers_named(name)
        return found

    def _identifiers_named(self, name: str) -> list[Node]:
        """Identifier nodes whose text is `name`, in document order.

        A handful of names is asked for per file: finding their spelling in the source and taking the
        node there is much cheaper than a query over every node of the tree."""
        needle = name.encode("utf-8")
        if not needle or "\ufffd" in name:  # `text` replaced undecodable bytes: compare texts instead
            return [n for n in collect_identifiers(self.tree) if text(n) == name]
        root = self.tree.root_node
        if self._source is None:
            self._source = root.text or b""
        base, size = root.start_byte, len(needle)
        found: list[Node] = []
        at = self._source.find(needle)
        while at != -1:
            start = base + at
            node = root.descendant_for_byte_range(start, start + size)  # the smallest node spanning it
            if node is not None and node.type in IDENTIFIER_TYPES and node.start_byte == start and node.end_byte == start + size:
                found.append(node)
            at = self._source.find(needle, at + 1)
        return found


def index_file(resolver: ModuleResolver, path: str) -> FileIndex | None:
    """The index of another file of the project, parsed from what the resolver reads (None: not
    a source file, or unreadable); engine.analysis.handle_callers is handed this to read a function's callers."""
    lang = language_for(path)
    source = resolver.reader(path) if resolver.reader is not None and lang else None
    return FileIndex(path, parse(source, lang), resolver) if source is not None else None
