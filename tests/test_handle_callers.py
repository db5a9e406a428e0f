"""Helper parameters bound by their callers (engine.analysis.handle_callers): every call in the project
must be seen passing the connection; a caller the engine cannot see keeps the helper on SQLite."""
from __future__ import annotations

from dataclasses import replace

import pytest

from wavemod.engine.analysis import mentions
from wavemod.engine.analysis.handle_callers import project_mentions
from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.core.workspace import ModuleResolver

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


# ---- the files that may call a helper (engine.analysis.mentions): plain scans, then an index ----

BY_TEAM = HELPER + b"\nexport function openCountByTeam(teamId: number): number {\n  return teamId\n}\n"


@pytest.fixture(params=["plain scans", "index"])
def found_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every helper's callers found by plain scans, or by the index from the first helper on."""
    monkeypatch.setattr(mentions, "PLAIN_SCANS", 1000 if request.param == "plain scans" else 0)
    return str(request.param)


def test_callers_under_their_own_name_and_an_alias_are_found_either_way(found_by: str) -> None:
    out = _run({
        "lib/stats.ts": HELPER,
        "app/api/me/route.ts": b"import { getDatabase } from '@/lib/db/connection'\nimport { openCount as countOpen } from '@/lib/stats'\nexport function GET() {\n  return Response.json({ open: countOpen(getDatabase(), 1) })\n}\n",
        "app/api/team/route.ts": b"import { getDatabase } from '@/lib/db/connection'\nimport { openCount } from '@/lib/stats'\nexport function GET() {\n  const db = getDatabase()\n  return Response.json({ open: openCount(db, 2) })\n}\n",
    })
    assert b"db: any" not in out["lib/stats.ts"]
    assert b"await countOpen(1)" in out["app/api/me/route.ts"] and b"await openCount(2)" in out["app/api/team/route.ts"]


def test_a_namespace_import_of_a_file_naming_the_helper_only_inside_a_longer_name_keeps_it_on_sqlite(found_by: str) -> None:
    """`openCount` occurs in the script only inside `openCountByTeam`: its bytes still hold the name,
    so its namespace import counts as a use that is not a call, with the index as without it."""
    out = _run({
        "lib/stats.ts": BY_TEAM,
        "app/api/me/route.ts": b"import { getDatabase } from '@/lib/db/connection'\nimport { openCount } from '@/lib/stats'\nexport function GET() {\n  return Response.json({ open: openCount(getDatabase(), 1) })\n}\n",
        "scripts/teams.ts": b"import * as stats from '../lib/stats'\nconsole.log(stats.openCountByTeam(3))\n",
    })
    assert out["lib/stats.ts"] == BY_TEAM


def test_the_files_searched_follow_the_resolver_files_when_a_copy_shares_its_tables() -> None:
    """The resolver a run makes with the modules it creates shares the tables of the one it copies
    (engine.analysis.created_modules.with_created): a file only it has is searched too."""
    sources = {"lib/stats.ts": HELPER, "app/a.ts": b"openCount(db, 1)\n"}
    resolver = ModuleResolver(frozenset(sources), reader=sources.get)
    assert project_mentions(resolver).files_with(b"openCount") == ["app/a.ts", "lib/stats.ts"]
    sources["lib/db/made.ts"] = b"export { openCount } from '../stats'\n"
    grown = replace(resolver, files=resolver.files | {"lib/db/made.ts"}, _cache={})
    assert grown._tables is resolver._tables
    assert project_mentions(grown).files_with(b"openCount") == ["app/a.ts", "lib/db/made.ts", "lib/stats.ts"]
