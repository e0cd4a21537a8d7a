import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors/catalogue.js';
import { parseConfigText } from './load-config.js';

function configError(text: string): ConfigError {
  try {
    parseConfigText(text, 'rmm-hub.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('applies defaults to an empty file', () => {
    const config = parseConfigText('');
    expect(config.store).toEqual({ kind: 'sqlite', path: './rmm-hub.db' });
    expect(config.integrations).toEqual([]);
    expect(config.discovery.fromDependencies).toBe(true);
  });

  it('reads JSON as well as YAML', () => {
    const config = parseConfigText('{"integrations": [{"id": "nc-prod", "plugin": "ncentral"}]}');
    expect(config.integrations[0]).toMatchObject({ id: 'nc-prod', plugin: 'ncentral', enabled: true, callTimeoutSeconds: 600 });
  });

  it('points at the exact path of a wrong value, with a hint', () => {
    const error = configError('integrations:\n  - id: nc-prod\n    plugin: ncentral\n    syncIntervalSeconds: "often"\n');
    expect(error.code).toBe('RMM_ERR_CONFIG');
    expect(error.path).toBe('integrations[0].syncIntervalSeconds');
    expect(error.hint).toMatch(/number/);
  });

  it('names a missing required key', () => {
    const error = configError('integrations:\n  - plugin: ncentral\n');
    expect(error.path).toBe('integrations[0].id');
    expect(error.hint).toMatch(/Add this required setting/);
  });

  it('refuses unknown keys instead of ignoring a typo, suggesting the key it meant and saying where it is', () => {
    const error = configError('store:\n  path: ./x.db\nintergrations: []\n');
    expect(error.path).toBe('intergrations');
    expect(error.message).toContain('unknown setting "intergrations" (rmm-hub.yaml:3:1)');
    expect(error.hint).toBe('Did you mean "integrations" (not "intergrations")?');
    expect(configError('store: { paht: x }\n').hint).toMatch(/"path"/);
    expect(configError('colour: blue\n').hint).toMatch(/check the spelling/);
  });

  it('reports duplicate integration ids at the second one', () => {
    const error = configError('integrations:\n  - { id: a-b, plugin: x }\n  - { id: a-b, plugin: y }\n');
    expect(error.path).toBe('integrations[1].id');
  });

  it('reports YAML syntax errors with line and column, not a stack trace', () => {
    const error = configError('store:\n  path: [unclosed\n');
    expect(error.message).toMatch(/rmm-hub\.yaml:\d+:\d+/);
    expect(error.hint).toBeDefined();
  });

  it('lists every problem when there are several', () => {
    const error = configError('store: { path: 3 }\nlog: { level: loud }\n');
    const issues = error.context['issues'] as { path: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['log.level', 'store.path']);
  });

  it('takes a PostgreSQL store with its URL as a secret reference, the schema and TLS as PostgreSQL users write them', () => {
    const config = parseConfigText('store:\n  kind: postgres\n  url: env:DATABASE_URL\n  sslmode: verify-ca\n  caFile: ./ca.pem\n');
    expect(config.store).toEqual({ kind: 'postgres', url: 'env:DATABASE_URL', schema: 'rmm_hub', sslmode: 'verify-ca', caFile: './ca.pem' });
    expect(parseConfigText('store: { path: ./x.db }\n').store).toEqual({ kind: 'sqlite', path: './x.db' });
  });

  it('checks the PostgreSQL settings by their own names: a missing URL, a schema it would quote, an SQLite key, an unknown kind', () => {
    expect(configError('store: { kind: postgres }\n').path).toBe('store.url');
    expect(configError('store: { kind: postgres, url: env:X, schema: Bad-Name }\n').path).toBe('store.schema');
    const sqliteKey = configError('store: { kind: postgres, url: env:X, path: ./x.db }\n');
    expect(sqliteKey.path).toBe('store.path');
    expect(sqliteKey.message).toContain('unknown setting "path"');
    expect(configError('store: { kind: mysql }\n').path).toBe('store.kind');
  });

  it('takes an optional pg-boss job queue with its URL as a secret reference and its own schema', () => {
    expect(parseConfigText('store: { path: ./x.db }\n').queue).toBeUndefined();
    expect(parseConfigText('queue: { kind: pg-boss, url: env:QUEUE_URL }\n').queue).toEqual({ kind: 'pg-boss', url: 'env:QUEUE_URL', schema: 'rmm_hub_queue', expireInSeconds: 60, maintenanceIntervalSeconds: 20, retryDelaySeconds: 60, pollIntervalSeconds: 2 });
    expect(configError('queue: { kind: pg-boss, url: env:X, expireInSeconds: 1 }\n').path).toBe('queue.expireInSeconds');
    expect(configError('queue: { kind: pg-boss }\n').path).toBe('queue.url');
    expect(configError('queue: { kind: pg-boss, url: env:X, schema: Bad-Name }\n').path).toBe('queue.schema');
    expect(configError('queue: { kind: bullmq, url: env:X }\n').path).toBe('queue.kind');
  });
});
