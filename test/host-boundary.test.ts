import { afterEach, describe, expect, it } from 'vitest';

import { ErrorCodes, isRmmError, PluginLoadCodes, REDACTED } from '@rmm-hub/core';

import { CANARY, fixturePlugin, startFixtureHost } from './support/fixture-plugins.js';

type Session = Awaited<ReturnType<typeof startFixtureHost>>;
const sessions: Session[] = [];
async function start(...args: Parameters<typeof startFixtureHost>): Promise<Session> {
  const session = await startFixtureHost(...args);
  sessions.push(session);
  return session;
}
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

const integration = (id: string, misbehave = 'none', extra: Record<string, unknown> = {}) => ({
  id,
  plugin: 'fixture-good',
  config: { apiKey: 'env:FIXTURE_KEY', misbehave, ...extra },
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('host', () => {
  it('exposes integrations, supports() and call() uniformly', async () => {
    const { host } = await start({ integrations: [integration('fx-one')] });
    expect(host.integrations()).toEqual([expect.objectContaining({ id: 'fx-one', state: 'ready', capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript', 'MaintenanceMode'] })]);
    expect(host.supports('fx-one', 'RunScript')).toBe(true);
    expect(host.supports('fx-one', 'DeleteAgent')).toBe(false);
    const clients = await collect(host.call('fx-one', 'ListClients'));
    expect(clients.map((c) => c.id)).toEqual(['0', '1', '2']); // numeric ids coerced to strings
    const agents = await collect(host.call('fx-one', 'ListComputers', { clientIds: ['0'] }));
    expect(agents).toHaveLength(2);
    const result = await host.call('fx-one', 'RunScript', { agentId: '0-1', language: 'powershell', body: 'hostname' });
    expect(result).toMatchObject({ status: 'success', output: 'ran powershell on 0-1' });
  });

  it('contains a plugin that throws: coded, attributed, and the other integration keeps working', async () => {
    const { host } = await start({ integrations: [integration('fx-bad', 'throw'), integration('fx-ok')] });
    const error = await host.call('fx-bad', 'HealthCheck').catch((e: unknown) => e);
    expect(isRmmError(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCodes.pluginCrash, integrationId: 'fx-bad', pluginId: 'fixture-good', capability: 'HealthCheck' });
    expect((error as Error).message).toContain('cannot read properties of undefined');
    await expect(host.call('fx-ok', 'HealthCheck')).resolves.toMatchObject({ status: 'healthy' });
  });

  it('times out a plugin that hangs, and releases the caller', async () => {
    const { host } = await start({ integrations: [integration('fx-hang', 'hang')] });
    const started = Date.now();
    const error = await host.call('fx-hang', 'HealthCheck', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.timeout, integrationId: 'fx-hang', capability: 'HealthCheck' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps the original catalogue code of an error a plugin raises on purpose', async () => {
    const { host } = await start({ integrations: [integration('fx-auth', 'bad-credentials')] });
    await expect(host.call('fx-auth', 'HealthCheck')).rejects.toMatchObject({ code: ErrorCodes.auth, pluginCode: ErrorCodes.auth, hint: 'Generate a new API key.' });
  });

  it('scrubs secrets a plugin puts into its errors, hints and logs', async () => {
    const { host, logs, events } = await start({ integrations: [integration('fx-leak', 'leak')] });
    const error = (await host.call('fx-leak', 'HealthCheck').catch((e: unknown) => e)) as Error & { hint?: string };
    expect(error.message).toContain(REDACTED);
    const everything = JSON.stringify([error.message, error.hint, (error as { context?: unknown }).context, String(error.stack), logs, events]);
    expect(everything).not.toContain(CANARY);
  });

  it('skips and reports invalid records, with their path, instead of failing the stream', async () => {
    const { host, events } = await start({ integrations: [integration('fx-records', 'bad-records')] });
    const clients = await collect(host.call('fx-records', 'ListClients'));
    expect(clients.map((c) => c.id)).toEqual(['0', '2']);
    const reported = events.filter((e) => e.name === 'integration:error');
    expect(reported).toHaveLength(1);
    expect(JSON.stringify(reported[0])).toMatch(/RMM_ERR_INVALID_RECORD.*id/);
  });

  it('refuses, with a coded reason, an integration whose plugin declares a capability it does not register', async () => {
    const { host } = await start({ integrations: [{ id: 'fx-undeclared', plugin: 'fixture-undeclared' }, integration('fx-ok')] }, [fixturePlugin('undeclared')]);
    const [refused, ok] = host.integrations();
    expect(refused).toMatchObject({ id: 'fx-undeclared', state: 'refused', error: { code: PluginLoadCodes.capabilityNotRegistered } });
    expect(refused?.error?.message).toContain('RunScript');
    expect(ok).toMatchObject({ id: 'fx-ok', state: 'ready' });
  });

  it('refuses, with a coded reason, an integration whose plugin provides a capability it does not declare', async () => {
    const { host } = await start({ integrations: [{ id: 'fx-over', plugin: 'fixture-overprovides' }, integration('fx-ok')] }, [fixturePlugin('overprovides')]);
    const [refused, ok] = host.integrations();
    expect(refused).toMatchObject({ id: 'fx-over', state: 'refused', error: { code: PluginLoadCodes.capabilityNotDeclared } });
    expect(refused?.error?.message).toContain('register() provides RunScript but the manifest does not declare it');
    expect(ok).toMatchObject({ id: 'fx-ok', state: 'ready' });
  });

  it('refuses an integration with a bad config, pointing at the exact path, and keeps the others', async () => {
    const { host } = await start({ integrations: [integration('fx-cfg', 'none', { clients: -1 }), integration('fx-ok')] });
    expect(host.integrations()[0]).toMatchObject({ state: 'refused', error: { code: 'RMM_ERR_CONFIG', path: 'integrations[0].config.clients' } });
    expect(host.integrations()[1]).toMatchObject({ state: 'ready' });
  });

  it('refuses an integration that names an unknown plugin, listing what is available', async () => {
    const { host } = await start({ integrations: [{ id: 'nc', plugin: 'ncentral-typo' }] });
    expect(host.integrations()[0]?.error?.message).toMatch(/ncentral-typo.*available: fixture-good/);
  });

  it('answers a call to a missing integration or capability with RMM_ERR_UNSUPPORTED', async () => {
    const { host } = await start({ integrations: [integration('fx-one')] });
    await expect(host.call('nope', 'HealthCheck')).rejects.toMatchObject({ code: ErrorCodes.unsupported });
    await expect(host.call('fx-one', 'DeleteAgent', 'x', { dryRun: true })).rejects.toMatchObject({ code: ErrorCodes.unsupported });
  });
});
