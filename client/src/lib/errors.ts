import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError, ServerParseError, type ErrorLike } from '@apollo/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { focusFirstProblem } from './focus';
import { fieldAdvice, httpStatusSentence, NETWORK_ERROR_SENTENCE, sentenceForCode, UNKNOWN_ERROR_SENTENCE, type ErrorCode } from './errorSentences';

/** Field name → what to do about it, from the `BAD_USER_INPUT` errors of a failed operation. */
export type FieldErrors = Record<string, string>;

/** Sentences a page says instead of its code's usual one, where it knows better (a wrong password on sign-in). */
export type ErrorOverrides = Partial<Record<ErrorCode, string>>;

/** The API's messages for each bad field, as the API words them (`{ title: 'must be 5 to 120 characters' }`). */
function reportedFields(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
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

/** Field name → what the person should do about it, for the fields the server refused. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return Object.fromEntries(Object.entries(reportedFields(error)).map(([name, message]) => [name, fieldAdvice(message)]));
}

/** The error code of the first GraphQL error, e.g. `PAYMENT_REQUIRED`. */
export function errorCodeOf(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The thing asked for is not there for this viewer: `NOT_FOUND`, or an id that cannot be one
 * (an address typed by hand, a link cut short), which the API refuses as a bad `id` argument.
 */
export function isNotFound(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (code === 'NOT_FOUND') return true;
  if (code !== 'BAD_USER_INPUT') return false;
  const fields = Object.keys(reportedFields(error));
  return fields.length > 0 && fields.every((name) => /(^id|Id)$/.test(name));
}

/** A sentence for the person at the screen; field errors are shown beside their fields as well. */
export function messageOf(error: ErrorLike | unknown, overrides: ErrorOverrides = {}): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    if (code === 'BAD_USER_INPUT' && !('BAD_USER_INPUT' in overrides)) {
      const count = Object.keys(reportedFields(error)).length;
      if (count > 0) return count === 1 ? 'One field needs another look: see the note beside it.' : `${count} fields need another look: see the notes beside them.`;
    }
    return sentenceForCode(code, first?.message, overrides);
  }
  if (CombinedProtocolErrors.is(error)) return sentenceForCode(error.errors[0]?.extensions?.code as string | undefined, undefined, overrides);
  if (ServerError.is(error) || ServerParseError.is(error)) return httpStatusSentence(error.statusCode);
  if (error instanceof Error && /fetch|network|load failed/i.test(error.message)) return NETWORK_ERROR_SENTENCE;
  return UNKNOWN_ERROR_SENTENCE;
}

/**
 * A sentence for a failed read (a page, a list): like `messageOf`, but a BAD_USER_INPUT names
 * what was wrong with what the page asked for, since there is no form and no note beside a field.
 */
export function readMessageOf(error: unknown): string {
  if (errorCodeOf(error) !== 'BAD_USER_INPUT') return messageOf(error);
  const advice = Object.values(fieldErrorsOf(error));
  const what = advice.length ? ` ${advice.join(' ')}` : '';
  return `This page asked for something that cannot be shown, most likely because of its address.${what} Check the link, or start again from the list.`;
}

/**
 * After a failed submit, the first invalid field gets the focus, so a keyboard or screen reader
 * user lands on it and hears its label and what to do; with no field to blame, the form's own
 * error does. Call `failed()` after each failure; put `ref` on the form.
 */
export function useFocusFirstInvalid<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures === 0) return;
    focusFirstProblem(ref.current);
  }, [failures]);
  const failed = useCallback(() => setFailures((n) => n + 1), []);
  return { ref, failed, failures };
}

/**
 * A form's error state: field errors shown beside their fields, one sentence above the form, and
 * the focus on the first field to fix. `run` clears the last failure, runs the action, and shows
 * what its failure says; put `formRef` on the element holding both the fields and that sentence
 * (the form, or the card around buttons and a form that comes and goes).
 */
export function useFormErrors<T extends HTMLElement = HTMLFormElement>(overrides?: ErrorOverrides) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const { ref: formRef, failed, failures } = useFocusFirstInvalid<T>();
  const overridesKey = JSON.stringify(overrides ?? {});
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<void> => {
      setErrors({});
      setFormError(null);
      try {
        await action();
      } catch (error) {
        setErrors(fieldErrorsOf(error));
        setFormError(messageOf(error, JSON.parse(overridesKey) as ErrorOverrides));
        failed();
      }
    },
    [failed, overridesKey],
  );
  return { errors, setErrors, formError, setFormError, run, formRef, failed, failures };
}
