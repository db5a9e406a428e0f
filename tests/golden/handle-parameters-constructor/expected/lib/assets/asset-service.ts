import Database from 'better-sqlite3'
import { executeQuery, executeRun } from '@/lib/db/adapter'

export interface Asset {
  id: number
  name: string
  status: string
}

export class AssetService {
  constructor() {}

  async list(organizationId: number): Promise<Asset[]> {
    return await executeQuery<Asset>('SELECT * FROM assets WHERE organization_id = ? ORDER BY name', [organizationId])
  }

  async retire(id: number): Promise<boolean> {
    return (await executeRun("UPDATE assets SET status = 'retired' WHERE id = ?", [id])).changes > 0
  }
}

export class AssetBackup {
  constructor(private readonly db: Database.Database) {}

  snapshot(path: string): Promise<Database.BackupMetadata> {
    return this.db.backup(path)
  }
}
