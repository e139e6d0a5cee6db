import { readdir, readFile } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import type { RequestHandler } from 'express';
import type * as MailParser from 'mailparser';
import path from 'node:path';
import type { Config } from '../config';
import { mailDirectory } from '../mail/mailer';
import { sendHttpError } from '../http-errors';
import type { HttpRoutes } from './module-routes';

/** The newest mails the mailbox lists; older files stay on disk. */
export const MAILBOX_LIMIT = 50;

/** One mail of the mailbox, as `GET /dev/mailbox.json` answers it. */
export interface MailboxMail {
  /** The file's name under `DATA_DIR/mail/`. */
  id: string;
  to: string;
  subject: string;
  /** When it was sent (its Date header), ISO 8601. */
  sentAt: string | null;
  /** Every http(s) link of the plain-text part, in order. */
  links: string[];
  text: string;
}

export interface Mailbox {
  /** `files`: mails are written under `DATA_DIR/mail/` and listed here; `smtp`: they leave through SMTP_URL and none is listed. */
  delivery: 'files' | 'smtp';
  mails: MailboxMail[];
}

/**
 * Whether a request may read the mailbox: outside production, only while mails are written as
 * files (no `SMTP_URL`), and only over a connection that comes straight from this machine. The
 * address is the socket's own, never `X-Forwarded-For` whatever `TRUST_PROXY` says: a proxy on
 * this machine would make every visitor loopback, so the mailbox is for a browser on the machine
 * that runs the server (reset and verification links in it take over accounts).
 */
export function mailboxServed(config: Pick<Config, 'nodeEnv' | 'mail'>, remoteAddress: string | undefined): boolean {
  return config.nodeEnv !== 'production' && !config.mail.smtpUrl && remoteAddress !== undefined && isLoopbackAddress(remoteAddress);
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`), as a socket reports them. */
export function isLoopbackAddress(address: string): boolean {
  const ipv4 = address.replace(/^::ffff:(?=\d+\.)/i, '');
  if (isIP(ipv4) === 4) return LOOPBACK.check(ipv4, 'ipv4');
  return isIP(address) === 6 && LOOPBACK.check(address, 'ipv6');
}

/**
 * Warnings for the start of a server, outside production: a mailbox (or `http://` links in mail)
 * on a host others reach. The mailbox only answers loopback connections, but a PUBLIC_URL
 * elsewhere means people use this server, and it should then run with `NODE_ENV=production`.
 */
export function mailboxStartWarnings(config: Pick<Config, 'nodeEnv' | 'mail' | 'publicUrl'>): string[] {
  if (config.nodeEnv === 'production' || isLoopbackHost(new URL(config.publicUrl).hostname)) return [];
  return [
    `NODE_ENV is ${config.nodeEnv} while PUBLIC_URL (${config.publicUrl}) is not this machine: outside production the mailbox at /dev/mailbox` +
      (config.mail.smtpUrl ? ' is off (SMTP_URL is set)' : ' holds reset links, readable from this machine only') +
      '; set NODE_ENV=production for a server people use',
  ];
}

/**
 * A warning for the start of any server whose PUBLIC_URL is `http://` on a host others reach: the
 * links in mail (reset, verification, the one-click unsubscribe that RFC 8058 wants as an HTTPS
 * URI) would travel in the clear.
 */
export function publicUrlStartWarnings(config: Pick<Config, 'publicUrl'>): string[] {
  const url = new URL(config.publicUrl);
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return [];
  return [
    `PUBLIC_URL (${config.publicUrl}) is http:// on a host others reach: links in mail (password reset, verification, one-click unsubscribe, which RFC 8058 wants as https) travel in the clear; serve the app over https`,
  ];
}

/** `localhost` (and its subdomains) or a loopback address, as PUBLIC_URL's host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isLoopbackAddress(host));
}

/**
 * `GET /dev/mailbox.json` (and the web app's page `/dev/mailbox`), as Rails' letter_opener_web and
 * Phoenix's mailbox preview: the `.eml` files the mailer wrote under `DATA_DIR/mail/`, newest
 * first, at most `MAILBOX_LIMIT`, each with its recipient, subject, time, links and text, so a
 * newcomer can follow a verification link without opening files. Served only as `mailboxServed`
 * says (outside production, no `SMTP_URL`, a loopback peer); otherwise both paths are 404 as JSON,
 * like any unknown path.
 */
export const mountDevMailbox: HttpRoutes = (app, deps) => {
  for (const warning of [...publicUrlStartWarnings(deps.config), ...mailboxStartWarnings(deps.config)]) deps.logger.warn(warning);
  if (deps.config.nodeEnv === 'production') return;
  const gate: RequestHandler = (req, res, next) => {
    if (mailboxServed(deps.config, req.socket.remoteAddress)) next();
    else sendHttpError(req, res, 404, 'NOT_FOUND', 'Not found');
  };
  // The page is the web app's (the handler after this one); only its gate is here.
  app.get('/dev/mailbox', gate);
  app.get('/dev/mailbox.json', gate, async (req, res) => {
    try {
      const mailbox: Mailbox = { delivery: 'files', mails: await readMailbox(mailDirectory(deps.config.dataDir)) };
      res.set('Cache-Control', 'no-store').json(mailbox);
    } catch (error) {
      deps.logger.error({ err: error }, 'mailbox failed');
      sendHttpError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  });
};

async function readMailbox(directory: string): Promise<MailboxMail[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Names start with the time they were sent (mailer.ts): the reverse order is newest first.
  const newest = names.filter((name) => name.endsWith('.eml')).sort().reverse().slice(0, MAILBOX_LIMIT);
  // A development dependency, loaded only here, outside production (a production install may omit
  // it); a dynamic import() does not run under Jest's CommonJS modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { simpleParser } = require('mailparser') as typeof MailParser;
  return Promise.all(
    newest.map(async (name) => {
      const parsed = await simpleParser(await readFile(path.join(directory, name)));
      const text = parsed.text ?? '';
      const to = Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(', ') : (parsed.to?.text ?? '');
      return { id: name, to, subject: parsed.subject ?? '', sentAt: parsed.date?.toISOString() ?? null, links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [], text };
    }),
  );
}
