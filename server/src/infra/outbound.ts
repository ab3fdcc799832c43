import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIP, type Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';

/**
 * Where the server may connect when it calls an address a user typed (an n8n instance), so that
 * the instance URL is not a way to reach the server's own network (SSRF) or to scan its ports:
 * - `forbidden`, always refused: link-local (cloud metadata services live there), multicast,
 *   reserved and broadcast ranges, and the metadata addresses outside them;
 * - `private`, refused unless ALLOW_PRIVATE_N8N=true: loopback, "this host", RFC 1918, carrier NAT
 *   and IPv6 unique-local ranges;
 * - `public`: everything else.
 * IPv6 addresses that carry an IPv4 address (mapped `::ffff:127.0.0.1`, NAT64 `64:ff9b::7f00:1`,
 * 6to4, compatible, translated) are judged as that IPv4 address.
 */
export type AddressClass = 'public' | 'private' | 'forbidden';

const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local; 169.254.169.254 is AWS, GCP and Azure metadata
FORBIDDEN.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata (inside carrier NAT space)
FORBIDDEN.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
FORBIDDEN.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, and 255.255.255.255 broadcast
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6'); // link-local
FORBIDDEN.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6 (inside unique-local space)
FORBIDDEN.addSubnet('ff00::', 8, 'ipv6'); // multicast
FORBIDDEN.addSubnet('100::', 64, 'ipv6'); // discard-only
FORBIDDEN.addSubnet('2001::', 32, 'ipv6'); // Teredo: a tunnel to an IPv4 address hidden in the rest
FORBIDDEN.addSubnet('2001:db8::', 32, 'ipv6'); // documentation

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
PRIVATE.addSubnet('0.0.0.0', 8, 'ipv4'); // "this host": 0.0.0.0 reaches the server's own ports
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
PRIVATE.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking networks
PRIVATE.addAddress('::1', 'ipv6'); // loopback
PRIVATE.addAddress('::', 'ipv6'); // unspecified: the server's own ports
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique local
PRIVATE.addSubnet('64:ff9b:1::', 48, 'ipv6'); // local-use NAT64 (RFC 8215): into the site's own IPv4 network

/**
 * An IPv6 address that carries an IPv4 one, as that IPv4 address: IPv4-mapped (`::ffff:7f00:1`,
 * `::ffff:127.0.0.1`), IPv4-translated (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), NAT64
 * (`64:ff9b::a.b.c.d`) and 6to4 (`2002:aabb:ccdd::`): the kernel, a NAT64 gateway or a 6to4 relay
 * may deliver them to that IPv4 address. Anything else as it is. `mappedOnly`: only the mapped
 * form, the one a socket's own peer address takes.
 */
function unmapped(address: string, mappedOnly = false): string {
  const plain = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(plain) !== 6) return plain;
  const h = hextets(plain);
  const zeros = (from: number, to: number) => h.slice(from, to).every((part) => part === 0);
  const ipv4 = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');
  if (zeros(0, 5) && h[5] === 0xffff) return ipv4(h[6]!, h[7]!); // mapped
  if (mappedOnly) return plain;
  if (zeros(0, 4) && h[4] === 0xffff && h[5] === 0) return ipv4(h[6]!, h[7]!); // translated
  if (zeros(0, 6) && (h[6] !== 0 || h[7]! > 1)) return ipv4(h[6]!, h[7]!); // compatible, but not :: or ::1
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return ipv4(h[6]!, h[7]!); // NAT64
  if (h[0] === 0x2002) return ipv4(h[1]!, h[2]!); // 6to4
  return plain;
}

/** A valid IPv6 address's eight 16-bit parts (`::` filled in, a trailing dotted IPv4 read as two). */
function hextets(ip: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const text = dotted ? `${ip.slice(0, dotted.index)}${((Number(dotted[1]) << 8) | Number(dotted[2])).toString(16)}:${((Number(dotted[3]) << 8) | Number(dotted[4])).toString(16)}` : ip;
  const [head = '', tail] = text.split('::');
  const first = head ? head.split(':') : [];
  const last = tail ? tail.split(':') : [];
  const parts = tail === undefined ? first : [...first, ...Array<string>(8 - first.length - last.length).fill('0'), ...last];
  return parts.map((part) => parseInt(part, 16));
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether an address (a socket's peer, a forwarded client) is this machine: 127/8 or ::1, mapped forms included. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = unmapped(address.trim(), true);
  const family = isIP(ip);
  return family !== 0 && LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client a per-address limit counts: an IPv4 address (its mapped IPv6 forms too) as it is, an
 * IPv6 address by its /64, the block one customer picks addresses from (a new address per request
 * would otherwise be a new client).
 */
export function limitedClient(address: string): string {
  const ip = unmapped(address.trim(), true);
  if (isIP(ip) !== 6) return ip;
  return `${hextets(ip).slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

export function classifyAddress(address: string): AddressClass {
  const ip = unmapped(address);
  const family = isIP(ip);
  if (family === 0) return 'forbidden'; // not an address at all: never connect
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (FORBIDDEN.check(ip, type)) return 'forbidden';
  if (PRIVATE.check(ip, type)) return 'private';
  return 'public';
}

/** A connection the policy refused; its message (with the address) is for the log only. */
export class AddressRefused extends Error {
  readonly code = 'ADDRESS_REFUSED';
  readonly address: string;
  constructor(address: string, kind: Exclude<AddressClass, 'public'>) {
    super(kind === 'forbidden' ? `${address} is link-local, metadata or reserved: always refused` : `${address} is loopback or private: refused unless ALLOW_PRIVATE_N8N=true`);
    this.name = 'AddressRefused';
    this.address = address;
  }
}

export interface OutboundPolicy {
  allowPrivate: boolean;
}

function refusal(address: string, { allowPrivate }: OutboundPolicy): AddressRefused | null {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'private' && allowPrivate)) return null;
  return new AddressRefused(address, kind);
}

/**
 * A fetch whose connections obey the policy, checked three times: a literal address before
 * connecting; a name's resolved addresses before connecting (all of them: one internal record is
 * enough to refuse); and, once connected, the address the socket is really connected to, so a
 * name that resolves differently the second time (DNS rebinding) gains nothing. Redirects go
 * through the same connections, and only to the same host (`sameHostRedirects`).
 */
export function policedFetch(policy: OutboundPolicy): { fetch: typeof fetch; close(): Promise<void> } {
  const lookup = (hostname: string, options: LookupAllOptions | object, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((entry) => refusal(entry.address, policy)).find(Boolean);
      if (refused) return callback(refused, []);
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const connect = buildConnector({ lookup } as buildConnector.BuildOptions);
  const policed: buildConnector.connector = (options, callback) => {
    const literal = options.hostname.replace(/^\[|\]$/g, '');
    const early = isIP(literal) ? refusal(literal, policy) : null;
    if (early) return callback(early, null);
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      const late = refusal((socket as Socket).remoteAddress ?? '', policy);
      if (!late) return callback(null, socket);
      socket.destroy();
      return callback(late, null);
    });
  };
  const dispatcher = new Agent({ connect: policed });
  return { fetch: sameHostRedirects(dispatcher), close: () => dispatcher.close() };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * The most of one answer read from an n8n. The address is the user's: a server that streams
 * without end, read whole into a string, took the process past its heap (300 MB sent, 4 GB used,
 * killed). The largest answer the poller asks for (a page of executions with their data) stays
 * far below this.
 */
export const MAX_N8N_ANSWER_BYTES = 32 * 1024 * 1024;

/** `response` with its body cut off past `limit` bytes: reading further fails, and the connection is dropped. */
function capped(response: Response, limit: number): Response {
  if (!response.body) return response;
  let read = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      if (read > limit) controller.error(new Error(`the answer is larger than ${limit} bytes`));
      else controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * fetch through `dispatcher`, following a redirect only to the same host name, and never from
 * https to http: fetch drops Authorization on a redirect to another origin, but not the n8n key's
 * own header (X-N8N-API-KEY), which would reach whatever host the redirect names. A redirect
 * elsewhere is answered as it is (a 3xx the n8n client reports). Only GET and HEAD are followed.
 * Every answer's body is cut off past MAX_N8N_ANSWER_BYTES.
 */
function sameHostRedirects(dispatcher: Agent): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const request = new Request(input, init);
    let url = new URL(request.url);
    let response = await fetch(request.clone(), { dispatcher, redirect: 'manual' } as RequestInit);
    if (request.method !== 'GET' && request.method !== 'HEAD') return capped(response, MAX_N8N_ANSWER_BYTES);
    for (let hop = 0; hop < MAX_REDIRECTS && REDIRECTS.has(response.status); hop++) {
      const next = URL.parse(response.headers.get('location') ?? '', url.href);
      if (!next || next.hostname !== url.hostname || !['http:', 'https:'].includes(next.protocol) || (url.protocol === 'https:' && next.protocol === 'http:')) break;
      await response.body?.cancel();
      url = next;
      response = await fetch(new Request(next.href, request), { dispatcher, redirect: 'manual' } as RequestInit);
    }
    return capped(response, MAX_N8N_ANSWER_BYTES);
  }) as typeof fetch;
}
