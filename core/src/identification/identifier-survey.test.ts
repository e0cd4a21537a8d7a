import { describe, expect, it } from 'vitest';

import { scriptOverride, withScriptAnswer } from './agent-identifiers.js';
import { identificationPlan } from './identifier-survey.js';
import { KnownBadRegistry } from './known-bad-registry.js';
import { spreadOf } from './model/identifier-spread.js';
import type { LinkedAgentIdentifiers } from './model/agent-records.js';

const registry = KnownBadRegistry.create();
const BAD_UUID = 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF';

const keys = (agentId: string, tenantId: string, host: string, ids: Partial<LinkedAgentIdentifiers> = {}): LinkedAgentIdentifiers => ({
  tenantId, integrationId: 'nc', agentId, hostname: host, online: true, lastSeen: undefined, canRunScripts: true,
  host, uuid: undefined, serial: undefined, board: undefined, manufacturer: undefined, macs: [], osInstallDate: undefined, ...ids,
});

describe('the identification plan from the fleet survey', () => {
  it('quarantines values on the threshold of machines, names strong values of several tenants, and leaves known-bad ones out of both', () => {
    const fleet = [
      keys('1', 'ta', 'PC-1', { uuid: BAD_UUID, serial: 'CZC1', macs: ['A4BB6D000001'] }),
      keys('2', 'ta', 'PC-2', { uuid: BAD_UUID, serial: 'CZC1', macs: ['A4BB6D000001'] }),
      keys('3', 'tb', 'PC-3', { uuid: BAD_UUID, serial: 'CZC1', board: 'MB-9', macs: ['A4BB6D000001'] }),
      keys('4', 'tb', 'PC-4', { serial: 'CZC2', board: 'MB-9' }),
      keys('5', 'ta', 'PC-5', { serial: 'CZC2', macs: ['A4BB6D000002'] }),
      // The same machine under two agents counts once.
      keys('6', 'ta', 'PC-5', { macs: ['A4BB6D000002'] }),
    ];
    const plan = identificationPlan(spreadOf(fleet, { machines: 3, overrides: [] }), registry, 3);
    expect(plan.quarantinedList).toEqual([{ kind: 'mac', value: 'A4BB6D000001' }, { kind: 'serial', value: 'CZC1' }]);
    expect(plan.quarantined.uuid.size).toBe(0);
    expect([...plan.crossTenant.serial]).toEqual([['CZC2', ['ta', 'tb']]]);
    expect([...plan.crossTenant.board]).toEqual([]);
    expect(plan.crossTenant.uuid.size).toBe(0);
  });

  it('counts an agent with what its identity script answered, as the run then identifies it', () => {
    const reported = keys('2', 'tb', 'PC-2', { serial: 'CZC1', manufacturer: 'Dell Inc.', macs: ['A4BB6D000001'] });
    const answer = { smbiosUuid: '{4c4c4544-0042-3510-8052-b4c04f4e4d31}', serialNumber: ' ', macAddresses: [] };
    const override = scriptOverride({ integrationId: 'nc', agentId: '2' }, answer);
    expect(override).toEqual({ integrationId: 'nc', agentId: '2', uuid: '4C4C4544-0042-3510-8052-B4C04F4E4D31', serial: null });
    expect(withScriptAnswer(reported, answer)).toEqual({ ...reported, uuid: '4C4C4544-0042-3510-8052-B4C04F4E4D31', serial: undefined });
    const fleet = [keys('1', 'ta', 'PC-1', { uuid: '4C4C4544-0042-3510-8052-B4C04F4E4D31', serial: 'CZC1' }), keys('2', 'tb', 'PC-2', { serial: 'CZC1' })];
    expect(spreadOf(fleet, { machines: 2, overrides: [override] })).toEqual([{ kind: 'uuid', value: '4C4C4544-0042-3510-8052-B4C04F4E4D31', machines: 2, tenantIds: ['ta', 'tb'] }]);
  });
});
