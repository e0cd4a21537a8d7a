import type Database from 'better-sqlite3';

import { tokenNameTaken, type ApiTokenRecord, type ApiTokenRepository, type ApiTokenRole } from '@rmm-hub/core';

import type { Synchronous } from '../gated-repository.js';
import { orUndefined } from '../json-column.js';

interface TokenRow {
  id: string;
  name: string;
  role: ApiTokenRole;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = 'id, name, role, created_at, last_used_at, revoked_at';

/** The `api_tokens` table; the secret's hash goes in and is never read back out. */
export class SqliteApiTokenRepository implements Synchronous<ApiTokenRepository> {
  /** Every API request looks its token up: prepared once. */
  readonly #bySecretHash: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.#bySecretHash = db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE secret_hash = ?`);
  }

  create(record: Omit<ApiTokenRecord, 'lastUsedAt' | 'revokedAt'> & { secretHash: string }): void {
    try {
      this.db
        .prepare('INSERT INTO api_tokens (id, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(record.id, record.name, record.role, record.secretHash, record.createdAt);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('api_tokens.name')) {
        throw tokenNameTaken(record.name);
      }
      throw error;
    }
  }

  findBySecretHash(secretHash: string): ApiTokenRecord | undefined {
    const row = this.#bySecretHash.get(secretHash) as TokenRow | undefined;
    return row && toRecord(row);
  }

  list(): ApiTokenRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`).all() as TokenRow[]).map(toRecord);
  }

  revoke(idOrName: string, at: string): ApiTokenRecord | undefined {
    const row = this.db
      .prepare(`UPDATE api_tokens SET revoked_at = coalesce(revoked_at, @at) WHERE id = @key OR (name = @key AND revoked_at IS NULL) RETURNING ${COLUMNS}`)
      .get({ key: idOrName, at }) as TokenRow | undefined;
    return row && toRecord(row);
  }

  touch(id: string, at: string): void {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
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
