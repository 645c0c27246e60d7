import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A real HTTP server that records each request (method, headers, body) and answers with `respond`. */
export async function recordingServer(
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => res.end('ok'),
) {
  const requests: { method: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts).toString('utf8');
    requests.push({ method: req.method ?? '', headers: req.headers, body });
    respond(req, res, body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`,
    requests,
    sockets,
    onConnection: (listener: () => void) => server.on('connection', listener),
    breakConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
