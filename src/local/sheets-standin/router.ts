import { batchUpdateValuesRoute, appendRoute, batchClearRoute, batchGetValues, clearRoute, getValues, updateValues } from './values-routes.ts';
import { spreadsheetBatchUpdate } from './batch-update.ts';
import type { RequestContext } from './context.ts';
import { ApiError, invalidArgument } from './errors.ts';
import { getSpreadsheet } from './spreadsheet-routes.ts';

export interface MatchedRoute {
  spreadsheetId: string;
  run(ctx: RequestContext): unknown;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidArgument(`Invalid URL encoding: ${segment}`);
  }
}

/**
 * Works on the raw (still percent-encoded) path: googleapis encodes ':' and '/' inside ids and
 * ranges, so a literal ':' marks a custom verb (":append", ":batchUpdate") and a literal '/'
 * separates segments. Decoding first would make "'a/b'!A1:append" ambiguous.
 */
export function matchRoute(method: string, rawPath: string): MatchedRoute | undefined {
  const parts = rawPath.replace(/^\/+/, '').split('/');
  if (parts[0] !== 'v4' || parts[1] !== 'spreadsheets' || parts[2] === undefined || parts[2] === '') return undefined;
  const idSeg = parts[2];
  const colon = idSeg.indexOf(':');
  const spreadsheetId = decode(colon === -1 ? idSeg : idSeg.slice(0, colon));
  const idVerb = colon === -1 ? undefined : idSeg.slice(colon + 1);
  const rest = parts.slice(3);
  const route = (run: (ctx: RequestContext) => unknown): MatchedRoute => ({ spreadsheetId, run });

  if (rest.length === 0) {
    if (method === 'GET' && idVerb === undefined) return route(getSpreadsheet);
    if (method === 'POST' && idVerb === 'batchUpdate') return route(spreadsheetBatchUpdate);
    return undefined;
  }
  if (idVerb !== undefined) return undefined;
  if (rest.length === 1) {
    if (method === 'GET' && rest[0] === 'values:batchGet') return route(batchGetValues);
    if (method === 'POST' && rest[0] === 'values:batchUpdate') return route(batchUpdateValuesRoute);
    if (method === 'POST' && rest[0] === 'values:batchClear') return route(batchClearRoute);
    return undefined;
  }
  if (rest[0] !== 'values') return undefined;
  let rawRange = rest.slice(1).join('/');
  if (method === 'GET') return route((ctx) => getValues(ctx, decode(rawRange)));
  if (method === 'PUT') return route((ctx) => updateValues(ctx, decode(rawRange)));
  if (method === 'POST') {
    for (const [verb, handler] of [
      [':append', appendRoute],
      [':clear', clearRoute],
    ] as const) {
      if (rawRange.endsWith(verb)) {
        rawRange = rawRange.slice(0, -verb.length);
        return route((ctx) => handler(ctx, decode(rawRange)));
      }
    }
  }
  return undefined;
}

export function unknownRoute(method: string, path: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `Method not found: ${method} ${path}`);
}
