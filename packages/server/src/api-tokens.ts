/**
 * API tokens: created with a random secret shown once, kept as the secret's SHA-256 (a token
 * is 256 random bits, so a fast hash is as strong as a slow one here), looked up by that hash
 * on every request. The secret's prefix makes a leaked token recognisable to secret scanners.
 */
import { createHash, randomBytes } from 'node:crypto';

import { API_TOKEN_ROLES, NotFoundError, UsageError, type ApiTokenRecord, type ApiTokenRole, type Store } from '@rmm-hub/core';

/** Every token's secret starts with this. */
export const TOKEN_PREFIX = 'rmmh_';

/** How often a token's last use is written: a busy client must not turn reads into writes. */
const TOUCH_EVERY_MS = 60_000;

/** The hash a token's secret is stored and looked up by. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates, finds, lists and revokes API tokens in the store. */
export class ApiTokens {
  readonly #touched = new Map<string, number>();

  constructor(
    private readonly store: Pick<Store, 'apiTokens'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new token; `secret` is the only copy there will ever be. */
  async create(input: { name: string; role: string }): Promise<{ token: ApiTokenRecord; secret: string }> {
    const name = input.name.trim();
    if (!/^[\w.@-]{1,64}$/.test(name)) {
      throw new UsageError(`"${input.name}" is not a valid token name.`, { hint: 'Use 1 to 64 letters, digits, dots, dashes, underscores or @ — it is what the audit log records as the actor.' });
    }
    if (!(API_TOKEN_ROLES as readonly string[]).includes(input.role)) {
      throw new UsageError(`"${input.role}" is not a role.`, { hint: `Use one of: ${API_TOKEN_ROLES.join(', ')}.` });
    }
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token: ApiTokenRecord = { id: `tok_${randomBytes(6).toString('hex')}`, name, role: input.role as ApiTokenRole, createdAt: this.now().toISOString() };
    await this.store.apiTokens.create({ id: token.id, name: token.name, role: token.role, createdAt: token.createdAt, secretHash: hashSecret(secret) });
    return { token, secret };
  }

  /** The live token a secret belongs to; undefined for an unknown or revoked one. */
  async authenticate(secret: string): Promise<ApiTokenRecord | undefined> {
    if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
    return this.authenticateHash(hashSecret(secret));
  }

  /** The live token whose secret hashes to `secretHash` (what a session keeps instead of the secret). */
  async authenticateHash(secretHash: string): Promise<ApiTokenRecord | undefined> {
    const token = await this.store.apiTokens.findBySecretHash(secretHash);
    if (token === undefined || token.revokedAt !== undefined) return undefined;
    const now = this.now();
    if (now.getTime() - (this.#touched.get(token.id) ?? -Infinity) >= TOUCH_EVERY_MS) {
      this.#touched.set(token.id, now.getTime());
      await this.store.apiTokens.touch(token.id, now.toISOString());
    }
    return token;
  }

  list(): Promise<ApiTokenRecord[]> {
    return this.store.apiTokens.list();
  }

  /** Revokes a token by id or name; a token already revoked keeps its first revocation time. */
  async revoke(idOrName: string): Promise<ApiTokenRecord> {
    const token = await this.store.apiTokens.revoke(idOrName, this.now().toISOString());
    if (token === undefined) throw new NotFoundError(`No token "${idOrName}".`, { hint: 'See `rmm-hub tokens list` for the ids and names.' });
    return token;
  }
}
