import db from './connection';

interface Migration {
  id: number;
  name: string;
  sql: string;
}

const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'ticket_search_indexes',
    sql: `
      CREATE INDEX IF NOT EXISTS idx_tickets_created_at ON tickets(created_at);
      CREATE INDEX IF NOT EXISTS idx_tickets_priority ON tickets(organization_id, priority);
    `,
  },
  {
    id: 2,
    name: 'analytics_event_indexes',
    sql: `
      CREATE INDEX IF NOT EXISTS idx_events_org_type ON analytics_events(organization_id, event_type);
      CREATE INDEX IF NOT EXISTS idx_events_created ON analytics_events(created_at);
    `,
  },
  {
    id: 3,
    name: 'kb_slug_index',
    sql: `CREATE INDEX IF NOT EXISTS idx_kb_slug ON kb_articles(organization_id, slug);`,
  },
];

export function runMigrations(): string[] {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at DATETIME DEFAULT CURRENT_TIMESTAMP
    );
  `);
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
  const record = db.prepare('INSERT INTO schema_migrations (id, name) VALUES (?, ?)');
  const ran: string[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name);
    })();
    ran.push(migration.name);
  }
  return ran;
}
