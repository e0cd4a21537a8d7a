/**
 * `rmm-hub demo`: the whole product, end to end, against the built-in simulators:
 *   check → sync (clients; linking waits for the MSP's own tenant) → the administrator links
 *   the MSP by hand → sync (links, agents, identification with identity scripts) → a re-sync
 *   that must write nothing → one script per RMM → accuracy against the ground truth →
 *   retire stale reinstalled agents and move misfiled ones, then a re-sync.
 */
import { join } from 'node:path';

import { isRmmError, type HealthReport, type SyncReport } from '@rmm-hub/core';
import type { RmmHub } from '@rmm-hub/hub';

import { attachProgress } from '../progress.js';
import { openHub } from '../context.js';
import { scoreDemo, type DemoAccuracy } from './demo-accuracy.js';
import { demoAgentActions, type DemoAgentActions } from './demo-agent-actions.js';
import { DEMO_INTEGRATIONS, startDemoEnvironment, type DemoEnvironment } from './demo-environment.js';
import { startDemoPostgres } from './demo-postgres.js';

export interface DemoOptions {
  devices: number;
  seed: number;
  latencyMs: number;
  /** Keep the temporary folder (config, secrets, database) for a look afterwards. */
  keep: boolean;
  /** Draw progress on stderr. */
  progress: boolean;
  note: (text: string) => void;
  /** Called with the summary while the simulators and the hub still run (`--serve` serves the console here); they stop once it resolves. */
  beforeClosing?: ((summary: DemoSummary, hub: RmmHub) => Promise<void>) | undefined;
  /** Where the demo keeps its store: a SQLite file (the default), or PostgreSQL (see `startDemoPostgres`). */
  store?: { kind: 'sqlite' } | { kind: 'postgres'; url?: string | undefined } | undefined;
}

export interface DemoScriptResult {
  integrationId: string;
  computerId?: string | undefined;
  agentId?: string | undefined;
  status: string;
  output?: string | undefined;
  durationMs?: number | undefined;
  error?: { code: string; message: string } | undefined;
}

export interface DemoSummary {
  fleet: { seed: number; devices: number; tenants: number; ncentralDevices: number; automateComputers: number };
  health: Record<string, { status: string; failing: string[] }>;
  counts: {
    clients: number;
    links: number;
    autoLinks: number;
    manualLinks: number;
    suggestions: number;
    keptSeparate: number;
    unlinked: number;
    agents: number;
    computers: number;
    conflicts: Record<string, number>;
  };
  accuracy: DemoAccuracy;
  resync: { rowsWritten: number; durationMs: number };
  scripts: DemoScriptResult[];
  /** After scoring, so the accuracy figures are those of identification alone. */
  agentActions: DemoAgentActions;
  warnings: string[];
  timingsMs: Record<string, number>;
  /** Where the store was: its file, or its PostgreSQL server and schema. */
  store: { kind: 'sqlite' | 'postgres'; location: string };
  workDir?: string | undefined;
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - started);
    }
  };

  options.note(`generating a ${options.devices}-device fleet (seed ${options.seed}) and starting the simulated N-central and Automate servers…`);
  const postgres = options.store?.kind === 'postgres' ? await timed('postgres', () => startDemoPostgres((options.store as { url?: string }).url, options.note)) : undefined;
  let hub: RmmHub | undefined;
  let opened: DemoEnvironment | undefined;
  try {
    const env = await timed('environment', () => startDemoEnvironment({ ...options, postgres }));
    opened = env;
    hub = await timed('start', () => openHub(env.config));
    const active = hub;
    const refused = active.integrations().filter((i) => i.state !== 'ready');
    if (refused.length > 0) throw new Error(`integrations refused: ${refused.map((i) => `${i.id}: ${i.error?.message}`).join('; ')}`);

    options.note('checking the integrations…');
    const health = await timed('check', () => checkAll(active));

    const detach = options.progress ? attachProgress(active) : () => undefined;
    const warnings: string[] = [];
    try {
      options.note('first sync: clients (auto-linking waits until the MSP links its own tenant)…');
      const first = await timed('sync1', () => active.sync());
      warnings.push(...syncProblems(first));
      warnings.push(...(await active.links.view()).warnings.map((w) => `before the MSP link: ${w.message}`));

      options.note("linking the MSP's own clients by hand, as its administrator would…");
      await linkMspByHand(active, env);

      options.note('second sync: links, agents, computers and identity scripts…');
      const second = await timed('sync2', () => active.sync());
      warnings.push(...syncProblems(second));

      options.note('third sync, with nothing changed upstream: it must write nothing…');
      const third = await timed('resync', () => active.sync());
      warnings.push(...syncProblems(third));

      detach();
      options.note('running one script per RMM…');
      const scripts = await timed('scripts', () => oneScriptPerRmm(active));

      const view = await active.links.view();
      const rmmOf = (id: string): 'ncentral' | 'automate' | undefined => (id === DEMO_INTEGRATIONS.ncentral ? 'ncentral' : id === DEMO_INTEGRATIONS.automate ? 'automate' : undefined);
      const accuracy = await timed('scoring', () =>
        scoreDemo({ fleet: env.fleet, store: active.store, view, rmmOf, linkableKinds: active.links.config.linkableKinds }),
      );
      const conflicts: Record<string, number> = {};
      for (const c of await active.computers.conflicts({ status: 'open' })) conflicts[c.kind] = (conflicts[c.kind] ?? 0) + 1;
      const agents = await active.store.agents.count();
      const computers = (await active.computers.list()).length;

      options.note('retiring stale reinstalled agents and moving misfiled ones, then a re-sync…');
      const agentActions = await timed('agentActions', () => demoAgentActions(active, env.fleet, rmmOf));
      const summary: DemoSummary = {
        fleet: { seed: options.seed, devices: options.devices, tenants: env.fleet.tenants.length, ncentralDevices: env.fleet.ncentral.agentCount, automateComputers: env.fleet.automate.agentCount },
        health,
        counts: {
          clients: (await active.store.clients.list()).length,
          links: view.links.length,
          autoLinks: view.links.filter((l) => l.source === 'auto').length,
          manualLinks: view.links.filter((l) => l.source === 'manual').length,
          suggestions: view.suggestions.length,
          keptSeparate: view.keptSeparate.length,
          unlinked: view.unlinked.length,
          agents,
          computers,
          conflicts,
        },
        accuracy,
        resync: { rowsWritten: third.rowsWritten, durationMs: third.durationMs },
        scripts,
        agentActions,
        warnings,
        timingsMs: timings,
        store: postgres ? { kind: 'postgres', location: postgres.location } : { kind: 'sqlite', location: join(env.dir, 'rmm-hub.db') },
        ...(options.keep ? { workDir: env.dir } : {}),
      };
      detach();
      await options.beforeClosing?.(summary, active);
      return summary;
    } finally {
      detach();
    }
  } finally {
    await hub?.close();
    await opened?.close({ keep: options.keep });
    await postgres?.close({ keep: options.keep });
  }
}

async function checkAll(hub: RmmHub): Promise<DemoSummary['health']> {
  const out: DemoSummary['health'] = {};
  for (const info of hub.integrations()) {
    try {
      const report: HealthReport = await hub.call(info.id, 'HealthCheck');
      out[info.id] = { status: report.status, failing: report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.name}: ${c.message}`) };
    } catch (error) {
      out[info.id] = { status: 'error', failing: [isRmmError(error) ? `${error.code}: ${error.message}` : String(error)] };
    }
  }
  return out;
}

function syncProblems(report: SyncReport): string[] {
  return [
    ...report.integrations.flatMap((r) => [...(r.error ? [`${r.integrationId}: ${r.error.code} ${r.error.message}`] : []), ...r.warnings.map((w) => `${r.integrationId}: ${w}`)]),
    ...(report.identificationError ? [`identification: ${report.identificationError.message}`] : []),
  ];
}

/** The administrator's first step: link the MSP's own client in each RMM to the MSP tenant. */
async function linkMspByHand(hub: RmmHub, env: DemoEnvironment): Promise<void> {
  const msp = env.fleet.tenants.find((t) => t.isMsp);
  if (!msp) return;
  for (const client of await hub.clients()) {
    const rmm = client.integrationId === DEMO_INTEGRATIONS.ncentral ? 'ncentral' : 'automate';
    if (!hub.links.config.linkableKinds.includes(client.kind)) continue;
    if (env.fleet.truth.tenantOfClient(rmm, Number(client.id)) !== msp.id) continue;
    await hub.links.accept({ integrationId: client.integrationId, clientId: client.id, tenantId: msp.id, actor: 'demo-admin', reason: 'the MSP links its own tenant first' });
  }
}

async function oneScriptPerRmm(hub: RmmHub): Promise<DemoScriptResult[]> {
  const results: DemoScriptResult[] = [];
  for (const integrationId of Object.values(DEMO_INTEGRATIONS)) {
    const computerId = await pickComputer(hub, integrationId);
    if (!computerId) {
      results.push({ integrationId, status: 'skipped', error: { code: 'RMM_ERR_NOT_FOUND', message: 'no online agent that can run scripts' } });
      continue;
    }
    try {
      const outcome = await hub.runScript(computerId, { language: 'powershell', body: '$env:COMPUTERNAME\nGet-Date -Format o', timeoutMs: 120_000 }, { actor: 'demo-admin', integrationId });
      results.push({ integrationId, computerId, agentId: outcome.agentId, status: outcome.result.status, output: outcome.result.output.trim().slice(0, 200), durationMs: outcome.result.durationMs });
    } catch (error) {
      results.push({ integrationId, computerId, status: 'error', error: isRmmError(error) ? { code: error.code, message: error.message } : { code: 'RMM_ERR_INTERNAL', message: String(error) } });
    }
  }
  return results;
}

async function pickComputer(hub: RmmHub, integrationId: string): Promise<string | undefined> {
  for await (const agent of hub.store.agents.iterate({ integrationId })) {
    if (!agent.online || !agent.canRunScripts) continue;
    const computerId = await hub.store.computers.computerOf({ integrationId, agentId: agent.id });
    if (computerId && (await hub.scriptTargets(computerId)).some((a) => a.integrationId === integrationId)) return computerId;
  }
  return undefined;
}
