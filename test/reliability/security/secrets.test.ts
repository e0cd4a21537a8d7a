/**
 * Canary secrets in every config field marked secret — N-central's `jwt`, Automate's `password`
 * and `mfa.secret` — given as `file:` references, and the whole product exercised around them:
 * health checks, syncs, scripts, error paths (expired password, a restart, persistent faults, a
 * rejected JWT). The canaries must never appear in logs (debug level), events, errors, sync
 * reports, CLI output (text and `--json`, `--debug` included), or the raw bytes of the SQLite
 * database and its WAL. The CLI runs in this process (`runCli`, what the `rmm-hub` binary calls):
 * what is checked is what each command writes, and the suites of processes, crashes and TLS
 * already start the built binary.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { collect, isRmmError, type StoredAgent } from '@rmm-hub/core';
import { createVirtualClock } from '@rmm-hub/plugin-testkit';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { runCliCaptured } from '../../support/run-cli.js';
import { AUTOMATE_PASSWORD, CANARIES, found, foundInBytes, linkedCommandsThenRefusals, NC_JWT, TOTP_SECRET } from './canaries.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { builtInPlugins, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { linkMspByHand } from '../support/state.js';
import { CWA, NC, startWorld, type World } from '../support/world.js';

/** A password with every character that changes between the forms a secret takes on the wire. */
const HOSTILE_PASSWORD = 'Canary "quoted" back\\slash Ünïcødé-€ p/w 9c4e';
/** Its distinctive parts, as a person reading the output would recognise them. */
const HOSTILE_CANARIES = [HOSTILE_PASSWORD, 'back\\slash Ünïcødé', 'Canary "quoted"'];
/** How the echoing server hands a request back in its 400. */
const ECHO_MODES = ['plain text', 'JSON message', 'base64'] as const;

saveChecksAfterAll('secrets', 4, () => ({ canaries: CANARIES.length, fields: ['ncentral.jwt', 'cw-automate.password', 'cw-automate.mfa.secret'], scanned, ...(echo.runs > 0 ? { echo } : {}) }));
const echo = { runs: 0, echoed: 0, modes: [...ECHO_MODES] as string[] };
const scanned: Record<string, number> = {};

/**
 * The hostile canary in `text` in any form: as it is, JSON-escaped (once or twice), or inside any
 * base64 run (decoded at every alignment). Independent of the redactor's own list of forms.
 */
function hostileLeaks(text: string): string[] {
  const forms = (value: string): string[] => [value, JSON.stringify(value).slice(1, -1), JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1)];
  const leaks = HOSTILE_CANARIES.filter((c) => forms(c).some((form) => text.includes(form)));
  for (const run of text.match(/[A-Za-z0-9+/=_-]{12,}/g) ?? []) {
    for (let shift = 0; shift < 4; shift++) {
      const decoded = Buffer.from(run.slice(shift), run.includes('-') || run.includes('_') ? 'base64url' : 'base64').toString('latin1');
      for (const canary of HOSTILE_CANARIES) {
        // Any 8-byte run of the secret (or of its JSON form) is a leak.
        for (const form of forms(canary).map((f) => Buffer.from(f, 'utf8').toString('latin1'))) {
          for (let i = 0; i + 8 <= form.length; i++) if (decoded.includes(form.slice(i, i + 8)) && !leaks.includes(canary)) leaks.push(canary);
        }
      }
    }
  }
  return leaks;
}

/** A server that answers every request with a 400 echoing it (method, path, Authorization, body) in `mode`. */
async function startEchoServer(): Promise<{ server: Server; url: string; setMode(mode: (typeof ECHO_MODES)[number]): void; echoed(): number }> {
  let mode: (typeof ECHO_MODES)[number] = 'plain text';
  let echoed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      echoed++;
      const request = `${req.method ?? ''} ${req.url ?? ''} authorization=${req.headers.authorization ?? ''} body=${Buffer.concat(chunks).toString('utf8')}`;
      if (mode === 'JSON message') res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ Message: `Bad request: ${request}` }));
      else res.writeHead(400, { 'content-type': 'text/plain' }).end(mode === 'base64' ? `Bad request (base64): ${Buffer.from(request).toString('base64')}` : `Bad request: ${request}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setMode: (next) => void (mode = next),
    echoed: () => echoed,
  };
}

function count(kind: string, n: number): void {
  scanned[kind] = (scanned[kind] ?? 0) + n;
}

/** Raw bytes of the database, its WAL and shared memory (whatever exists right now). */
function databaseBytes(path: string): { files: string[]; bytes: Buffer } {
  const files = [path, `${path}-wal`, `${path}-shm`].filter((f) => existsSync(f));
  return { files, bytes: Buffer.concat(files.map((f) => readFileSync(f))) };
}

describe('canary secrets never leak', () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  it('in-process: logs, events, reports, errors and the database stay clean through syncs, scripts and failures', async () => {
    // Automate's waits (script polling, back-off) pass on a clock shared with its simulator.
    const clock = createVirtualClock();
    const world = await startWorld({
      devices: 120,
      clock,
      automateMfa: 'totp',
      secrets: { ncentralJwt: NC_JWT, automatePassword: AUTOMATE_PASSWORD, automateTotpSecret: TOTP_SECRET },
    });
    worlds.push(world);
    // The secrets are only in the files the config points at.
    expect(found(readFileSync(world.configPath, 'utf8'))).toEqual([]);
    const runtime: TestRuntime = await startTestRuntime(world.load(), { record: () => true, plugins: builtInPlugins(clock) });
    const seen: unknown[] = [];
    const dbPath = join(world.dir, 'rmm-hub.db');
    try {
      expect(runtime.host.integrations().map((i) => i.state)).toEqual(['ready', 'ready']);
      for (const id of [NC, CWA]) seen.push(await runtime.host.call(id, 'HealthCheck'));
      seen.push(await runtime.sync.sync());
      await linkMspByHand(runtime.store, runtime.linking, world.fleet);
      seen.push(await runtime.sync.sync());
      expect(await runtime.store.agents.count()).toBeGreaterThan(0);

      // One script per RMM through the router (audited, output kept).
      for (const id of [NC, CWA]) {
        let agent: StoredAgent | undefined;
        for (const a of await collect(runtime.store.agents.iterate({ integrationId: id }))) {
          if (a.online && a.canRunScripts && (await runtime.scripts.candidates((await runtime.store.computers.computerOf({ integrationId: id, agentId: a.id })) ?? '')).length > 0) {
            agent = a;
            break;
          }
        }
        if (!agent) throw new Error(`no agent of ${id} can run a script`);
        const computerId = (await runtime.store.computers.computerOf({ integrationId: id, agentId: agent.id }))!;
        seen.push(await runtime.scripts.runScript(computerId, { language: 'powershell', body: 'Write-Output "hello"', timeoutMs: 30_000 }, { actor: 'reliability', integrationId: id }));
      }

      // Error paths: a restart mid-run (N-central re-authenticates with the JWT), persistent faults, the expired password.
      world.ncentral.control.restart();
      world.ncentral.faults.add({ kind: 'server-error', status: 500, route: '/api/org-units/:orgUnitId/devices' });
      world.automate.faults.add({ kind: 'truncated-json', route: '/cwa/api/v1/computers', afterRequests: 1 });
      const failing = await runtime.sync.sync();
      expect(failing.integrations.map((r) => r.status)).not.toContain('succeeded');
      seen.push(failing);
      world.ncentral.faults.clear();
      world.automate.faults.clear();
      world.ncentral.control.setPasswordExpired(true);
      world.ncentral.control.restart();
      seen.push(await runtime.sync.sync({ integrationIds: [NC] }));
      for (const call of [
        () => runtime.host.call(NC, 'HealthCheck'),
        () => runtime.host.call(NC, 'RunScript', { agentId: '1', language: 'powershell', body: 'x' }),
        () => runtime.host.call(CWA, 'RunScript', { agentId: '999999999', language: 'powershell', body: 'x' }),
      ]) {
        const outcome = await call().catch((error: unknown) => error);
        seen.push(outcome, isRmmError(outcome) ? { message: outcome.message, hint: outcome.hint, context: outcome.context, stack: outcome.stack, cause: String(outcome.cause) } : undefined);
      }
      world.ncentral.control.setPasswordExpired(false);

      const said = JSON.stringify([seen, runtime.logs, runtime.events, runtime.host.integrations()]);
      count('log records', runtime.logs.length);
      count('events', runtime.events.length);
      expect(runtime.logs.length).toBeGreaterThan(10);
      expect(found(said)).toEqual([]);

      // The database, WAL included, before anything is checkpointed away.
      const db = databaseBytes(dbPath);
      count('database bytes', db.bytes.length);
      expect(db.files.some((f) => f.endsWith('-wal'))).toBe(true);
      expect(foundInBytes(db.bytes)).toEqual([]);
    } finally {
      await runtime.close();
    }
    expect(foundInBytes(databaseBytes(dbPath).bytes)).toEqual([]);
    recordCheck('secrets', 'in-process host', `${runtime.logs.length} debug log records, ${runtime.events.length} events, every sync report, script result and error (message, hint, context, stack, cause) through health checks, 4 syncs, 2 scripts, a restart, persistent 500s and truncated JSON, an expired password: no canary`);
    recordCheck('secrets', 'database file and WAL', 'raw bytes of rmm-hub.db, -wal and -shm scanned as UTF-8, UTF-16 and base64, while open and after close: no canary');
  }, 120_000);

  it('the CLI: text and --json output of every command, failures and --debug included, and the database', async () => {
    const world = await startWorld({ devices: 120, secrets: { ncentralJwt: NC_JWT, automatePassword: AUTOMATE_PASSWORD } });
    worlds.push(world);
    // The simulated Automate user needs no TOTP here (each CLI process would wait for a fresh 30 s
    // step); the TOTP canary is still configured, resolved and registered for redaction.
    const raw = structuredClone(world.raw);
    const automate = (raw['integrations'] as Record<string, Record<string, unknown>>[])[1]!;
    writeFileSync(join(world.dir, 'automate.totp'), `${TOTP_SECRET}\n`, { mode: 0o600 });
    automate['config'] = { ...automate['config'], mfa: { mode: 'totp', secret: 'file:automate.totp' } };
    world.rewrite(raw);
    const cli = (...args: string[]) => runCliCaptured(['--config', world.configPath, ...args]);
    const outputs: { args: string; code: number; text: string }[] = [];
    const run = async (...args: string[]): Promise<string> => {
      const result = await cli(...args);
      outputs.push({ args: args.join(' '), code: result.code, text: result.stdout + result.stderr });
      return result.stdout;
    };

    await run('check');
    await run('check', '--json');
    await run('sync', '--json');
    const store = SqliteStore.open({ path: join(world.dir, 'rmm-hub.db') });
    await linkMspByHand(store, new (await import('@rmm-hub/core')).LinkingService(store, { config: world.load().config.linking }), world.fleet);
    await store.close();
    await linkedCommandsThenRefusals(run, world);
    await run('check', '--json');
    await run('check');
    await run('sync', '--json');
    await run('sync', '--debug');
    await run('status', '--json');

    expect(outputs.filter((o) => o.code === 0).length).toBeGreaterThan(8);
    expect(outputs.some((o) => o.code !== 0)).toBe(true);
    for (const o of outputs) expect(found(o.text), o.args).toEqual([]);
    count('CLI runs', outputs.length);
    count('CLI output bytes', outputs.reduce((n, o) => n + o.text.length, 0));
    const db = databaseBytes(join(world.dir, 'rmm-hub.db'));
    count('database bytes', db.bytes.length);
    expect(foundInBytes(db.bytes)).toEqual([]);
    recordCheck('secrets', 'CLI output', `${outputs.length} runs of the CLI (check, sync, status, links, plugins, computers, computer, run-script; text and --json; a rejected JWT, dropped tokens, --debug): no canary in stdout or stderr`);
  }, 120_000);

  it('a server that echoes requests back (plain text, JSON, base64): a password with quotes, backslashes, spaces and non-ASCII never shows', async () => {
    const world = await startWorld({ devices: 20, integrations: [CWA], secrets: { automatePassword: HOSTILE_PASSWORD } });
    worlds.push(world);
    const server = await startEchoServer();
    try {
      const raw = structuredClone(world.raw);
      const automate = (raw['integrations'] as Record<string, Record<string, unknown>>[])[0]!;
      automate['config'] = { ...automate['config'], serverUrl: server.url };
      world.rewrite(raw);
      const dbPath = join(world.dir, 'rmm-hub.db');
      const texts: { where: string; text: string }[] = [];
      for (const mode of ECHO_MODES) {
        server.setMode(mode);
        const before = server.echoed();
        const runtime = await startTestRuntime(world.load(), { record: () => true });
        try {
          const outcomes: unknown[] = [await runtime.host.call(CWA, 'HealthCheck').catch((e: unknown) => e), await runtime.sync.sync()];
          outcomes.push(...await runtime.store.syncRuns.list({ limit: 10 }));
          texts.push({ where: `${mode}: in-process reports, errors, logs and events`, text: JSON.stringify([outcomes, runtime.logs, runtime.events, runtime.host.integrations()]) });
        } finally {
          await runtime.close();
        }
        for (const args of [['check'], ['check', '--json'], ['sync'], ['sync', '--json', '--debug'], ['status'], ['status', '--json']]) {
          const result = await runCliCaptured(['--config', world.configPath, ...args]);
          texts.push({ where: `${mode}: rmm-hub ${args.join(' ')}`, text: result.stdout + result.stderr });
          echo.runs++;
        }
        // The server did see the password in each mode: the check is not vacuous.
        expect(server.echoed() - before, mode).toBeGreaterThan(0);
        echo.echoed += server.echoed() - before;
      }
      // The check itself finds the password in what the server said.
      expect(hostileLeaks(`Bad request (base64): ${Buffer.from(JSON.stringify({ Password: HOSTILE_PASSWORD })).toString('base64')}`)).not.toEqual([]);
      for (const { where, text } of texts) expect(hostileLeaks(text), where).toEqual([]);
      const db = databaseBytes(dbPath);
      expect(db.bytes.length).toBeGreaterThan(0);
      expect(hostileLeaks(db.bytes.toString('utf8')), 'database').toEqual([]);
      expect(hostileLeaks(db.bytes.toString('utf16le')), 'database (UTF-16)').toEqual([]);
      count('echoing-server CLI runs', ECHO_MODES.length * 6);
    } finally {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.server.close(() => resolve()));
    }
    recordCheck('secrets', 'a server echoing requests back', `a password with quotes, backslashes, spaces and non-ASCII (sent JSON-escaped) against a server answering each request with a 400 that echoes it in ${ECHO_MODES.join(', ')} (${echo.echoed} echoes): not found — as sent, JSON-escaped or inside any base64 run — in ${echo.runs} CLI runs (check, sync, status; text and --json, --debug), in-process reports, errors, logs and events, or the database (sync_runs.error included)`);
  }, 120_000);
});
