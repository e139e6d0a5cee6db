import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { safeNext } from './safeNext';

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
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [signUp, { loading }] = useMutation(SignUpDocument);
  const [form, setForm] = useState({ displayName: '', email: '', password: '' });
  const { errors, formError, run } = useFormErrors();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const { data } = await signUp({ variables: { input: form } });
      if (!data) return;
      await signedIn(data.signUp.token);
      navigate(safeNext(params.get('next')), { replace: true });
    });
  };

  return (
    <section className="narrow">
      <h1>Create your account</h1>
      <p className="lead">One account to post gigs and to take them.</p>
      <form onSubmit={submit} noValidate className="card stack">
        <FormError message={formError} />
        <TextField
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          value={form.displayName}
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          error={errors.displayName}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          error={errors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters."
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          error={errors.password}
        />
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to={`/signin${params.toString() ? `?${params}` : ''}`}>Sign in</Link>
      </p>
    </section>
  );
}
