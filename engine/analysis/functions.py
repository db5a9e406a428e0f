"""Functions as the async propagation sees them: stable qualified names, what a call refers to,
and whether a function may become async (and which function actually does)."""
from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from wavemod.engine.analysis.bindings import FileIndex, dynamic_import_spec
from wavemod.engine.analysis.maps import map_plan
from wavemod.engine.analysis.reduces import reduce_plan
from wavemod.engine.core.syntax import FUNCTION_TYPES, call_function, enclosing_function, is_async, is_awaited_generic_call, text, unwrap_parens, walk
from wavemod.engine.analysis.throw_assertions import asserted_promise

# A callee reference, resolved across files by the project index:
#   ("local", qname, member | None) or ("import", resolved_path, imported_name, member | None)
CalleeRef = tuple

CLASS_TYPES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
# Functions that are never an argument of a call, so never a transaction or wrapper callback:
# becomes_async does not ask those questions of them (a walk up `Node.parent` each, per function).
NEVER_ARGUMENTS = frozenset({"function_declaration", "generator_function_declaration", "method_definition"})
TIMER_CALLS = frozenset({"setInterval", "setTimeout", "setImmediate", "queueMicrotask", "process.nextTick"})
EVENT_METHODS = frozenset({"on", "once", "addEventListener", "addListener", "prependListener"})
PREDICATE_METHODS = frozenset({"filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "sort", "reduceRight", "flatMap"})
TEST_CALLS = frozenset({"it", "test", "beforeEach", "afterEach", "beforeAll", "afterAll", "before", "after", "it.only", "test.only", "it.each", "test.each"})
GROUP_CALLS = frozenset({"describe", "suite", "describe.only", "describe.skip", "describe.each"})
CHAIN_METHODS = frozenset({"then", "catch", "finally"})
# Calls that take a Promise and wait for it (or hand it to something that does): a Promise passed
# to them is consumed, not floating. The assertion helpers are node:test's and chai/vitest's.
COMBINATORS = frozenset({"Promise.all", "Promise.allSettled", "Promise.race", "Promise.any", "assert.rejects", "assert.doesNotReject"})


def _class_name(klass: Node) -> str:
    name = klass.child_by_field_name("name")
    if name is not None:
        return text(name)
    parent = klass.parent
    if parent is not None and parent.type == "variable_declarator":
        return text(parent.child_by_field_name("name"))
    return "default"


def _object_name(obj: Node) -> str | None:
    parent = obj.parent
    while parent is not None and parent.type in {"parenthesized_expression", "as_expression", "satisfies_expression"}:
        parent = parent.parent
    if parent is not None and parent.type == "variable_declarator":
        return text(parent.child_by_field_name("name"))
    if parent is not None and parent.type == "export_statement":
        return "default"
    return None


def own_name(fn: Node) -> str:
    """The name a function is called by, or an anonymous tag with its position."""
    if fn.type in {"function_declaration", "generator_function_declaration"}:
        return text(fn.child_by_field_name("name"))
    parent = fn.parent
    if fn.type == "method_definition":
        container = parent if parent is not None and parent.type == "object" else (parent.parent if parent is not None else None)
        method = text(fn.child_by_field_name("name"))
        if container is not None and container.type in CLASS_TYPES:
            return f"{_class_name(container)}.{method}"
        if container is not None and container.type == "object":
            owner = _object_name(container)
            if owner:
                return f"{owner}.{method}"
    if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("value") == fn:
        return text(parent.child_by_field_name("name"))
    if parent is not None and parent.type == "pair" and parent.child_by_field_name("value") == fn:
        owner = _object_name(parent.parent) if parent.parent is not None else None
        if owner:
            return f"{owner}.{text(parent.child_by_field_name('key')).strip(chr(34) + chr(39))}"
    if parent is not None and parent.type == "public_field_definition":
        klass = parent.parent.parent if parent.parent is not None else None
        if klass is not None and klass.type in CLASS_TYPES:
            return f"{_class_name(klass)}.{text(parent.child_by_field_name('name'))}"
    if fn.type == "function_expression" and fn.child_by_field_name("name") is not None:
        return text(fn.child_by_field_name("name"))
    if parent is not None and parent.type == "export_statement":
        return "default"
    return f"<anonymous@{fn.start_point[0] + 1}:{fn.start_point[1] + 1}>"


def enclosing_class(node: Node) -> Node | None:
    current = node.parent
    while current is not None and current.type not in CLASS_TYPES:
        current = current.parent
    return current


def scope_prefix_in(index: FileIndex, node: Node) -> str:
    """The qualified name of the function around `node` plus "/", or "" at module level."""
    outer = index.enclosing_function(node)
    return qname_in(index, outer) + "/" if outer is not None else ""


def class_ref(index: FileIndex, ident: Node) -> CalleeRef | None:
    """A reference to a class by identifier: imported, or declared in this file."""
    binding = index.import_of(ident)
    if binding is not None:
        return ("import", binding.resolved, binding.imported, None)
    decl = index.declaration(ident)
    if decl is not None and decl.type in CLASS_TYPES:
        return ("local", scope_prefix_in(index, decl) + _class_name(decl), None)
    return None


def value_ref(index: FileIndex, ident: Node) -> CalleeRef | None:
    """What a function named by `ident` refers to, as a call of it would (`typeof f` in a type)."""
    return _value_ref(index, ident, None)


def constructor_ref(index: FileIndex, new: Node) -> CalleeRef | None:
    """The constructor that `new C(...)` calls, as a member of its class (`C.constructor`)."""
    constructor = new.child_by_field_name("constructor")
    return _value_ref(index, constructor, "constructor") if constructor is not None and constructor.type == "identifier" else None


def _value_ref(index: FileIndex, ident: Node, member: str | None) -> CalleeRef | None:
    found = _value_target(index, ident, member is not None)
    return None if found is None else (*found, member)


def _value_target(index: FileIndex, ident: Node, is_member: bool) -> tuple[str, ...] | None:
    """`_value_ref` without its last item, the member (whose spelling is read only when there is a
    reference to put it in: most calls of a file, `console.log` or `res.json`, have none)."""
    name = text(ident)  # read once for both lookups: this runs for nearly every call of a file
    binding = index.import_of(ident, name)
    if binding is not None:
        return ("import", binding.resolved, binding.imported)
    decl = index.declaration(ident, name)
    if decl is None:
        return None
    kind = decl.type
    if kind in {"function_declaration", "generator_function_declaration"} and not is_member:
        return ("local", qname_in(index, decl))
    if kind in CLASS_TYPES and is_member:
        return ("local", scope_prefix_in(index, decl) + _class_name(decl))  # static method
    if kind == "variable_declarator":
        value = decl.child_by_field_name("value")
        if value is None:
            return None
        value = unwrap_parens(value)
        if (not is_member and value.type in FUNCTION_TYPES) or (is_member and value.type in {"object", "new_expression"}):
            return ("local", scope_prefix_in(index, decl) + text(decl.child_by_field_name("name")))
    return None


_MISS = object()  # memo miss (None is a valid answer)


def callee_ref(index: FileIndex, call: Node) -> CalleeRef | None:
    key = ("callee", call.id)
    found = index.memo.get(key, _MISS)
    if found is _MISS:
        found = index.memo[key] = _callee_ref(index, call)
    return found  # type: ignore[return-value]


def qname_in(index: FileIndex, fn: Node) -> str:
    """The function's name qualified by the functions around it ("outer/inner"), memoised on the
    file's index."""
    key = ("qname", fn.id)
    found = index.memo.get(key)
    if found is None:
        outer = index.enclosing_function(fn)
        found = index.memo[key] = f"{qname_in(index, outer)}/{own_name(fn)}" if outer is not None else own_name(fn)
    return found  # type: ignore[return-value]


def _callee_ref(index: FileIndex, call: Node) -> CalleeRef | None:
    # `call_function`, keeping the callee's type it reads (this runs for every call of a file).
    function = call.child_by_field_name("function")
    if function is None:
        return None
    kind = function.type
    if kind == "await_expression" and function.named_children:
        function = function.named_children[0]
        kind = function.type
    if kind == "identifier":
        return _value_ref(index, function, None)
    if kind == "member_expression":
        obj = function.child_by_field_name("object")
        if obj is None:
            return None
        base = obj.type
        if base == "this":
            klass = enclosing_class(call)
            return ("local", scope_prefix_in(index, klass) + _class_name(klass), _property(function)) if klass is not None else None
        if base == "identifier":
            found = _value_target(index, obj, True)
            return None if found is None else (*found, _property(function))
        spec = dynamic_import_spec(obj)
        if spec is not None:  # (await import('m')).f(): a member of the module's namespace
            return ("import", index.resolver.resolve(spec, index.path) or spec, "*", _property(function))
    return None


def _property(member: Node) -> str:
    return text(member.child_by_field_name("property"))


@dataclass(frozen=True)
class AsyncTarget:
    """What happens when `fn` needs to await: `mode` is 'self' (fn becomes async; a `reason`
    then says what a reviewer should still look at), 'hoist' (a forEach callback that becomes a
    for...of loop, a map callback, a function invoked where it is written: its enclosing function
    becomes async and awaits it) or 'stop' (await cannot go here: list for review with `reason`)."""

    mode: str
    reason: str = ""


def _callee_text(call: Node) -> tuple[str, str]:
    function = call_function(call)
    spelled = text(function)
    prop = text(function.child_by_field_name("property")) if function is not None and function.type == "member_expression" else ""
    return spelled, prop


def invocation(fn: Node) -> Node | None:
    """The call of a function invoked where it is written (`(() => {...})()`), or None."""
    node = fn
    while node.parent is not None and node.parent.type == "parenthesized_expression":
        node = node.parent
    call = node.parent
    if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == node:
        return call
    return None


def foreach_convertible(fn: Node) -> bool:
    """`arr.forEach((x) => { ... })` as a statement, one parameter, no early return: a plain for...of."""
    args = fn.parent
    call = args.parent if args is not None else None
    if call is None or args.type != "arguments" or len(args.named_children) != 1:
        return False
    if call.parent is None or call.parent.type != "expression_statement":
        return False
    params = fn.child_by_field_name("parameters")
    single = fn.child_by_field_name("parameter")
    # (value) -> for (const value of xs); (value, index) -> for (const [index, value] of xs.entries()),
    # which holds for arrays, Maps and Sets alike. A third parameter (the collection) is not plain.
    if single is None and (params is None or not 1 <= len(params.named_children) <= 2):
        return False
    body = fn.child_by_field_name("body")
    for node in walk(body) if body is not None else []:
        if node.type == "return_statement" and enclosing_function(node) == fn:
            return False
        if node.type in {"this", "arguments"} and fn.type != "arrow_function":
            return False
    obj = call.child_by_field_name("function").child_by_field_name("object")
    return obj is not None and "Map" not in text(obj)


# Why a call inside a better-sqlite3 transaction callback cannot be awaited where the transaction
# itself is not rewritten (its file is outside the wave): engine.run.pipeline brings such files into
# the wave, since the transaction would commit before the awaited work ran.
UNREWRITTEN_TRANSACTION = "inside a SQLite transaction callback that could not be rewritten"
# Why code at a module's top level cannot await (a script's top level moves into an async main():
# codemods.script_main; any other module's stays listed).
TOP_LEVEL = "module top level: the script runs without top-level await; call it from an async main()"


def async_target(fn: Node | None, transaction_callback: bool = False, wrapped: bool = False) -> AsyncTarget:
    """Where the await goes when `fn` must await. `wrapped`: `fn` is a callback handed to a wrapper
    of the project that calls it (engine.analysis.wrappers): it turns async, and the wrapper with it."""
    if fn is None:
        return AsyncTarget("stop", TOP_LEVEL)
    if fn.type in {"generator_function_declaration", "generator_function"}:
        return AsyncTarget("stop", "generator function: cannot await here")
    if fn.type == "method_definition":
        name = text(fn.child_by_field_name("name"))
        if name == "constructor":
            return AsyncTarget("stop", "constructor: cannot be async; move the query into an async factory or init() method")
        if any(c.type in {"get", "set"} for c in fn.children):
            return AsyncTarget("stop", "getter/setter: cannot be async; turn it into an async method")
        if any(c.type == "*" for c in fn.children):
            return AsyncTarget("stop", "generator method: cannot await here")
        return AsyncTarget("self")
    if fn.type == "function_declaration":
        return AsyncTarget("self")
    parent = fn.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return AsyncTarget("stop", "function value in an unknown position")
    if parent.type == "call_expression" and parent.child_by_field_name("function") in (fn, fn.parent):
        # `(() => { try { ... } catch { ... } })()`: it turns async and its call is awaited, so
        # whatever it does (its own try/catch included) still happens before the next statement.
        return AsyncTarget("hoist")
    if parent.type == "arguments":
        if transaction_callback:
            return AsyncTarget("stop", UNREWRITTEN_TRANSACTION)
        call = parent.parent
        if call.type == "new_expression":
            return AsyncTarget("stop", f"callback of `new {text(call.child_by_field_name('constructor'))}(...)`: nobody awaits it")
        spelled, prop = _callee_text(call)
        if prop == "forEach":
            if foreach_convertible(fn):
                return AsyncTarget("hoist")
            return AsyncTarget("stop", "forEach callback that is not a plain loop body (index, early return or Map): rewrite as for...of by hand")
        if prop == "map":
            plan, reason = map_plan(fn)  # engine.analysis.maps: Promise.all for reads, a for...of loop for writes
            return AsyncTarget("hoist") if plan is not None else AsyncTarget("stop", reason)
        if prop == "reduce":
            reason = reduce_plan(fn)  # engine.analysis.reduces: a for...of loop that keeps the accumulator
            return AsyncTarget("stop", reason) if reason else AsyncTarget("hoist")
        if prop in PREDICATE_METHODS:
            return AsyncTarget("stop", f"{prop} callback would return a Promise, which is always truthy: load the data first, then {prop} synchronously")
        # A timer or event callback may return a Promise (its return value is ignored): it becomes
        # async so its own steps stay in order, and is listed, since nobody catches its rejections.
        if spelled in TIMER_CALLS:
            return AsyncTarget("self", f"async {spelled} callback: nobody awaits it, so catch its errors (a rejection is unhandled)")
        if prop in EVENT_METHODS:
            return AsyncTarget("self", f"async event handler (.{prop}): nobody awaits it, so catch its errors (a rejection is unhandled)")
        if spelled in GROUP_CALLS:
            return AsyncTarget("stop", f"{spelled} callback cannot be async; move the query into a hook or test")
        if spelled in TEST_CALLS or prop in CHAIN_METHODS or spelled.endswith("executeTransaction") or wrapped:
            return AsyncTarget("self")
        return AsyncTarget("stop", f"callback passed to {spelled or 'a call'}: it may not await the result")
    if parent.type in {"return_statement", "arrow_function"}:
        # A function a factory returns (`createLimiter()` -> `check(req)`): the index cannot follow
        # its callers, so it would turn async while they use a Promise as its result.
        return AsyncTarget("stop", "function returned by a factory: its callers are not known, so it cannot become async safely; await inside by hand")
    if parent.type in {"variable_declarator", "pair", "public_field_definition", "export_statement", "assignment_expression"}:
        return AsyncTarget("self")
    return AsyncTarget("stop", f"function value inside {parent.type.replace('_', ' ')}: its caller is unknown")


def becomes_async(fn: Node | None, is_transaction_callback=lambda n: False, is_wrapped=lambda n: False) -> tuple[Node | None, str]:
    """The function that turns async when code directly inside `fn` needs await, or (None, reason).
    `is_wrapped`: engine.analysis.wrappers.accepts_async on the file's index."""
    current = fn
    while True:
        if current is not None and is_async(current) and current.type not in {"generator_function", "generator_function_declaration"}:
            # Already async (`withObservability(async () => ...)`): await can go in it, whoever calls it.
            return current, ""
        if current is not None and current.type in NEVER_ARGUMENTS:
            target = async_target(current)  # (it reads neither flag for these: they are never a callback)
        else:
            target = async_target(current, current is not None and is_transaction_callback(current), current is not None and is_wrapped(current))
        if target.mode == "self":
            return current, ""
        if target.mode == "stop":
            return None, target.reason
        current = enclosing_function(current)


def async_names(index: FileIndex) -> set[str]:
    """Qualified names of the functions that are async in the indexed text."""
    return {qname_in(index, fn) for fn in index.nodes(*FUNCTION_TYPES) if is_async(fn)}


def call_state(call: Node) -> str:
    """How a call's result is consumed: awaited, returned, combined, chained, voided, or plain."""
    if is_awaited_generic_call(call):
        return "awaited"
    if asserted_promise(call):  # `expect(f()).rejects...`: the assertion waits for it
        return "chained"
    node, parent = call, call.parent
    # `await f() as T` parses as `await (f() as T)`: casts don't change what is awaited. But a cast
    # or `!` applied to the Promise of a returned call does: `return f()!` must become
    # `return (await f())!`, so it no longer counts as returned.
    cast = False
    while parent is not None and (
        parent.type == "parenthesized_expression"
        or (parent.type in {"as_expression", "satisfies_expression", "non_null_expression"} and parent.named_children[0] == node)
        # `return c ? f() : null`: a branch of a conditional is consumed as the conditional is
        or (parent.type == "ternary_expression" and node != parent.child_by_field_name("condition"))
    ):
        cast = cast or parent.type not in {"parenthesized_expression", "ternary_expression"}
        node, parent = parent, parent.parent
    if parent is None:
        return "plain"
    if parent.type == "await_expression":
        return "awaited"
    if parent.type == "unary_expression" and text(parent).startswith("void"):
        return "voided"
    if parent.type == "member_expression" and text(parent.child_by_field_name("property")) in {"then", "catch", "finally"}:
        return "chained"
    if not cast and (parent.type == "return_statement" or (parent.type == "arrow_function" and parent.child_by_field_name("body") == node)):
        return "returned"
    holder = parent.parent if parent.type == "array" else parent
    if holder is not None and holder.type == "arguments" and holder.parent is not None:
        if text(call_function(holder.parent)) in COMBINATORS:
            return "combined"
    return "plain"
