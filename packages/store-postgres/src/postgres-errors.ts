/**
 * PostgreSQL's and node-postgres's failures that a person can act on — the server out of
 * reach, the login refused, the database missing, a lock held too long, the disk full — as
 * coded store errors with a hint, instead of the driver's bare message. What the server said is
 * kept, with the password scrubbed out of it; the URL is never part of any of it.
 */
import { ErrorCodes, StoreError, type StoreErrorCode } from '@rmm-hub/core';

import type { ServerRef } from './connection.js';

/** Network failures of the connection itself (Node's error codes). */
const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

/** What node-postgres itself says when a connection fails or dies (it gives no code). */
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|does not support SSL|server closed the connection/i;

interface Described {
  code: StoreErrorCode;
  what: string;
  hint: string;
}

/**
 * The coded error for a failure of the PostgreSQL server or the connection to it; undefined
 * for anything else. `scrub` removes the password from text the server or driver produced.
 */
export function storeErrorFromPostgres(error: unknown, server: ServerRef, scrub: (text: string) => string): StoreError | undefined {
  const described = describe(error, server);
  if (!described) return undefined;
  const raw = error as { code?: unknown; message?: unknown };
  const said = scrub(typeof raw.message === 'string' ? raw.message : String(error));
  return new StoreError(`${described.what}: ${said}`, {
    code: described.code,
    hint: described.hint,
    context: { ...where(server), ...(typeof raw.code === 'string' ? { postgres: raw.code } : {}) },
  });
}

/** The server, as an error shows it: host, port, database and user, never the password. */
export function where(server: ServerRef): Record<string, string | number> {
  return { host: server.host, port: server.port, database: server.database, user: server.user };
}

function describe(error: unknown, server: ServerRef): Described | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const at = `${server.host}:${server.port}`;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (error as { severity?: unknown }).severity !== undefined ? code : undefined;
  if (sqlState === undefined) {
    if (typeof code === 'string' && (UNREACHABLE_ERRNO.has(code) || code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) || UNREACHABLE_MESSAGE.test(message)) {
      const tls = typeof code === 'string' && (code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) || /SSL/.test(message);
      return {
        code: ErrorCodes.storeUnreachable,
        what: `The PostgreSQL server at ${at} cannot be reached`,
        hint: tls
          ? "The TLS connection failed. Check store.sslmode (disable, require, verify-ca, verify-full) and, to verify the server's certificate, store.caFile (the CA that signed it)."
          : 'Check that the server runs and accepts connections from this machine, and that the host and port in store.url are right; rmm-hub retries nothing itself here.',
      };
    }
    return undefined;
  }
  const cls = sqlState.slice(0, 2);
  if (sqlState === '28P01' || cls === '28') {
    return { code: ErrorCodes.storeAuth, what: `The PostgreSQL server at ${at} refused user "${server.user}"`, hint: 'Check the user and password in store.url (the secret it refers to) and that pg_hba.conf lets this user connect from here.' };
  }
  if (sqlState === '3D000') {
    return { code: ErrorCodes.store, what: `The database "${server.database}" does not exist on ${at}`, hint: `Create it (CREATE DATABASE ${server.database}) or correct the database in store.url; rmm-hub creates its schema and tables itself.` };
  }
  if (sqlState === '42501' || sqlState === '25006') {
    return { code: ErrorCodes.storeReadOnly, what: `User "${server.user}" may not write the store's tables in "${server.database}"`, hint: 'Grant the user CREATE on the database (for the schema) and ownership of the store schema, or connect as one that has them; a read-only replica cannot hold an rmm-hub store being written.' };
  }
  if (sqlState === '53100') {
    return { code: ErrorCodes.storeFull, what: `The disk of the PostgreSQL server at ${at} is full`, hint: "Free space on the server's data volume; the write that failed was rolled back, nothing half-written was kept." };
  }
  if (sqlState === '55P03' || sqlState === '40P01' || sqlState === '40001') {
    return { code: ErrorCodes.storeBusy, what: 'The store stayed locked by another rmm-hub process', hint: 'Another rmm-hub process is writing to the same store and held it longer than rmm-hub waits. Run the command again once it is done; `rmm-hub status` shows a sync under way.' };
  }
  if (cls === '08' || cls === '57' || sqlState === '53300') {
    return { code: ErrorCodes.storeUnreachable, what: `The PostgreSQL server at ${at} is not taking connections`, hint: 'The server is starting, shutting down, or out of connection slots. Try again shortly; if it persists, raise max_connections or lower the number of rmm-hub processes.' };
  }
  return undefined;
}
