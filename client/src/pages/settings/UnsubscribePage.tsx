import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../../lib/useTitle';

type State = 'ready' | 'sending' | 'done' | 'unknown' | 'failed';

/**
 * The page of the unsubscribe link in a digest (`/unsubscribe?token=…`). Opening it changes
 * nothing (mail scanners follow links); the button sends the same one-click POST a mail client
 * sends (RFC 8058), which needs no sign-in.
 */
export function UnsubscribePage() {
  useTitle('Unsubscribe from notification emails');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<State>('ready');

  const unsubscribe = async () => {
    setState('sending');
    try {
      const response = await fetch(`/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      setState(response.ok ? 'done' : response.status === 404 || response.status === 400 ? 'unknown' : 'failed');
    } catch {
      setState('failed');
    }
  };

  return (
    <section className="narrow">
      <h1>Notification emails</h1>
      {state === 'done' ? (
        <div className="card stack" role="status">
          <p>You are unsubscribed: we will not email you notification digests any more.</p>
          <p>
            Your notifications still appear in the app. To get some of them by email again, <Link to="/settings/notifications">choose them in your settings</Link>.
          </p>
        </div>
      ) : state === 'unknown' || !token ? (
        <div className="card stack" role="alert">
          <p>This unsubscribe link is not complete or has expired (links work for 90 days).</p>
          <p>
            Sign in and <Link to="/settings/notifications">choose which emails you get</Link>.
          </p>
        </div>
      ) : (
        <div className="card stack">
          <p>Stop all notification digest emails from TechGigs? You can turn them on again in your settings at any time.</p>
          {state === 'failed' && (
            <p className="form-error" role="alert">
              That did not work: the server could not be reached. Try again in a moment.
            </p>
          )}
          <p>
            <button type="button" className="button" disabled={state === 'sending'} onClick={() => void unsubscribe()}>
              {state === 'sending' ? 'Unsubscribing…' : 'Unsubscribe'}
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
