import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}

/** Reads the raw body, refusing (and draining) anything over `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new BodyTooLarge(`body is ${declared} bytes; the limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      req.resume();
      throw new BodyTooLarge(`body is over the ${limit} byte limit`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
