/**
 * Worker thread for the N-central listing benchmark: generates a fleet with at least `target`
 * N-central devices and serves it with the simulated N-central, so the simulator's heap stays
 * out of the main thread's heap figures.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { generateFleet, startNcentralSim } from '@rmm-hub/simulators';

const { target, seed } = workerData as { target: number; seed: number };
let devices = Math.ceil(target * 1.4);
let fleet = generateFleet({ seed, devices });
while (fleet.ncentral.agentCount < target) {
  devices = Math.ceil(devices * (target / fleet.ncentral.agentCount) * 1.01);
  fleet = generateFleet({ seed, devices });
}
let idSum = 0;
let probes = 0;
for (let i = 0; i < fleet.ncentral.agentCount; i++) {
  const agent = fleet.ncentral.agent(i);
  idSum += agent.agentId;
  if (agent.isProbe) probes++;
}
// The real server's caps (devices 5, assets 3) stay on; the plugin must live within them.
const sim = await startNcentralSim({ fleet });
parentPort?.postMessage({
  url: sim.url,
  jwt: sim.jwt,
  repositoryId: sim.repositoryId,
  devices,
  agents: fleet.ncentral.agentCount,
  customers: fleet.ncentral.customers.length,
  probes,
  idSum,
});
