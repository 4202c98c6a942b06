import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP server that accepts connections and never answers: the stand-in for a hung host. It
 * records when each connection is closed by the client, which is how specs prove an abort.
 */
export interface StallServer {
  url: string;
  /** Connections accepted so far. */
  accepted: () => number;
  /** Resolves when the client has closed `count` connections. */
  closedByClient: (count?: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startStallServer(): Promise<StallServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let closed = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
      for (const waiter of waiters.filter((w) => closed >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    closedByClient: (count = 1) =>
      closed >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
