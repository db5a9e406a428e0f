"""Scripts whose top-level code must await: that code moves into `async function main()`.

A script (`scripts/report.ts`, a seed or maintenance tool) runs its queries at the top level. Once
they are async, the top level would have to await, and top-level await only works in ES modules
(tsx and ts-node compile a package without `"type": "module"` to CommonJS, where it is an error).
So the statements from the first one that must await to the end of the file become the body of an
async `main()`, which the script calls with a catch that reports the error and sets a failing exit
code. Declarations before it stay where they are (main sees them); the wrapped text keeps its bytes
(no re-indentation: only two lines are added around it, the diff shows exactly that).

Only a file that exports nothing is a script: a module with exports is imported by others, which
would see its top-level statements run later than they did.
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Rule
from wavemod.engine.analysis.functions import TOP_LEVEL
from wavemod.engine.core.syntax import text
from wavemod.codemods.base import Codemod, FileContext

MAIN = "main"


def is_script(ctx: FileContext) -> bool:
    """Exports nothing and awaits nothing at the top level already (then it can await there)."""
    root = ctx.tree.root_node
    if ctx.index.nodes("export_statement"):
        return False
    return not any(ctx.index.enclosing_function(node) is None for node in ctx.index.nodes("await_expression")) and root.type == "program"


def top_statement(ctx: FileContext, line: int) -> Node | None:
    """The top-level statement that holds `line` (1-based), if any."""
    for statement in ctx.tree.root_node.named_children:
        if statement.start_point[0] + 1 <= line <= statement.end_point[0] + 1:
            return statement
    return None


def stopped_at_top(ctx: FileContext) -> list[int]:
    """Lines where a rewrite or an await stopped because it was at the top level (this pass)."""
    return sorted({f.line for f in ctx.findings if TOP_LEVEL in f.message})


def wrap_in_main(codemod: Codemod, ctx: FileContext, rule: Rule, lines: list[int]) -> bool:
    """Move the top level, from the first statement at `lines` on, into an async main(). False when
    the file is not a script or already names `main`."""
    if not lines or not is_script(ctx) or ctx.index.references(MAIN):
        return False
    first = None
    for line in lines:
        statement = top_statement(ctx, line)
        if statement is not None and statement.type not in {"import_statement", "comment"}:
            first = statement if first is None or statement.start_byte < first.start_byte else first
    if first is None:
        return False
    nl = ctx.newline.decode()
    end = ctx.tree.root_node.end_byte
    tail = "" if ctx.source.endswith(ctx.newline) else nl
    codemod.edit(ctx, rule, first.start_byte, first.start_byte, f"async function {MAIN}(): Promise<void> {{{nl}")
    codemod.edit(ctx, rule, end, end, f"{tail}}}{nl}{nl}{_trailer(nl)}")
    return True


def _trailer(newline: str) -> str:
    return f"{MAIN}().catch((error) => {{{newline}  console.error(error){newline}  process.exitCode = 1{newline}}}){newline}"


def note_wrapped(codemod: Codemod, ctx: FileContext, rule: Rule) -> None:
    """List a main() this codemod wrote (findings come from a file's last pass, where the wrapping
    is done already): recognised by the exact text it writes."""
    nl = ctx.newline.decode()
    if not ctx.source.endswith(_trailer(nl).encode()):
        return
    for statement in ctx.tree.root_node.named_children:
        if statement.type == "function_declaration" and text(statement.child_by_field_name("name")) == MAIN and text(statement).startswith(f"async function {MAIN}(): Promise<void> {{"):
            codemod.warn(ctx, rule, statement, f"the script's top level from here on moved into an async {MAIN}() so its queries can be awaited: check it still runs as before")
            return


