import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ConfigError } from '../errors/catalogue.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import type { ConfigWarning } from './secret-file.js';
import { resolveSecretReferences } from './secret-references.js';
import { secret, secretPaths } from './secret-field.js';

const schema = z.object({
  serverUrl: z.string(),
  jwt: secret(z.string()),
  auth: z.object({ password: secret(z.string()).optional() }).optional(),
  extra: z.array(z.object({ token: secret(z.string()) })).default([]),
});

describe('secret references', () => {
  it('finds secret fields however deeply they are wrapped', () => {
    expect(secretPaths(schema).sort()).toEqual(['auth.password', 'extra.*.token', 'jwt']);
  });

  it('resolves env: and file: references and registers the values with the redactor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-secret-'));
    writeFileSync(join(dir, 'pw.txt'), 'file-secret-value\n');
    const redactor = new SecretRedactor();
    const resolved = resolveSecretReferences(
      { serverUrl: 'https://x', jwt: 'env:NC_JWT', auth: { password: 'file:pw.txt' }, extra: [{ token: 'env:TOKEN_2' }] },
      secretPaths(schema),
      ['integrations', 0, 'config'],
      { env: { NC_JWT: 'jwt-secret-value', TOKEN_2: 'second-token' }, baseDir: dir, redactor },
    );
    expect(resolved).toEqual({ serverUrl: 'https://x', jwt: 'jwt-secret-value', auth: { password: 'file-secret-value' }, extra: [{ token: 'second-token' }] });
    expect(redactor.redact('jwt-secret-value and file-secret-value and second-token')).not.toMatch(/secret-value|second-token/);
  });

  it('refuses a literal secret, pointing at its path, without echoing it', () => {
    const run = () =>
      resolveSecretReferences({ jwt: 'eyJhbGciOiJIUzI1NiJ9.literal' }, ['jwt'], ['integrations', 2, 'config'], { env: {}, baseDir: '/', redactor: new SecretRedactor() });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (error) {
      expect((error as ConfigError).path).toBe('integrations[2].config.jwt');
      expect((error as ConfigError).message).not.toContain('eyJhbGci');
      expect((error as ConfigError).hint).toMatch(/env:/);
    }
  });

  it('says which environment variable is missing and how to fix it', () => {
    expect(() => resolveSecretReferences({ jwt: 'env:NOPE' }, ['jwt'], [], { env: {}, baseDir: '/', redactor: new SecretRedactor() })).toThrow(/NOPE.*not set/);
  });

  it('says which file cannot be read', () => {
    expect(() => resolveSecretReferences({ jwt: 'file:/no/such/file' }, ['jwt'], [], { env: {}, baseDir: '/', redactor: new SecretRedactor() })).toThrow(/\/no\/such\/file/);
  });

  it('refuses a device or a FIFO as a secret file at once, instead of hanging on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-secret-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    for (const reference of ['file:/dev/zero', 'file:fifo']) {
      expect(() => resolveSecretReferences({ jwt: reference }, ['jwt'], ['integrations', 0, 'config'], { env: {}, baseDir: dir, redactor: new SecretRedactor() }), reference).toThrow(/not a regular file/);
    }
  });

  it('warns about a secret file that others may read, naming the path and the chmod', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-secret-'));
    writeFileSync(join(dir, 'jwt'), 'world-readable-jwt\n');
    chmodSync(join(dir, 'jwt'), 0o644);
    const warnings: ConfigWarning[] = [];
    const resolved = resolveSecretReferences({ jwt: 'file:jwt' }, ['jwt'], ['integrations', 0, 'config'], { env: {}, baseDir: dir, redactor: new SecretRedactor(), warn: (w) => warnings.push(w) });
    expect(resolved['jwt']).toBe('world-readable-jwt');
    expect(warnings).toEqual([expect.objectContaining({ path: 'integrations[0].config.jwt', hint: expect.stringContaining('chmod 600') as string })]);
  });
});
