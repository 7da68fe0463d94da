import { invalidArgument } from './errors.ts';
import type { DateTimeRenderOption, RenderOptions, ValueInputOption, ValueRenderOption } from './cell-codec.ts';

/** Standard Google API system parameters: accepted on every method and otherwise ignored. */
const SYSTEM_PARAMS = new Set([
  'key',
  'fields',
  'alt',
  'prettyPrint',
  'quotaUser',
  'access_token',
  'oauth_token',
  'callback',
  'upload_protocol',
  'uploadType',
  '$.xgafv',
  'userIp',
]);

/** Google rejects query parameters the method does not declare; so do we, to catch typos early. */
export function checkQuery(query: URLSearchParams, allowed: readonly string[]): void {
  for (const name of query.keys()) {
    if (SYSTEM_PARAMS.has(name) || allowed.includes(name)) continue;
    throw invalidArgument(
      `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
    );
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function badEnum(path: string, typeName: string, value: unknown): Error {
  return invalidArgument(
    `Invalid value at '${path}' (type.googleapis.com/google.apps.sheets.v4.${typeName}), ${JSON.stringify(value)}`,
  );
}

/** Parses an enum given either as a query parameter (string) or as a JSON body field. */
export function enumValue<T extends string>(
  raw: unknown,
  path: string,
  typeName: string,
  values: readonly T[],
): T | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
  throw badEnum(path, typeName, raw);
}

export function queryEnum<T extends string>(
  query: URLSearchParams,
  name: string,
  typeName: string,
  values: readonly T[],
): T | undefined {
  return enumValue(query.get(name) ?? undefined, snake(name), typeName, values);
}

export const VALUE_INPUT = ['RAW', 'USER_ENTERED'] as const;
export const VALUE_RENDER = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const;
export const DATE_RENDER = ['SERIAL_NUMBER', 'FORMATTED_STRING'] as const;
export const DIMENSIONS = ['ROWS', 'COLUMNS'] as const;
export const INSERT_DATA = ['OVERWRITE', 'INSERT_ROWS'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function requiredValueInput(query: URLSearchParams): ValueInputOption {
  const option = queryEnum(query, 'valueInputOption', 'ValueInputOption', VALUE_INPUT);
  if (!option) throw invalidArgument("'valueInputOption' is required but not specified");
  return option;
}

export function queryRender(query: URLSearchParams, valueName: string, dateName: string): RenderOptions {
  const value: ValueRenderOption =
    queryEnum(query, valueName, 'ValueRenderOption', VALUE_RENDER) ?? 'FORMATTED_VALUE';
  const dateTime: DateTimeRenderOption =
    queryEnum(query, dateName, 'DateTimeRenderOption', DATE_RENDER) ?? 'SERIAL_NUMBER';
  return { value, dateTime };
}

export function queryBool(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  throw invalidArgument(`Invalid value at '${snake(name)}' (TYPE_BOOL), "${raw}"`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Body objects must only carry fields the message declares (the real API rejects the rest). */
export function checkKeys(obj: unknown, allowed: readonly string[], at?: string): Record<string, unknown> {
  if (obj === undefined || obj === null) return {};
  if (!isObject(obj)) {
    const where = at ? ` at '${at}'` : '';
    throw invalidArgument(`Invalid JSON payload received. Expected an object${where}.`);
  }
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const where = at ? ` at '${at}'` : '';
    throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}"${where}: Cannot find field.`);
  }
  return obj;
}
