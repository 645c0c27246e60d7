/**
 * Breaks this process's TCP connections to a local server from the server's side: `ss -K` destroys
 * the server's end of each (needs root and a kernel with SOCK_DESTROY, as CI has), so the client
 * sees its connection reset mid-use, as when a broker drops it. Other processes' connections to the
 * same server are left alone.
 */
import { execFileSync } from 'node:child_process';

/** The local ports of this process's established connections to 127.0.0.1:`port`. */
function ownPorts(port: number): number[] {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', 'dst', `127.0.0.1:${port}`], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(`pid=${process.pid},`))
    .map((line) => Number(/127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:\d+/.exec(line)?.[1]))
    .filter((p) => p > 0);
}

/** Destroys the server's end of every connection this process holds to 127.0.0.1:`port`; returns how many. */
export function dropConnectionsTo(port: number): number {
  const ports = ownPorts(port);
  for (const local of ports) {
    execFileSync('ss', ['-K', '-tn', 'src', `127.0.0.1:${port}`, 'dst', `127.0.0.1:${local}`], { stdio: 'ignore' });
  }
  return ports.length;
}
