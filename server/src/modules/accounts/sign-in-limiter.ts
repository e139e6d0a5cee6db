import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { rateLimited } from '../../graphql/errors';
import type { AppDeps } from '../../services';

const WINDOW_SECONDS = 15 * 60;
/** Failed sign-ins allowed per email, then per client address, within the window. */
export const FAILURES_PER_EMAIL = 10;
export const FAILURES_PER_ADDRESS = 100;

/**
 * Slows password guessing: too many failed sign-ins for one email (or from one address) refuse
 * further attempts with RATE_LIMITED until the window passes, before any password is checked.
 * Counters live in PostgreSQL so every instance shares them.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(deps: AppDeps) {
    const storeClient = (deps.ds.driver as PostgresDriver).master;
    const options = { storeClient, storeType: 'pool', tableName: 'sign_in_attempts', tableCreated: true, clearExpiredByTimeout: false, duration: WINDOW_SECONDS };
    this.byEmail = new RateLimiterPostgres({ ...options, keyPrefix: 'email', points: FAILURES_PER_EMAIL });
    this.byAddress = new RateLimiterPostgres({ ...options, keyPrefix: 'address', points: FAILURES_PER_ADDRESS });
  }

  async assertAllowed(email: string, address: string | null): Promise<void> {
    const [forEmail, forAddress] = await Promise.all([
      this.byEmail.get(email.toLowerCase()),
      address ? this.byAddress.get(address) : null,
    ]);
    const blocked = [
      [forEmail, FAILURES_PER_EMAIL],
      [forAddress, FAILURES_PER_ADDRESS],
    ].filter(([res, limit]) => res && (res as RateLimiterRes).consumedPoints >= (limit as number)) as Array<[RateLimiterRes, number]>;
    if (blocked.length > 0) {
      const minutes = Math.ceil(Math.max(...blocked.map(([res]) => res.msBeforeNext)) / 60_000);
      throw rateLimited(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
  }

  async recordFailure(email: string, address: string | null): Promise<void> {
    // Going over the limit rejects with a RateLimiterRes: the count is what matters here.
    const ignoreLimit = (error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    };
    await Promise.all([
      this.byEmail.consume(email.toLowerCase()).catch(ignoreLimit),
      address ? this.byAddress.consume(address).catch(ignoreLimit) : null,
    ]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.delete(email.toLowerCase());
  }
}
