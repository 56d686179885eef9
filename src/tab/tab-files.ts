import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type restify from 'restify';
import type { Request, Response } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * Teams shows the tab in a frame on its own hosts (web, desktop, mobile, and
 * Microsoft 365 where the app also runs); no other site may frame it.
 */
const CONTENT_SECURITY_POLICY = [
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://local.teams.office.com https://*.office.com https://outlook.office.com https://*.cloud.microsoft https://*.skype.com",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/**
 * Serves the built page (`npm run build:tab` writes it to `dir`) under `/tab/`.
 * Built file names carry a content hash, so they are cached for good; the page
 * itself is always revalidated. A missing build answers 503 saying how to make it.
 */
export function registerTabFiles(server: restify.Server, dir: string): void {
  server.get('/tab', async (_req: Request, res: Response) => {
    res.header('location', '/tab/');
    res.send(302);
  });
  server.get('/tab/*', async (req: Request, res: Response) => {
    const wanted = decodePath(req.path().slice('/tab/'.length));
    if (wanted === undefined) {
      res.send(404, { error: { code: 'NotFound', message: 'No such file.' } });
      return;
    }
    const relative = wanted === '' ? 'index.html' : wanted;
    const file = normalize(join(dir, relative));
    if (!file.startsWith(dir + sep) || relative.split('/').some((part) => part.startsWith('.'))) {
      res.send(404, { error: { code: 'NotFound', message: 'No such file.' } });
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      const body = await readFile(file);
      const hashed = relative.startsWith('assets/');
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const built = await stat(join(dir, 'index.html')).then(
        () => true,
        () => false,
      );
      if (built) res.send(404, { error: { code: 'NotFound', message: 'No such file.' } });
      else res.send(503, { error: { code: 'ServiceUnavailable', message: 'The Desk tab is not built: run npm run build:tab.' } });
    }
  });
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
