/**
 * An N-central device record (reference §5.2) → an agent. The record has no "online" flag;
 * a recent `lastApplianceCheckinTime` stands in for it. Ids are numbers here (some above
 * 2^31) and become strings; a device in a site keeps its customer as `clientId` and the site
 * as `siteId`.
 */
import type { AgentIdentityInput, RmmAgentInput } from '@rmm-hub/core/plugin';

import { parseNcTimestamp, toBool, toId, toText } from './nc-values.js';

/** What the parser needs besides the record. */
export interface DeviceParseOptions {
  /** A device is online when it checked in within this many minutes. */
  onlineWithinMinutes: number;
  /** The current time (epoch ms). */
  now: number;
  /** The zone of zone-less times (the integration's `serverTimeZone`). @default 'UTC' */
  timeZone?: string | undefined;
}

/** The fields of a device record the plugin reads, as they may come. */
export interface NcDeviceRecord {
  deviceId?: unknown;
  longName?: unknown;
  discoveredName?: unknown;
  customerId?: unknown;
  siteId?: unknown;
  orgUnitId?: unknown;
  isProbe?: unknown;
  deviceClass?: unknown;
  supportedOsLabel?: unknown;
  supportedOs?: unknown;
  lastApplianceCheckinTime?: unknown;
  [key: string]: unknown;
}

/**
 * Parses one record, with the device's identity when the caller read its assets (the record
 * itself carries none). Returns undefined for a record without a usable device id or customer
 * (the caller counts and logs those rather than failing the page).
 */
export function parseDevice(record: NcDeviceRecord, options: DeviceParseOptions, identity?: AgentIdentityInput): RmmAgentInput | undefined {
  const id = toId(record.deviceId);
  const clientId = toId(record.customerId) ?? toId(record.orgUnitId);
  if (id === undefined || clientId === undefined) return undefined;
  const siteId = toId(record.siteId);
  const lastSeen = parseNcTimestamp(record.lastApplianceCheckinTime, options.timeZone);
  const isProbe = toBool(record.isProbe) ?? false;
  const agent: RmmAgentInput = {
    id,
    clientId,
    hostname: toText(record.longName) ?? toText(record.discoveredName) ?? `device-${id}`,
    online: lastSeen !== undefined && options.now - Date.parse(lastSeen) <= options.onlineWithinMinutes * 60_000,
    canRunScripts: !isProbe,
  };
  if (identity !== undefined) agent.identity = identity;
  if (siteId !== undefined && siteId !== clientId) agent.siteId = siteId;
  const os = toText(record.supportedOsLabel) ?? toText(record.supportedOs);
  if (os !== undefined) agent.os = os;
  const deviceClass = toText(record.deviceClass);
  if (deviceClass !== undefined) agent.deviceClass = deviceClass;
  if (lastSeen !== undefined) agent.lastSeen = lastSeen;
  return agent;
}

/** True when the record describes a probe (no assets, no scripts). */
export function isProbeRecord(record: NcDeviceRecord): boolean {
  return toBool(record.isProbe) ?? false;
}
