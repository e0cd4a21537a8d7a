#!/usr/bin/env node
// A committed launcher, so package managers can link the `rmm-hub` bin at install time,
// before the TypeScript build has produced dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('rmm-hub is not built yet: run `npx --yes pnpm@10 build` (or `npm run build`) in the repository root.\n');
  process.exit(3);
}
await import(entry.href);
