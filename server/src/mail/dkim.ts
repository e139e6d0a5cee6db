import { createPrivateKey } from 'node:crypto';

/** DKIM signing of every mail (nodemailer's `dkim` option); the default header list covers List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
export interface DkimOptions {
  readonly domainName: string;
  readonly keySelector: string;
  /** PEM, RSA or Ed25519. */
  readonly privateKey: string;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SELECTOR = /^[a-z0-9](?:[a-z0-9._-]{0,62})$/i;

/**
 * Reads `DKIM_DOMAIN`, `DKIM_SELECTOR` and `DKIM_PRIVATE_KEY` (all three or none; the key as PEM,
 * its newlines real or written `\n`), pushing each problem to `problems` under the variable's name.
 * None set: undefined (mail is not signed here: the relay must sign it).
 */
export function parseDkim(env: { domain?: string; selector?: string; privateKey?: string }, problems: string[]): DkimOptions | undefined {
  const given = [env.domain, env.selector, env.privateKey].filter((value) => value !== undefined && value !== '');
  if (given.length === 0) return undefined;
  if (given.length < 3) {
    problems.push('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together: set all three or none');
    return undefined;
  }
  const before = problems.length;
  if (!DOMAIN.test(env.domain!)) problems.push(`DKIM_DOMAIN must be a domain name such as example.com, got "${env.domain}"`);
  if (!SELECTOR.test(env.selector!)) problems.push(`DKIM_SELECTOR must be a DNS label such as mail2026, got "${env.selector}"`);
  const privateKey = env.privateKey!.replace(/\\n/g, '\n').trim();
  try {
    const key = createPrivateKey(privateKey);
    if (!['rsa', 'ed25519'].includes(key.asymmetricKeyType ?? '')) problems.push(`DKIM_PRIVATE_KEY must be an RSA or Ed25519 key, got ${key.asymmetricKeyType}`);
  } catch {
    problems.push('DKIM_PRIVATE_KEY must be a private key in PEM (-----BEGIN PRIVATE KEY----- …)');
  }
  return problems.length === before ? { domainName: env.domain!.toLowerCase(), keySelector: env.selector!, privateKey } : undefined;
}
