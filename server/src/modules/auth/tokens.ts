import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

// OWASP's argon2id parameters: 19 MiB of memory, 2 passes, 1 lane. (Algorithm.Argon2id is 2.)
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_DAYS = 30;
const ISSUER = 'ai-http';

export const hashPassword = (password: string) => hash(password, ARGON2);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Who an access token speaks for: the user, the session (refresh-token family) it came from, and when it ends. */
export interface TokenClaims {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

export class AccessTokens {
  private readonly key: Uint8Array;
  // A verified token stays valid until it expires: remember it instead of re-running HMAC on every
  // request (WebCrypto work hops to the thread pool and back).
  private readonly verified = new LRUCache<string, TokenClaims>({ max: 10_000 });
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }
  /** An access token for `userId` in session `sessionId` (its `sid`, so logging out can end it at once). */
  sign(userId: string, sessionId: string): Promise<string> {
    return new SignJWT({ typ: 'access', sid: sessionId }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer(ISSUER).setIssuedAt().setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`).sign(this.key);
  }
  /** The token's claims, or null for any token that is not ours, not HS256, without a session, or expired. */
  async verify(token: string): Promise<TokenClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER });
      if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.sid !== 'string') return null;
      const claims = { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp * 1000 };
      this.verified.set(token, claims);
      return claims;
    } catch {
      return null;
    }
  }
}

/** API keys look like `aih_<prefix>_<secret>`; the prefix is shown, the whole key only once. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `aih_${prefix}_${randomToken(24)}`;
  return { key, prefix: `aih_${prefix}`, hash: sha256(key) };
}
