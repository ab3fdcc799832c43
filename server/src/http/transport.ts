import type { TLSSocket } from 'node:tls';
import type { Context } from 'koa';
import { AppError } from '@ai-http/shared/errors';
import { isLoopbackAddress } from '../infra/outbound.ts';

/**
 * Did this request reach us over TLS, or from this machine? Without TRUST_PROXY the connection
 * itself decides (its socket is TLS, or its peer is loopback). With it, the proxy's headers do:
 * X-Forwarded-Proto https, or a client (the last X-Forwarded-For hop, the one the proxy saw) on
 * the proxy's own loopback.
 */
export function isSecureTransport(ctx: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = ctx.get('x-forwarded-proto').split(',').at(-1)?.trim().toLowerCase();
    if (proto) return proto === 'https' || isLoopbackAddress(ctx.get('x-forwarded-for').split(',').at(-1));
  }
  const socket = ctx.req.socket as Partial<TLSSocket>;
  return socket.encrypted === true || isLoopbackAddress(ctx.req.socket.remoteAddress);
}

/** Refuses a secret (an n8n API key) that came over plain HTTP from another machine. */
export function requireSecureTransport(ctx: Context, trustProxy: boolean, what: string): void {
  if (!isSecureTransport(ctx, trustProxy)) throw new AppError('INSECURE_TRANSPORT', `${what} travels to this server only over HTTPS or from this machine: reach the server at an https:// address.`);
}
