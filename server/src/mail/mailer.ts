import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config';

/** One mail: a plain-text part and an HTML part saying the same, and any extra headers. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Over SMTP when `SMTP_URL` is set; otherwise each mail is written whole (headers, both parts) as
 * an `.eml` file under `DATA_DIR/mail/`, which any mail program opens and `/dev/mailbox` lists.
 * With `config.mail.dkim` every mail is DKIM-signed, List-Unsubscribe and List-Unsubscribe-Post
 * among the signed headers (nodemailer's default list), as RFC 8058 requires for one-click.
 */
export function createMailer(config: Pick<Config, 'mail' | 'dataDir'>): Mailer {
  // Signed here when DKIM_* is set (the .eml files too, so the signature can be checked); otherwise the relay must sign.
  const signing = config.mail.dkim ? { dkim: { ...config.mail.dkim } } : {};
  if (config.mail.smtpUrl) {
    const transport = nodemailer.createTransport(config.mail.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: config.mail.from, ...signing, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const directory = mailDirectory(config.dataDir);
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.mail.from, ...signing, ...mail });
      await mkdir(directory, { recursive: true });
      // The time first, so a directory listing is in the order the mails were sent.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(path.join(directory, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}

export function mailDirectory(dataDir: string): string {
  return path.join(dataDir, 'mail');
}
