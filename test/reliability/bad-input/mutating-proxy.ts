/**
 * A loopback proxy in front of a simulator that corrupts chosen JSON responses: the plugin
 * talks to the real simulated RMM, except that the Nth list response has values replaced with
 * arbitrary JSON, keys deleted, or types swapped — as a buggy or newer RMM version might answer.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One change to a response body: which node (by index in a walk of the tree) and what to do. */
export type Mutation = { at: number; action: 'replace'; value: unknown } | { at: number; action: 'delete' } | { at: number; action: 'stringify' };

/** Which GET responses to corrupt (their index among list responses) and how. */
export interface MutationPlan {
  targets: { response: number; mutations: Mutation[] }[];
}

/** A running proxy. */
export interface MutatingProxy {
  url: string;
  /** Starts a new plan; the response counter restarts. */
  plan(plan: MutationPlan): void;
  /** Responses corrupted since the last plan. */
  readonly corrupted: number;
  close(): Promise<void>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every container node of a JSON tree with its keys, in a stable walk order. */
function slots(root: Json): { parent: Json[] | Record<string, Json>; key: string | number }[] {
  const out: { parent: Json[] | Record<string, Json>; key: string | number }[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        out.push({ parent: node, key: k });
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

/** Applies mutations in order; a mutation pointing past the tree wraps around. */
export function mutate(body: Json, mutations: readonly Mutation[]): Json {
  for (const m of mutations) {
    const all = slots(body);
    if (all.length === 0) return m.action === 'replace' ? (m.value as Json) : body;
    const slot = all[m.at % all.length]!;
    const parent = slot.parent as Record<string | number, Json>;
    if (m.action === 'replace') parent[slot.key] = m.value as Json;
    else if (m.action === 'stringify') parent[slot.key] = JSON.stringify(parent[slot.key]) ?? 'undefined';
    else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete parent[slot.key];
  }
  return body;
}

const isList = (method: string, path: string): boolean =>
  method === 'GET' && /\/(api\/(customers|sites|service-orgs|org-units\/\d+\/(devices|children))|api\/devices\/\d+\/assets|cwa\/api\/v1\/(clients|locations|computers(\/chassis)?))$/i.test(path);

export async function startMutatingProxy(target: string): Promise<MutatingProxy> {
  let plan: MutationPlan = { targets: [] };
  let listResponses = 0;
  let corrupted = 0;
  const read = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const url = new URL(req.url ?? '/', target);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const upstream = await fetch(url, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
      let text = await upstream.text();
      if (upstream.status === 200 && isList(req.method ?? 'GET', url.pathname)) {
        const index = listResponses++;
        const target = plan.targets.find((t) => t.response === index);
        if (target) {
          try {
            text = JSON.stringify(mutate(JSON.parse(text) as Json, target.mutations)) ?? 'null';
            corrupted++;
          } catch {
            // not JSON: pass it on unchanged
          }
        }
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(key)) out[key] = value;
      });
      res.writeHead(upstream.status, out).end(text);
    })().catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    plan(next) {
      plan = next;
      listResponses = 0;
      corrupted = 0;
    },
    get corrupted() {
      return corrupted;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
