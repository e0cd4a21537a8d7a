/**
 * Packs workspace packages the way they would be published: with `pnpm pack`, which applies the
 * `files` whitelist and rewrites `workspace:` and `catalog:` ranges into real semver ranges
 * (plain `npm pack` copies them through, and no registry could resolve them). pnpm runs through
 * npx in offline mode, at the version the root package.json pins, from npx's cache — the same
 * copy `npm test` installed the workspace with, so packing never reaches for the network.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import { ROOT } from '../../reliability/support/results.js';
import type { WorkspacePackage } from './workspace-packages.js';

const run = promisify(execFile);

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package (without the `package/` prefix). */
  files: string[];
}

/** `pnpm@x.y.z` from the root package.json's `packageManager`. */
export function pinnedPnpm(root: string = ROOT): string {
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager?: string };
  if (!packageManager?.startsWith('pnpm@')) throw new Error('the root package.json must pin pnpm in "packageManager" (pnpm@x.y.z)');
  return packageManager.split('+')[0]!;
}

/** Packs `packages` into `destination` with one pnpm run. */
export async function packWorkspacePackages(packages: readonly WorkspacePackage[], destination: string, root: string = ROOT): Promise<PackedPackage[]> {
  const filters = packages.flatMap((pkg) => ['--filter', `./${relative(root, pkg.dir)}`]);
  const args = ['--offline', '--yes', pinnedPnpm(root), '--recursive', ...filters, 'pack', '--pack-destination', destination, '--json'];
  let stdout: string;
  try {
    ({ stdout } = await run('npx', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const { stderr = '', stdout: out = '' } = error as { stderr?: string; stdout?: string };
    throw new Error(`pnpm pack failed (npx ${args.join(' ')}): ${stderr || out}`, { cause: error });
  }
  const reports = JSON.parse(stdout) as { name: string; version: string; filename: string; files: { path: string }[] }[] | { name: string; version: string; filename: string; files: { path: string }[] };
  return (Array.isArray(reports) ? reports : [reports]).map((report) => ({
    name: report.name,
    version: report.version,
    tarball: report.filename,
    files: report.files.map((file) => file.path),
  }));
}
