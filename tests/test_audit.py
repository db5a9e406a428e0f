"""`audit` on real temp git repositories: what SQLite is left, where, and each wave's status."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_repo
from wavemod.engine.commands import audit as audit_module
from wavemod.engine.api import EXAMPLE_FIXTURE
from wavemod.engine.commands.audit import run_audit
from wavemod.engine.core.config import Config
from wavemod.engine.git.gitops import apply_wave
from test_apply import SMALL_FILES, small_repo

LEFTOVERS: dict[str, str | bytes] = {
    **SMALL_FILES,
    # The connection module through a relative spelling, a table listing and a database file name.
    "lib/reports/export.ts": (
        "import { getDb } from '../db/connection'\n"
        "// the old file was 'data/old.db'\n"
        "const FILE = 'data/app.db'\n"
        "export function tables() {\n"
        "  return getDb().prepare(\"SELECT name FROM sqlite_master WHERE type = 'table'\").all()\n"
        "}\n"
    ),
    "lib/reports/__tests__/export.test.ts": "import db from '@/lib/db/connection'\ndb.prepare('SELECT 1').get()\n",
    "lib/reports/legacy.ts.bak": "import db from '@/lib/db/connection'\n",
    "scripts/seed.ts": "import db from '@/lib/db/connection'\n",  # outside audit_paths
}


def test_audit_lists_what_is_left(tmp_path: Path, config: Config) -> None:
    repo = make_repo(tmp_path / "app", LEFTOVERS)
    report = run_audit(repo, config)
    connection = {(h.path, h.line) for h in report.connection_imports}
    assert connection == {("app/api/auth/login/route.ts", 1), ("app/api/kb/route.ts", 1), ("lib/reports/export.ts", 1)}
    assert {h.path for h in report.auth_imports} == {"app/api/kb/route.ts"}
    symbols = {(h.path, h.line, h.detail) for h in report.sqlite_symbols}
    assert ("lib/db/connection.ts", 1, "imports better-sqlite3") in symbols
    assert ("lib/reports/export.ts", 3, "database file data/app.db") in symbols
    assert ("lib/reports/export.ts", 5, "sqlite_master") in symbols
    assert not any(line == 2 for path, line, _ in symbols if path == "lib/reports/export.ts")  # a comment
    prepares = {(h.path, h.line) for h in report.prepare_calls}
    assert {("app/api/auth/login/route.ts", 4), ("app/api/kb/route.ts", 6)} <= prepares
    data = report.to_json()
    everything = str([data[k] for k in ("connection_imports", "auth_imports", "sqlite_symbols", "prepare_calls")])
    assert "__tests__" not in everything and ".bak" not in everything and "scripts/" not in everything
    assert not report.passed


def test_audit_markdown_and_json(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    report = run_audit(repo, config)
    markdown = report.to_markdown()
    assert markdown.startswith("# wavemod audit")
    assert "Overall: FAIL" in markdown
    assert "## Files importing the connection module (2 files, 2 places)" in markdown
    assert "(1 file, 1 place)" in markdown and "1 files" not in markdown and "1 places" not in markdown
    assert "`app/api/kb/route.ts:2: imports @/lib/auth/sqlite-auth`" in markdown
    for wave in config.waves:
        assert f"### {wave.id}: {wave.title}" in markdown
    # Check descriptions name globs: their `**` are escaped, or markdown would render bold text.
    checks = [line for line in markdown.splitlines() if line.startswith(("- PASS: ", "- FAIL: "))]
    assert checks and all("/**" not in line for line in checks)
    assert any("app/api/auth/\\*\\*" in line for line in checks)
    data = report.to_json()
    assert data["passed"] is False
    assert [w["wave"] for w in data["waves"]] == ["wave-1", "wave-2", "wave-3"]
    wave1 = data["waves"][0]
    assert wave1["passed"] is False
    assert any("app/api/auth/login/route.ts:1" in o for c in wave1["checks"] for o in c["offenders"])


def test_audit_after_the_waves(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    for wave in ("wave-1", "wave-2"):
        apply_wave(repo, wave, config, workers=1)
    report = run_audit(repo, config)
    statuses = {w.wave_id: w.passed for w in report.waves}
    assert statuses["wave-1"] and statuses["wave-2"]
    assert report.connection_imports == [] and report.prepare_calls == []


def test_clean_repository_passes(tmp_path: Path, config: Config) -> None:
    repo = make_repo(tmp_path / "app", {**EXAMPLE_FIXTURE, "app/api/health/route.ts": "export function GET() { return new Response('ok') }\n"})
    report = run_audit(repo, config)
    assert report.passed and "Overall: PASS" in report.to_markdown()


def test_one_parse_per_file(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "app", LEFTOVERS)
    calls: list[int] = []
    real = audit_module.parse

    def counting(source: bytes, lang: str):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(source, lang)

    monkeypatch.setattr(audit_module, "parse", counting)
    import wavemod.engine.run.acceptance as acceptance

    monkeypatch.setattr(acceptance, "parse", counting)  # wave checks must reuse the audit's parse
    run_audit(repo, config, workers=1)  # counted in this process
    sources = [p for p in LEFTOVERS if p.endswith(".ts") and not p.endswith(".d.ts")]
    assert len(calls) == len(sources)


def test_audit_lists_files_that_do_not_parse(tmp_path: Path, config: Config) -> None:
    """A prepare call inside a syntax error is invisible to the queries: the file is named instead."""
    files = dict(SMALL_FILES)
    files["lib/broken.ts"] = "import db from '@/lib/db/connection'\n\nexport function rows( {\n  return db.prepare('SELECT 1').all()\n}\n"
    report = run_audit(make_repo(tmp_path / "app", files), config)
    assert [(h.path, h.line) for h in report.parse_errors] == [("lib/broken.ts", 3)]
    assert "parse error(s)" in report.parse_errors[0].detail
    assert "## Files with parse errors" in report.to_markdown() and "`lib/broken.ts:3: " in report.to_markdown()
    assert report.to_json()["parse_errors"][0]["path"] == "lib/broken.ts"


def test_audit_across_worker_processes_equals_one_process(tmp_path: Path, config: Config) -> None:
    repo = make_repo(tmp_path / "app", LEFTOVERS)
    alone, pooled = run_audit(repo, config, workers=1), run_audit(repo, config, workers=2)
    assert pooled.to_json() == alone.to_json() and pooled.files_scanned == alone.files_scanned > 4
    assert alone.prepare_calls and alone.sqlite_symbols and alone.connection_imports


def test_wave_overview_parses_each_file_once_and_counts_per_wave(example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.engine import api
    from wavemod.engine.core import languages

    pooled = api.wave_overview(example_repo, config, workers=2)
    calls: list[bytes] = []
    real = languages.parse
    monkeypatch.setattr(languages, "parse", lambda source, lang: calls.append(source) or real(source, lang))
    alone = api.wave_overview(example_repo, config, workers=1)
    summary = [(o.wave.id, o.files, o.matches) for o in alone]
    assert summary == [(o.wave.id, o.files, o.matches) for o in pooled]
    # wave-3 selects every file the other waves do: at most one parse per file of the widest wave,
    # and none for files where no rule's needles occur, with the counts a parse of each would give.
    assert len(calls) == len(set(calls)) and 0 < len(calls) < max(o.files for o in alone)
    assert alone[0].matches["prepare-call"] > 0
    from wavemod.engine.core.config import Rule

    monkeypatch.setattr(Rule, "may_match", lambda self, source: True)
    assert [(o.wave.id, o.files, o.matches) for o in api.wave_overview(example_repo, config, workers=1)] == summary


REASONS_REPO: dict[str, str | bytes] = {
    **EXAMPLE_FIXTURE,
    "lib/db/index.ts": "export { getDb } from './connection'\nexport * from './format'\n",
    "lib/db/format.ts": "export function title(s: string): string {\n  return s.trim()\n}\n",
    "lib/db/__tests__/helper.ts": "import Database from 'better-sqlite3'\nexport const memory = new Database(':memory:')\nmemory.prepare('SELECT 1').get()\n",
    "lib/reports/left.ts": (
        "import { getDb } from '@/lib/db'\n"
        "import { title } from '@/lib/db'\n"
        "export function visible(ids: number[]) {\n"
        "  return ids.filter((id) => getDb().prepare('SELECT 1 FROM t WHERE id = ?').get(id))\n"
        "}\n"
        "export function count(): number {\n"
        "  return (getDb().prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n\n"
        "}\n"
        "export function open(handle: { prepare(sql: string): unknown }) {\n"
        "  return handle.prepare('SELECT 2')\n"
        "}\n"
        "export const name = title(' x ')\n"
    ),
    # Another program's SQLite file, read where it lies: left on SQLite on purpose.
    "lib/reports/editor.ts": (
        "import Database from 'better-sqlite3'\n"
        "export function recent(path: string) {\n"
        "  let db: Database.Database | null = null\n"
        "  try {\n"
        "    db = new Database(path, { readonly: true, fileMustExist: true })\n"
        "    return db.prepare('SELECT id FROM sessions').all()\n"
        "  } finally {\n"
        "    db?.close()\n"
        "  }\n"
        "}\n"
        "export function count(path: string): number {\n"
        "  const db = new Database(path, { readonly: true })\n"
        "  return (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n\n"
        "}\n"
    ),
}


def test_audit_gives_each_prepare_left_its_reason(tmp_path: Path, config: Config) -> None:
    """Every `.prepare(` left outside the connection module, the adapter and test helpers is listed
    with why, and counted by reason; a barrel import of the connection's names counts as one."""
    repo = make_repo(tmp_path / "app", REASONS_REPO)
    report = run_audit(repo, config)
    left = {(h.path, h.line): h.reason for h in report.prepare_calls}
    assert left == {
        ("lib/reports/left.ts", 4): "cannot-await",
        ("lib/reports/left.ts", 7): "not-migrated",
        ("lib/reports/left.ts", 10): "not-bound",
        ("lib/reports/editor.ts", 6): "other-database",
        ("lib/reports/editor.ts", 13): "other-database",
    }
    assert "filter callback" in next(h.detail for h in report.prepare_calls if h.line == 4)
    counts = report.to_json()["prepare_reasons"]
    assert counts["cannot-await"] == 1 and counts["not-migrated"] == 1 and counts["not-bound"] == 1 and counts["other-database"] == 2 and sum(counts.values()) == 5
    assert "By reason: other-database 2, not-bound 1, cannot-await 1, not-migrated 1" in report.to_markdown()
    imports = {(h.path, h.line, h.detail) for h in report.connection_imports}
    # The getDb import through the barrel counts; the import of `title` through it does not; the
    # barrel itself imports the connection.
    assert imports == {("lib/reports/left.ts", 1, "imports @/lib/db (a barrel of the connection module)"), ("lib/db/index.ts", 1, "imports ./connection")}
