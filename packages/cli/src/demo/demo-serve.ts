/**
 * `rmm-hub demo --serve`: once the demo is done, its data stays up in the web console — the
 * simulators and the hub keep running — until Ctrl-C or SIGTERM. An admin token is created for
 * the session and its secret printed this once; like every token only its hash is stored, in the
 * demo's temporary database, which goes when the demo stops (unless `--keep`).
 */
import type { RmmHub } from '@rmm-hub/hub';

import { SERVE_DEFAULTS, serveUntilStopped } from '../commands/serve.js';

/** The name the audit log records for what the console does in the demo. */
export const DEMO_TOKEN_NAME = 'demo-admin';

export async function serveDemo(hub: RmmHub, options: { verbose: boolean; print: (lines: string[]) => void; note: (text: string) => void }): Promise<void> {
  // Port 0: the demo may run beside a real `rmm-hub serve` on the usual port.
  await serveUntilStopped(hub, { host: SERVE_DEFAULTS.host, port: 0, verbose: options.verbose }, async (url) => {
    const { ApiTokens } = await import('@rmm-hub/server');
    const { secret } = await new ApiTokens(hub.store).create({ name: DEMO_TOKEN_NAME, role: 'admin' });
    options.print([
      '',
      `The console runs on the demo's data: ${url}/`,
      `Sign in with this one-time admin token (shown once, gone when the demo stops): ${secret}`,
      'Ctrl-C stops the console and the simulators.',
    ]);
  }, options.note);
}
