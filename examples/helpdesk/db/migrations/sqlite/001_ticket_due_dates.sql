-- Due dates on tickets and per-priority response targets.
ALTER TABLE tickets ADD COLUMN due_at DATETIME;
ALTER TABLE tickets ADD COLUMN sla_breached INTEGER NOT NULL DEFAULT 0 CHECK (sla_breached IN (0, 1));

CREATE TABLE IF NOT EXISTS sla_policies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  priority TEXT NOT NULL,
  response_hours REAL NOT NULL,
  pause_on_pending INTEGER NOT NULL DEFAULT 1 CHECK (pause_on_pending IN (0, 1)),
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (organization_id, priority)
);

CREATE INDEX IF NOT EXISTS idx_tickets_open_due ON tickets(organization_id, due_at) WHERE resolved_at IS NULL;
