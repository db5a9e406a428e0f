"""A function that turned async, stored as a value: listed where it is stored.

`const DETECTORS: Record<Id, () => Status> = { opencode: detectOpenCode }` and then
`DETECTORS[id]()`: the calls go through the record, which the project index cannot follow (it
knows calls by name), so nothing awaits them and the record's declared type still says the
function returns `Status`. Whether the record can simply become `() => Promise<Status>` depends on
its other values and on every call through it, here and in other files; that is the reviewer's
call, so the place is listed, naming the holder and its declared type. The same for a function
stored in an array, assigned to a variable or field, or handed to a call that is not known to
await what it is given.
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Rule
from wavemod.engine.analysis.functions import CHAIN_METHODS, COMBINATORS, TEST_CALLS, value_ref
from wavemod.engine.core.syntax import FUNCTION_TYPES, call_function, text
from wavemod.codemods.base import Codemod, FileContext

# Nodes between a stored value and the declaration that holds it.
_WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression"})
# Where an identifier names the function itself, not a value of it.
_NOT_VALUES = frozenset({
    "import_specifier", "import_clause", "namespace_import", "export_specifier", "type_query",
    "function_declaration", "generator_function_declaration", "required_parameter", "optional_parameter",
})


def list_function_values(codemod: Codemod, ctx: FileContext, rule: Rule, made_async: set[str]) -> None:
    """`made_async`: qualified names of this file's functions this pass makes async (in the
    file's first passes the project index does not know its own functions yet)."""
    project = ctx.project
    if project is None:
        return
    own_known = project.summaries.get(ctx.path) is not None
    names = set(ctx.index.imports) | set(ctx.index.dynamic_imports) | {
        text(fn.child_by_field_name("name")) for fn in ctx.index.nodes("function_declaration") if fn.child_by_field_name("name") is not None
    }
    for name in sorted(names):
        for ref in ctx.index.references(name):
            holder = _stored_in(ref)
            if holder is None:
                continue
            target = value_ref(ctx.index, ref)
            if target is None:
                continue
            if target[0] == "local" and target[1] in made_async:
                turned = True
            elif target[0] == "local" and not own_known:
                turned = False
            else:
                gid = project.resolve(ctx.path, target)
                turned = gid is not None and gid in project.newly_async
            if turned:
                codemod.warn(ctx, rule, ref, f"`{name}` is now async but is used as a value {holder}: calls through it get a Promise that nothing awaits (the index follows calls by name only); make what holds it expect a Promise and await those calls by hand")


def _stored_in(ref: Node) -> str | None:
    """Where the function value goes (for the message), or None where `ref` is not a value that
    escapes (a call of it, a declaration, a type, an argument of a call that awaits it)."""
    parent = ref.parent
    if parent is None or parent.type in _NOT_VALUES:
        return None
    if ref.type == "shorthand_property_identifier":  # { detectOpenCode }
        return _holder(parent)
    if ref.type != "identifier":
        return None
    if parent.type == "call_expression" and parent.child_by_field_name("function") == ref:
        return None
    if parent.type == "member_expression":
        return None  # f.name, f.bind(...): read, not stored
    node = ref
    while parent is not None and parent.type in _WRAPPERS:
        node, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "pair" and parent.child_by_field_name("value") == node:
        return _holder(parent.parent)
    if parent.type == "array":
        return _holder(parent)
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        return _declared(parent, f"in `{text(parent.child_by_field_name('name'))}`")
    if parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
        return f"in `{text(parent.child_by_field_name('left'))}`"
    if parent.type == "public_field_definition":
        return _declared(parent, f"in field `{text(parent.child_by_field_name('name'))}`")
    if parent.type == "arguments" and parent.parent is not None:
        call = parent.parent
        callee = text(call_function(call)) if call.type == "call_expression" else text(call.child_by_field_name("constructor"))
        method = callee.rsplit(".", 1)[-1]
        if callee in TEST_CALLS or callee in COMBINATORS or method in CHAIN_METHODS:
            return None  # these await a Promise-returning callback (or hand it to what does)
        if callee == "expect":
            return None  # asserted on, not stored: expect(f).toThrow() is a throw assertion (codemods.throw_assertions)
        return f"passed to `{callee}`"
    return None


def _holder(container: Node | None) -> str | None:
    """An object or array literal: the declaration, field or assignment that holds it."""
    if container is None or container.type not in {"object", "array"}:
        return None
    node, parent = container, container.parent
    while parent is not None and parent.type in _WRAPPERS:
        node, parent = parent, parent.parent
    kind = "an object" if container.type == "object" else "an array"
    if parent is None:
        return f"in {kind}"
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        return _declared(parent, f"in {kind} held by `{text(parent.child_by_field_name('name'))}`")
    if parent.type == "public_field_definition":
        return _declared(parent, f"in {kind} held by field `{text(parent.child_by_field_name('name'))}`")
    if parent.type == "assignment_expression":
        return f"in {kind} assigned to `{text(parent.child_by_field_name('left'))}`"
    if parent.type in {"pair", "array"}:
        outer = _holder(parent.parent if parent.type == "pair" else parent)
        return f"in {kind} {outer.removeprefix('in ')}" if outer else f"in {kind}"
    if parent.type in {"return_statement", "arrow_function"} or parent.type in FUNCTION_TYPES:
        return f"in {kind} a function returns"
    return f"in {kind}"


def _declared(declaration: Node, where: str) -> str:
    """`where`, with the declared type when there is one (`typed Record<Id, () => Status>`)."""
    annotation = declaration.child_by_field_name("type")
    if annotation is None or not annotation.named_children:
        return where
    spelled = " ".join(text(annotation.named_children[-1]).split())
    return f"{where} (typed `{spelled}`)"
