"""Throw assertions on a function that turned async (part of async propagation).

`expect(() => f(x)).toThrow(E)` asserts that calling `f` throws. Once `f` is async it rejects
instead: the callback returns a Promise, nothing throws, and the test fails (or, with
`.not.toThrow()`, passes whatever happens). The assertion becomes
`await expect(f(x)).rejects.toThrow(E)` (`.not.toThrow()`: `.resolves.not.toThrow()`), and the
test callback around it async. `expect(f).toThrow()` calls `f` with no arguments: `f()` is what
is asserted. A callback that does more than one call is left listed (engine.analysis.throw_assertions).
"""
from __future__ import annotations

from wavemod.engine.core.config import Rule
from wavemod.engine.analysis.throw_assertions import ThrowAssertion
from wavemod.codemods.awaiting import await_call
from wavemod.codemods.base import Codemod, FileContext


def rewrite_throw_assertion(codemod: Codemod, ctx: FileContext, rule: Rule, found: ThrowAssertion, can_await: bool) -> bool:
    """Edit `found` into an awaited promise assertion; False (nothing edited) when its subject is
    not a single call or a function name, or when the code around it cannot await (`can_await`)."""
    if not can_await:
        return False
    if found.callback is not None and found.called is not None:
        codemod.edit(ctx, rule, found.callback.start_byte, found.called.start_byte, "")
        codemod.edit(ctx, rule, found.called.end_byte, found.callback.end_byte, "")
    elif found.value is not None:
        codemod.edit(ctx, rule, found.value.end_byte, found.value.end_byte, "()")
    else:
        return False
    codemod.edit(ctx, rule, found.expect.end_byte, found.expect.end_byte, ".resolves" if found.negated else ".rejects")
    await_call(codemod, ctx, rule, found.assertion)
    return True
