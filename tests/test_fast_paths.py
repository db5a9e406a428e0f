"""The shortcuts the engine takes for speed give exactly what the plain way gives: incremental
re-parsing, the cross-file phase's first pass restricted to project-aware codemods, worker
processes reading what other files became from the record store, files left unparsed, and files
analysed in import order."""
from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import pytest

import wavemod.engine.run.runner as runner
import wavemod.engine.run.workers as workers
from wavemod.engine.api import EXAMPLE_FIXTURE, plan_wave
import wavemod.engine.core.edits as edits_module
from wavemod.engine.core.config import Config
from wavemod.engine.core.edits import Conflict, resolve
from wavemod.engine.core.languages import parse, reparse
from wavemod.engine.core.types import Edit, Status, WaveResult
from tests.conftest import EXAMPLE


def _shape(tree) -> list[tuple[str, int, int, tuple[int, int], tuple[int, int]]]:
    """Every node of the tree with its byte range and points, in document order."""
    out = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        out.append((node.type, node.start_byte, node.end_byte, tuple(node.start_point), tuple(node.end_point)))
        stack.extend(reversed(node.children))
    return out


SPLICES = [b"await ", b"async ", b"", b"(await x)", b"\n  const y = 1\n", b"\r\n", b"// \xc3\xa9t\xc3\xa9\n"]


@pytest.mark.parametrize("seed", range(12))
def test_an_incremental_reparse_gives_the_tree_of_a_full_parse(seed: int) -> None:
    rng = random.Random(seed)
    sources = sorted(EXAMPLE.rglob("*.ts"))
    source = rng.choice(sources).read_bytes()
    tree = parse(source, "typescript")
    # Non-overlapping splices at token boundaries of the original: what rewrite passes produce.
    leaves = sorted({n.start_byte for n in (tree.root_node.descendant_for_byte_range(o, o) for o in rng.sample(range(len(source)), 40)) if n is not None})
    chosen = sorted(rng.sample(leaves, min(6, len(leaves))))
    splices = []
    for start in chosen:
        end = start if rng.random() < 0.6 else min(len(source), start + rng.randint(1, 4))
        if splices and start < splices[-1][1]:
            continue
        splices.append((start, end, rng.choice(SPLICES)))
    new = bytearray(source)
    for start, end, text in reversed(splices):
        new[start:end] = text
    incremental = reparse(tree, source, bytes(new), splices, "typescript")
    assert _shape(incremental) == _shape(parse(bytes(new), "typescript"))


def _digest(result: WaveResult) -> list[tuple]:
    return [(c.path, c.status, c.after, c.findings, c.rule_counts, c.notes, c.call_sites) for c in sorted(result.changes, key=lambda c: c.path)] + [
        tuple(result.async_functions),
        (result.awaited_calls,),
    ]


@pytest.mark.parametrize("wave", ["wave-2", "wave-3"])
def test_the_restricted_first_cross_file_pass_changes_nothing_in_the_outcome(example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch, wave: str) -> None:
    # That pass runs the codemods that read the project index or the other codemods' edits; the
    # rest (the SQL rewrite among them) gave nothing on that text already.
    fast = plan_wave(example_repo, wave, config, workers=1)
    plain_rules = runner._run_rules
    monkeypatch.setattr(runner, "_run_rules", lambda ctx, rules, in_wave, project_only=False: plain_rules(ctx, rules, in_wave))
    plain = plan_wave(example_repo, wave, config, workers=1)
    assert _digest(fast) == _digest(plain)
    assert fast.async_functions and any(c.changed for c in fast.changes)


def test_workers_reading_the_record_store_give_the_single_process_result(example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.engine.run.records import RecordStore

    inline = plan_wave(example_repo, "wave-1", config, workers=1)
    stores: list[tuple[str, list[str]]] = []  # (directory, its files when the run closes it)
    close = RecordStore.close
    monkeypatch.setattr(RecordStore, "close", lambda self: stores.append((self.directory, os.listdir(self.directory))) or close(self))
    monkeypatch.setattr(workers, "SURVEY_CHUNK", 8)  # the survey of the bytes is shared out too
    pooled = plan_wave(example_repo, "wave-1", config, workers=2)
    assert _digest(pooled) == _digest(inline) and pooled.parsed == inline.parsed and pooled.facts == inline.facts
    # One store per run of the schedule: a second when files joined the wave (engine.run.pipeline).
    assert len(stores) == 1 + bool(pooled.joined)
    directory, written = stores[-1]
    # A record per analysed file (the workers write them), nothing half-written left behind.
    assert len(written) == pooled.parsed - sum(1 for c in pooled.changes if c.status is Status.FAILED)
    assert all(name.endswith(".pickle") for name in written)
    assert not any(Path(d).exists() for d, _ in stores)  # and the stores are gone afterwards


def test_asking_the_index_for_a_node_type_it_does_not_collect_is_an_error() -> None:
    from wavemod.engine.analysis.bindings import FileIndex
    from wavemod.engine.core.workspace import ModuleResolver

    index = FileIndex("a.ts", parse(b"function f() { return 1 }\n", "typescript"), ModuleResolver(frozenset({"a.ts"}), "", {}))
    assert [n.type for n in index.nodes("function_declaration")] == ["function_declaration"]
    assert index.nodes("await_expression") == []
    with pytest.raises(ValueError, match="return_statement"):
        index.nodes("return_statement")
    with pytest.raises(ValueError, match="return_statement"):
        index.nodes("call_expression", "return_statement")


def _everything_needs_a_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.engine.run.relevance import Needles

    monkeypatch.setattr(Needles, "need_tree", lambda self, path, source, found, in_wave: True)


@pytest.mark.parametrize("wave", ["wave-1", "wave-2", "wave-3"])
def test_leaving_files_without_anything_to_change_unparsed_changes_nothing_in_the_outcome(
    example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch, wave: str
) -> None:
    fast = plan_wave(example_repo, wave, config, workers=1)
    _everything_needs_a_tree(monkeypatch)
    plain = plan_wave(example_repo, wave, config, workers=1)
    assert _digest(fast) == _digest(plain)
    assert fast.checks == plain.checks
    # The facts the wave's checks look at are the same (other files' are not gathered).
    from wavemod.engine.run.acceptance import in_scope

    looked_at = {p for check in config.wave(wave).checks for p in plain.facts if in_scope(check, p)}
    assert looked_at and {p: fast.facts[p] for p in looked_at} == {p: plain.facts[p] for p in looked_at}
    assert fast.parsed < plain.parsed == len(plain.facts)  # some files were skipped, not none


# Calls reach the database code through files that hold none: a barrel module's `export *`, an
# exported instance of a repository class, and a service between them and a component.
CHAINS = {
    "lib/tickets/queries.ts": "import db from '@/lib/db/connection'\nexport function getTicket(id: number) {\n  return db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as { title: string }\n}\n",
    "lib/tickets/index.ts": "export * from './queries'\n",
    "lib/tickets/service.ts": "import { getTicket } from './index'\nexport function title(id: number): string {\n  return getTicket(id).title\n}\n",
    "components/ticket-panel.ts": "import { title } from '@/lib/tickets/service'\nimport { shout } from '@/lib/util/strings'\nexport function render(id: number): string {\n  return shout(title(id))\n}\n",
    "lib/users/repository.ts": "import { getDb } from '@/lib/db/connection'\nexport class UserRepository {\n  private db = getDb()\n  find(id: number) {\n    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id)\n  }\n}\n",
    "lib/users/instance.ts": "import { UserRepository } from './repository'\nexport const users = new UserRepository()\n",
    "app/api/users/route.ts": "import { users } from '@/lib/users/instance'\nexport function GET() {\n  return Response.json(users.find(1))\n}\n",
    "lib/util/strings.ts": "export function shout(text: string): string {\n  return text.toUpperCase()\n}\n",
    "components/badge.ts": "import { shout } from '@/lib/util/strings'\nexport function badge(label: string): string {\n  return shout(label)\n}\n",
}


def test_calls_through_files_without_database_code_are_awaited_and_only_those_files_are_parsed(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.engine.api import run_project

    rules = config.rules_of(config.wave("wave-1"))
    fast = run_project({p: t.encode() for p, t in CHAINS.items()}, rules, config)
    after = {c.path: c.after.decode() for c in fast.changes}
    assert "return (await getTicket(id)).title" in after["lib/tickets/service.ts"]
    assert "export async function title(id: number): Promise<string>" in after["lib/tickets/service.ts"]
    assert "return shout(await title(id))" in after["components/ticket-panel.ts"]
    assert "return Response.json(await users.find(1))" in after["app/api/users/route.ts"]
    # Neither the utility nor the badge that only uses it can change: both stay unparsed.
    assert after["lib/util/strings.ts"] == CHAINS["lib/util/strings.ts"] and after["components/badge.ts"] == CHAINS["components/badge.ts"]
    _everything_needs_a_tree(monkeypatch)
    plain = run_project({p: t.encode() for p, t in CHAINS.items()}, rules, config)
    assert _digest(fast) == _digest(plain)
    # strings.ts, badge.ts, and two files of the fixture that no wave edits and that reach nothing
    # turning async: the adapter and the SQLite auth module.
    assert plain.parsed - fast.parsed == 4
    assert set(plain.parsed_paths) - set(fast.parsed_paths) == {"lib/util/strings.ts", "components/badge.ts", "lib/db/adapter.ts", "lib/auth/sqlite-auth.ts"}
    assert set(fast.parsed_paths) < set(plain.parsed_paths) and list(fast.parsed_paths) == sorted(fast.parsed_paths)


def test_progress_counts_every_parsed_file_once_across_rounds(config: Config, tmp_path: Path) -> None:
    from conftest import make_repo

    repo = make_repo(tmp_path / "app", {**EXAMPLE_FIXTURE, **CHAINS, "lib/db/schema.postgres.sql": "CREATE TABLE tickets (id SERIAL PRIMARY KEY);\n"})
    seen: list[tuple[str, int, int]] = []
    result = plan_wave(repo, "wave-3", config, workers=1, progress=lambda phase, done, total: seen.append((phase, done, total)))
    analysed = [(done, total) for phase, done, total in seen if phase == "analyse"]
    assert [done for done, _ in analysed] == list(range(1, result.parsed + 1))  # rounds count on, never restart
    assert analysed[-1] == (result.parsed, result.parsed) and all(done <= total for done, total in analysed)


SCHEMA = {"lib/db/schema.postgres.sql": "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT);\nCREATE TABLE t (id SERIAL PRIMARY KEY, a INTEGER);\n"}
# Calls inside a transaction callback are all awaited, even to functions that were async before
# and live in modules without database code, or behind the auth service's re-export: their
# modules are parsed so that the callees are known.
TRANSACTIONS = {
    **SCHEMA,
    "lib/audit.ts": "export async function audit(id: number) {\n  console.log('audit', id)\n}\n",
    "lib/auth/sqlite-auth.ts": "import { executeQueryOne } from '@/lib/db/adapter'\nexport async function getUserById(id: number) {\n  return await executeQueryOne('SELECT * FROM users WHERE id = ?', [id])\n}\n",
    "lib/auth/auth-service.ts": "export * from './sqlite-auth'\n",
    "lib/close.ts": (
        "import db from '@/lib/db/connection'\nimport { audit } from '@/lib/audit'\nimport { getUserById } from '@/lib/auth/sqlite-auth'\n"
        "export function close(id: number) {\n  db.transaction(() => {\n    db.prepare('UPDATE t SET a = 1 WHERE id = ?').run(id)\n    audit(id)\n    getUserById(id)\n  })()\n}\n"
    ),
    # A comment between `from` and the specifier, and a template literal in import(): the scan
    # that decides what to parse reads them as the tree does.
    "app/api/tickets/lazy.ts": "export const load = () => import(`@/lib/db/connection`)\n",
    "app/other/names.ts": "import { getUserById } from /* the auth module */ '@/lib/auth/sqlite-auth'\nexport function name(id: number) {\n  return getUserById(id)\n}\n",
}


@pytest.mark.parametrize("wave", ["wave-1", "wave-3"])
def test_transactions_and_unusual_import_spellings_give_what_parsing_everything_gives(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch, wave: str) -> None:
    from conftest import make_repo

    repo = make_repo(tmp_path / "app", {**EXAMPLE_FIXTURE, **TRANSACTIONS})
    fast = plan_wave(repo, wave, config, workers=1)
    after = {c.path: c.after.decode() for c in fast.changes}
    if wave == "wave-3":  # the wave that selects lib/close.ts
        assert "    await audit(id)\n    await getUserById(id)\n" in after["lib/close.ts"]
    _everything_needs_a_tree(monkeypatch)
    plain = plan_wave(repo, wave, config, workers=1)
    assert _digest(fast) == _digest(plain) and fast.checks == plain.checks
    if wave == "wave-1":  # its check of app/api/tickets/** sees the template-literal import
        assert any("app/api/tickets/lazy.ts:1" in o for c in fast.checks for o in c.offenders)


def _resolve_pairwise(edits: list[Edit]) -> tuple[list[Edit], list[Conflict]]:
    """The definition `edits.resolve` implements by bisection: each edit, in rank order, loses to
    the first accepted edit it overlaps."""
    accepted: list[Edit] = []
    conflicts: list[Conflict] = []
    for edit in sorted(set(edits), key=edits_module._rank):
        clash = next((other for other in accepted if edits_module._overlaps(edit, other)), None)
        if clash is None:
            accepted.append(edit)
        else:
            nested = (clash.start <= edit.start and edit.end <= clash.end) or (edit.start <= clash.start and clash.end <= edit.end)
            conflicts.append(Conflict(clash, edit, nested))
    accepted.sort(key=lambda e: (e.start, e.end, -e.priority))
    return accepted, conflicts


@pytest.mark.parametrize("seed", range(40))
def test_resolving_overlaps_by_bisection_picks_what_the_pairwise_scan_picks(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice([8, 30, 200])
    edits = []
    for n in range(rng.randint(1, 60)):
        start = rng.randint(0, size)
        end = start if rng.random() < 0.4 else min(size, start + rng.randint(1, 12))
        edits.append(Edit(start, end, rng.choice([b"", b"x", b"await "]), rng.choice(["a", "b", "c"]), rng.choice([0, 0, 1, 2])))
    edits += rng.sample(edits, min(3, len(edits)))  # duplicates merge
    assert resolve(edits) == _resolve_pairwise(edits)


# Every receiver the SQLite rules act on goes back to an import of the connection module or to a
# type name of the handle; a test on an in-memory database from a test helper has neither, and
# stays unparsed although it says `db.prepare(`, `.exec(` and `.transaction(`.
RECEIVERS = {
    **SCHEMA,
    "tests/helpers/sqlite-test-db.ts": "import Database from 'better-sqlite3'\nexport function openTestDb() {\n  return new Database(':memory:')\n}\n",
    "tests/users.test.ts": (
        "import { openTestDb } from '@/tests/helpers/sqlite-test-db'\nimport { it } from 'vitest'\n"
        "it('counts', () => {\n  const db = openTestDb()\n  db.exec('CREATE TABLE users (id INTEGER)')\n"
        "  db.transaction(() => db.prepare('INSERT INTO users (id) VALUES (1)').run())()\n"
        "  const stmt = db.prepare('SELECT COUNT(*) AS n FROM users')\n  return stmt.get()\n})\n"
    ),
    "lib/typed.ts": "import type Database from 'better-sqlite3'\nexport function count(db: Database.Database) {\n  return db.prepare('SELECT COUNT(*) AS n FROM users').get()\n}\n",
    "lib/namespace.ts": "import * as conn from '@/lib/db/connection'\nexport function names() {\n  return conn.db.prepare('SELECT name FROM users').all()\n}\n",
    "lib/required.ts": "const db = require('@/lib/db/connection').default\nexport function first() {\n  return db.prepare('SELECT * FROM users LIMIT 1').get()\n}\n",
    "lib/db/helpers.ts": "export { executeTransaction } from './adapter'\n",
    "lib/touch.ts": (
        "import { executeTransaction } from '@/lib/db/helpers'\nexport async function touch() {\n"
        "  await executeTransaction(async (tx) => {\n    await tx.executeRun(\"UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t WHERE a < datetime('now'))\")\n  })\n}\n"
    ),
    "lib/adapted.ts": "import { executeQuery } from '@/lib/db/adapter'\nexport async function recent() {\n  return await executeQuery(\"SELECT * FROM users WHERE name > datetime('now', '-1 day')\")\n}\n",
}


def test_files_whose_receivers_cannot_be_the_sqlite_handle_stay_unparsed(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch, indexed: list[str]) -> None:
    from conftest import make_repo

    repo = make_repo(tmp_path / "app", {**EXAMPLE_FIXTURE, **RECEIVERS})
    fast = plan_wave(repo, "wave-3", config, workers=1)
    assert "tests/users.test.ts" not in indexed
    assert {"lib/typed.ts", "lib/namespace.ts", "lib/required.ts", "lib/touch.ts", "lib/adapted.ts"} <= set(indexed)
    changed = {c.path for c in fast.changes if c.changed}
    assert {"lib/namespace.ts", "lib/required.ts", "lib/touch.ts", "lib/adapted.ts"} <= changed
    _everything_needs_a_tree(monkeypatch)
    plain = plan_wave(repo, "wave-3", config, workers=1)
    assert _digest(fast) == _digest(plain) and fast.checks == plain.checks


@pytest.mark.parametrize("wave", ["wave-1", "wave-2", "wave-3"])
def test_a_files_own_passes_seeing_what_it_imports_give_what_the_cross_file_pass_gives(
    example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch, indexed: list[str], wave: str
) -> None:
    # A file's own passes see the project index of the files it imports (final by its turn), so
    # awaits of what turned async elsewhere land with its own rewrites; the plain way (the files of
    # an import cycle take it) rewrites the file alone first and awaits in the cross-file pass.
    fast = plan_wave(example_repo, wave, config, workers=1)
    fast_indexes = Counter(indexed)
    indexed.clear()
    monkeypatch.setattr(workers, "OWN_PASSES_SEE_IMPORTS", False)
    plain = plan_wave(example_repo, wave, config, workers=1)
    assert _digest(fast) == _digest(plain) and fast.checks == plain.checks
    # Fewer passes for some file: the shortcut was taken. (Per file: a file of an import cycle,
    # such as a wrapper's module with its callers, takes the plain way either way, and a file
    # whose imports turn async in a later pass can take one more.)
    assert any(fast_indexes[p] < n for p, n in Counter(indexed).items())


def test_the_survey_shares_out_every_nth_file_and_answers_in_the_order_asked(example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.codemods.registry import CODEMODS
    from wavemod.engine.core.workspace import Workspace
    from wavemod.engine.run.pipeline import run_settings

    workspace = Workspace.open(example_repo)
    sources = {p: workspace.read(p) for p in workspace.files}
    paths = sorted(p for p in sources if p.endswith(".ts"))
    settings = run_settings(config.rules_of(config.wave("wave-1")), config, workspace.resolver, sources, codemods=CODEMODS)
    sent: list[list[str]] = []
    survey_chunk = workers._survey_chunk
    monkeypatch.setattr(workers, "_survey_chunk", lambda job: sent.append([p for p, _, _ in job[0]]) or survey_chunk(job))
    monkeypatch.setattr(workers, "SURVEY_CHUNK", 8)
    with workers.WorkerPool(1, settings) as pool:
        found = pool.survey(sources, paths, set(paths), "wave-1", False)
    count = -(-len(paths) // 8)
    # Neighbours (a folder of costly files) go to different chunks; the answers come in `paths` order.
    assert sent == [paths[first::count] for first in range(count)] and len(sent) > 2
    assert list(found) == paths
