/**
 * The config's `queue:` settings, resolved: the PostgreSQL URL read from the secret it refers
 * to. A command that needs the queue and finds none configured gets a config error saying what
 * to add.
 */
import { ConfigError, resolveSecretReferences, SecretRedactor, type LoadedConfig } from '@rmm-hub/core';

export interface QueueSettings {
  url: string;
  schema: string;
  expireInSeconds: number;
  maintenanceIntervalSeconds: number;
  retryDelaySeconds: number;
  pollIntervalSeconds: number;
  /** Knows the URL, so output and errors never show its password. */
  redactor: SecretRedactor;
}

export function queueSettings(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const settings = loaded.config.queue;
  if (!settings) {
    throw new ConfigError('queue', 'no job queue is configured', {
      hint: 'Add `queue: { kind: pg-boss, url: env:RMM_QUEUE_URL }` to the config, with RMM_QUEUE_URL a PostgreSQL URL (the store\'s server will do). Without a queue, `rmm-hub sync` syncs in one process.',
    });
  }
  const redactor = new SecretRedactor();
  const { url } = resolveSecretReferences({ url: settings.url }, ['url'], ['queue'], { env, baseDir: loaded.baseDir, redactor }) as { url: string };
  const { schema, expireInSeconds, maintenanceIntervalSeconds, retryDelaySeconds, pollIntervalSeconds } = settings;
  return { url, schema, expireInSeconds, maintenanceIntervalSeconds, retryDelaySeconds, pollIntervalSeconds, redactor };
}
