/**
 * The workspace's packages as pnpm sees them (pnpm-workspace.yaml), and which of them are
 * published: every package.json without `"private": true`. Tests derive their lists from here,
 * so a package added on another branch is packed, installed and checked without editing them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { ROOT } from '../../reliability/support/results.js';

/** The fields of a package.json these checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  files?: string[];
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  rmmHub?: { apiVersion: number; pluginId: string; entry?: string };
  [key: string]: unknown;
}

export interface WorkspacePackage {
  /** Absolute folder. */
  dir: string;
  manifest: PackageManifest;
}

/** Expands pnpm-workspace.yaml's `packages:` patterns (a folder, or `folder/*`). */
export function workspacePackages(root: string = ROOT): WorkspacePackage[] {
  const { packages: patterns = [] } = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: string[] };
  const dirs = patterns.flatMap((pattern) => {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      return readdirSync(parent, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(parent, entry.name));
    }
    if (pattern.includes('*') || pattern.startsWith('!')) {
      throw new Error(`pnpm-workspace.yaml pattern "${pattern}" is not one these tests expand (a folder or folder/*): extend workspacePackages()`);
    }
    return [join(root, pattern)];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest }));
}

/** The packages users install: those not marked private. */
export function publishablePackages(root: string = ROOT): WorkspacePackage[] {
  return workspacePackages(root).filter((pkg) => pkg.manifest.private !== true);
}
