import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea, TextField } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { bindFields } from '../../lib/fields';
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
  const state = useStateResetBy({ displayName: profile.displayName, biography: profile.biography ?? '', location: profile.location ?? '' }, profile);
  const [form] = state;
  const { errors, formError, run, formRef } = useFormErrors();
  const field = bindFields(state, errors);
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
    <form ref={formRef} onSubmit={submit} noValidate className="card stack">
      <FormError message={formError} />
      <TextField label="Display name" {...field('displayName')} />
      <TextField label="Location" {...field('location')} />
      <TextArea label="About you" rows={5} {...field('biography')} />
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
