import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond.ts';

export function healthHandler(_req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { ok: true });
}
