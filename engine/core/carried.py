"""Findings kept across the passes of one file's rewrite loop (engine.run.runner).

A pass reports what it sees on its own text; the loop ends on a pass that edits nothing. A finding
of an earlier pass about code no later pass touches is still true at the end, though the last pass
may not say it again (a rule that reports only where it edits, or only before a rewrite elsewhere
changes what it looks at). So each pass's findings are carried to the next text through the
pass's edits: their line moves with the bytes, and a finding on a line a later pass's edit touched
goes (the code it pointed at was rewritten, an `await` put in counts; if it still holds, that
pass or a later one says so). A finding about an edit of its own rule in its own pass (`db` is
passed where the function no longer takes a database) stays with that edit.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from wavemod.engine.core.edits import kept_segments
from wavemod.engine.core.types import Edit, Finding


@dataclass(frozen=True)
class Carried:
    """A finding and where its line starts and ends in the current text."""

    finding: Finding
    start: int
    end: int


def _line_span(text: bytes, line: int) -> tuple[int, int] | None:
    start = 0
    for _ in range(line - 1):
        found = text.find(b"\n", start)
        if found == -1:
            return None
        start = found + 1
    end = text.find(b"\n", start)
    return start, len(text) if end == -1 else end


def carry_findings(text: bytes, carried: list[Carried], findings: list[Finding], accepted: list[Edit], new_text: bytes) -> list[Carried]:
    """The findings so far (`carried`, plus this pass's `findings` on `text`) placed in `new_text`,
    the text `accepted` made of `text`; those whose line an edit replaced are dropped."""
    seen = {(c.finding.rule, c.finding.message, c.finding.line) for c in carried}
    current = [(item, True) for item in carried]
    for finding in findings:
        key = (finding.rule, finding.message, finding.line)
        span = _line_span(text, finding.line)
        if key in seen or span is None:
            continue
        seen.add(key)
        current.append((Carried(finding, *span), False))  # about this pass's own edits: kept
    segments = kept_segments(len(text), accepted)
    out: list[Carried] = []
    for item, earlier in current:
        # Rewritten since (an `await` put in counts): a later pass says what still holds. In its
        # own pass, only another rule's replacement rewrites what a finding is about (the rule's
        # own edit, or an `await` put in front of a call it reports, does not).
        if any(e.start <= item.end and item.start <= e.end and (earlier or (e.rule != item.finding.rule and not e.is_insertion)) for e in accepted):
            continue
        moved = next((s.new + item.start - s.old for s in segments if s.old <= item.start < s.old + s.length), None)
        if moved is None:
            continue
        end = moved + (item.end - item.start)
        line = new_text.count(b"\n", 0, moved) + 1
        out.append(Carried(replace(item.finding, line=line), moved, end))
    return out


def merged(final: list[Finding], carried: list[Carried]) -> list[Finding]:
    """The last pass's findings and the carried ones, each (path, line, rule, message) once. Where
    the last pass's rule spoke about a line itself, it knew more (the project index, say) than an
    earlier pass: what that rule said there before is superseded."""
    keys = {(f.path, f.line, f.rule, f.message) for f in final}
    spoken = {(f.path, f.line, f.rule) for f in final}
    out = list(final)
    for item in carried:
        f = item.finding
        if (f.path, f.line, f.rule, f.message) not in keys and (f.path, f.line, f.rule) not in spoken:
            keys.add((f.path, f.line, f.rule, f.message))
            out.append(f)
    return out


def across(findings: tuple[Finding, ...], before: bytes, after: bytes) -> list[Finding]:
    """Findings on `before` placed in `after`, a later phase's rewrite of it (engine.run.runner.combine):
    a finding whose line the later phase left as it was moves with it; one on a line it rewrote goes."""
    if before == after:
        return list(findings)
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    moved: dict[int, int] = {}
    for tag, i1, i2, j1, _ in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            moved.update((i1 + k + 1, j1 + k + 1) for k in range(i2 - i1))
    return [replace(f, line=moved[f.line]) for f in findings if f.line in moved]
