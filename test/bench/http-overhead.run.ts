/**
 * Standalone entry for the HTTP overhead benchmark:
 *   npx tsc -b test && node test/dist/bench/http-overhead.run.js [requests] [concurrency]
 * Prints the result as JSON; exits 1 when the client falls below the 0.8 target.
 */
import { benchHttpOverhead } from './http-overhead.js';

const [requests, concurrency] = process.argv.slice(2).map(Number);
const result = await benchHttpOverhead({
  ...(requests ? { requests } : {}),
  ...(concurrency ? { concurrency } : {}),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.pass ? 0 : 1;
