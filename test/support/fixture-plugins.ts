/** Paths to the fixture plugin packages under test/fixtures/plugins, and a host built on them. */
import { fileURLToPath } from 'node:url';

import { discoverPlugins, Host, memorySink, parseConfigText, type HostConfigInput } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

export const fixturePlugin = (name: 'good' | 'future-api' | 'duplicate' | 'undeclared' | 'overprovides' | 'not-branded'): string =>
  fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));

export const CANARY = 'canary-secret-7f3a9b21c4';

/** Starts a host on the given config with the good fixture plugin (and any extra ones). */
export async function startFixtureHost(config: HostConfigInput, extraPlugins: string[] = []) {
  const discovery = await discoverPlugins({ explicit: [fixturePlugin('good'), ...extraPlugins], baseDir: process.cwd() });
  const sink = memorySink();
  const store = SqliteStore.open({ path: ':memory:' });
  const host = await Host.start({
    config: parseConfigText(JSON.stringify(config)),
    baseDir: process.cwd(),
    plugins: discovery.plugins,
    refused: discovery.refused,
    store,
    env: { FIXTURE_KEY: CANARY },
    logSink: sink,
  });
  const events: { name: string; payload: unknown }[] = [];
  for (const name of ['integration:loaded', 'integration:refused', 'integration:error', 'integration:health'] as const) {
    host.events.on(name, (payload: unknown) => events.push({ name, payload }));
  }
  return {
    host,
    store,
    logs: sink.records,
    events,
    discovery,
    async close() {
      await host.dispose();
      await store.close();
    },
  };
}
