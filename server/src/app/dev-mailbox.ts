import { readdir, readFile } from 'node:fs/promises';
import type * as MailParser from 'mailparser';
import path from 'node:path';
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
 * `GET /dev/mailbox.json`, outside production only, as Rails' letter_opener_web and Phoenix's
 * mailbox preview: the `.eml` files the mailer wrote under `DATA_DIR/mail/` (no `SMTP_URL`), newest
 * first, at most `MAILBOX_LIMIT`, each with its recipient, subject, time, links and text, so the
 * web app's `/dev/mailbox` page lets a newcomer follow a verification link without opening files.
 * With `NODE_ENV=production` the route is not mounted at all: 404, like any unknown path.
 */
export const mountDevMailbox: HttpRoutes = (app, deps) => {
  if (deps.config.nodeEnv === 'production') return;
  app.get('/dev/mailbox.json', async (req, res) => {
    try {
      const mailbox: Mailbox = { delivery: deps.config.mail.smtpUrl ? 'smtp' : 'files', mails: await readMailbox(mailDirectory(deps.config.dataDir)) };
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
