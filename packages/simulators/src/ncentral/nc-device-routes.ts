/**
 * Device endpoints (reference §5): the paged device lists (QueryResponse), one device, and its
 * assets (404 for probes), the console's device page (AgentUrl), and — where the server offers it — deleting a device. Until the API user has accepted the EULA, no device is visible
 * while customers still are — the symptom the reference documents.
 */
import { SimHttpError, type Router, type SimRequest, type SimResponse } from '../server/router.js';
import { agentConsolePage } from '../server/console-page.js';
import type { FleetAgent } from '../fleet/fleet.types.js';
import { assetRecord } from './nc-asset-record.js';
import type { NcSimContext } from './nc-context.js';
import { deviceRecord } from './nc-device-record.js';
import { guarded } from './nc-guard.js';
import { SYSTEM_ORG_UNIT_ID, type DeviceScope } from './nc-org-model.js';
import { pathId } from './nc-org-unit-routes.js';
import { pageWindow, queryResponse, readPageRequest } from './nc-paging.js';

const EMPTY_SCOPE: DeviceScope = { size: 0, indexAt: () => 0, positionOf: () => undefined };

function pageOfDevices(ctx: NcSimContext, req: SimRequest, scope: DeviceScope): SimResponse {
  const page = readPageRequest(req.query);
  const sortBy = req.query.get('sortBy');
  if (sortBy !== null && sortBy !== '' && sortBy !== 'deviceId') {
    // Sorting by other fields would need the whole list in memory; the simulator does not model it.
    throw new SimHttpError(400, `BAD REQUEST: sortBy '${sortBy}' is not supported by the simulator (only deviceId)`);
  }
  const visible = ctx.switches.eulaAccepted ? scope : EMPTY_SCOPE;
  const [s, e] = pageWindow(page, visible.size);
  const data: Record<string, unknown>[] = [];
  for (let k = s; k < e; k++) {
    const index = visible.indexAt(page.descending ? visible.size - 1 - k : k);
    data.push(deviceRecord(ctx, ctx.fleet.ncentral.agent(index)));
  }
  return { status: 200, body: queryResponse(req.path, req.query, page, visible.size, data) };
}

/** The agent behind a device id, or a 404. */
export function agentOfDevice(ctx: NcSimContext, deviceId: number): { agent: FleetAgent; index: number } {
  const index = ctx.fleet.ncentral.indexOfAgent(deviceId);
  if (index === undefined || !ctx.switches.eulaAccepted || ctx.org.isDeleted(index)) throw new SimHttpError(404, `NOT FOUND: Device ${deviceId} not found`);
  return { agent: ctx.fleet.ncentral.agent(index), index };
}

/** Registers the device routes. */
export function registerDeviceRoutes(router: Router, ctx: NcSimContext): void {
  const g = (h: Parameters<typeof guarded>[1]) => guarded(ctx, h);
  // The web console's device page, where the plugin's AgentUrl points by default.
  router.on('GET', '/deviceDetails.jsp', (req) => {
    const { agent } = agentOfDevice(ctx, Number(req.query.get('deviceID')));
    return agentConsolePage('N-able N-central', agent.agentId, agent.hostname);
  });
  router.on('GET', '/api/devices', g((req) => pageOfDevices(ctx, req, ctx.org.scope(ctx.org.unit(SYSTEM_ORG_UNIT_ID)!))));
  router.on('GET', '/api/org-units/:orgUnitId/devices', g((req) => {
    const id = pathId(req, 'orgUnitId');
    const unit = ctx.org.unit(id);
    if (!unit) throw new SimHttpError(404, `NOT FOUND: Org unit ${id} not found`);
    return pageOfDevices(ctx, req, ctx.org.scope(unit));
  }));
  router.on('GET', '/api/devices/:deviceId', g((req) => {
    const { agent } = agentOfDevice(ctx, pathId(req, 'deviceId'));
    // The single-device GET leaves the logged-in user empty even where the list shows it.
    const record = { ...deviceRecord(ctx, agent), lastLoggedInUser: null, stillLoggedIn: null };
    return { status: 200, body: { data: record, _links: {} } };
  }));
  if (ctx.settings.deviceDelete) {
    // Recent servers only (reference §5): older ones answer 405 for want of the route.
    router.on('DELETE', '/api/devices/:deviceId', g((req) => {
      const { index } = agentOfDevice(ctx, pathId(req, 'deviceId'));
      ctx.org.deleteDevice(index);
      return { status: 204 };
    }));
  }
  router.on('GET', '/api/devices/:deviceId/assets', g((req) => {
    const deviceId = pathId(req, 'deviceId');
    const { agent } = agentOfDevice(ctx, deviceId);
    if (agent.isProbe) throw new SimHttpError(404, `NOT FOUND: No assets found for device ${deviceId}`);
    return { status: 200, body: { data: assetRecord(ctx, agent), _links: {} } };
  }));
}
