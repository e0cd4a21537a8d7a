/**
 * Kept-alive connections are closed by the client once idle for `idleSocketMs`, before the
 * server's own keep-alive timeout can close them under a request that is just going out.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { ErrorCodes } from '../errors/index.js';
import { createHttpClient } from './http-client.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server that keeps connections for a minute and answers `/slow` after `slowMs`. */
async function keepingServer(slowMs: number): Promise<{ url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  server = createServer((req, res) => {
    setTimeout(() => res.end('{}'), req.url === '/slow' ? slowMs : 0);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

describe('idle kept-alive connections', () => {
  it('are closed by the client after idleSocketMs, while a slower request in flight is not cut', async () => {
    const { url, sockets } = await keepingServer(150);
    const http = createHttpClient({ name: 'ka', baseUrl: url, idleSocketMs: 30 });
    try {
      await expect(http.request({ method: 'GET', path: '/slow' })).resolves.toBeDefined();
      expect(sockets).toHaveLength(1);
      await once(sockets[0]!, 'close'); // the client let go of it; the server would have kept it a minute
      await http.request({ method: 'GET', path: '/' });
      expect(sockets).toHaveLength(2);
    } finally {
      http.close();
    }
  });

  it('refuses an idle time that is not a positive whole number, naming the setting', () => {
    expect(() => createHttpClient({ name: 'ka', baseUrl: 'http://127.0.0.1:1', idleSocketMs: 0 })).toThrow(expect.objectContaining({ code: ErrorCodes.config, message: expect.stringContaining('idleSocketMs') }));
  });
});
