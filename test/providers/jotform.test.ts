import { describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/http/providers/index.ts';
import { parseMultipart } from '../../src/http/providers/multipart.ts';
import { expectOk, fixtureBytes, submission } from './helpers.ts';

const BOUNDARY = '------------------------d74496d66958873e';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function multipart(parts: Array<[string, string]>, boundary = 'XyZ'): Buffer {
  const body = parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
  return Buffer.from(`${body}--${boundary}--\r\n`);
}

describe('Jotform webhook (multipart/form-data with rawRequest)', () => {
  it('maps the rawRequest answers by the q-key names; name object split; phone {full}; files ignored', async () => {
    const result = expectOk(await parseSubmission(submission(CONTENT_TYPE, fixtureBytes('jotform-multipart.txt')), {}));
    expect(result.provider).toBe('jotform');
    expect(result.fields).toEqual({
      first_name: 'Budi',
      last_name: 'Santoso',
      phone: '(0812) 345-6789',
      email: 'budi.santoso@example.com',
      company: 'UD Santoso',
      source: 'fb_ads',
      message: 'Saya tertarik paket premium.\nTolong kirim brosur.',
    });
    expect(result.submissionId).toBe('5871234567890123456');
    expect(result.signature).toBe('not-configured');
  });

  it('reads the same body with a quoted boundary and a charset parameter', async () => {
    const result = expectOk(await parseSubmission(submission(`multipart/form-data; charset=utf-8; boundary="${BOUNDARY}"`, fixtureBytes('jotform-multipart.txt')), {}));
    expect(result.fields).toMatchObject({ first_name: 'Budi', email: 'budi.santoso@example.com' });
    expect(result.submissionId).toBe('5871234567890123456');
  });

  it('older phone fields {area, phone}, a name sent as text, and trailing digits in unique names', async () => {
    const rawRequest = JSON.stringify({
      q1_name: 'Putri Ayu',
      q2_phoneNumber2: { area: '0812', phone: '3456789' },
      q3_email3: 'putri@ayu.id',
      q4_whatsappNumber: '',
      q5_comments: 'Butuh penawaran',
    });
    const body = multipart([['formID', '1'], ['submissionID', 'S-2'], ['rawRequest', rawRequest]]);
    const result = expectOk(await parseSubmission(submission('multipart/form-data; boundary=XyZ', body), {}));
    expect(result.fields).toEqual({ name: 'Putri Ayu', phone: '0812 3456789', email: 'putri@ayu.id', message: 'Butuh penawaran' });
    expect(result.submissionId).toBe('S-2');
  });

  it('rawRequest that is not JSON is a 400 naming the problem', async () => {
    const body = multipart([['submissionID', '1'], ['rawRequest', '{"q3_fullName": {']]);
    const result = await parseSubmission(submission('multipart/form-data; boundary=XyZ', body), {});
    expect(result).toMatchObject({ ok: false, status: 400, error: 'invalid Jotform rawRequest' });
    expect(!result.ok && result.details).toMatch(/rawRequest is not JSON/);
    const notObject = await parseSubmission(submission('multipart/form-data; boundary=XyZ', multipart([['rawRequest', '[1,2]']])), {});
    expect(notObject).toMatchObject({ ok: false, status: 400, error: 'invalid Jotform rawRequest' });
  });

  it('multipart without a boundary, or with a boundary the body never uses, is a 400', async () => {
    expect(await parseSubmission(submission('multipart/form-data', 'x'), {})).toMatchObject({ ok: false, status: 400, error: 'invalid multipart body' });
    expect(await parseSubmission(submission('multipart/form-data; boundary=abc', 'no parts here'), {})).toMatchObject({ ok: false, status: 400, error: 'invalid multipart body' });
  });

  it('a multipart body that is not Jotform is read as a plain form', async () => {
    const body = multipart([['name', 'Form Post'], ['email', 'f@p.id']]);
    const result = expectOk(await parseSubmission(submission('multipart/form-data; boundary=XyZ', body), {}));
    expect(result).toMatchObject({ provider: 'html-form', fields: { name: 'Form Post', email: 'f@p.id' } });
  });

  it('?source=jotform with an urlencoded rawRequest works too', async () => {
    const form = new URLSearchParams({ submissionID: '77', rawRequest: JSON.stringify({ q3_fullName: { first: 'A', last: 'B' }, q4_email: 'a@b.id' }) });
    const result = expectOk(await parseSubmission(submission('application/x-www-form-urlencoded', form.toString(), { query: 'source=jotform' }), {}));
    expect(result).toMatchObject({ provider: 'jotform', fields: { first_name: 'A', last_name: 'B', email: 'a@b.id' }, submissionId: '77' });
  });
});

describe('multipart reader', () => {
  it.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; boundary="a b;c"', 'a b;c'],
    ['multipart/form-data; BOUNDARY=x; charset=utf-8', 'x'],
    ['Multipart/Form-Data; charset=utf-8; boundary=x', 'x'],
  ])('finds the boundary in %j', async (contentType, boundary) => {
    const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n--${boundary}--\r\n`);
    expect(await parseMultipart(body, contentType)).toEqual({ ok: true, fields: [['n', 'v']] });
  });

  it.each(['multipart/form-data', 'multipart/form-data; charset=utf-8'])('%j has no boundary: refused, saying so', async (contentType) => {
    expect(await parseMultipart(Buffer.from('--b--\r\n'), contentType)).toEqual({ ok: false, details: 'Content-Type multipart/form-data has no boundary parameter' });
  });

  it('an empty boundary is a malformed Content-Type', async () => {
    expect(await parseMultipart(Buffer.from('----\r\n'), 'multipart/form-data; boundary=')).toEqual({ ok: false, details: expect.stringContaining('is malformed') });
  });

  it('keeps text parts in order with UTF-8 values and names and empty values; skips files and nameless parts', async () => {
    const body = Buffer.from(
      'preamble to ignore\r\n' +
        '--b\r\nContent-Disposition: form-data; name="greeting"\r\n\r\nSelamat pagi — ☕\r\n' +
        '--b\r\nContent-Disposition: form-data; name="empty"\r\n\r\n\r\n' +
        '--b\r\nContent-Disposition: form-data; name="nama lengkap — 名前"\r\n\r\nq\r\n' +
        '--b\r\ncontent-disposition: form-data; name="upload"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n' +
        '--b\r\nContent-Disposition: form-data; name="blob"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0001\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nno name\r\n' +
        '--b\r\nContent-Disposition: form-data; name=bare\r\n\r\nline1\r\nline2\r\n' +
        '--b--\r\nepilogue',
    );
    expect(await parseMultipart(body, 'multipart/form-data; boundary=b')).toEqual({
      ok: true,
      fields: [['greeting', 'Selamat pagi — ☕'], ['empty', ''], ['nama lengkap — 名前', 'q'], ['bare', 'line1\r\nline2']],
    });
  });
});
