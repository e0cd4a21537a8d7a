/**
 * Where the host's and plugins' log records go in the CLI: stderr, so stdout stays the
 * command's result. `text` is for people (time, level, where, message, fields); `json` is one
 * object per line for log shippers. The level is the config's `log.level`, or debug with -v.
 */
import type { LogLevel, LogRecord, LogSink } from '@rmm-hub/core';

import { forTerminal } from './output.js';
import { writeStderr } from './stderr-lines.js';

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

function formatText(record: LogRecord): string {
  const { level, msg, time, integration, plugin, ...fields } = record;
  const where = [integration, plugin].filter((v) => typeof v === 'string').join('/');
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return forTerminal(`${time.slice(11, 19)} ${level.padEnd(5)} ${where ? `[${where}] ` : ''}${msg}${extra ? `  ${extra}` : ''}`);
}

export function createLogSink(format: LogFormat): LogSink {
  return (record) => writeStderr(`${format === 'json' ? JSON.stringify(record) : formatText(record)}\n`);
}

export function logLevel(configured: LogLevel, verbose: boolean): LogLevel {
  return verbose ? 'debug' : configured;
}
