import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

const SCHEMA_FILE = path.join(__dirname, 'schema.sqlite.sql');
const MIGRATIONS_DIR = path.join(__dirname, '..', '..', 'db', 'migrations', 'sqlite');

function resolveDatabasePath(): string {
  return process.env.SQLITE_PATH ?? path.join(process.cwd(), 'data', 'helpdesk.db');
}

let instance: Database.Database | null = null;

function openDatabase(): Database.Database {
  const file = resolveDatabasePath();
  const inMemory = file === ':memory:';
  const isNew = inMemory || !fs.existsSync(file);

  if (!inMemory) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  const connection = new Database(file);
  if (!inMemory) {
    connection.pragma('journal_mode = WAL');
  }
  connection.pragma('foreign_keys = ON');

  if (isNew) {
    connection.exec(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  }
  applyMigrations(connection);
  return connection;
}

/** Runs the SQL files of db/migrations/sqlite not yet applied, in file-name order. */
export function applyMigrations(connection: Database.Database): string[] {
  connection.exec(
    'CREATE TABLE IF NOT EXISTS applied_migrations (name TEXT PRIMARY KEY, applied_at DATETIME DEFAULT CURRENT_TIMESTAMP)'
  );
  const done = new Set(
    (connection.prepare('SELECT name FROM applied_migrations').all() as Array<{ name: string }>).map((r) => r.name)
  );
  const files = fs.existsSync(MIGRATIONS_DIR) ? fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort() : [];
  const ran: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    connection.transaction(() => {
      connection.exec(fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      connection.prepare('INSERT INTO applied_migrations (name) VALUES (?)').run(file);
    })();
    ran.push(file);
  }
  return ran;
}

export function getDb(): Database.Database {
  if (!instance) {
    instance = openDatabase();
  }
  return instance;
}

export function getDatabase(): Database.Database {
  return getDb();
}

export function getConnection(): Database.Database {
  return getDb();
}

export function closeDb(): void {
  if (instance) {
    instance.close();
    instance = null;
  }
}

const db = getDb();

export default db;
