import { createServer, connect, type Socket } from 'node:net';

/** A loopback TCP proxy whose open connections can be frozen: a network that silently stops carrying anything. */
export interface FreezableProxy {
  port: number;
  /** Stops carrying data on every connection open now, without closing any; new connections work. */
  freeze(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 to `host:port`. */
export async function startProxy(host: string, port: number): Promise<FreezableProxy> {
  const pairs: Array<[Socket, Socket]> = [];
  const frozen: Socket[] = [];
  const server = createServer((inbound) => {
    const outbound = connect(port, host);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    for (const socket of [inbound, outbound]) socket.on('error', () => undefined);
    pairs.push([inbound, outbound]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze() {
      for (const [inbound, outbound] of pairs.splice(0)) {
        inbound.unpipe(outbound);
        outbound.unpipe(inbound);
        inbound.pause();
        outbound.pause();
        frozen.push(inbound, outbound);
      }
    },
    async close() {
      for (const socket of [...frozen, ...pairs.flat()]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
