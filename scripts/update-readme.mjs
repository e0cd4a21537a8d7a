#!/usr/bin/env node
/**
 * Regenerates the README's configuration and CLI reference sections from the code (the zod
 * schemas and the commander program). test/readme.test.ts fails when they are out of date.
 * Run after `npm run build`: node scripts/update-readme.mjs
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';

import { buildProgram, discover, loadConfig, renderCliReference, renderConfigReference } from '../packages/cli/dist/index.js';

const file = new URL('../README.md', import.meta.url);
const { loaded } = loadConfig(undefined, { optional: true });
const { plugins } = await discover(loaded);
let text = readFileSync(file, 'utf8');
const replace = (name, body) => {
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`README.md has no ${name} markers`);
  text = text.replace(pattern, (_, start, end) => `${start}\n${body}\n${end}`);
};
replace('config-reference', renderConfigReference(plugins.map((p) => p.definition)));
replace('cli-reference', renderCliReference(await buildProgram()));
writeFileSync(file, text);
process.stderr.write('README.md updated\n');
