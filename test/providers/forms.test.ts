import { describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/http/providers/index.ts';
import { expectOk, fixtureBytes, fixtureJson, parseJson, submission } from './helpers.ts';

describe('Google Forms (Apps Script shape)', () => {
  it('maps answers by question title, checkbox lists only as a source, respondentEmail as email', async () => {
    const result = expectOk(await parseJson(fixtureBytes('google-forms.json')));
    expect(result.provider).toBe('google-forms');
    expect(result.fields).toEqual({
      name: 'Rina Wijaya',
      phone: '0812-3456-7890',
      email: 'rina.wijaya@gmail.com',
      company: 'Toko Rina',
      source: 'Instagram',
      message: 'Mohon dihubungi setelah jam 5 sore.',
    });
    expect(result.submissionId).toBe('2_ABaOnudJ3kF9sVdQ3r8mTqP0xZ5yW1bC2nE4gH6iK8lM0oR');
  });

  it('prefers an email answer over respondentEmail and survives a missing responseId', async () => {
    const body = { source: 'google-forms', respondentEmail: 'collector@x.com', answers: { 'Full name': 'A B', 'Email address': 'answer@x.com' } };
    const result = expectOk(await parseJson(body));
    expect(result.fields).toEqual({ name: 'A B', email: 'answer@x.com' });
    expect(result.submissionId).toBeUndefined();
  });

  it('?source=google-forms with no answers object is a 400', async () => {
    expect(await parseJson({ source: 'google-forms', answers: ['x'] }, { query: 'source=google-forms' })).toMatchObject({ ok: false, status: 400, error: 'not a Google Forms payload' });
  });
});

describe('Webflow form_submission', () => {
  it('v2: maps data by field name, never the form name; a numeric phone becomes digits; checkbox ignored', async () => {
    const result = expectOk(await parseJson(fixtureBytes('webflow-v2.json')));
    expect(result.provider).toBe('webflow');
    expect(result.fields).toEqual({
      first_name: 'Zaphod',
      last_name: 'Beeblebrox',
      phone: '15550000000',
      email: 'zaphod@heartofgold.ai',
      company: 'Heart of Gold',
      message: 'Looking for 42 seats.',
    });
    expect(result.submissionId).toBe('6321ca84df3949bfc6752327');
  });

  it('v1: maps data, ignores the empty honeypot, id from _id', async () => {
    const result = expectOk(await parseJson(fixtureBytes('webflow-v1.json')));
    expect(result.provider).toBe('webflow');
    expect(result.fields).toEqual({ name: 'Some One', phone: '+62 811-2233-4455', email: 'some.one@home.com' });
    expect(result.submissionId).toBe('6321ca84df3949bfc6752327');
  });

  it('a schema fieldType naming email or phone marks a field whose name says nothing', async () => {
    const body = {
      triggerType: 'form_submission',
      payload: { name: 'Promo', id: 'sub-9', data: { 'Field 1': 'Nina', 'Field 2': 'nina@x.id' }, schema: [{ fieldName: 'Field 2', fieldType: 'FormEmail' }] },
    };
    expect(expectOk(await parseJson(body)).fields).toEqual({ email: 'nina@x.id' });
  });
});

describe('HubSpot workflow webhook', () => {
  it('classic {objectId, properties: {x: {value}}}: named contact properties only, mobilephone when phone is empty', async () => {
    const result = expectOk(await parseJson(fixtureBytes('hubspot-classic.json')));
    expect(result.provider).toBe('hubspot');
    expect(result.fields).toEqual({
      first_name: 'Agus',
      last_name: 'Pratama',
      phone: '+62 812-9999-0000',
      email: 'agus.pratama@example.co.id',
      company: 'PT Pratama Teknik',
      source: 'PAID_SOCIAL',
    });
    expect(result.submissionId).toBe('3234574');
  });

  it('flattened properties with hs_object_id', async () => {
    const result = expectOk(await parseJson(fixtureBytes('hubspot-flat.json')));
    expect(result.provider).toBe('hubspot');
    expect(result.fields).toEqual({ first_name: 'Maya', last_name: 'Kusuma', phone: '021-555-0101', email: 'maya@kusuma.id', company: 'Kusuma Group' });
    expect(result.submissionId).toBe('51234567801');
  });

  it('?source=hubspot reads a flattened body without hs_object_id', async () => {
    const result = expectOk(await parseJson({ firstname: 'Z', email: 'z@z.io' }, { query: 'source=HubSpot' }));
    expect(result).toMatchObject({ provider: 'hubspot', fields: { first_name: 'Z', email: 'z@z.io' } });
    expect(result.submissionId).toBeUndefined();
  });
});

describe('plain HTML form and generic JSON', () => {
  it('an urlencoded form maps by the intake aliases and drops junk fields', async () => {
    const result = expectOk(await parseSubmission(submission('application/x-www-form-urlencoded; charset=UTF-8', fixtureBytes('html-form.txt')), {}));
    expect(result.provider).toBe('html-form');
    expect(result.fields).toEqual({
      name: 'Andi Wijaya',
      phone: '0813-2222-3333',
      email: 'andi@example.com',
      company: 'Toko Andi',
      source: 'facebook',
      message: 'Halo, saya mau demo\r\nterima kasih',
    });
    expect(result.submissionId).toBeUndefined();
    expect(result.signature).toBe('not-configured');
  });

  it('a flat JSON object maps by the aliases, numbers become digits, objects and lists of tags are ignored', async () => {
    const result = expectOk(await parseJson(fixtureBytes('generic.json')));
    expect(result.provider).toBe('generic-json');
    expect(result.fields).toEqual({
      name: 'Rudi Hartono',
      phone: '6285712345678',
      email: 'RUDI@Example.com',
      company: 'Rudi Motor',
      source: 'billboard',
      message: 'Call after 3pm',
    });
    expect(result.submissionId).toBe('lp-2024-05-14-0001');
  });

  it('?source=html names the provider for a JSON body too; an unknown ?source= value becomes the lead source', async () => {
    expect(expectOk(await parseJson({ name: 'A', phone: '0812345' }, { query: 'source=html' })).provider).toBe('html-form');
    const labelled = expectOk(await parseJson({ name: 'A', phone: '0812345' }, { query: 'source=landing-page&token=t' }));
    expect(labelled).toMatchObject({ provider: 'generic-json', fields: { name: 'A', phone: '0812345', source: 'landing-page' } });
    const bodyWins = expectOk(await parseJson({ name: 'A', source: 'radio' }, { query: 'source=landing-page' }));
    expect(bodyWins.fields).toEqual({ name: 'A', source: 'radio' });
  });

  it('the first alias present wins, like draftFromFields', async () => {
    const result = expectOk(await parseJson({ mobile: '0811', phone: '0822', 'Full Name': 'X Y', first_name: 'X' }));
    expect(result.fields).toEqual({ name: 'X Y', first_name: 'X', phone: '0822' });
  });
});

describe('detection', () => {
  const cases: Array<[string, string]> = [
    ['typeform-lead.json', 'typeform'],
    ['tally-lead.json', 'tally'],
    ['google-forms.json', 'google-forms'],
    ['webflow-v2.json', 'webflow'],
    ['webflow-v1.json', 'webflow'],
    ['hubspot-classic.json', 'hubspot'],
    ['hubspot-flat.json', 'hubspot'],
    ['generic.json', 'generic-json'],
  ];
  it.each(cases)('%s is detected by shape as %s', async (fixture, provider) => {
    expect(expectOk(await parseJson(fixtureBytes(fixture))).provider).toBe(provider);
  });

  it('?source= wins over the shape and is case-insensitive', async () => {
    const tally = fixtureJson('tally-lead.json');
    const forced = await parseJson(tally, { query: 'source=TypeForm' });
    expect(forced).toMatchObject({ ok: false, status: 400, error: 'not a Typeform payload' });
    expect(expectOk(await parseJson(tally, { query: 'source=generic' })).provider).toBe('generic-json');
  });

  it('+json media types and a UTF-8 BOM are accepted', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtureBytes('generic.json')]);
    expect(expectOk(await parseSubmission(submission('application/vnd.api+json', bytes), {})).provider).toBe('generic-json');
  });
});
