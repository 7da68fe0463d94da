import { randomBytes } from 'node:crypto';
import type { Clock } from './core/ports.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * Lead ids like `L-01KB2Y7Z3M-7K3F`: a millisecond clock part (sorts by creation time) and a
 * random part; a per-process sequence keeps ids unique and ordered within one millisecond.
 */
export function createLeadIdGenerator(clock: Clock): () => string {
  let lastTime = -1;
  let sequence = 0;
  const instance = randomBytes(2).readUInt16BE(0) % 1024;
  return () => {
    let now = Math.max(clock.now(), lastTime);
    sequence = now === lastTime ? sequence + 1 : 0;
    if (sequence >= 1024) {
      // More than 1024 ids in one millisecond: borrow the next millisecond rather than repeat.
      now += 1;
      sequence = 0;
    }
    lastTime = now;
    const tail = base32(instance * 1024 + sequence, 4);
    return `L-${base32(now, 10)}-${tail}`;
  };
}

/** Exception ids like `X-01KB2Y7Z3M-7K3F`: the same scheme as lead ids, told apart by the prefix. */
export function createExceptionIdGenerator(clock: Clock): () => string {
  const next = createLeadIdGenerator(clock);
  return () => `X-${next().slice(2)}`;
}
