/**
 * What a published tarball must and must not hold, read from the tarball itself: no tests or
 * build state, a README and a licence, every `exports`/`bin` target present, no `workspace:` or
 * `catalog:` range left, and no import of a package the manifest does not declare — the check
 * that catches a dev-only module (a test harness importing the test kit) reaching users.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import { init as initLexer, parse as parseModule } from 'es-module-lexer';

import type { PackageManifest } from './workspace-packages.js';

const BUILTINS = new Set(builtinModules);
const UNPUBLISHED_RANGE = /^(workspace|catalog):/;

/** Everything wrong with one packed package, as readable lines (empty when it is fit to publish). */
export async function problemsOfTarball(tarball: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-packed-'));
  try {
    await promisify(execFile)('tar', ['-xzf', tarball, '-C', dir]);
    const root = join(dir, 'package');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageManifest;
    const files = new Set(walk(root).map((file) => relative(root, file)));
    await initLexer;
    return [...shipped(files), ...targets(manifest, files), ...ranges(manifest), ...undeclaredImports(manifest, root, files)].map((problem) => `${manifest.name}: ${problem}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function shipped(files: Set<string>): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (/\.test\.|(^|\/)(fixtures|__tests__)\//.test(file)) problems.push(`ships test code ${file} (exclude it in "files")`);
    if (file.endsWith('.tsbuildinfo')) problems.push(`ships build state ${file} (exclude it in "files")`);
  }
  for (const required of ['README.md', 'LICENSE']) if (!files.has(required)) problems.push(`has no ${required}`);
  return problems;
}

function targets(manifest: PackageManifest, files: Set<string>): string[] {
  const wanted = [...leaves(manifest.exports), ...Object.values(manifest.bin ?? {})];
  if (!manifest.exports) return ['has no "exports" map'];
  const problems = wanted.map((target) => target.replace(/^\.\//, '')).filter((target) => !files.has(target)).map((target) => `exports or bin target ${target} is not in the tarball`);
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (subpath !== './package.json' && (typeof target !== 'object' || target === null || !('types' in target))) problems.push(`exports "${subpath}" has no "types" condition`);
  }
  return problems;
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leaves);
  return [];
}

function ranges(manifest: PackageManifest): string[] {
  return (['dependencies', 'peerDependencies', 'optionalDependencies'] as const).flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, range]) => UNPUBLISHED_RANGE.test(range))
      .map(([name, range]) => `${field}.${name} is "${range}", which no registry resolves (pack with pnpm)`),
  );
}

function undeclaredImports(manifest: PackageManifest, root: string, files: Set<string>): string[] {
  const declared = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies })]);
  const problems: string[] = [];
  for (const file of files) {
    if (!/\.m?js$/.test(file)) continue;
    const [imports] = parseModule(readFileSync(join(root, file), 'utf8'), file);
    for (const { n: specifier } of imports) {
      // A dynamic import of a computed name (n undefined) is discovery's business, not a dependency.
      if (specifier === undefined || specifier.startsWith('.') || specifier.startsWith('node:') || BUILTINS.has(specifier)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      if (!declared.has(name)) problems.push(`${file} imports ${name}, which is not in dependencies or peerDependencies (a dev-only module in the published build?)`);
    }
  }
  return problems;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}
