import type { Fleet, FleetAgent, MessRates, RmmKind } from './fleet.types.js';
import { isPlaceholderSerial, isPlaceholderUuid } from './placeholders.js';

/** Observed mess of a fleet, with the denominator each rate was measured over. */
export type ObservedMess = { [K in keyof MessRates]: { rate: number; of: number } };

interface MachineAgents {
  live: Partial<Record<RmmKind, FleetAgent>>;
  stale: FleetAgent[];
}

const hasInventory = (a: FleetAgent): boolean => a.reported.smbiosUuid !== undefined || a.reported.serialNumber !== undefined;

/**
 * Measures each mess rate from what the RMMs report plus `fleet.truth` — never from generator
 * internals — so it can check the generator (and show a demo audience what it is up against).
 * Iterates every agent and machine: O(fleet) time and memory. Meant for tests and reports.
 */
export function measureMess(fleet: Fleet): ObservedMess {
  const byMachine = new Map<string, MachineAgents>();
  const macMachines = new Map<string, Set<string>>();
  let agents = 0;
  let inventoried = 0;
  let missing = 0;
  let placeholderSerials = 0;
  let placeholderUuids = 0;
  let withFirmware = 0;
  let noSystemRow = 0;
  for (const rmm of ['ncentral', 'automate'] as const) {
    const view = fleet[rmm];
    for (let i = 0; i < view.agentCount; i++) {
      const a = view.agent(i);
      agents++;
      const entry = byMachine.get(a.machineId) ?? { live: {}, stale: [] };
      if (a.stale) entry.stale.push(a);
      else entry.live[rmm] = a;
      byMachine.set(a.machineId, entry);
      if (!hasInventory(a) && a.reported.macAddresses.length === 0) missing++;
      if (a.biosVendor !== undefined) withFirmware++;
      if (a.noSystemRow) noSystemRow++;
      if (hasInventory(a)) {
        inventoried++;
        if (isPlaceholderSerial(a.reported.serialNumber)) placeholderSerials++;
        if (isPlaceholderUuid(a.reported.smbiosUuid)) placeholderUuids++;
      }
      for (const mac of a.reported.macAddresses) {
        const set = macMachines.get(mac) ?? new Set<string>();
        set.add(a.machineId);
        macMachines.set(mac, set);
      }
    }
  }

  const machineCount = byMachine.size;
  const serialsByUuid = new Map<string, Set<string>>();
  let both = 0;
  let crossTenant = 0;
  let renamed = 0;
  let reinstalled = 0;
  let wiped = 0;
  for (const [machineId, { live, stale }] of byMachine) {
    const truth = fleet.truth.machine(machineId);
    if (!truth) throw new Error(`agent on unknown machine ${machineId}`);
    const uuid = truth.identity.smbiosUuid;
    if (!isPlaceholderUuid(uuid)) serialsByUuid.set(uuid, (serialsByUuid.get(uuid) ?? new Set()).add(truth.identity.serialNumber));
    const { ncentral: nc, automate: cw } = live;
    if (nc && cw) {
      both++;
      if (fleet.truth.tenantOfClient('ncentral', nc.clientId) !== fleet.truth.tenantOfClient('automate', cw.clientId)) crossTenant++;
      if (nc.hostname !== cw.hostname) renamed++;
    }
    // A stale agent under the current hostname is a reinstall; under another one, a wipe.
    if (stale.some((a) => a.hostname === truth.hostname)) reinstalled++;
    if (stale.some((a) => a.hostname !== truth.hostname)) wiped++;
  }
  let clones = 0;
  for (const [machineId] of byMachine) {
    const uuid = fleet.truth.machine(machineId)?.identity.smbiosUuid ?? '';
    if ((serialsByUuid.get(uuid)?.size ?? 0) > 1) clones++;
  }
  const sharedMacMachines = new Set<string>();
  for (const machines of macMachines.values()) if (machines.size > 1) for (const m of machines) sharedMacMachines.add(m);

  const clients: { rmm: RmmKind; id: number; name: string }[] = [
    ...fleet.ncentral.customers.map((c) => ({ rmm: 'ncentral' as const, id: c.customerId, name: c.customerName })),
    ...fleet.automate.clients.map((c) => ({ rmm: 'automate' as const, id: c.id, name: c.name })),
  ];
  const tenantName = new Map(fleet.tenants.map((t) => [t.id, t.name]));
  let orphans = 0;
  let variants = 0;
  for (const c of clients) {
    const t = fleet.truth.tenantOfClient(c.rmm, c.id);
    if (t === null) orphans++;
    else if (tenantName.get(t) !== c.name) variants++;
  }
  const linked = clients.length - orphans;
  const r = (n: number, of: number) => ({ rate: of === 0 ? 0 : n / of, of });
  return {
    inBothRmms: r(both, machineCount),
    placeholderSerial: r(placeholderSerials, inventoried),
    placeholderUuid: r(placeholderUuids, inventoried),
    vmCloneUuid: r(clones, machineCount),
    reinstalledAgent: r(reinstalled, machineCount),
    wipedMachine: r(wiped, machineCount),
    sharedUsbNic: r(sharedMacMachines.size, machineCount),
    crossTenantDisagreement: r(crossTenant, machineCount),
    renamedHost: r(renamed, machineCount),
    missingInventory: r(missing, agents),
    missingSystemRow: r(noSystemRow, withFirmware),
    psaCompanyId: r(fleet.tenants.filter((t) => t.psaCompanyId !== undefined).length, fleet.tenants.length),
    orphanClient: r(orphans, clients.length),
    nameVariant: r(variants, linked),
  };
}
