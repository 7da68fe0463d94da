import { describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/http/providers/index.ts';
import { expectOk, fixtureBytes, hmacBase64, parseJson, submission } from './helpers.ts';

const SECRET = 'tf-secret-7f3a9c';

describe('Typeform webhook', () => {
  it('maps a full form_response: typed email/phone, titles, a choice as source, long text as message', async () => {
    const result = expectOk(await parseJson(fixtureBytes('typeform-lead.json')));
    expect(result.provider).toBe('typeform');
    expect(result.fields).toEqual({
      name: 'Budi Santoso',
      phone: '+6281234567890',
      email: 'budi@majujaya.co.id',
      company: 'PT Maju Jaya',
      source: 'Instagram',
      message: 'We need a demo before June.\nPrefer WhatsApp.',
    });
    expect(result.submissionId).toBe('a3a12ec67a1365927098a606107fac15');
    expect(result.signature).toBe('not-configured');
  });

  it('handles missing optional answers, first/last name questions, an "other" choice, and falls back to event_id', async () => {
    const result = expectOk(await parseJson(fixtureBytes('typeform-minimal.json')));
    expect(result.fields).toEqual({ first_name: 'Siti', last_name: 'Rahayu', email: 'siti.rahayu@example.com', source: 'Podcast' });
    expect(result.submissionId).toBe('01HZ9A0B1C2D3E4F5G6H7J8K9M');
  });

  it('uses hidden fields when no answer gave the field', async () => {
    const body = {
      event_id: 'E1',
      event_type: 'form_response',
      form_response: {
        token: 'tok-1',
        hidden: { utm_source: 'tiktok', name: 'Prefilled Name', email: 'not-an-email' },
        definition: { fields: [{ id: 'p', ref: 'p', type: 'phone_number', title: 'Phone' }] },
        answers: [{ type: 'phone_number', phone_number: '+628111', field: { id: 'p', type: 'phone_number', ref: 'p' } }],
      },
    };
    expect(expectOk(await parseJson(body)).fields).toEqual({ name: 'Prefilled Name', phone: '+628111', source: 'tiktok' });
  });

  it('ignores a yes/no question that mentions email and junk answer shapes', async () => {
    const body = {
      event_id: 'E2',
      event_type: 'form_response',
      form_response: {
        definition: { fields: [{ id: 'y', title: 'Can we email you?' }, { id: 'n', title: 'Your name' }, { id: 'e', title: 'Email' }] },
        answers: [
          { type: 'boolean', boolean: true, field: { id: 'y', type: 'yes_no' } },
          { type: 'text', text: { nested: 'object' }, field: { id: 'n', type: 'short_text' } },
          'junk',
          null,
          { type: 'email', email: 'a@b.co', field: { id: 'e', type: 'email' } },
        ],
      },
    };
    const result = expectOk(await parseJson(body));
    expect(result.fields).toEqual({ email: 'a@b.co' });
    expect(result.submissionId).toBe('E2');
  });

  describe('Typeform-Signature', () => {
    const body = fixtureBytes('typeform-lead.json');
    it('is valid when sha256=<base64 HMAC of the raw body> matches', async () => {
      const headers = { 'typeform-signature': `sha256=${hmacBase64(SECRET, body)}` };
      expect(expectOk(await parseJson(body, { headers, secrets: { typeformSecret: SECRET } })).signature).toBe('valid');
    });
    it('finds the header whatever its case', async () => {
      const headers = { 'Typeform-Signature': `sha256=${hmacBase64(SECRET, body)}` };
      expect(expectOk(await parseJson(body, { headers, secrets: { typeformSecret: SECRET } })).signature).toBe('valid');
    });
    it('is invalid with another secret, without the prefix, or over other bytes', async () => {
      const secrets = { typeformSecret: SECRET };
      expect(expectOk(await parseJson(body, { headers: { 'typeform-signature': `sha256=${hmacBase64('other', body)}` }, secrets })).signature).toBe('invalid');
      expect(expectOk(await parseJson(body, { headers: { 'typeform-signature': hmacBase64(SECRET, body) }, secrets })).signature).toBe('invalid');
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
      expect(expectOk(await parseJson(reserialised, { headers: { 'typeform-signature': `sha256=${hmacBase64(SECRET, body)}` }, secrets })).signature).toBe('invalid');
    });
    it('is absent when the secret is configured and no header came', async () => {
      expect(expectOk(await parseJson(body, { secrets: { typeformSecret: SECRET } })).signature).toBe('absent');
    });
    it('is not-configured without a secret, even with a header', async () => {
      const headers = { 'typeform-signature': `sha256=${hmacBase64(SECRET, body)}` };
      expect(expectOk(await parseJson(body, { headers })).signature).toBe('not-configured');
      expect(expectOk(await parseJson(body, { headers, secrets: { typeformSecret: '' } })).signature).toBe('not-configured');
    });
    it('does not accept the Tally secret or header for a Typeform payload', async () => {
      const headers = { 'tally-signature': hmacBase64('tally', body) };
      expect(expectOk(await parseJson(body, { headers, secrets: { tallySigningSecret: 'tally', typeformSecret: SECRET } })).signature).toBe('absent');
    });
  });

  it('is detected by ?source=typeform too, and a non-Typeform body then is a 400', async () => {
    const viaQuery = await parseSubmission(submission('application/json', fixtureBytes('typeform-lead.json'), { query: 'source=typeform&token=abc' }), {});
    expect(expectOk(viaQuery).provider).toBe('typeform');
    const wrong = await parseSubmission(submission('application/json', '{"name":"x"}', { query: 'source=typeform' }), {});
    expect(wrong).toMatchObject({ ok: false, status: 400, error: 'not a Typeform payload' });
  });
});
