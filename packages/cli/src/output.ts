/**
 * How the CLI talks: human text by default, one JSON document on stdout with `--json`, and
 * errors as "what, where, how to fix" — never a stack trace for a user mistake. Everything
 * printed goes through the host's redactor first, and every human line through
 * {@link terminalSafe}: client names, hostnames and upstream error messages come from RMM
 * servers we do not control, and must not be able to drive the terminal.
 */
import { isRmmError, type SecretRedactor } from '@rmm-hub/core';

import { OUTPUT_SCHEMA_VERSION } from './output-schema-version.js';
import { writeStderr } from './stderr-lines.js';
import { markSafe } from './terminal.js';

export interface Output {
  readonly json: boolean;
  /**
   * Prints the command's result: one JSON object (with `schemaVersion`) on stdout, or the
   * human rendering.
   */
  result<T extends object>(value: T extends readonly unknown[] ? never : T, human: () => string): void;
  /** A progress or status line for people (stderr, so stdout stays machine-readable). */
  note(text: string): void;
}

/**
 * C0 controls except newline and tab, DEL, and C1 controls (8-bit CSI/OSC among them). ESC
 * starts every cursor move, screen clear and OSC 52 clipboard write; `\r` lets a line overwrite
 * what came before it on screen.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text with every control character shown as a visible escape (`\x1b`), so it prints as data. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Human text as it reaches the terminal: control characters neutralised, marks in ASCII where needed. */
export function forTerminal(text: string): string {
  return markSafe(terminalSafe(text));
}

export function createOutput(json: boolean, redactor?: SecretRedactor): Output {
  const scrub = (text: string): string => (redactor ? redactor.redact(text) : text);
  return {
    json,
    result(value, human) {
      process.stdout.write(scrub(json ? `${JSON.stringify({ schemaVersion: OUTPUT_SCHEMA_VERSION, ...value }, null, 2)}\n` : `${forTerminal(human())}\n`));
    },
    note(text) {
      if (!json) writeStderr(`${forTerminal(scrub(text))}\n`);
    },
  };
}

/** Exit codes: 0 ok, 1 a check or operation failed, 2 bad usage or config, 3 internal error. */
export const ExitCode = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

const USAGE_CODES = new Set(['RMM_ERR_CONFIG', 'RMM_ERR_USAGE']);

export function reportError(error: unknown, options: { json: boolean; debug: boolean; redactor?: SecretRedactor | undefined }): number {
  const scrub = (text: string): string => (options.redactor ? options.redactor.redact(text) : text);
  const toStderr = (text: string): void => writeStderr(forTerminal(scrub(text)));
  const toStdout = (value: unknown): void => void process.stdout.write(scrub(`${JSON.stringify({ schemaVersion: OUTPUT_SCHEMA_VERSION, ...(value as object) }, null, 2)}\n`));
  if (isRmmError(error)) {
    const code = USAGE_CODES.has(error.code) ? ExitCode.usage : ExitCode.failed;
    if (options.json) {
      toStdout({ error: error.toJSON() });
    } else {
      toStderr(`error [${error.code}]: ${error.message}\n`);
      if (error.hint) toStderr(`hint: ${error.hint}\n`);
      if (options.debug && error.stack) toStderr(`${error.stack}\n`);
    }
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    toStdout({ error: { code: 'RMM_ERR_INTERNAL', message } });
  } else {
    toStderr(`internal error: ${message}\n`);
    toStderr(options.debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'hint: this is a bug in rmm-hub; run again with --debug and report the output.\n');
  }
  return ExitCode.internal;
}

/** A fixed-width text table. Cells are made terminal-safe first, so the widths are right. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => terminalSafe(String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}
