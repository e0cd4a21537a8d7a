/**
 * Serving the API and the console until the process is told to stop: what `rmm-hub serve` and
 * `rmm-hub demo --serve` share.
 */
import type { RmmHub } from '@rmm-hub/hub';

import { writeStderr } from './stderr-lines.js';

/** Where `serve` listens unless told otherwise. */
export const SERVE_DEFAULTS = { host: '127.0.0.1', port: 8080 } as const;

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
