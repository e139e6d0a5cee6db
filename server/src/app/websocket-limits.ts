import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { SocketsPerSession } from '../graphql/limits';
import type { Infrastructure } from '../infrastructure';
import { addressBucket } from '../modules/accounts/sign-in-limiter';
import { RedisPubSub } from '../pubsub/redis.pubsub';

/**
 * Anonymous sockets (no token: they may run queries, never a subscription, which needs a viewer)
 * open at once from one client address on one instance. Per instance, like MAX_SOCKETS_PER_SESSION:
 * what an open socket costs (memory, a file descriptor) is the instance's, so the instance that
 * pays counts exactly, with nothing to leak when another instance dies; across N instances an
 * address holds at most N × this. A shared count would need every instance to give its sockets
 * back from a store when it stops or crashes.
 */
export const MAX_ANONYMOUS_SOCKETS_PER_ADDRESS = 20;

/**
 * Anonymous connects one client address may make per minute, counted across every instance
 * (Redis, through rate-limiter-flexible; in memory without Redis or while it is away), so opening
 * and closing sockets in a loop, or spreading them over instances, does not get round the cap above.
 */
export const ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE = 60;

/**
 * The address limits of anonymous sockets. Addresses are bucketed as sign-in's limit buckets
 * them (IPv4, or an IPv6 /64), and read through TRUST_PROXY as every client address is.
 */
export class AnonymousSockets {
  private readonly open = new SocketsPerSession(MAX_ANONYMOUS_SOCKETS_PER_ADDRESS);
  /** Sockets of an address upgraded and not yet past connection_init (whoever they turn out to be). */
  private readonly waiting = new SocketsPerSession(MAX_ANONYMOUS_SOCKETS_PER_ADDRESS);
  private readonly connects: RateLimiterAbstract;

  constructor(deps: Pick<Infrastructure, 'pubsub'>) {
    const options = { keyPrefix: 'ws-anonymous-connects', points: ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE, duration: 60 };
    const inMemory = new RateLimiterMemory(options);
    this.connects =
      deps.pubsub instanceof RedisPubSub ? new RateLimiterRedis({ ...options, storeClient: deps.pubsub.commands, rejectIfRedisNotReady: true, insuranceLimiter: inMemory }) : inMemory;
  }

  /**
   * Counts a connect of `address` and one more open socket of its bucket; answers the refusal's
   * reason when either limit is reached (nothing is then counted as open). A socket without an
   * address (a closed peer) is refused.
   */
  async acquire(address: string | null): Promise<{ bucket: string } | { refused: string }> {
    if (!address) return { refused: 'No client address' };
    const bucket = addressBucket(address);
    try {
      await this.connects.consume(bucket);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return { refused: `Too many connections from this address: at most ${ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE} a minute without signing in` };
    }
    if (!this.open.acquire(bucket)) return { refused: `Too many sockets from this address: at most ${MAX_ANONYMOUS_SOCKETS_PER_ADDRESS} open per server without signing in` };
    return { bucket };
  }

  release(bucket: string): void {
    this.open.release(bucket);
  }

  /**
   * At the upgrade, before anything is known of the socket: counts it as waiting for its
   * connection_init against its address (at most MAX_ANONYMOUS_SOCKETS_PER_ADDRESS at once per
   * instance, whether they will sign in or not), so sockets that never send one cannot be opened
   * without bound; answers the refusal's reason past it. `releaseWaiting` once its init is handled
   * or it closes.
   */
  acquireWaiting(address: string | null): { bucket: string } | { refused: string } {
    if (!address) return { refused: 'No client address' };
    const bucket = addressBucket(address);
    if (!this.waiting.acquire(bucket)) return { refused: `Too many sockets from this address waiting for connection_init: at most ${MAX_ANONYMOUS_SOCKETS_PER_ADDRESS} per server` };
    return { bucket };
  }

  releaseWaiting(bucket: string): void {
    this.waiting.release(bucket);
  }

  /**
   * A connect whose token was refused (a bogus or ended one) counts as an anonymous connect of its
   * address: answers the refusal's reason once the address is past
   * ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE, so guessing tokens is rate limited too.
   */
  async refusedToken(address: string | null): Promise<string | undefined> {
    if (!address) return undefined;
    try {
      await this.connects.consume(addressBucket(address));
      return undefined;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return `Too many connections from this address: at most ${ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE} a minute without signing in`;
    }
  }
}
