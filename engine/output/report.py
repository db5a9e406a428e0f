"""Rendering a WaveResult: rich (terminal), markdown pieces, and JSON."""
from __future__ import annotations

import json
import textwrap
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from wavemod.engine.output.diffs import line_counts, unified_diff
from wavemod.engine.core.types import Status, WaveResult


def plain(value: str) -> Text:
    """Repository data for a table cell or a title, shown as it is: rich would read the `[id]` of a
    Next.js route directory, or `rows[0]` in a message, as markup and drop it."""
    return Text(value)


def summary_table(result: WaveResult) -> Table:
    table = Table(title=plain(f"{result.wave_id}: rules applied"), show_lines=False)
    table.add_column("rule")
    table.add_column("files", justify="right")
    table.add_column("edits", justify="right")
    for rule, (files, edits) in result.rule_totals().items():
        table.add_row(plain(rule), str(files), str(edits))
    return table


def wrapped(value: str, width: int, indent: str, first: str | None = None) -> Text:
    """`value` wrapped to the console's width under `indent` (`first` starts the first line), as
    plain text: rich's own wrapping pads every line with spaces to the full width."""
    start = indent if first is None else first
    if not value.strip():
        return Text(start.rstrip())  # textwrap drops the indent (and so a key) of an empty value
    return Text(textwrap.fill(value, width=max(40, width), initial_indent=start, subsequent_indent=indent, break_on_hyphens=False))


def print_fields(console: Console, fields: list[tuple[str, str]], indent: int = 2) -> None:
    """`key  value` lines, the values aligned and wrapped under themselves."""
    key_width = max(len(key) for key, _ in fields)
    for key, value in fields:
        console.print(wrapped(value, console.width, " " * (indent + key_width + 2), " " * indent + key.ljust(key_width + 2)), overflow="fold")


def render_findings(console: Console, result: WaveResult) -> None:
    """One finding per entry: `path:line  rule, kind`, then the message wrapped under it. A table
    squeezed the message (the part a reviewer needs) to nothing at 80 columns."""
    console.print(Text(f"needs a human ({len(result.findings)})", style="bold"))
    for f in result.findings:
        console.print(Text.assemble((f"{f.path}:{f.line}", "bold"), "  ", (f"{f.rule}, {f.kind}", "dim")), overflow="fold")
        console.print(wrapped(f.message, console.width, "    "), overflow="fold")
    console.print()


DIFF_STYLES = (("diff --git", "bold"), ("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def diff_text(diff: str, crop: bool) -> Text:
    """A unified diff coloured per line. Never wrapped: a wrapped diff line reads as two lines.
    With `crop`, lines wider than the console end in `…` (a pager chops them itself)."""
    text = Text(no_wrap=True, overflow="ellipsis" if crop else "ignore", end="")
    for line in diff.splitlines(keepends=True):
        text.append(line, next((style for prefix, style in DIFF_STYLES if line.startswith(prefix)), ""))
    return text


def render_preview(console: Console, result: WaveResult, show_diff: bool = True, crop: bool = True) -> None:
    """The preview report on a terminal; without `show_diff`, one `+added -removed  path` line per
    changed file instead of the diffs (a wave of hundreds of files is read file by file in the
    --patch). `crop`: cut diff lines at the console's width (else they are printed whole, for a pager)."""
    for change in result.changes:
        if not change.changed:
            continue
        if show_diff:
            outside = "" if change.in_wave else "  (outside the wave: module mocks)" if change.path in result.mock_only else "  (outside the wave: async propagation)"
            console.rule(Text(change.path + outside, style="bold"), align="left")
            if crop:
                console.print(diff_text(unified_diff(change), crop=True), no_wrap=True, overflow="ellipsis")
            else:
                console.print(diff_text(unified_diff(change), crop=False), soft_wrap=True)
        else:
            added, removed = line_counts(change)
            outside = "" if change.in_wave else "  (outside the wave)"
            console.print(Text.assemble((f"+{added:<5}", "green"), (f"-{removed:<5}", "red"), " ", change.path, (outside, "dim")), overflow="fold")
    for change in result.failed:
        console.print(f"[red]failed[/red] {escape(change.path)}: {escape(change.reason)}", highlight=False)
    console.print(summary_table(result))
    stats = Table.grid(padding=(0, 2))
    stats.add_row("files changed", str(len(result.changed)))
    stats.add_row("  outside the wave", str(sum(1 for c in result.changed if not c.in_wave)))
    stats.add_row("files failed", str(len(result.failed)))
    sites = result.call_sites()
    stats.add_row("call sites to repository methods", str(sites["repository"]))
    stats.add_row("call sites to adapter calls", str(sites["adapter"]))
    stats.add_row("functions made async", str(len(result.async_functions)))
    stats.add_row("awaits added", str(result.awaited_calls))
    stats.add_row("un-awaited async calls (all listed)", str(sum(1 for f in result.findings if f.kind == "floating-promise")))
    console.print(stats)
    if result.notes:
        sql = Table(title=f"SQL rewritten for PostgreSQL ({len(result.notes)} queries)")
        sql.add_column("where", no_wrap=True, overflow="fold")
        sql.add_column("change", ratio=1)
        for note in result.notes:
            sql.add_row(plain(f"{note.path}:{note.line}"), plain(note.message))
        console.print(sql)
    if result.findings:
        render_findings(console, result)
    if result.checks:
        checks = Table(title="acceptance checks (after this wave)")
        checks.add_column("check")
        checks.add_column("result")
        for check in result.checks:
            checks.add_row(plain(check.description), "[green]pass[/green]" if check.passed else f"[red]fail[/red] ({len(check.offenders)})")
        console.print(checks)
    if result.gates is not None:
        console.print(Text("the target's own checks (base commit, then with this wave)", style="bold"))
        console.print(result.gates.to_markdown(), markup=False, highlight=False, soft_wrap=True)


def to_json(result: WaveResult, include_diff: bool = True) -> dict[str, Any]:
    return {
        "wave": result.wave_id,
        "files": [
            {
                "path": c.path,
                "status": c.status.value,
                "in_wave": c.in_wave,
                "reason": c.reason,
                "rules": dict(c.rule_counts),
                "parse_errors": {"before": c.errors_before, "after": c.errors_after},
                **({"diff": unified_diff(c)} if include_diff and c.changed else {}),
            }
            for c in result.changes
            if c.status is not Status.UNCHANGED or c.findings
        ],
        "rules": {rule: {"files": f, "edits": e} for rule, (f, e) in result.rule_totals().items()},
        "findings": [{"path": f.path, "line": f.line, "rule": f.rule, "kind": f.kind, "message": f.message} for f in result.findings],
        "sql_changes": [{"path": n.path, "line": n.line, "change": n.message} for n in result.notes],
        "async_functions": result.async_functions,
        "awaits_added": result.awaited_calls,
        "checks": [{"check": c.description, "passed": c.passed, "offenders": list(c.offenders)} for c in result.checks],
        "call_sites": result.call_sites(),
        **({"target_checks": result.gates.to_json()} if result.gates is not None else {}),
        "counts": {
            "changed": len(result.changed),
            "failed": len(result.failed),
            "findings": len(result.findings),
            "outside_wave": sum(1 for c in result.changed if not c.in_wave),
        },
    }


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=False)




def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


COVERAGE_STEPS = (5, 10, 20)


def proposal_json(proposal: Any) -> dict[str, Any]:
    steps = {f"top_{n}": proposal.coverage(n) for n in COVERAGE_STEPS}
    return {
        "call_sites": proposal.total_sites,
        "shaped": proposal.shaped_sites,
        "in_transactions": proposal.pinned_sites,
        "covered": proposal.coverage(),
        "coverage": steps,
        "methods": [
            {"call": f"{m.object_name}.{m.name}", "table": m.table, "terminal": m.terminal, "sites": len(m.sites), "statement": m.shape.key, "sql": m.sql, "where": [f"{s.path}:{s.line}" for s in m.sites]}
            for m in proposal.methods
        ],
        "skipped": [{"statement": s.sql, "terminal": s.terminal, "sites": s.sites, "reason": s.reason} for s in proposal.skipped],
        "files": sorted(proposal.files),
        "written": proposal.written,
    }


def render_proposal(console: Console, proposal: Any, show_files: bool = False) -> None:
    table = Table(title=f"proposed repository methods ({len(proposal.methods)})")
    for column, justify in (("method", "left"), ("terminal", "left"), ("call sites", "right"), ("cumulative", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    running = 0
    for method in proposal.methods:
        running += len(method.sites)
        table.add_row(plain(f"{method.object_name}.{method.name}"), plain(method.terminal), str(len(method.sites)), _share(running, proposal.total_sites))
    console.print(table)
    total = proposal.total_sites
    lines = [
        f"call sites (better-sqlite3 executions): {total}, with a single-table static statement: {proposal.shaped_sites}"
        f" ({proposal.pinned_sites} inside transactions: they stay on the transaction handle)"
    ]
    for n in COVERAGE_STEPS:
        if n < len(proposal.methods):
            lines.append(f"covered by the top {n} methods: {proposal.coverage(n)} ({_share(proposal.coverage(n), total)})")
    lines.append(f"covered by all {len(proposal.methods)} methods: {proposal.coverage()} ({_share(proposal.coverage(), total)}); the rest stay adapter calls")
    if proposal.skipped:
        lines.append(f"statements left to the adapter: {len(proposal.skipped)} ({sum(s.sites for s in proposal.skipped)} call sites), e.g. {proposal.skipped[0].reason}")
    for line in lines:
        console.print(line, markup=False, highlight=False)
    if show_files:
        for path, text in sorted(proposal.files.items()):
            console.print(Panel(Syntax(text, "typescript" if path.endswith(".ts") else "toml", theme="ansi_dark", word_wrap=True), title=plain(path)))
    elif proposal.written:
        console.print("written (review, edit and commit them; then set `repositories = true` on the waves):", markup=False)
        for path in proposal.written:
            console.print(f"  {path}", markup=False, highlight=False)
    elif not proposal.methods:
        console.print("nothing to propose: no statement reaches --min-sites", markup=False)
