import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors/catalogue.js';
import { MAX_SECRET_FILE_BYTES, readSecretFile, type ConfigWarning } from './secret-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-secret-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = 'integrations[0].config.password';

function read(file: string): { value?: string; error?: unknown; warnings: ConfigWarning[] } {
  const warnings: ConfigWarning[] = [];
  try {
    return { value: readSecretFile(file, AT, (w) => warnings.push(w)), warnings };
  } catch (error) {
    return { error, warnings };
  }
}

function secretFile(name: string, content: string, mode = 0o600): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

describe('readSecretFile', () => {
  it('reads an owner-only regular file, dropping the trailing newline, without a warning', () => {
    expect(read(secretFile('ok', 'S3cret-value\n'))).toEqual({ value: 'S3cret-value', warnings: [] });
  });

  it.each([
    [0o640, 'its group'],
    [0o644, 'every user'],
  ])('warns, as ssh does, when mode %s lets %s read it', (mode, who) => {
    const file = secretFile(`open-${mode.toString(8)}`, 'S3cret-value', mode);
    const { value, warnings } = read(file);
    expect(value).toBe('S3cret-value');
    expect(warnings).toEqual([{ path: AT, message: expect.stringContaining(who) as string, hint: `Restrict it to its owner: chmod 600 ${file}` }]);
  });

  it.each([
    ['/dev/zero', /device/],
    [dir, /directory/],
  ])('refuses %s without reading it', (file, kind) => {
    const { error } = read(file);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(AT);
    expect((error as ConfigError).message).toMatch(kind);
  });

  it('refuses a FIFO nobody writes to instead of waiting on it', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const { error } = read(fifo);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/named pipe/);
  });

  it('refuses a file larger than a secret can be', () => {
    const { error } = read(secretFile('big', 'x'.repeat(MAX_SECRET_FILE_BYTES + 1)));
    expect((error as ConfigError).message).toMatch(/at most/);
  });

  it('follows a symbolic link (as Kubernetes mounts secrets) and says which file it read', () => {
    const target = secretFile('target', 'Linked-secret');
    mkdirSync(join(dir, 'mount'));
    const link = join(dir, 'mount', 'password');
    symlinkSync(target, link);
    const { value, warnings } = read(link);
    expect(value).toBe('Linked-secret');
    expect(warnings).toEqual([expect.objectContaining({ path: AT, message: expect.stringContaining(`symbolic link to ${target}`) as string })]);
  });

  it('checks the link target, not the link: a link to /dev/zero is refused', () => {
    const link = join(dir, 'zero-link');
    symlinkSync('/dev/zero', link);
    expect(read(link).error).toBeInstanceOf(ConfigError);
  });

  it('names a missing file with its error code', () => {
    expect((read(join(dir, 'missing')).error as ConfigError).message).toMatch(/missing.*ENOENT/);
  });
});
