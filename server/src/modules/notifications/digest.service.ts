import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { badInput } from '../../errors';
import { toGlobalId } from '../../db/ids';
import type { Infrastructure } from '../../infrastructure';
import type { JobQueue } from '../../jobs/queue';
import { composeMail, type MailSection } from '../../mail/compose';
import type { Mailer } from '../../mail/mailer';
import { DEFAULT_EMAIL_DIGEST, PREFERENCE_KINDS, preferenceKindOf, wantsDigestSql, type PreferenceKind } from './notification-preferences';
import { recipientSql } from './notifications.policy';

/** A notification waits this long unread before it brings a digest (issue 15). */
export const DIGEST_DELAY_MS = 15 * 60 * 1000;

/** How long the unsubscribe link of a digest works: 90 days. */
export const UNSUBSCRIBE_TOKEN_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

/** At most this many users' digests are queued by one sweep; the next sweep, a minute later, takes the rest. */
const SWEEP_BATCH = 500;

/** Every minute, once across every instance: finds who is owed a digest and queues one job per user. */
export const DIGEST_SWEEP_JOB = { name: 'notifications.digest-sweep', retry: { retryLimit: 2, retryDelaySeconds: 10 } };
/** One user's digest: claims their unmailed unread notifications and mails them in one mail. */
export const DIGEST_JOB = { name: 'notifications.digest-mail', policy: 'stately', retry: { retryLimit: 5, retryDelaySeconds: 30 } } as const;

export interface NotificationPreference {
  kind: PreferenceKind;
  emailDigest: boolean;
}

interface Claimed {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Dates in digests: the day, in UTC (the mail does not know the reader's time zone), e.g. "3 December 2026". */
const day = (iso: unknown): string =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : 'soon';

/** Words for the listing notifications, from the listing's current end (ISO 8601) rather than a summary. */
const LISTING_SUMMARIES: Record<string, (currentEnd: string) => string> = {
  LISTING_EXPIRING: (currentEnd) => `Its posting runs out on ${day(currentEnd)} (UTC): renew it to keep it in the catalogue`,
  LISTING_EXPIRED: () => 'Its posting ran out and it left the catalogue: renew it to publish it again',
};

/** Collapses every run of white space (newlines included) in user-written text to one space. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Mail digests of unread notifications, the preferences that choose them, and the one-click
 * unsubscribe of RFC 8058.
 *
 * A user is owed a digest once one of their notifications has been unread for 15 minutes
 * (`DIGEST_DELAY_MS`, measured on the injected clock) without being in a digest yet, counted from
 * its first unmailed occurrence (`pending_since`), not from its latest refresh: a conversation the
 * other person keeps writing in is mailed 15 minutes after its first unread message. The digest
 * then lists every unread notification not mailed before, the young ones too, so a burst of
 * messages makes one mail, grouped by conversation, contract and gig. Only notifications of kinds
 * the user wants (`notification_preferences`, default on) and only to a verified address (an
 * unverified one may belong to someone else). Each notification is mailed once
 * (`notifications.digested_at`); a collapsed one refreshed by a new occurrence may be mailed again.
 */
export class DigestService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {
    jobs.define<object>({ ...DIGEST_SWEEP_JOB, handle: async () => void (await this.sweep()) });
    jobs.define<{ userId: string }>({ ...DIGEST_JOB, handle: ({ userId }) => this.sendDigest(userId) });
    jobs.schedule(DIGEST_SWEEP_JOB, '* * * * *');
  }

  /** The user's preference for every kind, in `PREFERENCE_KINDS` order (the default where they never chose). */
  async preferences(userId: string): Promise<NotificationPreference[]> {
    const rows = (await this.deps.ds.query(`SELECT kind, email_digest AS "emailDigest" FROM notification_preferences WHERE user_id = $1`, [userId])) as Array<{
      kind: PreferenceKind;
      emailDigest: boolean;
    }>;
    const chosen = new Map(rows.map((row) => [row.kind, row.emailDigest]));
    return PREFERENCE_KINDS.map((kind) => ({ kind, emailDigest: chosen.get(kind) ?? DEFAULT_EMAIL_DIGEST }));
  }

  /**
   * Sets the listed kinds (others stay as they are) in one statement, and answers every kind. A
   * kind listed twice is BAD_USER_INPUT on `preferences.N.kind` (its second place).
   */
  async updatePreferences(userId: string, changes: NotificationPreference[]): Promise<NotificationPreference[]> {
    const seen = new Set<string>();
    changes.forEach((change, index) => {
      if (seen.has(change.kind)) throw badInput({ [`preferences.${index}.kind`]: `lists ${change.kind} a second time` });
      seen.add(change.kind);
    });
    if (changes.length > 0) {
      await this.deps.ds.query(
        `INSERT INTO notification_preferences (user_id, kind, email_digest, updated_at)
         SELECT $1, kind, email_digest, $4 FROM unnest($2::text[], $3::boolean[]) AS c(kind, email_digest)
         ON CONFLICT (user_id, kind) DO UPDATE SET email_digest = EXCLUDED.email_digest, updated_at = EXCLUDED.updated_at`,
        [userId, changes.map((c) => c.kind), changes.map((c) => c.emailDigest), this.clock.now()],
      );
    }
    return this.preferences(userId);
  }

  /**
   * One-click unsubscribe with the token of a digest's link: turns off the digests the token is
   * for (one kind, or every kind). Idempotent: a token that already did answers true again. False
   * for a token that is unknown or over 90 days old (nothing changes).
   */
  async unsubscribe(token: string): Promise<boolean> {
    if (token.length === 0 || token.length > 200) return false;
    const [row] = (await this.deps.ds.query(
      `WITH t AS (
         SELECT user_id, kind FROM digest_unsubscribe_tokens WHERE token_hash = $1 AND expires_at > $2
       ), k AS (
         SELECT t.user_id, coalesce(t.kind, all_kinds.kind) AS kind FROM t
           LEFT JOIN unnest($3::text[]) AS all_kinds(kind) ON t.kind IS NULL
       ), done AS (
         INSERT INTO notification_preferences (user_id, kind, email_digest, updated_at)
         SELECT user_id, kind, false, $2 FROM k
         ON CONFLICT (user_id, kind) DO UPDATE SET email_digest = false, updated_at = EXCLUDED.updated_at
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM t)::int AS found`,
      [hashToken(token), this.clock.now(), [...PREFERENCE_KINDS]],
    )) as Array<{ found: number }>;
    // PostgreSQL runs a data-modifying WITH part whether or not the answer reads it.
    return row.found > 0;
  }

  /**
   * The sweep: queues a digest job for each user (up to `SWEEP_BATCH`) with a notification unread
   * for `DIGEST_DELAY_MS`, not mailed, of a kind they want, at a verified address; drops expired
   * unsubscribe tokens. Answers how many were queued.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    await this.deps.ds.query(`DELETE FROM digest_unsubscribe_tokens WHERE expires_at <= $1`, [now]);
    const rows = (await this.deps.ds.query(
      `SELECT DISTINCT n.user_id AS "userId"
         FROM notifications n JOIN users u ON u.id = n.user_id AND u.email_verified_at IS NOT NULL
        WHERE n.read_at IS NULL AND n.digested_at IS NULL AND n.pending_since <= $1 AND ${wantsDigestSql('n.user_id', 'n.kind')}
        LIMIT ${SWEEP_BATCH}`,
      [new Date(now.getTime() - DIGEST_DELAY_MS)],
    )) as Array<{ userId: string }>;
    // A job per user: one user's refused delivery retries alone. The queue is `stately` by user, so
    // a user whose digest waits or is being retried is not queued again every minute; a job that
    // runs anyway after another finds everything claimed and sends nothing.
    for (const { userId } of rows) await this.jobs.send(DIGEST_JOB, { userId }, { singletonKey: userId });
    return rows.length;
  }

  /**
   * One user's digest. Claims (one statement, committed before the mail leaves, so a slow mail
   * server never holds locks that new messages wait on) every unread notification not yet mailed
   * of a kind the user wants, but only when one of them is 15 minutes old; mails them; when the
   * mail fails, gives the claim back so the retry lists them again. A process that dies between
   * the claim and the mail loses that digest (at most once, never twice).
   */
  async sendDigest(userId: string): Promise<void> {
    const now = this.clock.now();
    const due = new Date(now.getTime() - DIGEST_DELAY_MS);
    const claimed = (await this.deps.ds.query(
      `WITH owed AS (
         SELECT 1 FROM notifications o JOIN users u ON u.id = o.user_id AND u.email_verified_at IS NOT NULL
          WHERE ${recipientSql('o', '$1')} AND o.read_at IS NULL AND o.digested_at IS NULL AND o.pending_since <= $3
            AND ${wantsDigestSql('o.user_id', 'o.kind')}
          LIMIT 1
       )
       UPDATE notifications n SET digested_at = $2
        WHERE ${recipientSql('n', '$1')} AND n.read_at IS NULL AND n.digested_at IS NULL AND EXISTS (SELECT 1 FROM owed)
          AND ${wantsDigestSql('n.user_id', 'n.kind')}
        RETURNING n.id, n.kind, n.payload, n.created_at AS "createdAt"`,
      [userId, now, due],
    )) as [Claimed[], number];
    const notifications = claimed[0];
    if (notifications.length === 0) return;
    try {
      await this.mailDigest(userId, notifications);
    } catch (error) {
      await this.deps.ds.query(`UPDATE notifications SET digested_at = NULL WHERE id = ANY($1::uuid[]) AND digested_at = $2`, [
        notifications.map((n) => n.id),
        now,
      ]);
      throw error;
    }
  }

  private url(path: string): string {
    return `${this.deps.config.publicUrl}${path}`;
  }

  private async mailDigest(userId: string, notifications: Claimed[]): Promise<void> {
    const [user] = (await this.deps.ds.query(`SELECT email FROM users WHERE id = $1`, [userId])) as Array<{ email: string }>;
    if (!user) return;
    const sections = await this.sections(userId, notifications);
    // Every one stale (a reminder of a period since renewed): nothing to mail.
    const count = sections.reduce((sum, section) => sum + section.items.length, 0);
    if (count === 0) return;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.deps.ds.query(`INSERT INTO digest_unsubscribe_tokens (token_hash, user_id, kind, created_at, expires_at) VALUES ($1, $2, NULL, $3, $4)`, [
      hashToken(token),
      userId,
      now,
      new Date(now.getTime() + UNSUBSCRIBE_TOKEN_LIFETIME_MS),
    ]);
    const unsubscribeUrl = this.url(`/unsubscribe?token=${encodeURIComponent(token)}`);
    await this.mailer.send(
      composeMail(
        user.email,
        {
          subject: count === 1 ? 'You have 1 unread notification on TechGigs' : `You have ${count} unread notifications on TechGigs`,
          paragraphs: [
            count === 1
              ? 'This happened on TechGigs while you were away, and is still unread:'
              : `These ${count} things happened on TechGigs while you were away, and are still unread:`,
          ],
          sections,
          action: { label: 'Open your notifications', url: this.url('/notifications') },
          footer: [
            'You get this digest because a notification stayed unread for 15 minutes. Choose which kinds are mailed to you: ' +
              this.url('/settings/notifications'),
            `Stop all notification digests with one click: ${unsubscribeUrl}`,
          ],
        },
        { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      ),
    );
  }

  /**
   * The claimed notifications grouped: one section per conversation, per contract and per gig,
   * newest first; every user-written value (names, titles, previews) goes in as text, escaped in
   * the HTML part by `composeMail`.
   */
  private async sections(userId: string, notifications: Claimed[]): Promise<MailSection[]> {
    const ids = (key: string) => [...new Set(notifications.map((n) => n.payload[key]).filter((v): v is string => typeof v === 'string'))];
    const [conversations, contracts, listings] = await Promise.all([
      this.deps.ds.query(
        `SELECT c.id, l.title, p.display_name AS "otherName",
                (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.to_id = $2 AND NOT m.read)::int AS unread
           FROM conversations c JOIN listings l ON l.id = c.listing_id
           JOIN profiles p ON p.user_id = CASE WHEN c.freelancer_user_id = $2 THEN c.poster_user_id ELSE c.freelancer_user_id END
          WHERE c.id = ANY($1::uuid[]) AND $2 IN (c.freelancer_user_id, c.poster_user_id)`,
        [ids('conversationId'), userId],
      ) as Promise<Array<{ id: string; title: string; otherName: string; unread: number }>>,
      this.deps.ds.query(
        `SELECT k.id, l.title FROM contracts k JOIN listings l ON l.id = k.listing_id
          WHERE k.id = ANY($1::uuid[]) AND $2 IN (k.employer_user_id, k.worker_user_id)`,
        [ids('contractId'), userId],
      ) as Promise<Array<{ id: string; title: string }>>,
      this.deps.ds.query(`SELECT id, title, expires_at AS "expiresAt" FROM listings WHERE id = ANY($1::uuid[])`, [ids('listingId')]) as Promise<
        Array<{ id: string; title: string; expiresAt: Date | null }>
      >,
    ]);
    const conversationById = new Map(conversations.map((c) => [c.id, c]));
    const contractTitle = new Map(contracts.map((c) => [c.id, c.title]));
    const listingTitle = new Map(listings.map((l) => [l.id, l.title]));
    const listingEnd = new Map(listings.map((l) => [l.id, l.expiresAt]));

    const groups = new Map<string, MailSection>();
    const add = (key: string, heading: string, item: { text: string; url?: string }) => {
      const group = groups.get(key) ?? { heading, items: [] };
      group.items.push(item);
      groups.set(key, group);
    };
    const newestFirst = [...notifications].sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
    for (const { kind, payload } of newestFirst) {
      const text = (key: string) => (typeof payload[key] === 'string' ? oneLine(payload[key] as string) : null);
      const conversationId = text('conversationId');
      const contractId = text('contractId');
      const listingId = text('listingId');
      const summary = text('summary') ?? kind.toLowerCase().replace(/_/g, ' ');
      if (kind === 'MESSAGE_RECEIVED' && conversationId) {
        const conversation = conversationById.get(conversationId);
        const heading = conversation ? `Messages from ${oneLine(conversation.otherName)} about “${oneLine(conversation.title)}”` : 'Messages';
        const unread = conversation?.unread ?? 1;
        const said = unread > 1 ? `${unread} unread messages, the latest:` : 'New message:';
        add(`conversation:${conversationId}`, heading, { text: `${said} “${text('preview') ?? ''}”`, url: this.url(`/inbox/${toGlobalId('Conversation', conversationId)}`) });
      } else if (contractId) {
        const title = contractTitle.get(contractId);
        add(`contract:${contractId}`, title ? `Contract for “${oneLine(title)}”` : 'A contract', { text: summary, url: this.url(`/contracts/${toGlobalId('Contract', contractId)}`) });
      } else if (kind === 'SAVED_SEARCH_MATCH' && listingId) {
        const title = listingTitle.get(listingId) ?? text('listingTitle') ?? 'A new gig';
        add('saved-searches', 'New gigs matching your saved searches', { text: oneLine(title), url: this.url(`/gigs/${toGlobalId('Listing', listingId)}`) });
      } else if (listingId) {
        const title = listingTitle.get(listingId);
        const wording = LISTING_SUMMARIES[kind];
        let text = summary;
        if (wording) {
          // A reminder about another period than the listing's current one (it was renewed since) is stale: left out.
          const end = listingEnd.get(listingId);
          const remindedEnd = payload.expiresAt ?? payload.expiredAt;
          if (!end || typeof remindedEnd !== 'string' || new Date(remindedEnd).getTime() !== end.getTime()) continue;
          text = wording(end.toISOString());
        }
        add(`listing:${listingId}`, title ? `Your gig “${oneLine(title)}”` : 'A gig', { text, url: this.url(`/gigs/${toGlobalId('Listing', listingId)}`) });
      } else {
        add(`other:${preferenceKindOf(kind)}`, 'Other notifications', { text: summary, url: this.url('/notifications') });
      }
    }
    return [...groups.values()];
  }
}
