import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useFormErrors, type ErrorOverrides } from '../../lib/errors';
import { bindFields } from '../../lib/fields';
import { useSession } from '../../session';
import { safeNext } from './safeNext';

/**
 * Signing in and signing up end alike: `authenticate` sends the form and answers with the token of
 * the session the server opened; keep it, then go on to where the person was going (`?next=`).
 * `query` carries that destination over to the other of the two pages.
 */
export function useCredentialsForm<T extends { email: string; password: string }>(
  initial: T,
  authenticate: (input: T) => Promise<string | undefined>,
  overrides?: ErrorOverrides,
) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const state = useState(initial);
  const [form] = state;
  const { errors, formError, run, formRef } = useFormErrors(overrides);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const token = await authenticate(form);
      if (!token) return;
      await signedIn(token);
      navigate(safeNext(params.get('next')), { replace: true });
    });
  };

  return { field: bindFields(state, errors), formError, submit, formRef, query: params.toString() ? `?${params}` : '' };
}
