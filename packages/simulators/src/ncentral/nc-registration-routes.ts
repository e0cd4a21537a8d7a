/**
 * Agent registration tokens (reference §7, "Filters and registration"): the same answer for a
 * customer, a site or any org unit — `data.registrationToken` and
 * `data.registrationTokenExpiryDate`. A token is issued once per org unit and kept until it
 * expires, as N-central keeps one per customer.
 */
import { randomBytes } from 'node:crypto';

import { SimHttpError, type Router } from '../server/router.js';
import type { NcSimContext } from './nc-context.js';
import { guarded } from './nc-guard.js';
import { pathId } from './nc-org-unit-routes.js';

/** How long a registration token lives in the simulator (the real lifetime is not documented). */
const TOKEN_LIFETIME_MS = 30 * 86_400_000;

export function registerRegistrationRoutes(router: Router, ctx: NcSimContext): void {
  const tokens = new Map<number, { token: string; expiresAt: number }>();
  const answer = (kind: 'customer' | 'site' | undefined, param: string) =>
    guarded(ctx, (req) => {
      const id = pathId(req, param);
      const unit = ctx.org.unit(id);
      if (!unit || (kind !== undefined && unit.kind !== kind)) throw new SimHttpError(404, `NOT FOUND: ${kind ?? 'Org unit'} ${id} not found`);
      let issued = tokens.get(id);
      if (!issued || issued.expiresAt <= ctx.now()) {
        issued = { token: randomBytes(18).toString('base64url'), expiresAt: ctx.now() + TOKEN_LIFETIME_MS };
        tokens.set(id, issued);
      }
      return { status: 200, body: { data: { registrationToken: issued.token, registrationTokenExpiryDate: new Date(issued.expiresAt).toISOString() }, _links: {} } };
    });
  router.on('GET', '/api/customers/:customerId/registration-token', answer('customer', 'customerId'));
  router.on('GET', '/api/sites/:siteId/registration-token', answer('site', 'siteId'));
  router.on('GET', '/api/org-units/:orgUnitId/registration-token', answer(undefined, 'orgUnitId'));
}
