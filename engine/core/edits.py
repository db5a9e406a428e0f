"""Applying edits to bytes: overlap detection with a deterministic winner, then splicing from the end."""
from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from wavemod.engine.core.misparses import unmask
from wavemod.engine.core.types import Edit


@dataclass(frozen=True)
class Segment:
    """Bytes [old, old + length) of the old text appear unchanged at [new, new + length) of the new."""

    old: int
    new: int
    length: int


@dataclass(frozen=True)
class Conflict:
    winner: Edit
    loser: Edit
    nested: bool  # the loser lies inside the winner's range: it is retried on the next pass


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.is_insertion and b.is_insertion:
        return False  # two insertions at one point both apply, in priority order
    if a.is_insertion:
        return b.start < a.start < b.end
    if b.is_insertion:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _rank(edit: Edit) -> tuple[int, int, int, str, bytes]:
    # Higher priority first; then the smaller (inner) edit, so rewrites compose bottom-up; then a
    # stable tiebreak so the same input always gives the same output.
    return (-edit.priority, edit.end - edit.start, edit.start, edit.rule, edit.text)


def resolve(edits: list[Edit]) -> tuple[list[Edit], list[Conflict]]:
    """Pick a non-overlapping subset. Identical edits are merged; every dropped edit is reported.

    An edit loses to the first accepted edit (in rank order) that it overlaps. Accepted ranges never
    overlap one another, so sorted by start their ends are sorted too, and the accepted edits an
    edit can overlap are found by bisection instead of a scan over all of them (a file's pass can
    propose a thousand edits)."""
    unique = sorted(set(edits), key=_rank)
    accepted: list[Edit] = []
    conflicts: list[Conflict] = []
    points: list[tuple[int, int]] = []  # accepted insertions: (offset, acceptance order)
    starts: list[int] = []  # accepted replacements, sorted by start (their ends sorted alike)
    ranges: list[tuple[int, int, int]] = []  # (start, end, acceptance order), same order
    for edit in unique:
        clash = _first_overlap(edit, points, starts, ranges)
        if clash is None:
            order = len(accepted)
            accepted.append(edit)
            if edit.is_insertion:
                insort(points, (edit.start, order))
            else:
                at = bisect_left(starts, edit.start)
                starts.insert(at, edit.start)
                ranges.insert(at, (edit.start, edit.end, order))
            continue
        winner = accepted[clash]
        nested = (winner.start <= edit.start and edit.end <= winner.end) or (edit.start <= winner.start and winner.end <= edit.end)
        conflicts.append(Conflict(winner, edit, nested))
    accepted.sort(key=lambda e: (e.start, e.end, -e.priority))
    return accepted, conflicts


def _first_overlap(edit: Edit, points: list[tuple[int, int]], starts: list[int], ranges: list[tuple[int, int, int]]) -> int | None:
    """The acceptance order of the earliest accepted edit that `edit` overlaps (see _overlaps)."""
    if edit.is_insertion:
        # Only a replacement strictly around the point; ranges are disjoint, so at most one.
        at = bisect_left(starts, edit.start) - 1
        return ranges[at][2] if at >= 0 and ranges[at][1] > edit.start else None
    found: list[int] = []
    # Insertions strictly inside the range.
    at = bisect_right(points, (edit.start, sys.maxsize))
    while at < len(points) and points[at][0] < edit.end:
        found.append(points[at][1])
        at += 1
    # Replacements that start before the end and end after the start: a run ending just before
    # the first that starts at or after this edit's end.
    at = bisect_left(starts, edit.end) - 1
    while at >= 0 and ranges[at][1] > edit.start:
        found.append(ranges[at][2])
        at -= 1
    return min(found) if found else None


def apply(source: bytes, edits: list[Edit]) -> bytes:
    """Splice non-overlapping edits into `source`; bytes outside every edit are untouched."""
    out: list[bytes] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(source[cursor : edit.start])
        out.append(unmask(edit.text))  # text copied from a masked tree (see misparses)
        cursor = edit.end
    out.append(source[cursor:])
    return b"".join(out)


def kept_segments(size: int, edits: list[Edit]) -> list[Segment]:
    """The bytes of a `size`-byte source that `apply(source, edits)` keeps, and where they land:
    the map of old offsets to new ones through a pass's edits (they must not overlap)."""
    out: list[Segment] = []
    cursor = shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start > cursor:
            out.append(Segment(cursor, cursor + shift, edit.start - cursor))
        shift += len(edit.text) - (edit.end - edit.start)
        cursor = max(cursor, edit.end)
    if size > cursor:
        out.append(Segment(cursor, cursor + shift, size - cursor))
    return out
