import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { fieldErrorsOf, useFormErrors } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';

const ResetPasswordDocument = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

/** What to say when the link's token is refused: the API says only that it is unknown, used or over an hour old. */
const LINK_REFUSED = 'This link no longer works: each reset link works once, for one hour. Ask for a new link below.';

/** The page of the link in the reset mail (`/reset-password?token=…`): a new password, then sign in with it. */
export function ResetPasswordPage() {
  useTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { viewer, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [linkRefused, setLinkRefused] = useState(false);
  const [reset, { loading }] = useMutation(ResetPasswordDocument);
  const { errors, formError, run, formRef } = useFormErrors();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLinkRefused(false);
    await run(async () => {
      try {
        await reset({ variables: { input: { token, password } } });
      } catch (error) {
        if ('token' in fieldErrorsOf(error)) setLinkRefused(true);
        throw error;
      }
      // The reset ended every session, this browser's too.
      if (viewer) await signOut();
      setDone(true);
    });
  };

  if (!token) {
    return (
      <section className="narrow">
        <h1>Choose a new password</h1>
        <p className="card">This page needs the link from your reset mail, whole. <Link to="/forgot-password">Ask for a new link</Link>.</p>
      </section>
    );
  }

  if (done) {
    return (
      <section className="narrow">
        <h1>Your password is changed</h1>
        <div className="card stack" role="status">
          <p>For your safety you are now signed out everywhere. Sign in with your new password.</p>
          <p>
            <Link className="button" to="/signin">
              Sign in
            </Link>
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      <form ref={formRef} onSubmit={submit} noValidate className="card stack">
        <FormError message={linkRefused ? LINK_REFUSED : formError} />
        <TextField
          label="New password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          hint="10 to 200 characters. Setting it signs you out everywhere."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Saving…' : 'Save the new password'}
        </button>
      </form>
      {linkRefused && (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </section>
  );
}
