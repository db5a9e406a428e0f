"""The target's adapter module, read from its source: the contract every generated call must meet.

wavemod never assumes what the adapter offers. Before a wave runs, the module that the rules name
(`[project] adapter_module`, or a rule's `module` option) is parsed: its exported callables with
their parameter lists (through `export { x } from`, `export *` and local `export { x }`), and the
type of the handle the transaction helper passes to its callback, followed through interfaces,
`extends`, type aliases and intersections. The codemods then generate only calls that exist there:

* module helpers (`executeQuery`, ...) must be exported, or the wave stops before anything is
  written (exit 2), naming what is missing and what the module does export;
* inside a transaction callback, each better-sqlite3 terminal goes to the member the handle's type
  has (the module helper's own name, else `all`/`get`/`run`, else `query`/...);
* a multi-statement `exec` goes to a script helper only when there is one;
* arguments follow the callable's real signature: an array of parameters, or spread ones.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from wavemod.engine.core.errors import ConfigError
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.core.syntax import string_value, text
from wavemod.engine.core.workspace import ModuleResolver

# Which member of a handle stands in for each better-sqlite3 terminal, in order of preference after
# the module helper's own name (a handle that mirrors the module's helpers, like the bundled one).
HANDLE_FALLBACKS = {
    "all": ("all", "query", "many", "select"),
    "get": ("get", "queryOne", "one", "first"),
    "run": ("run", "execute", "exec"),
    "script": ("executeScript", "exec", "script"),
}

Reader = Callable[[str], bytes | None]  # repository path -> bytes, None when absent

# What a rule that generates adapter calls names when its options do not (rules/adapter.toml).
DEFAULT_METHODS = {"all": "executeQuery", "get": "executeQueryOne", "run": "executeRun"}
DEFAULT_MODULE = "@/lib/db/adapter"
DEFAULT_TRANSACTION_HELPER = "executeTransaction"


def rule_helpers(options: dict) -> tuple[dict[str, str], str, str]:  # type: ignore[type-arg]
    """(terminal -> module helper, adapter module, transaction helper) a rule's options name."""
    methods = dict(DEFAULT_METHODS, **options.get("methods", {}))
    return methods, options.get("module", DEFAULT_MODULE), options.get("transaction_helper", DEFAULT_TRANSACTION_HELPER)


@dataclass(frozen=True)
class Signature:
    """What a callable accepts after the SQL text."""

    max_args: int  # parameters in all; -1 when the last one is a rest parameter
    rest: bool = False  # `(sql, ...params)`: values are passed spread, not as one array

    @property
    def takes_params(self) -> bool:
        return self.rest or self.max_args >= 2


@dataclass(frozen=True)
class AdapterContract:
    """What the adapter module exports, and the members of its transaction handle."""

    module: str  # as configured
    path: str  # the file it resolves to in the target
    exports: dict[str, Signature | None] = field(default_factory=dict)  # None: exported, not callable
    handle_type: str = ""  # the spelled type of the transaction callback's parameter
    handle: dict[str, Signature] | None = None  # None: no transaction helper, or its handle is opaque

    def exported(self, name: str) -> bool:
        return name in self.exports

    def signature(self, name: str) -> Signature | None:
        return self.exports.get(name)

    def handle_member(self, terminal: str, helper: str, override: str | None = None) -> str | None:
        """The handle member for a better-sqlite3 terminal (all/get/run/script), or None."""
        if self.handle is None:
            return None
        for candidate in ((override,) if override else ()) + (helper,) + HANDLE_FALLBACKS.get(terminal, ()):
            if candidate in self.handle:
                return candidate
        return None

    def listing(self) -> str:
        names = sorted(self.exports)
        return ", ".join(names) if names else "nothing"


# ---- reading TypeScript ------------------------------------------------------------------------


def _signature(params: Node | None) -> Signature:
    if params is None:
        return Signature(0)
    items = [p for p in params.named_children if p.type in {"required_parameter", "optional_parameter"}]
    items = [p for p in items if text(p.child_by_field_name("pattern")) != "this"]
    rest = bool(items) and any(c.type == "rest_pattern" for c in items[-1].named_children)
    return Signature(-1 if rest else len(items), rest)


def _callable_params(node: Node | None) -> Node | None:
    """The parameter list of a function-like declaration or value, if it is one."""
    while node is not None and node.type in {"parenthesized_expression", "as_expression", "satisfies_expression"}:
        node = node.named_children[0] if node.named_children else None
    if node is None:
        return None
    if node.type in {"function_declaration", "function_expression", "function", "arrow_function", "generator_function_declaration", "method_definition", "method_signature", "function_signature"}:
        params = node.child_by_field_name("parameters")
        if params is None and node.type == "arrow_function" and node.child_by_field_name("parameter") is not None:
            return node  # `x => ...`: one parameter
        return params
    return None


def _arity(node: Node | None) -> Signature | None:
    params = _callable_params(node)
    if params is None:
        return None
    if params.type == "arrow_function":
        return Signature(1)
    return _signature(params)


class _Module:
    """One parsed module: its top-level declarations and exports."""

    def __init__(self, path: str, source: bytes):
        self.path = path
        self.root = parse(source, language_for(path) or "typescript").root_node
        self.decls: dict[str, Node] = {}  # local name -> declaring node (function, declarator, type)
        self.exports: dict[str, str] = {}  # exported name -> local name
        self.reexports: list[tuple[str, str, str]] = []  # (exported, imported, specifier); "*" for star
        self.imports: dict[str, tuple[str, str]] = {}  # local -> (imported name, specifier)
        for node in self.root.named_children:
            self._top(node)

    def _declare(self, node: Node, exported: bool) -> None:
        names: list[tuple[str, Node]] = []
        if node.type in {"function_declaration", "generator_function_declaration", "class_declaration", "interface_declaration", "type_alias_declaration", "function_signature", "abstract_class_declaration"}:
            name = node.child_by_field_name("name")
            if name is not None:
                names.append((text(name), node))
        elif node.type in {"lexical_declaration", "variable_declaration"}:
            for declarator in node.named_children:
                name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                if name is not None and name.type == "identifier":
                    names.append((text(name), declarator))
        for name, decl in names:
            # An overload list declares the name several times: the implementation (last) wins.
            self.decls[name] = decl
            if exported:
                self.exports[name] = name

    def _top(self, node: Node) -> None:
        if node.type == "import_statement":
            source = node.child_by_field_name("source")
            spec = string_value(source) if source is not None else None
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            if spec is None or clause is None:
                return
            for part in clause.named_children:
                if part.type == "identifier":
                    self.imports[text(part)] = ("default", spec)
                elif part.type == "named_imports":
                    for item in part.named_children:
                        if item.type == "import_specifier":
                            name, alias = item.child_by_field_name("name"), item.child_by_field_name("alias")
                            self.imports[text(alias or name)] = (text(name), spec)
            return
        if node.type != "export_statement":
            self._declare(node, False)
            return
        declaration = node.child_by_field_name("declaration")
        source = node.child_by_field_name("source")
        spec = string_value(source) if source is not None else None
        default = any(c.type == "default" for c in node.children)
        if declaration is not None:
            # `export default function getDb()` exports `default`; `getDb` is only a local name.
            self._declare(declaration, not default)
            if default:
                name = declaration.child_by_field_name("name")
                if name is None:  # `export default function () {}`
                    self.decls["default"] = declaration
                self.exports["default"] = text(name) if name is not None else "default"
            return
        if default:
            value = node.child_by_field_name("value")
            if value is not None and value.type == "identifier":
                self.exports["default"] = text(value)
            elif value is not None:
                self.decls["default"] = value
                self.exports["default"] = "default"
            return
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is None:
            if spec is not None:  # export * from '...'
                self.reexports.append(("*", "*", spec))
            return
        for item in clause.named_children:
            if item.type != "export_specifier":
                continue
            name, alias = item.child_by_field_name("name"), item.child_by_field_name("alias")
            exported = text(alias or name)
            if spec is not None:
                self.reexports.append((exported, text(name), spec))
            else:
                self.exports[exported] = text(name)


class _Reader:
    """Modules parsed once each, with re-exports and imported types followed across files."""

    def __init__(self, resolver: ModuleResolver, read: Reader):
        self.resolver, self.read = resolver, read
        self.modules: dict[str, _Module | None] = {}

    def module(self, path: str | None) -> _Module | None:
        if path is None:
            return None
        if path not in self.modules:
            data = self.read(path)
            self.modules[path] = _Module(path, data) if data is not None else None
        return self.modules[path]

    def exports(self, path: str, seen: frozenset[str] = frozenset()) -> dict[str, tuple[_Module, Node | None]]:
        """Exported name -> (module, declaring node) over re-export chains."""
        module = self.module(path)
        if module is None or path in seen:
            return {}
        seen = seen | {path}
        out: dict[str, tuple[_Module, Node | None]] = {}
        for exported, spec_name, spec in module.reexports:
            target = self.resolver.resolve(spec, path)
            if target is None:
                continue
            theirs = self.exports(target, seen)
            if exported == "*":
                out.update({k: v for k, v in theirs.items() if k != "default" and k not in out})
            elif spec_name in theirs:
                out[exported] = theirs[spec_name]
        for exported, local in module.exports.items():
            out[exported] = self.local(module, local, seen)
        return out

    def local(self, module: _Module, name: str, seen: frozenset[str] = frozenset()) -> tuple[_Module, Node | None]:
        """A module-level name's declaration, through an import of it when it is imported."""
        if name in module.decls:
            return module, module.decls[name]
        if name in module.imports:
            imported, spec = module.imports[name]
            target = self.resolver.resolve(spec, module.path)
            if target is not None:
                found = self.exports(target, seen).get(imported)
                if found is not None:
                    return found
        return module, None

    def members(self, module: _Module, type_node: Node | None, depth: int = 0) -> dict[str, Signature] | None:
        """Callable members of a type: object types, interfaces (with extends), aliases,
        intersections, generic instances; None when the type cannot be read."""
        if type_node is None or depth > 8:
            return None
        kind = type_node.type
        if kind in {"type_annotation", "parenthesized_type"}:
            return self.members(module, type_node.named_children[-1] if type_node.named_children else None, depth + 1)
        if kind == "generic_type":
            return self.members(module, type_node.child_by_field_name("name"), depth + 1)
        if kind == "intersection_type":
            merged: dict[str, Signature] = {}
            for part in type_node.named_children:
                found = self.members(module, part, depth + 1)
                if found is None:
                    return None
                merged.update(found)
            return merged
        if kind in {"object_type", "interface_body"}:
            out: dict[str, Signature] = {}
            for member in type_node.named_children:
                name = text(member.child_by_field_name("name"))
                if member.type == "method_signature":
                    out[name] = _signature(member.child_by_field_name("parameters"))
                elif member.type == "property_signature":
                    annotation = member.child_by_field_name("type")
                    inner = annotation.named_children[-1] if annotation is not None and annotation.named_children else None
                    if inner is not None and inner.type == "function_type":
                        out[name] = _signature(inner.child_by_field_name("parameters"))
            return out
        if kind in {"type_identifier", "identifier"}:
            owner, decl = self.local(module, text(type_node))
            if decl is None:
                return None
            if decl.type == "interface_declaration":
                out = self.members(owner, decl.child_by_field_name("body"), depth + 1) or {}
                for clause in decl.named_children:
                    if clause.type == "extends_type_clause":
                        for base in clause.named_children:
                            inherited = self.members(owner, base, depth + 1)
                            if inherited:
                                out = inherited | out
                return out
            if decl.type == "type_alias_declaration":
                return self.members(owner, decl.child_by_field_name("value"), depth + 1)
            if decl.type in {"class_declaration", "abstract_class_declaration"}:
                body = decl.child_by_field_name("body")
                out = {}
                for member in body.named_children if body is not None else []:
                    if member.type in {"method_definition", "method_signature"}:
                        out[text(member.child_by_field_name("name"))] = _signature(member.child_by_field_name("parameters"))
                return out
        return None


def _callback_type(module: _Module, reader: _Reader, decl: Node | None) -> tuple[_Module, Node | None]:
    """The type of the first parameter of the callback the transaction helper takes."""
    params = _callable_params(decl.child_by_field_name("value") if decl is not None and decl.type == "variable_declarator" else decl)
    if params is None or params.type == "arrow_function":
        return module, None
    first = next((p for p in params.named_children if p.type in {"required_parameter", "optional_parameter"}), None)
    annotation = first.child_by_field_name("type") if first is not None else None
    fn_type = annotation.named_children[-1] if annotation is not None and annotation.named_children else None
    owner = module
    for _ in range(4):  # `cb: TxCallback<T>` where `type TxCallback<T> = (tx: Handle) => Promise<T>`
        if fn_type is None or fn_type.type not in {"type_identifier", "generic_type"}:
            break
        name = fn_type.child_by_field_name("name") if fn_type.type == "generic_type" else fn_type
        owner, alias = reader.local(owner, text(name))
        fn_type = alias.child_by_field_name("value") if alias is not None and alias.type == "type_alias_declaration" else None
    if fn_type is None or fn_type.type != "function_type":
        return owner, None
    cb_params = fn_type.child_by_field_name("parameters")
    handle = next((p for p in cb_params.named_children if p.type in {"required_parameter", "optional_parameter"}), None) if cb_params is not None else None
    return owner, handle.child_by_field_name("type") if handle is not None else None


def read_contract(module: str, resolver: ModuleResolver, read: Reader, transaction_helper: str) -> AdapterContract | None:
    """The contract of the adapter `module` in the target, or None when no file has that name."""
    path = resolver.resolve(module, "_.ts")
    if path is None:
        return None
    reader = _Reader(resolver, read)
    found = reader.exports(path)
    exports = {name: (_arity(decl.child_by_field_name("value")) if decl is not None and decl.type == "variable_declarator" else _arity(decl)) for name, (_, decl) in found.items()}
    handle = None
    handle_type = ""
    if transaction_helper in found:
        owner, decl = found[transaction_helper]
        type_owner, type_node = _callback_type(owner, reader, decl)
        if type_node is not None:
            handle_type = text(type_node).lstrip(":").strip()
            handle = reader.members(type_owner, type_node)
    return AdapterContract(module, path, exports, handle_type, handle)


def require_helpers(contract: AdapterContract | None, module: str, helpers: dict[str, str], where: str) -> None:
    """Stop before anything is written when the adapter lacks a helper the rules would call."""
    if contract is None:
        raise ConfigError(
            f"the adapter module {module} does not exist in the target",
            hint="run `wavemod init adapter` to write one (better-sqlite3 by default, pg when DATABASE_URL is set), "
            "or point [project] adapter_module in waves.toml at the adapter the application already has",
            path=where,
        )
    missing = sorted({name for name in helpers.values() if not contract.exported(name)})
    if missing:
        raise ConfigError(
            f"the adapter {contract.path} does not export {', '.join(missing)} (it exports: {contract.listing()})",
            hint="map the better-sqlite3 terminals to helpers it has in the rule's options (methods = { all = ..., get = ..., run = ... }, "
            "transaction_helper = ...), or add the helpers to the adapter",
            path=where,
        )
    for name in sorted(set(helpers.values())):
        signature = contract.signature(name)
        if signature is None:
            raise ConfigError(f"{name} in the adapter {contract.path} is exported but not a function", hint="name a function of the adapter in the rule's options", path=where)
