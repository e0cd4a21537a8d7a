/**
 * HealthCheck — "is this integration able to do its job right now, and if not, what should a
 * person do?" The host calls it before every sync and from `rmm-hub check`; it fans out to all
 * integrations in parallel. A check never throws for an expected failure: it reports it.
 */
import { z } from 'zod';

import { IsoInstant } from './common.schema.js';
import { capabilityToken } from './token.js';

export const HealthStatus = z.enum(['healthy', 'degraded', 'unhealthy']);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const HealthCheckResult = z.object({
  /** Stable, kebab-case name of the check, e.g. `token-exchange`, `device-visibility`. */
  name: z.string().min(1),
  status: z.enum(['pass', 'warn', 'fail']),
  /** What was found, for a person. */
  message: z.string(),
  /** What to do about it. Required in spirit on every `warn` and `fail`. */
  hint: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type HealthCheckResult = z.infer<typeof HealthCheckResult>;

export const HealthReport = z.object({
  status: HealthStatus,
  checks: z.array(HealthCheckResult).min(1),
  /** When the credentials stop working, where the RMM tells us. */
  credentialExpiresAt: IsoInstant.optional(),
  checkedAt: IsoInstant,
});
export type HealthReport = z.infer<typeof HealthReport>;

export interface HealthCheck {
  check(options?: { signal?: AbortSignal }): Promise<HealthReport>;
}
export const HealthCheck = capabilityToken<HealthCheck>('HealthCheck');

/** The overall status implied by a list of checks: any fail → unhealthy, any warn → degraded. */
export function summariseHealth(checks: readonly HealthCheckResult[]): HealthStatus {
  if (checks.some((c) => c.status === 'fail')) return 'unhealthy';
  if (checks.some((c) => c.status === 'warn')) return 'degraded';
  return 'healthy';
}
