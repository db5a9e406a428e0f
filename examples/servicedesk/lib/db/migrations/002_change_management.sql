-- Change requests (ITIL change enablement) and their approvals.
CREATE TABLE IF NOT EXISTS change_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  title TEXT NOT NULL,
  description TEXT,
  risk TEXT NOT NULL DEFAULT 'medium',
  status TEXT NOT NULL DEFAULT 'draft',
  requested_by INTEGER NOT NULL REFERENCES users(id),
  asset_id INTEGER REFERENCES assets(id),
  planned_start DATETIME,
  planned_end DATETIME,
  implemented_at DATETIME,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS change_approvals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  change_id INTEGER NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
  approver_id INTEGER NOT NULL REFERENCES users(id),
  decision TEXT NOT NULL,
  comment TEXT,
  decided_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (change_id, approver_id)
);

ALTER TABLE tickets ADD COLUMN change_request_id INTEGER REFERENCES change_requests(id);
