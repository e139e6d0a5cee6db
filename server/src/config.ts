import path from 'node:path';
import { parseDkim, type DkimOptions } from './mail/dkim';

export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  /** Absent: the server runs an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absent: events travel through an in-process pub/sub (one instance only). */
  readonly redisUrl: string | undefined;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly sessionTtlDays: number;
  readonly stripe: {
    /** Absent: payments run in test mode (the app's own checkout page). */
    readonly secretKey: string | undefined;
    readonly webhookSecret: string | undefined;
    /** Another address for Stripe's API (stripe-mock, a test double). */
    readonly apiBase: URL | undefined;
    readonly creditPriceCents: number;
    readonly currency: string;
  };
  /** Where the built web app lives; served at `/` when present. */
  readonly clientDist: string;
  /**
   * Express's `trust proxy` setting: which hops may set `X-Forwarded-For` (the client address
   * of rate limits and logs). `false` (the default) trusts none: the address is the peer's.
   */
  readonly trustProxy: boolean | number | string;
  readonly mail: {
    /** `smtp:` or `smtps:` URL of the server mail goes through; absent: each mail is an `.eml` file under `dataDir/mail`. */
    readonly smtpUrl: string | undefined;
    /** The From of every mail. */
    readonly from: string;
    /** DKIM signing (`DKIM_DOMAIN`, `DKIM_SELECTOR`, `DKIM_PRIVATE_KEY`); absent: the relay must sign. */
    readonly dkim: DkimOptions | undefined;
  };
  /** Whether this process runs queued jobs (mail, expiry); false leaves them to `npm run worker`. */
  readonly runJobs: boolean;
  /** Days of visibility that publishing or renewing a listing buys (DESIGN §4, "Posting period"). */
  readonly listingDays: number;
}

type Env = Record<string, string | undefined>;

/**
 * Reads every environment variable once, reports all problems together, and returns a frozen
 * object. Nothing else in the server reads `process.env`.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const url = (name: string): URL | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      return new URL(raw);
    } catch {
      problems.push(`${name} must be a URL, got "${raw}"`);
      return undefined;
    }
  };
  const optional = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  };

  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, test or production, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = (['development', 'test', 'production'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as NodeEnv;
  const port = int('PORT', 4000, 0, 65535);
  const databaseUrl = url('DATABASE_URL');
  const redisUrl = url('REDIS_URL');
  const publicUrl = url('PUBLIC_URL')?.toString().replace(/\/$/, '') ?? `http://localhost:${port}`;
  const currency = (optional('CREDIT_CURRENCY') ?? 'usd').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) problems.push(`CREDIT_CURRENCY must be a three-letter ISO code, got "${currency}"`);

  const secretKey = optional('STRIPE_SECRET_KEY');
  const webhookSecret = optional('STRIPE_WEBHOOK_SECRET');
  if (secretKey && !webhookSecret) problems.push('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set');

  const trustProxy = parseTrustProxy(optional('TRUST_PROXY'), problems);

  const smtpUrl = url('SMTP_URL');
  if (smtpUrl && !['smtp:', 'smtps:'].includes(smtpUrl.protocol)) problems.push(`SMTP_URL must be an smtp:// or smtps:// URL, got "${smtpUrl.protocol}//…"`);
  const mailFrom = optional('MAIL_FROM') ?? `TechGigs <no-reply@${new URL(publicUrl).hostname}>`;
  if (!/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom)) problems.push(`MAIL_FROM must be an address or "Name <address>", got "${mailFrom}"`);
  const dkim = parseDkim({ domain: optional('DKIM_DOMAIN'), selector: optional('DKIM_SELECTOR'), privateKey: optional('DKIM_PRIVATE_KEY') }, problems);
  const runJobsRaw = optional('RUN_JOBS') ?? 'true';
  if (!['true', 'false'].includes(runJobsRaw)) problems.push(`RUN_JOBS must be true or false, got "${runJobsRaw}"`);

  const root = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

  const config: Config = {
    nodeEnv,
    port,
    databaseUrl: databaseUrl?.toString(),
    redisUrl: redisUrl?.toString(),
    publicUrl,
    dataDir: path.resolve(optional('DATA_DIR') ?? path.join(root, '.data')),
    logLevel: optional('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    sessionTtlDays: int('SESSION_TTL_DAYS', 30, 1, 365),
    stripe: {
      secretKey,
      webhookSecret,
      apiBase: url('STRIPE_API_BASE'),
      creditPriceCents: int('CREDIT_PRICE_CENTS', 2500, 50, 1_000_000),
      currency,
    },
    clientDist: path.join(root, 'client', 'dist'),
    trustProxy,
    mail: { smtpUrl: smtpUrl && ['smtp:', 'smtps:'].includes(smtpUrl.protocol) ? smtpUrl.toString() : undefined, from: mailFrom, dkim },
    runJobs: runJobsRaw !== 'false',
    listingDays: int('LISTING_DAYS', 30, 1, 365),
  };

  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return deepFreeze(config);
}

const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `true`/`false`, a number of hops, or a comma-separated list of addresses, CIDR ranges and
 * Express's names (`loopback`, `linklocal`, `uniquelocal`), as Express's `trust proxy` takes them.
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => NAMED_PROXY_RANGES.has(entry) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry));
  if (!valid) {
    problems.push(`TRUST_PROXY must be true, false, a number of hops or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal, got "${raw}"`);
    return false;
  }
  return entries.join(',');
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object' && !(child instanceof URL)) deepFreeze(child);
  }
  return Object.freeze(value);
}
