import { CAPABILITIES, PLUGIN_API_VERSION, type CapabilityToken } from '@rmm-hub/core/plugin';
import { describe, expect, it } from 'vitest';

import plugin from './index.js';
import { startHarness } from './ncentral-harness.test.helper.js';

describe('the plugin definition', () => {
  it('is a branded definition with the declared capabilities, matching package.json', async () => {
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { rmmHub: { pluginId: string; apiVersion: number } };
    expect(plugin.$$type).toBe('@rmm-hub/plugin');
    expect(plugin.id).toBe(pkg.rmmHub.pluginId);
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(pkg.rmmHub.apiVersion).toBe(PLUGIN_API_VERSION);
    expect([...plugin.capabilities].sort()).toEqual(['AgentUrl', 'DeleteAgent', 'GetAgentInstaller', 'GetComputerIdentity', 'HealthCheck', 'ListActiveIssues', 'ListClients', 'ListComputers', 'RunScript']);
  });

  it('provides every declared capability with its method', async () => {
    const h = await startHarness();
    try {
      for (const name of plugin.capabilities) {
        const info = CAPABILITIES[name];
        const impl = h.get(info.token as CapabilityToken<Record<string, unknown>>);
        expect(typeof impl[info.method], name).toBe('function');
      }
    } finally {
      await h.close();
    }
  });
});
