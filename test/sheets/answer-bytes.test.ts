import { describe, expect, it } from 'vitest';
import { readAnswerBytes } from '../../src/stores/sheets/answer-bytes.ts';

async function* chunks(parts: Array<Buffer | string>): AsyncGenerator<Buffer | string> {
  for (const part of parts) yield part;
}

describe('readAnswerBytes', () => {
  const parts = [Buffer.from('{"valueRanges":'), 'ü "text" chunk,', Buffer.alloc(200_000, 0x61), Buffer.from(']}')];
  const whole = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));

  it('joins the chunks in order, growing past a hint that was too small', async () => {
    const bytes = await readAnswerBytes(chunks(parts), 10);
    expect(bytes.equals(whole)).toBe(true);
  });

  it('reads into the previous answer’s memory when it is big enough', async () => {
    const previous = await readAnswerBytes(chunks(parts), whole.length);
    const again = await readAnswerBytes(chunks([Buffer.from('short')]), 5, previous);
    expect(again.toString()).toBe('short');
    expect(again.buffer).toBe(previous.buffer);
  });

  it('takes fresh memory when the previous answer was smaller', async () => {
    const small = await readAnswerBytes(chunks(['x']), 1);
    const bigger = await readAnswerBytes(chunks(parts), whole.length, small);
    expect(bigger.equals(whole)).toBe(true);
    expect(bigger.buffer).not.toBe(small.buffer);
  });

  it('gives an empty buffer for an empty body', async () => {
    expect((await readAnswerBytes(chunks([]), 0)).length).toBe(0);
  });
});
