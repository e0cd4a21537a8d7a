/**
 * The org-unit endpoints (reference §4): service orgs, customers, sites and generic org units.
 * Their ids are JSON *strings* (`"237"`), unlike the numeric ids of device records. How these
 * lists page is unconfirmed, so the answer follows `settings.orgListMode`.
 */
import { SimHttpError, type Router, type SimRequest, type SimResponse } from '../server/router.js';
import type { NcCustomer, NcServiceOrg, NcSite } from '../fleet/fleet.types.js';
import type { NcSimContext } from './nc-context.js';
import { guarded } from './nc-guard.js';
import type { NcOrgUnit } from './nc-org-model.js';
import { listResponse, pageWindow, queryResponse, readPageRequest } from './nc-paging.js';

const CONTACT = {
  contactFirstName: null,
  contactLastName: null,
  phone: null,
  contactTitle: null,
  contactEmail: null,
  contactPhone: null,
  contactPhoneExt: null,
  contactDepartment: null,
  street1: null,
  street2: null,
  city: null,
  stateProv: null,
  country: null,
  postalCode: null,
};

/** The `orgUnitType` values (unconfirmed upstream; clients should not depend on them). */
export const ORG_UNIT_TYPES = { system: 'SYSTEM', 'service-org': 'SERVICE_ORG', customer: 'CUSTOMER', site: 'SITE' } as const;

function soJson(so: NcServiceOrg): Record<string, unknown> {
  return { soId: String(so.soId), soName: so.soName, orgUnitType: ORG_UNIT_TYPES['service-org'], parentId: '1', externalId: null, externalId2: null, ...CONTACT, isSystem: false, isServiceOrg: true };
}

function customerJson(c: NcCustomer): Record<string, unknown> {
  return {
    customerId: String(c.customerId),
    customerName: c.customerName,
    orgUnitType: ORG_UNIT_TYPES.customer,
    parentId: String(c.soId),
    externalId: c.externalId ?? null,
    externalId2: c.externalId2 ?? null,
    ...CONTACT,
    county: null,
    isSystem: false,
    isServiceOrg: false,
  };
}

function siteJson(s: NcSite): Record<string, unknown> {
  return { siteId: String(s.siteId), siteName: s.siteName, orgUnitType: ORG_UNIT_TYPES.site, parentId: String(s.customerId), externalId: null, externalId2: null, ...CONTACT };
}

function orgUnitJson(u: NcOrgUnit): Record<string, unknown> {
  return { orgUnitId: String(u.id), orgUnitName: u.name, orgUnitType: ORG_UNIT_TYPES[u.kind], parentId: u.parentId === null ? null : String(u.parentId) };
}

/** Parses a numeric path id. @throws SimHttpError 400 when it is not an integer. */
export function pathId(req: SimRequest, name: string): number {
  const raw = req.params[name] ?? '';
  if (!/^\d{1,16}$/.test(raw)) throw new SimHttpError(400, `BAD REQUEST: ${name} must be a number, got '${raw}'`);
  return Number(raw);
}

/** Answers an org-unit list in the configured envelope. */
function orgList(ctx: NcSimContext, req: SimRequest, items: Record<string, unknown>[]): SimResponse {
  if (ctx.settings.orgListMode === 'unpaged') return { status: 200, body: listResponse(items, items.length) };
  const page = readPageRequest(req.query);
  const [s, e] = pageWindow(page, items.length);
  const data = items.slice(s, e);
  if (ctx.settings.orgListMode === 'paged') return { status: 200, body: listResponse(data, items.length) };
  return { status: 200, body: queryResponse(req.path, req.query, page, items.length, data) };
}

function one(body: Record<string, unknown>): SimResponse {
  return { status: 200, body: { data: body, _links: {} } };
}

function unitOf(ctx: NcSimContext, id: number, kind: NcOrgUnit['kind'] | undefined, what: string): NcOrgUnit {
  const unit = ctx.org.unit(id);
  if (!unit || (kind !== undefined && unit.kind !== kind)) throw new SimHttpError(404, `NOT FOUND: ${what} ${id} not found`);
  return unit;
}

/** Registers the org-unit routes. */
export function registerOrgUnitRoutes(router: Router, ctx: NcSimContext): void {
  const nc = ctx.fleet.ncentral;
  const g = (h: Parameters<typeof guarded>[1]) => guarded(ctx, h);

  router.on('GET', '/api/service-orgs', g((req) => orgList(ctx, req, nc.serviceOrgs.map(soJson))));
  router.on('GET', '/api/service-orgs/:soId', g((req) => {
    const u = unitOf(ctx, pathId(req, 'soId'), 'service-org', 'Service organization');
    return one(soJson((u as Extract<NcOrgUnit, { kind: 'service-org' }>).so));
  }));
  router.on('GET', '/api/service-orgs/:soId/customers', g((req) => {
    const id = pathId(req, 'soId');
    unitOf(ctx, id, 'service-org', 'Service organization');
    return orgList(ctx, req, (ctx.org.customersBySo.get(id) ?? []).map(customerJson));
  }));

  router.on('GET', '/api/customers', g((req) => orgList(ctx, req, nc.customers.map(customerJson))));
  router.on('GET', '/api/customers/:customerId', g((req) => {
    const u = unitOf(ctx, pathId(req, 'customerId'), 'customer', 'Customer');
    return one(customerJson((u as Extract<NcOrgUnit, { kind: 'customer' }>).customer));
  }));
  router.on('GET', '/api/customers/:customerId/sites', g((req) => {
    const id = pathId(req, 'customerId');
    unitOf(ctx, id, 'customer', 'Customer');
    return orgList(ctx, req, (ctx.org.sitesByCustomer.get(id) ?? []).map(siteJson));
  }));

  if (ctx.settings.sitesList) router.on('GET', '/api/sites', g((req) => orgList(ctx, req, nc.sites.map(siteJson))));
  router.on('GET', '/api/sites/:siteId', g((req) => {
    const u = unitOf(ctx, pathId(req, 'siteId'), 'site', 'Site');
    return one(siteJson((u as Extract<NcOrgUnit, { kind: 'site' }>).site));
  }));

  router.on('GET', '/api/org-units', g((req) => orgList(ctx, req, [...ctx.org.units.values()].map(orgUnitJson))));
  router.on('GET', '/api/org-units/:orgUnitId', g((req) => one(orgUnitJson(unitOf(ctx, pathId(req, 'orgUnitId'), undefined, 'Org unit')))));
  router.on('GET', '/api/org-units/:orgUnitId/children', g((req) => {
    const id = pathId(req, 'orgUnitId');
    unitOf(ctx, id, undefined, 'Org unit');
    return orgList(ctx, req, ctx.org.children(id).map(orgUnitJson));
  }));
}
