/**
 * The surveyed agents of a streamed run, kept by tenant until that tenant's turn: each agent
 * already normalised and vetted, packed as one short JSON text. Reading an agent from the
 * store and normalising it is most of an agent's cost, so a run that streams the fleet does
 * both once, in the survey, instead of again per tenant. Texts hold no pointers, so the copy
 * (about 200 bytes an agent) costs the collector next to nothing, unlike the object graph of
 * a prepared agent it replaces.
 */
import type { PreparedAgent } from './agent-keys.js';
import type { RegistryHit } from './known-bad-registry.js';

/** The fields of a prepared agent, in order; `null` for undefined. */
type Packed = [
  key: string,
  integrationId: string,
  agentId: string,
  hostname: string,
  online: 0 | 1,
  lastSeen: string | null,
  canRunScripts: 0 | 1,
  osInstallDate: string | null,
  host: string,
  uuid: string | null,
  serial: string | null,
  vendor: string | null,
  board: string | null,
  macs: string[],
  registryHits: RegistryHit[],
];

const NO_MAC_IDS: number[] = [];

export class PackedTenantAgents {
  private readonly byTenant = new Map<string, string[]>();

  /** Tenants with agents, in the order first seen. */
  get tenants(): string[] {
    return [...this.byTenant.keys()];
  }

  add(agent: PreparedAgent): void {
    const s = agent.source;
    const packed: Packed = [
      agent.key, s.integrationId, s.agentId, s.hostname, s.online ? 1 : 0, s.lastSeen ?? null, s.canRunScripts ? 1 : 0, s.osInstallDate ?? null,
      agent.host, agent.uuid ?? null, agent.serial ?? null, agent.vendor ?? null, agent.board ?? null, agent.macs, agent.registryHits,
    ];
    const text = JSON.stringify(packed);
    const list = this.byTenant.get(agent.tenantId);
    if (list === undefined) this.byTenant.set(agent.tenantId, [text]);
    else list.push(text);
  }

  /**
   * One tenant's agents as {@link PreparedAgent}s in key order (value ids left for
   * `groupAgents`), forgotten here: each tenant is taken once, and memory shrinks as the run
   * goes.
   */
  take(tenantId: string): PreparedAgent[] {
    const list = this.byTenant.get(tenantId);
    if (list === undefined) return [];
    this.byTenant.delete(tenantId);
    // One parse per tenant rather than per agent.
    const rows = JSON.parse(`[${list.join(',')}]`) as Packed[];
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return rows.map((r, index) => ({
      index,
      key: r[0],
      source: {
        tenantId, integrationId: r[1], agentId: r[2], hostname: r[3], online: r[4] === 1, lastSeen: r[5] ?? undefined,
        canRunScripts: r[6] === 1, osInstallDate: r[7] ?? undefined,
      },
      tenantId,
      tenant: -1,
      host: r[8],
      uuid: r[9] ?? undefined,
      serial: r[10] ?? undefined,
      vendor: r[11] ?? undefined,
      board: r[12] ?? undefined,
      macs: r[13],
      uuidId: -1,
      serialId: -1,
      boardId: -1,
      macIds: NO_MAC_IDS,
      registryHits: r[14],
    }));
  }
}
