/**
 * A tiny HTTP proxy on 127.0.0.1 for tests: it takes CONNECT requests and then hangs, drops the
 * connection, refuses with 407, or tunnels to the target (which must be on loopback too).
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export type ProxyBehaviour = 'hang' | 'drop' | 'refuse' | 'tunnel';

export interface TestProxy {
  url: string;
  /** CONNECT requests received, by target ("127.0.0.1:4000"). */
  connects: string[];
  close(): Promise<void>;
}

/** Past this many CONNECTs the proxy stops counting: a client that loops is still bounded. */
const MAX_RECORDED = 10_000;

export async function startProxy(behaviour: ProxyBehaviour): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const connects: string[] = [];
  const server: Server = createServer((_request, response) => {
    response.writeHead(405).end('only CONNECT');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request, clientSocket: Socket, head) => {
    const target = request.url ?? '';
    if (connects.length < MAX_RECORDED) connects.push(target);
    clientSocket.on('error', () => undefined);
    switch (behaviour) {
      case 'hang':
        return;
      case 'drop':
        clientSocket.destroy();
        return;
      case 'refuse':
        clientSocket.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      case 'tunnel': {
        const [host, port] = target.split(':');
        if (host !== '127.0.0.1') {
          clientSocket.destroy();
          return;
        }
        const upstream = connect(Number(port), host, () => {
          clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(clientSocket);
          clientSocket.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => clientSocket.destroy());
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connects,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
