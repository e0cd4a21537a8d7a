/**
 * Standalone entry for the identification benchmark:
 *   npx tsc -b test && node test/dist/bench/identification.run.js [agents=200000] [seed=7] [store=sqlite|postgres]
 * Prints the result as JSON; exits 1 when 200,000 agents take 3 s or more, or accuracy misses
 * its targets (precision ≥ 0.995, no cross-tenant merge) or a re-run writes anything.
 */
import { stopBenchServer } from './bench-store.js';
import { benchIdentification } from './identification.js';

const [agents, seed] = process.argv.slice(2, 4).map(Number);
const store = process.argv[4] === 'postgres' ? 'postgres' : 'sqlite';
const result = await benchIdentification({ ...(agents ? { agents } : {}), ...(seed ? { seed } : {}), store }).finally(stopBenchServer);
process.stdout.write(`${JSON.stringify(result)}\n`);
const fastEnough = result.agents < 200_000 || result.ms < 3000;
process.exitCode = fastEnough && result.precision >= 0.995 && result.crossTenantMerges === 0 && result.rerunRowsChanged === 0 ? 0 : 1;
