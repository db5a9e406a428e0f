"""Tests that read the source text of a file the wave rewrites.

Some suites guard conventions by reading source files and asserting on their text:
`expect(readFileSync(join(process.cwd(), 'src/lib/scheduler.ts'), 'utf8')).toContain('.all(task.workspace_id)')`.
A rewrite of that file can break such an assertion while the behaviour it guards is intact (the
query still filters by workspace, as `executeQuery(sql, [task.workspace_id])`). The engine does not
edit the expected text (it cannot tell what the assertion means to guard); it lists, in the reading
file (a test outside the wave, usually), each literal it looks for (the expected text of a
`toContain` / `toMatch`, a string it searches with `indexOf`, a regular expression it matches)
that was in a file it reads before the wave and is not there after it, and a file that snapshots
what it reads: those tests are expected to fail until their expected text is updated by hand.

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

from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.analysis.sqlrecover import literal_text
from wavemod.engine.core.syntax import line_at, string_value, walk
from wavemod.engine.core.types import FileChange, Finding, Status, WaveResult

RULE_ID = "source-text"
READS = (b"readFileSync", b"readFile(")
SPECIFIER_CALLS = frozenset({b"require", b"import", b"vi.mock", b"jest.mock", b"vi.doMock", b"jest.doMock", b"vi.importActual", b"jest.requireActual"})
MIN_PROBE = 4  # shorter literals ('?', ', ') say nothing about a file's text
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
    """Add a `source-text` finding in every file that reads the text of a file this wave changes, at
    each literal it looks for there that was in that file before the wave and is not after it
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
        for line, how, expected in _probes(root, text, {node.id for node, hit in literals if hit}):
            gone = [p for p in read if _found(expected, changes[p].before) and not _found(expected, changes[p].after)]
            if gone:
                where = f"`{gone[0]}`" + (f" (and {len(gone) - 1} more {'file' if len(gone) == 2 else 'files'} it reads)" if len(gone) > 1 else "")
                findings.append(Finding(path, line, RULE_ID, f"{how} {_shown(expected)} in the text of {where}, which this wave rewrote without it: the behaviour the test guards may be intact in the new code; update the expected text by hand", "review"))
        if SNAPSHOTS.search(text):
            first = next(node for node, hit in literals if hit)
            findings.append(Finding(path, line_at(text, first.start_byte), RULE_ID, f"snapshots source text and reads `{read[0]}`" + (f" and {len(read) - 1} more files" if len(read) > 1 else "") + ", which this wave rewrites: update the snapshot once the new text is reviewed", "review"))
        if findings:
            _add_findings(result, by_path, path, text, findings)
    result.changes.sort(key=lambda c: c.path)


def _probes(root: Node, text: bytes, paths: set[int]) -> list[tuple[int, str, str | re.Pattern[str]]]:
    """(line, how, text or pattern) of every literal the file may look for in what it reads: the
    argument of a positive `.toContain(...)` / `.toMatch(...)` ("expects"), any other string or
    regular expression ("looks for": `handler.indexOf('getDatabase()')`, `matchAll(/\\.prepare\\(/g)`).
    Not: the literals naming files (`paths`, node ids), module specifiers, arguments of negated
    assertions (`.not.toContain`: they hold all the more once the text is gone), and short ones."""
    out: list[tuple[int, str, str | re.Pattern[str]]] = []
    for node in walk(root):
        if node.type not in {"string", "template_string", "regex"} or node.id in paths:
            continue
        call = node.parent.parent if node.parent is not None and node.parent.type == "arguments" else None
        callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        spelled = (callee.text or b"") if callee is not None else b""
        if node.parent is not None and node.parent.type in {"import_statement", "export_statement"} or spelled in SPECIFIER_CALLS:
            continue
        negated = callee is not None and callee.type == "member_expression" and (callee.child_by_field_name("object").text or b"").endswith(b".not")
        if negated:
            continue
        value: str | re.Pattern[str] | None = _string(node) if node.type != "regex" else _regex(node)
        if value is None or (isinstance(value, str) and len(value.strip()) < MIN_PROBE):
            continue
        how = "expects" if spelled.endswith((b".toContain", b".toMatch")) and node == call.child_by_field_name("arguments").named_children[0] else "looks for"  # type: ignore[union-attr]
        out.append((line_at(text, node.start_byte), how, value))
    return out


def _regex(node: Node) -> re.Pattern[str] | None:
    """A JavaScript regular expression literal as Python reads it; None when Python reads it otherwise."""
    pattern = node.child_by_field_name("pattern")
    flags = (node.child_by_field_name("flags").text or b"").decode() if node.child_by_field_name("flags") is not None else ""
    if pattern is None or set(flags) - set("gimsuy"):
        return None
    options = (re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags else 0) | (re.DOTALL if "s" in flags else 0)
    try:
        return re.compile((pattern.text or b"").decode(), options)
    except re.error:
        return None  # (a JavaScript-only construct: not judged)


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
    """The literal as a Markdown code span (its newlines written `\\n`, long ones cut)."""
    shown = (expected if isinstance(expected, str) else f"/{expected.pattern}/").replace("\n", "\\n")
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return f"`` {shown} ``" if "`" in shown else f"`{shown}`"


def _add_findings(result: WaveResult, by_path: dict[str, int], path: str, text: bytes, findings: list[Finding]) -> None:
    """Attach findings to the file's change; a file the wave leaves as it is gets an unchanged entry."""
    if path in by_path:
        change = result.changes[by_path[path]]
        result.changes[by_path[path]] = replace(change, findings=tuple(sorted(set(change.findings) | set(findings), key=Finding.sort_key)))
        return
    result.changes.append(FileChange(path, text, text, Status.UNCHANGED, findings=tuple(findings), in_wave=False))
    by_path[path] = len(result.changes) - 1
