"""Statements a PostgreSQL-target wave rewrote into SQL SQLite refuses (engine.sql.sqlite_syntax): said
in their note and counted above the rewritten queries in the pull request."""
from __future__ import annotations

from wavemod.engine.output import prdoc
from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.sql.sqlite_syntax import SQLITE_REFUSES, newly_refused, sqlite_refusal

CONFIG = load_config()
RULES = [r for r in CONFIG.rules.values() if r.source.stem in {"adapter", "sql"}]
LIB = (
    b"import db from '@/lib/db/connection'\n"
    b"export function search(q: string) {\n"
    b"  return db.prepare('SELECT id FROM tickets WHERE title LIKE ?').all(`%${q}%`)\n"
    b"}\n"
    b"export function stamp(id: number) {\n"
    b"  db.prepare(\"UPDATE tickets SET updated_at = datetime('now') WHERE id = ?\").run(id)\n"
    b"}\n"
)


def test_sqlite_tells_dialect_from_missing_tables() -> None:
    assert sqlite_refusal("SELECT id FROM tickets WHERE title ILIKE ?") == 'near "ILIKE": syntax error'
    assert sqlite_refusal("SELECT id::text FROM tickets") is not None
    assert sqlite_refusal("SELECT NOW()") == "no such function: NOW"
    # the app's tables and columns are made up, so SQLite gets as far as the functions
    assert sqlite_refusal("SELECT STRPOS(t.title, 'x') FROM tickets t JOIN users u ON u.id = t.owner") == "no such function: STRPOS"
    assert sqlite_refusal("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()") == "no such function: current_schema"
    # the columns are made up from the statement's words: the same word in two cases is one column,
    # a quoted name no word spells is added when asked for, and a subquery's table gets them too
    assert sqlite_refusal("SELECT COUNT(*) AS count FROM tickets WHERE org = ? AND to_char(created_at, 'YYYY-MM') = ?") == "no such function: to_char"
    assert sqlite_refusal('SELECT t."due date", t.id FROM tickets t WHERE t.id IN (SELECT ticket_id FROM links l WHERE l.kind = ?) AND NOW() > t."due date"') == "no such function: NOW"
    assert sqlite_refusal('SELECT t."due date" FROM tickets t WHERE t.id = ?') is None
    # functions of SQLite releases newer than Python's (better-sqlite3 bundles them) are not refusals
    assert sqlite_refusal("SELECT STRING_AGG(CAST(name AS TEXT), ',') FROM users") is None
    # unknown tables and columns, unbound parameters, RETURNING / ON CONFLICT: SQLite prepares them
    assert sqlite_refusal("INSERT INTO tickets (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id") is None
    assert sqlite_refusal("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET hits = hits + 1") is None  # (the unique index is the app's)
    # a marker SQLite cannot place was there before the rewrite too: not the rewrite's doing
    assert newly_refused("SELECT a FROM t ORDER BY __wm_0__ __wm_1__", "SELECT a FROM t ORDER BY __wm_0__ __wm_1__ LIMIT 1") is None


def test_a_postgres_wave_marks_what_sqlite_no_longer_runs_and_the_description_counts_it() -> None:
    result = run_project({"lib/search.ts": LIB}, RULES, CONFIG, sql_target="postgres")
    notes = {n.line: n.message for n in result.notes}  # type: ignore[attr-defined]
    assert "LIKE -> ILIKE" in notes[3] and notes[3].endswith(f'{SQLITE_REFUSES} (near "ILIKE": syntax error)')
    assert SQLITE_REFUSES not in notes[6]  # CURRENT_TIMESTAMP runs on both
    wave = CONFIG.wave("wave-3")
    body = prdoc.pr_description(CONFIG, wave, result, "main", wave.branch)  # type: ignore[arg-type]
    assert f"**1 of these queries (1 file) no longer run on SQLite** (marked `{SQLITE_REFUSES}` below)" in body


def test_a_portable_wave_checks_nothing() -> None:
    result = run_project({"lib/search.ts": LIB}, RULES, CONFIG, sql_target="portable")
    assert result.notes and not any(SQLITE_REFUSES in n.message for n in result.notes)  # type: ignore[attr-defined]
    wave = CONFIG.wave("wave-1")
    assert "no longer run on SQLite" not in prdoc.pr_description(CONFIG, wave, result, "main", wave.branch)  # type: ignore[arg-type]
