import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ErrorCodes } from '@rmm-hub/core';

import { resolveConnection } from './connection.js';

describe('connection settings', () => {
  it('reads the server, user, database and password from the URL, decoding them', () => {
    const resolved = resolveConnection({ url: 'postgres://rmm%40hub:p%2Fss%20w@db.example:6543/msp_store' });
    expect(resolved.server).toEqual({ host: 'db.example', port: 6543, database: 'msp_store', user: 'rmm@hub' });
    expect(resolved.password).toBe('p/ss w');
    expect(resolved.schema).toBe('rmm_hub');
    expect(resolved.pool.options).toBe('-c search_path=rmm_hub -c TimeZone=UTC');
  });

  it('verifies the server certificate and host name unless told otherwise; loopback and sockets default to no TLS', () => {
    expect(resolveConnection({ url: 'postgres://u:p@db.example/x' }).pool.ssl).toEqual({});
    expect(resolveConnection({ url: 'postgres://u:p@127.0.0.1/x' }).pool.ssl).toBe(false);
    expect(resolveConnection({ url: 'postgres://u:p@localhost/x' }).pool.ssl).toBe(false);
    expect(resolveConnection({ url: 'postgres://u@db.example/x?host=/var/run/postgresql' }).pool.ssl).toBe(false);
    expect(resolveConnection({ url: 'postgres://u:p@db.example/x', sslmode: 'require' }).pool.ssl).toEqual({ rejectUnauthorized: false });
    expect(resolveConnection({ url: 'postgres://u:p@db.example/x?sslmode=disable' }).pool.ssl).toBe(false);
    expect(resolveConnection({ url: 'postgres://u:p@127.0.0.1/x?sslmode=disable', sslmode: 'verify-full' }).pool.ssl).toEqual({});
  });

  it('trusts the CA in caFile; verify-ca checks the chain but not the host name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(resolveConnection({ url: 'postgres://u:p@db.example/x', caFile }).pool.ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
    const verifyCa = resolveConnection({ url: 'postgres://u:p@db.example/x', sslmode: 'verify-ca', caFile }).pool.ssl as { checkServerIdentity: () => unknown };
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });

  it('refuses settings that cannot work, pointing at the setting', () => {
    const refused = (options: Parameters<typeof resolveConnection>[0]): unknown => {
      try {
        resolveConnection(options);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refused({ url: 'mysql://u:p@db/x' })).toMatchObject({ code: ErrorCodes.config, path: 'store.url' });
    expect(refused({ url: 'postgres://u:p@db/x?sslmode=prefer' })).toMatchObject({ code: ErrorCodes.config, path: 'store.url', hint: expect.stringMatching(/verify-full/) });
    expect(refused({ url: 'postgres://u:p@db/x', sslmode: 'disable', caFile: '/ca.pem' })).toMatchObject({ code: ErrorCodes.config, path: 'store.caFile' });
    expect(refused({ url: 'postgres://u:p@db/x', caFile: '/no/such/ca.pem' })).toMatchObject({ code: ErrorCodes.config, path: 'store.caFile', message: expect.stringMatching(/ENOENT/) });
  });
});
