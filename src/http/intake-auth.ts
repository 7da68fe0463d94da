import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Hashing first makes the comparison constant-time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function presentedToken(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, '').trim();
  const header = req.headers['x-intake-token'];
  if (typeof header === 'string') return header.trim();
  return undefined;
}

export function matchesSecret(given: string | undefined, expected: string): boolean {
  return given !== undefined && given.length > 0 && sameSecret(given, expected);
}

export function isAuthorized(req: IncomingMessage, expected: string): boolean {
  return matchesSecret(presentedToken(req), expected);
}
