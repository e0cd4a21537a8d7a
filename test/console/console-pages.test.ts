/**
 * The web console in a real browser, served by `createServer` beside the API on the simulators'
 * synced demo fleet: sign in with a token, see the dashboard, accept and reject suggestions from
 * the keyboard, resolve a conflict from its computers side by side and undo that, find a
 * computer and undo a merge from its timeline, run a script and find its audit entry, preview
 * and retire stale agents with a confirmation, and be refused as a viewer with the API's coded
 * problem. Each page is screenshotted under
 * test-results/console/.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';

import type { DemoEnvironment } from '@rmm-hub/cli';
import type { RmmHub } from '@rmm-hub/hub';
import { ApiTokens, createServer, type ApiServer } from '@rmm-hub/server';

import { openReviewFleet } from '../support/review-fleet.js';
import { launchBrowser, type LaunchedBrowser } from './support/browser.js';

const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-results/console/', import.meta.url));

let env: DemoEnvironment;
let hub: RmmHub;
let server: ApiServer;
let launched: LaunchedBrowser;
let url: string;
const secrets = { viewer: '', operator: '', admin: '' };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ env, hub } = await openReviewFleet(APP_ROOT));
  const tokens = new ApiTokens(hub.store);
  for (const role of ['viewer', 'operator', 'admin'] as const) secrets[role] = (await tokens.create({ name: `${role}-token`, role })).secret;
  // Every test signs in afresh, more often than the default limit of sign-ins a minute allows
  // one address (that limit has its own test in server-api).
  server = await createServer({ hub, console: true, signInLimit: { max: 100, timeWindowMs: 60_000 } });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}/`;
  launched = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await launched?.browser.close();
  await server?.app.close();
  await hub?.close();
  await env?.close({ keep: false });
});

/** A fresh browser context (no cookies), signed in with the role's token, on one page of the console once `ready` shows. */
async function signIn(role: keyof typeof secrets, to = 'review', ready = '#suggestions > li'): Promise<Page> {
  const context = await launched.browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#sign-in:not([hidden])');
  await page.type('#token', secrets[role]);
  await page.click('#sign-in button');
  await page.waitForSelector('#pages:not([hidden])');
  await page.click(`#to-${to}`);
  await page.waitForSelector(ready);
  return page;
}

/** The computers page showing one computer, found by searching for its name. */
async function openComputer(page: Page, computerId: string): Promise<void> {
  const computer = (await hub.computers.describe(computerId))!.computer;
  await page.click('#to-computers');
  await page.type('#computer-search-text', computer.name);
  await page.click('#computer-search button');
  await page.waitForSelector('#computer-list:not([aria-busy])');
  const item = `#computer-list > li[data-computer=${JSON.stringify(computerId)}] button`;
  await page.waitForSelector(item);
  await page.click(item);
  await page.waitForSelector(`#computer[data-computer=${JSON.stringify(computerId)}] .agent`);
}

/** A computer a script can reach. */
async function scriptable(): Promise<string> {
  for (const c of await hub.computers.list()) if ((await hub.scriptTargets(c.id)).length > 0) return c.id;
  throw new Error('no computer a script can reach');
}

const scriptRuns = async (): Promise<number> => (await hub.store.audit.page({ action: 'script:run', limit: 500 })).length;
const textOf = (page: Page, selector: string): Promise<string> => page.$eval(selector, (node) => node.textContent ?? '');

/** Suggestions as the page lists them, as `integration/client/tenant`. */
const shown = (page: Page): Promise<string[]> => page.$$eval('#suggestions > li', (items) => items.map((item) => item.getAttribute('data-suggestion') ?? ''));
const selected = (page: Page): Promise<string | null> => page.$eval('#suggestions > li[aria-selected="true"]', (item) => item.getAttribute('data-suggestion'));
const itemOf = (key: string): string => `#suggestions > li[data-suggestion=${JSON.stringify(key)}]`;
const partsOf = (key: string): { integrationId: string; clientId: string; tenantId: string } => {
  const [integrationId = '', clientId = '', tenantId = ''] = key.split('/');
  return { integrationId, clientId, tenantId };
};

describe('the console', () => {
  it('serves its page under the API\'s strict CSP, with no inline script', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toMatch(/<script type="module" src="\/app\.js"><\/script>/);
    expect(html).not.toMatch(/<script>|<style|style=/);
  });

  it('refuses a wrong token with the API\'s message and hint, showing no queue', async () => {
    const page = await (await launched.browser.createBrowserContext()).newPage();
    await page.goto(url);
    await page.waitForSelector('#sign-in:not([hidden])');
    await page.type('#token', 'rmmh_not-a-token');
    await page.click('#sign-in button');
    await page.waitForSelector('#problem:not([hidden])');
    expect(await page.$eval('#problem', (p) => p.textContent)).toMatch(/RMM_ERR_AUTH.*tokens create/s);
    expect(await page.$eval('#review', (m) => m.hasAttribute('hidden'))).toBe(true);
    await page.screenshot({ path: `${SHOTS}sign-in-refused.png` });
  });

  // Before the operator's test, which empties the queue.
  it('shows a viewer the queue but refuses its decision, leaving the suggestion in place', async () => {
    const page = await signIn('viewer');
    const first = (await shown(page))[0]!;
    const decisionsBefore = (await hub.links.decisions()).length;
    await page.keyboard.press('a');
    await page.waitForSelector('#problem:not([hidden])');
    expect(await page.$eval('#problem', (p) => p.textContent)).toContain('RMM_ERR_PERMISSION');
    expect((await shown(page))[0]).toBe(first);
    expect(await hub.links.decisions()).toHaveLength(decisionsBefore);
    await page.screenshot({ path: `${SHOTS}review-refused-viewer.png` });
  });

  it('lets an operator accept one suggestion with `a` and reject the next with `j` then `r`', async () => {
    const page = await signIn('operator');
    const before = await shown(page);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(await page.$eval('#suggestions > li', (item) => item.textContent)).toMatch(/%/);
    await page.screenshot({ path: `${SHOTS}review-queue.png` });
    const accepted = partsOf(before[0]!);

    await page.keyboard.press('a');
    await page.waitForSelector(itemOf(before[0]!), { hidden: true });
    const linked = (await hub.links.view()).links.find((l) => l.clientId === accepted.clientId && l.integrationId === accepted.integrationId);
    expect(linked).toMatchObject({ tenantId: accepted.tenantId, source: 'manual' });

    // Accepting one can settle others (the hub re-links what the decision explains): read the queue again.
    await page.waitForSelector('#suggestions > li');
    const queue = await shown(page);
    await page.keyboard.press('j');
    const toReject = (await selected(page))!;
    expect(toReject).toBe(queue[1] ?? queue[0]);
    await page.keyboard.press('r');
    await page.waitForSelector(itemOf(toReject), { hidden: true });
    const rejected = partsOf(toReject);
    const decisions = (await hub.links.decisions({ integrationId: rejected.integrationId, clientId: rejected.clientId })).filter((d) => d.kind === 'reject-suggestion');
    expect(decisions).toEqual([expect.objectContaining({ tenantId: rejected.tenantId, actor: 'operator-token' })]);
    await page.screenshot({ path: `${SHOTS}review-after-decisions.png` });
  });

  it('bulk-accepts the high-confidence suggestions an operator previews and confirms, holding back clients with several', async () => {
    // A threshold the review fleet's best suggestions reach: its surest matches were linked
    // automatically, so what waits for review scores lower.
    const { suggestions } = await hub.links.view();
    const percent = Math.floor(Math.max(...suggestions.map((s) => s.score)) * 100) - 1;
    const above = suggestions.filter((s) => s.score >= percent / 100);
    const perClient = new Map<string, number>();
    for (const s of above) perClient.set(`${s.integrationId}/${s.clientId}`, (perClient.get(`${s.integrationId}/${s.clientId}`) ?? 0) + 1);
    const expected = [...perClient].filter(([, n]) => n === 1).map(([key]) => key).sort();
    expect(expected.length, 'the fleet has high-confidence suggestions').toBeGreaterThan(0);
    const page = await signIn('operator');
    await page.$eval('#bulk-min', (input, value) => input.setAttribute('value', value), String(percent));
    const decisionsBefore = (await hub.store.audit.list({ action: 'link:accept' })).length;
    await page.click('#bulk-accept button');
    await page.waitForSelector('#bulk-preview .bulk-count');
    expect(await page.$$eval('#bulk-preview .bulk-steps > li', (items) => items.length)).toBe(expected.length);
    // Nothing is decided before the confirmation.
    expect(await hub.store.audit.list({ action: 'link:accept' })).toHaveLength(decisionsBefore);
    await page.screenshot({ path: `${SHOTS}bulk-accept-preview.png`, fullPage: true });
    await page.click('#bulk-preview .bulk-confirm');
    await page.waitForSelector('#bulk-preview .bulk-summary');
    expect(await textOf(page, '#bulk-preview .bulk-summary')).toBe(`${expected.length} accepted, 0 failed.`);
    const linked = new Set((await hub.links.view()).links.map((l) => `${l.integrationId}/${l.clientId}`));
    expect(expected.filter((key) => !linked.has(key))).toEqual([]);
  });

  it('shows an operator a conflict\'s computers side by side with their evidence, resolves it and undoes that', async () => {
    const page = await signIn('operator', 'conflicts', '#conflict-list > li');
    expect((await hub.computers.conflicts({ status: 'open' })).length, 'the fleet has open conflicts').toBeGreaterThan(0);
    const conflictId = (await page.$eval('#conflict-list > li', (item) => item.getAttribute('data-conflict')))!;
    const conflict = (await hub.computers.conflicts({ status: 'open' })).find((c) => c.id === conflictId)!;
    await page.click(`#conflict-list > li[data-conflict=${JSON.stringify(conflictId)}] button`);
    await page.waitForSelector('#conflict .computer');
    expect(await page.$$eval('#conflict .computer', (sides) => sides.length)).toBe(conflict.computerIds.length);
    expect(await page.$$eval('#conflict .computer dt', (keys) => keys.length)).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}conflict-side-by-side.png`, fullPage: true });

    await page.click('#conflict .resolve-keep-apart');
    await page.waitForSelector(`#conflict-list > li[data-conflict=${JSON.stringify(conflictId)}]`, { hidden: true });
    const resolved = (await hub.computers.conflicts({ status: 'resolved' })).find((c) => c.id === conflictId);
    expect(resolved).toMatchObject({ resolution: 'keep-apart', resolvedBy: 'operator-token' });
    await page.screenshot({ path: `${SHOTS}conflicts-after-resolve.png` });

    await page.click('#conflict .undo');
    await page.waitForSelector(`#conflict-list > li[data-conflict=${JSON.stringify(conflictId)}]`);
    expect((await hub.computers.conflicts({ status: 'open' })).map((c) => c.id)).toContain(conflictId);
  });

  it('previews the retirement plan with its reasons, and retires what an operator confirms: no online agent touched', async () => {
    const plan = await hub.agents.planRetirement();
    const planned = plan.steps.filter((s) => s.action === 'delete-agent').map((s) => `${s.agent.integrationId}/${s.agent.agentId}`);
    expect(planned.length, 'the fleet has stale reinstalled agents').toBeGreaterThan(0);
    const page = await signIn('operator', 'actions', '#retire-plan .plan-steps > li');
    expect(await page.$$eval('#retire-plan .plan-steps input:checked', (boxes) => boxes.map((b) => b.getAttribute('value') ?? ''))).toEqual(planned);
    expect(await page.$$eval('#retire-plan .plan-steps .reason', (reasons) => reasons.map((r) => r.textContent ?? ''))).toEqual(plan.steps.map((s) => s.reason));
    await page.screenshot({ path: `${SHOTS}retirement-plan.png`, fullPage: true });

    // Apply asks once more; nothing is done before the confirmation.
    const retiredBefore = (await hub.store.audit.list({ action: 'agent:retire' })).length;
    await page.click('#retire-plan .apply');
    await page.waitForSelector('#retire-plan .confirmation');
    expect(await page.$eval('#retire-plan .confirmation', (p) => p.textContent)).toContain(`Retire ${planned.length} agent(s)?`);
    expect(await hub.store.audit.list({ action: 'agent:retire' })).toHaveLength(retiredBefore);
    await page.click('#retire-plan .confirm');
    await page.waitForSelector('#retire-plan .summary');
    expect(await page.$eval('#retire-plan .summary', (p) => p.textContent)).toContain(`${planned.length} done, 0 skipped, 0 failed`);
    await page.screenshot({ path: `${SHOTS}retirement-applied.png`, fullPage: true });

    const retired = (await hub.store.audit.list({ action: 'agent:retire' })).slice(0, planned.length);
    expect(retired.map((e) => e.subject.replace(/^agent:/, '')).sort()).toEqual([...planned].sort());
    expect(retired.every((e) => e.actor === 'operator-token')).toBe(true);
    // No online agent touched: by what the hub knew, and by the simulators' ground truth.
    const online: string[] = [];
    for (const key of planned) {
      const [integrationId = '', agentId = ''] = key.split('/');
      const rmm = integrationId === 'ncentral' ? env.fleet.ncentral : env.fleet.automate;
      const index = rmm.indexOfAgent(Number(agentId));
      if ((await hub.store.agents.get(integrationId, agentId))?.online || (index !== undefined && rmm.agent(index).online)) online.push(key);
    }
    expect(online).toEqual([]);
  });

  it('deploys a missing agent an admin confirms on the actions page, through the agent the computer has, audited', async () => {
    const plan = await hub.agents.planDeploys();
    const step = plan.steps.find((s) => s.action === 'deploy');
    expect(step, 'the fleet has a computer missing an agent its tenant uses').toBeDefined();
    const key = `${step!.computerId}/${step!.target.integrationId}`;
    const page = await signIn('admin', 'actions', '#deploy-plan .plan-steps > li');
    // Only the one step stays ticked: the server acts on what is confirmed, nothing more.
    const ticked = await page.$$eval('#deploy-plan .plan-steps input:checked', (boxes) => boxes.map((b) => b.getAttribute('value') ?? ''));
    expect(ticked).toContain(key);
    for (const value of ticked) if (value !== key) await page.click(`#deploy-plan input[value="${value}"]`);
    await page.click('#deploy-plan .apply');
    await page.waitForSelector('#deploy-plan .confirmation');
    expect(await textOf(page, '#deploy-plan .confirmation')).toContain('Deploy 1 agent(s)?');
    await page.click('#deploy-plan .confirm');
    await page.waitForSelector('#deploy-plan .summary');
    expect(await textOf(page, '#deploy-plan .summary')).toContain('1 done, 0 skipped, 0 failed');
    await page.screenshot({ path: `${SHOTS}deploy-applied.png`, fullPage: true });
    const [entry] = await hub.store.audit.list({ action: 'agent:deploy' });
    expect(entry?.actor).toBe('admin-token');
    expect(entry?.subject).toContain(step!.computerId);
  });

  it('shows the dashboard: each integration\'s health with its age and last sync, and the fleet\'s figures', async () => {
    const page = await signIn('viewer', 'dashboard', '#figures dd');
    const integrations = await page.$$eval('#integrations > tr', (rows) => rows.map((row) => row.getAttribute('data-integration')));
    expect(integrations.sort()).toEqual(hub.integrations().map((i) => i.id).sort());
    const row = await textOf(page, '#integrations > tr');
    expect(row).toMatch(/healthy, checked .*(ago|now)/);
    const figures = await textOf(page, '#figures');
    const open = await hub.computers.conflicts({ status: 'open' });
    expect(figures).toContain(`open conflicts${open.length}`);
    expect(figures).toContain(`computers${(await hub.computers.list({ includeRetired: true })).length}`);
    await page.screenshot({ path: `${SHOTS}dashboard.png`, fullPage: true });
  });

  it('finds a computer by name and shows its agents with their evidence and RMM links', async () => {
    const page = await signIn('viewer', 'computers', '#computer-list > li');
    await page.screenshot({ path: `${SHOTS}computers.png` });
    const computerId = await scriptable();
    await openComputer(page, computerId);
    const detail = (await hub.computers.describe(computerId))!;
    expect(await page.$$eval('#computer .agent', (agents) => agents.length)).toBe(detail.agents.length);
    expect(await page.$$eval('#computer .agent dt', (keys) => keys.length)).toBeGreaterThan(0);
    const links = await page.$$eval('#computer .agent-url', (anchors) => anchors.map((a) => a.getAttribute('href')));
    const offered = (await hub.agents.urlsOf(computerId)).filter((l) => l.url).map((l) => l.url);
    expect(links).toEqual(offered);
    expect(links.length, 'a simulator offers AgentUrl').toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}computer.png`, fullPage: true });
  });

  it('undoes a merge from the computer\'s timeline', async () => {
    // The demo fleet's conflicts all span tenants, which are never merged: a clone conflict
    // between two computers of one tenant is queued here, then merged through the hub.
    const computers = await hub.computers.list();
    const a = computers.find((c) => computers.some((other) => other.id !== c.id && other.tenantId === c.tenantId))!;
    const b = computers.find((c) => c.id !== a.id && c.tenantId === a.tenantId)!;
    const at = new Date().toISOString();
    await hub.store.computers.upsertConflicts([
      { id: 'console-clone', kind: 'clone', tenantIds: [a.tenantId], key: 'serial=console', computerIds: [a.id, b.id], ambiguousAgents: [], detail: 'same serial', status: 'open', firstSeenAt: at, updatedAt: at },
    ]);
    const merged = await hub.computers.resolveConflict('console-clone', 'merge', { actor: 'setup' });
    const survivor = (await Promise.all(merged.computerIds.map((id) => hub.computers.describe(id)))).find((d) => d?.computer.retiredAt === undefined)!.computer.id;
    const page = await signIn('operator', 'computers', '#computer-list > li');
    await openComputer(page, survivor);
    const entry = `#computer .timeline > li[data-op=${JSON.stringify(merged.opId)}]`;
    expect(await textOf(page, entry)).toMatch(/absorbed .* \(merge\)/);
    const entries = await page.$$eval('#computer .timeline > li', (items) => items.length);
    await page.click(`${entry} .undo-op`);
    await page.waitForFunction(`document.querySelectorAll('#computer .timeline > li').length > ${entries}`);
    expect((await hub.store.computers.getOp(merged.opId))?.op.undoneAt).toBeDefined();
    expect((await hub.store.audit.page({ action: 'computer:undo', limit: 1 }))[0]?.actor).toBe('operator-token');
    expect((await hub.computers.describe(a.id === survivor ? b.id : a.id))?.computer.retiredAt).toBeUndefined();
    expect((await hub.computers.conflicts({ status: 'open' })).map((c) => c.id)).toContain('console-clone');
    await page.screenshot({ path: `${SHOTS}computer-after-undo.png`, fullPage: true });
  });

  it('refuses a viewer on the script runner, running nothing', async () => {
    const page = await signIn('viewer', 'computers', '#computer-list > li');
    await openComputer(page, await scriptable());
    const before = await scriptRuns();
    await page.type('#script-body', 'hostname');
    await page.click('#script-runner button[type=submit]');
    await page.waitForSelector('#problem:not([hidden])');
    expect(await textOf(page, '#problem')).toContain('RMM_ERR_PERMISSION');
    expect(await textOf(page, '#script-status')).toBe('not run');
    expect(await scriptRuns()).toBe(before);
    await page.screenshot({ path: `${SHOTS}script-runner-refused-viewer.png`, fullPage: true });
  });

  it('runs a script as an admin with its status live, then finds its entry in the audit log', async () => {
    const page = await signIn('admin', 'computers', '#computer-list > li');
    const computerId = await scriptable();
    await openComputer(page, computerId);
    // Every status the runner shows, in order, as the page changes it.
    await page.evaluate(`window.statuses = []; new MutationObserver(() => window.statuses.push(document.getElementById('script-status').textContent)).observe(document.getElementById('script-status'), { childList: true, characterData: true, subtree: true })`);
    await page.select('#script-language', 'powershell');
    await page.type('#script-body', '$env:COMPUTERNAME');
    await page.click('#script-runner button[type=submit]');
    await page.waitForFunction(`/^success on /.test(document.getElementById('script-status').textContent)`);
    const statuses = (await page.evaluate('window.statuses')) as string[];
    expect(statuses[0]).toBe('starting…');
    expect(statuses.some((s) => s.startsWith('running on '))).toBe(true);
    await page.screenshot({ path: `${SHOTS}script-runner.png`, fullPage: true });

    await page.click('#to-audit');
    await page.waitForSelector('#audit-entries > tr');
    const first = await page.$$eval('#audit-entries > tr:first-child > td', (cells) => cells.map((cell) => cell.textContent));
    expect(first.slice(1, 4)).toEqual(['admin-token', 'script:run', `computer:${computerId}`]);
    await page.screenshot({ path: `${SHOTS}audit-log.png` });

    // Filtered by action on the server: only script runs, as many as the log holds.
    await page.type('#audit-action', 'script:run');
    await page.click('#audit-filter button');
    await page.waitForFunction(`[...document.querySelectorAll('#audit-entries > tr > td:nth-child(3)')].every((cell) => cell.textContent === 'script:run')`);
    expect(await page.$$eval('#audit-entries > tr', (rows) => rows.length)).toBe(await scriptRuns());
  });
});
