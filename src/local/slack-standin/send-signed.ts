import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signSlackRequest } from './sign.ts';

export interface SignedRequest {
  url: string;
  signingSecret: string;
  body: string;
  /** Bolt parses a body only under the content type Slack sends it with. */
  contentType: string;
  timestampSeconds?: number;
  /** Sent instead of the true signature, to see a forged request refused. */
  signatureOverride?: string;
}

/**
 * POSTs a body to Bolt signed as Slack signs it. node:http with a fresh connection (no
 * keep-alive) so a receiver under test can stop without waiting on our socket.
 */
export function sendSigned(args: SignedRequest): Promise<{ status: number; body: string }> {
  const ts = args.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const signed = signSlackRequest(args.signingSecret, args.body, ts);
  const headers = {
    'content-type': args.contentType,
    'content-length': String(Buffer.byteLength(args.body)),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': signed['x-slack-request-timestamp'],
    'x-slack-signature': args.signatureOverride ?? signed['x-slack-signature'],
  };
  const url = new URL(args.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(args.body);
  });
}
