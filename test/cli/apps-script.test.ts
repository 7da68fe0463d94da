import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGoogleForms, isGoogleForms } from '../../src/http/providers/google-forms.ts';

/**
 * sheets-templates/google-forms-apps-script.gs run in a fake Apps Script runtime: FormApp,
 * PropertiesService, UrlFetchApp and Utilities are stand-ins that record what the script does.
 */
const SOURCE = readFileSync(new URL('../../sheets-templates/google-forms-apps-script.gs', import.meta.url), 'utf8');

const ITEM_TYPES = { TEXT: 'TEXT', CHECKBOX: 'CHECKBOX', GRID: 'GRID', CHECKBOX_GRID: 'CHECKBOX_GRID', FILE_UPLOAD: 'FILE_UPLOAD' };

type Answer = { code: number; body?: string } | Error;

function runtime(answers: Answer[], properties: Record<string, string> = { BATON_URL: 'https://baton.example.com/', BATON_TOKEN: 'tok-123' }) {
  const fetches: Array<{ url: string; options: any }> = [];
  const sleeps: number[] = [];
  const ItemType = ITEM_TYPES;
  const globals = {
    FormApp: { ItemType, getActiveForm: () => undefined },
    PropertiesService: { getScriptProperties: () => ({ getProperty: (key: string) => properties[key] ?? null }) },
    UrlFetchApp: {
      fetch(url: string, options: unknown) {
        fetches.push({ url, options });
        const answer = answers.shift() ?? { code: 201 };
        if (answer instanceof Error) throw answer;
        return { getResponseCode: () => answer.code, getContentText: () => answer.body ?? '{}' };
      },
    },
    Utilities: { sleep: (ms: number) => sleeps.push(ms) },
    console: { log: () => undefined, warn: () => undefined },
  };
  const names = Object.keys(globals);
  const script = new Function(...names, `${SOURCE}\nreturn { onFormSubmit, testBaton };`)(...Object.values(globals)) as {
    onFormSubmit: (e: unknown) => void;
    testBaton: () => void;
  };
  return { script, fetches, sleeps, ItemType };
}

function event(ItemType: typeof ITEM_TYPES) {
  const item = (title: string, type: string, response: unknown) => ({ getItem: () => ({ getTitle: () => title, getType: () => type }), getResponse: () => response });
  return {
    source: { getId: () => 'form-1', getTitle: () => 'Contact us' },
    response: {
      getId: () => '2_ABaOnudAbc',
      getTimestamp: () => new Date('2024-05-01T10:00:00.000Z'),
      getRespondentEmail: () => '',
      getItemResponses: () => [
        item('Full name', ItemType.TEXT, 'Budi Santoso'),
        item('Phone / WhatsApp', ItemType.TEXT, '0812-3456-7890'),
        item('Email', ItemType.TEXT, 'budi@example.com'),
        item('How did you hear about us?', ItemType.CHECKBOX, ['Instagram', 'Friend']),
        item('Rate us', ItemType.GRID, ['Good', 'Bad']),
        item('Left empty', ItemType.TEXT, ''),
      ],
    },
  };
}

describe('google-forms-apps-script.gs', () => {
  it('posts the shape the Google Forms adapter reads, with the token in Authorization', () => {
    const { script, fetches, ItemType } = runtime([{ code: 201 }]);
    script.onFormSubmit(event(ItemType));
    expect(fetches).toHaveLength(1);
    const [{ url, options }] = fetches as [{ url: string; options: any }];
    expect(url).toBe('https://baton.example.com/webhooks/lead?source=google-forms');
    expect(options).toMatchObject({ method: 'post', contentType: 'application/json', muteHttpExceptions: true, headers: { Authorization: 'Bearer tok-123' } });
    const body = JSON.parse(options.payload);
    expect(body).toEqual({
      source: 'google-forms',
      responseId: '2_ABaOnudAbc',
      formId: 'form-1',
      formTitle: 'Contact us',
      submittedAt: '2024-05-01T10:00:00.000Z',
      answers: { 'Full name': 'Budi Santoso', 'Phone / WhatsApp': '0812-3456-7890', Email: 'budi@example.com', 'How did you hear about us?': ['Instagram', 'Friend'] },
    });
    expect(isGoogleForms(body)).toBe(true);
    const result = fromGoogleForms(body);
    expect(result).toMatchObject({ ok: true, submissionId: '2_ABaOnudAbc' });
    expect(result.ok && result.fields).toMatchObject({ name: 'Budi Santoso', phone: '0812-3456-7890', email: 'budi@example.com' });
  });

  it('retries network errors, 429 and 5xx, then stops at success', () => {
    const { script, fetches, sleeps, ItemType } = runtime([new Error('DNS error'), { code: 503 }, { code: 200, body: '{"duplicate":true}' }]);
    script.onFormSubmit(event(ItemType));
    expect(fetches).toHaveLength(3);
    expect(sleeps).toEqual([2000, 4000]);
  });

  it('does not retry a refusal (401) and throws so Google tells the trigger owner', () => {
    const { script, fetches, ItemType } = runtime([{ code: 401, body: '{"error":"unauthorized"}' }]);
    expect(() => script.onFormSubmit(event(ItemType))).toThrow(/refused response 2_ABaOnudAbc \(HTTP 401/);
    expect(fetches).toHaveLength(1);
  });

  it('throws after three failed attempts', () => {
    const { script, fetches, ItemType } = runtime([{ code: 500 }, { code: 502 }, { code: 503 }]);
    expect(() => script.onFormSubmit(event(ItemType))).toThrow(/after 3 attempts \(HTTP 503/);
    expect(fetches).toHaveLength(3);
  });

  it('says which Script Properties to set, and keeps a full webhook URL as given', () => {
    expect(() => runtime([], {}).script.onFormSubmit(event(ITEM_TYPES))).toThrow(/BATON_URL and BATON_TOKEN/);
    const { script, fetches } = runtime([{ code: 201 }], { BATON_URL: 'https://h.example/webhooks/lead?source=google-forms&x=1', BATON_TOKEN: 't' });
    script.testBaton();
    expect(fetches[0]?.url).toBe('https://h.example/webhooks/lead?source=google-forms&x=1');
  });
});
