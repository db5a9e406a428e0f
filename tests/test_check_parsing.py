"""The pieces of the check gates that need no runner: reading tsc's output and JUnit reports,
telling new type errors from moved ones, and carrying each rule's spans through the passes."""
from __future__ import annotations

from pathlib import Path

from wavemod.engine.core.editspans import carry, rules_by_line
from wavemod.engine.core.edits import apply
from wavemod.engine.checks import testsuite
from wavemod.engine.checks.testsuite import compare, parse_junit
from wavemod.engine.checks.typecheck import Diagnostic, new_errors, parse_output
from wavemod.engine.core.types import Edit

TSC = """\
lib/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.
/work/app/lib/b.ts(10,1): error TS2345: Argument of type 'Promise<User>' is not assignable to parameter of type 'User'.
  Type 'Promise<User>' is missing the following properties from type 'User': id, email
lib/c.ts(1,1): warning TS6133: 'x' is declared but its value is never read.
error TS18003: No inputs were found in config file 'tsconfig.json'.
"""


def test_tsc_output_is_read_with_message_chains_and_paths_relative_to_the_tree() -> None:
    errors = parse_output(TSC, Path("/work/app"))
    assert errors == [
        Diagnostic("lib/a.ts", 3, "TS2322", "Type 'string' is not assignable to type 'number'."),
        Diagnostic("lib/b.ts", 10, "TS2345", "Argument of type 'Promise<User>' is not assignable to parameter of type 'User'. Type 'Promise<User>' is missing the following properties from type 'User': id, email"),
        Diagnostic("", 0, "TS18003", "No inputs were found in config file 'tsconfig.json'."),
    ]


def test_moved_errors_are_old_and_the_surplus_of_equal_ones_is_named_where_no_old_one_maps() -> None:
    before_text = b"".join(b"line %d\n" % i for i in range(1, 41))
    after_text = b"import x\nimport y\n" + before_text  # everything moves two lines down
    message = "Object is possibly 'undefined'."
    before = [Diagnostic("a.ts", 10, "TS2532", message), Diagnostic("b.ts", 5, "TS2322", "old")]
    after = [
        Diagnostic("a.ts", 12, "TS2532", message),  # the old one, moved
        Diagnostic("a.ts", 3, "TS2532", message),  # a new one with the same message
        Diagnostic("b.ts", 5, "TS2322", "old"),
    ]
    assert new_errors(before, after, {"a.ts": (before_text, after_text)}) == [Diagnostic("a.ts", 3, "TS2532", message)]
    # An old error whose line the wave rewrote maps nowhere, but it is still the same error.
    assert new_errors(before, [Diagnostic("a.ts", 1, "TS2532", message)], {"a.ts": (before_text, after_text)}) == []


def test_rule_spans_follow_later_passes() -> None:
    text = b"const a = f(1)\nconst b = g(2)\n"
    first = [Edit(10, 14, b"await f(1)", "prepare-call")]
    spans = carry((), first)
    text = apply(text, first)
    # A later pass inserts a line at the top: the first rule's span moves down with its line.
    second = [Edit(0, 0, b"import x from 'x'\n", "imports"), Edit(31, 35, b"h(2)", "other")]
    spans = carry(spans, second)
    text = apply(text, second)
    assert text == b"import x from 'x'\nconst a = await f(1)\nconst b = h(2)\n"
    lines = rules_by_line(text, spans)
    assert lines == {1: {"imports"}, 2: {"prepare-call"}, 3: {"other"}}


VITEST = """<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="2" failures="1" errors="0" time="0.5">
    <testsuite name="tests/tickets.test.ts" timestamp="2026-01-01T00:00:00" hostname="h" tests="2" failures="1" errors="0" skipped="0" time="0.01">
        <testcase classname="tests/tickets.test.ts" name="open tickets &gt; labels the open ones" time="0.002">
            <failure message="expected [] to deeply equal [ '#3 Printer jam' ]" type="AssertionError">AssertionError: expected [] to deeply equal [ '#3 Printer jam' ]
 ❯ tests/tickets.test.ts:9:20</failure>
        </testcase>
        <testcase classname="tests/tickets.test.ts" name="open tickets &gt; skips closed ones" time="0.001">
            <skipped/>
        </testcase>
    </testsuite>
</testsuites>
""".encode()

JEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="2" failures="0" errors="0" time="1.2">
  <testsuite name="open tickets" errors="0" failures="0" skipped="0" timestamp="2026-01-01T00:00:00" time="0.9" tests="2" file="tests/tickets.test.ts">
    <testcase classname="open tickets labels the open ones" name="open tickets labels the open ones" time="0.003" file="tests/tickets.test.ts">
    </testcase>
    <testcase classname="open tickets labels the open ones" name="open tickets labels the open ones" time="0.003" file="tests/other.test.ts">
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_reports_of_vitest_and_jest(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    for name in ("tickets.test.ts", "other.test.ts"):
        (tmp_path / "tests" / name).write_text("")
    vitest = parse_junit(VITEST, tmp_path)
    assert [(c.id, c.status, c.file) for c in vitest] == [
        ("tests/tickets.test.ts > open tickets > labels the open ones", "failed", "tests/tickets.test.ts"),
        ("tests/tickets.test.ts > open tickets > skips closed ones", "skipped", "tests/tickets.test.ts"),
    ]
    assert vitest[0].message == "expected [] to deeply equal [ '#3 Printer jam' ]"
    jest = parse_junit(JEST, tmp_path)
    # Two tests of one name (in two files) stay two tests.
    assert [(c.id, c.status, c.file) for c in jest] == [
        ("open tickets > open tickets labels the open ones", "passed", "tests/tickets.test.ts"),
        ("open tickets > open tickets labels the open ones #2", "passed", "tests/other.test.ts"),
    ]


def test_regressions_flaky_tests_and_tests_that_failed_before() -> None:
    def run(**status: str) -> list[testsuite.TestCase]:
        return [testsuite.TestCase(name, s, "boom" if s == "failed" else "") for name, s in status.items()]

    base = [run(a="passed", b="failed", c="passed", d="passed"), run(a="passed", b="failed", c="failed", d="passed")]
    result = compare(base, run(a="failed", b="failed", c="failed", d="passed"))
    assert [c.id for c in result.regressions] == ["a"]  # b failed before, c is flaky
    assert result.flaky == ("c",)
    assert (result.passed_before, result.failed_before, result.passed_after, result.failed_after) == (3, 1, 1, 3)


def test_the_test_command_is_detected_from_package_json(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"scripts": {"test": "vitest"}}')
    plan = testsuite.test_plan(tmp_path, None)
    assert plan is not None and (plan.command, plan.runner) == ("npm test", "vitest")
    command, env = plan.invocation(Path("/tmp/r.xml"))
    assert command == "npm test -- --reporter=default --reporter=junit --outputFile.junit=/tmp/r.xml" and env == {}
    (tmp_path / "package.json").write_text('{"scripts": {"test": "jest --ci"}}')
    plan = testsuite.test_plan(tmp_path, None)
    assert plan is not None and plan.invocation(Path("/tmp/r.xml"))[1]["JEST_JUNIT_OUTPUT_FILE"] == "/tmp/r.xml"
    (tmp_path / "package.json").write_text('{"scripts": {"test": "eslint ."}}')
    assert testsuite.test_plan(tmp_path, None) is None
    plan = testsuite.test_plan(tmp_path, "make check JUNIT={junit}")
    assert plan is not None and plan.invocation(Path("/tmp/r.xml"))[0] == "make check JUNIT=/tmp/r.xml"
