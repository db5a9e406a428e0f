import { executeTransaction } from '@/lib/db/adapter';

interface Item { sku: string; qty: number }

export async function addItems(orderId: number, items: Item[]): Promise<void> {
  const insertMany = async (list: Item[]) => executeTransaction(async (tx) => {
    for (const item of list) await tx.executeRun('INSERT INTO order_items (order_id, sku, qty) VALUES (?, ?, ?)', [orderId, item.sku, item.qty]);
  });
  await insertMany(items);
}

export async function reset(orderId: number): Promise<void> {
  await executeTransaction(async (tx) => {
    await tx.executeRun('DELETE FROM order_items WHERE order_id = ?', [orderId]);
    await tx.executeRun('UPDATE orders SET total = 0 WHERE id = ?', [orderId]);
  });
}
