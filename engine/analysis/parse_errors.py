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
  along with the code around it, or
- it lies inside an ERROR region whose first and last bytes were kept and bound an old ERROR, and
  that region holds no more errors than it did (a rule rewrote code inside it).
Anything else is a new error, and a file with a new error is not written.
"""
from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tree_sitter import Node

from wavemod.engine.core.edits import Segment
from wavemod.engine.core.languages import parse

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


def _char(offset: int, segments: Sequence[Segment], starts: list[int]) -> int | None:
    """The old offset of the new text's byte at `offset`, when that byte was kept."""
    at = bisect_right(starts, offset) - 1
    if at < 0 or offset >= segments[at].new + segments[at].length:
        return None
    return offset - segments[at].new + segments[at].old


def _back(site: ErrorSite, segments: Sequence[Segment], starts: list[int]) -> tuple[int, int, bool] | None:
    """The old span of `site` when its first and last bytes were kept, and whether all of it was
    (False: text inside it was rewritten). A zero-width MISSING node maps only from strictly inside
    one kept segment: at a segment's edge, the text next to it changed."""
    if site.start == site.end:
        at = bisect_right(starts, site.start) - 1
        if at < 0:
            return None
        seg = segments[at]
        if not seg.new < site.start < seg.new + seg.length:
            return None
        point = site.start - seg.new + seg.old
        return point, point, True
    first, last = _char(site.start, segments, starts), _char(site.end - 1, segments, starts)
    if first is None or last is None:
        return None
    return first, last + 1, last - first == site.end - 1 - site.start and bisect_right(starts, site.start) == bisect_right(starts, site.end - 1)


def _within(sites: Sequence[ErrorSite], outer: tuple[int, int]) -> list[ErrorSite]:
    return [s for s in sites if outer[0] <= s.start and s.end <= outer[1] and (s.start, s.end) != outer]


def new_errors(before: Sequence[ErrorSite], after: Sequence[ErrorSite], segments: Sequence[Segment]) -> list[ErrorSite]:
    """The errors of `after` with no counterpart in `before` (see the module doc). One old error
    may answer for several new ones: a rewrite that copies text copies its errors too.

    An ERROR whose first and last bytes were kept and map back to an old ERROR's span, with text
    rewritten inside it, is that old ERROR (rules rewrite what parses inside an error region); the
    errors nested in it are then held to the old measure, no more of them than the old one had."""
    if not after:
        return []
    spans = {(s.kind, s.start, s.end) for s in before}
    keys = {s.key for s in before}
    ordered = sorted(segments, key=lambda s: s.new)
    starts = [s.new for s in ordered]
    unmatched: list[ErrorSite] = []
    regions: list[tuple[ErrorSite, tuple[int, int]]] = []  # (new ERROR, its old span), rewritten inside
    for site in after:
        old = _back(site, ordered, starts)
        if old is not None and (site.kind, old[0], old[1]) in spans:
            if not old[2]:
                regions.append((site, (old[0], old[1])))
            continue
        if site.key not in keys:
            unmatched.append(site)
    forgiven: set[ErrorSite] = set()
    for site, old_span in regions:
        inside = _within(after, (site.start, site.end))
        if len(inside) <= len(_within(before, old_span)):
            forgiven.update(inside)
    return [s for s in unmatched if s not in forgiven]


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
