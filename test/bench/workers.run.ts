/**
 * Standalone entry for the workers benchmark (./workers.ts), in a fresh process:
 *   npx tsc -b test && node test/dist/bench/workers.run.js [devices=10000] [latencyMs=50] [serversPerRmm=4]
 * Prints the result as JSON on stdout (progress on stderr); exits 1 when a run left an
 * integration incomplete or the killed worker's job was not picked up.
 */
import 'reflect-metadata';

import { benchWorkers } from './workers.js';

const [devices, latencyMs, serversPerRmm] = process.argv.slice(2).map(Number);
const result = await benchWorkers({
  ...(devices ? { devices } : {}),
  ...(latencyMs !== undefined && !Number.isNaN(latencyMs) ? { latencyMs } : {}),
  ...(serversPerRmm ? { serversPerRmm } : {}),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.runs.every((r) => r.complete) && result.kill.pickupMs !== null && result.kill.completed ? 0 : 1;
