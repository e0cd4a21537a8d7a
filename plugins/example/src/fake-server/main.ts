/**
 * Runs the fake Example RMM until Ctrl-C, so `rmm-hub check` (or a sync) can be pointed at it:
 *
 *     EXAMPLE_API_KEY=exk_local-test-key-123 npm run fake-server -- --port 8787
 *
 * The key comes from the environment, the same variable the config's `apiKey: env:EXAMPLE_API_KEY`
 * refers to, so it is never printed.
 */
import { parseArgs } from 'node:util';

import { startExampleServer } from './example-server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' } } });
const port = Number(values.port);
const apiKey = process.env['EXAMPLE_API_KEY'];
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`--port ${values.port}: not a port number; give a whole number from 0 to 65535.\n`);
  process.exit(2);
}
if (!apiKey || apiKey.length < 16) {
  process.stderr.write('EXAMPLE_API_KEY is not set (or shorter than 16 characters): set it to the key the fake server should accept, the one your rmm-hub config refers to.\n');
  process.exit(2);
}
const server = await startExampleServer({ port, apiKey });
process.stdout.write(`Example RMM fake server on ${server.url} (${server.customers.length} customers, ${server.devices.length} devices); Ctrl-C stops it.\n`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
