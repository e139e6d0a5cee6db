import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea, TextField } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { useStateResetBy } from '../../lib/useStateResetBy';

const ProfileForm_user = graphql(`
  fragment ProfileForm_user on User {
    id
    profile {
      displayName
      biography
      location
    }
  }
`);

const UpdateProfileDocument = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      ...ProfileForm_user
    }
  }
`);

/** The viewer's public profile: name, location and a few words about them. */
export function ProfileForm(props: { user: FragmentType<typeof ProfileForm_user> }) {
  const { profile } = getFragmentData(ProfileForm_user, props.user);
  const [update, { loading: saving }] = useMutation(UpdateProfileDocument);
  // The form shows the profile as the server has it whenever that changes (loaded, saved).
  const [form, setForm] = useStateResetBy({ displayName: profile.displayName, biography: profile.biography ?? '', location: profile.location ?? '' }, profile);
  const { errors, formError, run } = useFormErrors();
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await run(async () => {
      await update({
        variables: { input: { displayName: form.displayName, biography: form.biography || null, location: form.location || null } },
      });
      setSaved(true);
    });
  };

  return (
    <form onSubmit={submit} noValidate className="card stack">
      <FormError message={formError} />
      <TextField
        label="Display name"
        name="displayName"
        value={form.displayName}
        onChange={(e) => setForm({ ...form, displayName: e.target.value })}
        error={errors.displayName}
      />
      <TextField label="Location" name="location" value={form.location} onChange={(e) => setForm({ ...form, location: e.target.value })} error={errors.location} />
      <TextArea
        label="About you"
        name="biography"
        rows={5}
        value={form.biography}
        onChange={(e) => setForm({ ...form, biography: e.target.value })}
        error={errors.biography}
      />
      <div className="row">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : 'Save profile'}
        </button>
        {saved && (
          <span role="status" className="success">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
