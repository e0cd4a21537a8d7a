/**
 * `rmm-hub serve`: the HTTP API (see @rmm-hub/server) on this config's data, until SIGINT or
 * SIGTERM. It listens on loopback unless `--host` says otherwise: anything wider is a choice the
 * administrator makes, for a server whose every route needs an API token anyway.
 */
import type { Command } from 'commander';

import { openHub } from '../context.js';
import { positiveInt } from '../flags.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput } from '../output.js';
import { SERVE_DEFAULTS, serveUntilStopped } from '../serve-until-stopped.js';

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
