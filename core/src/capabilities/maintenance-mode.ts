/**
 * MaintenanceMode (optional) — put an agent in the RMM's maintenance mode (alerts and automatic
 * remediation paused) or take it out. The script router switches it on around a script run
 * when asked, and always off again afterwards, even when the run fails.
 */
import { z } from 'zod';

import { capabilityToken } from './token.js';

export const MaintenanceRequest = z.object({
  enabled: z.boolean(),
  /** How long the mode lasts at most, should the host never switch it off (a crash). */
  minutes: z.number().int().positive().max(24 * 60).default(60),
  /** Why, for the RMM's own record. */
  reason: z.string().max(200).optional(),
});
export type MaintenanceRequest = z.infer<typeof MaintenanceRequest>;
export type MaintenanceRequestInput = z.input<typeof MaintenanceRequest>;

export interface MaintenanceMode {
  setMaintenanceMode(agentId: string, request: MaintenanceRequest, options?: { signal?: AbortSignal }): Promise<void>;
}
export const MaintenanceMode = capabilityToken<MaintenanceMode>('MaintenanceMode');
