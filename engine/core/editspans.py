"""Which rule's edit produced which bytes of a rewritten file.

The runner applies edits in passes; each pass's offsets are in that pass's text. To name the rule
whose edit touched a line that a checker complains about, the spans each rule wrote are carried
through the later passes (shifted by the edits before them) and end as (start, end, rule) spans of
the final text. Cheap: a few integers per edit.
"""
from __future__ import annotations

from bisect import bisect_right

from wavemod.engine.core.types import Edit

Span = tuple[int, int, str]


def carry(spans: tuple[Span, ...], accepted: list[Edit]) -> tuple[Span, ...]:
    """`spans` of the text before a pass, moved into the text after splicing `accepted` (sorted by
    start, non-overlapping), plus the spans the accepted edits wrote."""
    ordered = sorted(accepted, key=lambda e: (e.start, e.end))
    ends = [e.end for e in ordered]
    shifts: list[int] = []  # cumulative size change after each edit
    total = 0
    for edit in ordered:
        total += len(edit.text) - (edit.end - edit.start)
        shifts.append(total)

    def moved(offset: int) -> int:
        # Edits ending at or before the offset shift it; one that covers it puts it at its new end.
        at = bisect_right(ends, offset)
        shift = shifts[at - 1] if at else 0
        if at < len(ordered) and ordered[at].start < offset:
            covering = ordered[at]
            return covering.start + (shifts[at - 1] if at else 0) + len(covering.text)
        return offset + shift

    out = [(moved(s), max(moved(s), moved(e)), rule) for s, e, rule in spans]
    before = 0
    for edit in ordered:
        start = edit.start + before
        out.append((start, start + len(edit.text), edit.rule))
        before += len(edit.text) - (edit.end - edit.start)
    return tuple(sorted(set(out)))


def rules_by_line(text: bytes, spans: tuple[Span, ...]) -> dict[int, set[str]]:
    """1-based line of `text` -> the rules whose edits wrote (or removed text) on it."""
    starts = [0]
    at = text.find(b"\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find(b"\n", at + 1)
    out: dict[int, set[str]] = {}
    for start, end, rule in spans:
        first = bisect_right(starts, start)
        last = bisect_right(starts, max(start, end - 1))
        for line in range(first, last + 1):
            out.setdefault(line, set()).add(rule)
    return out
