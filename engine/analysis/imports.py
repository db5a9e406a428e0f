"""Adding named imports (merging with an existing import of the module) in the file's own style."""
from __future__ import annotations

from collections import defaultdict

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.core.syntax import string_value, text
from wavemod.engine.core.types import Edit

RULE_ID = "imports"


def _quote(ctx: FileContext) -> str:
    for statement in ctx.index.import_statements:
        source = statement.child_by_field_name("source")
        if source is not None:
            return text(source)[0]
    return "'"


def _semicolon(ctx: FileContext) -> str:
    statements = ctx.index.import_statements
    if statements:
        return ";" if text(statements[-1]).rstrip().endswith(";") else ""
    # No import to copy: the file's own style (a file with no line ending in `;` writes none).
    return ";" if any(line.rstrip().endswith(b";") for line in ctx.source.splitlines()) or not ctx.source.strip() else ""


def ensure_imports(ctx: FileContext, required: set[tuple[str, str]]) -> None:
    """Append edits that import each (name, module) not yet bound in the file."""
    missing: dict[str, list[str]] = defaultdict(list)
    for name, module in sorted(required):
        binding = ctx.index.imports.get(name)
        if binding is not None and not binding.type_only:
            continue
        if binding is None and ctx.index.declared_at_top(name):
            continue  # a top-level declaration of that name exists; don't shadow it
        missing[module].append(name)
    for module, names in missing.items():
        target = ctx.index.resolver.resolve_configured(module)
        existing = None
        for statement in ctx.index.import_statements:
            source = statement.child_by_field_name("source")
            spec = string_value(source) if source is not None else None
            if spec is None or any(c.type == "type" for c in statement.children):
                continue
            if (ctx.index.resolver.resolve(spec, ctx.path) or spec) == target:
                existing = statement
                break
        if existing is not None and _merge(ctx, existing, names):
            continue
        quote, semi, nl = _quote(ctx), _semicolon(ctx), ctx.newline.decode()
        line = f"import {{ {', '.join(names)} }} from {quote}{module}{quote}{semi}"
        after = _anchor(ctx)
        if after is not None:
            ctx.edits.append(Edit(after, after, (nl + line).encode(), RULE_ID))
        else:
            at = _prologue_end(ctx)
            # At the top of code that stays, a new import block is set off by a blank line.
            gap = at == 0 and ctx.source.strip() and not ctx.source.startswith((b"\n", b"\r\n")) and not any(e.start <= at < e.end for e in ctx.edits)
            text_ = (line + nl + (nl if gap else "")) if at == 0 else (nl + line)
            ctx.edits.append(Edit(at, at, text_.encode(), RULE_ID))


def _anchor(ctx: FileContext) -> int | None:
    """Where a new import line goes: after the last import statement that no edit of this pass
    replaces around its end. Not after one that another rule deletes in the same pass (the
    connection import, once its last use is rewritten): that insertion would overlap the deletion,
    which would then wait for one more pass. None when the file has no import statement."""
    statements = ctx.index.import_statements
    if not statements:
        return None
    spans = [(e.start, e.end) for e in ctx.edits if e.start != e.end]
    for statement in reversed(statements):
        end = statement.end_byte
        if not any(start < end < stop for start, stop in spans):
            return end
    return statements[-1].end_byte  # every import goes: the deletion waits a pass, as before


def _merge(ctx: FileContext, statement, names: list[str]) -> bool:
    clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
    if clause is None:
        return False
    named = next((c for c in clause.named_children if c.type == "named_imports"), None)
    if named is not None:
        specifiers = [c for c in named.named_children if c.type == "import_specifier"]
        if specifiers:
            at = specifiers[-1].end_byte
            ctx.edits.append(Edit(at, at, ("".join(f", {n}" for n in names)).encode(), RULE_ID))
        else:
            ctx.edits.append(Edit(named.start_byte, named.end_byte, f"{{ {', '.join(names)} }}".encode(), RULE_ID))
        return True
    default = next((c for c in clause.named_children if c.type == "identifier"), None)
    if default is not None and len(clause.named_children) == 1:
        ctx.edits.append(Edit(default.end_byte, default.end_byte, f", {{ {', '.join(names)} }}".encode(), RULE_ID))
        return True
    return False


def _prologue_end(ctx: FileContext) -> int:
    """After leading directives ('use client'), so a new import never precedes them."""
    end = 0
    for child in ctx.tree.root_node.named_children:
        if child.type == "expression_statement" and child.named_children and child.named_children[0].type == "string":
            end = child.end_byte
        elif child.type != "comment":
            break
    return end


def statement_span(source: bytes, node) -> tuple[int, int]:
    """The byte range of a whole statement line, including its indentation, a trailing `;` token
    that the grammar keeps as a sibling, and the line break, so deleting it leaves no blank line."""
    start = node.start_byte
    line_start = source.rfind(b"\n", 0, start) + 1
    if source[line_start:start].strip() == b"":
        start = line_start
    end = node.end_byte
    if source[end : end + 1] == b";":
        end += 1
    line_end = source.find(b"\n", end)
    if line_end == -1:
        line_end = len(source)
    if source[end:line_end].strip() == b"":
        end = min(line_end + 1, len(source))
        # Removing the first line of a block (or of the file) must not leave a blank line behind.
        before = source[: start].rstrip(b"\r\n")
        opens_block = start == 0 or before.endswith(b"{")
        next_end = source.find(b"\n", end)
        if opens_block and start == line_start and next_end != -1 and source[end:next_end].strip() == b"":
            end = next_end + 1
    return start, end
