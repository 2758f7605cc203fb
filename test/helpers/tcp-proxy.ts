// A TCP proxy on a loopback port whose connections can be cut: what a client sees when the
// network to a server goes away for a while and comes back.

import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Client connections accepted so far. */
  readonly connections: number;
  /** Drops every connection and refuses new ones for `ms`, then accepts again. */
  cut(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const make = (): Server =>
    createServer((client) => {
      connections++;
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  let server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return {
    port,
    get connections() {
      return connections;
    },
    cut: async (ms) => {
      await stop();
      await new Promise((r) => setTimeout(r, ms));
      server = make();
      await listen(port);
    },
    close: stop,
  };
}
