import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { EmptyState, queryFallback } from '../../components/States';
import { Table } from '../../components/Table';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { contractStatusLabel } from './labels';
import { contractParties, ContractSummary_contract } from './summary';

const ContractsPageDocument = graphql(`
  query ContractsPage {
    contracts {
      id
      ...ContractSummary_contract
      ...ContractTurn_contract
    }
  }
`);

const ContractTurn_contract = graphql(`
  fragment ContractTurn_contract on Contract {
    status
    viewerRole
    employerSignedVersion
    workerSignedVersion
    currentDetails {
      id
      version
      complete
    }
  }
`);

/** Who acts next on a contract, from the viewer's side: "Your turn: …" or whom it waits for. */
function nextStep(ref: FragmentType<typeof ContractTurn_contract>, names: { poster: string; freelancer: string }): string {
  const { status, viewerRole, employerSignedVersion, workerSignedVersion, currentDetails } = getFragmentData(ContractTurn_contract, ref);
  if (status !== 'DRAFT') return status === 'ACTIVE' ? 'Work under way' : 'Nothing: the contract has ended';
  const poster = viewerRole === 'EMPLOYER';
  const worker = viewerRole === 'WORKER';
  if (!currentDetails?.complete) return poster ? 'Your turn: fill in the contract' : `Waiting for ${names.poster} to fill in the contract`;
  const version = currentDetails.version;
  const mine = poster ? employerSignedVersion : worker ? workerSignedVersion : null;
  const theirs = poster ? workerSignedVersion : worker ? employerSignedVersion : null;
  if ((poster || worker) && mine !== version) return `Your turn: sign version ${version}`;
  if (theirs !== version) return `Waiting for ${poster ? names.freelancer : names.poster} to sign version ${version}`;
  return 'Signed by both';
}

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
          <Table columns={['Gig', 'With', 'Status', 'Next step', 'Started']}>
            {data.contracts.map((row) => {
              const contract = getFragmentData(ContractSummary_contract, row);
              const parties = contractParties(contract);
              const next = nextStep(row, parties);
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
                  <td className={next.startsWith('Your turn') ? 'your-turn' : undefined}>{next}</td>
                  <td>{formatDate(contract.createdAt)}</td>
                </tr>
              );
            })}
          </Table>
        ))}
    </section>
  );
}
