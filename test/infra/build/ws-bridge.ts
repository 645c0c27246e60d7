/**
 * A WebSocket-to-TCP bridge in front of the local Mosquitto (which listens on TCP only), so that a
 * bundle can be checked publishing over ws:// (not a test file itself). Just enough of RFC 6455:
 * the handshake with the `mqtt` subprotocol, unfragmented binary frames, close.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One server frame (unmasked binary) around `payload`. */
function frame(payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x82, n]) : Buffer.from([0x82, 126, n >> 8, n & 0xff]);
  if (n > 0xffff) throw new Error('the bridge sends frames up to 64 KB');
  return Buffer.concat([head, payload]);
}

/** The first whole client frame (masked) in `bytes`, or undefined while it is incomplete. */
function unframe(bytes: Buffer): { opcode: number; payload: Buffer; rest: Buffer } | undefined {
  if (bytes.length < 2) return undefined;
  let length = bytes[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (bytes.length < 4) return undefined;
    length = bytes.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return undefined;
    length = Number(bytes.readBigUInt64BE(2));
    offset = 10;
  }
  if (bytes.length < offset + 4 + length) return undefined;
  const mask = bytes.subarray(offset, offset + 4);
  const payload = Buffer.from(bytes.subarray(offset + 4, offset + 4 + length));
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode: bytes[0]! & 0x0f, payload, rest: bytes.subarray(offset + 4 + length) };
}

/** Starts the bridge to `broker`; `url` is its ws:// address. */
export async function startWsBridge(broker = { host: '127.0.0.1', port: 1883 }) {
  const server = createServer((_, response) => response.writeHead(426).end());
  server.on('upgrade', (request, socket) => {
    const accept = createHash('sha1').update(`${request.headers['sec-websocket-key']}${GUID}`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n`,
    );
    const tcp = connect(broker.port, broker.host);
    tcp.on('data', (chunk) => socket.write(frame(chunk)));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let f = unframe(pending); f !== undefined; f = unframe(pending)) {
        pending = f.rest;
        if (f.opcode === 8) socket.end();
        else if (f.opcode === 2 || f.opcode === 0) tcp.write(f.payload);
      }
    });
    socket.on('close', () => tcp.destroy());
    socket.on('error', () => tcp.destroy());
    tcp.on('close', () => socket.destroy());
    tcp.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
