import { executeQuery } from '@/lib/db/adapter';

export async function search(status?: string, title?: string) {
  let sql = 'SELECT * FROM tickets WHERE created_at < datetime(\'now\')';
  const params: unknown[] = [];
  if (status) {
    sql += ' AND IFNULL(status, \'open\') = ?';
    params.push(status);
  }
  if (title) {
    sql += ' AND title LIKE ?';
    params.push(`%${title}%`);
  }
  return await executeQuery(sql, params);
}

export async function listed(urgentOnly: boolean) {
  const sql = urgentOnly ? 'SELECT * FROM tickets WHERE is_urgent = 1' : 'SELECT * FROM tickets';
  return await executeQuery(sql);
}

export async function monthly() {
  return await executeQuery("SELECT strftime('%Y-%m', created_at) AS month FROM tickets");
}
