import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FormError, TextArea, TextField } from '../../components/Field';
import { ErrorState, Loading } from '../../components/States';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { useStateResetBy } from '../../lib/useStateResetBy';
import { useTitle } from '../../lib/useTitle';
import { settle } from '../../lib/settle';

const ProfilePageDocument = graphql(`
  query ProfilePage {
    me {
      id
      email
      createdAt
      profile {
        displayName
        biography
        location
      }
      employers {
        id
        name
        viewerRole
      }
    }
  }
`);

const UpdateProfileDocument = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      profile {
        displayName
        biography
        location
      }
    }
  }
`);

export function ProfilePage() {
  useTitle('Your profile');
  const { data, loading, error, refetch } = useQuery(ProfilePageDocument);
  const [update, { loading: saving }] = useMutation(UpdateProfileDocument);
  const profile = data?.me?.profile;
  // The form shows the profile as the server has it whenever that changes (loaded, saved).
  const [form, setForm] = useStateResetBy({ displayName: profile?.displayName ?? '', biography: profile?.biography ?? '', location: profile?.location ?? '' }, profile);
  const { errors, formError, run } = useFormErrors();
  const [saved, setSaved] = useState(false);

  if (loading && !data) return <Loading />;
  if (error) return <ErrorState error={error} retry={() => settle(refetch())} />;
  const me = data?.me;
  if (!me) return null;

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
    <section className="narrow">
      <h1>Your profile</h1>
      <p className="muted">Signed in as {me.email}.</p>
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

      <h2>Your employers</h2>
      {me.employers?.length ? (
        <ul className="list">
          {me.employers.map((employer) => (
            <li key={employer.id}>
              <Link to={`/employers/${employer.id}`}>{employer.name}</Link> <span className="tag">{employer.viewerRole === 'OWNER' ? 'Owner' : 'Member'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">You do not post for any employer yet.</p>
      )}
      <p>
        <Link className="button button--secondary" to="/employers/new">
          Create an employer
        </Link>
      </p>
    </section>
  );
}
