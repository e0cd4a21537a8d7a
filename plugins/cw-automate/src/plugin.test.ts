import { createLogger, memorySink, SecretRedactor } from '@rmm-hub/core';
import { CAPABILITIES, capabilityNameOf, memoryIntegrationState, type PluginContext } from '@rmm-hub/core/plugin';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';

import plugin, { AutomateConfig } from './index.js';

describe('the cw-automate plugin definition', () => {
  it('declares its capabilities and provides each one with its method', async () => {
    expect(plugin).toMatchObject({ id: 'cw-automate', $$type: '@rmm-hub/plugin' });
    const provided = new Map<string, unknown>();
    const disposers: Array<() => void | Promise<void>> = [];
    const redactor = new SecretRedactor();
    const config = AutomateConfig.parse({
      serverUrl: 'https://automate.example.com',
      clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      username: 'api',
      password: 'secret-password',
      mfa: { mode: 'integrator' },
    });
    const ctx: PluginContext<AutomateConfig> = {
      integrationId: 'cwa-test',
      pluginId: 'cw-automate',
      config,
      logger: createLogger({ sink: memorySink(), redactor }),
      redactor,
      signal: new AbortController().signal,
      state: memoryIntegrationState(),
      skipRecord: () => undefined,
      provide: (token, provider) => {
        provided.set(capabilityNameOf(token) ?? '?', 'useValue' in provider ? provider.useValue : provider);
      },
      onDispose: (cleanup) => void disposers.push(cleanup),
    };
    await plugin.register(container.createChildContainer(), ctx);
    expect([...provided.keys()].sort()).toEqual([...plugin.capabilities].sort());
    for (const name of plugin.capabilities) {
      const impl = provided.get(name) as Record<string, unknown>;
      expect(typeof impl[CAPABILITIES[name].method], name).toBe('function');
    }
    expect(redactor.leaks('the password is secret-password')).toBe(true);
    for (const dispose of disposers) await dispose();
  });
});
