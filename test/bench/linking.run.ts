/**
 * Standalone entry for the linking benchmark:
 *   npx tsc -b test && node test/dist/bench/linking.run.js [clients=10000] [tenants=10000] [runs=5] [baselineSample=500]
 * Prints the result as JSON (see ./linking.ts); exits 1 when auto-link precision is below 1.0
 * or suggestion recall below 0.97.
 */
import { benchLinking } from './linking.js';

const [clients, tenants, runs, baselineSample] = process.argv.slice(2).map(Number);
const result = benchLinking({
  ...(clients ? { clients } : {}),
  ...(tenants ? { tenants } : {}),
  ...(runs ? { runs } : {}),
  ...(baselineSample ? { baselineSample } : {}),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.precision >= 1 && result.recall >= 0.97 ? 0 : 1;
