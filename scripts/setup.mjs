#!/usr/bin/env node
/**
 * Makes the README's two commands work on a fresh clone with nothing but Node and npm:
 * installs the workspace with pnpm through npx (no global pnpm needed) when node_modules is
 * missing or older than the lockfile, then builds with `tsc -b` (incremental: a no-op when
 * nothing changed). Output goes to stderr so `--json` commands keep stdout clean.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = ['--yes', 'pnpm@10.34.8'];

function run(command, args, what) {
  process.stderr.write(`setup: ${what}…\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', process.stderr, process.stderr], shell: false });
  if (result.status !== 0) {
    process.stderr.write(`setup: ${what} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}

const modules = join(root, 'node_modules', '.modules.yaml');
const lock = join(root, 'pnpm-lock.yaml');
if (!existsSync(modules) || statSync(modules).mtimeMs < statSync(lock).mtimeMs) {
  run('npx', [...PNPM, 'install', '--frozen-lockfile'], 'installing dependencies (first run compiles better-sqlite3: about a minute)');
}
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
run(process.execPath, [tsc, '-b'], 'building');
