/**
 * The surveyed agents of a streamed run, kept by tenant until that tenant's turn: each agent
 * already normalised and vetted, packed as one short JSON text. Reading an agent from the
 * store and normalising it is most of an agent's cost, so a run that streams the fleet does
 * both once, in the survey, instead of again per tenant.
 *
 * The copy is made small because it is held for the whole fleet at once: identifiers are the
 * survey's value ids (the survey holds each distinct value once anyway), the agent key and
 * the normalised hostname are derived again on the way out, and texts hold no pointers for the
 * collector to walk; the texts of consecutive agents of a tenant are joined into one. About
 * 110 bytes an agent on the benchmark fleet.
 */
import type { PreparedAgent } from './agent-keys.js';
import { normaliseHostname } from './identifier-normaliser.js';
import type { SurveyedKind } from './identifier-survey.js';
import { agentKey } from './identification.types.js';
import type { RegistryHit } from './known-bad-registry.js';

/** The survey's value dictionary (see `IdentifierSurvey.idOf`). */
export interface SurveyedValues {
  idOf(kind: SurveyedKind, value: string): number;
  valueOf(kind: SurveyedKind, id: number): string;
}

/** One agent; -1 for an absent identifier, `null` for an absent text, `0` for no registry hits. */
type Packed = [
  integration: number,
  agentId: string,
  hostname: string,
  /** 1: online; 2: can run scripts. */
  flags: number,
  lastSeen: string | null,
  osInstallDate: string | null,
  vendor: string | null,
  uuid: number,
  serial: number,
  board: number,
  macs: number[],
  registryHits: RegistryHit[] | 0,
];

const ONLINE = 1;
const CAN_RUN_SCRIPTS = 2;
const NO_MAC_IDS: number[] = [];
const NO_MACS: string[] = [];

export class PackedTenantAgents {
  /**
   * Per tenant, its agents' texts joined by commas, one text per run of consecutive agents (see
   * {@link add}).
   */
  private readonly byTenant = new Map<string, string[]>();
  /** The texts of the run being added: the agents since the tenant last changed. */
  private run: { tenantId: string; texts: string[] } | undefined;
  /** Integration ids, numbered: a fleet has a handful. */
  private readonly integrations: string[] = [];

  constructor(private readonly values: SurveyedValues) {}

  /** Tenants with agents, in the order first seen. */
  get tenants(): string[] {
    this.endRun();
    return [...this.byTenant.keys()];
  }

  /** Keeps `agent`, normalised by the survey that gave `values` its ids. */
  add(agent: PreparedAgent): void {
    const s = agent.source;
    const { values } = this;
    let integration = this.integrations.indexOf(s.integrationId);
    if (integration < 0) integration = this.integrations.push(s.integrationId) - 1;
    const packed: Packed = [
      integration, s.agentId, s.hostname, (s.online ? ONLINE : 0) | (s.canRunScripts ? CAN_RUN_SCRIPTS : 0),
      s.lastSeen ?? null, s.osInstallDate ?? null, agent.vendor ?? null,
      agent.uuid === undefined ? -1 : values.idOf('uuid', agent.uuid),
      agent.serial === undefined ? -1 : values.idOf('serial', agent.serial),
      agent.board === undefined ? -1 : values.idOf('board', agent.board),
      agent.macs.map((mac) => values.idOf('mac', mac)),
      agent.registryHits.length === 0 ? 0 : agent.registryHits,
    ];
    // Agents come in runs of one tenant (the store returns them about in the order they were
    // listed, client by client). A run is kept as one text: JSON.stringify returns its output as
    // pieces joined by a rope node, ~50 bytes more per agent than the text itself, and join()
    // writes one flat string (8 MiB less held at 146,000 agents).
    if (this.run?.tenantId !== agent.tenantId) {
      this.endRun();
      this.run = { tenantId: agent.tenantId, texts: [] };
    }
    this.run.texts.push(JSON.stringify(packed));
  }

  private endRun(): void {
    const run = this.run;
    if (run === undefined) return;
    this.run = undefined;
    const text = run.texts.join(',');
    const list = this.byTenant.get(run.tenantId);
    if (list === undefined) this.byTenant.set(run.tenantId, [text]);
    else list.push(text);
  }

  /**
   * One tenant's agents as {@link PreparedAgent}s in key order (value ids left for
   * `groupAgents`), forgotten here: each tenant is taken once, and memory shrinks as the run
   * goes.
   */
  take(tenantId: string): PreparedAgent[] {
    this.endRun();
    const list = this.byTenant.get(tenantId);
    if (list === undefined) return [];
    this.byTenant.delete(tenantId);
    const { values } = this;
    // One parse per tenant rather than per agent.
    const agents = (JSON.parse(`[${list.join(',')}]`) as Packed[]).map((r): PreparedAgent => {
      const integrationId = this.integrations[r[0]] as string;
      const agentId = r[1];
      const hostname = r[2];
      return {
        index: 0,
        key: agentKey({ integrationId, agentId }),
        source: {
          tenantId, integrationId, agentId, hostname, online: (r[3] & ONLINE) !== 0, lastSeen: r[4] ?? undefined,
          canRunScripts: (r[3] & CAN_RUN_SCRIPTS) !== 0, osInstallDate: r[5] ?? undefined,
        },
        tenantId,
        tenant: -1,
        host: normaliseHostname(hostname) ?? '',
        uuid: r[7] < 0 ? undefined : values.valueOf('uuid', r[7]),
        serial: r[8] < 0 ? undefined : values.valueOf('serial', r[8]),
        vendor: r[6] ?? undefined,
        board: r[9] < 0 ? undefined : values.valueOf('board', r[9]),
        macs: r[10].length === 0 ? NO_MACS : r[10].map((id) => values.valueOf('mac', id)),
        uuidId: -1,
        serialId: -1,
        boardId: -1,
        macIds: NO_MAC_IDS,
        registryHits: r[11] === 0 ? [] : r[11],
      };
    });
    agents.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    agents.forEach((agent, index) => (agent.index = index));
    return agents;
  }
}
