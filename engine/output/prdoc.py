"""The pull-request description of an applied wave: what changed and why, and what a reviewer must
look at. Markdown, deterministic (everything sorted), so re-running apply gives the same text."""
from __future__ import annotations

import math
from collections import defaultdict

from wavemod.engine.core.config import Config, Wave
from wavemod.engine.analysis.imports import RULE_ID as IMPORTS_RULE
from wavemod.engine.core.markdown import escape as md_escape
from wavemod.engine.analysis.mockfollow import RULE_ID as MOCKS_RULE
from wavemod.engine.sql.sqlite_syntax import SQLITE_REFUSES
from wavemod.engine.core.types import WaveResult

MAX_OFFENDERS = 20  # per failing check; the rest is counted, not listed


def _cell(text: str) -> str:
    """Table cells cannot contain pipes or newlines."""
    return " ".join(text.split()).replace("|", "\\|")


def _rules(config: Config, result: WaveResult) -> list[str]:
    totals = result.rule_totals()
    if not totals:
        return ["No rule changed anything."]
    lines = ["| rule | description | files | edits |", "| --- | --- | ---: | ---: |"]
    for rule, (files, edits) in totals.items():
        known = config.rules.get(rule)
        # Repository rules come from the target's rule file; "imports" is the engine's own counter.
        if known:
            description = known.description
        elif rule == IMPORTS_RULE:
            description = "imports added or merged by the engine"
        elif rule == MOCKS_RULE:
            description = "test mocks of a swapped-away module repeated for the module it was swapped to"
        else:
            description = f"repository method (rule in {config.repository_rules})"
        lines.append(f"| `{rule}` | {_cell(description)} | {files} | {edits} |")
    lines += ["", "An edit is one changed span of text: a rewritten call is usually several (the call, its `await`, parentheses). Call sites are counted under Stats."]
    return lines


def _files(result: WaveResult) -> list[str]:
    inside = sorted(c.path for c in result.changed if c.in_wave)
    outside = sorted(c.path for c in result.changed if not c.in_wave)
    lines = [f"### In the wave ({len(inside)})", ""]
    marks = {c.path: " (created)" if c.created else " (deleted)" if c.deleted else "" for c in result.changed}
    lines += [f"- `{p}`{marks[p]}" for p in inside] or ["- none"]
    if result.joined:
        lines += ["", "These files are outside the wave's globs but joined it: their better-sqlite3 transactions call functions this wave made async, "
                  "which a synchronous transaction cannot await (it would commit before they ran), so the transactions moved to the adapter with them: "
                  + ", ".join(f"`{p}`" for p in result.joined) + "."]
    created = sorted(c.path for c in result.changed if c.created)
    if created:
        # A reviewer must know the module is new and where it came from: imports now point at it.
        deleted = sorted(c.path for c in result.changed if c.deleted)
        lines += ["", "The target had no such module, so this wave creates it from the module it replaces (same exports, migrated with the wave): "
                  + ", ".join(f"`{p}`" for p in created) + "."]
        lines.append("The module it was made from is deleted, since nothing mentions it any more: " + ", ".join(f"`{p}`" for p in deleted) + "." if deleted
                     else "The module it was made from stays: some file still mentions it (a test helper or a file outside the wave); a later wave moves it.")
    outside = [p for p in outside if p not in result.mock_only]
    lines += ["", f"### Outside the wave: async propagation ({len(outside)})", ""]
    if outside:
        # Reviewers must know: these files are not in the wave's globs, but they call functions
        # that became async here, so they had to await them for the wave to type-check alone.
        lines.append("These files are not in the wave's scope; they call functions this wave made async and now await them.")
        lines.append("")
        lines += [f"- `{p}`" for p in outside]
    else:
        lines.append("- none")
    return lines + _mocks(result)


def _mocks(result: WaveResult) -> list[str]:
    """The test mocks of a module the wave swapped away from (engine.analysis.mockfollow): the swap broke
    them, so the wave repeats each for the new module, in test files outside the wave too. A
    reviewer must know which files were edited for nothing else. Nothing when no mock was found."""
    followed = [m for m in result.followed_mocks if m.followed]
    if not result.followed_mocks:
        return []
    lines = ["", f"### Module mocks followed ({len(followed)})", ""]
    if followed:
        lines += ["Tests mock a module this wave moved importers away from; such a mock no longer reaches the code it was for, "
                  "so each one is repeated for the new module right after it, with the same factory (the old mock stays for code that still imports the old module):", ""]
        lines += [f"- `{m.path}:{m.line}`: `{m.call}` also as `{m.new_module}` (`{m.rule}`)" for m in followed]
    if result.mock_only:
        lines += ["", "These files are outside the wave (or excluded from it) and were edited only for their mocks: "
                  + ", ".join(f"`{p}`" for p in result.mock_only) + "."]
    left = len(result.followed_mocks) - len(followed)
    if left:
        lines += ["", f"{left} more could not be followed; they are listed under the findings (`mock-follow`)."]
    return lines


def _skipped(result: WaveResult) -> list[str]:
    """The files left out of the commit (apply --skip-failed), first thing a reviewer reads: each
    with why, and its calls to functions this wave made async, which stay un-awaited until the
    file is migrated too. Nothing when no file was skipped."""
    failed = sorted(result.failed, key=lambda c: c.path)
    if not failed:
        return []
    lines = [
        f"## Skipped files ({len(failed)})",
        "",
        "These files could not be rewritten safely and are **not** part of this commit: they still use SQLite as before.",
        "",
    ]
    for change in failed:
        lines.append(f"- `{change.path}`: {_cell(change.reason or 'failed')}")
        stranded = result.stranded_calls.get(change.path, ())
        if stranded:
            lines.append(f"  - calls to functions this wave made async, left un-awaited ({len(stranded)}):")
            lines += [f"    - [ ] `{change.path}:{line}` calls `{gid}`" for line, gid in stranded]
    return [*lines, ""]


def _checks(result: WaveResult) -> list[str]:
    if not result.checks:
        return ["This wave declares no acceptance checks."]
    lines: list[str] = []
    for check in result.checks:
        lines.append(f"- {'PASS' if check.passed else 'FAIL'}: {md_escape(check.description)}")
        offenders = sorted(check.offenders)
        lines += [f"  - `{o}`" for o in offenders[:MAX_OFFENDERS]]
        if len(offenders) > MAX_OFFENDERS:
            lines.append(f"  - … and {len(offenders) - MAX_OFFENDERS} more")
    return lines


def _stacking(config: Config, branch: str, base: str) -> str:
    if any(w.branch == base for w in config.waves):
        return f"Branch `{branch}`, stacked on `{base}`: review and merge that wave's pull request first."
    return f"Branch `{branch}`, based on `{base}`."


def _document(config: Config, wave: Wave, result: WaveResult, base: str, branch: str, files: list[str], findings: list[str], sql: list[str], details: str | None = None) -> str:
    """The description; `details` names the file with the full one when this one is shortened."""
    changed = result.changed
    outside = sum(1 for c in changed if not c.in_wave)
    floating = sum(1 for f in result.findings if f.kind == "floating-promise")
    failing = sum(1 for c in result.checks if not c.passed)
    sites = result.call_sites()
    parts: list[str] = [
        f"# {wave.id}: {wave.title}",
        "",
        *_skipped(result),
        wave.description.strip() or "_No description._",
        "",
        _stacking(config, branch, base),
        "",
        "## Rules applied",
        "",
        *_rules(config, result),
        "",
        "## Files touched",
        "",
        *files,
        "",
        "## Stats",
        "",
        f"- files changed: {len(changed)} ({outside} outside the wave)",
        f"- call sites: {sites['repository']} to repository methods, {sites['adapter']} to adapter calls",
        f"- functions made async: {len(result.async_functions)}",
        f"- awaits added: {result.awaited_calls}",
        f"- un-awaited async calls: {floating}",
        f"- findings for manual review: {len(result.findings)}",
        "",
        "## Findings for manual review",
        "",
        *findings,
        "",
        f"## Acceptance checks ({len(result.checks) - failing} passed, {failing} failed)",
        "",
        *_checks(result),
        "",
        *(["## Checks", "", "The target's own checks, on the base commit and with this wave:", "", result.gates.to_markdown(), ""] if result.gates is not None else []),
        *(["## SQL rewritten for PostgreSQL", "", *sql, ""] if result.notes else []),
        *(["## SQL on PostgreSQL (sqlcheck)", "", result.sqlcheck.to_markdown(details), ""] if result.sqlcheck is not None else []),
        "## How to review",
        "",
        "- The rewrites are mechanical: skim the diff per rule rather than per line.",
        "- Read the files outside the wave first: they changed only because callees became async.",
        "- Every finding above is code the engine left alone on purpose; tick it off once handled.",
        "- Failing acceptance checks are listed with their offenders; they are follow-up work, not regressions.",
        "",
    ]
    return "\n".join(parts)


def pr_description(config: Config, wave: Wave, result: WaveResult, base: str, branch: str) -> str:
    """The full description: every file, finding and rewritten query listed."""
    sql = _sqlite_refusals(result) + [f"- `{n.path}:{n.line}`: {_cell(n.message)}" for n in result.notes]
    return _document(config, wave, result, base, branch, _files(result), _findings_within(result), sql)


# GitHub refuses a pull-request body over 65,536 characters; leave room for the reviewer's edits.
BODY_LIMIT = 60_000
MAX_OUTSIDE = 50  # files outside the wave listed in a shortened description


def pr_descriptions(config: Config, wave: Wave, result: WaveResult, base: str, branch: str, details: str) -> tuple[str, str | None]:
    """The description for the pull request, and the full one when that is over BODY_LIMIT
    (a wave of a thousand files lists hundreds of findings and rewritten queries). The short one
    keeps every count, the checks and as many findings as fit, and names `details`, the file
    the full one goes to."""
    full = pr_description(config, wave, result, base, branch)
    if len(full) <= BODY_LIMIT:
        return full, None
    outside = sorted(c.path for c in result.changed if not c.in_wave and c.path not in result.mock_only)
    inside = len(result.changed) - len(outside) - len(result.mock_only)
    mocks = f", and {len(result.mock_only)} test files edited only for their module mocks" if result.mock_only else ""
    files = [f"{inside} files in the wave and {len(outside)} outside it (they await functions this wave made async){mocks}; every file is listed in `{details}`."]
    if outside:
        files += ["", "Outside the wave:", "", *[f"- `{p}`" for p in outside[:MAX_OUTSIDE]]]
        if len(outside) > MAX_OUTSIDE:
            files.append(f"- … and {len(outside) - MAX_OUTSIDE} more")
    sql = _sqlite_refusals(result) + [f"{len(result.notes)} queries rewritten; each is listed in `{details}`."]
    room = BODY_LIMIT - len(_document(config, wave, result, base, branch, files, [], sql, details))
    return _document(config, wave, result, base, branch, files, _findings_within(result, room, details), sql, details), full


def _sqlite_refusals(result: WaveResult) -> list[str]:
    """A warning above the rewritten queries when some of them SQLite no longer runs
    (engine.sql.sqlite_syntax): the app's tests on the adapter's SQLite backend fail on those."""
    refused = [n for n in result.notes if SQLITE_REFUSES in n.message]
    if not refused:
        return []
    files = len({n.path for n in refused})
    return [f"**{len(refused)} of these queries ({files} file{'s' if files != 1 else ''}) no longer run on SQLite** (marked `{SQLITE_REFUSES}` below): "
            "the adapter's SQLite backend, which the app's own tests and local runs use until the switch, fails on them. "
            "Run the tests that reach them against PostgreSQL, or write this wave for the portable target.", ""]


def _findings_within(result: WaveResult, room: float = math.inf, details: str = "") -> list[str]:
    """The findings by kind, as many as fit in `room` characters (all by default); the rest
    counted per kind."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for f in result.findings:
        by_kind[f.kind].append(f"- [ ] `{f.path}:{f.line}` — {f.rule} — {f.message}")
    # What each kind needs at least: its heading and a line counting what is left out.
    reserve = sum(len(f"### {kind} ({len(items)})") + len(f"- … and {len(items)} more: all in `{details}`") + 8 for kind, items in by_kind.items())
    room -= reserve
    lines: list[str] = []
    for kind in sorted(by_kind):
        items = by_kind[kind]
        lines += [f"### {kind} ({len(items)})", ""]
        shown = 0
        for item in items:
            if len(item) + 1 > room:
                break
            lines.append(item)
            room -= len(item) + 1
            shown += 1
        if shown < len(items):
            lines.append(f"- … and {len(items) - shown} more: all in `{details}`")
        lines.append("")
    return lines[:-1] or ["None."]
