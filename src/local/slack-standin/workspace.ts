import type { StandinChannel, StandinMessage, StandinUser } from './types.ts';

export interface Identity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
}

export interface NewMessage {
  channel: string;
  recipient: string;
  text: string;
  blocks: unknown[];
  ephemeral: boolean;
  thread_ts?: string;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

export interface WorkspaceState {
  users: StandinUser[];
  dms: Array<[userId: string, channel: string]>;
  messages: StandinMessage[];
  lastMicros: number;
}

/** Users, conversations and messages of one fake workspace; no Slack rules live here. */
export class Workspace {
  readonly identity: Identity;
  private readonly userMap = new Map<string, StandinUser>();
  private readonly dmByUser = new Map<string, string>();
  private readonly userByDm = new Map<string, string>();
  private readonly channelMap = new Map<string, StandinChannel>();
  private readonly log: StandinMessage[] = [];
  private readonly listeners = new Set<() => void>();
  private lastMicros = 0;

  constructor(identity: Identity, users: StandinUser[], channels: StandinChannel[]) {
    this.identity = identity;
    // Real workspaces list the app's own bot user, so code filtering bots out gets exercised.
    this.userMap.set(identity.botUserId, { id: identity.botUserId, name: identity.botName, is_bot: true });
    for (const u of users) this.upsertUser(u);
    for (const c of channels) this.channelMap.set(c.id, { ...c });
  }

  users(): StandinUser[] {
    return [...this.userMap.values()].map(copy);
  }

  user(id: string): StandinUser | undefined {
    const u = this.userMap.get(id);
    return u ? copy(u) : undefined;
  }

  upsertUser(u: StandinUser): void {
    this.userMap.set(u.id, copy(u));
  }

  channel(id: string): StandinChannel | undefined {
    return this.channelMap.get(id);
  }

  dmOf(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  /** The user a D… conversation is with. */
  dmPartner(channelId: string): string | undefined {
    return this.userByDm.get(channelId);
  }

  /** Slack keeps one IM per user pair forever, so the id never changes once created. */
  openDm(userId: string): { id: string; created: boolean } {
    const existing = this.dmByUser.get(userId);
    if (existing) return { id: existing, created: false };
    const id = `D0${String(this.dmByUser.size + 1).padStart(9, '0')}`;
    this.dmByUser.set(userId, id);
    this.userByDm.set(id, userId);
    return { id, created: true };
  }

  /**
   * Slack ts values are "seconds.microseconds" and unique per channel; we keep them unique and
   * increasing across the workspace, bumping by a microsecond when the clock has not moved.
   */
  nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    const micros = this.lastMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, '0')}`;
  }

  post(m: NewMessage): StandinMessage {
    const message: StandinMessage = {
      channel: m.channel,
      ts: this.nextTs(),
      recipient: m.recipient,
      text: m.text,
      blocks: copy(m.blocks),
      ephemeral: m.ephemeral,
      postedAt: Date.now(),
      history: [],
    };
    if (m.thread_ts !== undefined) message.thread_ts = m.thread_ts;
    this.log.push(message);
    this.emit();
    return copy(message);
  }

  /** Ephemerals are not stored as conversation messages by Slack, so they cannot be found here. */
  find(channel: string, ts: string): StandinMessage | undefined {
    const m = this.log.find((x) => x.channel === channel && x.ts === ts && !x.ephemeral);
    return m ? copy(m) : undefined;
  }

  update(channel: string, ts: string, next: { text: string; blocks: unknown[] }): StandinMessage {
    const m = this.log.find((x) => x.channel === channel && x.ts === ts && !x.ephemeral);
    if (!m) throw new Error(`no message ${channel}/${ts}`);
    const at = Date.now();
    m.history.push({ text: m.text, blocks: m.blocks, at: m.updatedAt ?? m.postedAt });
    m.text = next.text;
    m.blocks = copy(next.blocks);
    m.updatedAt = at;
    this.emit();
    return copy(m);
  }

  messages(): StandinMessage[] {
    return this.log.map(copy);
  }

  inbox(userId: string): StandinMessage[] {
    const dm = this.dmByUser.get(userId);
    return this.log
      .filter((m) => (m.ephemeral ? m.recipient === userId : dm !== undefined && m.channel === dm))
      .map(copy);
  }

  /** Something outside the message log changed (a Home view): tell listeners. */
  touch(): void {
    this.emit();
  }

  /** Users, DMs and messages as plain data, for local mode to keep across restarts. */
  snapshot(): WorkspaceState {
    return { users: this.users(), dms: [...this.dmByUser.entries()], messages: this.messages(), lastMicros: this.lastMicros };
  }

  /** Puts back what `snapshot` returned (before anything else happened in this workspace). */
  restore(state: WorkspaceState): void {
    for (const user of state.users) if (!user.is_bot) this.upsertUser(user);
    for (const [userId, dm] of state.dms) {
      this.dmByUser.set(userId, dm);
      this.userByDm.set(dm, userId);
    }
    this.log.push(...state.messages.map(copy));
    this.lastMicros = Math.max(this.lastMicros, state.lastMicros);
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  offChange(listener: () => void): void {
    this.listeners.delete(listener);
  }

  private emit(): void {
    // A throwing UI listener must not turn a successful post into an HTTP error.
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        /* ignored on purpose */
      }
    }
  }
}
