import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { contractEventLabel } from './labels';

const AuditTrail_contract = graphql(`
  fragment AuditTrail_contract on Contract {
    id
    events {
      id
      kind
      version
      contentHash
      createdAt
      reason
      actor {
        id
        profile {
          displayName
        }
      }
    }
  }
`);

/** The append-only record of who did what, when, on which version. */
export function AuditTrail(props: { contract: FragmentType<typeof AuditTrail_contract> }) {
  const contract = getFragmentData(AuditTrail_contract, props.contract);
  if (contract.events.length === 0) return null;
  return (
    <details className="audit">
      <summary>Audit trail ({contract.events.length === 1 ? '1 entry' : `${contract.events.length} entries`})</summary>
      <ol className="audit__list">
        {contract.events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time> — {event.actor.profile.displayName} {contractEventLabel(event.kind)}
            {event.version !== null && event.version !== undefined ? ` (version ${event.version}` : ''}
            {event.contentHash ? `, ${event.contentHash.slice(0, 12)}…` : ''}
            {event.version !== null && event.version !== undefined ? ')' : ''}
            {event.reason ? `: “${event.reason}”` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
