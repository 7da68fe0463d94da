import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureStatus } from './types.ts';

/**
 * Provider webhook signatures, both over the raw request body with HMAC-SHA256, base64-encoded:
 * - Typeform: header `Typeform-Signature: sha256=<base64(HMAC-SHA256(secret, rawBody))>` (Typeform
 *   "Secure your webhooks" docs).
 * - Tally: header `Tally-Signature: <base64(HMAC-SHA256(signingSecret, rawBody))>` (Tally webhooks help
 *   page: no prefix, no timestamp). Assumption: the header carries exactly that base64 string.
 */
export type SignatureScheme = 'typeform' | 'tally';

export const SIGNATURE_HEADERS: Readonly<Record<SignatureScheme, string>> = {
  typeform: 'typeform-signature',
  tally: 'tally-signature',
};

function expectedSignature(scheme: SignatureScheme, secret: string, body: Buffer): string {
  const digest = createHmac('sha256', secret).update(body).digest('base64');
  return scheme === 'typeform' ? `sha256=${digest}` : digest;
}

/** Hashing both sides first makes the comparison constant-time whatever their lengths. */
function sameText(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function verifySignature(scheme: SignatureScheme, secret: string | undefined, header: string | undefined, body: Buffer): SignatureStatus {
  if (!secret) return 'not-configured';
  if (header === undefined || header.trim() === '') return 'absent';
  return sameText(header.trim(), expectedSignature(scheme, secret, body)) ? 'valid' : 'invalid';
}
