/**
 * Worker thread for the Automate listing benchmark: generates a fleet with at least `target`
 * Automate computers and serves it with the simulated Automate, so the simulator's heap stays
 * out of the main thread's heap figures.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { generateFleet, startAutomateSim } from '@rmm-hub/simulators';

const { target, seed } = workerData as { target: number; seed: number };
let devices = Math.ceil(target * 1.4);
let fleet = generateFleet({ seed, devices });
while (fleet.automate.agentCount < target) {
  devices = Math.ceil(devices * (target / fleet.automate.agentCount) * 1.01);
  fleet = generateFleet({ seed, devices });
}
let idSum = 0;
for (let i = 0; i < fleet.automate.agentCount; i++) idSum += fleet.automate.agent(i).agentId;
const sim = await startAutomateSim({ fleet, mfa: 'totp' });
parentPort?.postMessage({
  url: sim.url,
  clientId: sim.clientId,
  username: sim.username,
  password: sim.password,
  totpSecret: sim.totpSecret,
  devices,
  computers: fleet.automate.agentCount,
  clients: fleet.automate.clients.length,
  idSum,
});
parentPort?.on('message', (message: unknown) => {
  if (message === 'stats') parentPort?.postMessage({ stats: sim.stats });
  if (message === 'close') void sim.close().then(() => process.exit(0));
});
