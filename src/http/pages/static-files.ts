/**
 * `GET {base}static/<file>`: the bundled browser code and stylesheets from web/dist
 * (built by scripts/build-web.mjs). Only flat file names with a known type; never a CDN.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../../errors/hub-error.js';

const staticDir = resolve(import.meta.dirname, '../../../web/dist');
const staticTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export function registerStaticFiles(app: FastifyInstance): void {
  app.get('/static/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const ext = /\.[a-z]+$/.exec(file)?.[0] ?? '';
    if (!/^[\w-]+(\.[\w-]+)*$/.test(file) || !staticTypes[ext]) throw new HubError('not_found');
    let body: Buffer;
    try {
      body = await readFile(join(staticDir, file));
    } catch {
      throw new HubError('not_found');
    }
    return reply.type(staticTypes[ext]!).header('Cache-Control', 'no-cache').send(body);
  });
}
