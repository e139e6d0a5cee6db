import { useMutation } from '@apollo/client/react';
import { Link, useNavigate } from 'react-router';
import { FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { messageOf } from '../../lib/errors';
import { settle } from '../../lib/settle';

const CreateContractDocument = graphql(`
  mutation CreateContract($conversationId: ID!) {
    createContract(conversationId: $conversationId) {
      id
      status
    }
  }
`);

/** The way from a conversation to its contract: open it, or (for the poster) start it. */
export function ContractAction({ conversationId, contract, isPoster }: { conversationId: string; contract?: { id: string; status: string }; isPoster: boolean }) {
  const navigate = useNavigate();
  const [create, { loading, error }] = useMutation(CreateContractDocument);
  if (contract) {
    return (
      <Link className="button button--secondary" to={`/contracts/${contract.id}`}>
        Open the contract
      </Link>
    );
  }
  if (!isPoster) return <p className="muted small">The poster can start a contract from this conversation.</p>;
  return (
    <div>
      <button
        type="button"
        className="button"
        disabled={loading}
        onClick={() =>
          settle(create({ variables: { conversationId } }).then(({ data }) => data && navigate(`/contracts/${data.createContract.id}`)))
        }
      >
        {loading ? 'Creating…' : 'Create a contract'}
      </button>
      {error && <FormError message={messageOf(error)} />}
    </div>
  );
}
