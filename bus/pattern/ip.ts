// IP literals the way event-ruler reads them (CIDR.java): a strict regex first (so a host
// name is never looked up), then the address as upper-case hex — 8 digits for IPv4, 32 for
// IPv6. Hex strings of one length compare in address order, so a CIDR block is a range.

// Every check here is one pass over the text: event-ruler's IPv6 shape regex
// (`[0-9a-fA-F:]*:[0-9a-fA-F:]*`) backtracks quadratically, 4.7 s for 100k colons.

const IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
/** The longest IP literal: `0000:0000:0000:0000:0000:ffff:255.255.255.255` is 45; an IPv6 one, 39. */
const MAX_IP_LENGTH = 45;

/** True when `text` has the shape of an IP literal (it may still be an invalid one). */
export function looksLikeIp(text: string): boolean {
  return IPV4.test(text) || looksLikeIpv6(text);
}

/** Hex digits and colons only, at least one colon (event-ruler's shape test, without the regex). */
function looksLikeIpv6(text: string): boolean {
  let colon = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) colon = true;
    else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return colon;
}

/**
 * `'10.0.0.1'` → `'0A000001'`; IPv6 → 32 hex digits (IPv4-mapped `::ffff:a.b.c.d` forms become
 * IPv4, as Java's InetAddress does); anything else → null.
 */
export function ipToHex(text: string): string | null {
  if (text.length > MAX_IP_LENGTH) return null;
  if (IPV4.test(text)) return ipv4ToHex(text);
  if (looksLikeIpv6(text)) return ipv6ToHex(text);
  return null;
}

function ipv4ToHex(text: string): string | null {
  let out = '';
  for (const part of text.split('.')) {
    if (part.length > 3) return null;
    const n = Number(part);
    if (n > 255) return null;
    out += hex2(n);
  }
  return out;
}

function ipv6ToHex(text: string): string | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let out = '';
  for (const group of groups) {
    if (group.length === 0 || group.length > 4) return null;
    out += group.toUpperCase().padStart(4, '0');
  }
  if (out.startsWith('00000000000000000000FFFF')) return out.slice(24);
  return out;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** The hex address with every host bit below `maskBits` set: the top of a CIDR block. */
export function cidrTop(hex: string, maskBits: number): string {
  const totalBits = hex.length * 4;
  let out = '';
  for (let i = 0; i < hex.length; i++) {
    const bitStart = i * 4;
    const nibble = Number.parseInt(hex[i]!, 16);
    const hostBits = Math.max(0, Math.min(4, bitStart + 4 - Math.max(maskBits, bitStart)));
    const mask = hostBits === 0 ? 0 : (1 << hostBits) - 1;
    out += (nibble | mask).toString(16).toUpperCase();
  }
  return totalBits > 0 ? out : hex;
}

/** The hex address with every host bit below `maskBits` cleared: the bottom of a CIDR block. */
export function cidrBottom(hex: string, maskBits: number): string {
  let out = '';
  for (let i = 0; i < hex.length; i++) {
    const bitStart = i * 4;
    const nibble = Number.parseInt(hex[i]!, 16);
    const hostBits = Math.max(0, Math.min(4, bitStart + 4 - Math.max(maskBits, bitStart)));
    out += (nibble & ~((1 << hostBits) - 1) & 15).toString(16).toUpperCase();
  }
  return out;
}

/** An IPv4 literal as a 32-bit number without building strings (−1 when `text` is not one). */
export function ipv4Number(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (part > 255) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return value * 256 + part;
}
