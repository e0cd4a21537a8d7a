import { ActiveIssue, ListActiveIssues } from '@rmm-hub/core/plugin';
import { activeIssueOf, SAMPLE_IDS as ID, sampleNcentralFleet } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { parseActiveIssue, severityOf } from './list-active-issues.js';
import { collect, startHarness, type Harness } from './ncentral-harness.test.helper.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

describe('ListActiveIssues', () => {
  it('lists the active issues of linked customers and sites', async () => {
    const h = await startHarness({ config: { pageSize: 1 } });
    harnesses.push(h);
    const fleet = sampleNcentralFleet();
    const expected = fleet.ncentral.customers.flatMap((c) => {
      const [s, e] = fleet.ncentral.agentRange(c.customerId);
      return Array.from({ length: e - s }, (_, k) => fleet.ncentral.agent(s + k)).filter((a) => activeIssueOf(a)).map((a) => String(a.agentId));
    });
    const issues = (await collect(h.get(ListActiveIssues).listActiveIssues({ clientIds: ['237', '238', '239'] }))).map((i) => ActiveIssue.parse(i));
    expect(issues.map((i) => i.agentId)).toEqual(expected);
    const offline = issues.find((i) => i.agentId === String(ID.offline))!;
    expect(offline).toMatchObject({ clientId: '238', severity: 'critical', title: 'Agent Status on FAB-OLD' });
    expect(offline.since).toMatch(/Z$/);
  });

  it('maps records tolerantly', () => {
    expect(parseActiveIssue({ deviceId: 5, taskId: '9', serviceName: 'Disk', notificationState: '4', _extra: { taskIdent: 'C:', deviceName: 'PC' } }, '237')).toEqual({
      id: '5:9', clientId: '237', agentId: '5', severity: 'warning', title: 'Disk (C:) on PC',
    });
    expect(parseActiveIssue({ taskId: 1 }, '1')).toBeUndefined();
    expect([1, 2, 3, 4, 5, 6, 7, 'x'].map(severityOf)).toEqual(['info', 'info', 'warning', 'warning', 'critical', 'failed', 'failed', 'info']);
  });
});
