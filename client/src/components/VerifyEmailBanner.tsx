import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';
import { messageOf } from '../lib/errors';
import { useSession } from '../session';

const ResendVerificationDocument = graphql(`
  mutation ResendVerificationEmail {
    resendVerificationEmail
  }
`);

/** Mails the viewer a new verification link (the server sends at most one a minute) and says so. */
export function ResendVerificationButton() {
  const [resend, { loading }] = useMutation(ResendVerificationDocument);
  const [said, setSaid] = useState<string | null>(null);
  const click = () => {
    setSaid(null);
    resend().then(
      () => setSaid('A new link is on its way: check your inbox (and spam folder).'),
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
 * For a signed-in user whose email is not verified yet: why publishing and signing are refused
 * (DESIGN §4: everything else works) and a way to get a new link.
 */
export function VerifyEmailBanner() {
  const { viewer } = useSession();
  if (!viewer || viewer.emailVerified !== false) return null;
  return (
    <aside className="banner" aria-labelledby="verify-email-banner">
      <p id="verify-email-banner">
        <strong>Verify your email.</strong> Until you follow the link we mailed to {viewer.email}, you can do everything but publish a gig and sign a
        contract.
      </p>
      <ResendVerificationButton />
    </aside>
  );
}
