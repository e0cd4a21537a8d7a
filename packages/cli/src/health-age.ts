/**
 * How old an integration's last health check is, and whether it is too old to trust: a
 * "healthy" from yesterday says nothing about a server that went down this morning.
 */
import type { HealthReport } from '@rmm-hub/core';

/** Older than this many sync intervals (or than {@link STALE_WITHOUT_INTERVAL_S}), a check is stale. */
const STALE_INTERVALS = 2;
const STALE_WITHOUT_INTERVAL_S = 3600;

export interface HealthView {
  status: HealthReport['status'];
  checkedAt: string;
  ageSeconds: number;
  stale: boolean;
  /** The failing checks' messages, so "unhealthy" says why. */
  problems: string[];
}

export function healthView(report: HealthReport, syncIntervalSeconds: number | undefined, now: Date): HealthView {
  const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(report.checkedAt)) / 1000));
  const limit = syncIntervalSeconds ? syncIntervalSeconds * STALE_INTERVALS : STALE_WITHOUT_INTERVAL_S;
  return {
    status: report.status,
    checkedAt: report.checkedAt,
    ageSeconds,
    stale: ageSeconds > limit,
    problems: report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.name}: ${c.message}`),
  };
}

/** `42 s`, `5 min`, `3 h`, `2 d`. */
export function humanAge(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}
