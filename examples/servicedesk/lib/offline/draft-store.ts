/**
 * Browser-side store for ticket drafts written while offline (IndexedDB). Runs in the agent
 * console; nothing here touches the server database.
 */

const DB_NAME = 'servicedesk-offline'
const STORE = 'ticket-drafts'

export interface TicketDraft {
  key: string
  title: string
  description: string
  priority: string
  savedAt: number
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: 'key' })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

export async function saveDraft(draft: TicketDraft): Promise<void> {
  const db = await openDb()
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).put(draft)
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
  })
  db.close()
}

export async function listDrafts(): Promise<TicketDraft[]> {
  const db = await openDb()
  const drafts = await new Promise<TicketDraft[]>((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).getAll()
    request.onsuccess = () => resolve(request.result as TicketDraft[])
    request.onerror = () => reject(request.error)
  })
  db.close()
  return drafts.sort((a, b) => b.savedAt - a.savedAt)
}

export async function deleteDraft(key: string): Promise<void> {
  const db = await openDb()
  const tx = db.transaction([STORE], 'readwrite')
  tx.objectStore(STORE).delete(key)
  db.close()
}
