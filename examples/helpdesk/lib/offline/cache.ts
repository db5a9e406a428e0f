/**
 * Browser-side offline cache for the agent console (IndexedDB).
 * Lets agents read their queue and draft comments while offline.
 */
const DB_NAME = 'helpdesk-offline';
const DB_VERSION = 2;
const TICKETS_STORE = 'tickets';
const DRAFTS_STORE = 'drafts';

export interface CachedTicket {
  id: number;
  title: string;
  status: string;
  priority: string;
  cachedAt: number;
}

export interface DraftComment {
  ticketId: number;
  content: string;
  updatedAt: number;
}

function openCache(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(TICKETS_STORE)) db.createObjectStore(TICKETS_STORE, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(DRAFTS_STORE)) db.createObjectStore(DRAFTS_STORE, { keyPath: 'ticketId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export async function cacheTickets(tickets: Omit<CachedTicket, 'cachedAt'>[]): Promise<void> {
  const db = await openCache();
  const tx = db.transaction(TICKETS_STORE, 'readwrite');
  const store = tx.objectStore(TICKETS_STORE);
  const now = Date.now();
  tickets.forEach((ticket) => store.put({ ...ticket, cachedAt: now }));
  await done(tx);
  db.close();
}

export async function getCachedTickets(): Promise<CachedTicket[]> {
  const db = await openCache();
  const tx = db.transaction(TICKETS_STORE, 'readonly');
  const request = tx.objectStore(TICKETS_STORE).getAll();
  const result = await new Promise<CachedTicket[]>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as CachedTicket[]);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return result;
}

export async function saveDraft(ticketId: number, content: string): Promise<void> {
  const db = await openCache();
  const tx = db.transaction([DRAFTS_STORE], 'readwrite');
  tx.objectStore(DRAFTS_STORE).put({ ticketId, content, updatedAt: Date.now() } satisfies DraftComment);
  await done(tx);
  db.close();
}

export async function clearCache(): Promise<void> {
  const db = await openCache();
  const tx = db.transaction([TICKETS_STORE, DRAFTS_STORE], 'readwrite');
  tx.objectStore(TICKETS_STORE).clear();
  tx.objectStore(DRAFTS_STORE).clear();
  await done(tx);
  db.close();
}
