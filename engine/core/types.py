"""Shared value types of the engine. Everything here is immutable and picklable, because
per-file work runs in worker processes and comes back to the parent as these objects."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FollowedMock:
    """One test mock of a module a swap moved importers away from (M), and what was done about it
    (engine.analysis.mockfollow)."""

    path: str
    line: int  # of the mock call, in the file as the wave writes it
    call: str  # `vi.mock('@/lib/auth')`
    new_module: str  # the specifier the added mock names ("" when listed, not followed)
    rule: str  # the swap rule
    followed: bool


@dataclass(frozen=True)
class Edit:
    """Replace bytes [start, end) of a file with `text`.

    `awaits` marks an edit that introduces an `await`: the enclosing function must become async.
    `imports` lists (name, module) pairs the new text needs in scope.
    `site` marks the edit that turns one call site into an adapter or a repository call (counted
    for reviewers: how many statements went where).
    """

    start: int
    end: int
    text: bytes
    rule: str
    priority: int = 0
    awaits: bool = False
    imports: tuple[tuple[str, str], ...] = ()
    site: str = ""  # "" | adapter | repository

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Finding:
    """Something a human must look at: the engine did not (or could not safely) change it."""

    path: str
    line: int
    rule: str
    message: str
    kind: str = "review"  # review | conflict | floating-promise | outside-wave | dynamic-sql

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.rule, self.message)


@dataclass(frozen=True)
class Facts:
    """What acceptance checks need of a file's final text, gathered while it was parsed anyway."""

    imports: tuple[tuple[str, str, int], ...] = ()  # (specifier, resolved module, line)
    matches: tuple[tuple[str, int], ...] = ()  # (rule id, line) for rules that checks name


class Status(str, enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class FileChange:
    """The outcome of one file in one wave run; preview prints it, apply writes it."""

    path: str
    before: bytes
    after: bytes
    status: Status
    reason: str = ""
    findings: tuple[Finding, ...] = ()
    rule_counts: tuple[tuple[str, int], ...] = ()  # (rule id, edits applied), sorted
    in_wave: bool = True
    errors_before: int = 0
    errors_after: int = 0
    facts: Facts | None = None
    notes: tuple[Finding, ...] = ()  # per-query SQL changes (line as in the text the change was made in)
    call_sites: tuple[tuple[str, int], ...] = ()  # ("adapter" | "repository", call sites rewritten)
    # The wave creates the file (it did not exist: `before` is empty) or deletes it (`after` is empty).
    created: bool = False
    deleted: bool = False
    rule_spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, rule) of `after` each rule wrote

    @property
    def changed(self) -> bool:
        return self.status is Status.CHANGED


@dataclass(frozen=True)
class CheckResult:
    """One acceptance check of a wave, evaluated on a set of file texts."""

    description: str
    passed: bool
    offenders: tuple[str, ...] = ()  # "path:line: detail"


@dataclass
class WaveResult:
    """Everything a wave run produced: per-file changes plus run-wide statistics."""

    wave_id: str
    changes: list[FileChange] = field(default_factory=list)
    async_functions: list[str] = field(default_factory=list)  # "path::qualified.name" made async
    awaited_calls: int = 0
    checks: list[CheckResult] = field(default_factory=list)
    # Every file's imports and check-rule matches in its final text, for the wave's acceptance
    # checks: a file no check looks at, or one left unparsed, has its imports from a byte scan
    # and no matches (engine.run.relevance).
    facts: dict[str, Facts] = field(default_factory=dict)
    sqlcheck: Any = None  # engine.postgres.sqlcheck.SqlCheckReport when the wave runs sqlcheck
    gates: Any = None  # engine.checks.checkgate.GateReport when the target's own checks ran (type check, tests)
    # Sources the run parsed (sorted); the others hold nothing it could change (engine.run.relevance).
    parsed_paths: tuple[str, ...] = ()
    # Files outside the wave's globs that joined it: their better-sqlite3 transactions call functions
    # the wave made async, so the transactions had to be rewritten too (engine.run.pipeline).
    joined: list[str] = field(default_factory=list)
    # Per failed file, its calls to functions the run turned async, as (line, "path::qualified.name"):
    # skipping the file (apply --skip-failed) leaves them un-awaited.
    stranded_calls: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    # Functions ("path::qualified.name") whose SQLite-handle parameters stay although nothing reads
    # them after the rewrite: an excluded file calls them, and its call keeps passing the argument.
    kept_parameters: list[str] = field(default_factory=list)
    # Mock calls of a module a swap moved importers away from (engine.analysis.mockfollow): each followed
    # (a mock of the new module added after it) or listed; and the files edited for nothing else.
    followed_mocks: list[FollowedMock] = field(default_factory=list)
    mock_only: list[str] = field(default_factory=list)

    @property
    def parsed(self) -> int:
        return len(self.parsed_paths)

    @property
    def changed(self) -> list[FileChange]:
        return [c for c in self.changes if c.changed]

    @property
    def failed(self) -> list[FileChange]:
        return [c for c in self.changes if c.status is Status.FAILED]

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for c in self.changes for f in c.findings), key=Finding.sort_key)

    @property
    def notes(self) -> list[Finding]:
        return sorted((n for c in self.changes if c.changed for n in c.notes), key=Finding.sort_key)

    def call_sites(self) -> dict[str, int]:
        """Call sites rewritten to adapter calls and to repository methods."""
        totals = {"repository": 0, "adapter": 0}
        for change in self.changed:
            for kind, count in change.call_sites:
                totals[kind] = totals.get(kind, 0) + count
        return totals

    def rule_totals(self) -> dict[str, tuple[int, int]]:
        """rule id -> (files, edits)."""
        totals: dict[str, tuple[int, int]] = {}
        for change in self.changes:
            if not change.changed:
                continue
            for rule, count in change.rule_counts:
                files, edits = totals.get(rule, (0, 0))
                totals[rule] = (files + 1, edits + count)
        return dict(sorted(totals.items()))
