/**
 * `rmm-hub serve`: the HTTP API (see @rmm-hub/server) on this config's data, until SIGINT or
 * SIGTERM. It listens on loopback unless `--host` says otherwise: anything wider is a choice the
 * administrator makes, for a server whose every route needs an API token anyway.
 */
import type { RmmHub } from '@rmm-hub/hub';
import type { Command } from 'commander';

import { openHub } from '../context.js';
import { positiveInt } from '../flags.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput } from '../output.js';
import { writeStderr } from '../stderr-lines.js';

/** Where `serve` listens unless told otherwise. */
export const SERVE_DEFAULTS = { host: '127.0.0.1', port: 8080 } as const;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API (OpenAPI at /openapi.json) and the web console (on /) until stopped; every route needs a token from `rmm-hub tokens create`')
    .option('--host <address>', 'address to listen on (0.0.0.0 for every interface)', SERVE_DEFAULTS.host)
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(SERVE_DEFAULTS.port))
    .action(async (options: { host: string; port: string }) => {
      const port = options.port === '0' ? 0 : positiveInt('--port', options.port, 65_535);
      const { loaded } = openConfig(program);
      const hub = await openHub(loaded, hostOptions(program, 'write'));
      const output = createOutput(false, hub.redactor);
      try {
        const { verbose } = program.opts<{ verbose?: boolean }>();
        await serveUntilStopped(hub, { host: options.host, port, verbose: Boolean(verbose) }, (url) => {
          output.note(`rmm-hub serve: listening on ${url} (console: ${url}/, API description: ${url}/openapi.json); Ctrl-C stops it`);
        }, (text) => output.note(text));
      } finally {
        await hub.close();
      }
    });
}

/**
 * Serves the API and the console on the hub until SIGINT or SIGTERM, then closes the server
 * (its event streams too); the hub stays open. `listening` gets the URL once it can be reached.
 */
export async function serveUntilStopped(
  hub: RmmHub,
  options: { host: string; port: number; verbose: boolean },
  listening: (url: string) => Promise<void> | void,
  note: (text: string) => void,
): Promise<void> {
  // Loaded here, not at start-up: Fastify is for serving only.
  const { createServer } = await import('@rmm-hub/server');
  const { app } = await createServer({ hub, console: true, ...(options.verbose ? { log: (line: string) => writeStderr(`${line}\n`) } : {}) });
  try {
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await app.listen({ host: options.host, port: options.port });
    const address = app.server.address();
    await listening(typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address));
    note(`${await stopped}: stopping`);
  } finally {
    await app.close();
  }
}
