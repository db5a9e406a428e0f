"""Applying edits to bytes: overlap detection with a deterministic winner, then splicing from the end."""
from __future__ import annotations

from dataclasses import dataclass

from .types import Edit


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
    """Pick a non-overlapping subset. Identical edits are merged; every dropped edit is reported."""
    unique = sorted(set(edits), key=_rank)
    accepted: list[Edit] = []
    conflicts: list[Conflict] = []
    for edit in unique:
        clash = next((other for other in accepted if _overlaps(edit, other)), None)
        if clash is None:
            accepted.append(edit)
            continue
        nested = (clash.start <= edit.start and edit.end <= clash.end) or (edit.start <= clash.start and clash.end <= edit.end)
        conflicts.append(Conflict(clash, edit, nested))
    accepted.sort(key=lambda e: (e.start, e.end, -e.priority))
    return accepted, conflicts


def apply(source: bytes, edits: list[Edit]) -> bytes:
    """Splice non-overlapping edits into `source`; bytes outside every edit are untouched."""
    out: list[bytes] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(source[cursor : edit.start])
        out.append(edit.text)
        cursor = edit.end
    out.append(source[cursor:])
    return b"".join(out)
