/**
 * The API latency benchmark's server: `rmm-hub serve`'s server on a seeded folder, in its own
 * process. Prints `{ url, token }` (a viewer token made for the run) once listening; runs until
 * killed.
 */
import 'reflect-metadata';

import { RmmHub } from '@rmm-hub/hub';
import { ApiTokens, createServer } from '@rmm-hub/server';

const dir = process.argv[2];
if (!dir) throw new Error('usage: api-server.child.js <folder with rmm-hub.db>');
const hub = await RmmHub.open({ config: { store: { path: 'rmm-hub.db' }, discovery: { fromDependencies: false } }, baseDir: dir, appRoot: dir });
// Named per process: a seeded folder can serve run after run (A/B comparisons, profiles).
const { secret } = await new ApiTokens(hub.store).create({ name: `bench-${process.pid}`, role: 'viewer' });
const { app } = await createServer({ hub });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, token: secret })}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => hub.close());
});
