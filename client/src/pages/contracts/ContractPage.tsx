import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { FormError } from '../../components/Field';
import { EmptyState, queryFallback } from '../../components/States';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { errorCodeOf, messageOf } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { NotFoundPage } from '../NotFoundPage';
import { useReadNotificationsAbout } from '../notifications/useReadNotificationsAbout';
import { AuditTrail } from './AuditTrail';
import { ChangeOrders } from './ChangeOrders';
import { ContractDetailsEditor, ContractDetailsView } from './ContractDetails';
import { ContractEnding } from './ContractEnding';
import { ContractReviews, WorkerReputation } from './ContractReviews';
import { contractStatusLabel } from './labels';
import { contractParties, ContractSummary_contract } from './summary';
import { VersionHistory } from './VersionHistory';
import { settle } from '../../lib/settle';

const ContractPageDocument = graphql(`
  query ContractPage($id: ID!) {
    contract(id: $id) {
      id
      ...ContractSummary_contract
      currentDetails {
        id
        version
        locked
        lockedAt
        contentHash
        complete
        ...ContractDetails_details
      }
      ...SignaturePanel_contract
      ...VersionHistory_contract
      ...ChangeOrders_contract
      ...AuditTrail_contract
      ...ContractEnding_contract
      ...ContractReviews_contract
      ...WorkerReputation_contract
    }
  }
`);

const ContractUpdatedDocument = graphql(`
  subscription ContractUpdated($contractId: ID!) {
    contractUpdated(contractId: $contractId) {
      kind
    }
  }
`);

export function ContractPage() {
  const { contractId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(ContractPageDocument, { variables: { id: contractId }, fetchPolicy: 'cache-and-network' });
  // Every change (edit, signature, lock, change order) is announced; read the contract as it now is.
  useSubscription(ContractUpdatedDocument, { variables: { contractId }, skip: !contractId, onData: () => settle(refetch()) });
  const contract = data?.contract;
  const summary = getFragmentData(ContractSummary_contract, contract);
  useTitle(summary ? `Contract: ${summary.listing.title}` : 'Contract');
  useReadNotificationsAbout(contract ? { contractId: contract.id } : null);

  const fallback = queryFallback({ data, loading, error, refetch }, {
    notFound: <NotFoundPage title="Contract not found" message="There is no contract of yours at this address. The link may be wrong." linkTo="/contracts" linkLabel="See your contracts" />,
  });
  if (fallback) return fallback;
  if (!contract || !summary) return null;
  const { listing, status, viewerRole, createdAt } = summary;
  const current = contract.currentDetails;
  const locked = current?.locked ?? false;
  const canEdit = viewerRole === 'EMPLOYER' && status === 'DRAFT' && !locked;

  return (
    <article className={`contract${locked ? ' contract--final' : ''}`}>
      <p className="breadcrumbs no-print">
        <Link to="/contracts">Contracts</Link>
      </p>
      <header className="title-bar">
        <div>
          <h1>Contract: {listing.title}</h1>
          <p className="muted">
            For <Link to={`/gigs/${listing.id}`}>{listing.title}</Link> · {contractParties(summary).employer} · started {formatDateTime(createdAt)}
          </p>
          <WorkerReputation contract={contract} />
        </div>
        <span className={`status status--${status.toLowerCase()}`} role="status" aria-label={`Contract status: ${contractStatusLabel(status)}`}>
          {contractStatusLabel(status)}
        </span>
      </header>

      {locked && current && (
        <section className="final-banner" aria-labelledby="final-heading">
          <h2 id="final-heading">Final and signed by both parties</h2>
          <p>
            Version {current.version} locked on {current.lockedAt ? formatDateTime(current.lockedAt) : ''}. Its text can never change again.
          </p>
          <p className="hash">
            SHA-256 of the content: <code>{current.contentHash}</code>
          </p>
          <button type="button" className="button button--secondary no-print" onClick={() => window.print()}>
            Print or save as PDF
          </button>
        </section>
      )}

      <section aria-labelledby="details-heading" className="contract__details">
        <h2 id="details-heading">{current ? `The contract, version ${current.version}` : 'The contract'}</h2>
        {canEdit ? (
          <ContractDetailsEditor contractId={contract.id} details={current ?? null} />
        ) : current ? (
          <ContractDetailsView details={current} />
        ) : (
          <EmptyState title="The poster has not filled in the contract yet." />
        )}
      </section>

      {/* Below the text it binds one to, so it is read first. */}
      <SignaturePanel contract={contract} />

      <ChangeOrders contract={contract} />
      <ContractEnding contract={contract} />
      <ContractReviews contract={contract} />
      <VersionHistory contract={contract} />
      <AuditTrail contract={contract} />
    </article>
  );
}

const SignaturePanel_contract = graphql(`
  fragment SignaturePanel_contract on Contract {
    id
    status
    viewerRole
    employerSignedAt
    employerSignedVersion
    workerSignedAt
    workerSignedVersion
    ...ContractParties_contract
    currentDetails {
      id
      version
      contentHash
      complete
      locked
    }
  }
`);

const SignContractDocument = graphql(`
  mutation SignContract($contractId: ID!, $version: Int!) {
    signContract(contractId: $contractId, version: $version) {
      id
      ...SignaturePanel_contract
      currentDetails {
        id
        lockedAt
      }
    }
  }
`);

/** Who signed which version, and — for a party who has not — what exactly signing binds them to. */
function SignaturePanel(props: { contract: FragmentType<typeof SignaturePanel_contract> }) {
  const contract = getFragmentData(SignaturePanel_contract, props.contract);
  const [sign, { loading }] = useMutation(SignContractDocument);
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = contract.currentDetails;
  const { poster, freelancer } = contractParties(contract);

  const parties = [
    { role: 'Poster', name: poster, at: contract.employerSignedAt, version: contract.employerSignedVersion },
    { role: 'Freelancer', name: freelancer, at: contract.workerSignedAt, version: contract.workerSignedVersion },
  ];
  const mySignedVersion = contract.viewerRole === 'EMPLOYER' ? contract.employerSignedVersion : contract.viewerRole === 'WORKER' ? contract.workerSignedVersion : null;
  const isParty = contract.viewerRole === 'EMPLOYER' || contract.viewerRole === 'WORKER';
  // Only a DRAFT takes signatures: a draft cancelled before both signed offers nothing more to sign.
  const drafting = isParty && contract.status === 'DRAFT';
  const canSign = drafting && current && !current.locked && current.complete && mySignedVersion !== current.version;

  const submit = async () => {
    if (!current) return;
    setError(null);
    try {
      await sign({ variables: { contractId: contract.id, version: current.version } });
      setAgreed(false);
    } catch (e) {
      setError(
        errorCodeOf(e) === 'CONFLICT' ? 'The contract changed while you were reading it. Read the new version, then sign that one.' : messageOf(e),
      );
    }
  };

  return (
    <section className="card signatures" aria-labelledby="signatures-heading">
      <h2 id="signatures-heading">Signatures</h2>
      <ul className="plain signature-list" aria-live="polite">
        {parties.map((party) => (
          <li key={party.role} className={party.at ? 'signature signature--signed' : 'signature'}>
            <span className="signature__who">
              {party.role}: {party.name}
            </span>
            <span className="signature__state">{party.at ? `Signed version ${party.version} on ${formatDateTime(party.at)}` : 'Not signed yet'}</span>
          </li>
        ))}
      </ul>
      {drafting && current && !current.locked && !current.complete && <p className="muted">All six sections must be filled in before anyone can sign.</p>}
      {drafting && !current && <p className="muted">There is nothing to sign until the poster saves the details.</p>}
      {canSign && (
        <div className="sign-box stack no-print">
          <p>
            You are signing <strong>version {current.version}</strong> of this contract, exactly as shown above. Its content fingerprint (SHA-256) is{' '}
            <code className="hash-inline">{current.contentHash}</code>. If the poster saves a new version, both signatures are cleared and you sign again.
          </p>
          <label className="check">
            <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
            <span>I have read version {current.version} and agree to it</span>
          </label>
          <FormError message={error} />
          <button type="button" className="button" disabled={!agreed || loading} onClick={() => void submit()}>
            {loading ? 'Signing…' : `Sign version ${current.version}`}
          </button>
        </div>
      )}
      {drafting && current && !current.locked && mySignedVersion === current.version && (
        <p className="success no-print">You signed version {current.version}. Waiting for the other party.</p>
      )}
    </section>
  );
}
