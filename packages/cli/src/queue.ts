/** The job queue as the CLI's commands open it: from the config's `queue:`, its background failures shown as notes. */
import type { LoadedConfig } from '@rmm-hub/core';
import { queueSettings, SyncQueue, type QueueSettings } from '@rmm-hub/worker';

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
