/**
 * The HTTP API of `rmm-hub serve` on the simulators' data (a synced demo fleet), called the way
 * programs and browsers call it: every route against its role, browser sessions with their CSRF
 * token, strict headers, coded problems, cursor pages, the decisions with their audit records
 * under the token's name, the OpenAPI document against what is served — and the token secrets
 * and configured RMM secrets never in any answer or log line.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DemoEnvironment } from '@rmm-hub/cli';
import type { RmmHub } from '@rmm-hub/hub';
import { ApiTokens, CSRF_HEADER, createServer, type ApiServer, type Route } from '@rmm-hub/server';

import { openReviewFleet } from './support/review-fleet.js';

const APP_ROOT = fileURLToPath(new URL('.', import.meta.url));

let env: DemoEnvironment;
let hub: RmmHub;
let server: ApiServer;
const secrets = { viewer: '', operator: '', admin: '', revoked: '' };
const logs: string[] = [];
/** Everything the server answered (status line aside), to search for secrets at the end. */
const answered: string[] = [];

beforeAll(async () => {
  ({ env, hub } = await openReviewFleet(APP_ROOT));
  const tokens = new ApiTokens(hub.store);
  for (const role of ['viewer', 'operator', 'admin'] as const) secrets[role] = (await tokens.create({ name: `${role}-token`, role })).secret;
  secrets.revoked = (await tokens.create({ name: 'gone-token', role: 'admin' })).secret;
  await tokens.revoke('gone-token');
  server = await createServer({ hub, log: (line) => logs.push(line) });
}, 120_000);

afterAll(async () => {
  await server?.app.close();
  await hub?.close();
  await env?.close({ keep: false });
});

/** What `inject` answers, as far as these tests read it. */
interface LightMyRequestResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = unknown>(): T;
}

interface Call {
  as?: keyof typeof secrets | undefined;
  body?: unknown;
  cookie?: string | undefined;
  csrf?: string | undefined;
}

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, options: Call = {}, on: ApiServer = server): Promise<LightMyRequestResponse> {
  const response = await on.app.inject({
    method,
    url,
    headers: {
      ...(options.as ? { authorization: `Bearer ${secrets[options.as]}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.csrf ? { [CSRF_HEADER]: options.csrf } : {}),
    },
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
  answered.push(JSON.stringify(response.headers), response.body);
  return response;
}

function route(operationId: string): Route {
  const found = server.routes.find((r) => r.operationId === operationId);
  if (!found) throw new Error(`no route ${operationId}`);
  return found;
}

/** The answer's JSON, checked against the route's response schema. */
function answer<T = Record<string, unknown>>(response: LightMyRequestResponse, operationId: string, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  const body: unknown = response.json();
  route(operationId).response.parse(body);
  return body as T;
}

/** A computer a script can reach, found through the API. */
async function scriptableComputer(): Promise<{ id: string }> {
  const computers = answer<{ items: { id: string }[] }>(await call('GET', '/api/computers?limit=50', { as: 'viewer' }), 'listComputers').items;
  for (const c of computers) {
    const agents = answer<{ items: unknown[] }>(await call('GET', `/api/computers/${c.id}/agents`, { as: 'viewer' }), 'scriptTargets');
    if (agents.items.length > 0) return c;
  }
  throw new Error('no computer a script can reach');
}

function problem(response: LightMyRequestResponse, status: number, code: string): { message: string; hint?: string; issues?: { path: string }[] } {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json<{ code: string; message: string; hint?: string }>();
  expect(body.code).toBe(code);
  expect(body.message.length).toBeGreaterThan(0);
  expect(response.body).not.toMatch(/\n\s+at /);
  return body;
}

describe('the OpenAPI document', () => {
  it('describes every route served, and serves every route it describes', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, { 'x-rmm-hub-role': string }>> }>();
    expect(doc.openapi).toBe('3.1.0');
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const served = server.served.map((r) => `${r.method} ${r.url}`).filter((r) => r !== 'GET /openapi.json');
    expect(described.sort()).toEqual(served.sort());
    for (const r of server.routes) expect(doc.paths[r.path]?.[r.method.toLowerCase()]?.['x-rmm-hub-role']).toBe(r.access);
  });
});

describe('roles', () => {
  it('refuses a request with no token, an unknown token or a revoked one, saying how to authenticate', async () => {
    for (const as of [undefined, 'revoked'] as const) {
      const body = problem(await call('GET', '/api/computers', { as }), 401, 'RMM_ERR_AUTH');
      expect(body.hint).toContain('tokens create');
    }
    const forged = await server.app.inject({ method: 'GET', url: '/api/computers', headers: { authorization: 'Bearer rmmh_not-a-token' } });
    problem(forged, 401, 'RMM_ERR_AUTH');
  });

  it('lets viewers read but not decide, operators decide but not run scripts, admins run scripts', async () => {
    answer(await call('GET', '/api/computers', { as: 'viewer' }), 'listComputers');
    problem(await call('POST', '/api/links/keep-separate', { as: 'viewer', body: { integrationId: 'ncentral', clientId: '1' } }), 403, 'RMM_ERR_PERMISSION');
    problem(await call('POST', '/api/sync-runs', { as: 'viewer', body: {} }), 403, 'RMM_ERR_PERMISSION');
    problem(await call('POST', '/api/computers/any/scripts', { as: 'operator', body: { language: 'bash', body: 'true' } }), 403, 'RMM_ERR_PERMISSION');
    // The admin passes the role check and reaches the facade, which knows no such computer.
    expect((await call('POST', '/api/computers/no-such/scripts', { as: 'admin', body: { language: 'bash', body: 'true' } })).statusCode).not.toBe(403);
  });

  it('holds every route to its declared role: each role below it is refused', async () => {
    const below = { public: [], viewer: [], operator: ['viewer'], admin: ['viewer', 'operator'] } as const;
    for (const r of server.routes.filter((x) => !x.stream)) {
      for (const as of below[r.access]) {
        const response = await call(r.method, r.path.replace(/\{\w+\}/g, 'x'), { as, ...(r.method === 'GET' ? {} : { body: {} }) });
        expect(response.statusCode, `${as} ${r.method} ${r.path}`).toBe(403);
      }
    }
  });
});

describe('browser sessions', () => {
  it('signs in with a token into an HttpOnly SameSite=Strict cookie, and needs the CSRF token to change anything', async () => {
    const signIn = await call('POST', '/api/session', { body: { token: secrets.operator } });
    const session = answer<{ name: string; role: string; csrfToken: string }>(signIn, 'signIn');
    expect(session).toMatchObject({ name: 'operator-token', role: 'operator' });
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;

    answer(await call('GET', '/api/computers', { cookie }), 'listComputers');
    expect(answer<{ csrfToken: string }>(await call('GET', '/api/session', { cookie }), 'whoAmI').csrfToken).toBe(session.csrfToken);
    const unlink = { integrationId: 'ncentral', clientId: 'none' };
    problem(await call('POST', '/api/links/unlink', { cookie, body: unlink }), 403, 'RMM_ERR_HTTP_CSRF');
    problem(await call('POST', '/api/links/unlink', { cookie, csrf: 'wrong'.padEnd(session.csrfToken.length, 'x'), body: unlink }), 403, 'RMM_ERR_HTTP_CSRF');
    // With the token the request reaches the facade (which knows no such client).
    problem(await call('POST', '/api/links/unlink', { cookie, csrf: session.csrfToken, body: unlink }), 404, 'RMM_ERR_NOT_FOUND');

    answer(await call('DELETE', '/api/session', { cookie, csrf: session.csrfToken }), 'signOut');
    problem(await call('GET', '/api/computers', { cookie }), 401, 'RMM_ERR_AUTH');
  });

  it('rate-limits sign-in attempts per address with a coded problem and Retry-After', async () => {
    const limited = await createServer({ hub, signInLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      for (let i = 0; i < 2; i++) problem(await call('POST', '/api/session', { body: { token: `rmmh_guess${i}` } }, limited), 401, 'RMM_ERR_AUTH');
      const refused = await call('POST', '/api/session', { body: { token: secrets.admin } }, limited);
      problem(refused, 429, 'RMM_ERR_RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.app.close();
    }
  });
});

describe('security headers', () => {
  it('answers with a strict CSP allowing no inline script, and never lets answers be cached or framed', async () => {
    for (const response of [await call('GET', '/api/computers', { as: 'viewer' }), await call('GET', '/api/computers')]) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

describe('requests that are wrong', () => {
  it('answers a body that does not match with a usage problem naming each field, and unknown things with 404', async () => {
    const body = problem(await call('POST', '/api/conflicts/x/resolve', { as: 'operator', body: { resolution: 'smash' } }), 400, 'RMM_ERR_USAGE');
    expect(body.issues?.map((i) => i.path)).toEqual(['body.resolution']);
    problem(await call('GET', '/api/computers?cursor=garbage', { as: 'viewer' }), 400, 'RMM_ERR_USAGE');
    problem(await call('GET', '/api/computers/nope', { as: 'viewer' }), 404, 'RMM_ERR_NOT_FOUND');
    problem(await call('GET', '/api/nothing-here', { as: 'viewer' }), 404, 'RMM_ERR_NOT_FOUND');
    const badJson = await server.app.inject({ method: 'POST', url: '/api/links/accept', headers: { authorization: `Bearer ${secrets.operator}`, 'content-type': 'application/json' }, payload: '{"oops' });
    problem(badJson, 400, 'RMM_ERR_USAGE');
  });
});

describe('lists', () => {
  it('walks every computer once, in name order, a cursor page at a time, and filters by tenant and search', async () => {
    const all = (await hub.computers.list()).map((c) => ({ name: c.name, id: c.id }));
    const key = (c: { name: string; id: string }): string => `${c.name.toLowerCase()}\u0000${c.id}`;
    all.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const walk = async (query: string): Promise<{ id: string; tenantId: string; name: string; agents: number }[]> => {
      const seen: { id: string; tenantId: string; name: string; agents: number }[] = [];
      let cursor: string | undefined;
      do {
        const page = answer<{ items: (typeof seen)[number][]; nextCursor?: string }>(await call('GET', `/api/computers?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`, { as: 'viewer' }), 'listComputers');
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const walked = await walk('');
    expect(walked.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(walked.every((c) => c.agents > 0)).toBe(true);
    const tenant = walked[0]!.tenantId;
    expect((await walk(`&tenantId=${tenant}`)).map((c) => c.id)).toEqual(walked.filter((c) => c.tenantId === tenant).map((c) => c.id));
    const name = walked[0]!.name;
    expect((await walk(`&search=${encodeURIComponent(name.toLowerCase())}`)).map((c) => c.name)).toContain(name);
  });

  it('walks the conflict queue once, in id order, a cursor page at a time, and filters by status, kind and tenant', async () => {
    const [open] = await hub.computers.conflicts();
    if (open === undefined) throw new Error('the fleet has no open conflict');
    // Cleared conflicts on either side of the open one in id order: history the open queue leaves out.
    await hub.store.computers.upsertConflicts([
      { ...open, id: open.id.slice(0, -1), kind: 'history', tenantIds: ['t-elsewhere'], status: 'cleared' },
      { ...open, id: `${open.id}~`, kind: 'history', status: 'cleared' },
    ]);
    const walk = async (query: string): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = answer<{ items: { id: string }[]; nextCursor?: string }>(await call('GET', `/api/conflicts?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`, { as: 'viewer' }), 'listConflicts');
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const all = [open.id.slice(0, -1), open.id, `${open.id}~`];
    expect(await walk('&status=all')).toEqual(all);
    expect(await walk('')).toEqual([open.id]);
    expect(await walk('&status=cleared&kind=history')).toEqual([all[0], all[2]]);
    expect(await walk(`&status=all&tenantId=${open.tenantIds[0]}`)).toEqual([open.id, `${open.id}~`]);
  });

  it('pages clients, links, suggestions and the audit log, each item once', async () => {
    for (const [url, id, expected] of [
      ['/api/clients', 'listClients', (await hub.clients()).length],
      ['/api/links', 'listLinks', (await hub.links.view()).links.length],
      ['/api/suggestions', 'listSuggestions', (await hub.links.view()).suggestions.length],
    ] as const) {
      const keys = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = answer<{ items: { integrationId: string; id?: string; clientId?: string; tenantId?: string }[]; nextCursor?: string }>(await call('GET', `${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { as: 'viewer' }), id);
        for (const item of page.items) keys.add(`${item.integrationId}/${item.id ?? item.clientId}/${item.tenantId ?? ''}`);
        cursor = page.nextCursor;
      } while (cursor);
      expect(keys.size, url).toBe(expected);
    }
    const audit = answer<{ items: { seq: number }[]; nextCursor?: string }>(await call('GET', '/api/audit?limit=2', { as: 'viewer' }), 'listAudit');
    const next = answer<{ items: { seq: number }[] }>(await call('GET', `/api/audit?limit=2&cursor=${audit.nextCursor}`, { as: 'viewer' }), 'listAudit');
    expect(next.items[0]!.seq).toBeLessThan(audit.items[1]!.seq);
  });
});

describe('the console’s pages', () => {
  it('sums the fleet up for the dashboard from the store’s counts', async () => {
    const summary = answer<{ computers: number; identifiedAgents: number; openConflicts: { total: number; byKind: Record<string, number> } }>(await call('GET', '/api/summary', { as: 'viewer' }), 'fleetSummary');
    const open = await hub.computers.conflicts({ status: 'open' });
    expect(open.length, 'the fleet has open conflicts').toBeGreaterThan(0);
    const byKind: Record<string, number> = {};
    for (const c of open) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    expect(summary.openConflicts).toEqual({ total: open.length, byKind });
    expect(summary.computers).toBe((await hub.computers.list({ includeRetired: true })).length);
    expect(summary.identifiedAgents).toBe((await hub.store.computers.counts()).links);
    expect(summary.identifiedAgents).toBeGreaterThanOrEqual(summary.computers);
  });

  it('gives each agent of a computer its RMM console link, or why there is none', async () => {
    const { id } = await scriptableComputer();
    const detail = answer<{ agents: { agent: { integrationId: string; agentId: string } }[] }>(await call('GET', `/api/computers/${id}`, { as: 'viewer' }), 'describeComputer');
    const { items } = answer<{ items: { integrationId: string; agentId: string; url?: string; error?: string }[] }>(await call('GET', `/api/computers/${id}/agent-links`, { as: 'viewer' }), 'agentLinks');
    expect(items.map((l) => `${l.integrationId}/${l.agentId}`).sort()).toEqual(detail.agents.map(({ agent }) => `${agent.integrationId}/${agent.agentId}`).sort());
    for (const link of items) expect(link.url ?? link.error, `${link.integrationId}/${link.agentId}`).toBeTruthy();
    expect(items.some((l) => l.url?.startsWith('http')), 'a simulator offers AgentUrl').toBe(true);
    problem(await call('GET', '/api/computers/no-such/agent-links', { as: 'viewer' }), 404, 'RMM_ERR_NOT_FOUND');
  });
});

describe('decisions and script runs, audited under the token’s name', () => {
  it('accepts one suggestion, rejects another and revokes a decision', async () => {
    const suggestions = answer<{ items: { integrationId: string; clientId: string; tenantId: string; reasons: unknown[] }[] }>(await call('GET', '/api/suggestions?limit=500', { as: 'viewer' }), 'listSuggestions').items;
    const [first, second] = [...new Map(suggestions.map((s) => [`${s.integrationId}/${s.clientId}`, s])).values()];
    expect(second, 'the fleet has two clients with suggestions').toBeDefined();
    expect(first!.reasons.length).toBeGreaterThan(0);

    const accepted = answer<{ decision: { id: string; actor: string } }>(
      await call('POST', '/api/links/accept', { as: 'operator', body: { integrationId: first!.integrationId, clientId: first!.clientId, tenantId: first!.tenantId, reason: 'checked the PSA' } }),
      'acceptLink',
    );
    expect(accepted.decision.actor).toBe('operator-token');
    const rejected = answer<{ decision: { id: string } }>(await call('POST', '/api/links/reject', { as: 'operator', body: { integrationId: second!.integrationId, clientId: second!.clientId } }), 'rejectSuggestion');
    answer(await call('POST', `/api/decisions/${rejected.decision.id}/revoke`, { as: 'operator', body: {} }), 'revokeDecision');
    problem(await call('POST', `/api/decisions/${rejected.decision.id}/revoke`, { as: 'operator', body: {} }), 409, 'RMM_ERR_LINK_ALREADY_REVOKED');

    const audit = answer<{ items: { actor: string; action: string; reason?: string }[] }>(await call('GET', '/api/audit?actor=operator-token', { as: 'viewer' }), 'listAudit').items;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['link:accept', 'link:reject']));
    expect(audit.find((e) => e.action === 'link:accept')?.reason).toBe('checked the PSA');
  });

  it('resolves a conflict and undoes the resolution from the timeline', async () => {
    const conflicts = answer<{ items: { id: string; computerIds: string[] }[] }>(await call('GET', '/api/conflicts', { as: 'viewer' }), 'listConflicts').items;
    expect(conflicts.length, 'the fleet has open conflicts').toBeGreaterThan(0);
    const outcome = answer<{ opId: string; computerIds: string[] }>(await call('POST', `/api/conflicts/${conflicts[0]!.id}/resolve`, { as: 'operator', body: { resolution: 'keep-apart' } }), 'resolveConflict');
    const detail = answer<{ timeline: { opId: string }[] }>(await call('GET', `/api/computers/${outcome.computerIds[0]}`, { as: 'viewer' }), 'describeComputer');
    expect(detail.timeline.map((t) => t.opId)).toContain(outcome.opId);
    answer(await call('POST', `/api/operations/${outcome.opId}/undo`, { as: 'operator', body: { reason: 'too quick' } }), 'undoOperation');
    const reopened = answer<{ items: { id: string }[] }>(await call('GET', '/api/conflicts', { as: 'viewer' }), 'listConflicts').items;
    expect(reopened.map((c) => c.id)).toContain(conflicts[0]!.id);
    const audit = answer<{ items: { actor: string; action: string; reason?: string }[] }>(await call('GET', '/api/audit?actor=operator-token&limit=5', { as: 'viewer' }), 'listAudit').items;
    expect(audit.slice(0, 2).map((e) => [e.action, e.reason])).toEqual([['computer:undo', 'too quick'], ['computer:resolve', undefined]]);
  });

  it('runs a script as an admin, recorded in the audit log under the token’s name', async () => {
    const target = await scriptableComputer();
    const outcome = answer<{ result: { status: string } }>(await call('POST', `/api/computers/${target.id}/scripts`, { as: 'admin', body: { language: 'powershell', body: '$env:COMPUTERNAME', timeoutMs: 60_000 } }), 'runScript');
    expect(outcome.result.status).toBe('success');
    const audit = answer<{ items: { actor: string; subject: string }[] }>(await call('GET', '/api/audit?action=script:run', { as: 'viewer' }), 'listAudit').items;
    expect(audit[0]).toMatchObject({ actor: 'admin-token', subject: `computer:${target.id}` });
  });

  it('runs a health check on request and shows it as the integration’s last health', async () => {
    const report = answer<{ status: string }>(await call('POST', '/api/integrations/automate/health-check', { as: 'operator' }), 'checkHealth');
    expect(report.status).toBe('healthy');
    const { items } = answer<{ items: { id: string; lastHealth?: { status: string } }[] }>(await call('GET', '/api/integrations', { as: 'viewer' }), 'listIntegrations');
    expect(items.find((i) => i.id === 'automate')?.lastHealth?.status).toBe('healthy');
    problem(await call('POST', '/api/integrations/nope/health-check', { as: 'operator' }), 501, 'RMM_ERR_UNSUPPORTED');
  });

  it('creates the previewed tenants for unlinked clients, and links them', async () => {
    const plan = answer<{ tenants: { id: string; clients: { clientId: string }[] }[] }>(await call('GET', '/api/tenant-creation', { as: 'viewer' }), 'previewTenantCreation');
    expect(plan.tenants.length, 'the fleet has an unlinked client').toBeGreaterThan(0);
    const chosen = plan.tenants[0]!;
    const applied = answer<{ tenants: { id: string }[] }>(await call('POST', '/api/tenant-creation', { as: 'operator', body: { tenantIds: [chosen.id], reason: 'new customer' } }), 'applyTenantCreation');
    expect(applied.tenants.map((t) => t.id)).toEqual([chosen.id]);
    const links = answer<{ items: { clientId: string }[] }>(await call('GET', `/api/links?tenantId=${chosen.id}`, { as: 'viewer' }), 'listLinks').items;
    expect(links.map((l) => l.clientId).sort()).toEqual(chosen.clients.map((c) => c.clientId).sort());
  });

  it('previews bulk tenant creation without writing anything', async () => {
    const before = await hub.store.changes();
    answer(await call('GET', '/api/tenant-creation', { as: 'viewer' }), 'previewTenantCreation');
    answer(await call('GET', '/api/integrations', { as: 'viewer' }), 'listIntegrations');
    answer(await call('GET', '/api/agents/retirement-plan', { as: 'viewer' }), 'planRetirement');
    expect(await hub.store.changes()).toBe(before);
  });
});

describe('agent actions', () => {
  type Step = { agent: { integrationId: string; agentId: string; hostname: string }; keep: { online: boolean }; reason: string; action: string };

  it('previews a retirement, then retires just the confirmed agents as an operator, audited under the token’s name', async () => {
    const plan = answer<{ steps: Step[] }>(await call('GET', '/api/agents/retirement-plan', { as: 'viewer' }), 'planRetirement');
    const steps = plan.steps.filter((s) => s.action === 'delete-agent');
    expect(steps.length, 'the fleet has a stale reinstalled agent to retire').toBeGreaterThan(0);
    const chosen = steps[0]!;
    const forged = { integrationId: chosen.agent.integrationId, agentId: 'not-in-the-plan' };
    problem(await call('POST', '/api/agents/retirement-plan', { as: 'operator', body: { agents: [chosen.agent, forged] } }), 409, 'RMM_ERR_HTTP_PLAN_CHANGED');
    problem(await call('POST', '/api/agents/retirement-plan', { as: 'viewer', body: { agents: [chosen.agent] } }), 403, 'RMM_ERR_PERMISSION');

    const { outcomes } = answer<{ outcomes: { step: Step; status: string; actionId?: string }[] }>(
      await call('POST', '/api/agents/retirement-plan', { as: 'operator', body: { agents: [chosen.agent] } }),
      'retireAgents',
    );
    expect(outcomes.map((o) => [o.step.agent.agentId, o.status])).toEqual([[chosen.agent.agentId, 'done']]);
    const audit = answer<{ items: { actor: string; subject: string; details: { actionId: string } }[] }>(await call('GET', '/api/audit?action=agent:retire', { as: 'viewer' }), 'listAudit').items;
    expect(audit[0]).toMatchObject({ actor: 'operator-token', subject: `agent:${chosen.agent.integrationId}/${chosen.agent.agentId}`, details: { actionId: outcomes[0]!.actionId } });
  });

  it('refuses moves and deploys of steps the plan does not hold, and an unknown move to undo', async () => {
    problem(await call('POST', '/api/agents/move-plan', { as: 'operator', body: { agents: [{ integrationId: 'ncentral', agentId: 'nope' }] } }), 409, 'RMM_ERR_HTTP_PLAN_CHANGED');
    problem(await call('POST', '/api/agents/deploy-plan', { as: 'operator', body: { computers: [{ computerId: 'c', integrationId: 'automate' }] } }), 403, 'RMM_ERR_PERMISSION');
    problem(await call('POST', '/api/agents/deploy-plan', { as: 'admin', body: { computers: [{ computerId: 'nope', integrationId: 'automate' }] } }), 409, 'RMM_ERR_HTTP_PLAN_CHANGED');
    problem(await call('POST', '/api/agent-moves/no-such-move/undo', { as: 'operator' }), 404, 'RMM_ERR_NOT_FOUND');
    answer(await call('GET', '/api/agents/deploy-plan', { as: 'viewer' }), 'planDeploys');
  });
});

describe('on a real socket', () => {
  it('listens on loopback and streams a sync’s progress as server-sent events', async () => {
    const live = await createServer({ hub });
    try {
      await live.app.listen({ host: '127.0.0.1', port: 0 });
      const { address, port } = live.app.server.address() as AddressInfo;
      expect(address).toBe('127.0.0.1');
      const events: string[] = [];
      const finished = new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/sync-runs/events', headers: { authorization: `Bearer ${secrets.viewer}` } }, (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          expect(res.headers['content-security-policy']).toBeDefined();
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            answered.push(chunk);
            events.push(...[...chunk.matchAll(/^event: (.+)$/gm)].map((m) => m[1]!));
            if (events.filter((e) => e === 'sync:finished').length === 2) {
              req.destroy();
              resolve();
            }
          });
          // Once subscribed, start the sync through the API itself.
          void fetch(`http://127.0.0.1:${port}/api/sync-runs`, { method: 'POST', headers: { authorization: `Bearer ${secrets.operator}`, 'content-type': 'application/json' }, body: '{}' }).then(async (r) => {
            expect(r.status).toBe(202);
            answered.push(await r.text());
          }, reject);
        });
        req.on('error', (error) => (events.length ? undefined : reject(error)));
        req.end();
      });
      await finished;
      expect(events).toContain('sync:started');
      expect(events).toContain('sync:progress');
    } finally {
      await live.app.close();
    }
  });

  it('streams a script run’s start and finish as server-sent events', async () => {
    const target = await scriptableComputer();
    const live = await createServer({ hub });
    try {
      await live.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = live.app.server.address() as AddressInfo;
      const events: { event: string; runId: string; computerId?: string; status?: string }[] = [];
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/script-runs/events', headers: { authorization: `Bearer ${secrets.viewer}` } }, (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            answered.push(chunk);
            events.push(...[...chunk.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]!) as (typeof events)[number]));
            if (events.some((e) => e.event === 'script:finished')) {
              req.destroy();
              resolve();
            }
          });
          void fetch(`http://127.0.0.1:${port}/api/computers/${target.id}/scripts`, {
            method: 'POST',
            headers: { authorization: `Bearer ${secrets.admin}`, 'content-type': 'application/json' },
            body: JSON.stringify({ language: 'bash', body: 'hostname' }),
          }).then(async (r) => answered.push(await r.text()), reject);
        });
        req.on('error', (error) => (events.length ? undefined : reject(error)));
        req.end();
      });
      const [started, finished] = events;
      expect(started).toMatchObject({ event: 'script:started', computerId: target.id });
      expect(finished).toMatchObject({ event: 'script:finished', runId: started!.runId });
      expect(finished?.status).toBeDefined();
    } finally {
      await live.app.close();
    }
  });
});

describe('secrets', () => {
  it('never answers or logs a token secret or a configured RMM secret', () => {
    expect(answered.length).toBeGreaterThan(50);
    expect(logs.length).toBeGreaterThan(0);
    const everything = [...answered, ...logs].join('\n');
    for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret.slice(5));
    expect(hub.redactor.size).toBeGreaterThan(0);
    expect(hub.redactor.leaks(everything)).toBe(false);
  });
});
