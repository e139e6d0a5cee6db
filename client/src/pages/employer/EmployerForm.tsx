import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { bindFields } from '../../lib/fields';

const CreateEmployerDocument = graphql(`
  mutation CreateEmployer($input: CreateEmployerInput!) {
    createEmployer(input: $input) {
      id
      name
      viewerRole
    }
  }
`);

/** The form to create an employer; used on its own page and inside the post wizard. */
export function EmployerForm({ onCreated, submitLabel = 'Create employer' }: { onCreated: (employerId: string) => void; submitLabel?: string }) {
  const [create, { loading }] = useMutation(CreateEmployerDocument, { refetchQueries: ['Session'], awaitRefetchQueries: true });
  const state = useState({ name: '', aboutUs: '', logoUrl: '' });
  const [form] = state;
  const { errors, formError, run, formRef } = useFormErrors();
  const field = bindFields(state, errors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const { data } = await create({
        variables: { input: { name: form.name, aboutUs: form.aboutUs || null, logoUrl: form.logoUrl || null } },
        awaitRefetchQueries: true,
      });
      if (data) onCreated(data.createEmployer.id);
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="card stack">
      <FormError message={formError} />
      <TextField label="Employer name" hint="Your company, or your own name if you post alone." {...field('name')} />
      <TextArea label="About the employer" rows={4} {...field('aboutUs')} />
      <TextField label="Logo URL" type="url" hint="Optional: an https address of the logo image." {...field('logoUrl')} />
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
