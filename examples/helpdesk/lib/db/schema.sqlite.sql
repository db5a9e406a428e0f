-- Helpdesk schema (SQLite)
-- Seed users all share the password 'password123'.

CREATE TABLE IF NOT EXISTS organizations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  plan TEXT NOT NULL DEFAULT 'standard',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user',
  is_active INTEGER NOT NULL DEFAULT 1,
  last_login_at DATETIME,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS categories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  color TEXT DEFAULT '#6b7280',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS statuses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  is_final INTEGER NOT NULL DEFAULT 0,
  sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open',
  priority TEXT NOT NULL DEFAULT 'medium',
  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
  assigned_to INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  resolved_at DATETIME,
  -- the knowledge-base article that resolved the ticket
  kb_article_id INTEGER REFERENCES kb_articles(id) ON DELETE SET NULL
);

CREATE INDEX IF NOT EXISTS idx_tickets_org_status ON tickets(organization_id, status);
CREATE INDEX IF NOT EXISTS idx_tickets_assigned ON tickets(assigned_to);

CREATE TABLE IF NOT EXISTS ticket_comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  content TEXT NOT NULL,
  is_internal INTEGER NOT NULL DEFAULT 0,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_comments_ticket ON ticket_comments(ticket_id);

CREATE TABLE IF NOT EXISTS kb_articles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  slug TEXT NOT NULL,
  content TEXT NOT NULL,
  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  is_published INTEGER NOT NULL DEFAULT 0,
  views INTEGER NOT NULL DEFAULT 0,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS cmdb_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS cmdb_relationships (
  parent_id INTEGER NOT NULL REFERENCES cmdb_items(id) ON DELETE CASCADE,
  child_id INTEGER NOT NULL REFERENCES cmdb_items(id) ON DELETE CASCADE,
  relationship_type TEXT NOT NULL DEFAULT 'depends_on',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (parent_id, child_id)
);

CREATE TABLE IF NOT EXISTS workflows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  trigger_type TEXT NOT NULL DEFAULT 'manual',
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS workflow_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  step_order INTEGER NOT NULL,
  name TEXT NOT NULL,
  action_type TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ticket_id INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  is_read INTEGER NOT NULL DEFAULT 0,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_notifications_user ON notifications(user_id, is_read);

CREATE TABLE IF NOT EXISTS user_settings (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT,
  updated_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE IF NOT EXISTS analytics_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS audit_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER,
  user_id INTEGER,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id INTEGER,
  details TEXT,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- ---------------------------------------------------------------------------
-- Seed data
-- ---------------------------------------------------------------------------

INSERT INTO organizations (id, name, slug, plan, created_at) VALUES
  (1, 'Acme Corporation', 'acme', 'enterprise', '2024-01-02 09:00:00'),
  (2, 'Globex Industries', 'globex', 'standard', '2024-02-10 09:00:00');

INSERT INTO users (id, organization_id, email, name, password_hash, role, is_active, created_at, updated_at) VALUES
  (1, 1, 'alice@acme.test', 'Alice Admin', '$2a$10$/Gwm867eBo14qISCAL5ia.Ez9WqIwkspqeQdpqfprok/QQBitcSiW', 'admin', 1, '2024-01-02 09:05:00', '2024-01-02 09:05:00'),
  (2, 1, 'bob@acme.test', 'Bob Agent', '$2a$10$/Gwm867eBo14qISCAL5ia.Ez9WqIwkspqeQdpqfprok/QQBitcSiW', 'agent', 1, '2024-01-03 10:00:00', '2024-01-03 10:00:00'),
  (3, 1, 'carol@acme.test', 'Carol Agent', '$2a$10$THOeXfLGU0pjTU27foTLGulajp2EL3VIBur5HGiS/9OLqr4DC2LKW', 'agent', 1, '2024-01-04 10:00:00', '2024-01-04 10:00:00'),
  (4, 1, 'dave@acme.test', 'Dave User', '$2a$10$THOeXfLGU0pjTU27foTLGulajp2EL3VIBur5HGiS/9OLqr4DC2LKW', 'user', 1, '2024-01-05 10:00:00', '2024-01-05 10:00:00'),
  (5, 2, 'erin@globex.test', 'Erin Admin', '$2a$10$/Gwm867eBo14qISCAL5ia.Ez9WqIwkspqeQdpqfprok/QQBitcSiW', 'admin', 1, '2024-02-10 09:30:00', '2024-02-10 09:30:00'),
  (6, 1, 'frank@acme.test', 'Frank Former', '$2a$10$THOeXfLGU0pjTU27foTLGulajp2EL3VIBur5HGiS/9OLqr4DC2LKW', 'user', 0, '2024-01-06 10:00:00', '2024-03-01 10:00:00');

INSERT INTO categories (id, organization_id, name, description, color) VALUES
  (1, 1, 'Hardware', 'Laptops, monitors, peripherals', '#ef4444'),
  (2, 1, 'Software', 'Installations, licences, bugs', '#3b82f6'),
  (3, 1, 'Network', 'VPN, Wi-Fi, connectivity', '#10b981'),
  (4, 1, 'Access', 'Accounts and permissions', '#f59e0b'),
  (5, 2, 'General', 'Everything else', '#6b7280');

INSERT INTO statuses (id, name, label, is_final, sort_order) VALUES
  (1, 'open', 'Open', 0, 1),
  (2, 'in_progress', 'In progress', 0, 2),
  (3, 'pending', 'Pending', 0, 3),
  (4, 'resolved', 'Resolved', 1, 4),
  (5, 'closed', 'Closed', 1, 5);

INSERT INTO tickets (id, organization_id, title, description, status, priority, category_id, assigned_to, created_by, created_at, updated_at, resolved_at) VALUES
  (1, 1, 'Laptop does not boot', 'Black screen after the BIOS logo.', 'open', 'high', 1, 2, 4, '2024-05-01 08:30:00', '2024-05-01 08:30:00', NULL),
  (2, 1, 'VPN disconnects every hour', 'The VPN client drops the tunnel roughly every 60 minutes.', 'in_progress', 'medium', 3, 3, 4, '2024-05-02 09:15:00', '2024-05-03 11:00:00', NULL),
  (3, 1, 'Request access to finance share', 'Need read access to the finance share on fs01.', 'pending', 'low', 4, 2, 4, '2024-05-03 14:00:00', '2024-05-04 10:00:00', NULL),
  (4, 1, 'Outlook crashes on start', 'Outlook closes immediately after the splash screen.', 'resolved', 'high', 2, 3, 4, '2024-05-04 10:00:00', '2024-05-05 16:00:00', '2024-05-05 16:00:00'),
  (5, 1, 'Printer on floor 3 jams', 'Paper jam warning even when empty.', 'closed', 'low', 1, 2, 1, '2024-05-05 11:20:00', '2024-05-07 11:20:00', '2024-05-07 11:20:00'),
  (6, 1, 'Wi-Fi slow in meeting room B', 'Speed tests show under 2 Mbps.', 'open', 'medium', 3, NULL, 4, '2024-05-06 13:45:00', '2024-05-06 13:45:00', NULL),
  (7, 1, 'Install Visual Studio Code', 'Please install VS Code on workstation WS-112.', 'in_progress', 'low', 2, 3, 4, '2024-05-07 09:00:00', '2024-05-07 10:30:00', NULL),
  (8, 1, 'Production database alert', 'Disk usage above 90 percent on db-prod-01.', 'open', 'critical', 2, 2, 1, '2024-05-08 07:10:00', '2024-05-08 07:10:00', NULL),
  (9, 2, 'Email signature template', 'New corporate signature must be rolled out.', 'open', 'low', 5, NULL, 5, '2024-05-02 12:00:00', '2024-05-02 12:00:00', NULL),
  (10, 2, 'New hire onboarding', 'Prepare accounts for two new hires.', 'resolved', 'medium', 5, 5, 5, '2024-05-03 08:00:00', '2024-05-04 08:00:00', '2024-05-04 08:00:00');

INSERT INTO ticket_comments (id, ticket_id, user_id, content, is_internal, created_at) VALUES
  (1, 1, 2, 'Can you try holding the power button for 30 seconds?', 0, '2024-05-01 09:00:00'),
  (2, 1, 4, 'Tried it, still black.', 0, '2024-05-01 09:20:00'),
  (3, 2, 3, 'Collected client logs, looks like a DPD timeout.', 1, '2024-05-02 10:00:00'),
  (4, 4, 3, 'Repaired the Office installation, please confirm.', 0, '2024-05-05 15:30:00'),
  (5, 8, 2, 'Rotated logs, usage down to 70 percent.', 1, '2024-05-08 08:00:00');

INSERT INTO kb_articles (id, organization_id, title, slug, content, category_id, author_id, is_published, views, created_at, updated_at) VALUES
  (1, 1, 'How to reset your password', 'reset-password', 'Open the self-service portal and choose Forgot password.', 4, 1, 1, 42, '2024-03-01 09:00:00', '2024-03-01 09:00:00'),
  (2, 1, 'Connecting to the VPN', 'connect-vpn', 'Install the VPN client, then sign in with your company account.', 3, 2, 1, 17, '2024-03-05 09:00:00', '2024-03-05 09:00:00'),
  (3, 1, 'Printer troubleshooting', 'printer-troubleshooting', 'Check the paper tray and power-cycle the printer.', 1, 2, 0, 0, '2024-03-10 09:00:00', '2024-03-10 09:00:00'),
  (4, 2, 'Email signature guide', 'email-signature', 'Use the template in the shared drive.', 5, 5, 1, 5, '2024-03-12 09:00:00', '2024-03-12 09:00:00');

INSERT INTO cmdb_items (id, organization_id, name, type, status, owner_id, attributes, created_at, updated_at) VALUES
  (1, 1, 'db-prod-01', 'server', 'active', 2, '{"os":"Ubuntu 22.04","cpu":16,"ram_gb":64}', '2024-01-10 09:00:00', '2024-01-10 09:00:00'),
  (2, 1, 'app-prod-01', 'server', 'active', 2, '{"os":"Ubuntu 22.04","cpu":8,"ram_gb":32}', '2024-01-10 09:00:00', '2024-01-10 09:00:00'),
  (3, 1, 'Customer Portal', 'application', 'active', 3, '{"url":"https://portal.acme.test"}', '2024-01-11 09:00:00', '2024-01-11 09:00:00'),
  (4, 1, 'core-switch-01', 'network', 'active', 3, '{"ports":48}', '2024-01-12 09:00:00', '2024-01-12 09:00:00'),
  (5, 2, 'mail-01', 'server', 'maintenance', 5, '{"os":"Windows Server 2019"}', '2024-02-11 09:00:00', '2024-02-11 09:00:00');

INSERT INTO cmdb_relationships (parent_id, child_id, relationship_type) VALUES
  (3, 2, 'runs_on'),
  (2, 1, 'depends_on'),
  (2, 4, 'connected_to');

INSERT INTO workflows (id, organization_id, name, trigger_type, is_active, created_at) VALUES
  (1, 1, 'Critical incident escalation', 'ticket_created', 1, '2024-02-01 09:00:00'),
  (2, 1, 'Access request approval', 'manual', 1, '2024-02-02 09:00:00'),
  (3, 2, 'Onboarding checklist', 'manual', 0, '2024-02-15 09:00:00');

INSERT INTO workflow_steps (id, workflow_id, step_order, name, action_type, config) VALUES
  (1, 1, 1, 'Assign to on-call agent', 'assign', '{"user_id":2}'),
  (2, 1, 2, 'Move to in progress', 'set_status', '{"status":"in_progress"}'),
  (3, 1, 3, 'Notify admin', 'notify', '{"user_id":1,"title":"Critical incident escalated"}'),
  (4, 2, 1, 'Set pending approval', 'set_status', '{"status":"pending"}'),
  (5, 2, 2, 'Notify approver', 'notify', '{"user_id":1,"title":"Access request awaiting approval"}'),
  (6, 3, 1, 'Create accounts', 'comment', '{"content":"Accounts created"}');

INSERT INTO notifications (id, user_id, ticket_id, type, title, message, is_read, created_at) VALUES
  (1, 2, 1, 'ticket_assigned', 'Ticket #1 assigned to you', 'Laptop does not boot', 0, '2024-05-01 08:31:00'),
  (2, 2, 8, 'ticket_assigned', 'Ticket #8 assigned to you', 'Production database alert', 0, '2024-05-08 07:11:00'),
  (3, 2, 5, 'ticket_closed', 'Ticket #5 closed', 'Printer on floor 3 jams', 1, '2024-05-07 11:21:00'),
  (4, 3, 2, 'ticket_assigned', 'Ticket #2 assigned to you', 'VPN disconnects every hour', 0, '2024-05-02 09:16:00'),
  (5, 4, 4, 'ticket_resolved', 'Ticket #4 resolved', 'Outlook crashes on start', 0, '2024-05-05 16:01:00');

INSERT INTO user_settings (user_id, key, value) VALUES
  (1, 'theme', 'dark'),
  (2, 'email_notifications', 'true'),
  (4, 'language', 'en');

INSERT INTO analytics_events (id, organization_id, user_id, event_type, payload, created_at) VALUES
  (1, 1, 4, 'ticket_created', '{"ticket_id":1,"priority":"high","channel":"portal"}', '2024-05-01 08:30:00'),
  (2, 1, 4, 'ticket_created', '{"ticket_id":2,"priority":"medium","channel":"email"}', '2024-05-02 09:15:00'),
  (3, 1, 1, 'kb_article_viewed', '{"article_id":1,"channel":"portal"}', '2024-05-02 10:00:00'),
  (4, 1, 4, 'ticket_created', '{"ticket_id":3,"priority":"low","channel":"portal"}', '2024-05-03 14:00:00'),
  (5, 1, 3, 'ticket_resolved', '{"ticket_id":4,"priority":"high","channel":"portal"}', '2024-05-05 16:00:00'),
  (6, 2, 5, 'ticket_created', '{"ticket_id":9,"priority":"low","channel":"email"}', '2024-05-02 12:00:00');

INSERT INTO audit_logs (id, organization_id, user_id, action, entity_type, entity_id, details, created_at) VALUES
  (1, 1, 1, 'create', 'workflow', 1, '{"name":"Critical incident escalation"}', '2024-02-01 09:00:00'),
  (2, 1, 3, 'update', 'ticket', 4, '{"status":"resolved"}', '2024-05-05 16:00:00');
