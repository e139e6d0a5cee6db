import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import { badInput } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import type { JobQueue } from '../../jobs/queue';
import { composeMail } from '../../mail/compose';
import type { Mailer } from '../../mail/mailer';
import { accessEndedTopic } from '../../pubsub/access';
import { ARGON2_OPTIONS } from './accounts.service';
import { canonicalEmail } from './email';

export type AccountTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD';

/** How long a link stays good: an hour for a password reset (DESIGN §4), a week to verify an email. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  RESET_PASSWORD: 60 * 60 * 1000,
  VERIFY_EMAIL: 7 * 24 * 60 * 60 * 1000,
};

/** At most one mail of a kind per account in this many seconds, however often it is asked for. */
const MAIL_INTERVAL_SECONDS = 60;

const PASSWORD_RESET_JOB = { name: 'accounts.password-reset-mail', retry: { retryLimit: 5, retryDelaySeconds: 30 } };
const VERIFICATION_JOB = { name: 'accounts.verification-mail', retry: { retryLimit: 5, retryDelaySeconds: 30 } };

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
  constructor(
    private readonly deps: Infrastructure,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {
    jobs.define<{ email: string }>({ ...PASSWORD_RESET_JOB, handle: ({ email }) => this.sendPasswordReset(email) });
    jobs.define<{ userId: string }>({ ...VERIFICATION_JOB, handle: ({ userId }) => this.sendVerification(userId) });
  }

  /**
   * Queues the reset mail and returns: whether the account exists is decided in the job, so the
   * answer and its time are the same for any address.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const canonical = canonicalEmail(email);
    await this.jobs.send(PASSWORD_RESET_JOB, { email: canonical }, { singletonKey: `reset:${canonical}`, singletonSeconds: MAIL_INTERVAL_SECONDS });
  }

  /** Queues the verification mail in the transaction that creates the account. */
  async queueVerification(manager: EntityManager, userId: string): Promise<void> {
    await this.jobs.send(VERIFICATION_JOB, { userId }, { manager, singletonKey: `verify:${userId}`, singletonSeconds: MAIL_INTERVAL_SECONDS });
  }

  /** Sends the verification mail again (the first one lost or expired); nothing when already verified. */
  async resendVerification(userId: string): Promise<void> {
    await this.jobs.send(VERIFICATION_JOB, { userId }, { singletonKey: `verify:${userId}`, singletonSeconds: MAIL_INTERVAL_SECONDS });
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
      await manager.query(`UPDATE users SET password_hash = $2, email_verified_at = coalesce(email_verified_at, $3) WHERE id = $1`, [owner, passwordHash, this.clock.now()]);
      const [ended] = (await manager.query(
        `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING id`,
        [owner, this.clock.now()],
      )) as [Array<{ id: string }>, number];
      return { userId: owner, sessionIds: ended.map((row) => row.id) };
    });
    for (const sessionId of sessionIds) await this.deps.pubsub.publish(accessEndedTopic(userId), { type: 'SESSION_ENDED', sessionId });
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

  /** A new token, written in the transaction that sends its mail: a mail that fails leaves no token behind. */
  private async issueToken(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await manager.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [userId, purpose, hashToken(token), now, new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose])],
    );
    return token;
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
