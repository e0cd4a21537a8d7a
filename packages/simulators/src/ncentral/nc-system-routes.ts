/**
 * Unauthenticated system endpoints (reference §1, §8): link discovery, health (server clock,
 * start time) and server-info. They stay up under the expired-password fault, which only
 * affects calls made in the API user's session.
 */
import type { Router } from '../server/router.js';
import type { NcSimContext } from './nc-context.js';
import { guarded } from './nc-guard.js';
import { formatNcTimestamp } from './nc-timestamps.js';

/** Registers the system routes. */
export function registerSystemRoutes(router: Router, ctx: NcSimContext): void {
  const open = { auth: false, session: false };
  router.on('GET', '/api', guarded(ctx, () => ({
    status: 200,
    body: {
      _links: {
        root: '/api',
        health: '/api/health',
        'server-info': '/api/server-info',
        auth: '/api/auth',
        customers: '/api/customers',
        devices: '/api/devices',
        'org-units': '/api/org-units',
        'scheduled-tasks': '/api/scheduled-tasks',
        'service-orgs': '/api/service-orgs',
        sites: '/api/sites',
      },
    },
  }), open));
  router.on('GET', '/api/health', guarded(ctx, () => ({
    status: 200,
    body: { currentTime: formatNcTimestamp(ctx.now(), 'iso-zulu'), startTime: formatNcTimestamp(ctx.startedAt, 'iso-zulu') },
  }), open));
  router.on('GET', '/api/server-info', guarded(ctx, () => ({
    status: 200,
    body: { jvmVersion: '17.0.9', version: '1.0.0', ncentral: ctx.settings.version },
  }), open));
}
