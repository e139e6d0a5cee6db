import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { EmptyState, queryFallback } from '../../components/States';
import { Table } from '../../components/Table';
import { getFragmentData, graphql } from '../../gql';
import { formatDate } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { contractStatusLabel } from './labels';
import { contractParties, ContractSummary_contract } from './summary';

const ContractsPageDocument = graphql(`
  query ContractsPage {
    contracts {
      id
      ...ContractSummary_contract
    }
  }
`);

export function ContractsPage() {
  useTitle('Contracts');
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
            {getFragmentData(ContractSummary_contract, data.contracts).map((contract) => {
              const parties = contractParties(contract);
              const other = contract.viewerRole === 'WORKER' ? `${parties.poster} (${parties.employer})` : parties.freelancer;
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
