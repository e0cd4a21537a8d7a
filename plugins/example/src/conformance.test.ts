/**
 * The Example RMM plugin against the conformance suite, through the real host wiring, with its
 * own fake server. Every plugin has a file like this one; docs/plugin-guide.md explains each option.
 */
import { fileURLToPath } from 'node:url';

import { describeConformance } from '@rmm-hub/plugin-testkit';

import { examplePlugin } from './example.plugin.js';
import { startExampleServer, type ExampleServer } from './fake-server/index.js';

describeConformance<ExampleServer>(examplePlugin, {
  // 12 customers (every fifth without devices) of 8 devices: at page size 1 that is 12 pages of
  // customers and 8 pages of one customer's devices — enough for the streaming check.
  server: { start: () => startExampleServer({ jobMs: 100 }), stop: (server) => server.close() },
  config: (server) => ({ serverUrl: server.url, apiKey: server.apiKey, pageSize: 5, pollIntervalMs: 25 }),
  badCredentials: (good) => ({ ...good, apiKey: 'exk_this-key-was-revoked-long-ago' }),
  invalidConfigs: (good) => [
    { name: 'serverUrl without a scheme', config: { ...good, serverUrl: 'rmm.example.com' } },
    { name: 'serverUrl with ftp://', config: { ...good, serverUrl: 'ftp://rmm.example.com' } },
    { name: 'an API key that is too short', config: { ...good, apiKey: 'short-key' } },
    { name: 'a page size above the server maximum', config: { ...good, pageSize: 500 } },
    { name: 'an unknown poll interval type', config: { ...good, pollIntervalMs: 'fast' } },
  ],
  withPageSize: (config, pageSize) => ({ ...config, pageSize }),
  pageSizes: { min: 1, max: 100 },
  secrets: (server) => server.tokens,
  expected: (server) => ({ clients: server.customers.length, computers: server.devices.length }),
  runScript: {
    timeoutMs: 10_000,
    graceMs: 2_000,
    hangScripts: (server) => {
      server.hangJobs = true;
      return () => {
        server.hangJobs = false;
      };
    },
  },
  fastCheck: { numRuns: 5 },
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
});
