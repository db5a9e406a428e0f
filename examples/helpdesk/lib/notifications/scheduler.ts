import db from '../db/connection';
import { notifyMany, deleteOldNotifications, type NewNotification } from './notification-service';

const FIVE_MINUTES = 5 * 60 * 1000;

/** Open high/critical tickets untouched for more than `hours`. */
export function findStaleTickets(hours = 4): Array<{ id: number; title: string; assigned_to: number | null; organization_id: number }> {
  return db
    .prepare(
      `SELECT id, title, assigned_to, organization_id FROM tickets
       WHERE status IN ('open', 'in_progress') AND priority IN ('high', 'critical')
         AND updated_at < datetime('now', ?)`
    )
    .all(`-${hours} hours`) as Array<{ id: number; title: string; assigned_to: number | null; organization_id: number }>;
}

export function sendStaleTicketReminders(): number {
  const stale = findStaleTickets();
  const reminders: NewNotification[] = stale
    .filter((t) => t.assigned_to !== null)
    .map((t) => ({
      userId: t.assigned_to as number,
      ticketId: t.id,
      type: 'reminder',
      title: `Ticket #${t.id} needs attention`,
      message: t.title,
    }));
  return reminders.length > 0 ? notifyMany(reminders) : 0;
}

let timer: NodeJS.Timeout | null = null;

export function startNotificationScheduler(intervalMs = FIVE_MINUTES): void {
  if (timer) return;
  timer = setInterval(() => {
    try {
      const sent = sendStaleTicketReminders();
      const purged = deleteOldNotifications();
      if (sent || purged) console.log(`[scheduler] reminders=${sent} purged=${purged}`);
    } catch (error) {
      console.error('[scheduler] run failed', error);
    }
  }, intervalMs);
  timer.unref();
}

export function stopNotificationScheduler(): void {
  if (timer) clearInterval(timer);
  timer = null;
}
