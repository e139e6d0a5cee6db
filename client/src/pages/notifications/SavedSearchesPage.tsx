import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { FormError } from '../../components/Field';
import { EmptyState, queryFallback } from '../../components/States';
import { graphql } from '../../gql';
import { messageOf } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { settle } from '../../lib/settle';
import { appendTermsParams, describeTerms } from './savedSearchFilter';
import { useDeleteSavedSearch } from './useDeleteSavedSearch';

const SavedSearchesPageDocument = graphql(`
  query SavedSearchesPage {
    savedSearches {
      id
      name
      createdAt
      filter {
        search
        technologies {
          id
          name
        }
        projectTypes {
          id
          name
        }
        budget {
          currency
          minCents
          maxCents
        }
        budgetKind
        remoteOnly
      }
    }
  }
`);

export function SavedSearchesPage() {
  useTitle('Saved searches');
  const { data, loading, error, refetch } = useQuery(SavedSearchesPageDocument, { fetchPolicy: 'cache-and-network' });
  const [remove, removing] = useDeleteSavedSearch();

  return (
    <section className="narrow-wide">
      <h1>Saved searches</h1>
      <p className="lead">When a gig matching one of these is published, you get a notification right away.</p>
      {queryFallback({ data, loading, error, refetch })}
      <FormError message={removing.error ? messageOf(removing.error) : null} />
      {data &&
        (data.savedSearches.length === 0 ? (
          <EmptyState title="No saved searches.">
            <p>
              Filter the <Link to="/">catalogue</Link> and choose “Save search and get alerts”.
            </p>
          </EmptyState>
        ) : (
          <ul className="plain stack">
            {data.savedSearches.map((saved) => {
              const params = new URLSearchParams();
              if (saved.filter.search) params.set('q', saved.filter.search);
              for (const t of saved.filter.technologies) params.append('tech', t.id);
              for (const p of saved.filter.projectTypes) params.append('type', p.id);
              appendTermsParams(params, saved.filter);
              const parts = [
                saved.filter.search && `“${saved.filter.search}”`,
                ...saved.filter.projectTypes.map((p) => p.name),
                ...saved.filter.technologies.map((t) => t.name),
                ...describeTerms(saved.filter),
              ].filter(Boolean);
              return (
                <li key={saved.id} className="card row row--between">
                  <div>
                    <p>
                      <Link to={`/?${params}`}>{saved.name}</Link>
                    </p>
                    <p className="muted small">
                      {parts.join(' · ') || 'Every gig'} — saved {formatDate(saved.createdAt)}
                    </p>
                  </div>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={removing.loading}
                    aria-label={`Delete saved search ${saved.name}`}
                    onClick={() => settle(remove({ variables: { id: saved.id } }))}
                  >
                    Delete
                  </button>
                </li>
              );
            })}
          </ul>
        ))}
    </section>
  );
}
