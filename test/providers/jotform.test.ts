import { describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/http/providers/index.ts';
import { boundaryOf, parseMultipart } from '../../src/http/providers/multipart.ts';
import { expectOk, fixtureBytes, submission } from './helpers.ts';

const BOUNDARY = '------------------------d74496d66958873e';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function multipart(parts: Array<[string, string]>, boundary = 'XyZ'): Buffer {
  const body = parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
  return Buffer.from(`${body}--${boundary}--\r\n`);
}

describe('Jotform webhook (multipart/form-data with rawRequest)', () => {
  it('maps the rawRequest answers by the q-key names; name object split; phone {full}; files ignored', () => {
    const result = expectOk(parseSubmission(submission(CONTENT_TYPE, fixtureBytes('jotform-multipart.txt')), {}));
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

  it('reads the same body with LF-only line endings and a quoted boundary', () => {
    const lf = Buffer.from(fixtureBytes('jotform-multipart.txt').toString('utf8').replace(/\r\n/g, '\n'));
    const result = expectOk(parseSubmission(submission(`multipart/form-data; charset=utf-8; boundary="${BOUNDARY}"`, lf), {}));
    expect(result.fields).toMatchObject({ first_name: 'Budi', email: 'budi.santoso@example.com' });
    expect(result.submissionId).toBe('5871234567890123456');
  });

  it('older phone fields {area, phone}, a name sent as text, and trailing digits in unique names', () => {
    const rawRequest = JSON.stringify({
      q1_name: 'Putri Ayu',
      q2_phoneNumber2: { area: '0812', phone: '3456789' },
      q3_email3: 'putri@ayu.id',
      q4_whatsappNumber: '',
      q5_comments: 'Butuh penawaran',
    });
    const body = multipart([['formID', '1'], ['submissionID', 'S-2'], ['rawRequest', rawRequest]]);
    const result = expectOk(parseSubmission(submission('multipart/form-data; boundary=XyZ', body), {}));
    expect(result.fields).toEqual({ name: 'Putri Ayu', phone: '0812 3456789', email: 'putri@ayu.id', message: 'Butuh penawaran' });
    expect(result.submissionId).toBe('S-2');
  });

  it('rawRequest that is not JSON is a 400 naming the problem', () => {
    const body = multipart([['submissionID', '1'], ['rawRequest', '{"q3_fullName": {']]);
    const result = parseSubmission(submission('multipart/form-data; boundary=XyZ', body), {});
    expect(result).toMatchObject({ ok: false, status: 400, error: 'invalid Jotform rawRequest' });
    expect(!result.ok && result.details).toMatch(/rawRequest is not JSON/);
    const notObject = parseSubmission(submission('multipart/form-data; boundary=XyZ', multipart([['rawRequest', '[1,2]']])), {});
    expect(notObject).toMatchObject({ ok: false, status: 400, error: 'invalid Jotform rawRequest' });
  });

  it('multipart without a boundary, or with a boundary the body never uses, is a 400', () => {
    expect(parseSubmission(submission('multipart/form-data', 'x'), {})).toMatchObject({ ok: false, status: 400, error: 'invalid multipart body' });
    expect(parseSubmission(submission('multipart/form-data; boundary=abc', 'no parts here'), {})).toMatchObject({ ok: false, status: 400, error: 'invalid multipart body' });
  });

  it('a multipart body that is not Jotform is read as a plain form', () => {
    const body = multipart([['name', 'Form Post'], ['email', 'f@p.id']]);
    const result = expectOk(parseSubmission(submission('multipart/form-data; boundary=XyZ', body), {}));
    expect(result).toMatchObject({ provider: 'html-form', fields: { name: 'Form Post', email: 'f@p.id' } });
  });

  it('?source=jotform with an urlencoded rawRequest works too', () => {
    const form = new URLSearchParams({ submissionID: '77', rawRequest: JSON.stringify({ q3_fullName: { first: 'A', last: 'B' }, q4_email: 'a@b.id' }) });
    const result = expectOk(parseSubmission(submission('application/x-www-form-urlencoded', form.toString(), { query: 'source=jotform' }), {}));
    expect(result).toMatchObject({ provider: 'jotform', fields: { first_name: 'A', last_name: 'B', email: 'a@b.id' }, submissionId: '77' });
  });
});

describe('multipart reader', () => {
  it('finds the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; boundary="a b;c"')).toBe('a b;c');
    expect(boundaryOf('multipart/form-data; BOUNDARY=x; charset=utf-8')).toBe('x');
    expect(boundaryOf('multipart/form-data; boundary=')).toBeUndefined();
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });

  it('keeps text parts in order with UTF-8, empty values and escaped names; skips files and nameless parts', () => {
    const body = Buffer.from(
      'preamble to ignore\r\n' +
        '--b\r\nContent-Disposition: form-data; name="greeting"\r\n\r\nSelamat pagi — ☕\r\n' +
        '--b\r\nContent-Disposition: form-data; name="empty"\r\n\r\n\r\n' +
        '--b\r\nContent-Disposition: form-data; name="a%22b"\r\n\r\nq\r\n' +
        '--b\r\ncontent-disposition: form-data; name="upload"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nno name\r\n' +
        '--b\r\nContent-Disposition: form-data; name=bare\r\n\r\nline1\r\nline2\r\n' +
        '--b--\r\nepilogue',
    );
    const result = parseMultipart(body, 'b');
    expect(result).toEqual({ ok: true, fields: [['greeting', 'Selamat pagi — ☕'], ['empty', ''], ['a"b', 'q'], ['bare', 'line1\r\nline2']] });
  });

  it('drops an unterminated last part instead of failing', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="ok"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name="cut"\r\n\r\npartial');
    expect(parseMultipart(body, 'b')).toEqual({ ok: true, fields: [['ok', '1']] });
  });
});
