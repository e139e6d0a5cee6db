import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea, TextField } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { ContractRole } from '../../gql/graphql';
import { useFormErrors, type FieldErrors } from '../../lib/errors';
import { bindFields } from '../../lib/fields';
import { formatDateTime, formatDaysChange, formatMoneyChange } from '../../lib/format';
import { changeOrderStatusLabel } from './labels';

const ChangeOrders_contract = graphql(`
  fragment ChangeOrders_contract on Contract {
    id
    status
    viewerRole
    viewerCanDecideChangeOrders
    acceptedPriceChangeCents
    acceptedScheduleChangeDays
    changeOrders {
      id
      status
      ...ChangeOrderCard_changeOrder
    }
  }
`);

const ChangeOrderCard_changeOrder = graphql(`
  fragment ChangeOrderCard_changeOrder on ChangeOrder {
    id
    status
    changes
    priceChangeCents
    scheduleChangeDays
    createdAt
    decidedAt
    reason
    createdBy {
      id
      profile {
        displayName
      }
    }
  }
`);

const SubmitChangeOrderDocument = graphql(`
  mutation SubmitChangeOrder($contractId: ID!, $changes: ChangeOrderInput!) {
    submitChangeOrder(contractId: $contractId, changes: $changes) {
      id
      status
    }
  }
`);

const AcceptChangeOrderDocument = graphql(`
  mutation AcceptChangeOrder($id: ID!) {
    acceptChangeOrder(id: $id) {
      id
      status
      acceptedAt
      decidedAt
    }
  }
`);

const RejectChangeOrderDocument = graphql(`
  mutation RejectChangeOrder($id: ID!, $reason: String!) {
    rejectChangeOrder(id: $id, reason: $reason) {
      id
      status
      reason
      decidedAt
    }
  }
`);

const WithdrawChangeOrderDocument = graphql(`
  mutation WithdrawChangeOrder($id: ID!) {
    withdrawChangeOrder(id: $id) {
      id
      status
      decidedAt
    }
  }
`);

const refetch = { refetchQueries: ['ContractPage'], awaitRefetchQueries: true };

/** Changes to an active contract: the freelancer proposes, the poster decides; accepted ones add up. */
export function ChangeOrders(props: { contract: FragmentType<typeof ChangeOrders_contract> }) {
  const contract = getFragmentData(ChangeOrders_contract, props.contract);
  if (contract.status !== 'ACTIVE' && contract.changeOrders.length === 0) return null;
  const accepted = contract.changeOrders.filter((c) => c.status === 'ACCEPTED').length;

  return (
    <section aria-labelledby="change-orders-heading" className="change-orders">
      <h2 id="change-orders-heading">Change orders</h2>
      <div className="card totals" role="status" aria-label="Running totals">
        <p>
          <span className="totals__label">Accepted price change</span> <strong>{formatMoneyChange(contract.acceptedPriceChangeCents)}</strong>
        </p>
        <p>
          <span className="totals__label">Accepted schedule change</span> <strong>{formatDaysChange(contract.acceptedScheduleChangeDays)}</strong>
        </p>
        <p className="muted small">
          From {accepted} accepted {accepted === 1 ? 'change order' : 'change orders'}.
        </p>
      </div>
      {contract.changeOrders.length > 0 ? (
        <ol className="plain stack">
          {contract.changeOrders.map((changeOrder, index) => (
            <li key={changeOrder.id}>
              <ChangeOrderCard number={index + 1} changeOrder={changeOrder} viewerRole={contract.viewerRole ?? null} canDecide={contract.viewerCanDecideChangeOrders} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No change orders yet.</p>
      )}
      {contract.status === 'ACTIVE' && contract.viewerRole === 'WORKER' && <SubmitChangeOrder contractId={contract.id} />}
    </section>
  );
}

function ChangeOrderCard(props: { number: number; changeOrder: FragmentType<typeof ChangeOrderCard_changeOrder>; viewerRole: ContractRole | null; canDecide: boolean }) {
  const { number, viewerRole, canDecide } = props;
  const changeOrder = getFragmentData(ChangeOrderCard_changeOrder, props.changeOrder);
  const [accept, accepting] = useMutation(AcceptChangeOrderDocument, refetch);
  const [reject, rejecting] = useMutation(RejectChangeOrderDocument, refetch);
  const [withdraw, withdrawing] = useMutation(WithdrawChangeOrderDocument, refetch);
  const [rejectOpen, setRejectOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { errors, formError, run, formRef } = useFormErrors<HTMLElement>();
  const proposed = changeOrder.status === 'PROPOSED';
  const title = `Change order ${number}`;

  const submitReject = (event: FormEvent) => {
    event.preventDefault();
    void run(() => reject({ variables: { id: changeOrder.id, reason } }));
  };

  return (
    <article ref={formRef} className={`card change-order change-order--${changeOrder.status.toLowerCase()}`} aria-label={title}>
      <header className="row row--between">
        <h3>{title}</h3>
        <span className={`status status--${changeOrder.status.toLowerCase()}`}>{changeOrderStatusLabel(changeOrder.status)}</span>
      </header>
      <p className="pre-wrap">{changeOrder.changes}</p>
      <dl className="summary">
        <dt>Price change</dt>
        <dd>{changeOrder.priceChangeCents ? formatMoneyChange(changeOrder.priceChangeCents) : 'None'}</dd>
        <dt>Schedule change</dt>
        <dd>{changeOrder.scheduleChangeDays ? formatDaysChange(changeOrder.scheduleChangeDays) : 'None'}</dd>
        <dt>Submitted</dt>
        <dd>
          {formatDateTime(changeOrder.createdAt)} by {changeOrder.createdBy.profile.displayName}
        </dd>
        {changeOrder.decidedAt && (
          <>
            <dt>Decided</dt>
            <dd>{formatDateTime(changeOrder.decidedAt)}</dd>
          </>
        )}
        {changeOrder.reason && (
          <>
            <dt>Reason</dt>
            <dd>{changeOrder.reason}</dd>
          </>
        )}
      </dl>
      <FormError message={formError} />
      {proposed && canDecide && !rejectOpen && (
        <div className="row no-print">
          <button type="button" className="button" disabled={accepting.loading} onClick={() => void run(() => accept({ variables: { id: changeOrder.id } }))}>
            {accepting.loading ? 'Accepting…' : `Accept change order ${number}`}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setRejectOpen(true)}>
            Reject…
          </button>
        </div>
      )}
      {proposed && canDecide && rejectOpen && (
        <form className="stack no-print" onSubmit={submitReject} noValidate>
          <TextArea label="Reason for rejecting" name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
          <div className="row">
            <button type="submit" className="button button--danger" disabled={rejecting.loading}>
              {rejecting.loading ? 'Rejecting…' : `Reject change order ${number}`}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setRejectOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {proposed && viewerRole === 'WORKER' && (
        <div className="row no-print">
          <button type="button" className="button button--secondary" disabled={withdrawing.loading} onClick={() => void run(() => withdraw({ variables: { id: changeOrder.id } }))}>
            {withdrawing.loading ? 'Withdrawing…' : `Withdraw change order ${number}`}
          </button>
        </div>
      )}
    </article>
  );
}

function SubmitChangeOrder({ contractId }: { contractId: string }) {
  const [submit, { loading }] = useMutation(SubmitChangeOrderDocument, refetch);
  const state = useState({ description: '', price: '', days: '' });
  const [form, setForm] = state;
  const { errors, setErrors, formError, setFormError, run, formRef, failed } = useFormErrors();
  const field = bindFields(state, errors);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const local: FieldErrors = {};
    const price = form.price.trim() ? Number(form.price) : null;
    const days = form.days.trim() ? Number(form.days) : null;
    if (price !== null && !Number.isFinite(price)) local.priceChangeCents = 'Enter an amount in dollars, like 150 or -20.50.';
    if (days !== null && !Number.isInteger(days)) local.scheduleChangeDays = 'Enter a whole number of days, like 5 or -2.';
    if (Object.keys(local).length) {
      setErrors(local);
      failed();
      return;
    }
    await run(async () => {
      await submit({
        variables: {
          contractId,
          changes: { description: form.description, priceChangeCents: price === null ? null : Math.round(price * 100), scheduleChangeDays: days },
        },
      });
      setForm({ description: '', price: '', days: '' });
    });
  };

  return (
    <form ref={formRef} className="card stack no-print" onSubmit={onSubmit} noValidate>
      <h3>Propose a change</h3>
      <FormError message={formError} />
      <TextArea label="What changes and why" rows={4} {...field('description')} />
      <div className="grid-2">
        <TextField
          label="Price change (USD)"
          inputMode="decimal"
          hint="Positive raises the price, negative lowers it. Leave empty for none."
          {...field('price')}
          name="priceChange"
          error={errors.priceChangeCents}
        />
        <TextField
          label="Schedule change (days)"
          inputMode="numeric"
          hint="Positive extends the schedule, negative shortens it."
          {...field('days')}
          name="scheduleChange"
          error={errors.scheduleChangeDays}
        />
      </div>
      <div className="row row--end">
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Submitting…' : 'Submit change order'}
        </button>
      </div>
    </form>
  );
}
