/**
 * Roles of API tokens, each allowed what the one before it is and more: viewers read;
 * operators also decide (links, conflicts, undo, sync, tenant creation); admins also run
 * scripts.
 */
import type { ApiTokenRole } from '@rmm-hub/core';

/** The roles, least allowed first. */
export const ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly ApiTokenRole[];

/** What a route needs: a role, or nothing (`public`: the sign-in and the API description). */
export type RouteAccess = ApiTokenRole | 'public';

/** True when `role` may call a route that needs `needed`. */
export function allows(role: ApiTokenRole, needed: RouteAccess): boolean {
  return needed === 'public' || ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
