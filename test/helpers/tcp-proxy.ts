import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy a test can cut and restore, to make a dependency (PostgreSQL, Redis, S3) vanish for a
 * running app and come back, without touching the machine's shared servers. While cut, open
 * connections are destroyed and new ones are closed at once (as if the server were gone).
 */
export interface TcpProxy {
  port: number;
  /** `protocol://user@127.0.0.1:<proxy port>/…` for a URL that pointed at the target. */
  rewrite(url: string): string;
  cut(): void;
  /** Points new connections at another port (e.g. a database that restarted elsewhere). */
  retarget(port: number): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let port_ = targetPort;
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(port_, targetHost);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cut = () => {
    down = true;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port,
    rewrite(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    retarget(next: number) {
      port_ = next;
    },
    restore() {
      down = false;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
