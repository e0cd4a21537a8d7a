/**
 * A fresh npm project outside the workspace — no pnpm links, no hoisted workspace node_modules
 * above it — that installs packages from a registry the way a user would. Its npm config is its
 * own (.npmrc, cache), so neither the user's npm settings nor their cache take part.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The environment minus npm's own settings: under `npm test`, npm exports its config as npm_config_* and would override the project's. */
export function withoutNpmSettings(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

export interface NpmProject {
  dir: string;
  /** `npm install <specs>`, lifecycle scripts off (see loopback-registry.ts on native addons). */
  install(specs: readonly string[]): Promise<void>;
  /** Path of an installed bin (node_modules/.bin/<name>). */
  bin(name: string): string;
  remove(): void;
}

export function createNpmProject(registryUrl: string): NpmProject {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-installed-'));
  const userconfig = join(dir, '.npmrc');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'installed-rmm-hub', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  writeFileSync(userconfig, [`registry=${registryUrl}`, `cache=${join(dir, '.npm-cache')}`, 'audit=false', 'fund=false', 'update-notifier=false', 'ignore-scripts=true', ''].join('\n'));
  return {
    dir,
    async install(specs) {
      try {
        await run('npm', ['install', '--userconfig', userconfig, '--registry', registryUrl, '--no-package-lock', ...specs], { cwd: dir, env: withoutNpmSettings(), maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        const { stderr = '' } = error as { stderr?: string };
        throw new Error(`npm install ${specs.join(' ')} failed in ${dir}:\n${stderr}`, { cause: error });
      }
    },
    bin: (name) => join(dir, 'node_modules', '.bin', name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
