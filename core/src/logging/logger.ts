/**
 * A small structured logger. Every line passes through the owner's {@link SecretRedactor}
 * before it reaches the sink, so a plugin that logs a token by mistake still leaks nothing.
 */
import type { SecretRedactor } from '../secrets/secret-redactor.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One structured log line: level, message, time and the fields logged with it (secrets already scrubbed). */
export interface LogRecord {
  level: LogLevel;
  msg: string;
  time: string;
  [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

/** The structured logger the host hands plugins; every record passes the secret redactor. */
export interface Logger {
  /** Logs `msg` with `fields` at debug level. */
  debug(msg: string, fields?: Record<string, unknown>): void;
  /** Logs `msg` with `fields` at info level. */
  info(msg: string, fields?: Record<string, unknown>): void;
  /** Logs `msg` with `fields` at warn level. */
  warn(msg: string, fields?: Record<string, unknown>): void;
  /** Logs `msg` with `fields` at error level. */
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `bindings` to every record (e.g. `{ integration: 'nc-prod' }`). */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  sink: LogSink;
  redactor: SecretRedactor;
  level?: LogLevel;
  bindings?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVEL_RANK[options.level ?? 'info'];
  const bindings = options.bindings ?? {};
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (LEVEL_RANK[level] < threshold) return;
    const record: LogRecord = { ...bindings, ...fields, level, msg, time: new Date().toISOString() };
    options.sink(options.redactor.redactDeep(record));
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (more) => createLogger({ ...options, bindings: { ...bindings, ...more } }),
  };
}

/** Writes JSON lines to stderr; the CLI's default. */
export const stderrSink: LogSink = (record) => {
  process.stderr.write(`${JSON.stringify(record)}\n`);
};

/** Keeps records in memory; for tests and for `--json` runs that must keep stdout clean. */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((record: LogRecord) => void records.push(record)) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}

/** Drops everything below `warn`; used when a command's output is the product. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
