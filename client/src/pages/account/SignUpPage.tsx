import { useMutation } from '@apollo/client/react';
import { Link } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useTitle } from '../../lib/useTitle';
import { useCredentialsForm } from './useCredentialsForm';

const SignUpDocument = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        id
      }
    }
  }
`);

export function SignUpPage() {
  useTitle('Sign up');
  const [signUp, { loading }] = useMutation(SignUpDocument);
  const { field, formError, submit, formRef, query } = useCredentialsForm({ displayName: '', email: '', password: '' }, async (input) => (await signUp({ variables: { input } })).data?.signUp.token);

  return (
    <section className="narrow">
      <h1>Create your account</h1>
      <p className="lead">One account to post gigs and to take them.</p>
      <form ref={formRef} onSubmit={submit} noValidate className="card stack">
        <FormError message={formError} />
        <TextField label="Your name" autoComplete="name" required {...field('displayName')} />
        <TextField label="Email" type="email" autoComplete="email" required {...field('email')} />
        <TextField label="Password" type="password" autoComplete="new-password" required hint="At least 10 characters." {...field('password')} />
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to={`/signin${query}`}>Sign in</Link>
      </p>
    </section>
  );
}
