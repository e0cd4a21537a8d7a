/**
 * The Automate plugin against the shared conformance suite (@rmm-hub/plugin-testkit), through
 * the real host wiring, with the Automate simulator as its server.
 */
import { fileURLToPath } from 'node:url';

import { describeConformance } from '@rmm-hub/plugin-testkit';
import { createSampleAutomateFleet, startAutomateSim, type AutomateSim } from '@rmm-hub/simulators';

import automatePlugin from './index.js';

describeConformance<AutomateSim>(automatePlugin, {
  // 20 clients (and 40 locations) of 5 agents each.
  server: {
    start: () => startAutomateSim({ fleet: createSampleAutomateFleet({ clients: 20, agentsPerClient: 5 }), mfa: 'none', commandPendingMs: 50, commandExecutingMs: 100 }),
    stop: (sim) => sim.close(),
  },
  config: (sim) => ({
    serverUrl: sim.url,
    clientId: sim.clientId,
    username: sim.username,
    password: sim.password,
    // An Integrator user: every host the suite starts logs in afresh, and a TOTP user would wait
    // for a new 30-second code each time. The TOTP flow has its own tests (auth.test.ts).
    mfa: { mode: 'integrator' },
    pageSize: 25,
    scriptPollIntervalMs: 50,
  }),
  badCredentials: (good) => ({ ...good, password: 'not-the-right-password' }),
  invalidConfigs: (good) => [
    { name: 'a ClientId that is not a GUID', config: { ...good, clientId: 'my-integration' } },
    { name: 'Duo as the second factor', config: { ...good, mfa: { mode: 'duo' } } },
    { name: 'a page size of 0', config: { ...good, pageSize: 0 } },
    { name: 'TOTP with a secret that is not Base32', config: { ...good, mfa: { mode: 'totp', secret: 'not base32 at all!' } } },
    { name: 'an empty username', config: { ...good, username: '' } },
  ],
  withPageSize: (config, pageSize) => ({ ...config, pageSize }),
  pageSizes: { min: 1, max: 200 },
  runScript: { timeoutMs: 20_000, graceMs: 2_000 },
  agentActions: { enable: (good) => ({ ...good, features: { deleteAgent: true, moveAgent: true } }) },
  fastCheck: { numRuns: 4 },
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
});
