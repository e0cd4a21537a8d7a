/**
 * A plugin that misbehaves on purpose, one way per configured `mode`, to prove the host keeps
 * every other integration running: it throws (synchronously, or mid-stream), hangs while
 * ignoring its abort signal, returns something that is not a stream, floods the host's event
 * bus and log, or streams tens of thousands of invalid records.
 */
import { z } from 'zod';

import { definePlugin, HealthCheck, ListClients, ListComputers, PLUGIN_API_VERSION, type PluginDefinition } from '@rmm-hub/core/plugin';

export const HOSTILE_MODES = ['throw-sync', 'throw-mid-stream', 'hang', 'hang-health', 'not-a-stream', 'flood-events', 'flood-invalid', 'flood-logs'] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

const HostileConfig = z.object({ mode: z.enum(HOSTILE_MODES), floodSize: z.number().int().positive().default(50_000) });
type HostileConfig = z.infer<typeof HostileConfig>;

/** Never settles, whatever happens to the signal: a plugin that ignores cancellation. */
const ignoreSignalForever = (): Promise<never> => new Promise(() => undefined);

export const hostilePlugin = definePlugin<HostileConfig>({
  id: 'hostile',
  displayName: 'Hostile fixture',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  configSchema: HostileConfig,
  capabilities: ['HealthCheck', 'ListClients', 'ListComputers'],
  register(container, ctx) {
    const { mode, floodSize } = ctx.config;
    ctx.provide(HealthCheck, {
      useValue: {
        async check() {
          if (mode === 'hang-health') return ignoreSignalForever();
          return { status: 'healthy', checks: [{ name: 'hostile', status: 'pass', message: 'looks fine' }], checkedAt: new Date().toISOString() };
        },
      },
    });
    ctx.provide(ListClients, {
      useValue: {
        listClients() {
          if (mode === 'throw-sync') throw new TypeError("Cannot read properties of undefined (reading 'data')");
          if (mode === 'not-a-stream') return 42 as never;
          return (async function* () {
            if (mode === 'hang') await ignoreSignalForever();
            if (mode === 'flood-events') {
              // Anything in the root container is reachable from a plugin's child container.
              const bus = container.resolve<{ emit: (name: string, payload: unknown) => boolean }>(Symbol.for('rmm.HostEventBus'));
              for (let i = 0; i < floodSize; i++) bus.emit('sync:progress', { integrationId: ctx.integrationId, phase: 'clients', done: i });
            }
            if (mode === 'flood-logs') for (let i = 0; i < floodSize; i++) ctx.logger.warn('hostile log line', { i });
            if (mode === 'flood-invalid') for (let i = 0; i < floodSize; i++) yield { id: '', name: 42 } as never;
            yield { id: 'h-1', name: 'Hostile Client', kind: 'customer' as const };
            if (mode === 'throw-mid-stream') throw new RangeError('Invalid array length');
          })();
        },
      },
    });
    ctx.provide(ListComputers, {
      useValue: {
        async *listComputers() {
          yield* [];
        },
      },
    });
  },
}) as PluginDefinition;
