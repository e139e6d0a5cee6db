import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { safeNext } from './safeNext';

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
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [signIn, { loading }] = useMutation(SignInDocument);
  const [form, setForm] = useState({ email: '', password: '' });
  const { errors, formError, run } = useFormErrors();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const { data } = await signIn({ variables: { input: form } });
      if (!data) return;
      await signedIn(data.signIn.token);
      navigate(safeNext(params.get('next')), { replace: true });
    });
  };

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form onSubmit={submit} noValidate className="card stack">
        <FormError message={formError} />
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
          autoComplete="current-password"
          required
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          error={errors.password}
        />
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New to TechGigs? <Link to={`/signup${params.toString() ? `?${params}` : ''}`}>Create an account</Link>
      </p>
    </section>
  );
}
