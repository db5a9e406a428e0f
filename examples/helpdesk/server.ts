/**
 * Custom production server: serves the Next.js app and starts the
 * background notification scheduler in the same process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parse } from 'node:url';
import { startNotificationScheduler } from './lib/notifications/scheduler';
import { runMigrations } from './lib/db/migrations';

interface NextApp {
  prepare(): Promise<void>;
  getRequestHandler(): (req: IncomingMessage, res: ServerResponse, parsedUrl?: ReturnType<typeof parse>) => Promise<void>;
}

// Resolved at run time so the type-check does not depend on the framework being installed.
declare function next(options: { dev: boolean; hostname?: string; port?: number }): NextApp;

const dev = process.env.NODE_ENV !== 'production';
const hostname = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 3000);

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();

app.prepare().then(() => {
  const applied = runMigrations();
  if (applied.length > 0) console.log(`> Applied migrations: ${applied.join(', ')}`);
  startNotificationScheduler();

  createServer((req, res) => {
    const parsedUrl = parse(req.url ?? '/', true);
    handle(req, res, parsedUrl).catch((error) => {
      console.error('Error handling', req.url, error);
      res.statusCode = 500;
      res.end('internal server error');
    });
  }).listen(port, () => {
    console.log(`> Helpdesk ready on http://${hostname}:${port}`);
  });
});
