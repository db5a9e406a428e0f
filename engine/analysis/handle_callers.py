"""Helper parameters the connection is passed to, with no type that says so:

    function buildIdentity(db: any, agent: Agent) { return db.prepare(SQL).get(agent.id) }
    buildIdentity(getDatabase(), agent)         // or `const db = getDatabase(); buildIdentity(db, a)`

The parameter is the SQLite handle when every call of the function in the project passes the
connection (or a binding of it, as `FileIndex.is_bound` judges it in the caller's file). When some
call passes something else (a script's `new Database(path)`), the parameter stays unbound and the
verdict says which call: its queries are listed, not moved to the application's database.

Which parameters are asked about: untyped, `any`, `unknown`, or `Pick<T, ...>`/`Omit<T, ...>` of
the handle's type, of a function declared at the top of its module by name (a function
declaration, or a `const` holding an arrow or function expression). Its callers are found by
reading the project (the files whose bytes hold its name, engine.analysis.mentions, then their
trees): in its own file, and in the files importing it, directly or through barrels, by its name
or a local alias. A use that is not a call (passed as a value, a namespace import of its module)
means callers that cannot be seen: unbound. Not followed: a barrel that re-exports it under another
name (its importers do not say the name).

A parameter typed as the handle (or defaulting to it) is the handle by its type, unless some call
in the project passes a database its caller opens itself (`takeSnapshot(new Database(file), ...)`
in a script): the helper then stays on SQLite and is listed (`typed_verdict`), since moving it
would drop that argument and point the caller at the application's database.

Verdicts are read from the files as they were when the run started (the resolver's reader), so they
are the same on every pass and in every worker; the resolver keeps them.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING

from tree_sitter import Node

from wavemod.engine.analysis.mentions import Mentions, asked, mentions_paths
from wavemod.engine.analysis.other_databases import passes_other_database
from wavemod.engine.core.reexports import origins
from wavemod.engine.core.syntax import text

if TYPE_CHECKING:
    from wavemod.engine.analysis.bindings import FileIndex
    from wavemod.engine.core.config import BindingSet
    from wavemod.engine.core.workspace import ModuleResolver

LOOSE_TYPES = frozenset({"any", "unknown"})
# The index of another file of the project (engine.analysis.bindings.index_file), handed in by the caller:
# bindings asks this module about its parameters, so this module does not import bindings.
IndexFile = Callable[["ModuleResolver", str], "FileIndex | None"]

MENTIONS = "handle-callers mentions"  # (the files, their Mentions), in the resolver's tables

NARROWING = ("Pick<", "Omit<", "Partial<", "Readonly<")


@dataclass(frozen=True)
class Verdict:
    bound: bool
    reason: str = ""  # why not, when a call passes something else (listed with the queries left)


UNKNOWN = Verdict(False)

# One call of a helper: (path, line, passes the handle, passes a database its file opens itself).
Call = tuple[str, int, bool, bool]


def loosely_typed(annotation: Node | None, bset: "BindingSet") -> bool:
    """No type, `any`/`unknown`, or a narrowing of the handle's type (`Pick<Database.Database, 'prepare'>`)."""
    if annotation is None:
        return True
    spelled = text(annotation).lstrip(":").strip()
    if spelled in LOOSE_TYPES:
        return True
    if spelled.startswith(NARROWING):
        inner = spelled.split("<", 1)[1].split(",", 1)[0].strip()
        return inner in bset.type_names
    return False


def function_of(param: Node) -> tuple[str, int] | None:
    """(the function's name, the parameter's position) for a parameter of a function declared at
    its module's top level by name, else None."""
    params = param.parent
    fn = params.parent if params is not None else None
    if fn is None or params.type != "formal_parameters":
        return None
    name = declared_name(fn)
    if name is None:
        return None
    # Last: most parameters asked about are a method's or a callback's, and listing the siblings
    # costs more than the tests above.
    position = [p for p in params.named_children if p.type != "comment"].index(param)
    return text(name), position


def declared_name(fn: Node) -> Node | None:
    """The name node of a function declared at its module's top level by name (a function
    declaration, or a `const` holding an arrow or function expression), else None: the functions
    whose callers `function_of` can follow, asked once per function rather than per parameter."""
    holder = fn
    if fn.type == "function_declaration":
        name = fn.child_by_field_name("name")
    elif fn.type in {"arrow_function", "function_expression", "function"} and fn.parent is not None and fn.parent.type == "variable_declarator":
        holder = fn.parent.parent
        name = fn.parent.child_by_field_name("name")
    else:
        return None
    top = holder.parent if holder is not None else None
    if top is not None and top.type == "export_statement":
        top = top.parent
    if top is None or top.type != "program" or name is None or name.type != "identifier":
        return None
    return name


def verdict(resolver: "ModuleResolver", path: str, name: str, position: int, bset: "BindingSet", index_file: IndexFile) -> Verdict:
    """Whether every call of `name` (declared at the top of `path`) passes the handle at `position`."""
    calls = _calls(resolver, path, name, position, bset, index_file)
    if not calls:
        return UNKNOWN
    others = [f"{where}:{line}" for where, line, passes, _ in calls if not passes]
    if others:
        return Verdict(False, f"`{name}` is also called with another database ({', '.join(others[:3])}): its queries stay on SQLite; pass the connection there, or migrate them by hand")
    return Verdict(True)


def typed_verdict(resolver: "ModuleResolver", path: str, name: str, position: int, bset: "BindingSet", index_file: IndexFile) -> Verdict:
    """For a parameter whose type (or default) says it is the handle: bound, unless some call in
    the project passes a database its file opens itself (a script's `new Database(file)`). Moving
    the helper to the application's database would then silently point that caller at another
    database (the script's file would no longer be the one read or written): the helper stays on
    SQLite, listed, for a human to split."""
    calls = _calls(resolver, path, name, position, bset, index_file) or []
    others = [f"{where}:{line}" for where, line, _, other in calls if other]
    if others:
        return Verdict(False, f"`{name}` is also called with a database its caller opens itself ({', '.join(others[:3])}): moving it would point that call at the application's database; its queries stay on SQLite, split it by hand")
    return Verdict(True)


def _calls(resolver: "ModuleResolver", path: str, name: str, position: int, bset: "BindingSet", index_file: IndexFile) -> list[Call] | None:
    """Every call of `name` in the project; None when some use of it is not a call by name."""
    key = ("handle-callers", path, name, position, bset.name)
    cache = resolver._tables
    if key not in cache:
        cache[key] = (None, frozenset())  # a caller that passes its own such parameter on: not known while asked
        # The files whose bytes decide the answer are recorded as read (resolver.reads), kept with
        # it and recorded again by every task the kept answer serves: the analysis cache
        # (engine.run.analysis_cache) reuses a task's outcome only while they are unchanged.
        outer, resolver.reads = resolver.reads, set()
        try:
            found = _read_calls(resolver, path, name, position, bset, index_file)
            cache[key] = (found, frozenset(resolver.reads))
        finally:
            resolver.reads = outer
    found, read = cache[key]  # type: ignore[misc]
    resolver.reads |= read
    return found


def _read_calls(resolver: "ModuleResolver", path: str, name: str, position: int, bset: "BindingSet", index_file: IndexFile) -> list[Call] | None:
    """`_calls`, recording as read the helper's file, every file whose bytes hold its name, and the
    question which files hold it (engine.analysis.mentions.asked: a file may start to call it)."""
    resolver.reads.add(path)
    own = index_file(resolver, path)
    if own is None:
        return None
    calls: list[Call] = []
    declared = [r for r in own.references(name) if r.parent is not None and r.parent.type in {"function_declaration", "variable_declarator"} and r.parent.child_by_field_name("name") == r]
    if len(declared) != 1:
        return None
    for ref in own.references(name, exclude=declared[0]):
        decl = own.declaration(ref)
        if decl is not None and decl != declared[0].parent:
            continue  # another binding of the same name (a local, a parameter)
        if ref.type != "identifier" or ref.parent is None or ref.parent.type in {"export_specifier", "export_clause"}:
            continue
        found = _call(own, ref, position, bset, path)
        if found is None:
            return None
        calls.append(found)
    resolver.reads.add(asked(name))  # (which files hold the name: a file may start to)
    for other in project_mentions(resolver).files_with(name.encode()):
        if other == path:
            continue
        resolver.reads.add(other)
        index = index_file(resolver, other)
        if index is None:
            continue
        bindings = [*index.imports.values(), *(b for found in index.dynamic_imports.values() for b in found)]
        if any(b.imported == "*" and (b.resolved == path or resolver.reaches(b.resolved, frozenset({path}))) for b in bindings):
            return None  # `import * as ids from './identity'`: its calls are not by name
        # Its local names there (`import { buildIdentity as identity }`, `await import(...)` too).
        locals_ = {b.local for b in bindings if not b.type_only and (path, name) in origins(resolver, b.resolved, b.imported)}
        for local in sorted(locals_):
            for ref in index.references(local):
                binding = index.import_of(ref) if ref.type == "identifier" else None
                if binding is None or binding.local != local or (ref.parent is not None and ref.parent.type in {"import_specifier", "export_specifier"}):
                    continue
                found = _call(index, ref, position, bset, other)
                if found is None:
                    return None
                calls.append(found)
    return calls


def project_mentions(resolver: "ModuleResolver") -> Mentions:
    """The project's source files holding a name's bytes (engine.analysis.mentions), one per resolver:
    the files that may call a helper, asked for every helper of the run. Made again for another set
    of files: a resolver copied with the modules a run creates (engine.analysis.created_modules)
    shares its tables with the one it was copied from."""
    found = resolver._tables.get(MENTIONS)
    if not (isinstance(found, tuple) and (found[0] is resolver.files or found[0] == resolver.files)):
        found = resolver._tables[MENTIONS] = (resolver.files, Mentions(mentions_paths(resolver.files), resolver.reader if resolver.reader is not None else _unreadable))
    return found[1]


def _unreadable(path: str) -> bytes | None:
    return None


def _call(index: "FileIndex", ref: Node, position: int, bset: "BindingSet", path: str) -> Call | None:
    """(path, line, passes the handle, passes a database the caller opens itself) for a reference
    that is the callee of a call; None for any other use (its calls cannot be followed)."""
    call = ref.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != ref:
        return None
    args = call.child_by_field_name("arguments")
    items = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    line = ref.start_point[0] + 1
    if position >= len(items) or items[position].type == "spread_element":
        return path, line, False, False
    arg = items[position]
    if any(index.resolver.resolve(module, path) == path for module in bset.modules):
        return path, line, index.is_bound(arg, bset), False  # the connection module: the database it opens is the application's
    return path, line, index.is_bound(arg, bset), passes_other_database(index, arg) or _passes_on_other_database(index, arg, bset)


def _passes_on_other_database(index: "FileIndex", arg: Node, bset: "BindingSet") -> bool:
    """A parameter of the caller passed on (`tableExists(db, t)` inside `ensureLegacyColumns(db)`)
    whose own function some call gives a database it opens itself: so does this call."""
    if arg.type != "identifier":
        return False
    decl = index.declaration(arg)
    return decl is not None and decl.type in {"required_parameter", "optional_parameter"} and bool(index.caller_verdict(decl, bset).reason)


def helper_parameters(path: str, resolver: "ModuleResolver", config, index_file: IndexFile) -> bool:  # type: ignore[no-untyped-def]
    """Whether the file at `path` declares a helper whose parameter is the handle by its callers,
    or is listed for a call that passes another database (for engine.run.relevance: such a file may
    import nothing that says it holds the handle)."""
    bset = config.bindings.get("sqlite")
    index = index_file(resolver, path) if bset is not None else None
    if index is None:
        return False
    for param in index.nodes("required_parameter", "optional_parameter"):
        found = index.caller_verdict(param, bset)
        if found.bound or found.reason:
            return True
    return False
