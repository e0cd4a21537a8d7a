/**
 * Runs the built CLI in a pseudo-terminal (util-linux `script`) and replays what it wrote
 * through a headless terminal emulator: the screen a person would be left looking at, after
 * every cursor move and line erase has been applied.
 */
import { spawn } from 'node:child_process';

import xterm from '@xterm/headless';

import { CLI } from '../reliability/crash/cli-child.js';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export interface TerminalRun {
  code: number | null;
  /** The screen's lines (scrollback included), trailing blanks trimmed. */
  screen: string[];
  /** The raw bytes the terminal received. */
  raw: string;
}

export async function runInTerminal(argv: string[], options: { cwd: string; env?: Record<string, string>; cols?: number }): Promise<TerminalRun> {
  const cols = options.cols ?? 200;
  const command = ['node', CLI, ...argv].map(quote).join(' ');
  const child = spawn('script', ['-qfec', `stty cols ${cols} rows 50; ${command}`, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const terminal = new xterm.Terminal({ cols, rows: 50, scrollback: 10_000, allowProposedApi: true, convertEol: false });
  await new Promise<void>((resolve) => terminal.write(raw, resolve));
  const buffer = terminal.buffer.active;
  const screen: string[] = [];
  for (let i = 0; i < buffer.length; i++) screen.push(buffer.getLine(i)?.translateToString(true) ?? '');
  while (screen.length > 0 && screen.at(-1) === '') screen.pop();
  terminal.dispose();
  return { code, screen, raw };
}
