/**
 * What lets several processes share one database file: write transactions that take the
 * write lock up front, locks naming their holder, state updated atomically, identity reports
 * that never get worse, and SQLite's own failures as coded errors.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

import { ErrorCodes, isRmmError } from '@rmm-hub/core';

import { SqliteStore } from './sqlite-store.js';

const AT = '2026-01-01T00:00:00.000Z';
const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function fileStore(options: { busyTimeoutMs?: number } = {}): { store: SqliteStore; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'rmm-coord-')), 'hub.db');
  const store = SqliteStore.open({ path: file, ...options });
  open.push(store);
  return { store, file };
}

/**
 * Another connection (a worker thread: SQLite locks the same way between threads as between
 * processes) takes the write lock, says so, holds it for `holdMs`, then commits a write.
 */
function holdWriteLock(file: string, holdMs: number): Promise<void> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("INSERT INTO tenants (id, name, domains, is_msp, created_at) VALUES ('t-other', 'Other', '[]', 0, ?)").run(workerData.at);
     Atomics.store(workerData.signal, 0, 1);
     Atomics.notify(workerData.signal, 0);
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), file, at: AT, holdMs, signal } },
  );
  Atomics.wait(signal, 0, 0, 10_000);
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', () => resolve());
  });
}

describe('write transactions', () => {
  it('take the write lock up front: a read-then-write waits for another writer instead of failing "database is locked"', async () => {
    const { store, file } = fileStore();
    const other = holdWriteLock(file, 300);
    await store.transaction(async () => {
      const before = (await store.tenants.list()).length;
      await store.tenants.upsert({ id: 't-mine', name: 'Mine', domains: [], isMsp: false });
      return before;
    });
    await other;
    expect((await store.tenants.list()).map((t) => t.id).sort()).toEqual(['t-mine', 't-other']);
  });
});

describe('process locks', () => {
  const a = { pid: 101, host: 'h1', acquiredAt: AT, heartbeatAt: AT };
  const b = { pid: 202, host: 'h2', acquiredAt: AT, heartbeatAt: AT };

  it('are held by one process at a time, taken over only from a holder that is gone', async () => {
    const { store } = fileStore();
    const alive = (): boolean => false;
    expect(await store.locks.acquire('sync:nc', a, alive)).toBeUndefined();
    expect(await store.locks.acquire('sync:nc', b, alive)).toMatchObject({ pid: 101, host: 'h1' });
    expect(await store.locks.acquire('sync:cw', b, alive)).toBeUndefined(); // another name: another lock
    expect(await store.locks.acquire('sync:nc', a, alive)).toBeUndefined(); // its holder may take it again
    expect(await store.locks.heartbeat('sync:nc', b, AT)).toBe(false);
    expect(await store.locks.heartbeat('sync:nc', a, '2026-01-01T00:01:00.000Z')).toBe(true);
    const seen: unknown[] = [];
    expect(await store.locks.acquire('sync:nc', b, (holder) => seen.push(holder) > 0)).toBeUndefined();
    expect(seen).toEqual([{ pid: 101, host: 'h1', acquiredAt: AT, heartbeatAt: '2026-01-01T00:01:00.000Z' }]);
    await store.locks.release('sync:nc', a); // no longer the holder: nothing happens
    expect(await store.locks.get('sync:nc')).toMatchObject({ pid: 202 });
    await store.locks.release('sync:nc', b);
    expect(await store.locks.get('sync:nc')).toBeUndefined();
  });
});

describe('integration state', () => {
  it('updates a value from the current one, per integration and key', async () => {
    const { store, file } = fileStore();
    expect(await store.integrationState.get('cw', 'k')).toBeUndefined();
    expect(await store.integrationState.update('cw', 'k', (v) => String(Number(v ?? 0) + 1), AT)).toBe('1');
    expect(await store.integrationState.update('cw', 'k', (v) => String(Number(v ?? 0) + 1), AT)).toBe('2');
    expect(await store.integrationState.get('other', 'k')).toBeUndefined();
    const second = SqliteStore.open({ path: file });
    open.push(second);
    expect(await second.integrationState.get('cw', 'k')).toBe('2');
  });
});

describe('identity reports', () => {
  it('never replace an answer with a failure', async () => {
    const { store } = fileStore();
    const ok = { integrationId: 'cw', agentId: '7', status: 'ok' as const, identity: '{"smbiosUuid":"U"}', attempts: 1, at: AT };
    await store.computers.upsertIdentityReports([ok]);
    await store.computers.upsertIdentityReports([{ integrationId: 'cw', agentId: '7', status: 'failed', attempts: 3, lastError: 'timeout', at: AT }]);
    expect(await store.computers.listIdentityReports()).toEqual([expect.objectContaining({ status: 'ok', identity: ok.identity })]);
    await store.computers.upsertIdentityReports([{ ...ok, identity: '{"smbiosUuid":"V"}' }]);
    expect((await store.computers.listIdentityReports())[0]?.identity).toBe('{"smbiosUuid":"V"}');
  });
});

describe("SQLite's own failures", () => {
  const codeOf = async (store: SqliteStore, work: () => Promise<unknown>): Promise<string | undefined> => {
    try {
      await work();
    } catch (error) {
      const explained = store.explain(error);
      expect(explained?.hint).toEqual(expect.any(String));
      return explained?.code;
    }
    return undefined;
  };

  it('a database another process keeps locked: RMM_ERR_STORE_BUSY', async () => {
    const { file } = fileStore();
    const holder = new Database(file);
    open.push(holder);
    holder.exec('BEGIN IMMEDIATE');
    const waiting = SqliteStore.open({ path: file, busyTimeoutMs: 20 });
    open.push(waiting);
    expect(await codeOf(waiting, () => waiting.transaction(async () => await waiting.tenants.upsert({ id: 't', name: 'T', domains: [], isMsp: false })))).toBe(ErrorCodes.storeBusy);
    holder.exec('ROLLBACK');
  });

  it('a full disk: RMM_ERR_STORE_FULL, and nothing half-written', async () => {
    const { store } = fileStore();
    // SQLite's own size cap reports exactly what a full disk does (SQLITE_FULL).
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);
    const write = async (): Promise<void> => {
      for (let i = 0; i < 2000; i++) await store.tenants.upsert({ id: `t${i}`, name: `Tenant ${i} ${'x'.repeat(200)}`, domains: [], isMsp: false });
    };
    expect(await codeOf(store, async () => await store.transaction(write))).toBe(ErrorCodes.storeFull);
    expect(await store.tenants.list()).toEqual([]);
  });

  it('a read-only open: reads work, writes fail with RMM_ERR_STORE_READ_ONLY', async () => {
    const { store, file } = fileStore();
    await store.tenants.upsert({ id: 't', name: 'T', domains: [], isMsp: false });
    const reader = SqliteStore.open({ path: file, readonly: true });
    open.push(reader);
    expect(reader.readOnly).toBe(true);
    expect((await reader.tenants.list()).map((t) => t.id)).toEqual(['t']);
    expect(await codeOf(reader, async () => await reader.tenants.upsert({ id: 'u', name: 'U', domains: [], isMsp: false }))).toBe(ErrorCodes.storeReadOnly);
  });

  it('a read-only open of a database that needs an upgrade: RMM_ERR_STORE_READ_ONLY, saying what to run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-coord-')), 'old.db');
    new Database(file).close();
    let error: unknown;
    try {
      SqliteStore.open({ path: file, readonly: true });
    } catch (caught) {
      error = caught;
    }
    expect(isRmmError(error) && error.code).toBe(ErrorCodes.storeReadOnly);
    expect(isRmmError(error) && error.hint).toMatch(/rmm-hub sync/);
  });
});
