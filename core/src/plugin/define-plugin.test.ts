import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { ListClients } from '../capabilities/list-clients.js';
import { isCapabilityName } from '../capabilities/registry.js';
import type { CapabilityToken } from '../capabilities/token.js';
import { PluginLoadCodes } from '../errors/catalogue.js';
import { isRmmError } from '../errors/rmm-error.js';
import { definePlugin, PLUGIN_API_VERSION, type PluginManifest } from './define-plugin.js';
import { checkDefinition } from './plugin-loader.js';

const valid: PluginManifest = {
  id: 'acme-rmm',
  displayName: 'Acme RMM',
  version: '1.2.3',
  apiVersion: PLUGIN_API_VERSION,
  configSchema: z.object({ url: z.string() }),
  capabilities: ['HealthCheck', 'ListClients'],
  register: () => undefined,
};

/** Each entry breaks exactly one field of an otherwise valid manifest. */
const breakage = fc.oneof(
  fc.record({ field: fc.constant('id'), value: fc.oneof(fc.string().filter((s) => !/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(s) || s.length < 2 || s.length > 40), fc.integer(), fc.constant(undefined)) }),
  fc.record({ field: fc.constant('version'), value: fc.oneof(fc.string().filter((s) => !/^\d+\.\d+\.\d+/.test(s)), fc.constant(null)) }),
  fc.record({ field: fc.constant('apiVersion'), value: fc.oneof(fc.double({ noInteger: true }), fc.integer({ max: 0 }), fc.string()) }),
  fc.record({ field: fc.constant('displayName'), value: fc.oneof(fc.constant(''), fc.constant('   '), fc.integer()) }),
  fc.record({ field: fc.constant('configSchema'), value: fc.oneof(fc.object(), fc.string(), fc.constant(undefined)) }),
  fc.record({
    field: fc.constant('capabilities'),
    value: fc.oneof(fc.constant([]), fc.array(fc.string().filter((s) => !isCapabilityName(s)), { minLength: 1 }), fc.constant(['HealthCheck', 'HealthCheck'])),
  }),
  fc.record({ field: fc.constant('register'), value: fc.oneof(fc.constant(undefined), fc.string(), fc.object()) }),
);

describe('definePlugin', () => {
  it('returns a frozen, branded definition for a valid manifest', () => {
    const plugin = definePlugin(valid);
    expect(plugin.$$type).toBe('@rmm-hub/plugin');
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(checkDefinition(plugin, 'test')).toBe(plugin);
  });

  test.prop([breakage])('refuses any invalid manifest with a coded error naming the field, never a crash', ({ field, value }) => {
    const manifest = { ...valid, [field]: value } as unknown as PluginManifest;
    let thrown: unknown;
    try {
      definePlugin(manifest);
    } catch (error) {
      thrown = error;
    }
    expect(isRmmError(thrown)).toBe(true);
    expect((thrown as { code: string }).code).toBe(PluginLoadCodes.invalidManifest);
    expect((thrown as Error).message).toContain(field);
  });

  test.prop([fc.anything()])('the loader refuses arbitrary default exports with a coded error', (value) => {
    try {
      checkDefinition(value, 'fuzz');
      throw new Error('accepted');
    } catch (error) {
      expect(isRmmError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(PluginLoadCodes.invalidManifest);
    }
  });

  it('refuses a definition whose API version this host does not implement', () => {
    const future = { ...definePlugin(valid), apiVersion: PLUGIN_API_VERSION + 1 };
    expect(() => checkDefinition(future, 'future')).toThrow(expect.objectContaining({ code: PluginLoadCodes.versionMismatch }));
  });

  it('rejects, at compile time, providing a capability with the wrong shape', () => {
    definePlugin({
      ...valid,
      register(_container, ctx) {
        // @ts-expect-error — a ListClients provider must implement listClients()
        ctx.provide(Symbol.for('rmm.ListClients') as CapabilityToken<ListClients>, { useValue: { check: async () => 1 } });
      },
    });
  });
});
