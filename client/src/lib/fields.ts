import type { ChangeEvent } from 'react';
import type { FieldErrors } from './errors';

/**
 * The props that wire a text control to one value of a form's state and to the error the server
 * reported for it: `<TextField label="Email" {...field('email')} />`. Props written after the
 * spread win, for a control whose name or error key differs from its value's.
 */
export function bindFields<T extends Record<string, string>>([values, setValues]: readonly [T, (values: T) => void], errors: FieldErrors) {
  return (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues({ ...values, [name]: event.target.value }),
    error: errors[name],
  });
}
