import { useEffect, useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';

/** What `GET /dev/mailbox.json` answers (server/src/app/dev-mailbox.ts). */
interface Mailbox {
  delivery: 'files' | 'smtp';
  mails: Array<{ id: string; to: string; subject: string; sentAt: string | null; links: string[]; text: string }>;
}

type State = { kind: 'loading' } | { kind: 'absent' } | { kind: 'failed'; error: unknown } | { kind: 'loaded'; mailbox: Mailbox };

/**
 * `/dev/mailbox`, outside production: the mails the server wrote as files (no SMTP_URL), newest
 * first, with their links, so a verification or reset link can be followed without opening files.
 * In production the server has no such list, and the page says so.
 */
export function MailboxPage() {
  useTitle('Mailbox (development)');
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let shown = true;
    void readMailbox().then((read) => shown && setState(read));
    return () => {
      shown = false;
    };
  }, []);
  const load = () => {
    setState({ kind: 'loading' });
    void readMailbox().then(setState);
  };

  return (
    <section>
      <header className="page-header">
        <div>
          <h1>Mailbox</h1>
          <p className="muted">Mails this server wrote under DATA_DIR/mail, newest first. Only outside production.</p>
        </div>
        <button type="button" className="button button--secondary" onClick={load}>
          Refresh
        </button>
      </header>
      {state.kind === 'loading' && <Loading label="Reading the mailbox…" />}
      {state.kind === 'absent' && <EmptyState title="There is no mailbox here: it exists only outside production, while mail is written to files, for a browser on the machine that runs the server." />}
      {state.kind === 'failed' && <ErrorState error={state.error} retry={load} />}
      {state.kind === 'loaded' && state.mailbox.delivery === 'smtp' && (
        <p className="card">This server sends mail through SMTP_URL, so none is written here.</p>
      )}
      {state.kind === 'loaded' && state.mailbox.delivery === 'files' && state.mailbox.mails.length === 0 && (
        <EmptyState title="No mail yet. Sign up or ask for a password reset, then refresh." />
      )}
      {state.kind === 'loaded' && state.mailbox.mails.length > 0 && (
        <ol className="stack mailbox">
          {state.mailbox.mails.map((mail) => (
            <li key={mail.id} className="card stack">
              <article aria-label={`${mail.subject}, to ${mail.to}`}>
                <h2>{mail.subject}</h2>
                <p className="muted">
                  To {mail.to}
                  {mail.sentAt && <> · {formatDateTime(mail.sentAt)}</>}
                </p>
                {mail.links.length > 0 && (
                  <ul className="list">
                    {mail.links.map((link) => (
                      <li key={link}>
                        <a href={onThisServer(link)}>{link}</a>
                      </li>
                    ))}
                  </ul>
                )}
                <details>
                  <summary>Text</summary>
                  <pre className="mailbox__text">{mail.text}</pre>
                </details>
              </article>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

async function readMailbox(): Promise<State> {
  try {
    const response = await fetch('/dev/mailbox.json', { cache: 'no-store' });
    if (response.status === 404) return { kind: 'absent' };
    if (!response.ok) return { kind: 'failed', error: new Error(`HTTP ${response.status}`) };
    return { kind: 'loaded', mailbox: (await response.json()) as Mailbox };
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/**
 * A mail's link (made from PUBLIC_URL) opened on the server this page came from: the mails listed
 * are this server's, and PUBLIC_URL may name another address for it (a proxy, a test's port).
 */
function onThisServer(link: string): string {
  try {
    const url = new URL(link);
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return link;
  }
}
