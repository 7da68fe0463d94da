import { describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/http/providers/index.ts';
import { expectOk, submission } from './helpers.ts';

const TYPE = 'multipart/form-data; boundary=b';

function part(name: string, value: string, headers = ''): string {
  return `--b\r\nContent-Disposition: form-data; name="${name}"\r\n${headers}\r\n${value}\r\n`;
}

const LEAD = part('name', 'Budi') + part('phone', '0812-3456-7890');

async function parse(body: string | Buffer, contentType = TYPE) {
  return parseSubmission(submission(contentType, body), {});
}

describe('hostile multipart bodies: the coded 400, or the fields, never a throw', () => {
  it.each([
    ['LF-only line breaks (RFC 7578 requires CRLF)', (LEAD + '--b--\r\n').replace(/\r\n/g, '\n'), /closing boundary/],
    ['no closing boundary (a truncated body)', `${LEAD}--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nbudi@exa`, /closing boundary/],
    ['a boundary the body never uses', 'name=Budi&phone=0812', /closing boundary/],
    ['an empty body', '', /closing boundary/],
    ['a part header over 16 KiB', `--b\r\nContent-Disposition: form-data; name="name"\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\nBudi\r\n--b--\r\n`, /malformed headers/],
    ['a header line without a colon', `--b\r\nContent-Disposition form-data; name="name"\r\n\r\nBudi\r\n--b--\r\n`, /malformed headers/],
    ['1001 parts', `${'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n\r\n'.repeat(1001)}--b--\r\n`, /more than 1000 parts/],
    ['a field over 64 KiB', `${part('message', 'x'.repeat(70_000))}--b--\r\n`, /longer than 65536 bytes/],
  ])('%s -> 400 invalid multipart body', async (_label, body, details) => {
    const result = await parse(body);
    expect(result).toMatchObject({ ok: false, status: 400, error: 'invalid multipart body' });
    expect(!result.ok && result.details).toMatch(details);
  });

  it('a file upload among the fields is skipped; the lead is kept', async () => {
    const file = '--b\r\nContent-Disposition: form-data; name="cv"; filename="../../etc/passwd"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 \u0000\u0001binary\r\n';
    expect(expectOk(await parse(`${file}${LEAD}--b--\r\n`)).fields).toEqual({ name: 'Budi', phone: '0812-3456-7890' });
  });

  it('the boundary inside a value, without a line break before it, is content', async () => {
    expect(expectOk(await parse(`${part('name', 'Budi --b-- --b')}${part('phone', '0812')}--b--\r\n`)).fields).toMatchObject({ name: 'Budi --b-- --b' });
  });

  it('a part in latin1 is decoded as latin1', async () => {
    const body = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="name"\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n'), Buffer.from([0x4a, 0x6f, 0x73, 0xe9]), Buffer.from(`\r\n${part('phone', '0812')}--b--\r\n`)]);
    expect(expectOk(await parse(body)).fields).toMatchObject({ name: 'José' });
  });

  it('__proto__ and repeated names never pollute; the first value of a name wins', async () => {
    const body = `${part('__proto__', 'x')}${part('constructor', 'y')}${part('name', 'Budi')}${part('name', 'Eve')}${part('phone', '0812')}--b--\r\n`;
    expect(expectOk(await parse(body)).fields).toEqual({ name: 'Budi', phone: '0812' });
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('bytes that are not UTF-8 become replacement characters, not a throw', async () => {
    const body = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n'), Buffer.from([0xff, 0xfe, 0x42]), Buffer.from(`\r\n${part('phone', '0812')}--b--\r\n`)]);
    expect(expectOk(await parse(body)).fields).toMatchObject({ name: '\ufffd\ufffdB' });
  });
});
