/**
 * Secret fields are given as references, never as literal values: `env:NAME` reads an
 * environment variable, `file:PATH` reads a file (relative to the config file; trailing
 * newline dropped; see {@link readSecretFile} for what is refused and warned about). A literal
 * is refused, so a secret cannot end up in a committed config.
 */
import { isAbsolute, resolve } from 'node:path';

import { ConfigError } from '../errors/catalogue.js';
import { MIN_SECRET_LENGTH, type SecretRedactor } from '../secrets/secret-redactor.js';
import { formatPath } from './config-issues.js';
import { readSecretFile, type ConfigWarning } from './secret-file.js';

export interface SecretResolution {
  env: NodeJS.ProcessEnv;
  /** Directory that `file:` paths are relative to. */
  baseDir: string;
  redactor: SecretRedactor;
  /** Receives warnings about secrets that still work (a file others may read). @default ignored */
  warn?: ((warning: ConfigWarning) => void) | undefined;
}

const REFERENCE = /^(env|file):(.+)$/s;

/**
 * Returns a copy of `raw` with the values at `secretPaths` (dotted, `*` for any key or index)
 * replaced by what their references point at, each registered with the redactor.
 */
export function resolveSecretReferences(
  raw: Record<string, unknown>,
  secretPaths: readonly string[],
  where: readonly PropertyKey[],
  options: SecretResolution,
): Record<string, unknown> {
  const copy = structuredClone(raw);
  for (const dotted of secretPaths) {
    visit(copy, dotted.split('.'), [...where], (value, path) => resolveOne(value, path, options));
  }
  return copy;
}

function visit(
  node: unknown,
  keys: string[],
  path: PropertyKey[],
  replace: (value: unknown, path: PropertyKey[]) => unknown,
): void {
  if (typeof node !== 'object' || node === null) return;
  const [key, ...rest] = keys;
  if (key === undefined) return;
  const container = node as Record<string, unknown>;
  const targets = key === '*' ? Object.keys(container) : key in container ? [key] : [];
  for (const target of targets) {
    const childPath = [...path, Array.isArray(node) ? Number(target) : target];
    if (rest.length === 0) {
      if (container[target] !== undefined) container[target] = replace(container[target], childPath);
    } else visit(container[target], rest, childPath, replace);
  }
}

function resolveOne(value: unknown, path: PropertyKey[], options: SecretResolution): string {
  const at = formatPath(path);
  const match = typeof value === 'string' ? REFERENCE.exec(value.trim()) : null;
  if (!match) {
    throw new ConfigError(at, 'is a secret and must be a reference, not a literal value', {
      hint: `Write it as "env:VARIABLE_NAME" (and export the variable) or "file:/path/to/secret-file".`,
    });
  }
  const [, scheme, target] = match as unknown as [string, 'env' | 'file', string];
  let resolved: string;
  if (scheme === 'env') {
    const variable = options.env[target];
    if (variable === undefined || variable === '') {
      throw new ConfigError(at, `refers to the environment variable ${target}, which is not set`, {
        hint: `Export ${target} before running rmm-hub, or use file:PATH instead.`,
      });
    }
    resolved = variable;
  } else {
    const file = isAbsolute(target) ? target : resolve(options.baseDir, target);
    resolved = readSecretFile(file, at, options.warn ?? (() => undefined));
  }
  if (resolved.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(at, `resolves to a value shorter than ${MIN_SECRET_LENGTH} characters`, {
      hint: 'Check that the variable or file holds the real secret.',
    });
  }
  options.redactor.add(resolved);
  return resolved;
}
