/**
 * API tokens of `rmm-hub serve`: who may call the HTTP API, under which role. Only a hash of a
 * token's secret is kept; the secret itself is shown once, when the token is created, and a
 * request proves it holds a token by presenting the secret, which the server hashes and looks up.
 * A revoked token stays listed (its name is what the audit log calls its holder) but signs
 * nobody in.
 */
import { UsageError } from '../errors/catalogue.js';

/** The roles a token can have, least allowed first: viewers read, operators also decide, admins also run scripts. */
export const API_TOKEN_ROLES = ['viewer', 'operator', 'admin'] as const;

/** What a token's holder may do (see {@link API_TOKEN_ROLES}). */
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];

/** A token as listed: never its secret, nor the secret's hash. */
export interface ApiTokenRecord {
  id: string;
  /** Unique among tokens not revoked; the actor the audit log records for what the token does. */
  name: string;
  role: ApiTokenRole;
  createdAt: string;
  lastUsedAt?: string | undefined;
  revokedAt?: string | undefined;
}

export interface ApiTokenRepository {
  /** Stores a new token; fails with a coded error when a token not revoked already has its name. */
  create(record: Omit<ApiTokenRecord, 'lastUsedAt' | 'revokedAt'> & { secretHash: string }): Promise<void>;
  /** The token (revoked or not) whose secret hashes to `secretHash`. */
  findBySecretHash(secretHash: string): Promise<ApiTokenRecord | undefined>;
  /** Every token, oldest first, revoked ones included. */
  list(): Promise<ApiTokenRecord[]>;
  /** Revokes the token with this id, or the live token with this name; undefined when none. */
  revoke(idOrName: string, at: string): Promise<ApiTokenRecord | undefined>;
  /** Records a use of the token. */
  touch(id: string, at: string): Promise<void>;
}

/** What a store throws when a token not revoked already has the name `create` was given. */
export function tokenNameTaken(name: string): UsageError {
  return new UsageError(`A token named "${name}" already exists.`, {
    hint: 'Choose another --name, or revoke the existing token first (`rmm-hub tokens revoke <name>`).',
    context: { name },
  });
}
