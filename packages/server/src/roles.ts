/**
 * Roles of API tokens, each allowed what the one before it is and more: viewers read;
 * operators also decide (links, conflicts, undo, sync, tenant creation); admins also run
 * scripts.
 */
import { API_TOKEN_ROLES, type ApiTokenRole } from '@rmm-hub/core';

/** What a route needs: a role, or nothing (`public`: the sign-in and the API description). */
export type RouteAccess = ApiTokenRole | 'public';

/** True when `role` may call a route that needs `needed`. */
export function allows(role: ApiTokenRole, needed: RouteAccess): boolean {
  return needed === 'public' || API_TOKEN_ROLES.indexOf(role) >= API_TOKEN_ROLES.indexOf(needed);
}
