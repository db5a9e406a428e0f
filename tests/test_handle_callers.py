"""Helper parameters bound by their callers (engine.analysis.handle_callers): every call in the project
must be seen passing the connection; a caller the engine cannot see keeps the helper on SQLite."""
from __future__ import annotations

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config

CONFIG = load_config()
RULES = [r for r in CONFIG.rules.values() if r.source.stem == "adapter"]
HELPER = b"export function openCount(db: any, userId: number): number {\n  return (db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE assignee_id = ?').get(userId) as { n: number }).n\n}\n"


def _run(files: dict[str, bytes]) -> dict[str, bytes]:
    result = run_project(files, RULES, CONFIG)
    assert not result.failed, [c.reason for c in result.failed]
    return {c.path: c.after for c in result.changes if c.path in files}


def test_every_call_passes_the_connection_under_an_alias_too() -> None:
    out = _run({
        "lib/stats.ts": HELPER,
        "app/api/me/route.ts": b"import { getDatabase } from '@/lib/db/connection'\nimport { openCount as countOpen } from '@/lib/stats'\nexport function GET() {\n  return Response.json({ open: countOpen(getDatabase(), 1) })\n}\n",
    })
    assert b"await executeQueryOne" in out["lib/stats.ts"] and b"db: any" not in out["lib/stats.ts"]
    assert b"await countOpen(1)" in out["app/api/me/route.ts"]


def test_an_aliased_call_with_another_database_keeps_the_helper_on_sqlite() -> None:
    out = _run({
        "lib/stats.ts": HELPER,
        "app/api/me/route.ts": b"import { getDatabase } from '@/lib/db/connection'\nimport { openCount } from '@/lib/stats'\nexport function GET() {\n  return Response.json({ open: openCount(getDatabase(), 1) })\n}\n",
        "scripts/report.ts": b"import Database from 'better-sqlite3'\nimport { openCount as count } from '../lib/stats'\nconsole.log(count(new Database('archive.db'), 1))\n",
    })
    assert out["lib/stats.ts"] == HELPER


def test_a_helper_passed_as_a_value_is_not_bound() -> None:
    out = _run({
        "lib/stats.ts": HELPER,
        "app/api/me/route.ts": b"import { getDatabase } from '@/lib/db/connection'\nimport { openCount } from '@/lib/stats'\nexport function GET() {\n  const counters = [openCount]\n  return Response.json({ open: openCount(getDatabase(), 1), counters: counters.length })\n}\n",
    })
    assert out["lib/stats.ts"] == HELPER
