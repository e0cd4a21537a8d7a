/**
 * How the CLI talks: human text by default, one JSON document on stdout with `--json`, and
 * errors as "what, where, how to fix" — never a stack trace for a user mistake. Everything
 * printed goes through the host's redactor first.
 */
import { isRmmError, type SecretRedactor } from '@rmm-hub/core';

export interface Output {
  readonly json: boolean;
  /** Prints the command's result: the JSON document, or the human rendering. */
  result(value: unknown, human: () => string): void;
  /** A progress or status line for people (stderr, so stdout stays machine-readable). */
  note(text: string): void;
}

export function createOutput(json: boolean, redactor?: SecretRedactor): Output {
  const scrub = (text: string): string => (redactor ? redactor.redact(text) : text);
  return {
    json,
    result(value, human) {
      process.stdout.write(scrub(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`));
    },
    note(text) {
      if (!json) process.stderr.write(`${scrub(text)}\n`);
    },
  };
}

/** Exit codes: 0 ok, 1 a check or operation failed, 2 bad usage or config, 3 internal error. */
export const ExitCode = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

export function reportError(error: unknown, options: { json: boolean; debug: boolean; redactor?: SecretRedactor | undefined }): number {
  const scrub = (text: string): string => (options.redactor ? options.redactor.redact(text) : text);
  if (isRmmError(error)) {
    const code = error.code === 'RMM_ERR_CONFIG' ? ExitCode.usage : ExitCode.failed;
    if (options.json) {
      process.stdout.write(scrub(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`));
    } else {
      process.stderr.write(scrub(`error [${error.code}]: ${error.message}\n`));
      if (error.hint) process.stderr.write(scrub(`hint: ${error.hint}\n`));
      if (options.debug && error.stack) process.stderr.write(scrub(`${error.stack}\n`));
    }
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    process.stdout.write(scrub(`${JSON.stringify({ error: { code: 'RMM_ERR_INTERNAL', message } }, null, 2)}\n`));
  } else {
    process.stderr.write(scrub(`internal error: ${message}\n`));
    process.stderr.write(options.debug && error instanceof Error && error.stack ? scrub(`${error.stack}\n`) : 'hint: this is a bug in rmm-hub; run again with --debug and report the output.\n');
  }
  return ExitCode.internal;
}

/** A fixed-width text table. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}
