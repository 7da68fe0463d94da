import { appendFileSync, existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { FileOutbox } from '../../src/outbox/file-outbox.ts';
import type { QueuedLead } from '../../src/outbox/queued-lead.ts';

const log = createLogger('silent');

function journalPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'baton-outbox-')), 'outbox-test.jsonl');
}

function entry(leadId: string, email = `${leadId.toLowerCase()}@example.com`): QueuedLead {
  return {
    leadId,
    draft: { name: `Lead ${leadId}`, emailValid: true, phoneRaw: '', email, company: '', source: '', message: '', submissionId: '' },
    idempotencyKey: '',
    receivedAt: 1_700_000_000_000,
  };
}

const ids = (outbox: FileOutbox) => outbox.entries().map((queued) => queued.leadId);

describe('FileOutbox: torn and corrupt lines', () => {
  it('keeps a lead acknowledged after a torn last line across the next restart', async () => {
    const path = journalPath();
    const first = new FileOutbox(path, log);
    await first.append(entry('L-A'));
    // A crash mid-append: half a line, never acknowledged.
    appendFileSync(path, JSON.stringify(entry('L-TORN')).slice(0, 40));

    const restarted = new FileOutbox(path, log);
    expect(ids(restarted)).toEqual(['L-A']);
    await restarted.append(entry('L-B'));

    expect(ids(new FileOutbox(path, log))).toEqual(['L-A', 'L-B']);
  });

  it('quarantines a complete line whose content changed on disk instead of reading a wrong lead', async () => {
    const path = journalPath();
    const outbox = new FileOutbox(path, log);
    await outbox.append(entry('L-A', 'budi@example.com'));
    await outbox.append(entry('L-B'));
    // One flipped byte inside a value: the line is still valid JSON and still looks like a lead.
    writeFileSync(path, readFileSync(path, 'utf8').replace('budi@example.com', 'bodi@example.com'));

    const restarted = new FileOutbox(path, log);
    expect(ids(restarted)).toEqual(['L-B']);
    expect(restarted.entries().some((queued) => queued.draft.email === 'bodi@example.com')).toBe(false);
  });
});

function capturingLog() {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const log = createLogger('debug', { write: (text: string) => void lines.push(JSON.parse(text)) });
  return { log, lines };
}

function quarantineRecords(path: string): Array<{ reason: string; line: number; text: string; base64: string; salvaged?: string }> {
  return readFileSync(`${path}.quarantine`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('FileOutbox: quarantine', () => {
  it('moves a damaged middle line, byte for byte, to the quarantine file, logs it at error level and counts it', async () => {
    const path = journalPath();
    const outbox = new FileOutbox(path, log);
    await outbox.append(entry('L-A'));
    await outbox.append(entry('L-B'));
    await outbox.append(entry('L-C'));
    const garbage = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x41, 0x7d]);
    const [a, b, c] = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, Buffer.concat([Buffer.from(`${a}\n`), garbage, Buffer.from(`\n${c}\n`)]));
    expect(b).toContain('L-B');

    const { log: captured, lines } = capturingLog();
    const restarted = new FileOutbox(path, captured);
    expect(ids(restarted)).toEqual(['L-A', 'L-C']);
    // What a server does at startup: repair the journal and hand the notices to the managers' DM.
    expect(restarted.takeQuarantineNotices()).toEqual([{ count: 1, path: `${path}.quarantine` }]);
    expect(restarted.takeQuarantineNotices()).toEqual([]);
    const [record] = quarantineRecords(path);
    expect(record).toMatchObject({ reason: 'unreadable', line: 2 });
    expect(Buffer.from(record!.base64, 'base64').equals(garbage)).toBe(true);
    const error = lines.find((line) => line.level === 50);
    expect(error?.msg).toContain(`${path}.quarantine`);
    expect(restarted.health()).toMatchObject({ quarantined: 1, quarantineFiles: [`${path}.quarantine`] });

    // Writing the journal again (a replay removing a lead) never loses the quarantined bytes.
    await restarted.remove(['L-A']);
    const again = new FileOutbox(path, log);
    expect(ids(again)).toEqual(['L-C']);
    expect(again.takeQuarantineNotices()).toEqual([]);
    expect(again.health().quarantined).toBe(1);
    expect(quarantineRecords(path)).toHaveLength(1);
  });

  it('keeps the acknowledged lead an old Baton glued onto a torn line, and quarantines the whole line', async () => {
    const path = journalPath();
    // What the journal looked like before torn tails were cut: plain JSON lines, one glued to a torn one.
    const plain = (queued: QueuedLead) => JSON.stringify(queued);
    writeFileSync(path, `${plain(entry('L-A'))}\n${plain(entry('L-TORN')).slice(0, 50)}${plain(entry('L-B'))}\n${plain(entry('L-C'))}\n`);

    const outbox = new FileOutbox(path, log);
    expect(ids(outbox)).toEqual(['L-A', 'L-B', 'L-C']);
    expect(outbox.takeQuarantineNotices()).toEqual([{ count: 1, path: `${path}.quarantine` }]);
    const [record] = quarantineRecords(path);
    expect(record).toMatchObject({ reason: 'unreadable', line: 2 });
    expect(record?.text).toContain('L-TORN');
    expect(JSON.parse(record!.salvaged!)).toMatchObject({ leadId: 'L-B' });
  });

  it('copies a torn tail to the quarantine file before cutting it, without counting it as damage', async () => {
    const path = journalPath();
    const outbox = new FileOutbox(path, log);
    await outbox.append(entry('L-A'));
    const torn = JSON.stringify(entry('L-TORN')).slice(0, 33);
    appendFileSync(path, torn);

    const restarted = new FileOutbox(path, log);
    expect(ids(restarted)).toEqual(['L-A']);
    expect(restarted.takeQuarantineNotices()).toEqual([]);
    expect(quarantineRecords(path)).toMatchObject([{ reason: 'torn-tail', text: torn }]);
    expect(restarted.health().quarantined).toBe(0);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('cuts a torn tail that appears while running before the next append', async () => {
    const path = journalPath();
    const outbox = new FileOutbox(path, log);
    await outbox.append(entry('L-A'));
    appendFileSync(path, '{"leadId":"L-HALF","dra');
    await outbox.append(entry('L-B'));
    expect(ids(new FileOutbox(path, log))).toEqual(['L-A', 'L-B']);
    expect(quarantineRecords(path)).toMatchObject([{ reason: 'torn-tail', text: '{"leadId":"L-HALF","dra' }]);
  });

  it('reads lines written before checksums existed and writes them back with one', async () => {
    const path = journalPath();
    writeFileSync(path, `${JSON.stringify(entry('L-A'))}\n${JSON.stringify(entry('L-B'))}\n`);
    const outbox = new FileOutbox(path, log);
    expect(ids(outbox)).toEqual(['L-A', 'L-B']);
    await outbox.remove(['L-A']);
    const [line] = readFileSync(path, 'utf8').split('\n');
    expect(JSON.parse(line!)).toMatchObject({ leadId: 'L-B', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('stops counting quarantined lines once an operator moves the quarantine file away', async () => {
    const path = journalPath();
    writeFileSync(path, `${JSON.stringify(entry('L-A'))}\nnot json at all\n`);
    const outbox = new FileOutbox(path, log);
    outbox.takeQuarantineNotices();
    expect(outbox.health().quarantined).toBe(1);
    renameSync(`${path}.quarantine`, `${path}.quarantine.seen`);
    expect(outbox.health()).toMatchObject({ quarantined: 0, quarantineFiles: [] });
  });
});

describe('FileOutbox: clicks', () => {
  it('journals clicks beside the leads, durably, and reports depth and the oldest waiting time', async () => {
    const path = journalPath();
    const outbox = new FileOutbox(path, log);
    const click = { clickId: 'L-A:UA:5', leadId: 'L-A', clickerId: 'UA', addressedTo: 'UA', channel: 'D-UA', messageTs: '1.2', clickedAt: 5 };
    await outbox.appendClick(click);
    await outbox.append(entry('L-B'));
    const restarted = new FileOutbox(path, log);
    expect(restarted.clicks()).toEqual([click]);
    expect(restarted.health()).toMatchObject({ depth: 2, oldestAt: 5, quarantined: 0 });
    await restarted.removeClicks(['L-A:UA:5']);
    expect(new FileOutbox(path, log).clicks()).toEqual([]);
    // The lead journal itself holds leads only.
    expect(readFileSync(path, 'utf8')).not.toContain('L-A:UA:5');
  });
});

describe('FileOutbox: a process that only reads', () => {
  it('changes no file until it writes, so `npm run sweep` never cuts what a running server is appending', async () => {
    const path = journalPath();
    const server = new FileOutbox(path, log);
    await server.append(entry('L-A'));
    // The server is half-way through its next append when the CLI's outbox reads the journal.
    const half = JSON.stringify(entry('L-B')).slice(0, 30);
    appendFileSync(path, half);
    const before = readFileSync(path);

    const cli = new FileOutbox(path, log);
    expect(ids(cli)).toEqual(['L-A']);
    expect(cli.health().depth).toBe(1);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}.quarantine`)).toBe(false);
  });
});
