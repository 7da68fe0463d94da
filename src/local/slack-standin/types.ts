export interface StandinUser {
  id: string;
  name: string;
  real_name?: string;
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
  email?: string;
}

/** A public or private channel the bot is a member of (messages to any other C… id fail). */
export interface StandinChannel {
  id: string;
  name: string;
}

export interface SlackStandinOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** The only token accepted; default 'xoxb-local'. */
  botToken?: string;
  /** Granted scopes, sent in x-oauth-scopes; methods needing a missing one answer missing_scope. */
  scopes?: string[];
  users?: StandinUser[];
  channels?: StandinChannel[];
  latencyMs?: number;
  teamId?: string;
  botUserId?: string;
  /** Keep users, DMs, messages and Home views in this file across restarts (local mode's DATA_DIR). */
  dataFile?: string;
}

export interface StandinMessage {
  channel: string;
  ts: string;
  /** The user the DM is with, or the viewer of an ephemeral; '' for a normal message in a C… channel. */
  recipient: string;
  text: string;
  blocks: unknown[];
  ephemeral: boolean;
  thread_ts?: string;
  postedAt: number;
  updatedAt?: number;
  /** Earlier versions, oldest first; the current one is text/blocks. */
  history: Array<{ text: string; blocks: unknown[]; at: number }>;
}

export interface StandinCall {
  method: string;
  /** Arguments as the server decoded them, without the token. */
  args: Record<string, unknown>;
  at: number;
  ok: boolean;
  error?: string;
  /** HTTP status sent (200 for ok:false platform errors too). */
  status: number;
}

export type InjectedFailure =
  | { rateLimited: { retryAfterSeconds: number } }
  | { error: string }
  | { status: 500 | 503 };

export interface StandinFaults {
  latencyMs: number;
  /** The next n calls of `method` ('*' = any method) fail this way instead of running. */
  failNext(method: string, n: number, failure: InjectedFailure): void;
  /** While on, every call answers ok:false token_revoked. */
  revokeToken(on: boolean): void;
  clear(): void;
}

export interface SlackStandin {
  /** Pass as slackApiUrl. */
  url: string;
  stop(): Promise<void>;
  users(): StandinUser[];
  upsertUser(u: StandinUser): void;
  messages(): StandinMessage[];
  inbox(userId: string): StandinMessage[];
  calls: StandinCall[];
  callCount(method?: string): number;
  faults: StandinFaults;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
  /** Modals opened with views.open, oldest first, with the trigger_id that opened each. */
  modals(): Array<{ id: string; triggerId: string; view: { type: string; blocks: unknown[]; [key: string]: unknown } }>;
  /** The Home tab view last published for a user (views.publish), if any. */
  homeView(userId: string): { type: string; blocks: unknown[] } | undefined;
  /**
   * A response_url on this stand-in for a slash command or interaction by `userId` in `channel`:
   * what is POSTed to it lands in the user's inbox as Slack shows it (ephemeral unless in_channel).
   */
  responseUrl(userId: string, channel: string): string;
}
