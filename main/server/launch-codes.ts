/**
 * How the browser window started by `npm start` gets in without the session token on Chromium's
 * command line (readable by every local user in the process list): it is given a one-time code,
 * valid once and for 60 s, that the server exchanges for an HttpOnly, SameSite=Strict cookie
 * before redirecting to the clean address. A code seen on the command line afterwards is useless.
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './security.js';

export const LAUNCH_CODE_TTL_MS = 60_000;
/** Codes not yet used; more are never needed (one per window opened). */
const MAX_PENDING_CODES = 8;

export class LaunchCodes {
  private readonly pending = new Map<string, number>();

  constructor(private readonly ttlMs: number = LAUNCH_CODE_TTL_MS, private readonly now: () => number = Date.now) {}

  issue(): string {
    this.forgetExpired();
    while (this.pending.size >= MAX_PENDING_CODES) this.pending.delete(this.pending.keys().next().value!);
    const code = crypto.randomBytes(24).toString('base64url');
    this.pending.set(code, this.now() + this.ttlMs);
    return code;
  }

  /** True once for a code issued less than `ttlMs` ago; the code is spent either way. */
  redeem(code: string): boolean {
    this.forgetExpired();
    for (const [candidate, expiresAt] of this.pending) {
      if (tokensEqual(code, candidate)) {
        this.pending.delete(candidate);
        return expiresAt > this.now();
      }
    }
    return false;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [code, expiresAt] of this.pending) if (expiresAt <= now) this.pending.delete(code);
  }
}

/** The session cookie's name: one per port, so two local servers never overwrite each other's. */
export function sessionCookieName(port: number): string {
  return `barometre_session_${port}`;
}

export function sessionCookieHeader(port: number, value: string): string {
  return `${sessionCookieName(port)}=${value}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The session cookie's value in a request, or null. */
export function sessionCookie(req: IncomingMessage, port: number): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  const name = sessionCookieName(port);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
