/**
 * Turns zod issues into ConfigErrors that say where (`integrations[0].config.serverUrl`), what
 * is wrong, and how to fix it — the three things a person editing a YAML file needs.
 */
import type { z } from 'zod';

import { ConfigError } from '../errors/catalogue.js';

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
      return `Remove ${issue.keys.map((k) => `"${k}"`).join(', ')} or check the spelling; see \`rmm-hub config schema\` for the allowed keys.`;
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

/**
 * One ConfigError for all issues: its `path` is the first offending path, its message lists
 * every issue, and `context.issues` carries them all for `--json` output.
 */
export function configErrorFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): ConfigError {
  const issues = error.issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return { path, message: issue.message, hint: hintFor(issue) };
  });
  const first = issues[0] ?? { path: formatPath(prefix), message: 'invalid', hint: undefined };
  const message =
    issues.length === 1 ? first.message : `${issues.length} problems:\n${issues.map((i) => `  - ${i.path || '<root>'}: ${i.message}`).join('\n')}`;
  return new ConfigError(issues.length === 1 ? first.path : '', message, {
    hint: issues.length === 1 ? first.hint : first.hint && `First: ${first.hint}`,
    context: { issues },
  });
}
