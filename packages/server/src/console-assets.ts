/**
 * The web console served by the API's own process on `/`: the static pages of @rmm-hub/console
 * (its HTML and CSS as written, its script as `tsc -b` built it). Same origin as the API, so the
 * session cookie and the CSP's `'self'` cover both.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import fastifyStatic from '@fastify/static';
import { UsageError } from '@rmm-hub/core';
import type { FastifyInstance } from 'fastify';

/** The console's folders: its pages, and its built script. */
export function consoleFolders(): { pages: string; script: string } {
  const root = dirname(createRequire(import.meta.url).resolve('@rmm-hub/console/package.json'));
  return { pages: join(root, 'public'), script: join(root, 'dist') };
}

export async function registerConsole(app: FastifyInstance): Promise<void> {
  const { pages, script } = consoleFolders();
  if (!existsSync(join(script, 'app.js'))) {
    throw new UsageError(`The web console is not built: ${join(script, 'app.js')} is missing.`, { hint: 'Run `npm run setup` (it builds the console with the rest).' });
  }
  await app.register(fastifyStatic, { root: [pages, script], prefix: '/', index: 'index.html' });
}
