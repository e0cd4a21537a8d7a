import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, ErrorCodes, isRmmError } from '../errors/index.js';
import { resolveCa } from './client-options.js';
import { createHttpClient } from './http-client.js';
import { sendJson, startLoopback, type LoopbackServer } from './loopback-server.test.helper.js';

/** Node's crypto cannot issue X.509 certificates; the openssl CLI can, offline. */
function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Pki {
  caPem: string;
  otherCaPem: string;
  key: string;
  cert: string;
}

/** An internal CA, a server certificate for 127.0.0.1 signed by it, and an unrelated CA. */
function makePki(dir: string): Pki {
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const name of ['ca', 'other-ca']) {
    ssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=rmm-hub test ${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  }
  ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  return { caPem: read('ca.pem'), otherCaPem: read('other-ca.pem'), key: read('server.key'), cert: read('server.pem') };
}

describe('extra CA handling', () => {
  it('adds configured PEMs to the public roots instead of replacing them', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const store = resolveCa(pem, 'nc');
    expect(store).toHaveLength(rootCertificates.length + 1);
    expect(store?.at(-1)).toBe(pem);
    expect(resolveCa(undefined, 'nc')).toBeUndefined();
  });
});

describe.skipIf(!hasOpenssl())('TLS against a loopback https server (skipped when the openssl CLI is missing: it issues the test certificates)', () => {
  let dir: string;
  let pki: Pki;
  let server: LoopbackServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rmm-hub-tls-'));
    pki = makePki(dir);
    server = await startLoopback((_req, res) => sendJson(res, 200, { secure: true }), { key: pki.key, cert: pki.cert });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (ca?: string): Promise<unknown> => {
    const http = createHttpClient({ name: 'automate', baseUrl: server.url, retry: { limit: 0 }, ...(ca ? { ca } : {}) });
    try {
      return (await http.request({ method: 'GET', path: '/cwa/api/v1/PatchInformation' })).body;
    } catch (error) {
      return error;
    } finally {
      http.close();
    }
  };

  it('refuses a certificate from an unknown CA with a ConfigError pointing at the CA option', async () => {
    const error = await call();
    expect(error).toBeInstanceOf(ConfigError);
    expect(isRmmError(error) && error.code).toBe(ErrorCodes.config);
    expect((error as ConfigError).hint).toMatch(/CA certificate/);
    expect((error as ConfigError).context).toMatchObject({ urlTemplate: '/cwa/api/v1/PatchInformation' });
    expect(server.requests).toHaveLength(0);
  });

  it('trusts the server once its internal CA is added', async () => {
    expect(await call(pki.caPem)).toEqual({ secure: true });
  });

  it('still refuses when a different CA is added', async () => {
    expect(await call(pki.otherCaPem)).toBeInstanceOf(ConfigError);
  });

  it('stays strict even with NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment', async () => {
    const before = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    const emitWarning = process.emitWarning;
    process.emitWarning = () => undefined; // Node warns once about the variable; keep the output clean
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      expect(await call()).toBeInstanceOf(ConfigError);
    } finally {
      if (before === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = before;
      process.emitWarning = emitWarning;
    }
  });
});
