/** Thrown by method handlers; the server answers HTTP 200 {ok:false, error, ...extra} as Slack does. */
export class SlackApiError extends Error {
  readonly error: string;
  readonly extra: Record<string, unknown>;

  constructor(error: string, extra: Record<string, unknown> = {}) {
    super(error);
    this.error = error;
    this.extra = extra;
  }

  body(): Record<string, unknown> {
    return { ok: false, error: this.error, ...this.extra };
  }
}

/** Slack explains argument problems in response_metadata.messages, "[ERROR] ..." lines. */
export function withMessages(error: string, messages: string[]): SlackApiError {
  return new SlackApiError(error, { response_metadata: { messages } });
}
