import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { HostAppSummary } from './host-app.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the example host application', () => {
  it('syncs the simulators, links, lists computers and runs a script, as built and run with node', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [MAIN], { encoding: 'utf8' });
    const summary = JSON.parse(stdout) as HostAppSummary;
    expect(summary.integrations).toEqual([{ id: 'ncentral', state: 'ready' }, { id: 'automate', state: 'ready' }]);
    expect(summary.progressEvents).toBeGreaterThan(0);
    expect(summary.links).toBeGreaterThan(0);
    expect(summary.links).toBeLessThanOrEqual(summary.clients);
    expect(summary.computers).toBeGreaterThan(0);
    expect(summary.script).toMatchObject({ status: 'success' });
    // The simulated machine answers with its own name: the script reached the computer listed.
    expect(summary.script?.output).toContain(`Name=${summary.script?.computerName}`);
  });
});
