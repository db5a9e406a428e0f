"""The target's own checks as a gate: type check and test suite, on the base commit and after the wave.

`run_gates` lays the base commit out in a temporary worktree, runs each check there (the base run
comes from the cache when this commit was checked before), writes the wave's files, runs them
again and compares per item: type errors by (file, code, message) (engine.checks.typecheck), tests by
name (engine.checks.testsuite). Preview and apply share it; apply refuses the wave when `GateReport.refusal`
says so, before committing, and everything rolls back.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wavemod.engine.checks import promisecheck, testsuite, typecheck
from wavemod.engine.checks.checkrun import ResultCache, overlay_of, run_command, temporary_worktree, write_files
from wavemod.engine.core.config import Config
from wavemod.engine.analysis.dependencies import imported_closure
from wavemod.engine.core.editspans import rules_by_line
from wavemod.engine.core.errors import ConfigError
from wavemod.engine.core.markdown import count
from wavemod.engine.core.types import FileChange
from wavemod.engine.core.workspace import Workspace

MAX_LISTED = 20  # new errors / regressions listed in an error message or a description


@dataclass(frozen=True)
class NewError:
    error: typecheck.Diagnostic
    blame: str  # "rule X" / "rules X, Y" / why no rule is named

    def __str__(self) -> str:
        return f"{self.error} [{self.blame}]"


@dataclass(frozen=True)
class Regression:
    test: testsuite.TestCase
    wave_files: tuple[str, ...]  # files of the wave the test imports, directly or not

    def __str__(self) -> str:
        where = f" ({self.test.file})" if self.test.file else ""
        imports = f"; imports {', '.join(self.wave_files)}" if self.wave_files else ""
        return f"{self.test.id}{where}: {self.test.message}{imports}"


@dataclass
class TypecheckReport:
    command: str
    before: int
    after: int
    new: list[NewError]
    cached: bool  # the base run came from the cache


@dataclass
class TestReport:
    command: str
    comparison: testsuite.TestComparison
    regressions: list[Regression]
    cached: bool


@dataclass
class PromiseReport:
    before: int | None = None
    after: int | None = None
    new: list[promisecheck.PromiseFinding] = field(default_factory=list)
    note: str = ""  # why they did not run


@dataclass
class GateReport:
    typecheck: TypecheckReport | None = None
    tests: TestReport | None = None
    promises: PromiseReport | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def refusal(self) -> str | None:
        """Why the wave must not be committed, or None."""
        parts = []
        if self.typecheck is not None and self.typecheck.new:
            listed = "; ".join(str(n) for n in self.typecheck.new[:MAX_LISTED])
            parts.append(f"{count(len(self.typecheck.new), 'new type error')}: {listed}")
        if self.tests is not None and self.tests.regressions:
            listed = "; ".join(str(r) for r in self.tests.regressions[:MAX_LISTED])
            parts.append(f"{count(len(self.tests.regressions), 'test')} that passed before fail after: {listed}")
        return " | ".join(parts) or None

    def to_markdown(self) -> str:
        lines: list[str] = []
        if self.typecheck is not None:
            t = self.typecheck
            lines.append(f"- type check (`{t.command}`): {count(t.before, 'error')} before, {t.after} after, {len(t.new)} new")
            lines += [f"  - `{n.error.path}:{n.error.line}` {n.error.code}: {n.error.message} ({n.blame})" for n in t.new[:MAX_LISTED]]
        if self.promises is not None:
            p = self.promises
            if p.note:
                lines.append(f"- promise checks (no-floating-promises, no-misused-promises): not run: {p.note}")
            else:
                lines.append(f"- promise checks (no-floating-promises, no-misused-promises) in the changed files: {p.before} before, {p.after} after")
                lines += [f"  - `{f.path}:{f.line}` {f.rule}: {f.message}" for f in p.new[:MAX_LISTED]]
        if self.tests is not None:
            c = self.tests.comparison
            lines.append(f"- tests (`{self.tests.command}`): {c.passed_before} passed / {c.failed_before} failed before, {c.passed_after} passed / {c.failed_after} failed after")
            lines += [f"  - new failure: {r}" for r in self.tests.regressions[:MAX_LISTED]]
            if c.flaky:
                lines.append(f"  - flaky (passed and failed on the base commit; not counted): {', '.join(c.flaky)}")
        lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines) or "No check of the target ran."

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"notes": list(self.notes)}
        if self.typecheck is not None:
            t = self.typecheck
            out["typecheck"] = {"command": t.command, "before": t.before, "after": t.after, "cached": t.cached, "new": [{"path": n.error.path, "line": n.error.line, "code": n.error.code, "message": n.error.message, "blame": n.blame} for n in t.new]}
        if self.tests is not None:
            c = self.tests.comparison
            out["tests"] = {
                "command": self.tests.command, "cached": self.tests.cached,
                "passed_before": c.passed_before, "failed_before": c.failed_before, "passed_after": c.passed_after, "failed_after": c.failed_after,
                "regressions": [{"test": r.test.id, "file": r.test.file, "message": r.test.message, "wave_files": list(r.wave_files)} for r in self.tests.regressions],
                "flaky": list(c.flaky),
            }
        if self.promises is not None:
            p = self.promises
            out["promises"] = {"before": p.before, "after": p.after, "note": p.note, "new": [f.to_json() for f in p.new]}
        return out


def _blame(error: typecheck.Diagnostic, changes: dict[str, FileChange]) -> str:
    change = changes.get(error.path)
    if change is None:
        return "file not changed by the wave"
    rules = sorted(rules_by_line(change.after, change.rule_spans).get(error.line, ()))
    if rules:
        return ("rule " if len(rules) == 1 else "rules ") + ", ".join(rules)
    edited = ", ".join(rule for rule, _ in change.rule_counts) or "none"
    return f"line not edited by the wave; the file was edited by {edited}"


def _test_file(case: testsuite.TestCase, tree: Path, workspace: Workspace) -> str:
    """The file of a test the report does not name: the test file that spells its name."""
    if case.file:
        return case.file
    name = case.id.split(" > ")[-1].split(" #")[0]
    needles = [f"{q}{name}{q}".encode() for q in "'\"`"]
    for path in workspace.files:
        if any(part in path for part in (".test.", ".spec.", "__tests__/", "tests/", "test/")):
            data = (tree / path).read_bytes()
            if any(n in data for n in needles):
                return path
    return ""


def _typecheck_run(command: str, tree: Path) -> list[list]:
    return [e.to_json() for e in typecheck.run_result(run_command(command, tree), tree)]


def _tests_run(plan: testsuite.TestPlan, tree: Path) -> list[list]:
    with tempfile.TemporaryDirectory(prefix="wavemod-junit-") as scratch:
        junit = Path(scratch) / "report.xml"
        command, env = plan.invocation(junit, os.environ.get("NODE_OPTIONS", ""))
        run = run_command(command, tree, env)
        return [c.to_json() for c in testsuite.run_result(run, junit, tree)]


def run_gates(root: Path, commit: str, changes: list[FileChange], config: Config, typecheck_on: bool | None, tests_on: bool) -> GateReport:
    """Run the target's checks on `commit` and on `commit` + the wave's `changes` (see module doc).
    `typecheck_on`: True/False, or None for "when the target has TypeScript"."""
    report = GateReport()
    tsc = typecheck.typecheck_command(root, config.typecheck) if typecheck_on is not False else None
    if typecheck_on is not False and tsc is None:
        report.notes.append("type check skipped: the target has no TypeScript (node_modules/.bin/tsc) and waves.toml sets no [project] typecheck")
    plan = testsuite.test_plan(root, config.tests) if tests_on else None
    if tests_on and plan is None:
        raise ConfigError(
            "--verify-tests: the target has no test command",
            hint='set [project] tests = "<command>" in waves.toml (e.g. "npx vitest run"), or add a `test` script running vitest, jest or node --test to package.json',
            path=config.path,
        )
    if tsc is None and plan is None:
        return report
    cache = ResultCache(root)
    # A file the wave deletes (FileChange.deleted, where the engine deletes files) goes from the tree.
    written: dict[str, bytes | None] = {c.path: None if c.deleted else c.after for c in changes}
    overlay = {p: d for p, d in overlay_of(root).items() if p not in written}
    by_path = {c.path: c for c in changes}
    lint_why = promisecheck.unavailable(root) if tsc is not None else None
    with temporary_worktree(root, commit, overlay) as tree:
        base_errors: list[list] = []
        base_tests: list[list[list]] = []
        promises_before: list | str = []
        tsc_cached = tests_cached = False
        if tsc is not None:
            base_errors, tsc_cached = cache.cached(commit, overlay, "typecheck", tsc, lambda: _typecheck_run(tsc, tree))
            if lint_why is None:
                outcome = promisecheck.run_promise_checks(tree, sorted(written))
                promises_before = outcome if isinstance(outcome, str) else [f.to_json() for f in outcome]
        if plan is not None:
            # Two base runs: a test that passes in one and fails in the other is flaky, not the wave's.
            base_tests, tests_cached = cache.cached(commit, overlay, "tests", plan.command, lambda: [_tests_run(plan, tree), _tests_run(plan, tree)])
        write_files(tree, written)
        if tsc is not None:
            before = [typecheck.Diagnostic.from_json(e) for e in base_errors]
            after = typecheck.run_result(run_command(tsc, tree), tree)
            added = typecheck.new_errors(before, after, {c.path: (c.before, c.after) for c in changes})
            report.typecheck = TypecheckReport(tsc, len(before), len(after), [NewError(e, _blame(e, by_path)) for e in added], tsc_cached)
            report.promises = _promises(tree, sorted(written), promises_before, lint_why)
        if plan is not None:
            runs = [[testsuite.TestCase.from_json(c) for c in run] for run in base_tests]
            after_tests = [testsuite.TestCase.from_json(c) for c in _tests_run(plan, tree)]
            comparison = testsuite.compare(runs, after_tests)
            workspace = Workspace.open(tree)
            regressions = []
            for case in comparison.regressions:
                file = _test_file(case, tree, workspace)
                reached = imported_closure(workspace, {file}) if file in workspace.resolver.files else set()
                regressions.append(Regression(testsuite.TestCase(case.id, case.status, case.message, file), tuple(sorted(reached & set(written)))))
            report.tests = TestReport(plan.command, comparison, regressions, tests_cached)
    return report


def _promises(tree: Path, paths: list[str], before: list | str, why: str | None) -> PromiseReport:
    if why is not None:
        return PromiseReport(note=why)
    if isinstance(before, str):
        return PromiseReport(note=before)
    after = promisecheck.run_promise_checks(tree, paths)
    if isinstance(after, str):
        return PromiseReport(note=after)
    old = {(f.path, f.rule, f.message) for f in map(promisecheck.PromiseFinding.from_json, before)}
    return PromiseReport(len(before), len(after), [f for f in after if (f.path, f.rule, f.message) not in old])


def type_errors_now(root: Path, config: Config) -> tuple[int | None, str]:
    """(type errors of the repository as it is, HEAD plus uncommitted tracked changes; a note)
    for `audit`. None when the target has no type checker. Shares the base runs' cache."""
    from wavemod.engine.core.workspace import open_repo

    command = typecheck.typecheck_command(root, config.typecheck)
    grepo = open_repo(root)
    if command is None:
        return None, "type check skipped: the target has no TypeScript (node_modules/.bin/tsc) and waves.toml sets no [project] typecheck"
    if not grepo.head.is_valid():
        return None, "type check skipped: the repository has no commits"
    top = Path(grepo.working_tree_dir or root).resolve()
    commit = grepo.head.commit.hexsha
    overlay = overlay_of(top)
    cache = ResultCache(top)
    found = cache.get(commit, overlay, "typecheck", command)
    if found is None:
        with temporary_worktree(top, commit, overlay) as tree:
            found, _ = cache.cached(commit, overlay, "typecheck", command, lambda: _typecheck_run(command, tree))
    return len(found), f"`{command}`"
