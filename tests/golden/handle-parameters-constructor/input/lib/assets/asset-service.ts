import Database from 'better-sqlite3'

export interface Asset {
  id: number
  name: string
  status: string
}

export class AssetService {
  constructor(private db: Database.Database) {}

  list(organizationId: number): Asset[] {
    return this.db.prepare('SELECT * FROM assets WHERE organization_id = ? ORDER BY name').all(organizationId) as Asset[]
  }

  retire(id: number): boolean {
    return this.db.prepare("UPDATE assets SET status = 'retired' WHERE id = ?").run(id).changes > 0
  }
}

export class AssetBackup {
  constructor(private readonly db: Database.Database) {}

  snapshot(path: string): Promise<Database.BackupMetadata> {
    return this.db.backup(path)
  }
}
