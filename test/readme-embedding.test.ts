/**
 * The README's "Embedding rmm-hub" snippet compiles against @rmm-hub/hub's published types,
 * with the repository's strict compiler settings: a renamed method breaks this test, not a
 * reader's first try.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const at = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

describe('README: Embedding rmm-hub', () => {
  it('has a snippet that typechecks against the facade', () => {
    const readme = readFileSync(at('../README.md'), 'utf8');
    const snippet = /## Embedding rmm-hub[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain('RmmHub.open');
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-readme-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      const file = join(dir, 'embed.ts');
      writeFileSync(file, snippet!);
      const base = ts.readConfigFile(at('../tsconfig.base.json'), (p) => ts.sys.readFile(p)).config as { compilerOptions: object };
      const { options } = ts.convertCompilerOptionsFromJson(base.compilerOptions, dir);
      const program = ts.createProgram([file], {
        ...options,
        noEmit: true,
        composite: false,
        incremental: false,
        declaration: false,
        declarationMap: false,
        typeRoots: [at('../node_modules/@types')],
        paths: { '@rmm-hub/hub': [at('../packages/hub/dist/index.d.ts')] },
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
