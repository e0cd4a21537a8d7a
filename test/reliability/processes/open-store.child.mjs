// Opens the store at argv[2] (the built @rmm-hub/store-sqlite) the moment file argv[3] appears,
// so that several of these processes open one new database at the same instant. Prints what
// it applied, or the error.
import { existsSync } from 'node:fs';

const [, , path, go] = process.argv;
const { SqliteStore } = await import('@rmm-hub/store-sqlite');
process.stdout.write('ready\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(go)) Atomics.wait(pause, 0, 0, 1);
try {
  const store = SqliteStore.open({ path });
  process.stdout.write(`${JSON.stringify({ applied: store.migration.applied })}\n`);
  store.close();
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error.code ?? 'ERROR', message: error.message })}\n`);
  process.exitCode = 3;
}
