import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

const SCHEMA_FILE = path.join(__dirname, 'schema.sqlite.sql');

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
  return connection;
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
