import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseSubmission, type FieldMap, type ProviderParse, type ProviderSecrets, type RawSubmission } from '../../src/http/providers/index.ts';

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureBytes(name).toString('utf8')) as Record<string, unknown>;
}

export function submission(contentType: string | undefined, body: Buffer | string, options: { query?: string; headers?: RawSubmission['headers'] } = {}): RawSubmission {
  return {
    contentType,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    query: new URLSearchParams(options.query ?? ''),
    headers: options.headers ?? {},
  };
}

export function parseJson(body: Buffer | string | object, options: { query?: string; headers?: RawSubmission['headers']; secrets?: ProviderSecrets; fieldMap?: FieldMap } = {}): Promise<ProviderParse> {
  const bytes = Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body);
  return parseSubmission(submission('application/json', bytes, options), options.secrets ?? {}, options.fieldMap);
}

/** Independent of the implementation: HMAC-SHA256 over the raw bytes, base64. */
export function hmacBase64(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function expectOk(result: ProviderParse): Extract<ProviderParse, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${result.status} ${result.error}: ${result.details}`);
  return result;
}
