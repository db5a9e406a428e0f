"""Tests that read the source text of a file the wave rewrites (engine.analysis.source_readers) are listed
where they name the file, and nothing else is."""
from __future__ import annotations

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.analysis.source_readers import RULE_ID

CONFIG = load_config()
RULES = [r for r in CONFIG.rules.values() if r.source.stem == "adapter"]
LIB = b"import db from '@/lib/db/connection'\nexport function due(workspaceId: number) {\n  return db.prepare('SELECT id FROM tasks WHERE workspace_id = ?').all(workspaceId)\n}\n"


def _findings(files: dict[str, bytes]) -> list[tuple[str, int, str]]:
    result = run_project({"lib/scheduler.ts": LIB, **files}, RULES, CONFIG, targets={"lib/scheduler.ts"})
    assert next(c for c in result.changes if c.path == "lib/scheduler.ts").changed
    return [(f.path, f.line, f.message) for f in result.findings if f.rule == RULE_ID]  # type: ignore[attr-defined]


def test_an_expected_text_the_rewrite_removed_is_listed_at_its_assertion() -> None:
    test = (
        b"import { readFileSync } from 'node:fs'\nimport { join } from 'node:path'\n\n"
        b"function read(path: string) {\n  return readFileSync(join(process.cwd(), path), 'utf8')\n}\n\n"
        b"it('scopes by workspace', () => {\n  const src = read('lib/scheduler.ts')\n"
        b"  expect(src).toContain('WHERE workspace_id = ?')\n"  # still there: not listed
        b"  expect(src).toContain('.all(workspaceId)')\n"  # rewritten away: listed
        b"  expect(src).not.toContain('.get(workspaceId)')\n"  # negative: holds still
        b"  expect(src).toMatch(/prepare\\(/)\n"  # a pattern the new text no longer matches
        b"  expect(src).toMatch(/workspace_id/)\n"
        b"  expect(src.indexOf('db.prepare(')).toBeGreaterThan(-1)\n"  # searched for by hand
        b"  expect(src).not.toContain('db.prepare(')\n"
        b"})\n"
    )
    findings = _findings({"tests/scheduler-source.test.ts": test})
    assert [(p, n) for p, n, _ in findings] == [("tests/scheduler-source.test.ts", n) for n in (11, 13, 15)]
    assert findings[2][2].startswith("looks for `db.prepare(` in the text of `lib/scheduler.ts`")
    assert "expects `.all(workspaceId)` in the text of `lib/scheduler.ts`" in findings[0][2] and "update the expected text" in findings[0][2]
    assert "expects `/prepare\\(/`" in findings[1][2]


def test_a_path_relative_to_the_test_folder_and_a_snapshot_of_the_source() -> None:
    test = b"import fs from 'fs'\nconst a = fs.readFileSync(__dirname + '/../scheduler.ts', 'utf8')\nit('keeps its shape', () => {\n  expect(a).toMatchSnapshot()\n  expect(a).toContain('.all(workspaceId)')\n})\n"
    findings = _findings({"lib/__tests__/src.test.ts": test})
    assert [(p, n) for p, n, _ in findings] == [("lib/__tests__/src.test.ts", 2), ("lib/__tests__/src.test.ts", 5)]
    assert findings[0][2].startswith("snapshots source text and reads `lib/scheduler.ts`")


def test_files_that_read_nothing_or_name_an_unchanged_file_are_not_listed() -> None:
    imports_only = b"import { due } from '../lib/scheduler'\nconst name = 'lib/scheduler.ts'\nit('runs', () => expect(name).toContain('.all(workspaceId)'))\n"
    reads_other = b"import { readFileSync } from 'fs'\nconst text = readFileSync('lib/other.ts', 'utf8')\nconst base = readFileSync(`scheduler.ts`, 'utf8')\nit('x', () => expect(text + base).toContain('.all(workspaceId)'))\n"
    assert _findings({"tests/a.test.ts": imports_only, "tests/b.test.ts": reads_other, "lib/other.ts": b"export const x = 1\n"}) == []
