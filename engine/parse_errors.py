"""Which parse errors of a rewritten text the rewrite created, as opposed to carried along.

Tree-sitter has grammar gaps: some valid TypeScript parses with an ERROR node (a type member named
`in_progress` on its own line reads as the `in` operator). A rewrite that moves or copies such text
(a cast's type becoming a call's type argument) carries the same error with it, and a plain count
of errors goes up although nothing got worse. So errors are compared as *sites*: an error of the
new text counts as new only when no error of the old text corresponds to it.

An error of the new text corresponds to one of the old text when either
- its span lies inside text kept verbatim, and maps back through that text to the old error's span
  (the text around it may have changed: an `await` inserted before it on the same line), or
- it is the same error text on the same line text, whitespace aside: the error moved or was copied
  along with the code around it.
Anything else is a new error, and a file with a new error is not written.
"""
from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tree_sitter import Node

from .edits import Segment
from .languages import parse

_SPACE = re.compile(rb"\s+")
MAX_CHAR_DIFF = 20_000  # bytes of a changed block diffed character by character (larger: by line only)


@dataclass(frozen=True)
class ErrorSite:
    """One ERROR or MISSING node: its kind, span and the text that identifies it."""

    kind: str  # "ERROR" or "MISSING <node type>"
    start: int
    end: int
    line: int  # 1-based line of its start
    text: bytes  # the node's text, whitespace collapsed
    context: bytes  # the full lines it spans, whitespace collapsed

    @property
    def key(self) -> tuple[str, bytes, bytes]:
        return (self.kind, self.text, self.context)


def _squash(data: bytes) -> bytes:
    return _SPACE.sub(b" ", data).strip()


def error_sites(root: Node, source: bytes) -> list[ErrorSite]:
    """Every ERROR and MISSING node under `root` (nested ones too, as count_errors counts them)."""
    if not root.has_error:
        return []
    sites: list[ErrorSite] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            start, end = node.start_byte, node.end_byte
            line_start = source.rfind(b"\n", 0, start) + 1
            line_end = source.find(b"\n", end)
            kind = "ERROR" if node.is_error else f"MISSING {node.type}"
            sites.append(ErrorSite(kind, start, end, node.start_point[0] + 1, _squash(source[start:end]), _squash(source[line_start : len(source) if line_end < 0 else line_end])))
        if node.has_error:
            stack.extend(node.children)
    return sorted(sites, key=lambda s: (s.start, s.end, s.kind))


def _back(site: ErrorSite, segments: Sequence[Segment], starts: list[int]) -> tuple[int, int] | None:
    """The old span of `site` when it lies inside one kept segment (a zero-width MISSING node
    strictly inside: at a segment's edge, the text next to it changed)."""
    at = bisect_right(starts, site.start) - 1
    if at < 0:
        return None
    seg = segments[at]
    inside = seg.new < site.start and site.end < seg.new + seg.length if site.start == site.end else seg.new <= site.start and site.end <= seg.new + seg.length
    return (site.start - seg.new + seg.old, site.end - seg.new + seg.old) if inside else None


def new_errors(before: Sequence[ErrorSite], after: Sequence[ErrorSite], segments: Sequence[Segment]) -> list[ErrorSite]:
    """The errors of `after` with no counterpart in `before` (see the module doc). One old error
    may answer for several new ones: a rewrite that copies text copies its errors too."""
    if not after:
        return []
    spans = {(s.kind, s.start, s.end) for s in before}
    keys = {s.key for s in before}
    ordered = sorted(segments, key=lambda s: s.new)
    starts = [s.new for s in ordered]
    out = []
    for site in after:
        old = _back(site, ordered, starts)
        if old is not None and (site.kind, *old) in spans:
            continue
        if site.key in keys:
            continue
        out.append(site)
    return out


def diff_segments(old: bytes, new: bytes) -> list[Segment]:
    """Text kept verbatim from `old` in `new`, found by diffing (when the edits are not known):
    lines first, then the characters of each changed block of lines."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_at, new_at = _offsets(old_lines), _offsets(new_lines)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a0, a1, b0, b1 = old_at[i1], old_at[i2], new_at[j1], new_at[j2]
        if tag == "equal":
            segments.append(Segment(a0, b0, a1 - a0))
        elif tag == "replace" and a1 - a0 <= MAX_CHAR_DIFF and b1 - b0 <= MAX_CHAR_DIFF:
            chars = difflib.SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
            segments.extend(Segment(a0 + m.a, b0 + m.b, m.size) for m in chars.get_matching_blocks() if m.size)
    return segments


def _offsets(lines: list[bytes]) -> list[int]:
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line))
    return out


def added_errors(before: bytes, after: bytes, lang: str) -> list[ErrorSite]:
    """The parse errors `after` has that `before` does not account for: the check of a rewritten
    file against its original when the edits between them are not at hand (apply's re-check, tests)."""
    after_sites = error_sites(parse(after, lang).root_node, after)
    if not after_sites:
        return []
    return new_errors(error_sites(parse(before, lang).root_node, before), after_sites, diff_segments(before, after))
