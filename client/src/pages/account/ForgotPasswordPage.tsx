import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';

const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`);

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account (the
 * API's rule), so the page never says which.
 */
export function ForgotPasswordPage() {
  useTitle('Forgot your password?');
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [request, { loading }] = useMutation(RequestPasswordResetDocument);
  const { errors, formError, run, formRef } = useFormErrors();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await request({ variables: { input: { email } } });
      setSentTo(email.trim());
    });
  };

  if (sentTo !== null) {
    return (
      <section className="narrow">
        <h1>Check your email</h1>
        <div className="card stack" role="status">
          <p>
            If <strong>{sentTo}</strong> belongs to a TechGigs account, a link to choose a new password is on its way. The link works once, for one hour.
          </p>
          <p>Nothing after a few minutes? Look in your spam folder, or check the address and ask again.</p>
        </div>
        <p>
          <button type="button" className="button button--secondary" onClick={() => setSentTo(null)}>
            Use another address
          </button>{' '}
          <Link to="/signin">Back to sign in</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>Forgot your password?</h1>
      <p>Type the email you signed up with and we will mail you a link to choose a new password.</p>
      <form ref={formRef} onSubmit={submit} noValidate className="card stack">
        <FormError message={formError} />
        <TextField label="Email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Sending…' : 'Send me a reset link'}
        </button>
      </form>
      <p>
        Remembered it? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}
