/**
 * A tiny stand-in for `next({ dev })` used by server.ts in self-hosted deployments: maps
 * /api/... URLs onto the route modules under app/api (App Router layout) and calls the handler.
 */
import fs from 'fs'
import path from 'path'
import type { IncomingMessage, ServerResponse } from 'http'

type Handler = (request: Request, context: { params: Record<string, string> }) => Promise<Response>
interface Route {
  pattern: RegExp
  keys: string[]
  file: string
}

export function createApp(options: { dev: boolean; dir?: string }) {
  const dir = options.dir ?? process.cwd()
  const routes: Route[] = []

  function scan(folder: string, segments: string[]) {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) scan(full, [...segments, entry.name])
      else if (entry.name === 'route.ts') {
        const keys: string[] = []
        const source = segments
          .map((s) => {
            const m = /^\[(.+)\]$/.exec(s)
            if (!m) return s
            keys.push(m[1])
            return '([^/]+)'
          })
          .join('/')
        routes.push({ pattern: new RegExp(`^/${source}/?$`), keys, file: full })
      }
    }
  }

  return {
    async prepare() {
      scan(path.join(dir, 'app'), [])
      // static segments win over dynamic ones
      routes.sort((a, b) => a.keys.length - b.keys.length)
      if (options.dev) console.log(`[app] ${routes.length} routes`)
    },
    getRequestHandler() {
      return async (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
        const route = routes.find((r) => r.pattern.test(url.pathname))
        if (!route) {
          res.statusCode = 404
          res.end('Not found')
          return
        }
        const match = route.pattern.exec(url.pathname)!
        const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]))
        const mod = (await import(route.file)) as Record<string, Handler | undefined>
        const handler = mod[req.method ?? 'GET']
        if (!handler) {
          res.statusCode = 405
          res.end()
          return
        }
        const chunks: Buffer[] = []
        for await (const chunk of req) chunks.push(chunk as Buffer)
        const body = chunks.length ? Buffer.concat(chunks) : undefined
        const request = new Request(url, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        })
        const response = await handler(request, { params })
        res.statusCode = response.status
        response.headers.forEach((value, key) => res.setHeader(key, value))
        res.end(Buffer.from(await response.arrayBuffer()))
      }
    },
  }
}
