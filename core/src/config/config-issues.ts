/**
 * Turns zod issues into ConfigErrors that say where (`integrations[0].config.serverUrl`), what
 * is wrong, and how to fix it — the three things a person editing a YAML file needs.
 */
import type { z } from 'zod';

import { ConfigError } from '../errors/catalogue.js';

/** `integrations[0].config.pagesize` as a path → `rmm-hub.yaml:12:7`. */
export type ConfigLocator = (path: readonly PropertyKey[]) => string | undefined;

/** `a.b[0].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `Add this required setting (${issue.expected}).`
        : `Use a ${issue.expected} here.`;
    case 'unrecognized_keys':
      return unknownKeyHint(issue.keys.map((key) => ({ key, suggestion: undefined })));
    case 'invalid_value':
      return `Use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'invalid_format':
      return issue.format === 'url' ? 'Use a full URL including the scheme, e.g. https://rmm.example.com' : `Use the ${issue.format} format.`;
    case 'too_small':
    case 'too_big':
      return 'Adjust the value to the allowed range.';
    default:
      return 'Correct this value; see `rmm-hub config schema` for the expected shape.';
  }
}

/** What to do about unknown keys: the suggestion when there is one, else where the allowed keys are listed. */
export function unknownKeyHint(keys: readonly { key: string; suggestion?: string | undefined }[]): string {
  const suggested = keys.filter((k) => k.suggestion);
  if (suggested.length > 0) return `Did you mean ${suggested.map((k) => `"${k.suggestion}" (not "${k.key}")`).join(', ')}?`;
  return `Remove ${keys.map((k) => `"${k.key}"`).join(', ')} or check the spelling; see \`rmm-hub config schema\` for the allowed keys.`;
}

/**
 * One ConfigError for all issues: its `path` is the first offending path, its message lists
 * every issue, and `context.issues` carries them all for `--json` output.
 */
export function configErrorFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = [], locate?: ConfigLocator): ConfigError {
  const issues = error.issues.map((issue) => {
    const full = [...prefix, ...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
    const at = locate?.(full);
    const path = formatPath([...prefix, ...issue.path]);
    return { path, message: at ? `${issue.message} (${at})` : issue.message, hint: hintFor(issue), ...(at ? { location: at } : {}) };
  });
  const first = issues[0] ?? { path: formatPath(prefix), message: 'invalid', hint: undefined };
  const message =
    issues.length === 1 ? first.message : `${issues.length} problems:\n${issues.map((i) => `  - ${i.path || '<root>'}: ${i.message}`).join('\n')}`;
  return new ConfigError(issues.length === 1 ? first.path : '', message, {
    hint: issues.length === 1 ? first.hint : first.hint && `First: ${first.hint}`,
    context: { issues },
  });
}
