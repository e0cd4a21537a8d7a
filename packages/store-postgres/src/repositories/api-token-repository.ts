import { tokenNameTaken, type ApiTokenRecord, type ApiTokenRepository, type ApiTokenRole } from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';

interface TokenRow {
  [column: string]: unknown;
  id: string;
  name: string;
  role: ApiTokenRole;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = 'id, name, role, created_at, last_used_at, revoked_at';

/** PostgreSQL's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** The `api_tokens` table; the secret's hash goes in and is never read back out. */
export class PgApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly db: Database) {}

  async create(record: Omit<ApiTokenRecord, 'lastUsedAt' | 'revokedAt'> & { secretHash: string }): Promise<void> {
    try {
      await this.db.query('INSERT INTO api_tokens (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        record.id, record.name, record.role, record.secretHash, record.createdAt,
      ]);
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === UNIQUE_VIOLATION && constraint === 'api_tokens_live_name') {
        throw tokenNameTaken(record.name);
      }
      throw error;
    }
  }

  async findBySecretHash(secretHash: string): Promise<ApiTokenRecord | undefined> {
    const [row] = await this.db.rows<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE secret_hash = $1`, [secretHash]);
    return row && toRecord(row);
  }

  async list(): Promise<ApiTokenRecord[]> {
    return (await this.db.rows<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`)).map(toRecord);
  }

  async revoke(idOrName: string, at: string): Promise<ApiTokenRecord | undefined> {
    const [row] = await this.db.rows<TokenRow>(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 OR (name = $1 AND revoked_at IS NULL) RETURNING ${COLUMNS}`,
      [idOrName, at],
    );
    return row && toRecord(row);
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }
}

function toRecord(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: orUndefined(row.last_used_at),
    revokedAt: orUndefined(row.revoked_at),
  };
}
