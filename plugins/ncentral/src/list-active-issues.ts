/**
 * ListActiveIssues — open monitoring issues of customers and sites (reference §7). N-central
 * serves them per customer or site org unit only. The meaning of `notificationState` is
 * unconfirmed; the mapping follows the one published guess (higher is worse: 4 warning,
 * 5 critical, 6+ failed) and keeps everything else as `info`.
 */
import type { ActiveIssueInput, ListActiveIssues } from '@rmm-hub/core/plugin';

import type { NcentralApi } from './client.js';
import { parseNcTimestamp, toId, toText } from './nc-values.js';

type Json = Record<string, unknown>;

/** Severity of an N-central notification state. */
export function severityOf(state: unknown): ActiveIssueInput['severity'] {
  const n = typeof state === 'number' ? state : Number(toText(state));
  if (n >= 6) return 'failed';
  if (n === 5) return 'critical';
  if (n === 4 || n === 3) return 'warning';
  return 'info';
}

/** An active-issue record → issue of `clientId`, or undefined without a device or task. */
export function parseActiveIssue(record: Json, clientId: string, timeZone = 'UTC'): ActiveIssueInput | undefined {
  const deviceId = toId(record['deviceId']);
  const taskId = toId(record['taskId']) ?? toId(record['serviceItemId']);
  if (deviceId === undefined || taskId === undefined) return undefined;
  const extra = (typeof record['_extra'] === 'object' && record['_extra'] !== null ? record['_extra'] : {}) as Json;
  const service = toText(record['serviceName']) ?? toText(record['serviceType']) ?? 'Monitoring service';
  const ident = toText(extra['taskIdent']);
  const device = toText(extra['deviceName']) ?? `device ${deviceId}`;
  const since = parseNcTimestamp(extra['transitionTime'], timeZone);
  return {
    id: `${deviceId}:${taskId}`,
    clientId,
    agentId: deviceId,
    severity: severityOf(record['notificationState']),
    title: `${service}${ident ? ` (${ident})` : ''} on ${device}`,
    ...(since === undefined ? {} : { since }),
  };
}

/** The ListActiveIssues capability. */
export class NcentralListActiveIssues implements ListActiveIssues {
  constructor(private readonly api: NcentralApi) {}

  async *listActiveIssues(query: { clientIds: string[] }, options: { signal?: AbortSignal } = {}): AsyncIterable<ActiveIssueInput> {
    for (const raw of new Set(query.clientIds)) {
      const orgUnitId = toId(raw);
      if (orgUnitId === undefined) continue;
      for await (const record of this.api.list<Json>('/api/org-units/{orgUnitId}/active-issues', { orgUnitId }, options.signal)) {
        const issue = parseActiveIssue(record, orgUnitId, this.api.config.serverTimeZone);
        if (issue) yield issue;
      }
    }
  }
}
