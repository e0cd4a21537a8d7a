/**
 * Standalone entry for the sync-efficiency benchmark, in a fresh process so its peak RSS is
 * the sync's alone (the simulators run in child processes of their own):
 *   npx tsc -b test && node test/dist/bench/sync-efficiency.run.js [devices=100000] [latencyMs=20] [resync=1] [assets=0|1|2] [bare=1] [changedPercent=0] [postgres=0|1] [resyncAfterMinutes=0]
 * assets: 0 off, 1 in every listing, 2 on demand, the product's default (see `SyncBenchOptions.assets`).
 * Prints the result as JSON on stdout (progress on stderr); exits 1 when the sync is incomplete.
 */
import 'reflect-metadata';

import { stopBenchServer } from './bench-store.js';
import { benchSync } from './sync-efficiency.js';

const [devices, latencyMs, resync, assets, bare, changedPercent, postgres, resyncAfterMinutes] = process.argv.slice(2).map(Number);
const result = await benchSync({
  ...(devices ? { devices } : {}),
  ...(latencyMs !== undefined && !Number.isNaN(latencyMs) ? { latencyMs } : {}),
  ...(resync === 0 ? { resync: false } : {}),
  ...(assets === 0 ? { assets: 'off' as const } : assets === 1 ? { assets: 'listing' as const } : {}),
  ...(bare === 0 ? { bareListing: false } : {}),
  ...(changedPercent ? { changeShare: changedPercent / 100 } : {}),
  ...(postgres === 1 ? { store: 'postgres' as const } : {}),
  ...(resyncAfterMinutes ? { resyncAfterMinutes } : {}),
}).finally(stopBenchServer);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.complete ? 0 : 1;
