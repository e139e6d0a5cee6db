import { useQuery } from '@apollo/client/react';
import { ErrorState, Loading } from '../../components/States';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useStateResetBy } from '../../lib/useStateResetBy';
import { sectionLabel } from './labels';
import { settle } from '../../lib/settle';

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

  return (
    <section className="no-print" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Fingerprint (SHA-256)</th>
              <th scope="col">Signed by</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      {versions.length > 1 && (
        <div className="stack compare">
          <h3>Compare versions</h3>
          <div className="row">
            <div className="field field--inline">
              <label htmlFor="diff-from">From version</label>
              <select id="diff-from" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.id} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field--inline">
              <label htmlFor="diff-to">To version</label>
              <select id="diff-to" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.id} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
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
  if (loading && !data) return <Loading label="Comparing…" />;
  if (error) return <ErrorState error={error} retry={() => settle(refetch())} />;
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
