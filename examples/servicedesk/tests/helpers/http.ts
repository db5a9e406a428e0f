import { POST as login } from '../../app/api/auth/login/route'
import { SEED_PASSWORD } from './seed'

export { SEED_PASSWORD }

export const USERS = {
  admin: 'ada@northwind.test',
  agent: 'ben@northwind.test',
  agent2: 'cleo@northwind.test',
  user: 'dan@northwind.test',
  inactive: 'eve@northwind.test',
  otherAdmin: 'fay@contoso.test',
  otherUser: 'gus@contoso.test',
} as const

export function request(pathname: string, options: { method?: string; token?: string; body?: unknown } = {}): Request {
  const headers: Record<string, string> = {}
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  return new Request(`http://localhost${pathname}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
}

export async function loginAs(email: string, password = SEED_PASSWORD): Promise<string> {
  const res = await login(request('/api/auth/login', { method: 'POST', body: { email, password } }))
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status}`)
  return ((await res.json()) as { token: string }).token
}

export function ctx(id: number | string) {
  return { params: { id: String(id) } }
}

export async function body<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T
}
