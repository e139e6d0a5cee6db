import { createHash } from 'node:crypto';
import net from 'node:net';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { rateLimited } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import { canonicalEmail } from './email';

const WINDOW_SECONDS = 15 * 60;
/** Sign-ins allowed per email, then per client address, within the window (successful ones are given back). */
export const FAILURES_PER_EMAIL = 10;
export const FAILURES_PER_ADDRESS = 100;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');


/**
 * The address a limit counts against: an IPv4 address (also when written IPv4-mapped, as a
 * dual-stack socket reports it), or an IPv6 address's /64, the block one subscriber is usually
 * given, so that walking through it does not make a new bucket per attempt.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const plain = address.split('%')[0];
  if (!net.isIPv6(plain)) return address;
  // The URL parser writes an IPv6 address in one canonical form, an embedded IPv4 part as hex.
  const canonical = new URL(`http://[${plain}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * Slows password guessing: each sign-in takes a point for its email and for its client address
 * BEFORE the password is checked, atomically (one upsert in PostgreSQL), so any number of
 * concurrent attempts check at most the allowed number of passwords; past the limit they answer
 * RATE_LIMITED until the window passes. A successful sign-in clears its email's counter and
 * gives its address point back, so only failures (and refused attempts) add up.
 *
 * Keys are SHA-256 hex of the normalised email and of the address bucket: bounded whatever the
 * client sends, and no plain email in the table. Counters live in PostgreSQL so every instance
 * shares them.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(deps: Infrastructure) {
    const storeClient = (deps.ds.driver as PostgresDriver).master;
    const options = { storeClient, storeType: 'pool', tableName: 'sign_in_attempts', tableCreated: true, clearExpiredByTimeout: false, duration: WINDOW_SECONDS };
    this.byEmail = new RateLimiterPostgres({ ...options, keyPrefix: 'email', points: FAILURES_PER_EMAIL });
    this.byAddress = new RateLimiterPostgres({ ...options, keyPrefix: 'address', points: FAILURES_PER_ADDRESS });
  }

  /** Counts an attempt; throws RATE_LIMITED when the email or the address is over its limit. */
  async attempt(email: string, address: string | null): Promise<void> {
    const results = await Promise.allSettled([
      this.byEmail.consume(emailKey(email)),
      address ? this.byAddress.consume(addressKey(address)) : null,
    ]);
    const refusals: RateLimiterRes[] = [];
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
      refusals.push(result.reason);
    }
    if (refusals.length > 0) {
      const minutes = Math.max(1, Math.ceil(Math.max(...refusals.map((res) => res.msBeforeNext)) / 60_000));
      throw rateLimited(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
  }

  /** The attempt was right: forget the email's failures and give the address its point back. */
  async succeeded(email: string, address: string | null): Promise<void> {
    await Promise.all([this.byEmail.delete(emailKey(email)), address ? this.byAddress.reward(addressKey(address), 1) : null]);
  }
}

const emailKey = (email: string) => sha256(canonicalEmail(email));
const addressKey = (address: string) => sha256(addressBucket(address));
