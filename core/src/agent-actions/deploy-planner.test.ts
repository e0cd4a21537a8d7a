import { describe, expect, it } from 'vitest';

import { planDeploys, platformOf, type DeployComputer, type DeployableAgent, type DeployPolicy, type LinkedClient } from './deploy-planner.js';

const LINKS: Record<string, Record<string, LinkedClient[]>> = {
  acme: { nc: [{ clientId: '10', kind: 'customer' }], cw: [{ clientId: '7', kind: 'client' }, { clientId: 'location:71', kind: 'location' }] },
  solo: { nc: [{ clientId: '20', kind: 'customer' }] },
};

function policy(o: Partial<DeployPolicy> = {}): DeployPolicy {
  return {
    now: '2025-06-01T00:00:00.000Z',
    integrationsOf: (tenantId) => Object.keys(LINKS[tenantId] ?? {}),
    clientsOf: (integrationId, tenantId) => LINKS[tenantId]?.[integrationId] ?? [],
    inConflict: () => false,
    namesakes: () => 0,
    canRunScripts: () => true,
    canIssue: () => true,
    ...o,
  };
}

function agent(integrationId: string, o: Partial<DeployableAgent> = {}): DeployableAgent {
  return { integrationId, agentId: `${integrationId}-1`, clientId: '10', hostname: 'PC1', os: 'Microsoft Windows 11 Pro', online: true, lastSeen: '2025-06-01T00:00:00.000Z', canRunScripts: true, ...o };
}

function computer(agents: DeployableAgent[], tenantId = 'acme'): DeployComputer {
  return { computerId: 'c1', tenantId, name: 'PC1', agents };
}

describe('platformOf', () => {
  it('reads the platform from the OS an RMM reports', () => {
    expect(['Microsoft Windows Server 2022 Standard', 'macOS 14.5', 'Mac OS X 10.15', 'Ubuntu 22.04.4 LTS', 'Red Hat Enterprise Linux 9', 'VMware ESXi', undefined].map(platformOf)).toEqual([
      'windows',
      'macos',
      'macos',
      'linux',
      'linux',
      undefined,
      undefined,
    ]);
  });
});

describe('planDeploys', () => {
  it("installs the missing RMM's agent into the tenant's whole client, through the agent the computer has", () => {
    const plan = planDeploys([computer([agent('nc')])], policy());
    expect(plan.held).toEqual([]);
    expect(plan.steps).toEqual([
      {
        computerId: 'c1',
        tenantId: 'acme',
        name: 'PC1',
        platform: 'windows',
        target: { integrationId: 'cw', clientId: '7' },
        via: { integrationId: 'nc', agentId: 'nc-1', hostname: 'PC1' },
        action: 'deploy',
        reason: 'tenant acme uses cw, and the computer runs only nc',
      },
    ]);
  });

  it('plans nothing for a computer that runs every RMM its tenant uses, or a tenant linked in one RMM', () => {
    expect(planDeploys([computer([agent('nc'), agent('cw')]), computer([agent('nc')], 'solo')], policy())).toMatchObject({ steps: [], held: [] });
  });

  it('plans a manual step where the missing RMM offers no installers', () => {
    expect(planDeploys([computer([agent('nc')])], policy({ canIssue: () => false })).steps[0]?.action).toBe('manual');
  });

  it('holds a computer in an open conflict, or with an unjoined namesake agent in the missing RMM', () => {
    expect(planDeploys([computer([agent('nc')])], policy({ inConflict: () => true })).held[0]?.reason).toMatch(/open conflict/);
    const namesake = planDeploys([computer([agent('nc')])], policy({ namesakes: (integrationId, tenantId, hostname) => (integrationId === 'cw' && tenantId === 'acme' && hostname === 'PC1' ? 1 : 0) }));
    expect(namesake.steps).toEqual([]);
    expect(namesake.held[0]?.reason).toMatch(/1 agent\(s\) named PC1/);
  });

  it('holds a computer whose platform is unknown or ambiguous', () => {
    expect(planDeploys([computer([agent('nc', { os: undefined })])], policy()).held[0]?.reason).toMatch(/platform unknown/);
    const mixed = computer([agent('nc', { os: 'Ubuntu 22.04' }), agent('nc', { agentId: 'nc-2', os: 'Windows 10' })]);
    expect(planDeploys([mixed], policy()).held[0]?.reason).toMatch(/different platforms/);
  });

  it('holds a computer when the tenant links several whole clients of the missing RMM', () => {
    const clientsOf = (): LinkedClient[] => [{ clientId: '7', kind: 'client' }, { clientId: '8', kind: 'client' }];
    expect(planDeploys([computer([agent('nc')])], policy({ clientsOf })).held[0]?.reason).toMatch(/2 clients of cw are linked to tenant acme/);
    const oneLocation = (): LinkedClient[] => [{ clientId: 'location:71', kind: 'location' }];
    expect(planDeploys([computer([agent('nc')])], policy({ clientsOf: oneLocation })).steps[0]?.target.clientId).toBe('location:71');
  });

  it('needs an online agent that can run scripts, in an RMM that offers RunScript', () => {
    for (const o of [{ online: false }, { canRunScripts: false }]) {
      expect(planDeploys([computer([agent('nc', o)])], policy()).held[0]?.reason).toMatch(/no online agent/);
    }
    expect(planDeploys([computer([agent('nc')])], policy({ canRunScripts: () => false })).held[0]?.reason).toMatch(/no online agent/);
  });
});
