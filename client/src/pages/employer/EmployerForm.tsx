import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';

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
  const [create, { loading }] = useMutation(CreateEmployerDocument, { refetchQueries: ['Session'] });
  const [form, setForm] = useState({ name: '', aboutUs: '', logoUrl: '' });
  const { errors, formError, run } = useFormErrors();

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
    <form onSubmit={submit} noValidate className="card stack">
      <FormError message={formError} />
      <TextField
        label="Employer name"
        name="name"
        hint="Your company, or your own name if you post alone."
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
        error={errors.name}
      />
      <TextArea label="About the employer" name="aboutUs" rows={4} value={form.aboutUs} onChange={(e) => setForm({ ...form, aboutUs: e.target.value })} error={errors.aboutUs} />
      <TextField
        label="Logo URL"
        name="logoUrl"
        type="url"
        hint="Optional: an https address of the logo image."
        value={form.logoUrl}
        onChange={(e) => setForm({ ...form, logoUrl: e.target.value })}
        error={errors.logoUrl}
      />
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
