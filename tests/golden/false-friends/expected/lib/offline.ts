export function store(db: IDBDatabase, value: string) {
  const tx = db.transaction('items', 'readwrite');
  tx.objectStore('items').put(value);
}
