import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { session } from '../../apollo';
import { FormError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useTitle } from '../../lib/useTitle';
import { useCredentialsForm } from './useCredentialsForm';

const SignInDocument = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
      user {
        id
      }
    }
  }
`);

export function SignInPage() {
  useTitle('Sign in');
  const [signIn, { loading }] = useMutation(SignInDocument);
  // The server ended the last session (signed out on another device, password reset, expired).
  const [endedElsewhere] = useState(session.endedElsewhere);
  const { field, formError, submit, formRef, query } = useCredentialsForm(
    { email: '', password: '' },
    async (input) => (await signIn({ variables: { input } })).data?.signIn.token,
    // The one place where UNAUTHENTICATED means the credentials, not the session.
    { UNAUTHENTICATED: 'That email and password do not match an account. Check both, then try again.' },
  );

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {/* Read once, at the page's first render: signing in again clears it (apollo.ts). */}
      {endedElsewhere && (
        <p className="state state--info" role="status">
          Your session has ended: sign in again.
        </p>
      )}
      <form ref={formRef} onSubmit={submit} noValidate className="card stack">
        <FormError message={formError} />
        <TextField label="Email" type="email" autoComplete="email" required {...field('email')} />
        <TextField label="Password" type="password" autoComplete="current-password" required {...field('password')} />
        <p className="small">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New to TechGigs? <Link to={`/signup${query}`}>Create an account</Link>
      </p>
    </section>
  );
}
