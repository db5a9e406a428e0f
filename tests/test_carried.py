"""Findings kept across passes and phases (engine.core.carried): a finding of an earlier pass about code
no later pass touches reaches the file's outcome, on the line its code moved to; one about code a
later pass rewrote is dropped; each (path, line, rule, message) is reported once."""
from __future__ import annotations

from pathlib import Path

from wavemod.engine.api import run_project
from wavemod.engine.core.carried import Carried, across, carry_findings, merged
from wavemod.engine.core.config import load_config
from wavemod.engine.core.edits import apply
from wavemod.engine.core.types import Edit, Finding

TEXT = b"import a from 'a'\nfunction f() {\n  g(db)\n  h()\n}\n"


def _finding(line: int, rule: str = "r", message: str = "look here") -> Finding:
    return Finding("x.ts", line, rule, message)


def test_a_finding_moves_with_its_line_through_later_passes() -> None:
    first = [Edit(0, 0, b"import b from 'b'\n", "imports")]
    after_first = apply(TEXT, first)
    carried = carry_findings(TEXT, [], [_finding(4)], first, after_first)  # `h()`, one line down
    second = [Edit(after_first.index(b"g(db)"), after_first.index(b"g(db)"), b"await ", "propagation")]
    after_second = apply(after_first, second)
    carried = carry_findings(after_first, carried, [], second, after_second)
    final = merged([], carried)
    assert [(f.line, f.message) for f in final] == [(5, "look here")]
    assert after_second.splitlines()[4] == b"  h()"


def test_a_finding_on_code_a_later_pass_rewrote_is_dropped() -> None:
    carried = carry_findings(TEXT, [], [_finding(3)], [], TEXT)  # about `g(db)`
    at = TEXT.index(b"g(db)")
    later = [Edit(at, at + len(b"g(db)"), b"await g()", "handle-parameters")]
    assert carry_findings(TEXT, carried, [], later, apply(TEXT, later)) == []


def test_a_finding_about_its_own_rules_edit_stays_with_it() -> None:
    at = TEXT.index(b"db)")
    edits = [Edit(at, at + 2, b"", "handle-parameters"), Edit(TEXT.index(b"g(db)"), TEXT.index(b"g(db)"), b"await ", "propagation")]
    new = apply(TEXT, edits)
    carried = carry_findings(TEXT, [], [_finding(3, "handle-parameters")], edits, new)
    assert [f.line for f in merged([], carried)] == [3]


def test_findings_are_reported_once() -> None:
    carried = carry_findings(TEXT, [], [_finding(4), _finding(4)], [], TEXT)
    assert merged([_finding(4)], carried) == [_finding(4)]


def test_what_the_last_pass_says_about_a_line_supersedes_what_its_rule_said_there_before() -> None:
    # An earlier pass (without the project index) advised removing a parameter; the last one knows
    # an excluded caller passes it and says it stays: only the last word is reported.
    earlier = Carried(_finding(3, "drop-connection-import", "remove it"), 0, 0)
    other_rule = Carried(_finding(3, "sql-dialect", "needs a human"), 0, 0)
    final = merged([_finding(3, "drop-connection-import", "it stays")], [earlier, other_rule])
    assert sorted((f.rule, f.message) for f in final) == [("drop-connection-import", "it stays"), ("sql-dialect", "needs a human")]


def test_across_phases_lines_left_as_they_were_keep_their_findings() -> None:
    before = b"a()\nb()\nc()\n"
    after = b"x()\nawait a()\nb()\nc2()\n"
    moved = across((_finding(2, message="on b"), _finding(1, message="on a"), _finding(3, message="on c")), before, after)
    assert [(f.line, f.message) for f in moved] == [(3, "on b")]


def test_a_finding_said_in_a_pass_that_is_not_the_last_reaches_the_result() -> None:
    """The handle-parameters rule says why it removes an argument (a test's own database is passed)
    in the pass that removes it; the passes and the phase after it do not say it again."""
    files = {
        "lib/db/connection.ts": b"import Database from 'better-sqlite3'\nconst db = new Database('data/app.db')\nexport function getDb(): Database.Database {\n  return db\n}\nexport default db\n",
        "lib/db/snapshots.ts": b"import Database from 'better-sqlite3'\n\nexport function takeSnapshot(db: Database.Database, organizationId: number): void {\n  db.prepare('INSERT INTO snapshots (organization_id) VALUES (?)').run(organizationId)\n}\n",
        "tests/snapshots.test.ts": (
            b"import type Database from 'better-sqlite3'\nimport { createTestDb } from './helpers/db'\nimport { takeSnapshot } from '../lib/db/snapshots'\n\n"
            b"export function snapshotsWork(): void {\n  const db: Database.Database = createTestDb()\n  takeSnapshot(db, 1)\n}\n"
        ),
        "tests/helpers/db.ts": b"import Database from 'better-sqlite3'\nexport function createTestDb(): Database.Database {\n  return new Database(':memory:')\n}\n",
    }
    config = load_config()
    rules = [r for r in config.rules.values() if r.source.stem == "adapter"]
    result = run_project(files, rules, config)
    found = [(f.path, f.line, f.rule) for f in result.findings if "is passed where the function no longer takes a database" in f.message]
    assert found == [("tests/snapshots.test.ts", 7, "handle-parameters")]
