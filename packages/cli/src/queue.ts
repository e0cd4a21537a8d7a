/** The job queue as the CLI's commands open it: from the config's `queue:`, its background failures shown as notes. */
import { UsageError, type LoadedConfig } from '@rmm-hub/core';
import { queueSettings, SyncQueue, type JobKind, type QueueSettings } from '@rmm-hub/worker';

import { createOutput } from './output.js';

/** The queue's settings (a config error saying how to add one when missing), and a way to open it. */
export function configuredQueue(loaded: LoadedConfig): QueueSettings & { open(note: (text: string) => void): Promise<SyncQueue> } {
  const settings = queueSettings(loaded);
  return {
    ...settings,
    open: (note) => SyncQueue.open({
      url: settings.url,
      schema: settings.schema,
      expireInSeconds: settings.expireInSeconds,
      maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
      retryDelaySeconds: settings.retryDelaySeconds,
      onError: (error) => note(`queue: ${settings.redactor.redact(error instanceof Error ? error.message : String(error))}`),
    }),
  };
}

const KIND_WORDS: Record<JobKind, string> = { sync: 'sync', health: 'health check' };

/**
 * Asks the workers for a job of `kind` on each enabled integration (or the one named). The hub is
 * not opened: the workers load the plugins; a request while one waits is merged into it.
 */
export async function enqueueJobs(loaded: LoadedConfig, kind: JobKind, options: { integration?: string | undefined; json?: boolean | undefined }): Promise<void> {
  const configured = configuredQueue(loaded);
  const enabled = loaded.config.integrations.filter((i) => i.enabled).map((i) => i.id);
  if (options.integration && !enabled.includes(options.integration)) {
    throw new UsageError(`unknown or disabled integration "${options.integration}"`, { hint: `Enabled: ${enabled.join(', ') || 'none'}.` });
  }
  const out = createOutput(Boolean(options.json), configured.redactor);
  const queue = await configured.open(out.note);
  try {
    const enqueued: { integrationId: string; queued: boolean }[] = [];
    for (const id of options.integration ? [options.integration] : enabled) enqueued.push(await queue.enqueue(id, { kind }));
    out.result({ enqueued }, () => enqueued.map((e) => `${e.integrationId}: ${KIND_WORDS[kind]} ${e.queued ? 'queued' : 'already waiting (merged)'}`).join('\n') || 'no enabled integration');
  } finally {
    await queue.close();
  }
}
