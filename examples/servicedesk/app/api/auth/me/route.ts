import { verifyAuth, getOrganizationById } from '@/lib/auth/sqlite-auth'
import { getPermissions } from '@/lib/auth/permissions'
import { unreadCount } from '@/lib/notifications/notification-service'
import { json, unauthorized } from '@/lib/http/responses'

export async function GET(request: Request) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()

  const organization = getOrganizationById(user.organization_id)
  return json({
    user,
    organization: organization ? { id: organization.id, name: organization.name, slug: organization.slug } : null,
    permissions: getPermissions(user.role),
    unread: unreadCount(user.id),
  })
}
