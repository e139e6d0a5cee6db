import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

const ContractEnding_contract = graphql(`
  fragment ContractEnding_contract on Contract {
    id
    status
    viewerSide
    viewerCanComplete
    viewerCanDeclineCompletion
    viewerCanRequestCompletion
    viewerCanCancel
    completionRequestedAt
    completionNote
    completedAt
    cancelledAt
    cancellationReason
    cancelledBy {
      id
      profile {
        displayName
      }
    }
    changeOrders {
      id
      status
    }
    events {
      id
      kind
      reason
      createdAt
    }
  }
`);

const RequestCompletionDocument = graphql(`
  mutation RequestContractCompletion($contractId: ID!, $note: String!) {
    requestContractCompletion(contractId: $contractId, note: $note) {
      id
      status
      completionRequestedAt
      completionNote
    }
  }
`);

const CompleteContractDocument = graphql(`
  mutation CompleteContract($contractId: ID!) {
    completeContract(contractId: $contractId) {
      id
      status
      completedAt
    }
  }
`);

const DeclineCompletionDocument = graphql(`
  mutation DeclineContractCompletion($contractId: ID!, $reason: String!) {
    declineContractCompletion(contractId: $contractId, reason: $reason) {
      id
      status
      completionRequestedAt
      completionNote
    }
  }
`);

const CancelContractDocument = graphql(`
  mutation CancelContract($contractId: ID!, $reason: String!) {
    cancelContract(contractId: $contractId, reason: $reason) {
      id
      status
      cancelledAt
      cancellationReason
    }
  }
`);

const refetch = { refetchQueries: ['ContractPage'], awaitRefetchQueries: true };

/**
 * How the contract ends: the freelancer asks for completion, the employer side completes (or sends
 * it back to work, saying why); either side may cancel a contract that has not ended. Who may do
 * what comes from the API (`viewerCan…`: the poster, or the employer's owners once the poster has
 * left). Once ended, it says how.
 */
export function ContractEnding(props: { contract: FragmentType<typeof ContractEnding_contract> }) {
  const contract = getFragmentData(ContractEnding_contract, props.contract);
  const { status } = contract;

  if (status === 'COMPLETED' && contract.completedAt) {
    return (
      <section className="card" aria-labelledby="ending-heading">
        <h2 id="ending-heading">Completed</h2>
        <p>This contract was completed on {formatDateTime(contract.completedAt)}. It can no longer change.</p>
      </section>
    );
  }
  if (status === 'CANCELLED' && contract.cancelledAt) {
    return (
      <section className="card" aria-labelledby="ending-heading">
        <h2 id="ending-heading">Cancelled</h2>
        <p>
          {contract.cancelledBy?.profile.displayName ?? 'A party'} cancelled this contract on {formatDateTime(contract.cancelledAt)}. It can no longer change.
        </p>
        {contract.cancellationReason && <p className="pre-wrap">Reason: {contract.cancellationReason}</p>}
      </section>
    );
  }
  if (!contract.viewerSide) return null;

  const requestedAt = contract.completionRequestedAt ?? null;
  const lastDecline = [...contract.events].reverse().find((event) => event.kind === 'COMPLETION_DECLINED');
  const proposed = contract.changeOrders.filter((changeOrder) => changeOrder.status === 'PROPOSED').length;
  return (
    <section className="card stack no-print" aria-labelledby="ending-heading">
      <h2 id="ending-heading">End the contract</h2>
      {status === 'ACTIVE' && !requestedAt && lastDecline?.reason && (
        <div className="stack" role="status" aria-label="Completion sent back">
          <p>
            <strong>{contract.viewerSide === 'WORKER' ? 'Your completion request was sent back to work' : 'You sent the completion request back to work'}</strong> on{' '}
            {formatDateTime(lastDecline.createdAt)}, because:
          </p>
          <p className="pre-wrap">{lastDecline.reason}</p>
        </div>
      )}
      {status === 'ACTIVE' && (
        <Completion
          contractId={contract.id}
          side={contract.viewerSide}
          canComplete={contract.viewerCanComplete}
          canDecline={contract.viewerCanDeclineCompletion}
          canRequest={contract.viewerCanRequestCompletion}
          requestedAt={requestedAt}
          note={contract.completionNote ?? null}
          proposedChangeOrders={proposed}
        />
      )}
      {contract.viewerCanCancel && <Cancellation contractId={contract.id} />}
    </section>
  );
}

/** What completing withdraws, in words: "No change order is waiting", "1 proposed change order will be withdrawn". */
function withdrawalWarning(proposed: number): string {
  if (proposed === 0) return 'No change order is waiting for a decision.';
  return proposed === 1 ? 'The 1 proposed change order will be withdrawn.' : `The ${proposed} proposed change orders will be withdrawn.`;
}

function Completion(props: {
  contractId: string;
  side: string;
  canComplete: boolean;
  canDecline: boolean;
  canRequest: boolean;
  requestedAt: string | null;
  note: string | null;
  proposedChangeOrders: number;
}) {
  const { contractId, side, canComplete, canDecline, canRequest, requestedAt, note, proposedChangeOrders } = props;
  const [requestCompletion, requesting] = useMutation(RequestCompletionDocument, refetch);
  const [complete, completing] = useMutation(CompleteContractDocument, refetch);
  const [decline, declining] = useMutation(DeclineCompletionDocument, refetch);
  const [text, setText] = useState('');
  const [declineOpen, setDeclineOpen] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const { errors, formError, run, formRef } = useFormErrors();

  const ask = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await requestCompletion({ variables: { contractId, note: text } });
      setText('');
    });
  };
  const sendBack = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await decline({ variables: { contractId, reason: text } });
      setText('');
      setDeclineOpen(false);
    });
  };

  if (side === 'WORKER') {
    if (requestedAt) {
      return (
        <p role="status" className="success">
          You asked the poster to complete the contract on {formatDateTime(requestedAt)}. Waiting for them to complete it or send it back.
        </p>
      );
    }
    if (!canRequest) return null;
    return (
      <form ref={formRef} className="stack" onSubmit={ask} noValidate>
        <FormError message={formError} />
        <TextArea
          label="What did you deliver?"
          hint="The poster reads this and completes the contract, or sends it back with what is missing."
          name="note"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={errors.note}
        />
        <div className="row">
          <button type="submit" className="button" disabled={requesting.loading}>
            {requesting.loading ? 'Sending…' : 'Ask the poster to complete'}
          </button>
        </div>
      </form>
    );
  }
  if (!canComplete) return null;

  return (
    <div className="stack">
      <FormError message={formError} />
      {requestedAt ? (
        <div className="stack" role="status">
          <p>
            <strong>The freelancer asked you to complete the contract</strong> on {formatDateTime(requestedAt)}.
          </p>
          {note && <p className="pre-wrap">Delivered: {note}</p>}
        </div>
      ) : (
        <p className="muted">You may complete the contract when the work is done, even if the freelancer has not asked yet.</p>
      )}
      {confirmOpen ? (
        <div className="stack" role="group" aria-labelledby="complete-confirm-heading">
          <p id="complete-confirm-heading">
            <strong>Complete the contract for good?</strong> It can never change again, and both of you then have 14 days to review each other.{' '}
            {withdrawalWarning(proposedChangeOrders)}
          </p>
          <div className="row">
            <button type="button" className="button" disabled={completing.loading} onClick={() => void run(() => complete({ variables: { contractId } }))}>
              {completing.loading ? 'Completing…' : 'Complete the contract for good'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirmOpen(false)}>
              Not yet
            </button>
          </div>
        </div>
      ) : declineOpen ? (
        <form ref={formRef} className="stack" onSubmit={sendBack} noValidate>
          <TextArea label="What is still missing?" name="reason" rows={3} value={text} onChange={(e) => setText(e.target.value)} error={errors.reason} />
          <div className="row">
            <button type="submit" className="button button--secondary" disabled={declining.loading}>
              {declining.loading ? 'Sending…' : 'Send back to work'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setDeclineOpen(false)}>
              Keep the request
            </button>
          </div>
        </form>
      ) : (
        <div className="row">
          <button type="button" className="button" onClick={() => setConfirmOpen(true)}>
            Complete the contract…
          </button>
          {requestedAt && canDecline && (
            <button type="button" className="button button--secondary" onClick={() => setDeclineOpen(true)}>
              Send back to work…
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function Cancellation({ contractId }: { contractId: string }) {
  const [cancel, { loading }] = useMutation(CancelContractDocument, refetch);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { errors, formError, run, formRef } = useFormErrors();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => cancel({ variables: { contractId, reason } }));
  };

  if (!open) {
    return (
      <p>
        <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
          Cancel the contract…
        </button>
      </p>
    );
  }
  return (
    <form ref={formRef} className="stack" onSubmit={submit} noValidate>
      <FormError message={formError} />
      <TextArea
        label="Why are you cancelling?"
        hint="The other party reads this. A cancelled contract can never change again."
        name="reason"
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.reason}
      />
      <div className="row">
        <button type="submit" className="button button--danger" disabled={loading}>
          {loading ? 'Cancelling…' : 'Cancel the contract for good'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          Keep the contract
        </button>
      </div>
    </form>
  );
}
