import { ErrorCodes } from '@rmm-hub/core';
import { afterEach, describe, expect, it } from 'vitest';

import { miniPlugin } from './fixtures/mini-plugin.js';
import { startMiniRmm, type MiniRmm } from './fixtures/mini-rmm-server.js';
import { startTestHost } from './test-host.js';

let server: MiniRmm | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startTestHost', () => {
  it('boots the real wiring with an in-memory store, recording start-up events, call events and logs', async () => {
    server = await startMiniRmm({ clients: 2, computersPerClient: 1 });
    const t = await startTestHost({
      plugins: [miniPlugin()],
      config: { integrations: [{ id: 'mini', plugin: 'mini-rmm', config: { serverUrl: server.url, apiKey: 'env:KEY' } }] },
      env: { KEY: server.apiKey },
    });
    try {
      expect(t.events[0]).toMatchObject({ name: 'integration:loaded', payload: { integrationId: 'mini', pluginId: 'mini-rmm' } });
      expect(await t.store.integrations.get('mini')).toMatchObject({ pluginId: 'mini-rmm' });
      const report = await t.host.call('mini', 'HealthCheck');
      expect(report.status).toBe('healthy');
      expect(t.events.map((e) => e.name)).toContain('integration:health');
    } finally {
      await t.dispose();
      await t.dispose(); // twice is fine
    }
    expect(t.store.db.open).toBe(false);
  });

  it('reports a refused integration (config error with its path) and keeps running', async () => {
    const t = await startTestHost({
      plugins: [miniPlugin()],
      config: { integrations: [{ id: 'mini', plugin: 'mini-rmm', config: { serverUrl: 'nope', apiKey: 'env:KEY' } }] },
      env: { KEY: 'k-123456789' },
    });
    try {
      expect(t.host.integrations()[0]).toMatchObject({ state: 'refused', error: { code: ErrorCodes.config } });
      expect(t.events).toContainEqual(expect.objectContaining({ name: 'integration:refused' }));
      expect(t.logs.some((record) => record.msg === 'integration refused')).toBe(true);
    } finally {
      await t.dispose();
    }
  });
});
