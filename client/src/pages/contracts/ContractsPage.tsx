import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { EmptyState, queryFallback } from '../../components/States';
import { Table } from '../../components/Table';
import { graphql } from '../../gql';
import { formatDate } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { contractStatusLabel } from './labels';

const ContractsPageDocument = graphql(`
  query ContractsPage {
    contracts {
      id
      status
      createdAt
      listing {
        id
        title
      }
      employer {
        id
        name
      }
      employerUser {
        id
        profile {
          displayName
        }
      }
      worker {
        id
        profile {
          displayName
        }
      }
    }
  }
`);

export function ContractsPage() {
  useTitle('Contracts');
  const { viewer } = useSession();
  const { data, loading, error, refetch } = useQuery(ContractsPageDocument, { fetchPolicy: 'cache-and-network' });

  return (
    <section className="narrow-wide">
      <h1>Contracts</h1>
      {queryFallback({ data, loading, error, refetch })}
      {data &&
        (data.contracts.length === 0 ? (
          <EmptyState title="No contracts yet.">
            <p>A poster starts a contract from a conversation with a freelancer in the inbox.</p>
          </EmptyState>
        ) : (
          <Table columns={['Gig', 'With', 'Status', 'Started']}>
            {data.contracts.map((contract) => {
              const other = contract.worker.id === viewer?.id ? `${contract.employerUser.profile.displayName} (${contract.employer.name})` : contract.worker.profile.displayName;
              return (
                <tr key={contract.id}>
                  <td>
                    <Link to={`/contracts/${contract.id}`}>{contract.listing.title}</Link>
                  </td>
                  <td>{other}</td>
                  <td>
                    <span className={`status status--${contract.status.toLowerCase()}`}>{contractStatusLabel(contract.status)}</span>
                  </td>
                  <td>{formatDate(contract.createdAt)}</td>
                </tr>
              );
            })}
          </Table>
        ))}
    </section>
  );
}
