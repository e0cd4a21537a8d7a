/**
 * The plugin guide builds a working plugin. Its file blocks are copied into an empty folder
 * outside this repository; `@rmm-hub/core`, `@rmm-hub/plugin-testkit` and the build tools come
 * from this workspace through node_modules symlinks (no registry). The folder is compiled with the
 * guide's own standalone tsconfig, loaded by discovery as a host would, and its conformance test
 * runs with vitest against the guide's fake server. The src blocks must also be plugins/example's
 * files, byte for byte, so the guide and the example cannot drift apart.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { discoverPlugins } from '@rmm-hub/core';

import { guideFiles } from './support/guide-files.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const example = join(repo, 'plugins', 'example');
const files = guideFiles(join(repo, 'docs', 'plugin-guide.md'));
/** A type-check of a whole package, or a vitest run of a whole suite, in a child process. */
const BUILD_MS = 180_000;

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(example, join(entry.parentPath, entry.name)))
    .sort();
}

describe('docs/plugin-guide.md', () => {
  it("shows every source file of plugins/example, exactly as it is", () => {
    const shown = files.filter((file) => file.path.startsWith('src/'));
    expect(shown.map((file) => file.path).sort()).toEqual(sourcesOf(join(example, 'src')));
    for (const file of shown) expect(file.text, file.path).toBe(readFileSync(join(example, file.path), 'utf8'));
  });

  // The steps build on each other in order, as an author's would: write, compile, test, try.
  describe('built outside the workspace from its own snippets', () => {
    let dir: string;
    const env = { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), TMPDIR: tmpdir() };

    beforeAll(() => {
      dir = mkdtempSync(join(realpathSync(tmpdir()), 'rmm-guide-plugin-'));
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.text);
      }
      // What `npm i` would install, taken from the built workspace instead of the registry.
      const installed: Record<string, string> = {
        '@rmm-hub/core': join(repo, 'core'),
        '@rmm-hub/plugin-testkit': join(repo, 'packages', 'plugin-testkit'),
        zod: join(repo, 'core', 'node_modules', 'zod'),
        '@types/node': join(repo, 'core', 'node_modules', '@types', 'node'),
        typescript: join(repo, 'packages', 'plugin-testkit', 'node_modules', 'typescript'),
        vitest: join(repo, 'packages', 'plugin-testkit', 'node_modules', 'vitest'),
      };
      for (const [name, target] of Object.entries(installed)) {
        mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
        symlinkSync(realpathSync(target), join(dir, 'node_modules', name), 'dir');
      }
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('is a complete package: package.json with the rmmHub key, a standalone tsconfig, sources', () => {
      const manifest = JSON.parse(files.find((file) => file.path === 'package.json')?.text ?? '{}') as { rmmHub?: { pluginId?: string }; exports?: Record<string, unknown> };
      expect(manifest.rmmHub?.pluginId).toBe('example');
      expect(manifest.exports).toHaveProperty(['./package.json']);
      const tsconfig = JSON.parse(files.find((file) => file.path === 'tsconfig.json')?.text ?? '{}') as Record<string, unknown>;
      expect(tsconfig).not.toHaveProperty('extends');
    });

    it('compiles with its tsconfig, and a host discovers and loads it', async () => {
      await run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, env });
      expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true);
      const { plugins, refused } = await discoverPlugins({ explicit: [dir] });
      expect(refused).toEqual([]);
      expect(plugins.map((plugin) => [plugin.definition.id, plugin.packageName])).toEqual([['example', '@acme/rmm-hub-plugin-example']]);
    }, BUILD_MS);

    it('passes the conformance suite against its fake server (npm test)', async () => {
      const report = join(dir, 'vitest-report.json');
      const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
      await run(process.execPath, [vitest, 'run', 'src', '--reporter=json', `--outputFile=${report}`], { cwd: dir, env }).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`vitest failed in ${dir}:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
      const results = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
      const outcomes = results.testResults.flatMap((file) => file.assertionResults.map((test) => [test.status, test.title]));
      expect(outcomes.filter(([status]) => status === 'failed')).toEqual([]);
      expect(outcomes.filter(([status]) => status === 'passed')).toHaveLength(11);
      expect(outcomes.filter(([status]) => status !== 'passed').map(([, title]) => title)).toEqual([
        expect.stringMatching(/^GetComputerIdentity: .*\(skipped: the plugin does not declare GetComputerIdentity\)$/),
        expect.stringMatching(/^DeleteAgent\/MoveAgent: .*\(skipped: the plugin does not declare DeleteAgent or MoveAgent\)$/),
        expect.stringMatching(/^GetAgentInstaller: .*\(skipped: the plugin does not declare GetAgentInstaller\)$/),
        expect.stringMatching(/^AgentUrl: .*\(skipped: the plugin does not declare AgentUrl\)$/),
        expect.stringMatching(/^MaintenanceMode: .*\(skipped: the plugin does not declare MaintenanceMode\)$/),
      ]);
    }, BUILD_MS);

    it("runs its fake server on its own, and rmm-hub check with the guide's config finds the plugin healthy", async () => {
      const key = { EXAMPLE_API_KEY: 'exk_local-test-key-123' };
      // The guide's port is fixed; here any free one, read from the server's first line.
      const server = spawn(process.execPath, ['dist/fake-server/main.js', '--port', '0'], { cwd: dir, env: { ...env, ...key }, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
        const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
        expect(url, line).toBeDefined();
        const config = join(dir, 'rmm-hub.yaml');
        writeFileSync(config, readFileSync(config, 'utf8').replace('http://127.0.0.1:8787', url!));
        const cli = join(repo, 'packages', 'cli', 'dist', 'bin.js');
        const { stdout } = await run(process.execPath, [cli, 'check', '--json'], { cwd: dir, env: { ...env, ...key } });
        const checked = JSON.parse(stdout) as { ok: boolean; integrations: { id: string; pluginId: string; health?: { status: string } }[] };
        expect(checked).toMatchObject({ ok: true, integrations: [{ id: 'example-local', pluginId: 'example', health: { status: 'healthy' } }] });
      } finally {
        server.kill();
      }
    }, BUILD_MS);
  });
});
