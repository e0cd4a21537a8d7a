/**
 * A small, fixed N-central fleet that exercises every documented quirk in a few devices: ids
 * at and above 2^31, a probe, an offline agent, a device with no inventory, a reported
 * placeholder serial that differs from the truth, sites, a customer without devices and one
 * with a PSA external id. Contract tests of the simulator and of the plugin share it.
 */
import type { Fleet } from '../fleet/fleet.types.js';
import { createHandmadeFleet } from './handmade-fleet.js';

/** Ids in {@link sampleNcentralFleet}, named for tests. */
export const SAMPLE_IDS = {
  serviceOrg: 50,
  contoso: 237,
  contosoHq: 301,
  contosoBranch: 302,
  fabrikam: 238,
  emptyCustomer: 239,
  /** Online Windows workstation in Contoso HQ. */
  hqPc: 1_234_567_890,
  /** Above 2^31 (EAGLE's example id), in Contoso Branch. */
  bigId: 526_898_132_189,
  /** A probe directly under Contoso: assets answer 404, it cannot run tasks. */
  probe: 3_000_000_001,
  /** Exactly 2^31, offline, under Fabrikam. */
  offline: 2_147_483_648,
  /** Reports no hardware inventory at all. */
  noInventory: 1001,
  /** Reports a placeholder serial; the machine's true serial differs. */
  placeholderSerial: 1002,
  /** A server. */
  server: 1003,
} as const;

/** Builds the sample fleet (a fresh object each call). */
export function sampleNcentralFleet(): Fleet {
  const id = SAMPLE_IDS;
  return createHandmadeFleet({
    customers: [
      { customerId: id.contoso, customerName: 'Contoso Ltd', soId: id.serviceOrg, externalId: 'PSA-42', tenantId: 'tenant-contoso' },
      { customerId: id.fabrikam, customerName: 'Fabrikam & Sons', soId: id.serviceOrg, tenantId: 'tenant-fabrikam' },
      { customerId: id.emptyCustomer, customerName: 'Internal Test', soId: id.serviceOrg, tenantId: null },
    ],
    sites: [
      { siteId: id.contosoHq, siteName: 'Contoso HQ', customerId: id.contoso },
      { siteId: id.contosoBranch, siteName: 'Contoso Branch', customerId: id.contoso },
    ],
    devices: [
      { deviceId: id.hqPc, customerId: id.contoso, siteId: id.contosoHq, hostname: 'CONTOSO-PC01' },
      {
        deviceId: id.bigId,
        customerId: id.contoso,
        siteId: id.contosoBranch,
        hostname: 'CONTOSO-LT07',
        machine: { smbiosUuid: '4C4C4544-0042-3510-8052-B7C04F4E3232', serialNumber: '7B52NN2', manufacturer: 'Dell Inc.', model: 'Latitude 5420', macAddresses: ['D4:81:D7:AA:BB:01', '0A:00:27:00:00:07'] },
      },
      { deviceId: id.probe, customerId: id.contoso, hostname: 'CONTOSO-PROBE', isProbe: true, os: 'Microsoft Windows Server 2019 Standard' },
      { deviceId: id.offline, customerId: id.fabrikam, hostname: 'FAB-OLD', online: false, lastSeen: '2025-11-02T10:00:00.000Z' },
      { deviceId: id.noInventory, customerId: id.fabrikam, hostname: 'FAB-NOINV', reported: { macAddresses: [] } },
      {
        deviceId: id.placeholderSerial,
        customerId: id.fabrikam,
        hostname: 'FAB-WHITEBOX',
        machine: { serialNumber: 'WB-REAL-0001', manufacturer: 'System manufacturer', model: 'System Product Name' },
        reported: { serialNumber: 'To Be Filled By O.E.M.', manufacturer: 'System manufacturer', model: 'System Product Name', smbiosUuid: '03000200-0400-0500-0006-000700080009', macAddresses: ['00:11:22:33:44:55'] },
      },
      { deviceId: id.server, customerId: id.fabrikam, hostname: 'FAB-DC01', os: 'Microsoft Windows Server 2022 Standard' },
    ],
  });
}
