/**
 * Seed data shared by the SQLite and PostgreSQL test databases, as SQL both accept: no explicit
 * ids (rows get 1, 2, 3... in insertion order on both), TRUE/FALSE for booleans, timestamps as
 * 'YYYY-MM-DD HH:MM:SS' strings computed relative to now (UTC, like SQLite's datetime('now')).
 */

export const SEED_PASSWORD = 'password123'
const HASH = '$2a$10$UEiqc2yUG6kusTkVHsawRO4N7mhLSBqtx7jU4L9sdfLix4UUWtBjq' // bcrypt('password123')

const HOUR = 3600_000
const DAY = 24 * HOUR

/** A timestamp `offsetMs` from now, in SQLite's text format. */
export function ts(offsetMs: number): string {
  return new Date(Date.now() + offsetMs).toISOString().replace('T', ' ').slice(0, 19)
}

const q = (value: string | null) => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`)

export function seedSql(): string {
  const lines: string[] = []
  const add = (sql: string) => lines.push(sql.trim().replace(/\s+/g, ' ') + ';')

  add(`INSERT INTO organizations (name, slug, settings) VALUES
    ('Northwind IT', 'northwind', '{"emailDomain":"northwind.test"}'),
    ('Contoso', 'contoso', '{"emailDomain":"contoso.test"}')`)

  add(`INSERT INTO users (organization_id, email, name, password_hash, role, team, is_active) VALUES
    (1, 'ada@northwind.test', 'Ada Admin', '${HASH}', 'admin', 'Infrastructure', TRUE),
    (1, 'ben@northwind.test', 'Ben Agent', '${HASH}', 'agent', 'Infrastructure', TRUE),
    (1, 'cleo@northwind.test', 'Cleo Agent', '${HASH}', 'agent', 'Workplace', TRUE),
    (1, 'dan@northwind.test', 'Dan User', '${HASH}', 'user', NULL, TRUE),
    (1, 'eve@northwind.test', 'Eve Former', '${HASH}', 'user', NULL, FALSE),
    (2, 'fay@contoso.test', 'Fay Admin', '${HASH}', 'admin', 'Web', TRUE),
    (2, 'gus@contoso.test', 'Gus User', '${HASH}', 'user', NULL, TRUE)`)

  const permissions: Record<string, string[]> = {
    admin: ['analytics:view', 'changes:approve', 'cmdb:write', 'knowledge:publish', 'tickets:assign', 'tickets:delete', 'tickets:read_all', 'tickets:update', 'workflows:manage'],
    agent: ['analytics:view', 'cmdb:write', 'tickets:assign', 'tickets:read_all', 'tickets:update'],
  }
  add(
    'INSERT INTO role_permissions (role, permission) VALUES ' +
      Object.entries(permissions)
        .flatMap(([role, perms]) => perms.map((p) => `(${q(role)}, ${q(p)})`))
        .join(', ')
  )

  add(`INSERT INTO categories (organization_id, name, description) VALUES
    (1, 'Network', 'VPN, Wi-Fi, firewall'),
    (1, 'Hardware', 'Laptops, printers, monitors'),
    (1, 'Software', 'Business applications'),
    (1, 'Access', 'Accounts and permissions'),
    (2, 'General', NULL)`)

  add(`INSERT INTO assets (organization_id, name, asset_tag, ci_type, status, criticality, owner_id, attributes) VALUES
    (1, 'Core database', 'DB-001', 'database', 'active', 'critical', 1, '{"environment":"production","engine":"postgres"}'),
    (1, 'CRM', 'APP-001', 'application', 'active', 'high', 2, '{"environment":"production"}'),
    (1, 'VPN gateway', 'NET-001', 'network', 'active', 'critical', 2, '{"environment":"production"}'),
    (1, 'HR portal', 'APP-002', 'application', 'active', 'medium', 3, '{"environment":"staging"}'),
    (1, 'Dan''s laptop', 'LAP-042', 'laptop', 'active', 'low', 4, '{"environment":"office"}'),
    (2, 'Contoso website', 'WEB-001', 'application', 'active', 'high', 6, '{"environment":"production"}')`)

  add(`INSERT INTO asset_relationships (parent_id, child_id, relationship_type) VALUES
    (2, 1, 'depends_on'),
    (4, 2, 'depends_on')`)

  add(`INSERT INTO sla_policies (organization_id, name, priority, response_minutes, resolution_minutes, is_active) VALUES
    (1, 'Critical', 'critical', 15, 240, TRUE),
    (1, 'High', 'high', 60, 480, TRUE),
    (1, 'Medium', 'medium', 240, 1440, TRUE),
    (1, 'Low', 'low', 480, 4320, TRUE)`)

  type T = [string, string, string, string, number, number, number | null, number | null, number, number | null, number | null, number | null, number | null, number | null]
  // title, type, status, priority, category, requester, assignee, asset, created, due, first response, resolved, closed (offsets in ms), satisfaction
  const tickets: T[] = [
    ['VPN drops every 10 minutes', 'incident', 'open', 'high', 1, 4, 2, 3, -2 * DAY, -1 * DAY, -2 * DAY + HOUR, null, null, null],
    ['Laptop screen flickering', 'incident', 'new', 'low', 2, 4, null, 5, -1 * DAY, 2 * DAY, null, null, null, null],
    ['CRM is very slow', 'incident', 'in_progress', 'critical', 3, 3, 2, 2, -3 * HOUR, 1 * HOUR, -2 * HOUR, null, null, null],
    ['Access to finance share', 'service_request', 'resolved', 'medium', 4, 4, 3, null, -5 * DAY, -4 * DAY, -5 * DAY + HOUR, -4 * DAY - 6 * HOUR, null, 4.5],
    ['Printer jam on 3rd floor', 'incident', 'closed', 'medium', 2, 4, 3, null, -10 * DAY, -9 * DAY, -10 * DAY + HOUR, -9 * DAY - 2 * HOUR, -8 * DAY, 3],
    ['Database backup job failed', 'incident', 'resolved', 'high', 3, 1, 2, 1, -6 * DAY, -6 * DAY + 8 * HOUR, -6 * DAY + HOUR, -5 * DAY, null, 2],
  ]
  const rows = tickets.map(
    ([title, type, status, priority, category, requester, assignee, asset, created, due, firstResponse, resolved, closed, score]) =>
      `(1, ${q(title)}, ${q(`${title} (reported by user)`)}, ${q(type)}, ${q(status)}, ${q(priority)}, ${category}, ${requester}, ${assignee ?? 'NULL'}, ${asset ?? 'NULL'}, ` +
      `${q(due === null ? null : ts(due))}, ${q(firstResponse === null ? null : ts(firstResponse))}, ${q(resolved === null ? null : ts(resolved))}, ${q(closed === null ? null : ts(closed))}, ${score ?? 'NULL'}, ${q(ts(created))}, ${q(ts(created))})`
  )
  rows.push(`(2, 'Website down', 'Contoso website returns 502', 'incident', 'open', 'critical', 5, 7, 6, 6, ${q(ts(2 * HOUR))}, NULL, NULL, NULL, NULL, ${q(ts(-DAY))}, ${q(ts(-DAY))})`)
  add(
    `INSERT INTO tickets (organization_id, title, description, ticket_type, status, priority, category_id, requester_id, assignee_id, asset_id,
      sla_due_at, first_response_at, resolved_at, closed_at, satisfaction_score, created_at, updated_at) VALUES ` + rows.join(', ')
  )

  add(`INSERT INTO ticket_comments (ticket_id, author_id, body, is_internal, created_at) VALUES
    (1, 2, 'Checking the VPN gateway logs.', FALSE, ${q(ts(-2 * DAY + HOUR))}),
    (1, 2, 'Looks like the firmware bug from last month.', TRUE, ${q(ts(-2 * DAY + 2 * HOUR))}),
    (1, 4, 'Still happening this morning.', FALSE, ${q(ts(-3 * HOUR))}),
    (3, 2, 'Investigating slow queries on the core database.', FALSE, ${q(ts(-2 * HOUR))}),
    (4, 3, 'Access granted, please log out and in again.', FALSE, ${q(ts(-4 * DAY - 6 * HOUR))})`)

  add(`INSERT INTO tags (name) VALUES ('vpn'), ('network'), ('hardware'), ('database')`)
  add(`INSERT INTO ticket_tags (ticket_id, tag_id) VALUES (1, 1), (1, 2), (2, 3), (6, 4)`)

  add(`INSERT INTO knowledge_articles (organization_id, title, body, category_id, author_id, status, view_count) VALUES
    (1, 'How to reset your VPN client', 'Open the VPN client, choose Settings, then Reset profile. Reconnect with your SSO account.', 1, 2, 'published', 42),
    (1, 'Requesting access to shared drives', 'Raise a service request in the Access category naming the share and your manager.', 4, 3, 'published', 17),
    (1, 'Printer troubleshooting', 'Check the paper tray, then power-cycle the printer. For jams open door B.', 2, 2, 'published', 8),
    (1, 'CRM performance runbook', 'Draft: check the slow query log on the core database first.', 3, 2, 'draft', 0),
    (2, 'Contoso VPN guide', 'Contoso uses the VPN client from the company portal.', 5, 6, 'published', 5)`)
  add(`INSERT INTO article_tags (article_id, tag) VALUES
    (1, 'vpn'), (1, 'network'), (2, 'access'), (3, 'printer'), (3, 'hardware'), (4, 'crm'), (5, 'vpn')`)

  add(`INSERT INTO workflows (organization_id, name, trigger_event, conditions, is_active, created_by) VALUES
    (1, 'Escalate critical incidents', 'ticket.created', '{"priority":"critical"}', TRUE, 1),
    (1, 'Tag network tickets', 'ticket.created', '{"category_id":"1"}', TRUE, 1),
    (1, 'Auto-close resolved tickets', 'ticket.updated', '{"status":"resolved"}', FALSE, 1)`)
  add(`INSERT INTO workflow_steps (workflow_id, step_order, action_type, config) VALUES
    (1, 1, 'assign', '{"user_id":2}'),
    (1, 2, 'notify', '{"user_id":1,"message":"Critical ticket raised"}'),
    (2, 1, 'add_tag', '{"tag":"network"}'),
    (3, 1, 'set_status', '{"status":"closed"}')`)

  add(`INSERT INTO notifications (user_id, type, title, body, ticket_id, is_read, created_at) VALUES
    (2, 'ticket.assigned', 'Ticket #1 assigned to you', 'VPN drops every 10 minutes', 1, FALSE, ${q(ts(-2 * DAY))}),
    (2, 'ticket.assigned', 'Ticket #3 assigned to you', 'CRM is very slow', 3, FALSE, ${q(ts(-3 * HOUR))}),
    (4, 'ticket.commented', 'New reply on #1', 'Checking the VPN gateway logs.', 1, TRUE, ${q(ts(-2 * DAY + HOUR))})`)
  add(`INSERT INTO notification_preferences (user_id, event_type, channel, enabled) VALUES (3, 'ticket.assigned', 'in_app', FALSE)`)

  add(`INSERT INTO change_requests (organization_id, title, description, risk, status, requested_by, asset_id, planned_start, planned_end) VALUES
    (1, 'Upgrade VPN gateway firmware', 'Fixes the disconnect bug', 'high', 'pending_approval', 2, 3, ${q(ts(3 * DAY))}, ${q(ts(3 * DAY + 2 * HOUR))}),
    (1, 'Add index to CRM database', NULL, 'medium', 'pending_approval', 3, 1, ${q(ts(2 * DAY))}, ${q(ts(2 * DAY + HOUR))}),
    (1, 'Rotate TLS certificates', NULL, 'low', 'approved', 2, NULL, ${q(ts(5 * DAY))}, ${q(ts(5 * DAY + HOUR))})`)
  add(`INSERT INTO change_approvals (change_id, approver_id, decision, comment) VALUES (1, 1, 'approved', 'OK for the weekend window')`)

  add(`INSERT INTO oncall_schedules (organization_id, name, team, rotation_days, starts_on) VALUES
    (1, 'Infrastructure primary', 'Infrastructure', 7, '2025-01-06')`)
  add(`INSERT INTO oncall_members (schedule_id, user_id, position) VALUES (1, 2, 1), (1, 1, 2)`)

  return lines.join('\n')
}
