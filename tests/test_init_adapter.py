"""`wavemod init adapter` on a small target laid out like a real Next.js app (`src/`, `@/*` ->
`./src/*`, the connection in `src/lib/db.ts` next to a `src/lib/db/` directory): the adapter it
writes type-checks under the target's strict tsconfig with real tsc, and a TypeScript script run
with tsx exercises every helper on SQLite (sharing the application's connection) and on a real
PostgreSQL. Also: it never replaces a file without --force, and a connection module it cannot
read a connection from, or an adapter module tsconfig cannot map, is a clear error that writes
nothing."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wavemod.engine.analysis.adapter_contract import read_contract
from wavemod.engine.commands.adapter_init import adapter_file, import_specifier
from wavemod.engine.cli import app
from wavemod.engine.postgres.pgserver import scratch_database
from wavemod.engine.core.workspace import Workspace
from tests.conftest import ROOT, git, make_repo
from tests.test_e2e_example import _node_env, helpdesk_modules  # noqa: F401 (a fixture: the example's packages)

TSCONFIG = """{
  "compilerOptions": {
    "target": "es2017",
    "lib": ["dom", "dom.iterable", "esnext"],
    "strict": true,
    "noEmit": true,
    "esModuleInterop": true,
    "module": "esnext",
    "moduleResolution": "bundler",
    "resolveJsonModule": true,
    "isolatedModules": true,
    "skipLibCheck": true,
    "types": ["node"],
    "paths": { "@/*": ["./src/*"] }
  },
  "include": ["**/*.ts"],
  "exclude": ["node_modules"]
}
"""

PACKAGE = {
    "name": "notes",
    "private": True,
    "dependencies": {"better-sqlite3": "^11.7.0", "pg": "^8.13.1"},
    "devDependencies": {"@types/better-sqlite3": "^7.6.12", "@types/node": "^20.17.10", "@types/pg": "^8.11.10", "tsx": "^4.19.2", "typescript": "^5.7.2"},
}

# The connection module as apps write it: a lazily opened singleton behind a factory.
CONNECTION_FACTORY = """import Database from 'better-sqlite3';
import path from 'path';

let db: Database.Database | null = null;

export function getDatabase(): Database.Database {
  if (!db) {
    db = new Database(process.env.NOTES_DB ?? path.join(process.cwd(), 'notes.db'));
    db.pragma('journal_mode = WAL');
  }
  return db;
}

export function closeDatabase(): void {
  db?.close();
  db = null;
}
"""

# The other common shape: the module opens the database on import and exports it.
CONNECTION_DEFAULT = """import Database from 'better-sqlite3';

const db = new Database(process.env.NOTES_DB ?? 'notes.db');
db.pragma('foreign_keys = ON');

export default db;
"""

# A default-exported factory.
CONNECTION_DEFAULT_FACTORY = """import Database from 'better-sqlite3';

let db: Database.Database | undefined;

export default function openDatabase(): Database.Database {
  db ??= new Database(process.env.NOTES_DB ?? 'notes.db');
  return db;
}
"""

CONNECTIONS = {
    "factory": (CONNECTION_FACTORY, "getDatabase()"),
    "default-instance": (CONNECTION_DEFAULT, "default"),
    "default-factory": (CONNECTION_DEFAULT_FACTORY, "default()"),
}

# The application code not migrated yet (the connection's usual caller).
NOTES = """import { getDatabase } from '@/lib/db';

export function countNotes(): number {
  return (getDatabase().prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;
}
"""

EXERCISE = """import {
  closeAdapter,
  dialect,
  executeQuery,
  executeQueryOne,
  executeRun,
  executeScript,
  executeTransaction,
  type TxHandle,
} from '@/lib/db/adapter';
import * as connection from '@/lib/db';

const SCHEMA = {
  sqlite: `DROP TABLE IF EXISTS notes;
    CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, created TEXT);`,
  postgres: `DROP TABLE IF EXISTS notes;
    CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL, done BOOLEAN NOT NULL DEFAULT FALSE, created TEXT);`,
};

// The application's own handle, to show that the adapter shares it (SQLite only).
function appHandle(): { inTransaction: boolean } {
  const mod = connection as unknown as Record<string, unknown>;
  const exported = mod.getDatabase ?? mod.default;
  return (typeof exported === 'function' ? exported() : exported) as { inTransaction: boolean };
}

async function insert(tx: TxHandle, title: string): Promise<number | bigint | undefined> {
  return (await tx.executeRun('INSERT INTO notes (title) VALUES (?) RETURNING id', [title])).lastInsertRowid;
}

async function main(): Promise<void> {
  const sqlite = dialect() === 'sqlite';
  await executeScript(SCHEMA[dialect()]);
  const first = await executeRun('INSERT INTO notes (title, done, created) VALUES (?, ?, ?) RETURNING id', ['first?', true, new Date(0)]);
  const second = await executeRun('INSERT INTO notes (title) VALUES (?) RETURNING id', ["it's -- not a comment"]);
  const committed = await executeTransaction(async (tx) => {
    const id = await insert(tx, 'in a transaction');
    const seen = await tx.executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM notes');
    return { id, seen: seen?.n, shared: sqlite ? appHandle().inTransaction : null };
  });
  let rolledBack = '';
  try {
    await executeTransaction(async (tx) => {
      await insert(tx, 'rolled back');
      throw new Error('undo');
    });
  } catch (error) {
    rolledBack = (error as Error).message;
  }
  const updated = await executeRun('UPDATE notes SET done = ? WHERE id > ?', [false, 0]);
  // RETURNING rows, not the connection's last insert (3): better-sqlite3 reports that one from run().
  const returned = await executeRun('UPDATE notes SET done = done WHERE id = ? RETURNING id', [first.lastInsertRowid]);
  const rows = await executeQuery<{ title: string }>("SELECT title FROM notes WHERE title <> '?' ORDER BY id");
  const count = await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n /* how many? */ FROM notes WHERE title LIKE ?', ['%']);
  const missing = await executeQueryOne('SELECT * FROM notes WHERE id = ?', [999]);
  const stored = await executeQueryOne<{ done: unknown; created: string | null }>('SELECT done, created FROM notes WHERE id = ?', [first.lastInsertRowid]);
  const plain = await executeRun('DELETE FROM notes WHERE title = ?', ['nothing']);
  // A transaction started inside another (by a helper that has its own) is a savepoint, and module
  // helpers called inside the callback run in the transaction.
  const nested = await executeTransaction(async (tx) => {
    await insert(tx, 'outer');
    await executeTransaction(async (inner) => insert(inner, 'inner kept'));
    try {
      await executeTransaction(async (inner) => {
        await insert(inner, 'inner undone');
        throw new Error('inner');
      });
    } catch {
      // the outer transaction goes on
    }
    return (await executeQuery<{ title: string }>('SELECT title FROM notes WHERE title LIKE ? OR title LIKE ? ORDER BY id', ['outer', 'inner%'])).map((row) => row.title);
  });
  // A query from elsewhere while a transaction holds an uncommitted row never sees that row.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let started = (): void => undefined;
  const begun = new Promise<void>((resolve) => { started = resolve; });
  const holder = executeTransaction(async (tx) => {
    await insert(tx, 'uncommitted');
    started();
    await held;
    throw new Error('abandoned');
  }).catch((error: Error) => error.message);
  await begun;
  const outside = executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM notes WHERE title = ?', ['uncommitted']);
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  const isolation = { outside: (await outside)?.n, holder: await holder };
  // A test double of the statements, the way tests stub them (`vi.spyOn(db, 'prepare')
  // .mockReturnValue({ run: vi.fn() } as any)`): run() returns undefined, which the code calling
  // `.run(...)` ignored; the adapter reports no change instead of throwing.
  let double: unknown = null;
  if (sqlite) {
    const handle = appHandle() as unknown as { prepare: unknown };
    const prepare = handle.prepare;
    handle.prepare = () => ({ run: () => undefined });
    try {
      const stubbed = await executeRun('UPDATE notes SET done = ? WHERE id = ?', [true, 1]);
      double = [stubbed.changes, stubbed.lastInsertRowid === undefined];
    } finally {
      handle.prepare = prepare;
    }
  }
  console.log(JSON.stringify({
    dialect: dialect(),
    ids: [first.lastInsertRowid, second.lastInsertRowid, committed.id],
    seenInTransaction: committed.seen,
    shared: committed.shared,
    rolledBack,
    updated: updated.changes,
    returned: [returned.changes, returned.lastInsertRowid],
    titles: rows.map((row) => row.title),
    count: count?.n,
    countType: typeof count?.n,
    missing: missing === undefined,
    created: stored?.created,
    deleted: plain.changes,
    nested,
    isolation,
    double,
  }));
  await closeAdapter();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
"""


def _config(tmp: Path, connection_module: str = "@/lib/db") -> Path:
    """The bundled waves.toml and rules, with the target's connection module."""
    folder = tmp / "wavemod-config"
    shutil.copytree(ROOT / "rules", folder / "rules")
    text = (ROOT / "waves.toml").read_text().replace('connection_module = "@/lib/db/connection"', f'connection_module = "{connection_module}"')
    assert f'connection_module = "{connection_module}"' in text
    (folder / "waves.toml").write_text(text)
    return folder / "waves.toml"


def _target(path: Path, connection: str = CONNECTION_FACTORY, tsconfig: str = TSCONFIG) -> Path:
    return make_repo(path, {
        "package.json": json.dumps(PACKAGE, indent=2) + "\n",
        "tsconfig.json": tsconfig,
        "src/lib/db.ts": connection,
        "src/lib/db/schema.sql": "-- the app keeps its SQL here\n",
        "src/lib/notes.ts": (
            NOTES if "getDatabase" in connection
            else NOTES.replace("{ getDatabase }", "openDatabase").replace("getDatabase()", "openDatabase()") if "openDatabase" in connection
            else NOTES.replace("{ getDatabase }", "db").replace("getDatabase()", "db")
        ),
        "scripts/exercise.ts": EXERCISE,
        ".gitignore": "node_modules\n*.db*\n",
    })


def _init(repo: Path, config: Path, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["init", "adapter", "--repo", str(repo), "--config", str(config), *extra])


def _exercise(repo: Path, env: dict[str, str]) -> dict:
    result = subprocess.run(["node_modules/.bin/tsx", "scripts/exercise.ts"], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


EXPECTED = {
    "ids": [1, 2, 3],
    "seenInTransaction": 3,
    "rolledBack": "undo",
    "updated": 3,
    "returned": [1, 1],
    "titles": ["first?", "it's -- not a comment", "in a transaction"],
    "count": 3,
    "countType": "number",
    "missing": True,
    "deleted": 0,
    "nested": ["outer", "inner kept"],
    "isolation": {"outside": 0, "holder": "abandoned"},
}


@pytest.mark.parametrize("style", sorted(CONNECTIONS))
def test_adapter_type_checks_and_runs_on_sqlite_and_postgres(tmp_path: Path, helpdesk_modules: Path, postgres_url: str, style: str) -> None:  # noqa: F811
    connection, handle = CONNECTIONS[style]
    repo = _target(tmp_path / "notes", connection)
    (repo / "node_modules").symlink_to(helpdesk_modules)
    result = _init(repo, _config(tmp_path))
    assert result.exit_code == 0, result.output
    adapter = repo / "src/lib/db/adapter.ts"
    text = adapter.read_text()
    # The application's own connection, by a path that is not the `src/lib/db/` directory.
    assert "const connection = await import('../db');" in text and f"return connection.{handle};" in text
    assert "wavemod:" not in text
    assert f"wrote src/lib/db/adapter.ts: SQLite through src/lib/db.ts ({handle})" in result.output
    assert "npm install" not in result.output  # package.json declares pg and the types
    # The bundled waves.toml excludes lib/db/adapter.ts, not this layout's file.
    assert "note: add src/lib/db/adapter.ts to [project] exclude" in result.output

    tsc = subprocess.run(["node_modules/.bin/tsc", "--noEmit", "-p", "."], cwd=repo, env=_node_env(), capture_output=True, text=True, timeout=600)
    assert tsc.returncode == 0, tsc.stdout[-4000:]

    env = _node_env()
    for name in ("DATABASE_URL", "DB_TYPE"):
        env.pop(name, None)
    env["NOTES_DB"] = str(tmp_path / "notes.db")
    on_sqlite = _exercise(repo, env)
    assert on_sqlite == EXPECTED | {"dialect": "sqlite", "shared": True, "created": "1970-01-01T00:00:00.000Z", "double": [0, True]}
    if style != "factory":
        return  # the PostgreSQL backend does not depend on how the connection module exports
    with scratch_database(postgres_url, "initadapter") as url:
        for variables in ({"DATABASE_URL": url}, {"DATABASE_URL": url, "DB_TYPE": "postgresql"}):
            on_postgres = _exercise(repo, env | variables)
            # `created` is TEXT: pg sends a Date as local time with its offset, as pg always does.
            assert {k: v for k, v in on_postgres.items() if k != "created"} == EXPECTED | {"dialect": "postgres", "shared": None, "double": None}
        # A DATABASE_URL that is not PostgreSQL's (Prisma-style `file:`) leaves SQLite in charge.
        assert _exercise(repo, env | {"DATABASE_URL": "file:./notes.db"})["dialect"] == "sqlite"


def test_the_engine_reads_the_helpers_and_the_transaction_handle(tmp_path: Path) -> None:
    repo = _target(tmp_path / "notes")
    assert _init(repo, _config(tmp_path)).exit_code == 0
    workspace = Workspace.open(repo)
    resolver = workspace.resolver
    resolver = type(resolver)(resolver.files | {"src/lib/db/adapter.ts"}, resolver.base_url, resolver.paths)
    contract = read_contract("@/lib/db/adapter", resolver, lambda p: (repo / p).read_bytes() if (repo / p).is_file() else None, "executeTransaction")
    assert contract is not None and contract.path == "src/lib/db/adapter.ts"
    for helper in ("executeQuery", "executeQueryOne", "executeRun", "executeTransaction"):
        signature = contract.signature(helper)
        assert signature is not None and signature.max_args == (1 if helper == "executeTransaction" else 2), helper
    assert contract.signature("executeScript") is not None and contract.signature("executeScript").max_args == 1
    assert contract.handle_type == "TxHandle"
    assert contract.handle is not None and sorted(contract.handle) == ["executeQuery", "executeQueryOne", "executeRun", "executeScript"]
    assert contract.handle_member("run", "executeRun") == "executeRun" and contract.handle["executeRun"].takes_params


def test_refuses_to_replace_an_existing_adapter_without_force(tmp_path: Path) -> None:
    repo = _target(tmp_path / "notes")
    config = _config(tmp_path)
    mine = b"// the team's own adapter\r\nexport const keep = true\r\n"
    (repo / "src/lib/db/adapter.ts").write_bytes(mine)
    result = _init(repo, config)
    assert result.exit_code == 3
    assert "src/lib/db/adapter.ts: the adapter module @/lib/db/adapter already exists, not committed yet" in result.output
    assert "commit it: the waves read committed files only, or pass --force" in result.output
    assert (repo / "src/lib/db/adapter.ts").read_bytes() == mine
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "our adapter")
    result = _init(repo, config)
    assert result.exit_code == 3 and "already exists\nHint: keep it (the waves read its helpers from it), or pass --force" in result.output
    assert (repo / "src/lib/db/adapter.ts").read_bytes() == mine
    result = _init(repo, config, "--force")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("replaced src/lib/db/adapter.ts")
    assert "export async function executeTransaction<T>" in (repo / "src/lib/db/adapter.ts").read_text()


def test_a_connection_module_without_a_known_factory_is_an_error(tmp_path: Path) -> None:
    connection = "import Database from 'better-sqlite3';\n\nexport function openNotes(file: string): Database.Database {\n  return new Database(file);\n}\n\nexport const VERSION = 3;\n"
    repo = _target(tmp_path / "notes", connection)
    result = _init(repo, _config(tmp_path))
    assert result.exit_code == 2
    assert "src/lib/db.ts: the connection module @/lib/db exports no better-sqlite3 connection" in result.output
    assert "it exports: VERSION, openNotes" in result.output and "getDatabase" in result.output
    assert not (repo / "src/lib/db/adapter.ts").exists()
    # A connection module that does not exist at all names the setting.
    missing = _init(repo, _config(tmp_path / "other", "@/lib/database"))
    assert missing.exit_code == 2 and "the connection module @/lib/database does not exist in the target" in missing.output
    assert "connection_module" in missing.output and not (repo / "src/lib/db/adapter.ts").exists()


def test_an_adapter_module_tsconfig_cannot_map_is_an_error(tmp_path: Path) -> None:
    repo = _target(tmp_path / "notes", tsconfig=TSCONFIG.replace('"@/*": ["./src/*"]', '"~/*": ["./src/*"]'))
    result = _init(repo, _config(tmp_path, "~/lib/db"))
    assert result.exit_code == 2
    assert "the adapter module @/lib/db/adapter does not map to a file of the target" in result.output
    assert "tsconfig.json" in result.output and "adapter_module" in result.output
    assert not (repo / "@").exists() and not (repo / "src/lib/db/adapter.ts").exists()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout == ""


def test_missing_packages_are_printed_not_installed(tmp_path: Path) -> None:
    repo = _target(tmp_path / "notes")
    manifest = dict(PACKAGE, dependencies={"better-sqlite3": "^11.7.0"}, devDependencies={"typescript": "^5.7.2"})
    (repo / "package.json").write_text(json.dumps(manifest))
    (repo / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    result = _init(repo, _config(tmp_path))
    assert result.exit_code == 0, result.output
    assert "  pnpm add pg\n" in result.output and "  pnpm add -D @types/pg @types/better-sqlite3 @types/node\n" in result.output
    assert json.loads((repo / "package.json").read_text()) == manifest


@pytest.mark.parametrize(
    ("source", "target", "specifier"),
    [
        ("src/lib/db/adapter.ts", "src/lib/db.ts", "../db"),
        ("lib/db/adapter.ts", "lib/db/connection.ts", "./connection"),
        ("src/lib/db/adapter.ts", "src/lib/db/index.ts", "./index"),
        ("src/server/db/adapter.ts", "src/lib/connection.js", "../../lib/connection"),
    ],
)
def test_import_specifier(source: str, target: str, specifier: str) -> None:
    assert import_specifier(source, target) == specifier


@pytest.mark.parametrize(
    ("tsconfig", "module", "path"),
    [
        ('{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }', "@/lib/db/adapter", "src/lib/db/adapter.ts"),
        ('{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }', "@/lib/db/adapter.js", "src/lib/db/adapter.ts"),
        ('{ "compilerOptions": { "baseUrl": "src", "paths": { "#db": ["lib/database/async.ts"] } } }', "#db", "src/lib/database/async.ts"),
        ('{ "compilerOptions": { "baseUrl": "./src" } }', "lib/db/adapter", "src/lib/db/adapter.ts"),
        ('{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@/lib/db/*": ["./db/*"] } } }', "@/lib/db/adapter", "db/adapter.ts"),
        ("{}", "./lib/db/adapter", "lib/db/adapter.ts"),
        # An existing module is found the way imports resolve it, index file included.
        ('{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }', "@/lib/db", "src/lib/db/index.ts"),
    ],
)
def test_adapter_file_follows_tsconfig(tmp_path: Path, tsconfig: str, module: str, path: str) -> None:
    repo = make_repo(tmp_path / "app", {"tsconfig.json": tsconfig, "src/lib/db/index.ts": "export {}\n", "lib/db/connection.ts": "export {}\n"})
    assert adapter_file(module, Workspace.open(repo)) == path


def test_a_wave_runs_on_the_adapter_init_writes(tmp_path: Path) -> None:
    """The engine's own check of the adapter (helpers and transaction handle) passes on the
    written module once it is committed, and the wave's calls go to it."""
    from tests.test_apply import SMALL_FILES

    repo = make_repo(tmp_path / "app", {k: v for k, v in SMALL_FILES.items() if k != "lib/db/adapter.ts"})
    assert CliRunner().invoke(app, ["preview", "wave-1", "--repo", str(repo)]).exit_code == 2  # no adapter yet
    result = CliRunner().invoke(app, ["init", "adapter", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "wrote lib/db/adapter.ts: SQLite through lib/db/connection.ts (getDb())" in result.output
    assert "note:" not in result.output  # the bundled waves.toml excludes lib/db/adapter.ts
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "async adapter")
    preview = CliRunner().invoke(app, ["preview", "wave-1", "--repo", str(repo), "--json", "--jobs", "1"])
    assert preview.exit_code == 0, preview.output
    changes = {change["path"]: change for change in json.loads(preview.stdout)["files"]}
    assert "lib/db/adapter.ts" not in changes
    route = changes["app/api/auth/login/route.ts"]
    assert "+  const user = await executeQueryOne('SELECT * FROM users WHERE email = ?', ['a@b.c'])" in route["diff"]
