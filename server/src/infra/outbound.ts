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
 * IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are judged as the IPv4 address they carry.
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

/** `::ffff:7f00:1` and `::ffff:127.0.0.1` → `127.0.0.1`; anything else as it is. */
function unmapped(address: string): string {
  const plain = address.replace(/^\[|\]$/g, '').toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(plain);
  if (!hex) return plain;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether an address (a socket's peer, a forwarded client) is this machine: 127/8 or ::1, mapped forms included. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = unmapped(address.trim());
  const family = isIP(ip);
  return family !== 0 && LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6');
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
 * through the same connections.
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
  return {
    fetch: ((input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, { ...init, dispatcher } as RequestInit)) as typeof fetch,
    close: () => dispatcher.close(),
  };
}
