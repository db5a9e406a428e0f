"""The test gate: the target's own test suite before and after a wave, per test, from JUnit XML.

Which command: `[project] tests` in waves.toml, else the `test` script of package.json when it runs
vitest, jest or node's test runner (`node --test`, `tsx --test`). How per-test results come out:
the runner writes a JUnit report to a file we name. vitest and jest take reporter options (passed
after `npm test --` when the command is the npm script); node's test runner reads its reporter
options from NODE_OPTIONS, which reach it through npm and tsx alike; a command that spells its
own report path writes `{junit}` where the path goes.
"""
from __future__ import annotations

import json
import re
import shlex
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from wavemod.engine.checks.checkrun import CommandRun, tail
from wavemod.engine.core.errors import ConfigError

JUNIT_PLACEHOLDER = "{junit}"
NPM_TEST = re.compile(r"\b(npm|pnpm|yarn)\s+(run\s+)?test\b")
FILE_IN_TRACE = re.compile(r"(?:file://)?(/[^\s:()'\"]+\.(?:[cm]?[jt]sx?))(?::\d+)")


@dataclass(frozen=True)
class TestPlan:
    """How to run the suite so that it writes a JUnit report to `junit`."""

    command: str  # as configured or detected (the cache key)
    runner: str  # vitest | jest | node | custom

    def invocation(self, junit: Path, existing_node_options: str = "") -> tuple[str, dict[str, str]]:
        """(shell command, extra environment) that writes the report to `junit`."""
        quoted = shlex.quote(str(junit))
        if JUNIT_PLACEHOLDER in self.command:
            return self.command.replace(JUNIT_PLACEHOLDER, quoted), {}
        through_npm = bool(NPM_TEST.search(self.command))
        sep = " --" if through_npm and " -- " not in f"{self.command} " else ""
        if self.runner == "vitest":
            return f"{self.command}{sep} --reporter=default --reporter=junit --outputFile.junit={quoted}", {}
        if self.runner == "jest":
            return f"{self.command}{sep} --reporters=default --reporters=jest-junit", {"JEST_JUNIT_OUTPUT_FILE": str(junit), "JEST_JUNIT_ADD_FILE_ATTRIBUTE": "true"}
        # node's runner (through npm, tsx or not): the reporter options in NODE_OPTIONS.
        options = f"--test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination={junit}"
        return self.command, {"NODE_OPTIONS": f"{existing_node_options} {options}".strip()}


def _runner_of(text: str) -> str | None:
    if re.search(r"\bvitest\b", text):
        return "vitest"
    if re.search(r"\bjest\b", text):
        return "jest"
    if re.search(r"\b(node|tsx)\b[^;&|]*--test\b", text):
        return "node"
    return None


def _test_script(root: Path) -> str | None:
    try:
        scripts = json.loads((root / "package.json").read_text(encoding="utf-8")).get("scripts", {})
    except (OSError, ValueError, AttributeError):
        return None
    script = scripts.get("test") if isinstance(scripts, dict) else None
    return script if isinstance(script, str) else None


def test_plan(root: Path, configured: str | None) -> TestPlan | None:
    """The suite's command: `[project] tests`, else package.json's `test` script when it runs a
    runner we can read (vitest, jest, node --test); None when there is neither."""
    script = _test_script(root)
    if configured:
        runner = _runner_of(configured)
        if runner is None and NPM_TEST.search(configured) and script:
            runner = _runner_of(script)
        if runner is None and JUNIT_PLACEHOLDER not in configured:
            raise ConfigError(
                f"cannot tell how `{configured}` writes a JUnit report",
                hint=f"[project] tests runs vitest, jest or node --test (directly or through the npm test script), or puts {JUNIT_PLACEHOLDER} where the runner writes its JUnit XML",
            )
        return TestPlan(configured, runner or "custom")
    if script is None:
        return None
    runner = _runner_of(script)
    return TestPlan("npm test", runner) if runner else None


@dataclass(frozen=True)
class TestCase:
    """One test's outcome in one run."""

    id: str  # "suite > nested suite > test", unique in the run
    status: str  # passed | failed | skipped
    message: str = ""  # the failure message (first line of it)
    file: str = ""  # the test file, when the report or the failure's stack names it

    def to_json(self) -> list:
        return [self.id, self.status, self.message, self.file]

    @classmethod
    def from_json(cls, item: list) -> "TestCase":
        return cls(str(item[0]), str(item[1]), str(item[2]), str(item[3]))


def _file_of(case: ET.Element, suite_file: str, tree: Path, detail: str) -> str:
    for candidate in (case.get("file"), suite_file, case.get("classname")):
        if candidate and (tree / candidate).is_file():
            return candidate
    for match in FILE_IN_TRACE.finditer(detail):  # node's report: the failing test file in the stack
        path = Path(match.group(1))
        if path.is_relative_to(tree) and "node_modules" not in path.parts:
            return str(path.relative_to(tree))
    return ""


def _walk(node: ET.Element, names: list[str], suite_file: str, tree: Path, out: list[TestCase]) -> None:
    for child in node:
        if child.tag == "testsuite":
            # Nested suites (describe) add their names; vitest names a file's suite by its path.
            name = child.get("name", "")
            named_file = name if name and (tree / name).is_file() else ""
            _walk(child, [*names, name], child.get("file") or suite_file or named_file, tree, out)
        elif child.tag == "testcase":
            name = child.get("name", "")
            failure = child.find("failure")
            if failure is None:
                failure = child.find("error")
            detail = ""
            if failure is not None:
                status = "failed"
                detail = (failure.text or "").strip()
                message = (failure.get("message") or detail or "failed").strip().splitlines()[0][:300]
            elif child.find("skipped") is not None:
                status, message = "skipped", ""
            else:
                status, message = "passed", ""
            ident = " > ".join(n for n in [*names, name] if n)
            out.append(TestCase(ident, status, message, _file_of(child, suite_file, tree, detail)))


def parse_junit(data: bytes, tree: Path) -> list[TestCase]:
    """Every test case of a JUnit report; duplicate names get `#2`, `#3` (two files may hold a
    test of the same name)."""
    root = ET.fromstring(data)
    if root.tag != "testsuites":  # a report of one suite
        holder = ET.Element("testsuites")
        holder.append(root)
        root = holder
    found: list[TestCase] = []
    _walk(root, [], "", tree, found)
    seen: dict[str, int] = {}
    out = []
    for case in found:
        seen[case.id] = seen.get(case.id, 0) + 1
        out.append(case if seen[case.id] == 1 else TestCase(f"{case.id} #{seen[case.id]}", case.status, case.message, case.file))
    return out


def run_result(run: CommandRun, junit: Path, tree: Path) -> list[TestCase]:
    """The per-test results of a finished run. A run that wrote no report is an error: without it
    a regression cannot be told from a suite that did not start."""
    try:
        data = junit.read_bytes()
    except OSError:
        data = b""
    if not data.strip():
        raise ConfigError(
            f"the test command `{run.command}` (exit {run.returncode}) wrote no JUnit report:\n{tail(run.output)}",
            hint=f"make it run vitest, jest (with jest-junit installed) or node --test, or put {JUNIT_PLACEHOLDER} where its runner writes JUnit XML ([project] tests)",
        )
    try:
        return parse_junit(data, tree)
    except ET.ParseError as exc:
        raise ConfigError(f"the JUnit report of `{run.command}` is not valid XML: {exc}", hint="check the runner's reporter options") from exc


@dataclass(frozen=True)
class TestComparison:
    passed_before: int
    failed_before: int
    passed_after: int
    failed_after: int
    regressions: tuple[TestCase, ...]  # passed in both base runs, failed after
    flaky: tuple[str, ...]  # passed in one base run and failed in the other


def compare(base_runs: list[list[TestCase]], after: list[TestCase]) -> TestComparison:
    """Tests that failed before never count; a test that passed and failed across the base runs is
    flaky, reported apart, never as a regression."""
    runs = [{c.id: c for c in run} for run in base_runs]
    flaky = sorted({i for run in runs for i in run if {r[i].status for r in runs if i in r} >= {"passed", "failed"}})
    passed = set.intersection(*({i for i, c in run.items() if c.status == "passed"} for run in runs)) if runs else set()
    regressions = tuple(c for c in after if c.status == "failed" and c.id in passed and c.id not in flaky)
    first = runs[0] if runs else {}
    return TestComparison(
        sum(1 for c in first.values() if c.status == "passed"),
        sum(1 for c in first.values() if c.status == "failed"),
        sum(1 for c in after if c.status == "passed"),
        sum(1 for c in after if c.status == "failed"),
        regressions,
        tuple(flaky),
    )
