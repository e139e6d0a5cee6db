import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { rateLimited } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import { addressBucket } from './sign-in-limiter';

/** Requests for account mail (each kind counted apart) one client address may make in the window. */
export const ACCOUNT_MAIL_REQUESTS_PER_ADDRESS = 20;
const WINDOW_SECONDS = 60 * 60;

export type AccountMailRequest = 'RESET_PASSWORD' | 'VERIFY_EMAIL';

/**
 * Bounds how much account mail one client address can ask for (`requestPasswordReset`,
 * `resendVerificationEmail`): `ACCOUNT_MAIL_REQUESTS_PER_ADDRESS` an hour per kind, then
 * RATE_LIMITED (the code sign-in uses) until the window passes, so junk requests cannot fill the
 * mail queue ahead of real ones. Counted as sign-in counts (sign-in-limiter.ts): rate-limiter-flexible
 * in PostgreSQL (its table `sign_in_attempts`, under its own key prefixes), shared by every
 * instance, keyed by SHA-256 of the address's bucket (an IPv6 address's /64).
 */
export class AccountMailLimiter {
  private readonly limiters: Record<AccountMailRequest, RateLimiterPostgres>;

  constructor(deps: Infrastructure) {
    const storeClient = (deps.ds.driver as PostgresDriver).master;
    const options = { storeClient, storeType: 'pool', tableName: 'sign_in_attempts', tableCreated: true, clearExpiredByTimeout: false, duration: WINDOW_SECONDS, points: ACCOUNT_MAIL_REQUESTS_PER_ADDRESS };
    this.limiters = {
      RESET_PASSWORD: new RateLimiterPostgres({ ...options, keyPrefix: 'reset-mail-address' }),
      VERIFY_EMAIL: new RateLimiterPostgres({ ...options, keyPrefix: 'verify-mail-address' }),
    };
  }

  /** Counts a request from `address` (none known: not counted); RATE_LIMITED past the limit. */
  async attempt(kind: AccountMailRequest, address: string | null): Promise<void> {
    if (!address) return;
    try {
      await this.limiters[kind].consume(createHash('sha256').update(addressBucket(address), 'utf8').digest('hex'));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const minutes = Math.max(1, Math.ceil(error.msBeforeNext / 60_000));
      throw rateLimited(`Too many requests for account mail from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
  }
}
