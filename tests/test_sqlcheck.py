"""sqlcheck against a real PostgreSQL server (started by the test session)."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from wavemod.engine.cli import app
from wavemod.engine.core.config import Config
from wavemod.engine.postgres.sqlcheck import to_numbered
from tests.conftest import make_repo

SCHEMA = """
CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, is_active BOOLEAN NOT NULL DEFAULT TRUE);
CREATE TABLE tickets (id SERIAL PRIMARY KEY, title TEXT NOT NULL, user_id INTEGER REFERENCES users(id), created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
"""

FILES = {
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }\n',
    "lib/db/connection.ts": "import Database from 'better-sqlite3'\nconst db = new Database(':memory:')\nexport default db\n",
    "lib/db/adapter.ts": "export async function executeQuery(sql: string, params?: unknown[]) { return [] }\n",
    "lib/db/schema.postgres.sql": SCHEMA,
    "lib/tickets.ts": """import db from '@/lib/db/connection'
export function list(status?: string) {
  let sql = 'SELECT * FROM tickets WHERE 1 = 1'
  const params: unknown[] = []
  if (status) { sql += ' AND title = ?'; params.push(status) }
  return db.prepare(sql).all(...params)
}
export function active() {
  return db.prepare('SELECT * FROM users WHERE is_active = 1').all()
}
export function recent() {
  return db.prepare("SELECT * FROM tickets WHERE created_at > datetime('now', '-7 days')").all()
}
export function sorted(column: string) {
  return db.prepare(`SELECT * FROM tickets ORDER BY ${column}`).all()
}
export function built(where: string) {
  return db.prepare(buildQuery(where)).all()
}
function buildQuery(where: string) { return 'SELECT 1 WHERE ' + where }
export function setup() {
  db.exec('CREATE TABLE IF NOT EXISTS extra (id INTEGER); DELETE FROM tickets WHERE id = 0')
}
""",
}


def test_placeholders_are_numbered_outside_strings_and_comments() -> None:
    assert to_numbered("SELECT '?' AS q, a FROM t WHERE a = ? AND b IN (?, ?) -- ?") == "SELECT '?' AS q, a FROM t WHERE a = $1 AND b IN ($2, $3) -- ?"


def test_sqlcheck_prepares_every_query_on_a_real_server(tmp_path: Path, postgres_url: str) -> None:
    repo = make_repo(tmp_path / "repo", FILES)
    result = CliRunner().invoke(app, ["sqlcheck", "--repo", str(repo), "--json", "--database-url", postgres_url])
    data = json.loads(result.stdout)
    by_line = {(q["line"], q["status"]) for q in data["queries"]}
    # `+=`-built SQL is recovered (all pieces visible) and prepares
    assert (6, "ok") in by_line
    # integer vs BOOLEAN fails on PostgreSQL, with the server's message
    failing = [q for q in data["queries"] if q["status"] == "fails"]
    assert {q["line"] for q in failing} == {9, 12}
    assert any("boolean" in q["message"] for q in failing)
    assert any("datetime" in q["message"] for q in failing)
    # SQL from a function call is dynamic, never "ok"
    # an interpolation is checked as a parameter: ORDER BY $1 is valid SQL, and says so
    assert [q["message"] for q in data["queries"] if q["line"] == 15] == ["checked with interpolations as parameters"]
    assert (18, "dynamic") in by_line
    # exec() statements are each checked (DDL in a rolled-back transaction)
    assert [q["status"] for q in data["queries"] if q["line"] == 22] == ["ok", "ok"]
    assert data["counts"]["fails"] == 2
    assert result.exit_code == 5  # failures make the command fail (usable as a CI check)


def test_sqlcheck_starts_its_own_server(tmp_path: Path) -> None:
    files = dict(FILES)
    files["lib/tickets.ts"] = "import db from '@/lib/db/connection'\nexport const n = () => db.prepare('SELECT count(*) FROM users').get()\n"
    repo = make_repo(tmp_path / "repo", files)
    result = CliRunner().invoke(app, ["sqlcheck", "--repo", str(repo), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"] == {"ok": 1, "rewritten-ok": 0, "fails": 0, "dynamic": 0}


def test_queries_are_collected_the_same_across_worker_processes(example_repo: Path, config: Config) -> None:
    from wavemod.engine.postgres.sqlcheck import collect
    from wavemod.engine.core.workspace import Workspace

    workspace = Workspace.open(example_repo)
    texts = {p: workspace.read(p) for p in workspace.files}
    alone = collect(texts, workspace, config, 1)
    assert collect(texts, workspace, config, 2) == alone and len(alone) > 50
    assert any(sql is None for _p, _l, sql, _r in alone)  # dynamic SQL is listed too
