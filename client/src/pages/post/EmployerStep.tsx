import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { queryFallback } from '../../components/States';
import { graphql } from '../../gql';
import { formatDate } from '../../lib/format';
import { EmployerForm } from '../employer/EmployerForm';
import { StepButtons } from './WizardFrame';

const PostWizardEmployersDocument = graphql(`
  query PostWizardEmployers {
    me {
      id
      employers {
        id
        name
        credits
        listings(status: DRAFT, first: 20) {
          edges {
            node {
              id
              title
              updatedAt
            }
          }
        }
      }
    }
  }
`);

/** Who posts: one of the viewer's employers (or a new one); the viewer's drafts can be resumed from here. */
export function EmployerStep({ selected, onChoose }: { selected: string | null; onChoose: (employerId: string) => void }) {
  const { data, loading, error, refetch } = useQuery(PostWizardEmployersDocument, { fetchPolicy: 'cache-and-network' });
  const [choice, setChoice] = useState<string | null>(selected);
  const [creating, setCreating] = useState(false);
  const employers = data?.me?.employers ?? [];
  // Until the person picks one, the first employer is the choice.
  const chosen = choice ?? employers[0]?.id ?? null;

  const fallback = queryFallback({ data, loading, error, refetch });
  if (fallback) return fallback;

  if (!employers.length || creating) {
    return (
      <div className="stack">
        <h2>Who is posting?</h2>
        <p>Gigs are posted by an employer: your company, or just you. Create one to start.</p>
        <EmployerForm submitLabel="Create employer and continue" onCreated={(id) => onChoose(id)} />
        {creating && (
          <button type="button" className="link-button" onClick={() => setCreating(false)}>
            Choose an existing employer instead
          </button>
        )}
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) onChoose(chosen);
  };
  const drafts = employers.flatMap((employer) => employer.listings.edges.map(({ node }) => ({ ...node, employerName: employer.name })));

  return (
    <div className="stack">
      <h2>Who is posting?</h2>
      {drafts.length > 0 && (
        <section aria-labelledby="resume-heading" className="stack">
          <h3 id="resume-heading">Resume a draft</h3>
          <ul className="list">
            {drafts.map((draft) => (
              <li key={draft.id}>
                <Link to={`/post/${draft.id}`}>{draft.title}</Link>{' '}
                <span className="muted">
                  {draft.employerName}, saved {formatDate(draft.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={submit} className="stack">
        <fieldset className="choices">
          <legend>Post for which employer?</legend>
          {employers.map((employer) => (
            <label key={employer.id} className="choice">
              <input type="radio" name="employer" value={employer.id} checked={chosen === employer.id} onChange={() => setChoice(employer.id)} />
              <span>
                {employer.name}{' '}
                <span className="muted">
                  ({employer.credits ?? 0} {employer.credits === 1 ? 'credit' : 'credits'})
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="button" className="link-button" onClick={() => setCreating(true)}>
          Create another employer
        </button>
        <StepButtons saving={false} label="Continue" />
      </form>
    </div>
  );
}
