/**
 * Reading the config file: YAML or JSON (JSON is YAML, but the extension picks the error
 * wording), then validation against {@link HostConfig}. Every failure is a ConfigError with
 * a path and a hint; none is a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { parseDocument } from 'yaml';

import { ConfigError } from '../errors/catalogue.js';
import { configErrorFromZod } from './config-issues.js';
import { HostConfig } from './host-config.schema.js';

export interface LoadedConfig {
  config: HostConfig;
  /** Absolute path of the file it came from. */
  path: string;
  /** Directory relative paths in the config are resolved against. */
  baseDir: string;
}

export function loadConfigFile(path: string): LoadedConfig {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigError('', `cannot read the config file ${absolute} (${code ?? 'error'})`, {
      cause,
      hint: code === 'ENOENT' ? 'Create one with `rmm-hub init`, or pass --config PATH.' : 'Check the file permissions.',
    });
  }
  return { config: parseConfigText(text, absolute), path: absolute, baseDir: dirname(absolute) };
}

/** Parses and validates config text; `source` names the file in messages. */
export function parseConfigText(text: string, source = '<config>'): HostConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [undefined, undefined];
    throw new ConfigError('', `${source}${line ? `:${line}:${col}` : ''}: not valid YAML/JSON: ${first.message.split('\n')[0]}`, {
      hint: 'Fix the syntax at that line (indentation, a missing colon or quote).',
      context: { source, line, col },
    });
  }
  let raw: unknown;
  try {
    raw = document.toJS() ?? {};
  } catch (cause) {
    // Parsing succeeded but building values did not: an alias to an unknown anchor (`*x`) or
    // an alias bomb. The yaml library throws a plain ReferenceError/Error for these.
    throw new ConfigError('', `${source}: not valid YAML/JSON: ${(cause as Error).message.split('\n')[0]}`, {
      cause,
      hint: 'Check the anchors (&name) and aliases (*name) in the file; a literal `*` at the start of a value must be quoted.',
      context: { source },
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', `${source}: the config must be a mapping of settings`, { hint: 'Start from `rmm-hub init`.' });
  }
  const parsed = HostConfig.safeParse(raw);
  if (!parsed.success) throw configErrorFromZod(parsed.error);
  return parsed.data;
}
