/**
 * The N-central plugin against the shared conformance suite (@rmm-hub/plugin-testkit), through
 * the real host wiring, with the N-central simulator as its server.
 */
import { fileURLToPath } from 'node:url';

import { describeConformance } from '@rmm-hub/plugin-testkit';
import { createHandmadeFleet, startNcentralSim, type HandmadeDevice, type NcentralSim } from '@rmm-hub/simulators';

import { ncentralPlugin } from './ncentral.plugin.js';

/** Six customers, two with sites; the first holds ten devices so one client spans pages. */
function conformanceFleet() {
  const customers = [301, 302, 303, 304, 305, 306].map((customerId, i) => ({ customerId, customerName: `Conformance Customer ${i + 1}`, soId: 50 }));
  const sites = [
    { siteId: 401, siteName: 'Head Office', customerId: 301 },
    { siteId: 402, siteName: 'Branch', customerId: 302 },
  ];
  const devices: HandmadeDevice[] = [];
  let next = 10_001;
  for (const { customerId } of customers) {
    const count = customerId === 301 ? 10 : 3;
    for (let i = 0; i < count; i++) {
      const siteId = customerId === 301 && i % 2 === 0 ? 401 : customerId === 302 && i === 0 ? 402 : undefined;
      devices.push({ deviceId: next, customerId, siteId, hostname: `NC-${customerId}-${i + 1}` });
      next++;
    }
  }
  return createHandmadeFleet({ customers, sites, devices });
}

describeConformance<NcentralSim>(ncentralPlugin, {
  server: { start: () => startNcentralSim({ fleet: conformanceFleet(), deviceDelete: true }), stop: (sim) => sim.close() },
  config: (sim) => ({
    serverUrl: sim.url,
    jwt: sim.jwt,
    runScriptRepositoryId: sim.repositoryId,
    pageSize: 5,
    retryDelaysMs: [5, 10, 20, 40],
    runScript: { pollIntervalMs: 20 },
  }),
  badCredentials: (good) => ({ ...good, jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXZva2VkIn0.bm90LXRoZS1yaWdodC1zaWduYXR1cmU' }),
  invalidConfigs: (good) => [
    { name: 'serverUrl without a scheme', config: { ...good, serverUrl: 'ncentral.example.com' } },
    { name: 'a JWT that is too short', config: { ...good, jwt: 'not-a-jwt' } },
    { name: 'a non-numeric repository id', config: { ...good, runScriptRepositoryId: 'abc' } },
    { name: 'a page size of 0', config: { ...good, pageSize: 0 } },
  ],
  withPageSize: (config, pageSize) => ({ ...config, pageSize }),
  pageSizes: { min: 1, max: 50 },
  runScript: {
    timeoutMs: 20_000,
    graceMs: 2_000,
    hangScripts: (sim) => {
      sim.control.setTasksHang(true);
      return () => sim.control.setTasksHang(false);
    },
  },
  agentActions: { enable: (good) => ({ ...good, features: { deleteAgent: true } }) },
  fastCheck: { numRuns: 4 },
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
});
