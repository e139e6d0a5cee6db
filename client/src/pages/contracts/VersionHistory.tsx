import { useQuery } from '@apollo/client/react';
import { InlineSelect } from '../../components/Field';
import { queryFallback } from '../../components/States';
import { Table } from '../../components/Table';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useStateResetBy } from '../../lib/useStateResetBy';
import { sectionLabel } from './labels';

const VersionHistory_contract = graphql(`
  fragment VersionHistory_contract on Contract {
    id
    employerSignedVersion
    workerSignedVersion
    versions {
      id
      version
      contentHash
      createdAt
      locked
      createdBy {
        id
        profile {
          displayName
        }
      }
    }
  }
`);

const ContractDiffDocument = graphql(`
  query ContractDiff($id: ID!, $from: Int!, $to: Int!) {
    contract(id: $id) {
      id
      diff(from: $from, to: $to) {
        field
        changed
        lines {
          kind
          text
        }
      }
    }
  }
`);

/** Every saved version, who signed which, and a section-by-section diff between any two. */
export function VersionHistory(props: { contract: FragmentType<typeof VersionHistory_contract> }) {
  const contract = getFragmentData(VersionHistory_contract, props.contract);
  const versions = contract.versions;
  const latest = versions.at(-1)?.version ?? 0;
  // A new version arriving live moves the comparison to "previous → newest".
  const [from, setFrom] = useStateResetBy(Math.max(1, latest - 1), latest);
  const [to, setTo] = useStateResetBy(latest, latest);

  if (versions.length === 0) return null;
  const choices = versions.map((v) => ({ value: v.version, label: v.version }));

  return (
    <section className="no-print" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      <Table columns={['Version', 'Saved', 'By', 'Fingerprint (SHA-256)', 'Signed by']}>
        {[...versions].reverse().map((v) => {
          const signers = [contract.employerSignedVersion === v.version && 'Poster', contract.workerSignedVersion === v.version && 'Freelancer'].filter(Boolean);
          return (
            <tr key={v.id}>
              <td>
                {v.version}
                {v.locked ? ' (final)' : ''}
              </td>
              <td>{formatDateTime(v.createdAt)}</td>
              <td>{v.createdBy.profile.displayName}</td>
              <td>
                <code title={v.contentHash}>{v.contentHash.slice(0, 12)}…</code>
              </td>
              <td>{signers.length ? signers.join(' and ') : '—'}</td>
            </tr>
          );
        })}
      </Table>
      {versions.length > 1 && (
        <div className="stack compare">
          <h3>Compare versions</h3>
          <div className="row">
            <InlineSelect id="diff-from" label="From version" value={from} options={choices} onChange={(value) => setFrom(Number(value))} />
            <InlineSelect id="diff-to" label="To version" value={to} options={choices} onChange={(value) => setTo(Number(value))} />
          </div>
          <Diff contractId={contract.id} from={from} to={to} />
        </div>
      )}
    </section>
  );
}

function Diff({ contractId, from, to }: { contractId: string; from: number; to: number }) {
  const { data, loading, error, refetch } = useQuery(ContractDiffDocument, { variables: { id: contractId, from, to } });
  if (from === to) return <p className="muted">Choose two different versions.</p>;
  const fallback = queryFallback({ data, loading, error, refetch }, { loadingLabel: 'Comparing…' });
  if (fallback) return fallback;
  const fields = data?.contract.diff ?? [];
  const changed = fields.filter((f) => f.changed);
  if (changed.length === 0) return <p>Versions {from} and {to} have the same text.</p>;
  return (
    <div className="diff" aria-label={`Changes from version ${from} to version ${to}`}>
      <p className="muted small">
        <span className="diff__legend diff__legend--removed">removed</span> <span className="diff__legend diff__legend--added">added</span>
      </p>
      {fields.map((field) => (
        <section key={field.field} className="diff__field">
          <h4>
            {sectionLabel(field.field)} {field.changed ? '' : <span className="muted small">(unchanged)</span>}
          </h4>
          {field.changed && (
            <pre className="diff__lines">
              {field.lines.map((line, index) =>
                line.kind === 'ADDED' ? (
                  <ins key={index}>{line.text}</ins>
                ) : line.kind === 'REMOVED' ? (
                  <del key={index}>{line.text}</del>
                ) : (
                  <span key={index}>{line.text}</span>
                ),
              )}
            </pre>
          )}
        </section>
      ))}
    </div>
  );
}
