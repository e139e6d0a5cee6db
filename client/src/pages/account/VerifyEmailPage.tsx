import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { fieldErrorsOf, messageOf } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { ResendVerificationButton } from '../../components/VerifyEmailBanner';

const VerifyEmailDocument = graphql(`
  mutation VerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input)
  }
`);

type Outcome = { kind: 'verified' } | { kind: 'refused' } | { kind: 'failed'; message: string };

/**
 * The page of the link in the verification mail (`/verify-email?token=…`). Opening it changes
 * nothing (mail scanners open links, and would use up the token); the button verifies (the token
 * works once, for seven days) and the page says what came of it, as the unsubscribe page does.
 */
export function VerifyEmailPage() {
  useTitle('Verify your email');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { viewer } = useSession();
  const [verify, { loading }] = useMutation(VerifyEmailDocument);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const confirm = () => {
    // The session's `emailVerified` is read again before the page says so: the banner goes with it.
    verify({ variables: { input: { token } }, refetchQueries: ['Session'], awaitRefetchQueries: true }).then(
      () => setOutcome({ kind: 'verified' }),
      (error: unknown) => setOutcome('token' in fieldErrorsOf(error) ? { kind: 'refused' } : { kind: 'failed', message: messageOf(error) }),
    );
  };

  return (
    <section className="narrow">
      <h1>Verify your email</h1>
      {!token ? (
        <p className="card">This page needs the link from your verification mail, whole.</p>
      ) : !outcome ? (
        <div className="card stack">
          <p>Confirm that this email address is yours: then you can publish gigs and sign contracts.</p>
          <p>
            <button type="button" className="button" disabled={loading} onClick={confirm}>
              {loading ? 'Verifying…' : 'Verify my email'}
            </button>
          </p>
        </div>
      ) : outcome.kind === 'verified' ? (
        <div className="card stack" role="status">
          <p>Your email is verified. You can now publish gigs and sign contracts.</p>
          <p>
            <Link className="button" to={viewer ? '/post' : '/signin'}>
              {viewer ? 'Post a gig' : 'Sign in'}
            </Link>
          </p>
        </div>
      ) : (
        <div className="card stack" role="alert">
          <p>
            {outcome.kind === 'refused'
              ? 'This link no longer works: each verification link works once, for seven days, and a newer one replaces it.'
              : outcome.message}
          </p>
          {viewer ? <ResendVerificationButton /> : <p>Sign in to ask for a new link.</p>}
        </div>
      )}
    </section>
  );
}
