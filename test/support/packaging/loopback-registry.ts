/**
 * A loopback npm registry, so an install from packed tarballs needs no network: it serves our
 * packed packages and every third-party package already installed in the workspace's pnpm store
 * (`node_modules/.pnpm/<name>@<version>/node_modules/<name>`), each version it holds. Two routes,
 * which is all `npm install` asks of a registry: the packument (`GET /<name>`) and the tarball.
 *
 * A third-party tarball is the installed folder as it is, packed on first request with the
 * system's tar (nested node_modules left out). For a native addon that is the point:
 * better-sqlite3's folder holds the binary compiled here (build/Release), which its own `files`
 * list would not publish, so an install with scripts ignored gets a working addon without
 * prebuild-install or a compiler.
 * Packuments carry no integrity: npm computes it from the tarball it receives.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { compare } from 'semver';

import type { PackageManifest } from './workspace-packages.js';

const run = promisify(execFile);

interface Version {
  manifest: PackageManifest;
  /** A ready tarball (ours), or a folder to pack on request (installed third-party ones). */
  source: { tarball: string } | { folder: string };
}

export interface LoopbackRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/** Starts the registry over `tarballs` (ours) and the installed packages under `pnpmStore`. */
export async function startLoopbackRegistry(options: { tarballs: readonly string[]; pnpmStore: string }): Promise<LoopbackRegistry> {
  const packages = new Map<string, Map<string, Version>>();
  const add = (manifest: PackageManifest, source: Version['source']): void => {
    const versions = packages.get(manifest.name) ?? new Map<string, Version>();
    versions.set(manifest.version, { manifest, source });
    packages.set(manifest.name, versions);
  };
  for (const folder of installedFolders(options.pnpmStore)) {
    add(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as PackageManifest, { folder });
  }
  // Ours last: a packed workspace package wins over any same-named entry in the store.
  for (const tarball of options.tarballs) add(await manifestOf(tarball), { tarball });

  const packed = new Map<string, Promise<Buffer>>();
  let url = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!).replace(/^\/+/, '');
    const tarballRoute = /^-\/tarballs\/(.+)\/([^/]+)\.tgz$/.exec(path);
    if (tarballRoute) {
      const version = packages.get(tarballRoute[1]!)?.get(tarballRoute[2]!);
      if (!version) return void response.writeHead(404).end();
      const key = `${tarballRoute[1]}@${tarballRoute[2]}`;
      if (!packed.has(key)) packed.set(key, tarballOf(version.source));
      packed
        .get(key)!
        .then((body) => response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body))
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
      return;
    }
    const versions = packages.get(path);
    if (!versions) return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument(path, versions, url)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function packument(name: string, versions: Map<string, Version>, registryUrl: string): object {
  const all = [...versions.values()].map((version) => version.manifest);
  const latest = all.map((manifest) => manifest.version).sort(compare).at(-1)!;
  return {
    name,
    'dist-tags': { latest },
    versions: Object.fromEntries(
      all.map((manifest) => [manifest.version, { ...manifest, dist: { tarball: `${registryUrl}-/tarballs/${name}/${manifest.version}.tgz` } }]),
    ),
  };
}

/** Every package folder in a pnpm virtual store. */
function installedFolders(pnpmStore: string): string[] {
  if (!existsSync(pnpmStore)) throw new Error(`no pnpm store at ${pnpmStore}: install the workspace first (npm test does)`);
  return readdirSync(pnpmStore)
    .filter((entry) => entry !== 'node_modules' && entry.indexOf('@', 1) > 0)
    .map((entry) => join(pnpmStore, entry, 'node_modules', entry.slice(0, entry.indexOf('@', 1)).replace('+', '/')))
    .filter((folder) => existsSync(join(folder, 'package.json')));
}

async function manifestOf(tarball: string): Promise<PackageManifest> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as PackageManifest;
}

/** The folder copied under `package/` (npm's layout) and tarred; the copy also turns pnpm's hard links into plain files. */
async function tarballOf(source: Version['source']): Promise<Buffer> {
  if ('tarball' in source) return readFileSync(source.tarball);
  const staging = mkdtempSync(join(tmpdir(), 'rmm-hub-registry-'));
  try {
    cpSync(source.folder, join(staging, 'package'), { recursive: true, filter: (path) => !/[/\\]node_modules([/\\]|$)/.test(path.slice(source.folder.length)) });
    const { stdout } = await run('tar', ['-czf', '-', '-C', staging, 'package'], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
