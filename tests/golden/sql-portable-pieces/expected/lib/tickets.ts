import { executeQuery } from '@/lib/db/adapter';

export async function search(status?: string, title?: string) {
  let sql = 'SELECT * FROM tickets WHERE created_at < CURRENT_TIMESTAMP';
  const params: unknown[] = [];
  if (status) {
    sql += " AND COALESCE(status, 'open') = ?";
    params.push(status);
  }
  if (title) {
    sql += ' AND title LIKE ?';
    params.push(`%${title}%`);
  }
  return await executeQuery(sql, params);
}

export async function listed(urgentOnly: boolean) {
  const sql = urgentOnly ? 'SELECT * FROM tickets WHERE is_urgent = TRUE' : 'SELECT * FROM tickets';
  return await executeQuery(sql);
}

export async function monthly() {
  return await executeQuery("SELECT strftime('%Y-%m', created_at) AS month FROM tickets");
}
