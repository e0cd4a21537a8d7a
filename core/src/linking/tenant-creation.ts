/**
 * Planning "create tenants for unlinked clients": pure, so the preview and the apply run the
 * same code and an apply creates exactly what the preview showed (tenant ids are derived from
 * the clients, not random).
 *
 * Which clients: linkable, unlinked, not kept separate, and with no suggestion (a client that
 * looks like an existing tenant needs a person's review, not a duplicate tenant) unless
 * `includeSuggested`. Clients of different integrations whose normalised names are equal
 * become ONE tenant linked to each of them; two clients of the same integration never share
 * a planned tenant (several clients on one tenant stay an explicit, separate decision).
 */
import { createHash } from 'node:crypto';

import type { LinkingClient, LinkingResult, ClientRef } from './linking.types.js';
import { normaliseName } from './name-normaliser.js';

export interface PlannedTenant {
  /** Derived from the first client's integration and id: the same in preview and apply. */
  id: string;
  name: string;
  psaCompanyId?: string | undefined;
  domains: string[];
  clients: (ClientRef & { name: string })[];
}

export interface TenantCreationPlan {
  tenants: PlannedTenant[];
  /** Unlinked clients left out, and why. */
  skipped: (ClientRef & { name: string; why: string })[];
}

export interface PlanOptions {
  /** Also create tenants for clients that have suggestions (default false). */
  includeSuggested?: boolean | undefined;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The tenants an apply would create; nothing is written. */
export function planTenantCreation(
  result: LinkingResult,
  clients: readonly LinkingClient[],
  existingTenantIds: ReadonlySet<string>,
  options: PlanOptions = {},
): TenantCreationPlan {
  const byKey = new Map(clients.map((c) => [`${c.integrationId}\u0000${c.id}`, c]));
  const skipped: TenantCreationPlan['skipped'] = [];
  const groups = new Map<string, LinkingClient[]>();
  for (const u of result.unlinked) {
    const client = byKey.get(`${u.integrationId}\u0000${u.clientId}`);
    if (!client) continue;
    if (u.suggestions > 0 && !options.includeSuggested) {
      skipped.push({ integrationId: u.integrationId, clientId: u.clientId, name: u.name, why: 'it has suggestions to review first' });
      continue;
    }
    const core = normaliseName(client.name).core;
    if (core === '') {
      skipped.push({ integrationId: u.integrationId, clientId: u.clientId, name: u.name, why: 'its name has no letters or digits' });
      continue;
    }
    groups.set(core, [...(groups.get(core) ?? []), client]);
  }
  const tenants: PlannedTenant[] = [];
  for (const core of [...groups.keys()].sort(byString)) {
    const members = (groups.get(core) ?? []).sort((a, b) => byString(a.integrationId, b.integrationId) || byString(a.id, b.id));
    // One client per integration per tenant: the n-th client of an integration goes to the n-th tenant.
    const buckets: LinkingClient[][] = [];
    for (const m of members) {
      const bucket = buckets.find((b) => !b.some((x) => x.integrationId === m.integrationId));
      if (bucket) bucket.push(m);
      else buckets.push([m]);
    }
    for (const bucket of buckets) {
      const first = bucket[0] as LinkingClient;
      let id = `tnt-${createHash('sha1').update(`${first.integrationId}/${first.id}`).digest('hex').slice(0, 12)}`;
      for (let n = 2; existingTenantIds.has(id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`;
      // The fullest spelling is usually the official one ("Harbor Logistics Ltd" over "HARBOR LOGISTICS").
      const name = [...bucket].sort((a, b) => b.name.trim().length - a.name.trim().length || byString(a.name, b.name))[0]?.name.trim() ?? core;
      const psaIds = [...new Set(bucket.map((c) => c.hints?.psaCompanyId).filter((p): p is string => p !== undefined && p !== ''))];
      tenants.push({
        id,
        name,
        ...(psaIds.length === 1 ? { psaCompanyId: psaIds[0] } : {}),
        domains: [...new Set(bucket.flatMap((c) => c.hints?.domains ?? []).map((d) => d.toLowerCase()))].sort(),
        clients: bucket.map((c) => ({ integrationId: c.integrationId, clientId: c.id, name: c.name })),
      });
    }
  }
  return { tenants, skipped };
}
