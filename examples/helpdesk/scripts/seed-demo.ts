/**
 * Adds a batch of demo tickets and comments on top of the seed data.
 *   SQLITE_PATH=./data/demo.db npx tsx scripts/seed-demo.ts
 */
import db from '../lib/db/connection';
import { runMigrations } from '../lib/db/migrations';
import { notifyMany } from '../lib/notifications/notification-service';
import { userQueries, categoryQueries } from '../lib/db/queries';

const ORG_ID = 1;
const TITLES = [
  'Monitor flickers intermittently',
  'Cannot access shared calendar',
  'Keyboard missing keys',
  'Password expired while on leave',
  'Slow file transfers to NAS',
  'Teams audio echo in calls',
];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];

export function seedDemo(): void {
  const agents = userQueries.listAgents(ORG_ID);
  const categories = categoryQueries.list(ORG_ID);
  const requester = db.prepare("SELECT id FROM users WHERE organization_id = ? AND role = 'user' AND is_active = 1 LIMIT 1").get(ORG_ID) as {
    id: number;
  };

  const insertTicket = db.prepare(
    `INSERT INTO tickets (organization_id, title, description, status, priority, category_id, assigned_to, created_by, created_at)
     VALUES (?, ?, ?, 'open', ?, ?, ?, ?, datetime('now', ?))`
  );
  const insertComment = db.prepare('INSERT INTO ticket_comments (ticket_id, user_id, content) VALUES (?, ?, ?)');

  const seedAll = db.transaction(() => {
    const created: number[] = [];
    TITLES.forEach((title, i) => {
      const agent = agents[i % agents.length];
      const category = categories[i % categories.length];
      const info = insertTicket.run(
        ORG_ID,
        title,
        `${title} (demo data)`,
        PRIORITIES[i % PRIORITIES.length],
        category?.id ?? null,
        agent?.id ?? null,
        requester.id,
        `-${i} days`
      );
      const ticketId = Number(info.lastInsertRowid);
      insertComment.run(ticketId, requester.id, 'Any update on this?');
      created.push(ticketId);
    });
    return created;
  });

  const ids = seedAll();
  const notified = notifyMany(
    ids.map((ticketId, i) => ({
      userId: agents[i % agents.length].id,
      ticketId,
      type: 'ticket_assigned',
      title: `Ticket #${ticketId} assigned to you`,
    }))
  );

  const total = (db.prepare('SELECT COUNT(*) AS count FROM tickets').get() as { count: number }).count;
  console.log(`Seeded ${ids.length} demo tickets (${notified} notifications). Tickets in database: ${total}`);
}

runMigrations();
seedDemo();
