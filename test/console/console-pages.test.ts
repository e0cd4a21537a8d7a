/**
 * The web console in a real browser, served by `createServer` beside the API on the simulators'
 * synced demo fleet: sign in with a token, accept and reject suggestions from the keyboard,
 * resolve a conflict from its computers side by side and undo that, preview and retire stale
 * agents with a confirmation, and be refused as a viewer with the API's coded problem. Each
 * page is screenshotted under test-results/console/.
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
const secrets = { viewer: '', operator: '' };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ env, hub } = await openReviewFleet(APP_ROOT));
  const tokens = new ApiTokens(hub.store);
  for (const role of ['viewer', 'operator'] as const) secrets[role] = (await tokens.create({ name: `${role}-token`, role })).secret;
  server = await createServer({ hub, console: true });
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

/** A fresh browser context (no cookies), signed in with the role's token, once `ready` shows. */
async function signIn(role: keyof typeof secrets, ready = '#suggestions > li'): Promise<Page> {
  const context = await launched.browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#sign-in:not([hidden])');
  await page.type('#token', secrets[role]);
  await page.click('#sign-in button');
  await page.waitForSelector(ready);
  return page;
}

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

  it('shows an operator a conflict\'s computers side by side with their evidence, resolves it and undoes that', async () => {
    const page = await signIn('operator', '#pages:not([hidden])');
    expect((await hub.computers.conflicts({ status: 'open' })).length, 'the fleet has open conflicts').toBeGreaterThan(0);
    await page.click('#to-conflicts');
    await page.waitForSelector('#conflict-list > li');
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
    const page = await signIn('operator', '#pages:not([hidden])');
    await page.click('#to-actions');
    await page.waitForSelector('#retire-plan .plan-steps > li');
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
});
