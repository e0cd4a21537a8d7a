import { tokenNameTaken, type ApiTokenRecord, type ApiTokenRepository } from '../store/api-token-repository.js';
import { copy, orderBy, type MemoryTables } from './memory-tables.js';

/** API tokens; the secret's hash is matched, never handed out. */
export class MemoryApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly tables: MemoryTables) {}

  async create(record: Omit<ApiTokenRecord, 'lastUsedAt' | 'revokedAt'> & { secretHash: string }): Promise<void> {
    const tokens = this.tables.rows.apiTokens;
    if ([...tokens.values()].some((t) => t.name === record.name && t.revokedAt === undefined)) {
      throw tokenNameTaken(record.name);
    }
    tokens.set(record.id, { ...record });
    this.tables.changed();
  }

  async findBySecretHash(secretHash: string): Promise<ApiTokenRecord | undefined> {
    const found = [...this.tables.rows.apiTokens.values()].find((t) => t.secretHash === secretHash);
    return found && withoutHash(found);
  }

  async list(): Promise<ApiTokenRecord[]> {
    return orderBy([...this.tables.rows.apiTokens.values()], (t) => t.createdAt, (t) => t.id).map(withoutHash);
  }

  async revoke(idOrName: string, at: string): Promise<ApiTokenRecord | undefined> {
    const tokens = [...this.tables.rows.apiTokens.values()];
    const token = tokens.find((t) => t.id === idOrName) ?? tokens.find((t) => t.name === idOrName && t.revokedAt === undefined);
    if (token === undefined) return undefined;
    if (token.revokedAt === undefined) {
      token.revokedAt = at;
      this.tables.changed();
    }
    return withoutHash(token);
  }

  async touch(id: string, at: string): Promise<void> {
    const token = this.tables.rows.apiTokens.get(id);
    if (token === undefined) return;
    token.lastUsedAt = at;
    this.tables.changed();
  }
}

function withoutHash({ secretHash: _secretHash, ...record }: ApiTokenRecord & { secretHash: string }): ApiTokenRecord {
  return copy(record);
}
