import type { Fleet, FleetMachine } from './fleet.types.js';

/**
 * Serialises a whole fleet (org units, every agent of both RMMs and every machine) to one
 * string, for determinism checks. Materialises everything: meant for small fleets and tests.
 */
export function fleetSnapshot(fleet: Fleet): string {
  const agents = (rmm: 'ncentral' | 'automate') => {
    const view = fleet[rmm];
    return Array.from({ length: view.agentCount }, (_, i) => view.agent(i));
  };
  const machines: FleetMachine[] = [];
  for (let i = 0; ; i++) {
    const m = fleet.truth.machine(`mach-${i}`);
    if (!m) break;
    machines.push(m);
  }
  return JSON.stringify({
    options: fleet.options,
    tenants: fleet.tenants,
    ncentral: { serviceOrgs: fleet.ncentral.serviceOrgs, customers: fleet.ncentral.customers, sites: fleet.ncentral.sites, agents: agents('ncentral') },
    automate: { clients: fleet.automate.clients, locations: fleet.automate.locations, agents: agents('automate') },
    machines,
  });
}
