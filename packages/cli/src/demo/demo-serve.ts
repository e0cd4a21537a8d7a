/**
 * `rmm-hub demo --serve`: once the demo is done, its data stays up in the web console — the
 * simulators and the hub keep running — until Ctrl-C or SIGTERM. An admin token is created for
 * the session and its secret printed this once; like every token only its hash is stored, in the
 * demo's temporary database, which goes when the demo stops (unless `--keep`).
 */
import type { RmmHub } from '@rmm-hub/hub';

import { SERVE_DEFAULTS, serveUntilStopped } from '../serve-until-stopped.js';
import type { Output } from '../output.js';
import { renderDemo } from './demo-report.js';
import type { DemoSummary } from './run-demo.js';

/** The name the audit log records for what the console does in the demo. */
export const DEMO_TOKEN_NAME = 'demo-admin';

/** What the demo does last with `--serve`: its report, then the console on its data until stopped. */
export function serveAfterDemo(out: Output, verbose: boolean): (summary: DemoSummary, hub: RmmHub) => Promise<void> {
  return async (summary, hub) => {
    out.result(summary, () => renderDemo(summary));
    // Port 0: the demo may run beside a real `rmm-hub serve` on the usual port.
    await serveUntilStopped(hub, { host: SERVE_DEFAULTS.host, port: 0, verbose }, async (url) => {
      const { ApiTokens } = await import('@rmm-hub/server');
      const { secret } = await new ApiTokens(hub.store).create({ name: DEMO_TOKEN_NAME, role: 'admin' });
      const lines = [
        '',
        `The console runs on the demo's data: ${url}/`,
        `Sign in with this one-time admin token (shown once, gone when the demo stops): ${secret}`,
        'Ctrl-C stops the console and the simulators.',
      ];
      out.result({}, () => lines.join('\n'));
    }, (text) => out.note(text));
  };
}
