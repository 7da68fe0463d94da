import type { IncomingMessage } from 'node:http';
import type { Args } from './args.ts';
import { SlackApiError } from './errors.ts';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface Decoded {
  args: Args;
  /** A token sent as a form or query field; Slack ignores `token` inside a JSON body. */
  fieldToken: string | undefined;
}

/**
 * Slack reads query parameters and the body alike. Form values stay strings (blocks arrive
 * JSON-encoded and each method decodes what it needs), as Slack's own parser sees them.
 */
export function decodeArgs(contentType: string | undefined, raw: string, query: URLSearchParams): Decoded {
  const args: Args = Object.fromEntries(query);
  let fieldToken = query.get('token') ?? undefined;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.length > 0 && type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackApiError('invalid_json');
    Object.assign(args, parsed);
  } else if (raw.length > 0 && (type === 'application/x-www-form-urlencoded' || type === '')) {
    const form = new URLSearchParams(raw);
    Object.assign(args, Object.fromEntries(form));
    fieldToken = form.get('token') ?? fieldToken;
  } else if (raw.length > 0) {
    throw new SlackApiError('invalid_form_data');
  }
  delete args.token;
  return { args, fieldToken };
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** For the call log: show decoded blocks/attachments rather than JSON strings. */
export function readableArgs(args: Args): Args {
  const out: Args = { ...args };
  for (const key of ['blocks', 'attachments', 'metadata']) {
    const v = out[key];
    if (typeof v !== 'string') continue;
    try {
      out[key] = JSON.parse(v);
    } catch {
      /* left as sent: the method itself reports the malformed value */
    }
  }
  return out;
}
