import { describe, expect, it } from 'vitest';
import { parseSubmission, queryToken, type ProviderParse } from '../../src/http/providers/index.ts';
import { parseJson, submission } from './helpers.ts';

/** Resolves to the parse; a throw or a rejected promise fails the test. */
async function neverThrows(run: () => Promise<ProviderParse>): Promise<ProviderParse> {
  let result: ProviderParse | undefined;
  await expect(
    (async () => {
      result = await run();
    })(),
  ).resolves.toBeUndefined();
  return result!;
}

describe('hostile and malformed input', () => {
  it('malformed JSON is a 400 with the parser message', async () => {
    const result = await parseJson('{"name": "x",');
    expect(result).toMatchObject({ ok: false, status: 400, error: 'invalid JSON' });
    expect(!result.ok && result.details.length).toBeGreaterThan(0);
  });

  it.each(['[1,2]', '"text"', '42', 'null', 'true'])('non-object JSON %s is a 400', async (text) => {
    expect(await parseJson(text)).toMatchObject({ ok: false, status: 400, error: 'invalid lead' });
  });

  it('unsupported or missing content types are a 415 naming the accepted ones', async () => {
    for (const type of ['text/plain', undefined, 'application/xml', '']) {
      const result = await parseSubmission(submission(type, '{"name":"x"}'), {});
      expect(result).toMatchObject({ ok: false, status: 415, error: 'unsupported content type' });
      expect(!result.ok && result.details).toContain('application/json, application/x-www-form-urlencoded, multipart/form-data');
    }
  });

  it('deeply nested arrays and objects (64 KiB) are refused or ignored, never a throw', async () => {
    const depth = 30_000;
    const arrays = `{"name": ${'['.repeat(depth)}"x"${']'.repeat(depth)}, "phone": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const result = await neverThrows(() => parseJson(arrays, { fieldMap: { email: 'name.0.0.0.0.0' } }));
    expect(result).toMatchObject({ ok: true, fields: {} });
    const objects = `{"form_response": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}, "event_type": "form_response"}`;
    expect(await neverThrows(() => parseJson(objects))).toMatchObject({ ok: true, provider: 'typeform', fields: {} });
    const answers = { event_type: 'form_response', form_response: { answers: Array.from({ length: 5000 }, () => ({ type: 'choice', choice: [[[[[]]]]] })) } };
    expect(await neverThrows(() => parseJson(answers))).toMatchObject({ ok: true, fields: {} });
  });

  it('__proto__ / constructor keys never pollute or leak into fields', async () => {
    const texts = [
      '{"__proto__": {"polluted": true}, "name": "A", "constructor": {"prototype": {"x": 1}}}',
      '{"event_type": "form_response", "form_response": {"__proto__": {"answers": []}, "hidden": {"__proto__": "x", "constructor": "y", "name": "A"}}}',
      '{"eventType": "FORM_RESPONSE", "data": {"fields": [{"label": "__proto__", "type": "INPUT_TEXT", "value": "x"}, {"label": "Name", "type": "INPUT_TEXT", "value": "A"}]}}',
      '{"source": "google-forms", "answers": {"__proto__": "x", "Name": "A"}}',
      '{"triggerType": "form_submission", "payload": {"data": {"__proto__": {"name": "x"}, "name": "A"}}}',
      '{"hs_object_id": "1", "__proto__": {"firstname": "x"}, "firstname": "A"}',
    ];
    for (const text of texts) {
      const result = await neverThrows(() => parseJson(text));
      expect(result.ok, text).toBe(true);
      if (result.ok) {
        expect(Object.keys(result.fields).every((key) => ['name', 'first_name', 'last_name', 'phone', 'email', 'company', 'source', 'message'].includes(key)), text).toBe(true);
        expect(result.fields['name'] ?? result.fields['first_name'], text).toBe('A');
      }
    }
    const form = await neverThrows(() => parseSubmission(submission('application/x-www-form-urlencoded', '__proto__=x&constructor=y&name=A'), {}));
    expect(form).toMatchObject({ ok: true, fields: { name: 'A' } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('wrong types in every provider are ignored, not thrown on', async () => {
    const bodies: object[] = [
      { event_type: 'form_response', form_response: { answers: 'nope', definition: { fields: 7 }, hidden: [1, 2], token: { x: 1 } }, event_id: 42 },
      { eventType: 'FORM_RESPONSE', data: { fields: [1, null, 'x', { label: 5, type: {}, value: { deep: [1] } }, { type: 'MULTIPLE_CHOICE', label: 'Source', value: [{}], options: 'no' }] } },
      { source: 'google-forms', answers: { Name: { first: 'x' }, Email: 12, Phone: null } },
      { triggerType: 'form_submission', payload: { data: { Name: ['a', ['b']], Email: {} }, schema: [null, { fieldName: 1 }], id: [] } },
      { _id: 'x', site: 's', data: { name: null } },
      { objectId: { a: 1 }, properties: { firstname: { value: { nested: true } }, email: [{}], phone: { versions: [] } } },
      { rawRequest: 12, submissionID: 'x' },
      { rawRequest: { q1_name: [[['deep']]], q2_email: { full: { full: { full: 'x@y.z' } } } } },
      { name: { first: 'x' }, phone: [[1]], email: ['a@b.co'], submission_id: { id: 1 } },
    ];
    for (const body of bodies) {
      const result = await neverThrows(() => parseJson(body));
      if (result.ok) {
        for (const value of Object.values(result.fields)) expect(typeof value, JSON.stringify(body)).toBe('string');
        if (result.submissionId !== undefined) expect(typeof result.submissionId).toBe('string');
      } else {
        expect(result.status).toBe(400);
      }
    }
  });

  it('a random byte soup in every content type never throws', async () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 200; i += 1) {
      const bytes = Buffer.from(Array.from({ length: next() % 400 }, () => next() % 256));
      for (const type of ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=a', 'multipart/form-data; boundary=--']) {
        await neverThrows(() => parseSubmission(submission(type, bytes, { query: i % 2 ? 'source=jotform' : '' }), { typeformSecret: 's', tallySigningSecret: 't' }, { name: 'a.b.c' }));
      }
    }
  });
});

describe('queryToken', () => {
  it('reads ?token=, trimmed; absent or blank is undefined', async () => {
    expect(queryToken(new URLSearchParams('source=typeform&token=abc123'))).toBe('abc123');
    expect(queryToken(new URLSearchParams('token=%20abc%20'))).toBe('abc');
    expect(queryToken(new URLSearchParams('token='))).toBeUndefined();
    expect(queryToken(new URLSearchParams('source=x'))).toBeUndefined();
  });
});
