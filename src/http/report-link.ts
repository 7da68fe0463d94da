import { createHmac, timingSafeEqual } from 'node:crypto';

export const REPORT_PATH = '/report';
/** How long a link works: a digest's link lasts until the next digest. */
export const REPORT_LINK_MS = 24 * 60 * 60 * 1000;

/**
 * The key report links are signed with: REPORT_SECRET when set, otherwise derived from the
 * Slack signing secret (already a server secret), under a label of its own so a report
 * signature is never a valid Slack one.
 */
export function reportKey(reportSecret: string | undefined, signingSecret: string): Buffer {
  return createHmac('sha256', reportSecret ?? signingSecret).update('baton report links v1').digest();
}

function signature(key: Buffer, expiresAt: number): string {
  return createHmac('sha256', key).update(`report:${expiresAt}`).digest('base64url');
}

/** `${base}/report?exp=…&sig=…`, good until `now + REPORT_LINK_MS`. */
export function signReportLink(base: string, key: Buffer, now: number): string {
  const expiresAt = Math.floor((now + REPORT_LINK_MS) / 1000);
  return `${base.replace(/\/+$/, '')}${REPORT_PATH}?exp=${expiresAt}&sig=${signature(key, expiresAt)}`;
}

export type LinkCheck = { ok: true; expiresAt: number } | { ok: false; why: 'missing' | 'bad' | 'expired' };

/** Constant-time check of a link's signature, then its expiry. */
export function checkReportLink(query: URLSearchParams, key: Buffer, now: number): LinkCheck {
  const exp = query.get('exp');
  const sig = query.get('sig');
  if (!exp || !sig) return { ok: false, why: 'missing' };
  if (!/^\d{1,12}$/.test(exp)) return { ok: false, why: 'bad' };
  const expected = Buffer.from(signature(key, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'bad' };
  if (Number(exp) * 1000 <= now) return { ok: false, why: 'expired' };
  // A link signed for far beyond a day was not signed by this code: refuse it too.
  if (Number(exp) * 1000 > now + REPORT_LINK_MS + 60_000) return { ok: false, why: 'bad' };
  return { ok: true, expiresAt: Number(exp) * 1000 };
}
