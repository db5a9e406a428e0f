"""The preview as plain text, for output that is not a terminal (a pipe, a file, `--plain`).

First the unified diff, byte for byte what `--patch` writes, so `git apply` and diff tools take it;
then the summary and the findings as plain lines, none of which starts like a diff line (no `diff`,
`---`, `+++`, `@@`, `+`, `-` or space), so that tools reading the patch stop before them. No
box-drawing and no wrapping: a finding's message stays on one line however long it is.
"""
from __future__ import annotations

import os
from typing import TextIO

from wavemod.engine.output.diffs import line_counts, patch
from wavemod.engine.core.types import WaveResult

SEPARATOR = "# wavemod summary (not part of the patch)"

# ANSI colours for diff lines when FORCE_COLOR asks for them on a pipe (like `git diff --color=always`).
_COLOURS = (("diff --git", "\x1b[1m"), ("+++", "\x1b[1m"), ("---", "\x1b[1m"), ("@@", "\x1b[36m"), ("+", "\x1b[32m"), ("-", "\x1b[31m"))
_RESET = "\x1b[m"


def colour_forced() -> bool:
    """FORCE_COLOR set (and NO_COLOR not): colours even though the output is not a terminal."""
    return bool(os.environ.get("FORCE_COLOR")) and not os.environ.get("NO_COLOR")


def coloured(diff: str) -> str:
    """`diff` with ANSI colours per line, the line's bytes otherwise unchanged."""
    out = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\n")
        colour = next((c for prefix, c in _COLOURS if body.startswith(prefix)), None)
        out.append(f"{colour}{body}{_RESET}{line[len(body):]}" if colour else line)
    return "".join(out)


def summary_lines(result: WaveResult) -> list[str]:
    """The preview's summary, findings, SQL changes and checks as `# `-prefixed plain lines."""
    lines = [SEPARATOR, f"# wave: {result.wave_id}"]
    for change in result.failed:
        lines.append(f"# failed: {change.path}: {change.reason}")
    lines.append("# rules applied (files, edits):")
    for rule, (files, edits) in result.rule_totals().items():
        lines.append(f"#   {rule}: {files} files, {edits} edits")
    sites = result.call_sites()
    stats = [
        ("files changed", len(result.changed)),
        ("  outside the wave", sum(1 for c in result.changed if not c.in_wave)),
        ("files failed", len(result.failed)),
        ("call sites to repository methods", sites["repository"]),
        ("call sites to adapter calls", sites["adapter"]),
        ("functions made async", len(result.async_functions)),
        ("awaits added", result.awaited_calls),
        ("un-awaited async calls (all listed)", sum(1 for f in result.findings if f.kind == "floating-promise")),
    ]
    lines += [f"# {label}: {value}" for label, value in stats]
    if result.notes:
        lines.append(f"# SQL rewritten for PostgreSQL ({len(result.notes)} queries):")
        lines += [f"#   {n.path}:{n.line}: {_one_line(n.message)}" for n in result.notes]
    if result.findings:
        lines.append(f"# needs a human ({len(result.findings)}):")
        lines += [f"#   {f.path}:{f.line}: {f.rule}, {f.kind}: {_one_line(f.message)}" for f in result.findings]
    if result.checks:
        lines.append("# acceptance checks (after this wave):")
        for check in result.checks:
            verdict = "pass" if check.passed else f"fail ({len(check.offenders)})"
            lines.append(f"#   {verdict}: {_one_line(check.description)}")
            lines += [f"#     {o}" for o in check.offenders]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(result: WaveResult, show_diff: bool = True, colour: bool = False) -> bytes:
    """The whole plain preview as bytes: the patch (exactly `--patch`'s bytes unless `colour`),
    then the summary. Without `show_diff`, `+added -removed path` lines stand for the diff."""
    out = ""
    if show_diff:
        text = patch(result.changes)
        out = coloured(text) if colour else text
    else:
        for change in result.changed:
            added, removed = line_counts(change)
            out += f"+{added} -{removed} {change.path}{'' if change.in_wave else ' (outside the wave)'}\n"
    return out.encode("utf-8", "surrogateescape") + ("\n".join(summary_lines(result)) + "\n").encode("utf-8", "surrogateescape")


def write_bytes(stream: TextIO, data: bytes) -> None:
    """Bytes to a text stream as they are: a diff of a file in another encoding must stay intact."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(data.decode("utf-8", "replace"))
    else:
        buffer.write(data)
        buffer.flush()
