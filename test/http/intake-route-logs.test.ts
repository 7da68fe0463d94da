import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createIntakeHandler } from '../../src/http/intake-route.ts';
import { createLogger } from '../../src/log.ts';
import { memoryContext, rep } from '../support/use-case-context.ts';

const TOKEN = 'intake-token-0123456789';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** The intake route on a real HTTP server, its logs captured line by line at info level. */
async function intakeServer(): Promise<{ url: string; lines: string[] }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { ctx } = memoryContext([rep('UA')]);
  const handler = createIntakeHandler({ ...ctx, log: createLogger('info', sink) }, { intakeToken: TOKEN, providerSecrets: {} });
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/lead`, lines };
}

async function post(url: string, contentType: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('intake route logs: a refused lead leaves no phone or email in clear', () => {
  it.each([
    ['a short phone and a broken email', 'application/json', JSON.stringify({ name: 'Budi', phone: '0812', email: 'budi.santoso at example' }), ['0812', 'budi.santoso at example']],
    ['a body that is not JSON (the parser quotes it)', 'application/json', 'budi.santoso@example.com 0812-3456-7890', ['budi.s', '0812']],
    ['a Jotform rawRequest that is not JSON', 'application/x-www-form-urlencoded', new URLSearchParams({ submissionID: '1', rawRequest: 'budi.santoso@example.com' }).toString() + '&source=jotform', ['budi.s']],
  ])('%s', async (_label, contentType, body, secrets) => {
    const { url, lines } = await intakeServer();
    const { status } = await post(contentType.includes('urlencoded') ? `${url}?source=jotform` : url, contentType, body);
    expect(status).toBe(400);
    const logged = lines.join('');
    expect(logged).toContain('intake: ');
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });

  it('good contacts but no name: accepted (201, issue 13), and still nothing in clear in the logs', async () => {
    const { url, lines } = await intakeServer();
    const { status, json } = await post(url, 'application/json', JSON.stringify({ phone: '0812-3456-7890', email: 'budi.santoso@example.com' }));
    expect(status).toBe(201);
    expect(json.warnings).toEqual([expect.stringContaining('name')]);
    const logged = lines.join('');
    for (const secret of ['0812-3456-7890', '081234567890', '6281234567890', 'budi.santoso@example.com']) expect(logged).not.toContain(secret);
  });

  it('the sender is still told what was wrong, with the value it sent', async () => {
    const { url } = await intakeServer();
    const { json } = await post(url, 'application/json', JSON.stringify({ name: 'Budi', phone: '0812', email: 'nope' }));
    expect(json).toEqual({
      error: 'invalid lead',
      details: [
        { field: 'email', problem: 'is not an email address', sent: 'nope' },
        { field: 'phone', problem: 'has fewer than 5 digits', sent: '0812' },
      ],
    });
  });

  it('the log says which fields were wrong and shows the contacts masked', async () => {
    const { url, lines } = await intakeServer();
    await post(url, 'application/json', JSON.stringify({ name: 'Budi', phone: '0812', email: 'budi.santoso at example' }));
    const line = lines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry['msg'] === 'intake: invalid lead');
    expect(line).toMatchObject({ problems: [{ field: 'email', problem: 'is not an email address' }, { field: 'phone', problem: 'has fewer than 5 digits' }], phone: '****', email: '***' });
  });
});
