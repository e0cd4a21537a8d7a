/**
 * A generated fleet whose N-central devices can change between two syncs, for the incremental
 * re-sync benchmark. Generated fleets derive agents on demand and cannot be edited, so this wraps
 * one: `change(share)` picks every (1/share)-th device, deterministically, and changes half of
 * them by a rename and the other half by a re-registration (the device is removed and a new
 * device id takes its place, as after an agent reinstall): new, removed and renamed devices.
 */
import type { Fleet, FleetAgent } from '@rmm-hub/simulators';

/** Offset of the ids of re-registered devices: above every generated id. */
const NEW_ID_OFFSET = 1_000_000_000_000;

/** What {@link ChangingFleet.change} changed. */
export interface FleetChanges {
  renamed: number;
  /** Each one removed device and one new device. */
  reregistered: number;
}

export interface ChangingFleet {
  readonly fleet: Fleet;
  change(share: number): FleetChanges;
}

export function changingFleet(base: Fleet): ChangingFleet {
  const overrides = new Map<number, FleetAgent>();
  const indexOfNew = new Map<number, number>();
  const removed = new Set<number>();
  const nc = base.ncentral;
  const ncentral: Fleet['ncentral'] = {
    serviceOrgs: nc.serviceOrgs,
    customers: nc.customers,
    sites: nc.sites,
    agentCount: nc.agentCount,
    agent: (i) => overrides.get(i) ?? nc.agent(i),
    agentRange: (customerId) => nc.agentRange(customerId),
    indexOfAgent: (agentId) => indexOfNew.get(agentId) ?? (removed.has(agentId) ? undefined : nc.indexOfAgent(agentId)),
    ...(nc.siteRange ? { siteRange: nc.siteRange.bind(nc) } : {}),
  };
  return {
    fleet: { ...base, ncentral },
    change(share) {
      const step = Math.max(1, Math.round(1 / share));
      const changes: FleetChanges = { renamed: 0, reregistered: 0 };
      for (let i = 0, k = 0; i < nc.agentCount; i += step, k++) {
        const agent = nc.agent(i);
        if (agent.isProbe) continue;
        if (k % 2 === 0) {
          overrides.set(i, { ...agent, hostname: `${agent.hostname}-R` });
          changes.renamed++;
        } else {
          const agentId = agent.agentId + NEW_ID_OFFSET;
          overrides.set(i, { ...agent, agentId });
          indexOfNew.set(agentId, i);
          removed.add(agent.agentId);
          changes.reregistered++;
        }
      }
      return changes;
    },
  };
}
