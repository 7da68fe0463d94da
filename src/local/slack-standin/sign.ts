import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed by the signing secret. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number,
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const ts = String(Math.floor(timestampSeconds));
  const digest = createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${digest}` };
}
