/**
 * The HTTP API's latency at fleet scale: a store seeded with N computers (200 tenants, one agent
 * each, a few hundred open conflicts, an audit log), `rmm-hub serve`'s server in a child process
 * (so the load generator does not share its event loop), and autocannon with C concurrent
 * connections on the list and search endpoints. Each response's time is recorded, so the figures
 * are exact percentiles of every request, not of autocannon's per-second samples.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';

import type { AgentLinkRecord, ComputerRecord, ConflictRecord, IdentifiedAgent } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

const AT = '2026-01-01T00:00:00.000Z';
const TENANTS = 200;
const WORDS = ['ACME', 'BETA', 'CORP', 'DELTA', 'EAST', 'FIN', 'GOLD', 'HQ', 'IRIS', 'JADE'];

/** A computer's name: spread over the alphabet, not in id order, like a real fleet's hostnames. */
export const computerName = (i: number): string => `${WORDS[i % WORDS.length]}-${['WS', 'LT', 'SRV'][i % 3]}-${String((i * 7919) % 1_000_003).padStart(7, '0')}`;

/** Writes a store with `computers` computers into a new temporary folder; resolves to the folder. */
export async function seedApiFleet(computers: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-api-bench-'));
  const store = SqliteStore.open({ path: join(dir, 'rmm-hub.db') });
  try {
    await store.transaction(async () => {
      await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
      for (let t = 0; t < TENANTS; t++) await store.tenants.upsert({ id: `t${t}`, name: `Tenant ${t}`, domains: [], isMsp: t === 0 });
      const chunk = 10_000;
      for (let start = 0; start < computers; start += chunk) {
        const agents: IdentifiedAgent[] = [];
        const rows: ComputerRecord[] = [];
        const links: AgentLinkRecord[] = [];
        for (let i = start; i < Math.min(start + chunk, computers); i++) {
          agents.push({ id: String(i), clientId: `c${i % TENANTS}`, hostname: computerName(i), online: i % 4 !== 0, identity: { macAddresses: [] }, canRunScripts: true });
          rows.push({ id: `c_${i.toString(16).padStart(8, '0')}`, tenantId: `t${i % TENANTS}`, name: computerName(i), createdAt: AT });
          links.push({ integrationId: 'nc', agentId: String(i), computerId: `c_${i.toString(16).padStart(8, '0')}`, evidence: '', flags: i % 50 === 0 ? 1 : 0, linkedAt: AT });
        }
        await store.agents.upsertMany('nc', agents, AT);
        await store.computers.upsertComputers(rows);
        await store.computers.upsertLinks(links);
      }
      const conflicts: ConflictRecord[] = [];
      for (let k = 0; k < Math.min(500, computers / 2); k++) {
        const ids = [2 * k, 2 * k + 1].map((i) => `c_${i.toString(16).padStart(8, '0')}`);
        conflicts.push({ id: `k${k}`, kind: 'clone', tenantIds: [`t${k % TENANTS}`], key: `uuid=${k}`, computerIds: ids, ambiguousAgents: [], detail: 'same UUID, two serials', status: 'open', firstSeenAt: AT, updatedAt: AT });
      }
      await store.computers.upsertConflicts(conflicts);
      for (let a = 0; a < 10_000; a++) await store.audit.append({ actor: `user${a % 7}`, action: a % 3 ? 'link:accept' : 'script:run', subject: `computer:c_${a.toString(16)}`, details: {}, at: AT });
    });
  } finally {
    await store.close();
  }
  return dir;
}

/** Starts the API server (a child process) on the seeded folder; resolves to its URL and a viewer token. */
export function startApiChild(childFile: string, dir: string): Promise<{ url: string; token: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        const { url, token } = JSON.parse(line) as { url: string; token: string };
        resolve({ url, token, stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the API server exited (${code}) before listening`)));
  });
}

/** Latency of one scenario, in milliseconds, over every request made. */
export interface LatencyFigures {
  requests: number;
  /** Connection errors (timeouts among them) and non-2xx answers. */
  errors: number;
  /** Of the errors, requests that got no answer within autocannon's 10 s. */
  timeouts: number;
  /** Of the errors, answers with a status other than 2xx. */
  non2xx: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Loads `paths` (cycled through by each connection) for `seconds` with `connections` clients. */
export async function loadPaths(url: string, token: string, paths: readonly string[], connections: number, seconds: number): Promise<LatencyFigures> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` }, requests: paths.map((path) => ({ method: 'GET' as const, path })) },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const at = (q: number): number => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN) * 10) / 10;
  return {
    requests: times.length,
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    rps: Math.round(times.length / seconds),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
}
