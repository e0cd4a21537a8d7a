import { fc, test } from '@fast-check/vitest';
import { AgentIdentity } from '@rmm-hub/core/plugin';
import { describe, expect, it } from 'vitest';

import { listItems, parseAssets } from './asset-parser.js';

const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '');
const mac = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':'));
const identity = fc.record(
  {
    smbiosUuid: fc.uuid().map((u) => u.toUpperCase()),
    serialNumber: text,
    boardSerial: text,
    manufacturer: text,
    model: text,
    osInstallDate: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString()),
  },
  { requiredKeys: [] },
);

/** Renders an identity the way N-central does: lower-case keys, string values, list wrappers. */
function render(id: { smbiosUuid?: string; serialNumber?: string; boardSerial?: string; manufacturer?: string; model?: string; osInstallDate?: string }, macs: string[]): unknown {
  const installdate = id.osInstallDate?.replace('T', ' ').replace('Z', '000 +0000');
  const data: Record<string, unknown> = { os: { reportedos: 'Windows 11' } };
  if (id.serialNumber || id.model || id.manufacturer) data['computersystem'] = { serialnumber: id.serialNumber, model: id.model, manufacturer: id.manufacturer };
  if (macs.length) data['networkadapter'] = { list: macs.map((m, i) => ({ _index: String(i), macaddress: m })) };
  data['_extra'] = {
    ...(id.smbiosUuid ? { computersystem: { uuid: id.smbiosUuid } } : {}),
    ...(id.boardSerial ? { motherboard: { serialnumber: id.boardSerial } } : {}),
    ...(installdate ? { os: { installdate } } : {}),
  };
  return JSON.parse(JSON.stringify(data));
}

describe('parseAssets', () => {
  test.prop([identity, fc.uniqueArray(mac, { maxLength: 4 })])('recovers the identity N-central rendered', (id, macs) => {
    const parsed = AgentIdentity.parse(parseAssets(render(id, macs)));
    expect(parsed).toEqual({ ...id, macAddresses: macs });
  });

  test.prop([fc.jsonValue()])('never throws on arbitrary JSON and always yields a valid identity', (json) => {
    expect(() => AgentIdentity.parse(parseAssets(json))).not.toThrow();
  });

  test.prop([fc.dictionary(fc.constantFrom('computersystem', 'networkadapter', '_extra', 'os', 'device'), fc.jsonValue())])(
    'tolerates any shape in the known categories',
    (data) => {
      expect(() => AgentIdentity.parse(parseAssets(data))).not.toThrow();
    },
  );

  it('reads the documented paths, tolerating missing categories and unwrapped lists', () => {
    expect(parseAssets({})).toEqual({ macAddresses: [] });
    expect(
      parseAssets({
        computersystem: { serialnumber: ' 7B52NN2 ', manufacturer: 'Dell Inc.', model: 'Latitude 5420' },
        networkadapter: [{ macaddress: 'AA:BB:CC:00:11:22' }, { macaddress: null }, { macaddress: 'AA:BB:CC:00:11:22' }],
        _extra: { computersystem: { uuid: '4C4C4544-0042-3510-8052-B7C04F4E3232' }, os: { installdate: '2024-02-01 09:30:00.000000' } },
      }),
    ).toEqual({
      smbiosUuid: '4C4C4544-0042-3510-8052-B7C04F4E3232',
      serialNumber: '7B52NN2',
      manufacturer: 'Dell Inc.',
      model: 'Latitude 5420',
      macAddresses: ['AA:BB:CC:00:11:22'],
      osInstallDate: '2024-02-01T09:30:00.000Z',
    });
    // The board's maker is not the system's: without computersystem the maker is unknown.
    expect(parseAssets({ _extra: { motherboard: { manufacturer: 'ASUSTeK', serialnumber: 'MB1' } } })).toEqual({ boardSerial: 'MB1', macAddresses: [] });
    expect(listItems({ list: [{ a: '1' }, 'junk', null] })).toEqual([{ a: '1' }]);
    expect(listItems({ macaddress: 'x' })).toEqual([{ macaddress: 'x' }]);
  });
});
