/**
 * A fleet agent as N-central's device record (reference §5.2): numeric ids (some above 2^31),
 * display fields, the owning org units, and `lastApplianceCheckinTime` in the device's
 * timestamp style. There is no "online" flag on the record; the simulator expresses it as a
 * recent check-in (within `onlineCheckinLagMinutes` of the server clock) versus one at least
 * a day old.
 */
import type { FleetAgent } from '../fleet/fleet.types.js';
import type { NcSimContext } from './nc-context.js';
import { deviceTimestampStyle, formatNcTimestamp } from './nc-timestamps.js';

/** A small stable hash of a device id, for deterministic per-device variation. */
export function deviceHash(deviceId: number, salt = 0): number {
  const lo = deviceId % 0x1_0000_0000;
  const hi = Math.floor(deviceId / 0x1_0000_0000);
  let h = Math.imul((lo ^ 0x5bd1e995) | 0, 0x9e3779b1) ^ Math.imul((hi + salt) | 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** N-central's device class for an agent. */
export function deviceClassOf(agent: FleetAgent): string {
  const os = agent.os.toLowerCase();
  if (agent.isProbe) return 'Probe - Windows';
  if (os.includes('server')) return 'Servers - Windows';
  if (os.includes('linux') || os.includes('ubuntu')) return 'Servers - Linux';
  if (os.includes('mac')) return 'Workstations - Mac OS X';
  return deviceHash(agent.agentId, 3) % 3 === 0 ? 'Laptop - Windows' : 'Workstations - Windows';
}

/** The instant (epoch ms) the agent last checked in, as the server reports it. */
export function lastCheckinMs(ctx: NcSimContext, agent: FleetAgent): number {
  const now = ctx.now();
  if (agent.online) {
    const lagMs = (deviceHash(agent.agentId, 7) % Math.max(1, ctx.settings.onlineCheckinLagMinutes * 60)) * 1000;
    return now - lagMs;
  }
  const seen = Date.parse(agent.lastSeen);
  return Math.min(Number.isNaN(seen) ? now : seen, now - 86_400_000);
}

/** A dotted-quad address for a device, stable per id. */
export function deviceIp(deviceId: number): string {
  const h = deviceHash(deviceId, 11);
  return `10.${(h >>> 16) & 0xff}.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}`;
}

/** A device's `siteId`/`siteName`: its site's, or for a device in no site what `customerDeviceSite` says. */
function siteFields(ctx: NcSimContext, agent: FleetAgent, siteName: string | undefined, customerName: string | undefined): Record<string, unknown> {
  if (agent.siteId !== undefined) return { siteId: agent.siteId, siteName: siteName ?? null };
  switch (ctx.settings.customerDeviceSite) {
    case 'absent':
      return {};
    case 'customer':
      return { siteId: agent.clientId, siteName: customerName ?? null };
    case 'null':
      return { siteId: null, siteName: null };
  }
}

/** Builds the device record of one agent. */
export function deviceRecord(ctx: NcSimContext, agent: FleetAgent): Record<string, unknown> {
  const customer = ctx.org.unit(agent.clientId);
  const so = ctx.org.serviceOrgOf(agent.clientId);
  const site = agent.siteId === undefined ? undefined : ctx.org.unit(agent.siteId);
  const style = deviceTimestampStyle(agent.agentId, ctx.settings.zonedTimestampRate);
  const user = `CORP\\user${deviceHash(agent.agentId, 5) % 500}`;
  const h = deviceHash(agent.agentId, 1);
  return {
    deviceId: agent.agentId,
    uri: deviceIp(agent.agentId),
    remoteControlUri: `https://ncentral.sim/remote/${agent.agentId}`,
    sourceUri: deviceIp(agent.agentId),
    longName: agent.hostname,
    deviceClass: deviceClassOf(agent),
    deviceClassLabel: deviceClassOf(agent),
    description: '',
    isProbe: agent.isProbe,
    osId: agent.isProbe ? 'winnt' : `os-${h % 40}`,
    supportedOs: agent.os,
    supportedOsLabel: agent.os,
    discoveredName: agent.hostname,
    lastLoggedInUser: user,
    // Sources disagree whether this is a string or a boolean; the simulator uses both.
    stillLoggedIn: h % 2 === 0 ? String(agent.online) : agent.online,
    licenseMode: agent.isProbe ? 'Essential' : 'Professional',
    orgUnitId: agent.siteId ?? agent.clientId,
    soId: so?.soId ?? null,
    soName: so?.soName ?? null,
    customerId: agent.clientId,
    customerName: customer?.name ?? null,
    ...siteFields(ctx, agent, site?.name, customer?.name),
    applianceId: agent.agentId % 1_000_000_000,
    lastApplianceCheckinTime: formatNcTimestamp(lastCheckinMs(ctx, agent), style, ctx.settings.timeZone),
  };
}
