/**
 * Device assets → hardware identity (reference §5.3). Asset keys are lower-case and values are
 * strings; multi-valued categories come as `{ list: [...] }`. Any category may be missing, and
 * other clients have met bare arrays and single objects where a list was expected, so every
 * step here tolerates the unexpected shape instead of failing the device.
 *
 * Where each value comes from:
 * - SMBIOS UUID: `_extra.computersystem.uuid`
 * - serial: `computersystem.serialnumber`; board serial: `_extra.motherboard.serialnumber`
 * - manufacturer / model: `computersystem.*` only — the motherboard's maker is not the system's
 *   on white boxes and VMs (ASUSTeK in a "System manufacturer" box, Intel in a VMware VM)
 * - MACs: `networkadapter.list[].macaddress`
 * - OS install date: `_extra.os.installdate` (any N-central timestamp form)
 */
import type { AgentIdentityInput } from '@rmm-hub/core/plugin';

import { parseNcTimestamp, toText } from './nc-values.js';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The items of a list category, whichever way it is wrapped. */
export function listItems(value: unknown): Json[] {
  const wrapped = obj(value)?.['list'];
  const items = Array.isArray(wrapped) ? wrapped : Array.isArray(value) ? value : obj(value) ? [value] : [];
  return items.map(obj).filter((x): x is Json => x !== undefined);
}

/** `category.key` of an asset object, as text. */
function at(root: Json | undefined, category: string, key: string): string | undefined {
  return toText(obj(root?.[category])?.[key]);
}

/** Turns the `data` of `GET /api/devices/{id}/assets` into an identity. Never throws. */
export function parseAssets(data: unknown, timeZone = 'UTC'): AgentIdentityInput {
  const root = obj(data);
  const extra = obj(root?.['_extra']);
  const macs = new Set<string>();
  for (const adapter of listItems(root?.['networkadapter'])) {
    const mac = toText(adapter['macaddress']);
    if (mac !== undefined) macs.add(mac);
  }
  const identity: AgentIdentityInput = { macAddresses: [...macs] };
  const set = <K extends keyof AgentIdentityInput>(key: K, value: AgentIdentityInput[K] | undefined): void => {
    if (value !== undefined) identity[key] = value;
  };
  set('smbiosUuid', at(extra, 'computersystem', 'uuid'));
  set('serialNumber', at(root, 'computersystem', 'serialnumber'));
  set('boardSerial', at(extra, 'motherboard', 'serialnumber'));
  set('manufacturer', at(root, 'computersystem', 'manufacturer'));
  set('model', at(root, 'computersystem', 'model'));
  set('osInstallDate', parseNcTimestamp(obj(extra?.['os'])?.['installdate'], timeZone));
  return identity;
}
