/** A young-generation collection: cheap (the young generation is a few MB), and only with --expose-gc, which npm start passes. */
function collectYoungGarbage(): void {
  (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });
}

/** How much of an answer is read between two young-generation collections. */
const COLLECT_EVERY_BYTES = 1 << 20;

/**
 * A whole answer body as one buffer. Chunks are copied into a buffer sized up front (from
 * Content-Length, else from the previous answer) as they arrive, so a big answer is never held
 * twice, as chunks and as their concatenation. `recycled` is the previous answer's memory, reused
 * when big enough: a server re-reading 50 000 rows every minute then never holds two answers.
 * Node hands over each socket read (64 KB) in a fresh buffer that is garbage once copied, but
 * only a collection frees it and this loop allocates too little to cause one: without the
 * collection every MB, a whole answer's worth of chunks (~12 MB at 50 000 rows) is still held
 * when the last arrives (measured: a re-read peaked at 155–163 MB RSS without these collections,
 * 141–146 MB with them, and used no more CPU).
 */
export async function readAnswerBytes(body: AsyncIterable<Buffer | string>, sizeHint: number, recycled?: Buffer): Promise<Buffer> {
  const reusable = recycled ? Buffer.from(recycled.buffer, recycled.byteOffset, recycled.buffer.byteLength - recycled.byteOffset) : undefined;
  let buffer = reusable && reusable.length >= sizeHint ? reusable : Buffer.allocUnsafe(Math.max(sizeHint, 64 * 1024));
  let length = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (length + bytes.length > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(length + bytes.length, Math.ceil(buffer.length * 1.5)));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    bytes.copy(buffer, length);
    const before = length;
    length += bytes.length;
    if (Math.floor(length / COLLECT_EVERY_BYTES) !== Math.floor(before / COLLECT_EVERY_BYTES)) collectYoungGarbage();
  }
  return buffer.subarray(0, length);
}
