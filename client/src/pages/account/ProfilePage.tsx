import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { queryFallback } from '../../components/States';
import { graphql } from '../../gql';
import { useTitle } from '../../lib/useTitle';
import { ProfileForm } from './ProfileForm';

const ProfilePageDocument = graphql(`
  query ProfilePage {
    me {
      id
      email
      createdAt
      ...ProfileForm_user
      employers {
        id
        name
        viewerRole
      }
    }
  }
`);

export function ProfilePage() {
  useTitle('Your profile');
  const { data, loading, error, refetch } = useQuery(ProfilePageDocument);

  const fallback = queryFallback({ data, loading, error, refetch });
  if (fallback) return fallback;
  const me = data?.me;
  if (!me) return null;

  return (
    <section className="narrow">
      <h1>Your profile</h1>
      <p className="muted">
        Signed in as {me.email}. <Link to={`/users/${me.id}`}>See your public profile</Link>
      </p>
      <ProfileForm user={me} />

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
