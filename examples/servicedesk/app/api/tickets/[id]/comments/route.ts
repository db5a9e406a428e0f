import { verifyAuth } from '@/lib/auth/sqlite-auth'
import { ticketService } from '@/lib/tickets/ticket-service'
import { addComment, listComments } from '@/lib/tickets/comments'
import { commentSchema } from '@/lib/validation/schemas'
import { badRequest, created, json, notFound, parseId, readJson, unauthorized } from '@/lib/http/responses'

type Context = { params: { id: string } }

export async function GET(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  if (!id || !ticketService.get(id, user)) return notFound('Ticket not found')
  return json({ comments: listComments(id, user) })
}

export async function POST(request: Request, { params }: Context) {
  const user = await verifyAuth(request)
  if (!user) return unauthorized()
  const id = parseId(params.id)
  if (!id || !ticketService.get(id, user)) return notFound('Ticket not found')

  let input
  try {
    input = commentSchema.parse(await readJson(request))
  } catch (error) {
    return badRequest(error)
  }
  const comment = addComment(id, user, input.body, input.is_internal)
  return created({ comment })
}
