import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sheets } from 'googleapis/build/src/apis/sheets/index.js';

/** An Output that keeps what was written. */
export function collect(): { write(text: string): void; text: () => string; lines: () => string[] } {
  let buffer = '';
  return {
    write(text: string) {
      buffer += text;
    },
    text: () => buffer,
    lines: () => buffer.split('\n').filter((line) => line !== ''),
  };
}

export const SERVICE_ACCOUNT = 'baton-bot@baton-project.iam.gserviceaccount.com';
/** A key whose only use here is naming the account in messages (the emulator needs no auth). */
export const SERVICE_ACCOUNT_JSON = JSON.stringify({ type: 'service_account', client_email: SERVICE_ACCOUNT, private_key: 'unused-with-an-emulator' });

export interface LocalServer {
  hostPort: string;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hostPort: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function denied(res: import('node:http').ServerResponse): void {
  res.writeHead(403, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } }));
}

/** What Google answers a service account the sheet was never shared with: 403 for everything. */
export function startForbiddenSheets(): Promise<LocalServer> {
  return listen(createServer((req, res) => req.resume().on('end', () => denied(res))));
}

/** A Viewer's view: reads pass through to the stand-in, every write gets 403. */
export function startReadOnlyProxy(targetHostPort: string): Promise<LocalServer> {
  const [host, port] = targetHostPort.split(':');
  return listen(
    createServer((req, res) => {
      if (req.method !== 'GET') {
        req.resume().on('end', () => denied(res));
        return;
      }
      const upstream = request({ host, port: Number(port), path: req.url, method: 'GET', headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }),
  );
}

export interface StoredSheet {
  title: string;
  frozenRowCount: number;
  validations: Array<{ startRowIndex: number; endRowIndex: number; startColumnIndex: number; endColumnIndex: number; rule: any }>;
}

/** The stand-in's persisted state: the only place its frozen rows and validation rules show. */
export function storedSheets(dataFile: string): Map<string, StoredSheet> {
  const state = JSON.parse(readFileSync(dataFile, 'utf8')) as { sheets: StoredSheet[] };
  return new Map(state.sheets.map((sheet) => [sheet.title, sheet]));
}

/** A googleapis client on the stand-in, for arranging a sheet the way an admin would. */
export function sheetsClient(hostPort: string) {
  return sheets({ version: 'v4', rootUrl: `http://${hostPort}/` });
}
