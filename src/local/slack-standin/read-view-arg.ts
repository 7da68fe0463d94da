import { SlackApiError } from './errors.ts';

/**
 * A views.* call's `view` argument (JSON text or an object) as an object of the one type the
 * method takes, refused the way Slack refuses it; the method checks the rest.
 */
export function readViewArg(raw: unknown, type: 'modal' | 'home', method: string): Record<string, unknown> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] failed to parse view'] } });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SlackApiError('invalid_arguments');
  const view = value as Record<string, unknown>;
  if (view.type !== type) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${method} takes a view of type ${type}`] } });
  return view;
}
