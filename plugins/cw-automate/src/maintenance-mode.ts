/**
 * MaintenanceMode (optional). Automate lists maintenance modes at `GET computers/MaintenanceModes`
 * as `{ ComputerID, TimeStart, Duration, Mode, UserID }` (reference §8.7); how a client sets one
 * is not documented. This plugin posts such a row to the same collection to start it and
 * deletes `computers/MaintenanceModes/{computerId}` to end it; a server that answers 404 or 405
 * to the start lacks those routes, which is reported as "not supported by this server".
 */
import { NotFoundError, UnsupportedError, isRmmError, type MaintenanceMode, type MaintenanceRequest } from '@rmm-hub/core/plugin';

import type { AutomateApi } from './automate-api.js';
import { parseId } from './parse-values.js';

/** Automate's mode for "alerts and scripts suspended" (the only one the listing shows in use). */
const SUSPEND_ALL = 1;

export class AutomateMaintenance implements MaintenanceMode {
  constructor(
    private readonly api: AutomateApi,
    private readonly now: () => number = Date.now,
  ) {}

  async setMaintenanceMode(agentId: string, request: MaintenanceRequest, options: { signal?: AbortSignal } = {}): Promise<void> {
    const computerId = parseId(agentId);
    if (!computerId) throw new NotFoundError(`cw-automate: "${agentId}" is not an Automate computer id`, { hint: 'Automate computer ids are positive integers.' });
    const signal = options.signal ? { signal: options.signal } : {};
    if (!request.enabled) {
      await this.api.http.request({ method: 'DELETE', path: '/computers/MaintenanceModes/{computerId}', params: { computerId }, ...signal });
      return;
    }
    try {
      await this.api.http.request({
        method: 'POST',
        path: '/computers/MaintenanceModes',
        json: { ComputerID: Number(computerId), TimeStart: new Date(this.now()).toISOString(), Duration: request.minutes, Mode: SUSPEND_ALL, ...(request.reason ? { Comment: request.reason } : {}) },
        ...signal,
      });
    } catch (error) {
      const status = isRmmError(error) ? error.context['status'] : undefined;
      if (status !== 404 && status !== 405) throw error;
      throw new UnsupportedError('cw-automate: setting maintenance mode is not supported by this server', {
        cause: error,
        hint: 'Run the script without --maintenance, or set maintenance mode in the Automate Control Center first.',
      });
    }
  }
}
