import db from '@/lib/db/connection';

interface Item { sku: string; qty: number }

export function addItems(orderId: number, items: Item[]): void {
  const insert = db.prepare('INSERT INTO order_items (order_id, sku, qty) VALUES (?, ?, ?)');
  const insertMany = db.transaction((list: Item[]) => {
    for (const item of list) insert.run(orderId, item.sku, item.qty);
  });
  insertMany(items);
}

export function reset(orderId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM order_items WHERE order_id = ?').run(orderId);
    db.prepare('UPDATE orders SET total = 0 WHERE id = ?').run(orderId);
  })();
}
