/**
 * Two `rmm-hub sync` processes of one integration at once (#29 item 4), with the built CLI
 * against the simulated Automate (TOTP login, identity scripts through CommandExecute): the
 * second waits for the first (at the integration's sync, or at identification if the first
 * is already there) and then re-runs no identity script, no identity report is lost, no login
 * is rejected; `status` during the syncs marks nothing interrupted, and a link decision taken
 * during them waits its turn instead of failing either side.
 */
import { describe, expect, it } from 'vitest';

import { LinkingService } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { requireBuiltCli, runCliChild, spawnCli } from '../crash/cli-child.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { fastClock } from '../support/fast-clock.js';
import { onRequest } from '../support/sim-hooks.js';
import { linkMspByHand } from '../support/state.js';
import { CWA, startWorld } from '../support/world.js';

const SUITE = 'processes-sync';
const clock = fastClock(10);
saveChecksAfterAll(SUITE, 1);

interface Tallies {
  scriptRuns: number;
  agentsScripted: number;
  reportsOk: number;
  runs: { status: string; startedAt: string; finishedAt: string | null }[];
}

async function tally(path: string): Promise<Tallies> {
  const store = SqliteStore.open({ path, readonly: true });
  try {
    const runs = store.db.prepare(`SELECT status, started_at AS startedAt, finished_at AS finishedAt FROM sync_runs ORDER BY started_at, rowid`).all() as Tallies['runs'];
    const scripts = store.db.prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT agent_id) AS agents FROM script_runs`).get() as { n: number; agents: number };
    return { scriptRuns: scripts.n, agentsScripted: scripts.agents, reportsOk: (await store.computers.listIdentityReports()).filter((r) => r.status === 'ok').length, runs };
  } finally {
    await store.close();
  }
}

describe('two syncs of one integration at once', () => {
  it('the second waits for the first: no identity script re-run, no identity report lost, no login rejected', async () => {
    requireBuiltCli();
    const world = await startWorld({ integrations: [CWA], automateMfa: 'totp', identityScripts: true, devices: 120, fleetRates: { missingInventory: 0.25 }, automateSim: { commandPendingMs: 200, commandExecutingMs: 200 }, clock });
    try {
      const db = `${world.dir}/rmm-hub.db`;
      const args = ['--config', world.configPath, 'sync'];
      const prep = await runCliChild([...args, '--json'], { cwd: world.dir, clock });
      expect(prep.code, prep.stderr).toBe(0);
      const store = SqliteStore.open({ path: db });
      const linking = new LinkingService(store, { config: world.load().config.linking });
      expect(await linkMspByHand(store, linking, world.fleet)).toBeGreaterThan(0);
      const msp = world.fleet.tenants.find((t) => t.isMsp)?.id;
      const tenantOf = (clientId: string): string | null => world.fleet.truth.tenantOfClient('automate', Number(clientId)) ?? null;
      const linkable = (await store.clients.list({ integrationId: CWA })).filter((c) => linking.config.linkableKinds.includes(c.kind) && ![null, msp].includes(tenantOf(c.id)));
      // Every client but one linked (so the sync runs identity scripts across the fleet); the
      // one left is linked by hand during the sync.
      const [other, ...rest] = linkable;
      for (const client of rest) await linking.accept({ integrationId: CWA, clientId: client.id, tenantId: String(tenantOf(client.id)), actor: 'reliability-admin' });
      await store.close();
      expect(other).toBeDefined();

      let commandsExecuted = 0;
      const unhook = onRequest(world.automate.faults, (method, path) => {
        if (method === 'POST' && /\/CommandExecute$/i.test(path)) commandsExecuted++;
      });
      const first = spawnCli(args, { cwd: world.dir, clock });
      await first.waitFor(/automate\s+\[/); // its progress display: it holds the sync
      // The agents stop picking up commands until the second is seen waiting, so the first
      // cannot finish before the second gets to a lock — the second may spend up to a TOTP
      // step logging in, since the first used the current one (30 s of the children's and the
      // simulator's clock, which runs ten times faster than real time: support/fast-clock.ts).
      world.automate.control.holdCommands(true);
      const second = spawnCli(args, { cwd: world.dir, clock });
      // The second waits at the first's sync of the integration, or — when the first has moved
      // on to identification by the time the second starts — at identification.
      const waiting = new RegExp(`waiting: (a sync of automate|identification) is under way in process ${first.pid}`);
      await second.waitFor(waiting);
      world.automate.control.holdCommands(false);
      const waitedFor = waiting.exec(second.output().stderr)?.[1];
      const [status, decision] = await Promise.all([
        runCliChild(['--config', world.configPath, 'status', '--json'], { cwd: world.dir, clock }),
        runCliChild(['--config', world.configPath, 'links', 'accept', CWA, String(other?.id), String(tenantOf(String(other?.id))), '--json'], { cwd: world.dir, clock }),
      ]);
      const [a, b] = await Promise.all([first.done, second.done]);
      unhook();

      expect(status.code, status.stderr).toBe(0);
      // Before, status marked every running sync interrupted.
      expect(['running', 'succeeded']).toContain((JSON.parse(status.stdout) as { integrations: { lastSync: { status: string } }[] }).integrations[0]?.lastSync.status);
      expect(decision.code, decision.stderr + decision.stdout).toBe(0);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const after = await tally(db);
      expect(after.runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      const scriptsIn = (out: string): number => Number(/(\d+) identity scripts run/.exec(out)?.[1] ?? -1);
      expect(scriptsIn(a.stdout)).toBeGreaterThan(0);
      expect(scriptsIn(b.stdout)).toBe(0);
      expect(after.scriptRuns).toBe(commandsExecuted); // one script_runs record per run
      expect(after.reportsOk).toBe(after.agentsScripted);
      expect(world.automate.control.auth.rejectedLogins).toBe(0);
      recordCheck(
        SUITE,
        'Two concurrent syncs of one integration',
        `the built CLI twice at once on one database (Automate with TOTP, a 120-device fleet where a quarter of the agents report no hardware inventory, identity scripts on): the second waited for the first (at ${waitedFor}, which the first held when the second got there), said which process held it, then ran ${scriptsIn(b.stdout)} identity scripts (the first ran ${scriptsIn(a.stdout)}); identity reports ok: ${after.reportsOk} of ${after.agentsScripted} agents scripted, 0 lost; script_runs records: ${after.scriptRuns} for ${commandsExecuted} scripts executed (one per run); ${world.automate.control.auth.logins} logins, ${world.automate.control.auth.rejectedLogins} rejected. During the syncs, \`status\` marked nothing interrupted and \`links accept\` waited its turn: both exited 0, so did both syncs, and every run ended succeeded.`,
      );
    } finally {
      await world.close();
    }
  }, 240_000);
});
