/**
 * `GET /api/org-units/{id}/active-issues` (reference §7): open monitoring issues of a customer
 * or site (an SO or System answers 400), as a QueryResponse. Which devices have an issue is a
 * stable function of the device id, so tests can predict it with {@link activeIssueOf}.
 */
import { SimHttpError, type Router } from '../server/router.js';
import type { FleetAgent } from '../fleet/fleet.types.js';
import type { NcSimContext } from './nc-context.js';
import { deviceHash } from './nc-device-record.js';
import { guarded } from './nc-guard.js';
import { pathId } from './nc-org-unit-routes.js';
import { pageWindow, queryResponse, readPageRequest } from './nc-paging.js';
import { formatNcTimestamp } from './nc-timestamps.js';

const SERVICES = [
  { serviceId: 101, serviceName: 'Disk Space', serviceType: 'Disk', taskIdent: 'C:' },
  { serviceId: 102, serviceName: 'CPU', serviceType: 'CPU', taskIdent: '' },
  { serviceId: 103, serviceName: 'Windows Service', serviceType: 'Service', taskIdent: 'Spooler' },
  { serviceId: 104, serviceName: 'Agent Status', serviceType: 'Connectivity', taskIdent: '' },
] as const;

/** The active issue an agent has (one in eight non-probe agents, offline ones on connectivity), or undefined. */
export function activeIssueOf(agent: FleetAgent): { service: (typeof SERVICES)[number]; notificationState: number; taskId: number } | undefined {
  const h = deviceHash(agent.agentId, 17);
  if (!agent.online && !agent.isProbe) return { service: SERVICES[3], notificationState: 5, taskId: 700_000 + (h % 100_000) };
  if (agent.isProbe || h % 8 !== 0) return undefined;
  const service = SERVICES[(h >>> 3) % 3] as (typeof SERVICES)[number];
  return { service, notificationState: (h >>> 5) % 2 === 0 ? 4 : 5, taskId: 700_000 + (h % 100_000) };
}

/** Registers the active-issue route. */
export function registerActiveIssueRoutes(router: Router, ctx: NcSimContext): void {
  router.on('GET', '/api/org-units/:orgUnitId/active-issues', guarded(ctx, (req) => {
    const id = pathId(req, 'orgUnitId');
    const unit = ctx.org.unit(id);
    if (!unit) throw new SimHttpError(404, `NOT FOUND: Org unit ${id} not found`);
    if (unit.kind !== 'customer' && unit.kind !== 'site') {
      throw new SimHttpError(400, `BAD REQUEST: Only organization units that are customers or sites are currently supported`);
    }
    const page = readPageRequest(req.query);
    const scope = ctx.switches.eulaAccepted ? ctx.org.scope(unit) : { size: 0, indexAt: () => 0, positionOf: () => undefined };
    const items: Record<string, unknown>[] = [];
    const customer = ctx.org.unit(unit.kind === 'site' ? unit.parentId : unit.id);
    for (let k = 0; k < scope.size; k++) {
      const agent = ctx.fleet.ncentral.agent(scope.indexAt(k));
      const issue = activeIssueOf(agent);
      if (!issue) continue;
      items.push({
        orgUnitId: agent.siteId ?? agent.clientId,
        deviceId: agent.agentId,
        notificationState: issue.notificationState,
        serviceId: issue.service.serviceId,
        serviceName: issue.service.serviceName,
        serviceType: issue.service.serviceType,
        taskId: issue.taskId,
        serviceItemId: issue.service.serviceId * 10,
        _extra: {
          deviceName: agent.hostname,
          customerTree: ['System', ctx.org.serviceOrgOf(agent.clientId)?.soName ?? '', customer?.name ?? ''],
          soCustomerID: ctx.org.serviceOrgOf(agent.clientId)?.soId ?? null,
          transitionTime: formatNcTimestamp(ctx.startedAt - (deviceHash(agent.agentId, 19) % 86_400) * 1000, 'asset-local', ctx.settings.timeZone),
          taskIdent: issue.service.taskIdent,
          probe: false,
          acknowledgedBy: null,
          numberOfActiveNotification: 1,
          numberOfAcknowledgedNotification: 0,
          deviceClassValue: null,
          deviceClassLabel: null,
        },
      });
    }
    const [s, e] = pageWindow(page, items.length);
    return { status: 200, body: queryResponse(req.path, req.query, page, items.length, items.slice(s, e)) };
  }));
}
