"""Tests that read the source text of a file the wave rewrites.

Some suites guard conventions by reading source files and asserting on their text:
`expect(readFileSync(join(process.cwd(), 'src/lib/scheduler.ts'), 'utf8')).toContain('.all(task.workspace_id)')`.
A rewrite of that file can break such an assertion while the behaviour it guards is intact (the
query still filters by workspace, as `executeQuery(sql, [task.workspace_id])`). The engine does not
edit the expected text (it cannot tell what the assertion means to guard); it lists, in the reading
file (a test outside the wave, usually), each positive `toContain` / `toMatch` whose expected text
was in a file it reads before the wave and is not there after it, and a file that snapshots what
it reads: those tests are expected to fail until their expected text is updated by hand.

A reader is a file that calls a file-reading function (`readFileSync`, `readFile`) and holds a
string literal naming a file the wave changed: as a path from the project root
('src/lib/x.ts', './src/lib/x.ts') or from the reading file's folder ('../x.ts' or '/../x.ts',
used with `__dirname`). Literals are matched whole: 'x.ts' alone names no file.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from tree_sitter import Node

from .languages import language_for, parse
from .sqlrecover import literal_text
from .syntax import line_at, string_value, walk
from .types import FileChange, Finding, Status, WaveResult

RULE_ID = "source-text"
READS = (b"readFileSync", b"readFile(")
SNAPSHOTS = re.compile(rb"\.toMatch(Inline|File)?Snapshot\(")


def _named_paths(path: str, literal: str) -> set[str]:
    """The project paths a string literal in `path` may name."""
    value = literal.strip()
    if value.startswith("/."):
        value = value[1:]  # `__dirname + '/../x.ts'`
    if not value or value.startswith("/") or "\\" in value:
        return set()
    rooted = posixpath.normpath(value)
    from_here = posixpath.normpath(posixpath.join(posixpath.dirname(path), value))
    return {p for p in (rooted, from_here) if not p.startswith("..")}


def list_source_readers(result: WaveResult, sources: dict[str, bytes]) -> None:
    """Add a `source-text` finding at every assertion of a file that reads the text of a file this
    wave changes, where the expected text was in that file before the wave and is not after it
    (module docstring); a file that snapshots what it reads gets one finding at its first literal."""
    changes = {c.path: c for c in result.changes if c.changed and not c.created}
    if not changes:
        return
    names = {posixpath.basename(p).encode() for p in changes}
    by_path = {c.path: i for i, c in enumerate(result.changes)}
    for path in sorted(sources):
        # (findings name lines of the text as the wave writes it)
        text = result.changes[by_path[path]].after if path in by_path else sources[path]
        if not language_for(path) or not any(r in text for r in READS) or not any(n in text for n in names):
            continue  # (cheap byte tests first: most files read nothing)
        root = parse(text, language_for(path) or "typescript").root_node
        literals = [(node, sorted(_named_paths(path, string_value(node) or "") & set(changes) - {path})) for node in walk(root) if node.type in {"string", "template_string"}]
        read = sorted({p for _, hit in literals for p in hit})
        if not read:
            continue
        findings = []
        for line, expected in _expectations(root, text):
            gone = [p for p in read if _found(expected, changes[p].before) and not _found(expected, changes[p].after)]
            if gone:
                findings.append(Finding(path, line, RULE_ID, f"expects {_shown(expected)} in the text of `{gone[0]}`, which this wave rewrote without it: the behaviour the assertion guards may be intact in the new code; update the expected text by hand", "review"))
        if SNAPSHOTS.search(text):
            first = next(node for node, hit in literals if hit)
            findings.append(Finding(path, line_at(text, first.start_byte), RULE_ID, f"snapshots source text and reads `{read[0]}`" + (f" and {len(read) - 1} more files" if len(read) > 1 else "") + ", which this wave rewrites: update the snapshot once the new text is reviewed", "review"))
        if findings:
            _add_findings(result, by_path, path, text, findings)
    result.changes.sort(key=lambda c: c.path)


def _expectations(root: Node, text: bytes) -> list[tuple[int, str | re.Pattern[str]]]:
    """(line, expected text or pattern) of every positive `.toContain('...')` / `.toMatch(...)`."""
    out: list[tuple[int, str | re.Pattern[str]]] = []
    for node in walk(root):
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if callee is None or callee.type != "member_expression" or args is None or not args.named_children:
            continue
        method = (callee.child_by_field_name("property").text or b"").decode()
        negated = (callee.child_by_field_name("object").text or b"").endswith(b".not")
        if method not in {"toContain", "toMatch"} or negated:
            continue
        first = args.named_children[0]
        value = _string(first)
        if value is None and first.type == "regex" and method == "toMatch":
            pattern = first.child_by_field_name("pattern")
            try:
                value = re.compile((pattern.text or b"").decode()) if pattern is not None else None  # type: ignore[assignment]
            except re.error:
                value = None  # (a JavaScript-only construct: not judged)
        if value:
            out.append((line_at(text, node.start_byte), value))
    return out


def _string(node: Node) -> str | None:
    """The value of a string or substitution-free template literal, escapes decoded (`'...?\\n  `).run('`)."""
    if node.type not in {"string", "template_string"}:
        return None
    recovered = literal_text(node)
    return recovered.sql if recovered is not None and not recovered.parts else None


def _found(expected: str | re.Pattern[str], source: bytes) -> bool:
    decoded = source.decode("utf-8", "replace")
    return expected in decoded if isinstance(expected, str) else expected.search(decoded) is not None


def _shown(expected: str | re.Pattern[str]) -> str:
    shown = (expected if isinstance(expected, str) else f"/{expected.pattern}/").replace("\n", "\\n")
    return f"`{shown}`" if len(shown) <= 80 and "`" not in shown else f"`{shown[:77].replace('`', chr(39))}...`"


def _add_findings(result: WaveResult, by_path: dict[str, int], path: str, text: bytes, findings: list[Finding]) -> None:
    """Attach findings to the file's change; a file the wave leaves as it is gets an unchanged entry."""
    if path in by_path:
        change = result.changes[by_path[path]]
        result.changes[by_path[path]] = replace(change, findings=tuple(sorted(set(change.findings) | set(findings), key=Finding.sort_key)))
        return
    result.changes.append(FileChange(path, text, text, Status.UNCHANGED, findings=tuple(findings), in_wave=False))
    by_path[path] = len(result.changes) - 1
