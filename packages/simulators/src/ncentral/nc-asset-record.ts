/**
 * A fleet agent's inventory as N-central's device assets (reference §5.3): lower-case keys,
 * every value a string, multi-valued categories wrapped as `{ list: [{ _index, … }] }`, and
 * the SMBIOS UUID under `_extra.computersystem.uuid`. Values the agent does not report are
 * omitted, and a category left empty is omitted whole — clients must cope with both.
 */
import type { FleetAgent } from '../fleet/fleet.types.js';
import type { NcSimContext } from './nc-context.js';
import { deviceClassOf, deviceHash, deviceIp, lastCheckinMs } from './nc-device-record.js';
import { formatNcTimestamp } from './nc-timestamps.js';

type Category = Record<string, string | null>;

/** Drops undefined values; returns undefined for a category with nothing left. */
function category(entries: Record<string, string | number | boolean | null | undefined>): Category | undefined {
  const out: Category = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v === null ? null : String(v);
  return Object.keys(out).length === 0 ? undefined : out;
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** Builds `data` of `GET /api/devices/{id}/assets` for one (non-probe) agent. */
export function assetRecord(ctx: NcSimContext, agent: FleetAgent): Record<string, unknown> {
  const r = agent.reported;
  const h = deviceHash(agent.agentId, 2);
  const installStyle = h % 3 === 0 ? 'asset-local' : 'asset-offset';
  const arch = agent.os.toLowerCase().includes('32-bit') ? '32-bit' : '64-bit';
  const customer = ctx.org.unit(agent.clientId);
  const so = ctx.org.serviceOrgOf(agent.clientId);
  const data: Record<string, unknown> = {};
  put(data, 'os', category({ reportedos: agent.os, osarchitecture: arch, version: `10.0.${19_000 + (h % 4000)}` }));
  if (!agent.noSystemRow) put(
    data,
    'computersystem',
    category({
      serialnumber: r.serialNumber,
      netbiosname: agent.hostname.toUpperCase().slice(0, 15),
      model: r.model,
      totalphysicalmemory: r.model === undefined ? undefined : 8_589_934_592 * (1 + (h % 4)),
      manufacturer: r.manufacturer,
    }),
  );
  if (r.macAddresses.length > 0) {
    data['networkadapter'] = {
      list: r.macAddresses.map((mac, i) => ({
        _index: String(i),
        ipaddress: i === 0 ? deviceIp(agent.agentId) : null,
        macaddress: mac,
        description: i === 0 ? 'Intel(R) Ethernet Connection I219-LM' : `Network adapter ${i + 1}`,
        dnsserver: '10.0.0.10',
        gateway: '10.0.0.1',
        dhcpserver: null,
      })),
    };
  }
  put(
    data,
    'device',
    category({
      longname: agent.hostname,
      deviceid: agent.agentId,
      deviceclass: deviceClassOf(agent),
      deleted: 'false',
      lastlogin: formatNcTimestamp(lastCheckinMs(ctx, agent), 'asset-offset'),
      uri: deviceIp(agent.agentId),
    }),
  );
  put(data, 'processor', category({ name: 'Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz', numberofcores: 6, numberofcpus: 1 }));
  data['application'] = { list: [{ _index: '0', displayname: 'Windows Agent' }] };
  data['_links'] = {};

  const extra: Record<string, unknown> = {};
  if (!agent.noSystemRow) put(extra, 'computersystem', category({ uuid: r.smbiosUuid, systemtype: `x${arch === '64-bit' ? '64' : '86'}-based PC` }));
  put(
    extra,
    'device',
    category({
      lastloggedinuser: `user${deviceHash(agent.agentId, 5) % 500}`,
      lastloggedinuser_domain: 'CORP',
      lastloggedinuser_stillloggedin: String(agent.online),
      createdon: formatNcTimestamp(Date.parse('2023-06-01T12:00:00Z') + (h % 10_000) * 60_000, 'asset-offset'),
      customerid: agent.clientId,
    }),
  );
  // The board's maker: on white boxes and VMs not the system's.
  put(extra, 'motherboard', category({ serialnumber: r.boardSerial, manufacturer: agent.boardManufacturer ?? r.manufacturer, product: r.model }));
  put(
    extra,
    'os',
    category({
      installdate: r.osInstallDate === undefined ? undefined : formatNcTimestamp(r.osInstallDate, installStyle, ctx.settings.timeZone),
      lastbootuptime: formatNcTimestamp(lastCheckinMs(ctx, agent) - 3 * 86_400_000, 'asset-local', ctx.settings.timeZone),
      supportedos: agent.os,
      publisher: 'Microsoft Corporation',
    }),
  );
  put(extra, 'customer', category({ customerid: agent.clientId, customername: customer?.name }));
  put(extra, 'socustomer', category({ customerid: so?.soId, customername: so?.soName }));
  data['_extra'] = extra;
  return data;
}
