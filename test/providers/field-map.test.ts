import { describe, expect, it } from 'vitest';
import { parseFieldMap, parseSubmission, type FieldMap } from '../../src/http/providers/index.ts';
import { expectOk, fixtureBytes, hmacBase64, parseJson, submission } from './helpers.ts';

describe('parseFieldMap', () => {
  it('reads JSON', async () => {
    expect(parseFieldMap('{"name": "Full Name", "phone": "data.Mobile", "submission_id": "meta.id"}')).toEqual({ name: 'Full Name', phone: 'data.Mobile', submission_id: 'meta.id' });
  });
  it('reads comma or newline separated pairs, trimming, keys case-insensitive', async () => {
    expect(parseFieldMap(' name=Full Name, Phone = data.Mobile\nemail=contact.e-mail ,')).toEqual({ name: 'Full Name', phone: 'data.Mobile', email: 'contact.e-mail' });
  });
  it('is empty for a blank setting', async () => {
    expect(parseFieldMap('   ')).toEqual({});
  });
  it('refuses unknown keys, duplicates, missing "=", empty targets, bad JSON and forbidden path segments', async () => {
    const cases = ['nmae=Full Name', 'name=a,name=b', 'name', 'phone=', '{"name": 1}', '{"name": "x"', '["name"]', 'name=__proto__.polluted', '{"__proto__": "x"}', 'phone=a.constructor.b'];
    for (const text of cases) expect(parseFieldMap(text), text).toHaveProperty('error');
  });
  it('error messages say what to write', async () => {
    expect(parseFieldMap('nmae=Full Name')).toEqual({ error: expect.stringContaining('use name, first_name, last_name, phone, email, company, source, message, submission_id') });
  });
});

describe('field map applied to a submission', () => {
  const nested = {
    meta: { id: 'ext-991', form: 'Promo Mei' },
    data: { contact: { 'Nama Pelanggan': 'Slamet', Mobile: '0812-1111-2222' }, fields: [{ label: 'Email kantor', value: 's@lamet.id' }, { label: 'Kota', value: 'Solo' }] },
    name: 'Promo Mei form',
  };

  it('follows dot paths with case-insensitive keys, and list elements by label', async () => {
    const map = parseFieldMap('name=DATA.contact.nama pelanggan, phone=data.contact.mobile, email=data.fields.Email Kantor, submission_id=meta.id');
    expect(map).not.toHaveProperty('error');
    const result = expectOk(await parseJson(nested, { fieldMap: map as FieldMap }));
    expect(result.provider).toBe('field-map');
    expect(result.fields).toEqual({ name: 'Slamet', phone: '0812-1111-2222', email: 's@lamet.id' });
    expect(result.submissionId).toBe('ext-991');
  });

  it('mapped fields win over the generic aliases; a mapped first/last name replaces a guessed name', async () => {
    const result = expectOk(await parseJson(nested, { fieldMap: { first_name: 'data.contact.Nama Pelanggan', company: 'data.fields.1' } }));
    // Fields the map leaves out are still recognised wherever they are (issue 13); the mapped ones win.
    expect(result.fields).toEqual({ first_name: 'Slamet', company: 'Solo', phone: '0812-1111-2222', email: 's@lamet.id' });
  });

  it('a literal key containing dots is found before a path; numeric indexes address arrays', async () => {
    const result = expectOk(await parseJson({ 'contact.phone': '0899', list: ['a', 'Nomor 2'] }, { fieldMap: { phone: 'contact.phone', name: 'list.1' } }));
    expect(result.fields).toEqual({ phone: '0899', name: 'Nomor 2' });
  });

  it('applies to a Tally payload by label ("data.fields.Phone"), keeps the other Tally fields and still checks its signature', async () => {
    const body = fixtureBytes('tally-lead.json');
    const headers = { 'tally-signature': hmacBase64('s3cret', body) };
    const result = expectOk(await parseJson(body, { headers, secrets: { tallySigningSecret: 's3cret' }, fieldMap: { phone: 'data.fields.Budget (IDR)', source: 'data.fields.Which services?' } }));
    expect(result).toMatchObject({ provider: 'field-map', signature: 'valid', submissionId: '2wgx4n' });
    expect(result.fields).toEqual({
      name: 'Dewi Lestari',
      phone: '25000000',
      email: 'dewi@lestari.id',
      company: 'CV Lestari Abadi',
      source: 'Setup, Support',
      message: 'Two branches, 40 staff.\nNeed it live by July.',
    });
  });

  it('applies to a Typeform answer by ref and to an urlencoded form by field name', async () => {
    const typeform = expectOk(await parseJson(fixtureBytes('typeform-lead.json'), { fieldMap: { company: 'form_response.answers.d0e9f8a7-7777-4b8a-8c9d-000000000000' } }));
    expect(typeform.fields).toMatchObject({ company: 'https://majujaya.co.id', name: 'Budi Santoso' });
    const form = expectOk(await parseSubmission(submission('application/x-www-form-urlencoded', 'Nama+Anda=Wati&No+WA=0857&x=1'), {}, { name: 'nama anda', phone: 'No WA' }));
    expect(form).toMatchObject({ provider: 'field-map', fields: { name: 'Wati', phone: '0857' } });
  });

  it('reaches into Jotform rawRequest, with or without the "rawRequest." prefix', async () => {
    const ct = 'multipart/form-data; boundary=------------------------d74496d66958873e';
    const result = expectOk(await parseSubmission(submission(ct, fixtureBytes('jotform-multipart.txt')), {}, { company: 'q8_jumlahKaryawan', message: 'rawRequest.q7_howDid', submission_id: 'formID' }));
    expect(result.fields).toMatchObject({ company: '11-50', message: 'Facebook', first_name: 'Budi' });
    expect(result.submissionId).toBe('241344567890123');
  });

  it('a map that matches nothing leaves the detected provider in charge', async () => {
    const result = expectOk(await parseJson(fixtureBytes('webflow-v2.json'), { fieldMap: { phone: 'payload.data.Fax' } }));
    expect(result.provider).toBe('webflow');
  });

  it('a map that matches rescues a body the forced provider cannot read', async () => {
    const result = expectOk(await parseJson({ who: 'Y', hp: '0812999' }, { query: 'source=typeform', fieldMap: { name: 'who' } }));
    expect(result).toMatchObject({ provider: 'field-map', fields: { name: 'Y' } });
  });

  it('never resolves through prototypes', async () => {
    const result = expectOk(await parseJson('{"__proto__": {"name": "polluted"}, "x": {}}', { fieldMap: { name: '__proto__.name', company: 'x.constructor.name', email: 'toString' } }));
    expect(result.provider).toBe('generic-json');
    expect(result.fields).toEqual({});
  });
});
