import { db } from '@/lib/db'
import { createUser, emailExists, generateToken } from '@/lib/auth/sqlite-auth'
import { registerSchema } from '@/lib/validation/schemas'
import { badRequest, created, errorResponse, readJson } from '@/lib/http/responses'

export async function POST(request: Request) {
  let input
  try {
    input = registerSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }

  if (emailExists(input.email)) {
    return errorResponse('An account with this email already exists', 409)
  }

  // Self-service sign-up joins the organization owning the e-mail domain, or the one named.
  const domain = input.email.split('@')[1].toLowerCase()
  const org = (
    input.organizationSlug
      ? db.prepare('SELECT id FROM organizations WHERE slug = ?').get(input.organizationSlug)
      : db
          .prepare("SELECT id FROM organizations WHERE json_extract(settings, '$.emailDomain') = ?")
          .get(domain)
  ) as { id: number } | undefined
  if (!org) {
    return errorResponse('No organization accepts sign-ups for this address', 400)
  }

  const user = await createUser({ email: input.email, name: input.name, password: input.password, organizationId: org.id })
  const token = await generateToken(user)
  return created({ user, token })
}
