"""The shape of a test's throw assertion: `expect(() => f(x)).toThrow(...)`, `expect(f).toThrow()`,
`.toThrowError(...)`, `.not.toThrow()` (vitest and jest spell them alike).

When `f` turns async it rejects instead of throwing: the assertion sees a function that returns a
Promise and no longer throws (`expected [Function] to throw`), and `.not.toThrow()` passes whatever
happens. codemods.throw_assertions rewrites them to `await expect(f(x)).rejects.toThrow(...)`;
here is only what the tree looks like, shared with the call summaries (engine.analysis.project), which count
`expect(f).toThrow()` as a call of `f`, and with `call_state`, for which a Promise handed to
`expect(...).rejects` / `.resolves` is consumed (chained), not floating.
"""
from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from wavemod.engine.core.syntax import text, unwrap_parens, walk

THROW_MATCHERS = frozenset({"toThrow", "toThrowError", "toThrowErrorMatchingSnapshot", "toThrowErrorMatchingInlineSnapshot"})
PROMISE_MODIFIERS = frozenset({"rejects", "resolves"})


@dataclass(frozen=True)
class ThrowAssertion:
    """`expect(<subject>)[.not].<matcher>(...)`."""

    expect: Node  # the `expect(...)` call
    assertion: Node  # the whole matcher call: where the `await` goes
    negated: bool
    callback: Node | None  # `() => f(x)` / `() => { f(x) }`: the function the subject is
    called: Node | None  # the single call the callback makes (None: a body that is more than that)
    value: Node | None  # `f` in `expect(f)`


def _is_expect(call: Node) -> bool:
    function = call.child_by_field_name("function")
    return function is not None and function.type == "identifier" and function.text == b"expect"


def _single_call(callback: Node) -> Node | None:
    """The call a parameterless callback consists of: `() => f(x)`, `() => { f(x) }`,
    `function () { return f(x) }`; None for anything more."""
    params = callback.child_by_field_name("parameters")
    if callback.child_by_field_name("parameter") is not None or (params is not None and params.named_children):
        return None
    if any(c.type == "async" for c in callback.children):
        return None  # rejects already: expect(...).toThrow() on it is the test's own matter
    body = callback.child_by_field_name("body")
    if body is None:
        return None
    if body.type == "statement_block":
        statements = body.named_children
        if len(statements) != 1 or statements[0].type not in {"expression_statement", "return_statement"}:
            return None
        inner = statements[0].named_children
        if len(inner) != 1:
            return None
        body = inner[0]
    body = unwrap_parens(body)
    if body.type != "call_expression":
        return None
    # The rewrite drops the callback's text around the call: a comment there would go with it.
    if any(n.type == "comment" and not (body.start_byte <= n.start_byte < body.end_byte) for n in walk(callback)):
        return None
    return body


def throw_assertion(expect: Node) -> ThrowAssertion | None:
    """The throw assertion `expect` (an `expect(...)` call) starts, if it is one."""
    if expect.type != "call_expression" or not _is_expect(expect):
        return None
    args = expect.child_by_field_name("arguments")
    subjects = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    member = expect.parent
    if len(subjects) != 1 or member is None or member.type != "member_expression" or member.child_by_field_name("object") != expect:
        return None
    negated = text(member.child_by_field_name("property")) == "not"
    if negated:
        member = member.parent
        if member is None or member.type != "member_expression":
            return None
    if text(member.child_by_field_name("property")) not in THROW_MATCHERS:
        return None
    assertion = member.parent
    if assertion is None or assertion.type != "call_expression" or assertion.child_by_field_name("function") != member:
        return None
    subject = unwrap_parens(subjects[0])
    if subject.type in {"arrow_function", "function_expression", "function"}:
        return ThrowAssertion(expect, assertion, negated, subject, _single_call(subject), None)
    if subject.type == "identifier":
        return ThrowAssertion(expect, assertion, negated, None, None, subject)
    return None


def callback_assertion(call: Node) -> ThrowAssertion | None:
    """The throw assertion whose callback consists of `call`, if any."""
    node = call.parent
    while node is not None and node.type in {"parenthesized_expression", "expression_statement", "return_statement", "statement_block"}:
        node = node.parent
    if node is None or node.type not in {"arrow_function", "function_expression", "function"}:
        return None
    holder = node.parent
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    if holder is None or holder.type != "arguments" or holder.parent is None:
        return None
    found = throw_assertion(holder.parent)
    return found if found is not None and found.called == call else None


def asserted_promise(call: Node) -> bool:
    """`expect(f(x)).rejects...` / `.resolves...`: the Promise is what the assertion waits for."""
    args = call.parent
    expect = args.parent if args is not None and args.type == "arguments" else None
    if expect is None or not _is_expect(expect):
        return False
    member = expect.parent
    return member is not None and member.type == "member_expression" and text(member.child_by_field_name("property")) in PROMISE_MODIFIERS
