import { accessEndedTopic, type AccessEndedEvent } from '../../pubsub/access';
import type { PubSub } from '../../pubsub/pubsub';

/** What a request needs of its session: who, which session, and until when. */
export interface CachedSession {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: Date;
}

/** Sessions kept per instance, least recently used out first. */
export const SESSION_CACHE_ENTRIES = 10_000;
/** How long a kept session answers without a statement: a backstop, ends are pushed (see `SessionCache`). */
export const SESSION_CACHE_TTL_MS = 60_000;

interface Entry {
  readonly hash: string;
  session: CachedSession;
  /** When a lookup made after this instance heard the user's access topic confirmed it (ms), else null: not answered from here yet. */
  confirmedAt: number | null;
  /** The pub/sub has acknowledged that this instance listens on the user's access topic. */
  heard: boolean;
  readonly generation: number;
}

/** What `begin` saw before a lookup, which `settle` needs to know whether the lookup may be trusted. */
export interface Lookup {
  readonly entry: Entry | undefined;
  readonly confirmable: boolean;
  readonly generation: number;
}

/**
 * This instance's sessions by token hash, so a request of a session seen lately costs no statement
 * (DESIGN §6: authorization changes are pushed, not polled). Correct because every end of a session
 * is pushed: a sign-out (or a password reset's revocations) publishes `SESSION_ENDED` on the user's
 * `accessEndedTopic`, which this instance listens on for every user it keeps a session of, and
 * which evicts that session at once; expiry is checked against the kept `expiresAt`.
 *
 * No end may slip through: a session is answered from here only once a lookup in the database that
 * STARTED after the pub/sub acknowledged the user's topic found it active (the first lookup of a
 * session on an instance keeps it unconfirmed and starts listening; the next confirms it). When the
 * pub/sub is away nothing is answered from here, and when it comes back after an outage (ends may
 * have been missed) everything kept is forgotten. A
 * kept session is asked again after SESSION_CACHE_TTL_MS anyway, and at most
 * SESSION_CACHE_ENTRIES are kept.
 *
 * Time is `now()` (ms): the database's own (real) time, as the lookup's `expires_at > now()` is, so
 * the kept answer and the database's never disagree (tests that move the app's clock by days keep
 * their sessions, as in the database).
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Per user, the hashes of its sessions kept here: an array (one or two, mostly; a Set costs 150 bytes even so), replaced rather than changed. */
  private readonly users = new Map<string, { hashes: string[]; unlisten: () => void }>();
  private generation = 0;

  constructor(
    private readonly pubsub: PubSub,
    private readonly now: () => number = Date.now,
    private readonly limits: { entries: number; ttlMs: number } = { entries: SESSION_CACHE_ENTRIES, ttlMs: SESSION_CACHE_TTL_MS },
  ) {
    pubsub.onResubscribed(() => this.clear());
  }

  /**
   * The kept session of `hash` (null: kept, and expired: refused), or undefined: ask the database.
   * Nothing is answered while the pub/sub is not connected (`PubSub.connected`): an end published
   * then never arrives, so every lookup goes to the database until it is back (and what was kept
   * is forgotten then).
   */
  answer(hash: string): CachedSession | null | undefined {
    if (!this.pubsub.connected) return undefined;
    const entry = this.entries.get(hash);
    if (!entry || entry.confirmedAt === null) return undefined;
    const now = this.now();
    if (now - entry.confirmedAt >= this.limits.ttlMs) return undefined;
    if (entry.session.expiresAt.getTime() <= now) {
      this.forget(hash);
      return null;
    }
    // Most recently used last: the first key is the one to drop.
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    return entry.session;
  }

  /** Call just before looking `hash` up in the database; hand the answer to `settle` with the lookup's result. */
  begin(hash: string): Lookup {
    const entry = this.entries.get(hash);
    return { entry, confirmable: this.pubsub.connected && entry?.heard === true && entry.generation === this.generation, generation: this.generation };
  }

  /** What the database answered for `hash` (null: no active session), looked up after `lookup` began. */
  settle(hash: string, lookup: Lookup, session: CachedSession | null): void {
    const entry = this.entries.get(hash);
    if (!session) {
      this.forget(hash);
      return;
    }
    if (entry) {
      // Evicted and kept again meanwhile, or kept before an outage's clear: not this lookup's to confirm.
      if (entry !== lookup.entry || !lookup.confirmable || lookup.generation !== this.generation) return;
      entry.session = session;
      entry.confirmedAt = this.now();
      return;
    }
    // Kept before this lookup and evicted while it ran (perhaps by its session's end): not kept again now.
    if (lookup.entry || lookup.generation !== this.generation) return;
    this.keep(hash, session);
  }

  /** Forgets everything kept (after a pub/sub outage) and stops listening. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    for (const user of this.users.values()) user.unlisten();
    this.users.clear();
  }

  /** How many sessions are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private keep(hash: string, session: CachedSession): void {
    const entry: Entry = { hash, session, confirmedAt: null, heard: false, generation: this.generation };
    this.entries.set(hash, entry);
    const topic = accessEndedTopic(session.userId);
    let user = this.users.get(session.userId);
    if (!user) {
      const kept: { hashes: string[]; unlisten: () => void } = { hashes: [], unlisten: () => undefined };
      kept.unlisten = this.pubsub.listen(topic, (event: AccessEndedEvent) => {
        if (event.type !== 'SESSION_ENDED') return;
        for (const each of kept.hashes) if (this.entries.get(each)?.session.id === event.sessionId) this.forget(each);
      });
      user = kept;
      this.users.set(session.userId, user);
    }
    if (!user.hashes.includes(hash)) user.hashes = user.hashes.concat(hash);
    // Heard only if still connected once the topic is listened to (`listening` resolves at once while the pub/sub is away).
    void this.pubsub.listening(topic).then(() => {
      if (this.pubsub.connected) entry.heard = true;
    });
    if (this.entries.size > this.limits.entries) this.forget(this.entries.keys().next().value as string);
  }

  private forget(hash: string): void {
    const entry = this.entries.get(hash);
    if (!entry) return;
    this.entries.delete(hash);
    const userId = entry.session.userId;
    const user = this.users.get(userId);
    if (!user) return;
    const index = user.hashes.indexOf(hash);
    if (index !== -1) user.hashes = user.hashes.toSpliced(index, 1);
    if (user.hashes.length > 0) return;
    this.users.delete(userId);
    user.unlisten();
  }
}
