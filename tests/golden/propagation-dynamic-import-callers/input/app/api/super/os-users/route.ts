import { NextResponse } from 'next/server'
import os from 'os'

interface OsUser {
  username: string
  home_dir: string
  linked_tenant_id: number | null
}

function discoverOsUsers(): OsUser[] {
  return [{ username: os.userInfo().username, home_dir: os.homedir(), linked_tenant_id: null }]
}

export async function GET() {
  const users = discoverOsUsers()

  // Cross-reference with existing tenants to mark linked ones
  try {
    const { listTenants } = await import('@/lib/tenants')
    const tenants = listTenants()
    const tenantByLinuxUser = new Map(tenants.map(t => [t.linux_user, t.id]))
    for (const user of users) {
      user.linked_tenant_id = tenantByLinuxUser.get(user.username) ?? null
    }
  } catch {}

  return NextResponse.json({ users, platform: os.platform() })
}
