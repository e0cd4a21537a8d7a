import type Database from 'better-sqlite3';

import type { AgentRef, ComputerRecord, ComputerRepository } from '@rmm-hub/core';

interface ComputerRow {
  id: string;
  tenant_id: string;
  name: string;
  created_at: string;
}

export class SqliteComputerRepository implements ComputerRepository {
  constructor(private readonly db: Database.Database) {}

  get(computerId: string): ComputerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM computers WHERE id = ?').get(computerId) as ComputerRow | undefined;
    return row ? { id: row.id, tenantId: row.tenant_id, name: row.name, createdAt: row.created_at } : undefined;
  }

  agentsOf(computerId: string): AgentRef[] {
    return (
      this.db
        .prepare(
          `SELECT l.integration_id, l.agent_id FROM agent_links l
           LEFT JOIN agents a ON a.integration_id = l.integration_id AND a.agent_id = l.agent_id
           WHERE l.computer_id = ? ORDER BY a.last_seen DESC, l.integration_id, l.agent_id`,
        )
        .all(computerId) as { integration_id: string; agent_id: string }[]
    ).map((row) => ({ integrationId: row.integration_id, agentId: row.agent_id }));
  }

  computerOf(agent: AgentRef): string | undefined {
    const row = this.db
      .prepare('SELECT computer_id FROM agent_links WHERE integration_id = ? AND agent_id = ?')
      .get(agent.integrationId, agent.agentId) as { computer_id: string } | undefined;
    return row?.computer_id;
  }
}
