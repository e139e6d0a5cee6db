import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../src/net';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Header names in lower case, values as sent (folded lines joined). */
  headers: Map<string, string>;
  /** Every http(s) URL in the plain-text part, in order. */
  links: string[];
}

/**
 * A real SMTP server on a free port (the `smtp-server` package) that keeps every mail it accepts,
 * parsed. `refuseNext(address)` answers the next delivery to that address with a temporary
 * failure (451), as a busy mail server does.
 */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  private readonly refusals = new Map<string, number>();
  private waiters: Array<() => void> = [];
  private server!: SMTPServer;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusals = this.refusals.get(address.address.toLowerCase()) ?? 0;
        if (refusals > 0) {
          this.refusals.set(address.address.toLowerCase(), refusals - 1);
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(error);
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.mails.push(toReceived(parsed));
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  refuseNext(address: string, times = 1): void {
    this.refusals.set(address.toLowerCase(), times);
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to.toLowerCase() === address.toLowerCase());
  }

  /** Resolves once `predicate` holds over the mails received (checked on each arrival); fails after `timeoutMs`. */
  async waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.mails)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`mail did not arrive in ${timeoutMs} ms; received: ${JSON.stringify(this.mails.map((m) => [m.to, m.subject]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The one mail to `address` with this subject, once it has arrived. */
  async mailTo(address: string, subject: string): Promise<ReceivedMail> {
    await this.waitFor(() => this.mailsTo(address).some((mail) => mail.subject === subject));
    const found = this.mailsTo(address).filter((mail) => mail.subject === subject);
    if (found.length !== 1) throw new Error(`expected one mail "${subject}" to ${address}, got ${found.length}`);
    return found[0];
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function toReceived(parsed: ParsedMail): ReceivedMail {
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
  const headers = new Map<string, string>();
  for (const line of parsed.headerLines) headers.set(line.key.toLowerCase(), line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim());
  const text = parsed.text ?? '';
  return {
    to: to?.value[0]?.address ?? '',
    subject: parsed.subject ?? '',
    text,
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers,
    links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
  };
}
