/**
 * Reading the config file: YAML or JSON (JSON is YAML, but the extension picks the error
 * wording), then validation against {@link HostConfig}. Every failure is a ConfigError with
 * a path and a hint; none is a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

import { ConfigError } from '../errors/catalogue.js';
import { configErrorFromZod, type ConfigLocator } from './config-issues.js';
import { HostConfig } from './host-config.schema.js';
import { closedJsonSchema, findUnknownKeys, unknownKeysError } from './unknown-keys.js';

let hostSchema: ReturnType<typeof closedJsonSchema> | undefined;
/** The host config's JSON Schema, built once: it only changes with the code. */
const hostConfigSchema = (): ReturnType<typeof closedJsonSchema> => (hostSchema ??= closedJsonSchema(HostConfig));

export interface LoadedConfig {
  config: HostConfig;
  /** Absolute path of the file it came from. */
  path: string;
  /** Directory relative paths in the config are resolved against. */
  baseDir: string;
  /** Where a setting is written (`file:line:col`), for messages; undefined when unknown. */
  locate?: ConfigLocator | undefined;
}

export type { ConfigLocator } from './config-issues.js';

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
  const parsed = parseConfig(text, absolute);
  return { config: parsed.config, path: absolute, baseDir: dirname(absolute), locate: parsed.locate };
}

/** A locator over a parsed document: the position of the key at `path` (or of its value). */
function locatorFor(document: Document, lines: LineCounter, source: string): ConfigLocator {
  return (path) => {
    const parent = path.length > 1 ? document.getIn(path.slice(0, -1), true) : document.contents;
    const last = path.at(-1);
    let offset: number | undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
      offset = (isScalar(pair?.key) ? pair.key.range?.[0] : undefined) ?? undefined;
    }
    if (offset === undefined) {
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      offset = node?.range?.[0];
    }
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return `${source}:${line}:${col}`;
  };
}

/** Parses and validates config text; `source` names the file in messages. */
export function parseConfigText(text: string, source = '<config>'): HostConfig {
  return parseConfig(text, source).config;
}

function parseConfig(text: string, source: string): { config: HostConfig; locate: ConfigLocator } {
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter: lines });
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
  const locate = locatorFor(document, lines, source);
  return { config: validateConfig(raw, locate), locate };
}

/**
 * Checks settings given as an object (a host application's own config, or a parsed file)
 * exactly as a config file is checked: unknown keys and invalid values fail with a coded
 * ConfigError naming the setting.
 */
export function validateConfig(raw: unknown, locate?: ConfigLocator): HostConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'the config must be a mapping of settings', { hint: 'Pass an object such as { integrations: [...] }.' });
  }
  const unknown = findUnknownKeys(hostConfigSchema(), raw);
  if (unknown.length > 0) throw unknownKeysError(unknown, [], locate);
  const parsed = HostConfig.safeParse(raw);
  if (!parsed.success) throw configErrorFromZod(parsed.error, [], locate);
  return parsed.data;
}
