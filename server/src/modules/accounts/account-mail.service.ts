import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import { badInput } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import type { JobQueue } from '../../jobs/queue';
import { composeMail } from '../../mail/compose';
import { MailThrottle } from '../../mail/throttle';
import type { Mailer } from '../../mail/mailer';
import { accessEndedTopic } from '../../pubsub/access';
import { AccountMailLimiter } from './account-mail-limiter';
import { ARGON2_OPTIONS } from './accounts.service';
import { canonicalEmail } from './email';

export type AccountTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD';

/** How long a link stays good: an hour for a password reset (DESIGN §4), a week to verify an email. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  RESET_PASSWORD: 60 * 60 * 1000,
  VERIFY_EMAIL: 7 * 24 * 60 * 60 * 1000,
};

/** At most one mail of a kind per address (reset) or account (verification) in this long, from the last one sent. */
export const MAIL_INTERVAL_MS = 60 * 1000;

const PASSWORD_RESET_JOB = { name: 'accounts.password-reset-mail', retry: { retryLimit: 5, retryDelaySeconds: 30 } };
const VERIFICATION_JOB = { name: 'accounts.verification-mail', retry: { retryLimit: 5, retryDelaySeconds: 30 } };
const THROTTLE_PRUNE_JOB = { name: 'mail.throttle-prune', retry: { retryLimit: 2, retryDelaySeconds: 60 } };

/** What `resendVerificationEmail` did, and when the viewer may ask again. */
export interface VerificationMailRequest {
  /** Whether a new link is on its way: false when one was sent less than a minute ago or the email is verified. */
  sent: boolean;
  emailVerified: boolean;
  /** When another link may be asked for (null once verified). */
  nextAt: Date | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Mail that proves who owns an address: the link to verify it at sign-up and the link to reset a
 * forgotten password. Each link carries a single-use token of 32 random bytes; only its SHA-256 is
 * stored. The mails are sent by jobs: a request answers at once whatever the mail server does,
 * and a failed delivery is retried.
 */
export class AccountMailService {
  private readonly throttle: MailThrottle;
  private readonly limiter: AccountMailLimiter;

  constructor(
    private readonly deps: Infrastructure,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {
    this.throttle = new MailThrottle(deps.ds, clock);
    this.limiter = new AccountMailLimiter(deps);
    jobs.define<{ email: string }>({ ...PASSWORD_RESET_JOB, handle: ({ email }) => this.sendPasswordReset(email) });
    jobs.define<{ userId: string }>({ ...VERIFICATION_JOB, handle: ({ userId }) => this.sendVerification(userId) });
    jobs.define<object>({ ...THROTTLE_PRUNE_JOB, handle: () => this.throttle.prune() });
    jobs.schedule(THROTTLE_PRUNE_JOB, '17 * * * *');
  }

  /**
   * Queues the reset mail and returns: whether the account exists is decided in the job, so the
   * answer and its time are the same for any address. At most one mail per address a minute
   * (`MAIL_INTERVAL_MS`, from the last one queued: a request within it queues nothing, silently);
   * RATE_LIMITED past `ACCOUNT_MAIL_REQUESTS_PER_ADDRESS` requests an hour from one client address.
   */
  async requestPasswordReset(email: string, clientAddress: string | null): Promise<void> {
    await this.limiter.attempt('RESET_PASSWORD', clientAddress);
    const canonical = canonicalEmail(email);
    await this.deps.ds.transaction(async (manager) => {
      if ((await this.throttle.take(`reset:${canonical}`, MAIL_INTERVAL_MS, manager)).sent) await this.jobs.send(PASSWORD_RESET_JOB, { email: canonical }, { manager });
    });
  }

  /** Queues the verification mail in the transaction that creates the account (it takes the account's turn). */
  async queueVerification(manager: EntityManager, userId: string): Promise<void> {
    await this.throttle.take(`verify:${userId}`, MAIL_INTERVAL_MS, manager);
    await this.jobs.send(VERIFICATION_JOB, { userId }, { manager });
  }

  /**
   * Sends the verification mail again (the first one lost or expired), at most one a minute per
   * account, and says what it did: nothing when the email is already verified or a link went less
   * than `MAIL_INTERVAL_MS` ago (then `nextAt` is when one may be asked for). RATE_LIMITED past
   * `ACCOUNT_MAIL_REQUESTS_PER_ADDRESS` requests an hour from one client address.
   */
  async resendVerification(userId: string, clientAddress: string | null): Promise<VerificationMailRequest> {
    await this.limiter.attempt('VERIFY_EMAIL', clientAddress);
    return this.deps.ds.transaction(async (manager) => {
      const [user] = (await manager.query(`SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1`, [userId])) as Array<{ verified: boolean }>;
      if (!user || user.verified) return { sent: false, emailVerified: true, nextAt: null };
      const turn = await this.throttle.take(`verify:${userId}`, MAIL_INTERVAL_MS, manager);
      if (turn.sent) await this.jobs.send(VERIFICATION_JOB, { userId }, { manager });
      return { sent: turn.sent, emailVerified: false, nextAt: turn.nextAt };
    });
  }

  /**
   * Sets a new password with a reset token: single use, valid an hour. Every session of the user
   * ends (on every instance, live subscriptions included), and the email counts as verified: the
   * link reached its inbox. An unknown, used or expired token is BAD_USER_INPUT on `token`.
   */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await argon2.hash(password, ARGON2_OPTIONS);
    const { userId, sessionIds } = await this.deps.ds.transaction(async (manager) => {
      const owner = await this.useToken(manager, token, 'RESET_PASSWORD');
      // Any other reset link of the account (an older one, or a newer one asked for meanwhile)
      // dies with this use: the password it would reset has just been chosen.
      await this.retireTokens(manager, owner, 'RESET_PASSWORD');
      await manager.query(`UPDATE users SET password_hash = $2, email_verified_at = coalesce(email_verified_at, $3) WHERE id = $1`, [owner, passwordHash, this.clock.now()]);
      const [ended] = (await manager.query(
        `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING id`,
        [owner, this.clock.now()],
      )) as [Array<{ id: string }>, number];
      return { userId: owner, sessionIds: ended.map((row) => row.id) };
    });
    for (const sessionId of sessionIds) await this.deps.pubsub.publishAcknowledged(accessEndedTopic(userId), { type: 'SESSION_ENDED', sessionId });
  }

  /** Marks the email of the token's account verified. An unknown, used or expired token is BAD_USER_INPUT on `token`. */
  async verifyEmail(token: string): Promise<string> {
    return this.deps.ds.transaction(async (manager) => {
      const userId = await this.useToken(manager, token, 'VERIFY_EMAIL');
      await manager.query(`UPDATE users SET email_verified_at = coalesce(email_verified_at, $2) WHERE id = $1`, [userId, this.clock.now()]);
      return userId;
    });
  }

  private async useToken(manager: EntityManager, token: string, purpose: AccountTokenPurpose): Promise<string> {
    const [rows] = (await manager.query(
      `UPDATE account_tokens SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING user_id AS "userId"`,
      [hashToken(token), purpose, this.clock.now()],
    )) as [Array<{ userId: string }>, number];
    if (!rows[0]) throw badInput({ token: 'is invalid, used or expired: ask for a new link' });
    return rows[0].userId;
  }

  /**
   * A new token, written in the transaction that sends its mail: a mail that fails leaves no token
   * behind (and the older links working). It replaces the user's unused tokens of that purpose, so
   * only the newest link mailed works.
   */
  private async issueToken(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.retireTokens(manager, userId, purpose);
    await manager.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [userId, purpose, hashToken(token), now, new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose])],
    );
    return token;
  }

  /** Ends every unused token of the user of that purpose (marked used: `useToken` then refuses it). */
  private async retireTokens(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await manager.query(`UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose, this.clock.now()]);
  }

  private link(page: string, token: string): string {
    return `${this.deps.config.publicUrl}/${page}?token=${encodeURIComponent(token)}`;
  }

  private async sendPasswordReset(email: string): Promise<void> {
    await this.deps.ds.transaction(async (manager) => {
      const [user] = (await manager.query(`SELECT id, email FROM users WHERE email = $1`, [email])) as Array<{ id: string; email: string }>;
      if (!user) return;
      const token = await this.issueToken(manager, user.id, 'RESET_PASSWORD');
      await this.mailer.send(
        composeMail(user.email, {
          subject: 'Reset your TechGigs password',
          paragraphs: [
            'Someone, probably you, asked to reset the password of your TechGigs account.',
            'The link below works once, for one hour. Setting a new password signs you out everywhere.',
          ],
          action: { label: 'Choose a new password', url: this.link('reset-password', token) },
          footer: ['If you did not ask for this, ignore this mail: your password stays as it is.'],
        }),
      );
    });
  }

  private async sendVerification(userId: string): Promise<void> {
    await this.deps.ds.transaction(async (manager) => {
      const [user] = (await manager.query(`SELECT email FROM users WHERE id = $1 AND email_verified_at IS NULL`, [userId])) as Array<{ email: string }>;
      if (!user) return;
      const token = await this.issueToken(manager, userId, 'VERIFY_EMAIL');
      await this.mailer.send(
        composeMail(user.email, {
          subject: 'Verify your email for TechGigs',
          paragraphs: ['Welcome to TechGigs. Please confirm that this address is yours.', 'The link below works once, for seven days.'],
          action: { label: 'Verify my email', url: this.link('verify-email', token) },
          footer: ['If you did not sign up for TechGigs, ignore this mail.'],
        }),
      );
    });
  }
}
