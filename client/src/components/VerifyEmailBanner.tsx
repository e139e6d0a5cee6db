import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { messageOf } from '../lib/errors';
import { useSession } from '../session';

const ResendVerificationDocument = graphql(`
  mutation ResendVerificationEmail {
    resendVerificationEmail {
      sent
      emailVerified
      nextAllowedAt
    }
  }
`);

/** What the server did with the request, in words: it sends at most one link a minute. */
function saidOf(answer: { sent: boolean; emailVerified: boolean; nextAllowedAt?: unknown }): string {
  if (answer.sent) return 'A new link is on its way: check your inbox (and spam folder).';
  if (answer.emailVerified) return 'Your email is already verified: reload the page.';
  const next = answer.nextAllowedAt ? new Date(String(answer.nextAllowedAt)) : null;
  const when = next ? ` You can ask for another at ${next.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.` : '';
  return `No new link sent: one went less than a minute ago, so check your inbox (and spam folder) first.${when}`;
}

/** Asks for a new verification link and says what the server did (sent, or not yet and when). */
export function ResendVerificationButton() {
  const [resend, { loading }] = useMutation(ResendVerificationDocument);
  const [said, setSaid] = useState<string | null>(null);
  const click = () => {
    setSaid(null);
    resend().then(
      (result) => setSaid(result.data ? saidOf(result.data.resendVerificationEmail) : null),
      (error: unknown) => setSaid(messageOf(error)),
    );
  };
  return (
    <p className="row">
      <button type="button" className="button button--secondary button--small" onClick={click} disabled={loading}>
        {loading ? 'Sending…' : 'Resend the link'}
      </button>
      <span role="status">{said}</span>
    </p>
  );
}

/**
 * For a signed-in user whose email is not verified yet: why publishing, renewing and signing are refused
 * (DESIGN §4: everything else works) and a way to get a new link.
 */
export function VerifyEmailBanner() {
  const { viewer } = useSession();
  if (!viewer || viewer.emailVerified !== false) return null;
  return (
    <aside className="banner" aria-labelledby="verify-email-banner">
      <p id="verify-email-banner">
        <strong>Verify your email.</strong> Until you follow the link we mailed to {viewer.email}, you can do everything but publish or renew a gig
        and sign a contract.
      </p>
      <ResendVerificationButton />
    </aside>
  );
}
