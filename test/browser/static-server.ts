// A tiny static file server for the built app (dist/), on a free localhost port, mounted
// under a sub-path so the tests also show that the relative base works from any path.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export async function serveStatic(dir: string, mount = '/'): Promise<{ url: string; server: Server }> {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!full.startsWith(mount)) {
      res.writeHead(404).end('not found');
      return;
    }
    const pathname = '/' + full.slice(mount.length);
    const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}${mount}`, server };
}
