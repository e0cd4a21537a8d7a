import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { buildProgram, discover, loadConfig, renderCliReference, renderConfigReference } from '@rmm-hub/cli';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = (name: string): string | undefined => new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(readme)?.[1];

describe('README', () => {
  it('has a two-command quick start', () => {
    const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = quickStart.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
    expect(commands).toEqual(['npm run demo', 'npm test']);
  });

  it('has a configuration reference generated from the schemas (run scripts/update-readme.mjs)', async () => {
    const { plugins } = await discover(loadConfig(undefined, { optional: true }).loaded);
    expect(plugins.map((p) => p.definition.id).sort()).toEqual(['cw-automate', 'ncentral']);
    expect(section('config-reference')).toBe(renderConfigReference(plugins.map((p) => p.definition)));
  });

  it('has a CLI reference generated from the program (run scripts/update-readme.mjs)', async () => {
    expect(section('cli-reference')).toBe(renderCliReference(await buildProgram()));
  });
});
