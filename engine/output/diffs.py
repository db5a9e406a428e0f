"""Unified diffs of FileChanges: plain text that `git apply` accepts."""
from __future__ import annotations

import difflib

from wavemod.engine.core.types import FileChange


def _lines(data: bytes) -> list[str]:
    # surrogateescape keeps arbitrary bytes round-trippable through text diffs
    return data.decode("utf-8", "surrogateescape").splitlines(keepends=True)


def unified_diff(change: FileChange, context: int = 3) -> str:
    before, after = _lines(change.before), _lines(change.after)
    out = []
    old = "/dev/null" if change.created else f"a/{change.path}"
    new = "/dev/null" if change.deleted else f"b/{change.path}"
    for line in difflib.unified_diff(before, after, old, new, n=context):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    if not out:
        return ""
    mode = "new file mode 100644\n" if change.created else "deleted file mode 100644\n" if change.deleted else ""
    return f"diff --git a/{change.path} b/{change.path}\n{mode}" + "".join(out)


def patch(changes: list[FileChange]) -> str:
    return "".join(unified_diff(c) for c in changes if c.changed)


def line_counts(change: FileChange) -> tuple[int, int]:
    """Lines added and removed, as `git diff --stat` counts them."""
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, _lines(change.before), _lines(change.after), autojunk=False).get_opcodes():
        if tag in {"replace", "delete"}:
            removed += i2 - i1
        if tag in {"replace", "insert"}:
            added += j2 - j1
    return added, removed
