import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';
import { useCallback, useState } from 'react';

/** Field name → what is wrong with it, from the `BAD_USER_INPUT` errors of a failed operation. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  const fields: FieldErrors = {};
  if (!CombinedGraphQLErrors.is(error)) return fields;
  for (const e of error.errors) {
    const reported = e.extensions?.fields;
    if (e.extensions?.code !== 'BAD_USER_INPUT' || !reported || typeof reported !== 'object') continue;
    for (const [path, message] of Object.entries(reported as Record<string, unknown>)) {
      // `input.title` and `title` both belong to the field named `title` on screen.
      fields[path.split('.').at(-1) ?? path] = String(message);
    }
  }
  return fields;
}

/** The error code of the first GraphQL error, e.g. `PAYMENT_REQUIRED`. */
export function errorCodeOf(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A sentence for the person at the screen; field errors are shown beside their fields instead. */
export function messageOf(error: ErrorLike | unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    switch (first?.extensions?.code) {
      case 'BAD_USER_INPUT':
        return Object.keys(fieldErrorsOf(error)).length > 0 ? 'Please correct the fields marked below.' : first.message;
      case 'UNAUTHENTICATED':
        return 'Please sign in to do this.';
      case 'INTERNAL_SERVER_ERROR':
        return 'Something went wrong on our side. Please try again.';
      default:
        return first?.message ?? 'Something went wrong.';
    }
  }
  if (error instanceof Error && /fetch|network/i.test(error.message)) return 'Cannot reach TechGigs. Check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/**
 * A form's error state: field messages shown beside their fields, one sentence above the form.
 * `run` clears the last failure, runs the action, and shows what its failure says.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<void> => {
    setErrors({});
    setFormError(null);
    try {
      await action();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFormError(messageOf(error));
    }
  }, []);
  return { errors, setErrors, formError, setFormError, run };
}
