import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startMiniRmm, type MiniRmm } from '../fixtures/mini-rmm-server.js';
import { miniPlugin } from '../fixtures/mini-plugin.js';
import { startTestHost } from '../test-host.js';
import { exchangeKey, type HttpFixture } from './fixture-file.js';
import { startRecorder } from './http-recorder.js';
import { startReplayer } from './http-replayer.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Lists everything and runs one script through the real host, against `url`. */
async function session(url: string, apiKey: string): Promise<{ clients: string[]; agents: string[]; script: string }> {
  const t = await startTestHost({
    plugins: [miniPlugin()],
    config: { integrations: [{ id: 'mini', plugin: 'mini-rmm', config: { serverUrl: url, apiKey: 'env:MINI_KEY', pageSize: 4 } }] },
    env: { MINI_KEY: apiKey },
  });
  try {
    const clients: string[] = [];
    for await (const client of t.host.call('mini', 'ListClients')) clients.push(client.id);
    const agents: string[] = [];
    for await (const agent of t.host.call('mini', 'ListComputers', { clientIds: clients.slice(0, 2) })) agents.push(agent.id);
    const run = await t.host.call('mini', 'RunScript', { agentId: agents[0]!, language: 'bash', body: 'echo hi', timeoutMs: 5_000 });
    return { clients, agents, script: run.status };
  } finally {
    await t.dispose();
  }
}

describe('the HTTP recorder and replayer', () => {
  it('records a real session with secrets scrubbed, then replays it offline with the same results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rmm-fixture-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const server: MiniRmm = await startMiniRmm({ clients: 9, computersPerClient: 5, scriptMs: 30 });
    const recorder = await startRecorder({ target: server.url, file: join(dir, 'mini.json'), secrets: [server.apiKey] });
    const live = await session(recorder.url, server.apiKey);
    const fixture = await recorder.stop();
    const tokens = [...server.tokens];
    await server.close(); // from here on, nothing but the file

    const text = await readFile(join(dir, 'mini.json'), 'utf8');
    expect(text).not.toContain(server.apiKey);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(fixture.exchanges.some((e) => e.path === '/login' && e.body.includes('[REDACTED]'))).toBe(true);
    expect(fixture.exchanges.filter((e) => e.path === '/clients')).toHaveLength(3); // 9 clients, 4 per page

    const replayer = await startReplayer({ fixture: join(dir, 'mini.json') });
    cleanups.push(() => replayer.close());
    const offline = await session(replayer.url, 'any-key-will-do');
    expect(offline).toEqual(live);
    expect(live.clients).toHaveLength(9);
    expect(replayer.misses).toEqual([]);
  });

  it('matches the query regardless of parameter order, replays repeats in order and then the last answer', async () => {
    const answer = (body: string): HttpFixture['exchanges'][number] => ({ method: 'GET', path: '/runs/1', query: [['b', '2'], ['a', '1']], status: 200, headers: { 'content-type': 'application/json' }, body });
    const fixture: HttpFixture = { format: 'rmm-hub-http-fixture', version: 1, recordedAt: new Date().toISOString(), target: 'http://x', exchanges: [answer('"running"'), answer('"done"')] };
    const replayer = await startReplayer({ fixture });
    cleanups.push(() => replayer.close());
    const get = async (path: string): Promise<string> => (await fetch(`${replayer.url}${path}`)).text();
    expect(await get('/runs/1?a=1&b=2')).toBe('"running"');
    expect(await get('/runs/1?b=2&a=1')).toBe('"done"');
    expect(await get('/runs/1?a=1&b=2')).toBe('"done"');
    const miss = await fetch(`${replayer.url}/runs/2?a=1`);
    expect(miss.status).toBe(404);
    expect(await miss.text()).toContain('no recorded answer for GET /runs/2?a=1');
    expect(replayer.misses).toEqual(['GET /runs/2?a=1']);
    expect(exchangeKey('get', '/x', [['z', '1'], ['a', '2']])).toBe('GET /x?a=2&z=1');
  });

  it('scrubs secrets sent in the query, and matches such requests on replay when told the secret', async () => {
    const upstream = await startMiniRmm();
    cleanups.push(() => upstream.close());
    const recorder = await startRecorder({ target: upstream.url, secrets: ['query-secret-123'] });
    await (await fetch(`${recorder.url}/clients?page=1&size=2&api_key=query-secret-123&note=query-secret-123`)).text();
    const fixture = await recorder.stop();
    expect(fixture.exchanges[0]?.query).toEqual([['page', '1'], ['size', '2'], ['api_key', '[REDACTED]'], ['note', '[REDACTED]']]);
    const replayer = await startReplayer({ fixture, secrets: ['query-secret-123'] });
    cleanups.push(() => replayer.close());
    const replayed = await fetch(`${replayer.url}/clients?api_key=query-secret-123&note=query-secret-123&page=1&size=2`);
    expect(replayed.status).toBe(401); // what the unauthenticated call got when recorded
  });
});
