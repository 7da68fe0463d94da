/** Helpers shared by the robustness tests (not a test file itself). */
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';

export const REPS = ['UAYU', 'UBIMA', 'UCITRA'] as const;

export interface RawResponse {
  /** 0 when no HTTP answer came (connection reset, refused, timed out). */
  status: number;
  text: string;
  json: any;
  error?: string;
  /** performance.now() when the answer was complete. */
  at: number;
}

export interface RawRequest {
  method?: string;
  path: string;
  /** A header whose value is undefined is not sent at all (no default content type sneaks in). */
  headers?: Record<string, string | undefined>;
  body?: Uint8Array | string;
  timeoutMs?: number;
}

/**
 * One HTTP request on a fresh connection (agent: false), byte-exact body, never rejects: a
 * transport failure or a hang becomes status 0 with `error`, so callers can assert on it.
 */
export function rawRequest(baseUrl: string, init: RawRequest): Promise<RawResponse> {
  const url = new URL(init.path, baseUrl);
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : Buffer.from(init.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) if (value !== undefined) headers[name] = value;
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve) => {
    let settled = false;
    const done = (response: Omit<RawResponse, 'at'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...response, at: performance.now() });
    };
    const req = request(url, { method: init.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        done({ status: res.statusCode ?? 0, text, json });
      });
      res.on('error', (error) => done({ status: 0, text: '', json: undefined, error: String(error) }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: 0, text: '', json: undefined, error: `no answer within ${init.timeoutMs ?? 15_000} ms` });
    }, init.timeoutMs ?? 15_000);
    req.on('error', (error) => done({ status: 0, text: '', json: undefined, error: String(error) }));
    req.end(body);
  });
}

export async function healthy(baseUrl: string, timeoutMs = 3_000): Promise<boolean> {
  const res = await rawRequest(baseUrl, { method: 'GET', path: '/healthz', timeoutMs });
  return res.status === 200 && res.json?.ok === true;
}

/** A port nobody listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function records(rows: CellValue[][]): Record<string, CellValue>[] {
  const [header, ...data] = rows;
  return data.map((row) => Object.fromEntries((header ?? []).map((name, i) => [String(name), row[i] ?? ''])));
}

/** Per-rep lead counts over the given rows (every rep listed, zero included). */
export function perRepCounts(rows: Record<string, CellValue>[], reps: readonly string[] = REPS): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(reps.map((rep) => [rep, 0]));
  for (const row of rows) {
    const owner = String(row.sales_slack_id ?? '');
    if (owner in counts) counts[owner] = (counts[owner] ?? 0) + 1;
  }
  return counts;
}

export function spread(counts: Record<string, number>): number {
  const values = Object.values(counts);
  return Math.max(...values) - Math.min(...values);
}

/** Values that occur more than once. */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A short, printable description of a body for failure messages. */
export function preview(body: Uint8Array | string | undefined, max = 300): string {
  if (body === undefined) return '(no body)';
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const text = buffer.toString('utf8');
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return `${buffer.length} bytes ${shown}${buffer.equals(Buffer.from(text, 'utf8')) ? '' : ` (not valid UTF-8; hex ${buffer.subarray(0, 64).toString('hex')}…)`}`;
}
